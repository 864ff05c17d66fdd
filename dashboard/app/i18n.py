"""Every string the dashboard shows, in Chinese (default) and English.

`t(key, lang, **fmt)` returns one string; `label(kind, key, lang)` names a category (table rows and
columns, scopes, check statuses) so charts, tables and exports use the same words. Pure: no streamlit.
"""
from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("政府信息公开年度报告数据看板", "Government information disclosure annual reports"),
    "language": ("语言 / Language", "语言 / Language"),
    "filters": ("筛选", "Filters"),
    "years": ("年度", "Years"),
    "province": ("省份", "Province"),
    "city": ("地市", "City"),
    "county": ("区县", "County"),
    "level": ("层级", "Level"),
    "sector": ("领域", "Sector"),
    "scope": ("报告范围", "Report scope"),
    "agency_search": ("机构名称包含", "Agency name contains"),
    "all": ("全部", "All"),
    "reset_filters": ("清除筛选", "Clear filters"),
    "data_version": ("数据版本", "Data version"),
    "data_version_text": ("数据库 {file}，更新于 {mtime}；第 {run} 次导入（{finished}），{reports} 份报告",
                          "database {file}, modified {mtime}; ingest run {run} ({finished}), {reports} reports"),
    "share_hint": ("复制浏览器地址即可分享当前视图。", "Copy the browser address to share this view."),
    "no_data": ("当前筛选条件下没有数据。", "No data for the current filters."),
    "unknown": ("未知", "unknown"),
    "mixed_scopes": ("当前视图同时包含汇总报告（本行政区/系统汇总）和单个机关的报告，合计会重复计算。"
                     "请在左侧“报告范围”中只选一种。",
                     "This view mixes aggregate reports (jurisdiction/system) with single agencies, so "
                     "totals count some figures twice. Pick one “Report scope” on the left."),
    # pages
    "page_overview": ("总览", "Overview"),
    "page_report": ("报告", "Report"),
    "page_quality": ("数据质量", "Data quality"),
    "page_applications": ("依申请公开", "Applications"),
    "page_proactive": ("主动公开", "Proactive disclosure"),
    "page_litigation": ("复议诉讼", "Reviews & lawsuits"),
    "page_compare": ("机构对比", "Compare agencies"),
    "page_import": ("导入", "Import"),
    "section_analysis": ("分析", "Analysis"),
    "section_data": ("数据", "Data"),
    # overview
    "m_reports": ("报告数", "Reports"),
    "m_agencies": ("机构数", "Agencies"),
    "m_years": ("覆盖年度", "Years covered"),
    "m_new": ("新收申请", "New applications"),
    "m_processed": ("办结申请", "Applications processed"),
    "m_grant_rate": ("予以公开率", "Grant rate"),
    "m_pass_rate": ("校验通过率", "Checks passed"),
    "focus_year": ("{year} 年（与 {prev} 年比较）", "{year} (compared with {prev})"),
    "focus_year_alone": ("{year} 年", "{year}"),
    "by_year_table": ("分年度数据", "Figures by year"),
    "sources": ("来源报告", "Source reports"),
    "sources_hint": ("点击“打开”查看报告原表、原文与校验。", "Click “open” to see a report's tables, text and checks."),
    "open": ("打开", "open"),
    # report
    "pick_report": ("选择报告", "Pick a report"),
    "report_not_found": ("没有编号为 {id} 的报告。", "There is no report {id}."),
    "report_meta": ("报告信息", "Report details"),
    "t2_title": ("二、主动公开政府信息情况", "2. Proactive disclosure"),
    "t3_title": ("三、收到和处理政府信息公开申请情况", "3. Applications received and handled"),
    "t4_title": ("四、政府信息公开行政复议、行政诉讼情况", "4. Administrative reviews and lawsuits"),
    "failed_cells_note": ("标红单元格：与之相关的勾稽校验未通过。", "Cells in red: an identity check involving them failed."),
    "no_table": ("该报告没有读取到此表。", "This table was not read from the report."),
    "checks": ("勾稽校验", "Identity checks"),
    "warnings": ("解析警告", "Parser warnings"),
    "no_warnings": ("无解析警告。", "No parser warnings."),
    "source_text": ("原文（解析所得纯文本）", "Source text (as parsed)"),
    "versions": ("版本历史", "Version history"),
    "not_current": ("这不是该机构该年度的当前版本，当前版本为 #{id}。", "This is not the current version; the current one is #{id}."),
    "cell_value": ("数值", "Value"),
    "row": ("项目", "Row"),
    # quality
    "quality_grid": ("机构×年度 校验未通过数", "Failed identity checks, agency × year"),
    "quality_table": ("各报告校验结果", "Checks per report"),
    "pick_to_open": ("选中一行即可打开该报告。", "Select a row to open that report."),
    "pass": ("通过", "pass"),
    "fail": ("未通过", "fail"),
    "na": ("无法校验", "n/a"),
    # applications
    "apps_trend": ("依申请公开数量趋势", "Applications by year"),
    "apps_mix": ("申请人构成（新收申请）", "Applicants (new applications)"),
    "apps_outcomes": ("办理结果构成", "Outcomes of applications processed"),
    # proactive
    "proactive_trend": ("主动公开信息数量", "Items proactively disclosed"),
    "t2_trend": ("表二主要指标", "Table 2 figures"),
    "format_change": ("2021 年起新格式", "2021 format"),
    "t2_pick": ("表二指标", "Table 2 figure"),
    # litigation
    "lit_trend": ("行政复议与行政诉讼案件", "Administrative reviews and lawsuits"),
    "lit_outcomes": ("结果构成", "Outcomes"),
    # compare
    "funnel": ("予以公开率漏斗图", "Grant rate funnel plot"),
    "min_n": ("最少办结申请数（N）", "Minimum applications processed (N)"),
    "min_n_rule": ("办结申请少于 {n} 件的机构以空心灰点显示，不参与排名。",
                   "Agencies with fewer than {n} applications processed are hollow grey and not ranked."),
    "outcome": ("办理结果", "Outcome"),
    "indicator_years": ("本页按年度范围 {year_from}–{year_to} 合并计算。",
                        "This page pools the years {year_from}–{year_to}."),
    "ranked": ("排名（办结数 ≥ N）", "Ranking (processed ≥ N)"),
    "pooled_rate": ("总体比例", "Pooled rate"),
    "limit95": ("95% 控制限", "95% limits"),
    "limit998": ("99.8% 控制限", "99.8% limits"),
    "small_n": ("样本过少", "small N"),
    "has_failed": ("含未通过校验的报告", "includes reports failing checks"),
    # import
    "upload": ("上传报告文件（可多选：HTML、PDF、DOCX、TXT、ZIP）",
               "Upload report files (several at once: HTML, PDF, DOCX, TXT, ZIP)"),
    "upload_limit": ("单个文件不超过 {mb} MB。", "Each file at most {mb} MB."),
    "too_big": ("{name} 超过 {mb} MB，已跳过。", "{name} is over {mb} MB and was skipped."),
    "preview": ("解析预览", "What was read"),
    "ingest_button": ("加入数据库", "Add to the database"),
    "ingest_done": ("已加入：新增 {new}，更新 {updated}，未变化 {unchanged}，失败 {failed}。",
                    "Added: {new} new, {updated} updated, {unchanged} unchanged, {failed} failed."),
    "ingest_busy": ("另一个导入正在进行，请稍后再试：{msg}", "Another ingest is running; try again later: {msg}"),
    "zip_preview": ("压缩包将在加入数据库时展开。", "Archives are unpacked when added to the database."),
    # exports
    "export": ("导出", "Export"),
    "export_meta": ("口径说明", "About these figures"),
    "export_note": ("导出文件均注明筛选条件、指标口径与数据版本。",
                    "Every export states the filters, the definition and the data version."),
    "definition": ("口径", "Definition"),
    "filters_applied": ("筛选条件", "Filters"),
    "query_name": ("查询", "Query"),
    "unit": ("单位", "Unit"),
    "caveats": ("说明", "Caveats"),
    "no_filters": ("无", "none"),
    # axis / column titles
    "year": ("年度", "Year"),
    "count_apps": ("申请数（件）", "Applications"),
    "count_items": ("数量（条/件）", "Items"),
    "count_cases": ("案件数（件）", "Cases"),
    "count_checks": ("校验数（项）", "Checks"),
    "rate": ("予以公开率", "Grant rate"),
    "processed_n": ("办结申请数（件，对数刻度）", "Applications processed (log scale)"),
    "agency": ("机构", "Agency"),
    "series": ("指标", "Series"),
    "share": ("占比", "Share"),
    "n_reports": ("报告数", "Reports"),
}

