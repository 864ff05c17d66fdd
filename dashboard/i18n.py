"""Every string the dashboard shows, in Chinese (default) and English.

`t(key, lang, **fmt)` returns one string; `label(kind, key, lang)` names a category (table rows and
columns, scopes, check statuses) so charts, tables and exports use the same words. Pure: no streamlit.
"""
from __future__ import annotations

import re
from typing import Mapping, Optional

import pandas as pd

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
    "empty_page_has_reports": ("筛选范围内有 {n} 份报告，但其中没有本页所需的数据；可扩大年度或地区范围。",
                               "Reports the filters select: {n}; none holds the figures this page "
                               "shows, so widen the years or the region."),
    "empty_years_with_data": ("当前范围（不计年度筛选）内有数据的年度：{years}",
                              "Years with data in the current scope (ignoring the year filter): {years}"),
    "empty_no_year_has_data": ("当前范围（不计年度筛选）内没有任何年度的报告。",
                               "No year holds reports in the current scope (ignoring the year filter)."),
    "empty_widen": ("取消筛选“{filter}”（可显示 {n} 份报告）", "Remove the filter “{filter}” (reports: {n})"),
    "empty_no_single_filter": ("取消任何一个筛选条件都不足以显示报告。", "No single filter removed brings reports back."),
    "empty_widen_all": ("清除全部筛选（包括全部报告范围）", "Clear every filter (every report scope)"),
    "years_with_data": ("有数据的年度：{years}", "Years with data: {years}"),
    "unknown": ("未知", "unknown"),
    "no_rows": ("无记录。", "No rows."),
    "pp": ("个百分点", "pp"),
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
    "page_agency": ("机构", "Agency"),
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
    "m_reports_year": ("{year} 年报告数", "Reports {year}"),
    "m_agencies_year": ("{year} 年机构数", "Agencies {year}"),
    "ov_all_years": ("筛选范围内全部年度", "Every year in view"),
    "ov_compare": ("与上年比较", "Change on the year before"),
    "ov_compare_matched": ("仅两年都有报告的机构", "Agencies reporting in both years"),
    "ov_compare_all": ("全部报告（机构不同）", "Every report (agencies differ)"),
    "ov_matched_note": ("{year} 年有 {a} 个机构的报告，{prev} 年有 {b} 个，两年都有报告的机构 {n} 个。",
                        "{a} agencies reported for {year} and {b} for {prev}; {n} reported in both years."),
    "ov_sets_differ": ("注意：{year} 年与 {prev} 年比较的是不同的机构集合，变化可能只反映哪些机构报送了报告。",
                       "Note: {year} and {prev} compare different sets of agencies, so a change may only "
                       "reflect which agencies reported."),
    "ov_no_matched": ("{year} 年与 {prev} 年没有共同的机构，无法计算可比的年度变化；可选择“全部报告”查看不同机构之间的差别。",
                      "No agency reported in both {prev} and {year}, so there is no like-for-like change; "
                      "choose “Every report” to see the difference between different agencies."),
    "ov_small_sample": ("年度变化仅基于 {n} 个机构，少于最小样本 {min} 个，变化不可靠。",
                        "The change rests on {n} agencies, fewer than the minimum sample of {min}: unreliable."),
    "ov_delta_help_matched": ("箭头所示变化只比较 {prev} 年和 {year} 年都有报告的 {n} 个机构；数值为 {year} 年全部报告的合计。",
                              "The change compares only the {n} agencies reporting in both {prev} and {year}; "
                              "the value is the total of every {year} report."),
    "ov_delta_help_all": ("箭头所示变化比较 {year} 年与 {prev} 年的全部报告，两年的机构可能不同。",
                          "The change compares every {year} report with every {prev} report; the agencies may differ."),
    "by_year_table": ("分年度数据", "Figures by year"),
    "sources": ("来源报告", "Source reports"),
    "sources_hint": ("点击“打开”查看报告原表、原文与校验。", "Click “open” to see a report's tables, text and checks."),
    "first_of": ("显示前 {n:,} 条，共 {total:,} 条；缩小筛选范围或输入机构名称可查看其余。",
                 "Showing the first {n:,} of {total:,}; narrow the filters or type an agency name to see the rest."),
    "grid_first_of": ("显示未通过校验最多的 {n:,} 个机构，共 {total:,} 个；缩小筛选范围可查看其余。",
                      "Showing the {n:,} agencies with the most failed checks, of {total:,}; narrow the filters to see the rest."),
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
    # 报告 page: tracing a cell to the characters it was read from (issue #14)
    "trace_title": ("单元格溯源", "Trace a cell to its source"),
    "trace_pick": ("选择单元格（或在表中点选）", "Pick a cell (or select it in a table)"),
    "trace_none": ("未选择单元格", "no cell selected"),
    "trace_value": ("读取值", "Value read"),
    "trace_where": ("出处：原文第 {line} 行第 {start}–{end} 字符（{cell}）",
                    "Source: text line {line}, characters {start}–{end} ({cell})"),
    "trace_page": ("PDF 第 {page} 页", "PDF page {page}"),
    "trace_raw": ("读取的字符：{raw}", "Characters read: {raw}"),
    "trace_empty_cell": ("空白单元格（无字符），按规则填值", "an empty cell (no characters); value filled by rule"),
    "trace_no_span": ("出处（未记录字符位置）：{cell}", "Source (no character position recorded): {cell}"),
    "trace_not_read": ("此单元格未能读取（空值）", "this cell was not read (null)"),
    "trace_warnings": ("此单元格的解析警告", "Parser warnings on this cell"),
    "trace_no_warnings": ("此单元格没有解析警告", "no parser warning on this cell"),
    "versions": ("版本历史", "Version history"),
    "not_current": ("这不是该机构该年度的当前版本，当前版本为 #{id}。", "This is not the current version; the current one is #{id}."),
    "cell_value": ("数值", "Value"),
    "row": ("项目", "Row"),
    # agency
    "pick_agency": ("选择机构", "Pick an agency"),
    "agency_not_found": ("没有编号为 {id} 的机构。", "There is no agency {id}."),
    "agency_page_note": ("本页显示该机构每个年度的当前报告，不受左侧筛选条件限制；左侧筛选只影响上方的机构列表。",
                         "This page shows every year of the agency; the filters on the left only narrow "
                         "the list of agencies above."),
    "agency_reports": ("各年度报告", "Reports by year"),
    "agency_figures": ("主要指标变化", "Figures over time"),
    "agency_chains": ("跨年度勾稽（结转、现行有效件数）", "Cross-year chains (carry-over, documents in force)"),
    "agency_chains_none": ("没有可比较的相邻年度报告。", "No consecutive years to compare."),
    "agency_versions": ("全部版本（含被替换的版本）", "Every version (superseded ones included)"),
    "grant_rate_trend": ("予以公开率（予以公开 ÷ 办结）", "Grant rate (granted ÷ processed)"),
    "region": ("地区", "Region"),
    "open_agency": ("机构页", "agency"),
    "chains_broken": ("不相符", "broken"),
    # small N
    "small_n_name": ("样本过少（n < {n}）", "small sample (n < {n})"),
    "small_n_apps_rule": ("空心灰点、白底斜线柱（斜线为该项自身颜色）：该年度办结申请少于 {n} 件，比例与年度变化不可靠。"
                          "红色 ×：该年度有报告未通过勾稽校验。",
                          "Hollow grey points and white bars hatched in their own colour: fewer than {n} applications processed that "
                          "year, so shares and changes are unreliable. Red ×: a report of that year "
                          "failed an identity check."),
    "small_n_reports_rule": ("空心灰点：该年度少于 {n} 份报告，年度间变化主要反映报告覆盖范围。"
                             "红色 ×：该年度有报告未通过勾稽校验。",
                             "Hollow grey points: fewer than {n} reports that year, so changes between "
                             "years mostly reflect which reports are in. Red ×: a report of that year "
                             "failed an identity check."),
    # quality
    "quality_grid": ("机构×年度 校验未通过数", "Failed identity checks, agency × year"),
    "quality_table": ("各报告校验结果", "Checks per report"),
    "pick_to_open": ("选中一行即可打开该报告。", "Select a row to open that report."),
    "trace_crop": ("PDF 原件中该单元格所在的表格区域（红框为读取的单元格）",
                   "The table region of the PDF holding this cell (the red box is the cell read)"),
    "sort_by": ("排序", "Sort by"),
    "sort_default": ("默认顺序", "default order"),
    "sort_asc": ("（升序）", "(ascending)"),
    "sort_desc": ("（降序）", "(descending)"),
    "download_original": ("下载原始文件", "Download the original file"),
    "download_original_help": ("收录时的原始字节，未经任何改动（按 SHA-256 校验）。",
                               "The bytes as received, unchanged (checked against their SHA-256)."),
    "click_point": ("点击图中的数据点，可列出其背后的报告。", "Click a point in the chart to list the reports behind it."),
    "point_reports": ("所选数据点背后的报告：{what}，共 {n} 份", "Reports behind the selected point: {what}, {n} in all"),
    "point_year": ("{year}年", "{year}"),
    "point_agency": ("机构：{agency}", "agency: {agency}"),
    "point_filters": ("口径与当前筛选条件相同（{filters}）。", "Within the current filters ({filters})."),
    "quality_grade_grid": ("机构×年度 数据质量（按实际读取情况）", "Data quality by agency and year (by what was read)"),
    "quality_grade_table": ("各报告数据质量（最差在前）", "Data quality per report (worst first)"),
    "quality_rule": ("按实际读取的内容评分：读出的单元格数 ÷ 表格应有的单元格数、未通过和无法校验的校验项、解析状态。"
                     "只有全部单元格读出且校验全部通过的报告显示为绿色；深红 = 无法读取，橙色 = 部分读取，"
                     "红色 = 校验未通过，灰色 = 无法校验。最差的报告排在最前。",
                     "Scored by what was read: cells read ÷ cells the tables should have, failed and "
                     "not-evaluable checks, parse status. Only reports with every cell read and every check "
                     "passed are green; dark red = unreadable, orange = partly read, red = a check failed, "
                     "grey = not checkable. Worst reports first."),
    "quality_scope_note": ("本页默认包括全部报告范围（含汇总报告和未识别机构的报告）；在左侧“报告范围”中选择一种可缩小范围。",
                           "This page includes every report scope by default (aggregates and reports whose "
                           "agency is unknown too); pick a “Report scope” on the left to narrow it."),
    "quality_first_of": ("显示最差的 {n:,} 份报告，共 {total:,} 份；缩小筛选范围可查看其余。",
                         "Showing the worst {n:,} of {total:,} reports; narrow the filters to see the rest."),
    "quality_grid_first_of": ("图中列出最差报告所属的 {n:,} 个机构。", "The grid shows the {n:,} agencies of the worst reports."),
    "cells_read_of": ("读出单元格", "Cells read"),
    "unknown_year": ("年度未知", "year unknown"),
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
    "indicator_years": ("本页合并计算 {years} 年的数据。", "This page pools the years {years}."),
    "funnel_labelled": ("图中标出超出 95% 控制限最远的机构（最多 {k} 个）；鼠标悬停可查看每个点的机构、"
                        "办结申请数和比例。",
                        "The agencies furthest outside the 95% limits (at most {k}) are named in the plot; "
                        "hover over a point for its agency, applications processed and rate."),
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
    "upload_button": ("选择文件", "Upload"),
    "upload_hint": ("可拖放文件到此处；单个文件不超过 {mb} MB", "Drag and drop files here; at most {mb} MB each"),
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
    "sheet_data": ("数据", "data"),
    "sheet_about": ("说明", "about"),
    "sheet_dictionary": ("字段与代码", "dictionary"),
    "about_item": ("项目", "item"),
    "about_value": ("内容", "value"),
    "dict_kind": ("类别", "kind"),
    "dict_column": ("字段", "column"),
    "dict_code": ("代码", "code"),
    "dict_label": ("名称", "label"),
    "dict_kind_column": ("列名", "column"),
    "dict_kind_value": ("取值", "value"),
    "columns_note": ("列名（第二行为机器列名）", "Columns (the second header row holds the machine names)"),
    "hover_processed": ("办结申请", "Applications processed"),
    "hover_count": ("件数", "Count"),
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
        # cross-year chains (queries/base/agency_year_chains.sql)
        "holds": ("相符", "holds"), "broken": ("不相符", "broken"), "missing_value": ("缺少数值", "missing value"),
        "no_previous_report": ("无上年报告", "no previous report"),
        "not_comparable": ("格式不同，不可比", "formats differ"),
    },
    "position": {
        "above_998": ("高于 99.8% 控制限", "above the 99.8% limit"),
        "above_95": ("高于 95% 控制限", "above the 95% limit"),
        "within": ("控制限以内", "within the limits"),
        "below_95": ("低于 95% 控制限", "below the 95% limit"),
        "below_998": ("低于 99.8% 控制限", "below the 99.8% limit"),
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


# Column headers: every column name a page table (or an export's `columns` sheet) shows, keyed by the
# query's own column name. Tables keep the machine names in their data and exports; only the header
# shown on screen is translated (widgets.table_block). tests/app/test_labels.py checks that every
# column of every table on every page is here.
COLUMNS: dict[str, tuple[str, str]] = {
    # links (added by the pages)
    "open": ("报告", "Report"),
    "agency_link": ("机构页", "Agency page"),
    "rank": ("排名", "Rank"),
    # identities and dimensions
    "report_id": ("报告编号", "Report ID"),
    "prev_report_id": ("上年报告编号", "Previous report ID"),
    "agency_id": ("机构编号", "Agency ID"),
    "agency_name": ("机构", "Agency"),
    "agency": ("机构", "Agency"),
    "year": ("年度", "Year"),
    "province": ("省份", "Province"),
    "city": ("地市", "City"),
    "county": ("区县", "County"),
    "region_code": ("行政区划代码", "Region code"),
    "level": ("层级", "Level"),
    "sector": ("领域", "Sector"),
    "report_scope": ("报告范围", "Report scope"),
    "agency_scope": ("机构类型", "Agency type"),
    "format_version": ("表格格式", "Table format"),
    "format": ("表格格式", "Table format"),
    "status": ("状态", "Status"),
    "version": ("版本", "Version"),
    "version_count": ("版本数", "Versions"),
    "is_current": ("当前版本", "Current"),
    "superseded_by": ("被替换为", "Superseded by"),
    "original_name": ("原文件名", "File name"),
    "file": ("文件", "File"),
    "sha256": ("文件指纹（SHA-256）", "SHA-256"),
    "received_at": ("导入时间", "Received"),
    "published_on": ("发布日期", "Published"),
    "field": ("项目", "Field"),
    "cell_count": ("单元格数", "Cells"),
    "null_cell_count": ("未读出的单元格数", "Unread cells"),
    "parser_version": ("解析器版本", "Parser version"),
    "media_type": ("文件类型", "Media type"),
    "encoding": ("字符编码", "Encoding"),
    "size_bytes": ("文件大小（字节）", "Size (bytes)"),
    "current_report_count": ("当前报告数", "Current reports"),
    "first_year": ("最早年度", "First year"),
    "last_year": ("最近年度", "Latest year"),
    "value": ("数值", "Value"),
    "series": ("指标", "Series"),
    "category": ("类别", "Category"),
    "group": ("分组", "Group"),
    "group_by": ("分组方式", "Grouped by"),
    "group_value": ("分组", "Group"),
    "cell_key": ("单元格", "Cell"),
    "row_key": ("行", "Row"),
    "col_key": ("列", "Column"),
    # counts and rates
    "report_count": ("报告数", "Reports"),
    "reports_count": ("报告数", "Reports"),
    "complete_reports_count": ("数据完整的报告数", "Complete reports"),
    "agency_count": ("机构数", "Agencies"),
    "new_received_count": ("新收申请（件）", "New applications"),
    "processed_count": ("办结申请（件）", "Applications processed"),
    "granted_count": ("予以公开（件）", "Granted"),
    "grant_rate": ("予以公开率", "Grant rate"),
    "check_pass_count": ("校验通过（项）", "Checks passed"),
    "check_fail_count": ("校验未通过（项）", "Checks failed"),
    "check_pass_rate": ("校验通过率", "Check pass rate"),
    "failed_report_count": ("未通过校验的报告数", "Reports failing checks"),
    "pass_count": ("通过（项）", "Passed"),
    "fail_count": ("未通过（项）", "Failed"),
    "na_count": ("无法校验（项）", "n/a"),
    "check_count": ("校验项数", "Checks"),
    "grade": ("质量等级", "Quality grade"),
    "cells_read": ("读出单元格", "Cells read"),
    "cells_expected": ("应有单元格", "Cells expected"),
    "read_share": ("读出比例", "Share read"),
    "pass_rate": ("通过率", "Pass rate"),
    "failed_checks": ("未通过的校验", "Failed checks"),
    "checks_failed": ("未通过的校验（项）", "Checks failed"),
    "cells": ("读取的单元格数", "Cells read"),
    "warnings": ("解析警告", "Warnings"),
    "result": ("结果", "Result"),
    "reason": ("原因", "Reason"),
    "outcome": ("办理结果", "Outcome"),
    "outcome_count": ("结果件数", "Outcome count"),
    "base_count": ("办结申请（件）", "Applications processed"),
    "rate": ("比例", "Rate"),
    "rate_lo": ("95% 区间下限", "95% interval, low"),
    "rate_hi": ("95% 区间上限", "95% interval, high"),
    "pooled_rate": ("总体比例", "Pooled rate"),
    "limit95_lo": ("95% 控制限下限", "95% limit, low"),
    "limit95_hi": ("95% 控制限上限", "95% limit, high"),
    "limit998_lo": ("99.8% 控制限下限", "99.8% limit, low"),
    "limit998_hi": ("99.8% 控制限上限", "99.8% limit, high"),
    "position": ("相对控制限", "Against the limits"),
    "report_ids": ("报告编号", "Report IDs"),
    "is_small_n": ("样本过少", "Small N"),
    "n": ("样本量", "n"),
    "new_received": ("新收申请（件）", "New applications"),
    "carried_over": ("上年结转（件）", "Carried over"),
    "total_processed": ("办结申请（件）", "Applications processed"),
    "carried_forward": ("结转下年（件）", "Carried forward"),
    "granted": ("予以公开（件）", "Granted"),
    "partial_grant": ("部分公开（件）", "Partly granted"),
    "proactive_count": ("主动公开信息数", "Items proactively disclosed"),
    "review_total": ("行政复议（件）", "Administrative reviews"),
    "lit_direct_total": ("直接起诉（件）", "Lawsuits, no prior review"),
    "lit_after_review_total": ("复议后起诉（件）", "Lawsuits after review"),
    "value_sum": ("合计", "Sum"),
    # checks, warnings, chains
    "seq": ("序号", "No."),
    "check_id": ("校验", "Check"),
    "scope": ("范围", "Scope"),
    "detail": ("说明", "Detail"),
    "code": ("代码", "Code"),
    "expected_value": ("应为", "Expected"),
    "difference": ("差额", "Difference"),
}


def column(name, lang: str = DEFAULT_LANG) -> str:
    """Header of column `name` in `lang`; a name not in COLUMNS shows itself."""
    pair = COLUMNS.get(str(name))
    return str(name) if pair is None else pair[1 if lang == "en" else 0]


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


# --- machine codes the warehouse stores, named for people ------------------------------------------
# Identity checks (gongkai/parse/checks.py; X.* from queries/base/agency_year_chains.sql).
LABELS["check"] = {
    "T3.row_sum": ("表三行合计（总计 = 各类申请人之和）", "Table 3 row sum (total = sum of applicants)"),
    "T3.results_sum": ("表三办理结果合计（（七）总计 = 各项结果之和）",
                       "Table 3 results sum ((7) total = sum of outcomes)"),
    "T3.balance": ("表三收支平衡（新收 + 上年结转 = 办结 + 结转下年）",
                   "Table 3 balance (new + carried over = processed + carried forward)"),
    "T4.review_sum": ("表四行政复议合计（总计 = 各项结果之和）", "Table 4 review total = sum of results"),
    "T4.direct_sum": ("表四直接起诉合计（总计 = 各项结果之和）", "Table 4 direct suits total = sum of results"),
    "T4.after_sum": ("表四复议后起诉合计（总计 = 各项结果之和）",
                     "Table 4 suits after review total = sum of results"),
    "T2.nonneg": ("表二数值非负", "Table 2 figures are not negative"),
    "T3.int": ("表三件数为非负整数", "Table 3 counts are whole numbers ≥ 0"),
    "T4.int": ("表四件数为非负整数", "Table 4 counts are whole numbers ≥ 0"),
    "N.narrative": ("正文申请总数与表三一致", "Narrative total matches table 3"),
    "X.carry": ("跨年度结转（本年上年结转 = 上年结转下年）",
                "Carry-over (carried over = last year's carried forward)"),
    "X.stock": ("跨年度现行有效件数（本年 = 上年 + 本年制发 − 本年废止）",
                "Documents in force (this year = last year + issued − repealed)"),
}
_CHECK_FAMILY = {"T2": ("表二校验", "Table 2 check"), "T3": ("表三校验", "Table 3 check"),
                 "T4": ("表四校验", "Table 4 check"), "N": ("正文校验", "Narrative check"),
                 "X": ("跨年度校验", "Cross-year check"), "A": ("汇总报告校验", "Aggregate check")}
# What a check's `scope` names besides table-3 rows and applicant columns.
LABELS["check_scope"] = {
    "t2": ("表二", "Table 2"), "t3": ("表三", "Table 3"), "t4": ("表四", "Table 4"),
    "cases": ("表四案件", "Table 4 cases"), "t3.total": ("表三总计", "Table 3 totals"),
}
# Every warning code the parser and the store emit (tests/app/test_chinese.py finds them in the source).
LABELS["warning"] = {
    "blank_as_zero": ("空白单元格按 0 读取", "blank cell read as 0"),
    "derived_total": ("空白合计取各分项之和", "blank total taken as the sum of its parts"),
    "ambiguous_split": ("连写数字无法唯一拆分", "run-together digits cannot be split uniquely"),
    "split_by_identities": ("连写数字按勾稽关系拆分", "run-together digits split by the identities"),
    "too_many_splits": ("连写数字拆分方式过多", "too many ways to split run-together digits"),
    "unreadable_row": ("该行数字无法读取", "row of figures unreadable"),
    "zero_row": ("该行只印出部分单元格且全为 0", "row printed partly, all zero"),
    "missing_cells": ("该行数字个数不足", "row has too few figures"),
    "extra_cells": ("数字前有多余单元格", "extra cells before the figures"),
    "duplicate_row": ("表格行重复出现", "table row appears twice"),
    "extra_row": ("表格中有法定格式之外的行", "row not in the statutory format"),
    "orphan_row": ("无标题的数字行已忽略", "unlabelled row of figures ignored"),
    "row_label_inferred": ("行标题按位置推定", "row label inferred from its position"),
    "table_missing": ("缺少法定表格", "statutory table missing"),
    "tables_missing": ("未找到法定表格", "no statutory table found"),
    "pre2019": ("2019 年以前格式（无法定表格）", "before the 2019 format (no statutory tables)"),
    "checks_rely_on_blanks": ("校验仅因空白按 0 读取而通过", "checks pass only because blanks read as 0"),
    "figure_out_of_range": ("数值超出合理范围", "figure out of range"),
    "agency_not_found": ("未识别出机构名称", "agency not found"),
    "agency_from_opening_sentence": ("机构名称取自正文开头", "agency read from the opening sentence"),
    "injected_text": ("页面含有被注入的文字", "injected text on the page"),
    "year_not_found": ("未识别出年度", "year not found"),
    "year_mismatch": ("标题年度与统计期限不一致", "title year differs from the statistics period"),
    "year_conflict": ("年度表述相互矛盾", "conflicting years"),
    "date_garbled": ("日期书写有误", "garbled date"),
    "bad_date": ("发布日期无法读取", "publication date unreadable"),
    "published_before_year_end": ("发布日期早于年度结束", "published before the year ended"),
    "region_unresolved": ("未识别出所属地区", "region not resolved"),
    "region_ambiguous": ("地名对应多个地区", "place name is ambiguous"),
    "proactive_not_found": ("未找到主动公开总数", "proactive total not found"),
    "proactive_platform_only": ("只有各平台主动公开数", "only per-platform proactive counts"),
    "proactive_approximate": ("主动公开数量为约数", "proactive count is approximate"),
    "proactive_competing": ("主动公开数量表述相互矛盾", "competing proactive counts"),
    "pdf_pages_without_text": ("PDF 部分页面没有文字层", "PDF pages without a text layer"),
    "truncated_character": ("文件末尾字符不完整", "file ends in an incomplete character"),
    "not_a_report": ("不是政府信息公开年度报告", "not an annual report"),
    "unreadable": ("文件无法读取", "file unreadable"),
    "internal_error": ("解析程序出错", "parser error"),
    "parser_error": ("解析程序出错", "parser error"),
    "bad_cell_key": ("单元格代码无效", "invalid cell key"),
    "limits_invalid": ("资源限制设置无效，已用默认值", "invalid limits, defaults used"),
    "limit_parse_time": ("解析超时", "parse time limit reached"),
    "limit_document_bytes": ("文件超过大小限制", "document over the size limit"),
    "limit_html_depth": ("HTML 嵌套层数超限", "HTML nested too deep"),
    "limit_html_attributes": ("HTML 属性数超限", "too many HTML attributes"),
    "limit_pdf_pages": ("PDF 页数超限，只读取了前面的页", "PDF over the page limit; first pages read"),
    "limit_archive_members": ("压缩包内文件数超限", "too many members in the archive"),
    "limit_archive_member_bytes": ("压缩包内文件超过大小限制", "archive member over the size limit"),
    "label_fragment": ("下一行标题开头的数字未作数值读取", "digit of the next row's label not read as a figure"),
    "split_refuted": ("连写数字的拆分均不符勾稽关系，按缺格行读取",
                      "no split satisfies the identities; read as a row that lost cells"),
    "placed_by_identities": ("缺格行按勾稽关系确定位置", "row that lost cells placed by the identities"),
    "ambiguous_placement": ("缺格行无法唯一确定位置", "row that lost cells cannot be placed uniquely"),
    "group_total_only": ("只印出分组合计行", "only the group total row is printed"),
    "row_overflow": ("行后多出的数字未归入本行", "figures running on after a row not taken by it"),
    "label_wrapped": ("跨行标题已拼合", "row label wrapped over lines joined"),
    "truncated": ("文件在表格中途截断", "document cut off inside a table"),
    "mixed_encoding": ("文件混用多种字符编码", "mixed character encodings"),
}
LABELS["format"] = {
    "v2021": ("2021 年版", "2021 format"), "v2019": ("2019 年版", "2019 format"),
    "pre2019": ("2019 年以前", "before 2019"), "unknown": ("未识别", "unknown"),
}
LABELS["ingest_result"] = {
    "new": ("新增", "new"), "updated": ("更新", "updated"), "unchanged": ("未变化", "unchanged"),
    "failed": ("失败", "failed"),
}
# a report's data-quality grade (queries/app/app_report_quality.sql), worst first
LABELS["grade"] = {
    "unreadable": ("无法读取", "Unreadable"), "partial": ("部分读取", "Partly read"),
    "failed": ("校验未通过", "Check failed"), "unchecked": ("无法校验", "Not checkable"),
    "ok": ("完整且校验通过", "Complete, checks pass"),
}
LABELS["status"]["zip"] = ("压缩包（导入时展开）", "archive (unpacked when added)")
LABELS["outcome"].update({
    "denied_total": ("不予公开", "Denied"), "unavailable_total": ("无法提供", "Not available"),
    "not_processed_total": ("不予处理", "Not processed"), "other_total": ("其他处理", "Other handling"),
})
LABELS["bool"] = {"True": ("是", "yes"), "False": ("否", "no")}


# --- 口径: the definition, unit and caveats of every query a page shows, in Chinese ------------------
# The query files' headers (queries/**/*.sql) carry them in English, for the analyst; the English view
# shows those. tests/app/test_chinese.py checks that every query a page names is here.
_FILTER_NOTE = ("筛选条件与各页面相同：年度、省份/地市/区县（报告自身写明的地区，未写明时取机构所属地区）、层级、"
                "领域、报告范围、机构名称（包含所输入的文字，繁体简体均可）。只计各机构各年度的当前版本报告。"
                "报告范围默认为“部门与政府本级（不含汇总报告）”，汇总报告不会与其组成部分重复相加；"
                "选“全部”则包括汇总报告。")
QUERY_TEXT: dict[str, tuple[str, str, str]] = {   # name → (口径, 单位, 说明) in Chinese
    "app_headline_by_year": (
        "按报告年度统计：报告数、机构数、新收申请（表三“一、本年新收”总计）、办结申请（表三“（七）总计”）、"
        "予以公开件数；予以公开率 = 予以公开 ÷ 办结申请；校验通过率 = 通过的勾稽校验 ÷（通过 + 未通过）。",
        "件、份、个；比率以百分比表示（保留一位小数）",
        "不按年度筛选，以便与上一年比较；其余筛选同各页面。" + _FILTER_NOTE),
    "applications_by_group": (
        "按年度合计表三“总计”列：本年新收、上年结转、办理结果总计、结转下年度继续办理；按申请人类别（自然人、"
        "商业企业、科研机构、社会公益组织、法律服务机构、其他）统计新收申请；自然人申请占比 = 自然人新收 ÷ 本年新收。",
        "件；占比以百分比表示",
        "合计时跳过未能读取的单元格；“数据完整的报告数”指四项流量数字都已读出的报告；自然人申请占比只用两项数字"
        "都已读出的报告。" + _FILTER_NOTE),
    "outcome_rates_by_group": (
        "按年度和办理结果：结果件数 ÷ 办结申请（只计两项都已读出的报告）。包括予以公开、部分公开、"
        "予以公开+部分公开、各类不予公开、无法提供、不予处理、其他处理；附 95% Wilson 区间，"
        "并在办结申请不少于 N 件的分组中排名。",
        "比率（百分比，保留一位小数）",
        "办结申请少于 N 件（默认 30 件）或分组未知的不参与排名，但仍给出比率和区间。" + _FILTER_NOTE),
    "app_proactive_by_year": (
        "主动公开信息数（取自报告正文）和表二各单元格，按年度和表格格式合计。",
        "条、件；行政事业性收费金额单位为万元",
        "表二在 2021 年改版（2019 年版 → 2021 年版），行列不同，序列在此中断；“主动公开信息数”取自正文；"
        "某年度只要有一份报告读出某单元格即列出该单元格。" + _FILTER_NOTE),
    "review_litigation_by_group": (
        "按年度合计表四：行政复议、未经复议直接起诉、复议后起诉的案件数；行政复议纠错率 = 结果纠正 ÷"
        "（总计 − 尚未审结）；行政诉讼纠错率 = 两类诉讼结果纠正之和 ÷ 已审结诉讼；每百件申请的复议诉讼数 = "
        "100 ×（复议 + 直接起诉 + 复议后起诉）÷ 本年新收申请。",
        "件；比率（百分比）；件/百件申请",
        "先复议后起诉的案件在复议和复议后起诉中各计一次（统计的是案件，不是人）；按共同被告规则，复议机关报告的"
        "诉讼数偏少；“纠正”指变更、撤销、确认违法、责令履行等。" + _FILTER_NOTE),
    "app_review_litigation_by_year": (
        "按年度合计当前报告表四各单元格（结果维持、结果纠正、其他结果、尚未审结、总计）。",
        "件",
        "“含未通过校验的报告”指表四勾稽校验未通过的报告。" + _FILTER_NOTE),
    "funnel_outcome_rate": (
        "按机构合并所选年度：比率 = 结果件数之和 ÷ 办结申请之和（默认为予以公开+部分公开）；总体比例为全部机构"
        "合计；控制限 = 总体比例 ± z × √（总体比例 ×（1 − 总体比例）÷ 办结申请数），z 取 1.96（95%）和 "
        "3.09（99.8%），限定在 0%–100% 之间。",
        "比率（百分比，保留一位小数）；办结申请（件）",
        "“相对控制限”按机构自身的办结申请数判断；控制限只反映二项分布的随机波动，未作过度离散调整；"
        "办结申请为 0 的机构不列出。" + _FILTER_NOTE),
    "app_report_quality": (
        "按实际读取的内容为每份当前报告评分：读出的单元格数、表格应有的单元格数及其比例，勾稽校验通过、未通过、"
        "无法校验（所需单元格未读出）的项数，以及质量等级：无法读取（一个数字也未读出、非年报或表格格式无法识别）、"
        "部分读取（有单元格未读出）、校验未通过（全部读出但有校验未通过）、无法校验（全部读出但没有可运行的校验，"
        "或 2019 年以前的格式没有法定表格）、完整且校验通过。",
        "单元格、项；读出比例以百分比表示",
        "只有全部单元格读出且校验全部通过的报告才是“完整且校验通过”；读出 200 个单元格中的 10 个的报告无论通过"
        "多少校验都不会显示为绿色。排序：质量等级（最差在前），其次读出比例由低到高、未通过项数由多到少；"
        "未识别机构的报告以“#报告编号”列出；本页未选择报告范围时包括全部范围（含汇总报告）。" + _FILTER_NOTE),
    "app_headline_matched": (
        "对所选年度及其上一年，只统计两年都有当前报告的机构（可比机构）：每年的报告数、机构数、表三本年新收申请、"
        "办结申请、予以公开件数，予以公开率 = 予以公开 ÷ 办结，校验通过率 = 通过 ÷（通过 + 未通过）。",
        "件、份、个；比率以百分比表示",
        "年度变化只比较同一批机构，因此不反映哪些机构报送了报告；机构未识别的报告无法配对，不计入。" + _FILTER_NOTE),
    "app_check_grid": (
        "按机构和年度统计当前报告的勾稽校验：通过、未通过、无法校验的项数。",
        "项",
        "通过率 = 通过 ÷（通过 + 未通过），没有可校验项时为空；范围很大时只列未通过校验最多的若干机构"
        "（其次按名称），全部合计见页面上方。" + _FILTER_NOTE),
    "app_agency_by_year": (
        "该机构每年当前报告的表三合计（本年新收、上年结转、办结、结转下年、予以公开、部分公开），"
        "予以公开率 = 予以公开 ÷ 办结，正文中的主动公开信息数，表四合计（行政复议、直接起诉、复议后起诉）"
        "以及未通过的勾稽校验项数。",
        "件、条；予以公开率以百分比表示",
        "不受左侧筛选条件限制（显示该机构所有年度）；没有办结申请时予以公开率为空；单元格未读出时相应数字为空。"),
    "app_agency_reports": (
        "该机构每个年度的当前报告：解析状态、勾稽校验结果、未通过的校验以及保存的版本数。",
        "项（校验）",
        "只列当前版本（全部版本见本页下方）；不受左侧筛选条件限制。"),
    "cross_year_chains_by_agency_year": (
        "上一年也有当前报告的机构年度：跨年度结转（本年表三“上年结转”应等于上年表三“结转下年度继续办理”，"
        "各申请人列分别比较）；现行有效件数（两年均为 2021 年版时，本年表二“现行有效件数”应等于上年现行有效"
        "件数 + 本年制发 − 本年废止）。结果为相符、不相符、缺少数值、无上年报告或格式不同不可比。",
        "件",
        "逐条列出而非合计，因此默认包括汇总报告；筛选条件作用于本年报告；两项跨年度勾稽均为参考性校验。"),
    "app_agency_versions": (
        "该机构每份报告保存的所有版本，包括当前版本和被替换的版本。", "",
        "同一机构同一年度的新文件会替换旧文件成为当前版本；不受左侧筛选条件限制。"),
    "app_report_versions": (
        "与该报告同一机构、同一年度的所有保存版本。", "",
        "没有机构或年度的报告没有版本历史，只列其本身。"),
    "app_report_cells": (
        "该报告保存的全部单元格；与单元格所在行、列或整张表相关的勾稽校验未通过时标红。",
        "件（表二收费金额：万元）",
        "校验范围指向单元格所在的行、列或整张表时即视为相关。"),
    "app_report_checks": ("解析程序对该报告执行的勾稽校验。", "", "“无法校验”表示该校验需要的单元格为空。"),
    "app_report_warnings": ("解析程序对该报告提出的警告。", "", ""),
    "app_reports_in_view": (
        "符合筛选条件的当前报告及其勾稽校验项数。", "",
        "按年度从新到旧、再按机构名称排列；列表最多显示前 2,000 条，总数见标题。" + _FILTER_NOTE),
}


def query_text(name: str, lang: str, definition: str, unit: str, caveats: str) -> tuple[str, str, str]:
    """(口径, 单位, 说明) of query `name` in `lang`: the Chinese texts above, else the header's own."""
    if lang == "en" or name not in QUERY_TEXT:
        return definition, unit, caveats
    return QUERY_TEXT[name]


# --- machine text inside free text: check references, cell keys, locations, parser phrases ---------
_CHECK_REF = re.compile(r"\b([TNXA][0-9]?\.[a-z_]+)(?:\[([a-z0-9_.]+)\])?")
_CELL_KEY = re.compile(r"\bt([234])\.([a-z0-9_]+)\.([a-z0-9_]+)\b")
_ROW_REF = re.compile(r"\bt([234])\.([a-z0-9_]+)\b")
_WHERE = re.compile(r"\b(?:page (\d+) )?(?:(?:table (\d+) row (\d+) col (\d+))|(?:line (\d+)(?: cell (\d+))?))")
_BARE_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:null|total|granted|issued|repealed|cases)\b")
_ZH_NUM = "一二三四"


def check_name(check_id, lang: str = DEFAULT_LANG) -> str:
    """An identity check's name (T3.row_sum → 表三行合计（…））."""
    if check_id is None:
        return t("unknown", lang)
    pair = LABELS["check"].get(str(check_id)) or _CHECK_FAMILY.get(str(check_id).split(".")[0][:2]) \
        or _CHECK_FAMILY.get(str(check_id)[:1])
    return str(check_id) if pair is None else pair[1 if lang == "en" else 0]


def check_scope(scope, lang: str = DEFAULT_LANG) -> str:
    """What a check covers (a table-3 row, an applicant column, a table)."""
    for kind in ("check_scope", "t3_row", "applicant", "t2_row", "t2_col", "scope"):
        if str(scope) in LABELS[kind]:
            return label(kind, scope, lang)
    return label("check_scope", scope, lang)


def cell_name(table: str, row: str, col: str, lang: str = DEFAULT_LANG) -> str:
    """t3.granted.natural_person → 表三「（一）予以公开」×「自然人」."""
    if table == "4":
        group, _, result = col.rpartition("_")
        inner = f"{label('t4_group', group, lang)} × {label('t4_result', result, lang)}"
    else:
        row_kind, col_kind = ("t2_row", "t2_col") if table == "2" else ("t3_row", "applicant")
        inner = f"{label(row_kind, row, lang)} × {label(col_kind, col, lang)}"
    if lang == "en":
        return f"table {table} [{inner}]"
    return f"表{_ZH_NUM[int(table) - 1]}「{inner.replace(' × ', '」×「')}」"