# Category labels, keyed by the warehouse's own keys.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "applicant": {
        "natural_person": ("自然人", "Natural persons"),
        "commercial_enterprise": ("商业企业", "Businesses"),
        "research_institution": ("科研机构", "Research institutions"),
        "social_welfare_org": ("社会公益组织", "Non-profits"),
        "legal_service_org": ("法律服务机构", "Legal services"),
        "other_org": ("其他", "Other organisations"),
        "total": ("总计", "Total"),
    },
    "outcome": {
        "substantive": ("予以公开+部分公开", "Granted in full or in part"),
        "granted": ("予以公开", "Granted"),
        "partial_grant": ("部分公开", "Partly granted"),
        "denied": ("不予公开", "Denied"),
        "unavailable": ("无法提供", "Not available"),
        "not_processed": ("不予处理", "Not processed"),
        "other": ("其他处理", "Other handling"),
    },
    "t3_row": {
        "new_received": ("一、本年新收政府信息公开申请数量", "1. New applications received"),
        "carried_over": ("二、上年结转政府信息公开申请数量", "2. Carried over from last year"),
        "granted": ("（一）予以公开", "(1) Granted"),
        "partial_grant": ("（二）部分公开", "(2) Partly granted"),
        "denied_state_secret": ("（三）不予公开 1.属于国家秘密", "(3) Denied: 1. state secret"),
        "denied_law_prohibited": ("（三）不予公开 2.其他法律行政法规禁止公开", "(3) Denied: 2. other law forbids"),
        "denied_security_stability": ("（三）不予公开 3.危及“三安全一稳定”", "(3) Denied: 3. security/stability"),
        "denied_third_party_rights": ("（三）不予公开 4.保护第三方合法权益", "(3) Denied: 4. third-party rights"),
        "denied_internal_affairs": ("（三）不予公开 5.属于三类内部事务信息", "(3) Denied: 5. internal affairs"),
        "denied_process_info": ("（三）不予公开 6.属于四类过程性信息", "(3) Denied: 6. process information"),
        "denied_enforcement_file": ("（三）不予公开 7.属于行政执法案卷", "(3) Denied: 7. enforcement file"),
        "denied_admin_query": ("（三）不予公开 8.属于行政查询事项", "(3) Denied: 8. administrative query"),
        "unavailable_not_held": ("（四）无法提供 1.本机关不掌握相关政府信息", "(4) Unavailable: 1. not held"),
        "unavailable_needs_creation": ("（四）无法提供 2.没有现成信息需要另行制作", "(4) Unavailable: 2. would need creating"),
        "unavailable_unclear": ("（四）无法提供 3.补正后申请内容仍不明确", "(4) Unavailable: 3. still unclear"),
        "not_processed_petition": ("（五）不予处理 1.信访举报投诉类申请", "(5) Not processed: 1. petitions"),
        "not_processed_duplicate": ("（五）不予处理 2.重复申请", "(5) Not processed: 2. duplicates"),
        "not_processed_publication": ("（五）不予处理 3.要求提供公开出版物", "(5) Not processed: 3. publications"),
        "not_processed_excessive": ("（五）不予处理 4.无正当理由大量反复申请", "(5) Not processed: 4. excessive"),
        "not_processed_confirmation": ("（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
                                       "(5) Not processed: 5. confirmation"),
        "other_no_correction": ("（六）其他处理 1.逾期不补正", "(6) Other: 1. no correction"),
        "other_unpaid_fee": ("（六）其他处理 2.逾期未缴纳费用", "(6) Other: 2. fee unpaid"),
        "other_misc": ("（六）其他处理 3.其他", "(6) Other: 3. other"),
        "other_total": ("（六）其他处理", "(6) Other handling"),
        "total_processed": ("（七）总计", "(7) Total processed"),
        "carried_forward": ("四、结转下年度继续办理", "4. Carried forward"),
    },
    "t2_row": {
        "regulations": ("规章", "Regulations"),
        "normative_documents": ("（行政）规范性文件", "Normative documents"),
        "administrative_license": ("行政许可", "Administrative licences"),
        "other_external_services": ("其他对外管理服务事项", "Other external services"),
        "administrative_penalty": ("行政处罚", "Administrative penalties"),
        "administrative_compulsion": ("行政强制", "Administrative compulsion"),
        "administrative_fees": ("行政事业性收费", "Administrative fees"),
        "centralized_procurement": ("政府集中采购", "Central procurement"),
        "proactive_count": ("主动公开信息数", "Items proactively disclosed"),
    },
    "t2_col": {
        "issued": ("本年制发件数", "issued this year"),
        "repealed": ("本年废止件数", "repealed this year"),
        "in_force": ("现行有效件数", "in force"),
        "decisions": ("处理决定数量", "decisions"),
        "amount_wan_yuan": ("本年收费金额（万元）", "fees (10k yuan)"),
        "new_made": ("本年新制作数量", "newly made"),
        "new_published": ("本年新公开数量", "newly published"),
        "total_published": ("对外公开总数量", "total published"),
        "prior_year_items": ("上一年项目数量", "items last year"),
        "items_change": ("本年增/减", "change this year"),
        "procurement_projects": ("采购项目数量", "procurement projects"),
        "procurement_amount": ("采购总金额", "procurement amount"),
        "count": ("数量", "count"),
    },
    "t4_col": {
        "review_upheld": ("行政复议 结果维持", "Review: upheld"),
        "review_corrected": ("行政复议 结果纠正", "Review: corrected"),
        "review_other": ("行政复议 其他结果", "Review: other"),
        "review_pending": ("行政复议 尚未审结", "Review: pending"),
        "review_total": ("行政复议 总计", "Review: total"),
        "lit_direct_upheld": ("直接起诉 结果维持", "Direct suit: upheld"),
        "lit_direct_corrected": ("直接起诉 结果纠正", "Direct suit: corrected"),
        "lit_direct_other": ("直接起诉 其他结果", "Direct suit: other"),
        "lit_direct_pending": ("直接起诉 尚未审结", "Direct suit: pending"),
        "lit_direct_total": ("直接起诉 总计", "Direct suit: total"),
        "lit_after_review_upheld": ("复议后起诉 结果维持", "Suit after review: upheld"),
        "lit_after_review_corrected": ("复议后起诉 结果纠正", "Suit after review: corrected"),
        "lit_after_review_other": ("复议后起诉 其他结果", "Suit after review: other"),
        "lit_after_review_pending": ("复议后起诉 尚未审结", "Suit after review: pending"),
        "lit_after_review_total": ("复议后起诉 总计", "Suit after review: total"),
    },
    "t4_group": {
        "review": ("行政复议", "Administrative review"),
        "lit_direct": ("未经复议直接起诉", "Lawsuit, no prior review"),
        "lit_after_review": ("复议后起诉", "Lawsuit after review"),
    },
    "t4_result": {
        "upheld": ("结果维持", "Upheld"), "corrected": ("结果纠正", "Corrected"),
        "other": ("其他结果", "Other"), "pending": ("尚未审结", "Pending"), "total": ("总计", "Total"),
    },
    "scope": {
        "agency": ("部门（单个机关）", "Single agency"),
        "government_organ": ("政府（办公厅）本级", "Government organ"),
        "jurisdiction_aggregate": ("本行政区汇总", "Jurisdiction aggregate"),
        "system_aggregate": ("系统汇总", "System aggregate"),
        "unknown": ("未知", "Unknown"),
        "components": ("部门与政府本级（不含汇总报告）", "Agencies and government organs (no aggregates)"),
        "all": ("全部（含汇总报告）", "All, aggregates included"),
    },
    "status": {
        "parsed": ("完整解析", "parsed"), "partial": ("部分解析", "partial"),
        "not_a_report": ("非年报", "not a report"), "unreadable": ("无法读取", "unreadable"),
        "pass": ("通过", "pass"), "fail": ("未通过", "fail"), "na": ("无法校验", "n/a"),
    },
    "series": {
        "new_received": ("新收申请", "New applications"),
        "total_processed": ("办结申请", "Processed"),
        "carried_forward": ("结转下年", "Carried forward"),
        "review_total": ("行政复议", "Administrative reviews"),
        "lit_direct_total": ("直接起诉", "Lawsuits, no prior review"),
        "lit_after_review_total": ("复议后起诉", "Lawsuits after review"),
    },
    "level": {"省": ("省级", "Province"), "市": ("市级", "Prefecture"), "县": ("县级", "County"), "乡": ("乡镇", "Township")},
}


def t(key: str, lang: str = DEFAULT_LANG, **fmt) -> str:
    """The string `key` in `lang`; a missing key shows itself so it is noticed, never crashes."""
    pair = STRINGS.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**fmt) if fmt else text


def label(kind: str, key, lang: str = DEFAULT_LANG) -> str:
    """Name of category `key` of `kind` (e.g. label("applicant", "natural_person", "en"))."""
    if key is None:
        return t("unknown", lang)
    pair = LABELS.get(kind, {}).get(str(key))
    return str(key) if pair is None else pair[1 if lang == "en" else 0]


def labels(kind: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    return {k: v[1 if lang == "en" else 0] for k, v in LABELS.get(kind, {}).items()}