def _row_name(table: str, row: str, lang: str) -> str:
    """t3.granted → 表三「（一）予以公开」; t4.cases (table 4 has one row) → 表四."""
    if table == "4":
        return "table 4" if lang == "en" else "表四"
    kind = "t2_row" if table == "2" else "t3_row"
    name = label(kind, row, lang)
    return f"table {table} [{name}]" if lang == "en" else f"表{_ZH_NUM[int(table) - 1]}「{name}」"


def _where_zh(m: re.Match) -> str:
    page, table, row, col, line, cell = m.groups()
    out = f"第 {page} 页" if page else ""
    if table:
        return out + f"第 {table} 个表格第 {row} 行第 {col} 列"
    return out + f"第 {line} 行" + (f"第 {cell} 格" if cell else "")


# (pattern, Chinese) for the parser's and the store's sentences, after the keys in them are named.
_PHRASES_ZH: list[tuple[re.Pattern, str]] = [(re.compile(p), r) for p, r in (
    # cell provenance (gongkai/parse/provenance.py): "… chars 12-14; text line 8 chars 12-14"
    (r"; text 第 (\d+) 行", r"；原文第 \1 行"),
    (r"^text 第 (\d+) 行", r"原文第 \1 行"),             # a metadata field's place (field_sources)
    (r" chars (\d+)-(\d+)", r"第 \1–\2 字符"),
    (r"^title \(document metadata\)$", "标题（文档元数据）"),
    (r"^meta (\w+)$", r"网页元数据 \1"),
    # checks (gongkai/parse/checks.py)
    (r" \(a cell is null\)$", "（有单元格为空）"),
    (r"^no cell read$", "未读取到单元格"),
    (r"^(\d+) cells ≥ 0$", r"\1 个单元格均不小于 0"),
    (r"^(\d+) cells are integers ≥ 0$", r"\1 个单元格均为非负整数"),
    (r"^negative: ", "出现负数："),
    (r"^not a non-negative integer: ", "不是非负整数："),
    (r"^narrative says (\d+); table totals are null$", r"正文称 \1 件，表三合计为空"),
    (r"^narrative '(.*)' vs table ", r"正文“\1”，表三："),
    # warnings (gongkai/parse)
    (r"^(.+?) was blank \((.+?)\); read as 0$", r"\1空白（\2），按 0 读取"),
    (r"^(.+?) was blank \((.+?)\); took the sum of its parts, (.+)$", r"\1空白（\2），取各分项之和 \3"),
    (r"^(.+?) was not printed \(the row at (.+?) prints fewer cells than columns\); took the sum of its parts, (.+)$",
     r"\1未印出（\2的行印出的单元格少于列数），取各分项之和 \3"),
    (r"^table (\d) \((.+?)\) was not found or not read$", r"未找到或未能读取表\1（\2）"),
    (r"the printed digits at (.+?) can be read (\d+) ways \((.*)\)", r"\1连写的数字有 \2 种拆分方式（\3）"),
    (r"; only one satisfies the table's identities$", "，只有一种满足表内勾稽关系"),
    (r"; only one satisfies the T4 sums$", "，只有一种满足表四合计"),
    (r"^(.+?): (.+?) left null; ", r"\1：\2 未能确定（留空）；"),
    (r"the source does not determine them", "原文无法确定这些数值"),
    (r"^cpca finds no place in '(.+)'$", r"无法从机构名称“\1”识别所属地区"),
    (r"^cpca matched '(.+?)', which is not written in '(.+)'$", r"识别出的地名“\1”并未写在机构名称“\2”中"),
    (r"^'(.+?)' names (\d+) places and '(.+)' gives no parent$", r"地名“\1”对应 \2 个地区，机构名称“\3”未写明上级"),
    (r"^(.+?): the row at (.+?) has no recognisable label(?: \(its label reads only '(.*)'\))?; "
     r"placed by its position between labelled rows$", r"\1：\2的行没有可识别的标题（\3），按其在前后行之间的位置确定"),
    (r"（）", ""),
    (r"^no report title line \(<agency><year>年…政府信息公开…报告\)$", "未找到报告标题行（<机构><年度>年…政府信息公开…报告）"),
    (r"^no title line, and the opening sentence names no agency \((.*)\)$", r"没有标题行，开头一句也未写明机构（\1）"),
    (r"^no title line; agency '(.+?)' read from the opening sentence '(.+)'$", r"没有标题行；机构“\1”取自开头一句“\2”"),
    (r"^the agency name '(.+?)' holds injected text \('(.+?)'\); not used$", r"机构名称“\1”含有被注入的文字（“\2”），未采用"),
    (r"^'(.+?)' follows injected text and has lost the start of its name; not used$", r"“\1”前有被注入的文字，名称开头缺失，未采用"),
    (r"^the title carries injected text '(.+?)'; not part of the agency name$", r"标题含有被注入的文字“\1”，不属于机构名称"),
    (r"^the opening sentence carries injected text '(.+?)'; not part of the agency name$", r"开头一句含有被注入的文字“\1”，不属于机构名称"),
    (r"^the page carries injected text '(.+)'$", r"页面含有被注入的文字“\1”"),
    (r"^no headline figure '…主动公开/公布/发布…信息N条' in the text$", "正文中没有“…主动公开/公布/发布…信息N条”的总数表述"),
    (r"^only per-platform counts are stated \((.*)\), no total of the proactive disclosure$", r"只写明各平台的数量（\1），没有主动公开总数"),
    (r"^proactive figure is approximate: '(.+)'$", r"主动公开数量为约数：“\1”"),
    (r"^a figure next to '(.+?)' is approximate$", r"“\1”旁的数字为约数"),
    (r"^'(.+?)' competes with (.+)$", r"“\1”与\2相互矛盾"),
    (r"^no year in title, statistics period or narrative$", "标题、统计期限和正文中都没有年度"),
    (r"^title says (\d+), statistics period says (\d+)$", r"标题年度为 \1，统计期限年度为 \2"),
    (r"^'(.+?)' is followed by year\(s\) \[(.+?)\] in the same sentence; not used$", r"“\1”同一句中还有年度 \2，未采用"),
    (r"^statistics period printed '(.+?)' \(年 missing\); year read as (\d+)$", r"统计期限写作“\1”（缺“年”字），年度按 \2 读取"),
    (r"^publication date printed '(.+?)' \(年 missing\); read as (.+)$", r"发布日期写作“\1”（缺“年”字），按 \2 读取"),
    (r"^publication label with a date that cannot be read: '(.+)'$", r"发布日期无法读取：“\1”"),
    (r"^published_on (\S+) is not after report year (\d+); dropped$", r"发布日期 \1 不晚于报告年度 \2，已舍弃"),
    (r"^(\d+) check\(s\) pass only because blank cells were read as 0: (.+?)(?: and (\d+) more)?$",
     lambda m: f"{m[1]} 项校验仅因空白单元格按 0 读取才通过：{m[2]}" + (f" 等（另有 {m[3]} 项）" if m[3] else "")),
    (r"^reads as an annual report but no table of the 2019 or 2021 format was found "
     r"\(tables may be images or missing from the page\)$",
     "看起来是年度报告，但未找到 2019 年版或 2021 年版格式的表格（表格可能是图片，或页面上没有）"),
    (r"^report predates the 2019 format: narrative kept, no statutory tables$", "报告早于 2019 年版格式：保留正文，没有法定表格"),
    (r"^no sign of a 政府信息公开工作年度报告: .*$", "不像政府信息公开工作年度报告：没有法定格式的表格，标题用词和章节标题也不足"),
    (r"^(.+?) read as (.+?), beyond (\d+): not a figure \(digits run together\?\); left null$",
     r"\1读作 \2，超过 \3，不是有效数值（数字连写？），留空"),
    (r"^proactive_count read as (.+?), outside 0…(\d+); left null$", r"主动公开数量读作 \1，超出 0…\2，留空"),
    (r"^(.+?) appears again at (.+?); kept the first at (.+)$", r"\1在\2再次出现，保留\3的第一行"),
    (r"^t(\d): row '(.+?)' at (.+?) is not in the format; its figures \((.*)\) were not used$",
     r"表\1：\3的行“\2”不属于法定格式，其数字（\4）未采用"),
    (r"^a row of figures at (.+?) has no label and no free place between its neighbours; ignored$",
     r"\1的一行数字没有标题，前后行之间也没有空位，已忽略"),
    (r"^(\d+) extra cell\(s\) before the figures \((.*)\) at (.+?); kept the last (\d+)$",
     r"\3数字前多出 \1 个单元格（\2），保留最后 \4 个"),
    (r"^(.+?): (\d+) of (\d+) cells printed, all zero or blank, at (.+?); every cell read as 0$",
     r"\1：\4只印出 \3 格中的 \2 格，且全为 0 或空白，各格均按 0 读取"),
    (r"^(.+?): (\d+) figure\(s\) for (\d+) columns at (.+?) \((.*)\); row left unread$",
     r"\1：\4处 \3 列只有 \2 个数字（\5），该行未读取"),
    (r"^(.+?): the run of digits at (.+?) can be cut more than (\d+) ways$", r"\1：\2连写数字的拆分方式超过 \3 种"),
    (r"^(.+?): no valid reading of (.+?) as (\d+) figures at (.+)$", r"\1：\4的“\2”无法拆成 \3 个有效数字"),
    (r"^the last (\d+) byte\(s\) are an incomplete (\S+) character \(file cut off\?\); replaced$",
     r"文件末尾 \1 个字节是不完整的 \2 字符（文件被截断？），已替换"),
    (r"^pages (.+?) of (\d+) have no text layer \(scanned images\?\); their content is missing$",
     r"共 \2 页中第 \1 页没有文字层（扫描图片？），其内容缺失"),
    (r"^'(.+?)' is not a cell key; not stored$", r"“\1”不是单元格代码，未保存"),
    (r"^empty file( \(only whitespace\))?$", "空文件"),
    # the store's ingest outcomes (gongkai/store/writer.py, inputs.py)
    (r"^(\S+); new current version of (.+) (\d{4})$", r"\1；成为 \2 \3 年的当前版本"),
    (r"^(\S+); kept in the history of (.+) (\d{4}) \(a complete version stays current\)$",
     r"\1；存入 \2 \3 年的版本历史（完整的版本仍为当前版本）"),
    (r"^(\S+); agency or year unknown, stored but cannot supersede$", r"\1；机构或年度未知，已保存，但不能替换其他版本"),
    (r"^already stored$", "数据库中已有此文件"),
    (r"^same bytes as (.+) \(this run\)$", r"与本次导入的 \1 内容相同"),
    (r"^no such file or directory$", "文件不存在"),
    (r"\bnull\b", "空"),
    (r"表([234])(?![0-9])", lambda m: "表" + _ZH_NUM[int(m[1]) - 1]),
    (r"(」|表[二三四]): ", r"\1："),
    (r"'([^']*[\u4e00-\u9fff][^']*)'", r"“\1”"),
    (r"\b(v2019|v2021|pre2019)\b", lambda m: LABELS["format"][m[1]][0]),
)]
_NARRATIVE_KEYS = {"new_received": ("本年新收", "new received"), "total_processed": ("办结", "processed"),
                   "carried_over": ("上年结转", "carried over")}


def detail_text(text, lang: str = DEFAULT_LANG) -> str:
    """A check's or warning's detail (or an ingest outcome's reason) for people: check references,
    cell keys and row keys named as on the form; in Chinese also the locations and the parser's
    sentences (a sentence it does not know keeps its words, with the keys in it named)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    out = str(text)
    if lang == "en":
        return out
    lead = out.split(";", 1)[0]
    if lead in LABELS["status"] and lead != "zip":      # an ingest reason starts with the parse status
        out = label("status", lead, lang) + out[len(lead):]
    out = _CHECK_REF.sub(lambda m: check_name(m.group(1), lang)
                         + (f"「{check_scope(m.group(2), lang)}」" if m.group(2) else ""), out)
    out = _CELL_KEY.sub(lambda m: cell_name(m.group(1), m.group(2), m.group(3), lang), out)
    out = _ROW_REF.sub(lambda m: _row_name(m.group(1), m.group(2), lang), out)
    out = _WHERE.sub(_where_zh, out)
    for pattern, repl in _PHRASES_ZH:
        out = pattern.sub(repl, out)
    # what is left: bare keys (a column list of ambiguous_split, the narrative check's table totals)
    return _BARE_KEY.sub(lambda m: _bare(m.group(0), lang), out)


def _bare(key: str, lang: str) -> str:
    if key in _NARRATIVE_KEYS:
        return _NARRATIVE_KEYS[key][lang == "en"]
    if key == "null":
        return "空"
    for kind in ("t2_col", "applicant", "t4_col", "t3_row", "t2_row", "warning", "status"):
        if key in LABELS[kind]:
            return label(kind, key, lang)
    return key


def failed_checks_text(text, lang: str = DEFAULT_LANG) -> str:
    """A list of failed checks as the queries give it ('T3.row_sum[new_received], …')."""
    return detail_text(text, lang)


# --- values of a table, named in the session's language --------------------------------------------
# column → the label kinds its values come from (first match wins); "detail" columns go through
# detail_text. Charts pass their own mapping (exports.value_labels) for series/category/group.
VALUE_KINDS: dict[str, tuple[str, ...]] = {
    "status": ("status",), "result": ("ingest_result", "status"),
    "report_scope": ("scope",), "agency_scope": ("scope",),
    "format_version": ("format",), "format": ("format",), "grade": ("grade",),
    "check_id": ("check",), "code": ("warning",), "position": ("position",),
    "outcome": ("outcome",), "group": ("t4_group",),
    "series": ("series", "t2_row"), "category": ("applicant", "outcome", "t4_result"),
    "row_key": ("t3_row", "t2_row"), "col_key": ("applicant", "t2_col", "t4_col"),
}
DETAIL_COLUMNS = ("detail", "reason", "failed_checks", "source_where")


def value_label(column, value, lang: str = DEFAULT_LANG):
    """The value of `column` as a person reads it: a label for a machine code, else the value."""
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        return label("bool", str(bool(value)), lang)            # 是 / 否
    if value is None or not isinstance(value, str):
        return value
    column = str(column)
    if column in DETAIL_COLUMNS:
        return detail_text(value, lang)
    if column == "check_id":
        return check_name(value, lang)
    if column == "scope":
        return check_scope(value, lang)
    if column == "cell_key":
        m = _CELL_KEY.fullmatch(value)
        return cell_name(*m.groups(), lang) if m else value
    for kind in VALUE_KINDS.get(column, ()):
        if value in LABELS[kind]:
            return label(kind, value, lang)
    return value


def translate_frame(df: "pd.DataFrame", lang: str = DEFAULT_LANG,
                    extra: Optional[Mapping[str, Mapping[str, str]]] = None):
    """A copy of `df` with machine codes in its values named (column names unchanged), and the
    (column, code, label) pairs that were replaced. `extra`: column → {code: label} a chart used."""
    out = df.copy()
    pairs: dict[tuple[str, str], str] = {}
    for col in out.columns:
        series = out[col]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        mapping = dict((extra or {}).get(str(col), {}))
        values = []
        for v in series.tolist():
            if isinstance(v, str):
                new = mapping[v] if v in mapping else value_label(col, v, lang)
                if new != v:
                    pairs[(str(col), v)] = new
                values.append(new)
            else:
                values.append(v)
        out[col] = pd.Series(values, index=out.index, dtype=object)
    return out, [(c, code, lab) for (c, code), lab in pairs.items()]


# --- the agency search box --------------------------------------------------------------------------
def fold_search(text):
    """What the agency filter matches on: the typed text folded the way the parser folds agency names
    before storing them (NFKC, Traditional → Simplified with OpenCC, gongkai.parse.normalize), so
    興國 finds 兴国县… as 兴国 does. Both sides go through the same folding: the stored names at
    ingest, the search text here."""
    if not isinstance(text, str) or not text.strip():
        return text
    import unicodedata

    from gongkai.parse.normalize import to_simplified
    return to_simplified(unicodedata.normalize("NFKC", text.strip()))
