"""The rectification list (整改清单) as data: per agency, everything in its current reports that needs
fixing or checking.

One row per finding, with the cells involved (as printed on the form) and a plain-language explanation
in Chinese. Findings, from the SQL in queries/review/:
- identity      勾稽关系不符: a failed identity of docs/report-format.md §5 (checks table);
- chain         跨年度衔接断裂: X.carry / X.stock broken against the previous year (agency_year_chains);
- missing_table 表格缺失: a statutory table not found;
- missing_section 章节缺失: one of the headings 一、总体情况 / 五、存在的主要问题 / 六、其他需要报告的事项 absent;
- missing_cells 单元格未能读取: cells left NULL (unreadable or ambiguous);
- late          逾期公开: published after the statutory deadline (report_deadlines);
- suspicious    数值可疑: fees that look like 元 under the 万元 header, implausible volumes, big jumps.

`build_review(con, region=None, year=None) -> pandas.DataFrame` (English column keys) is pure data from
the warehouse; gongkai.review.write turns the frame into files with Chinese headers.
"""
from __future__ import annotations

import re
from typing import Optional

import pandas as pd

from gongkai.parse.formats import FORMATS, HEADINGS, T3_COL_LABELS, T3_COLS, T4_GROUPS
from gongkai.parse.labels import cell_label, compact_cell_labels, format_value, row_label

COLUMNS = ["province", "city", "county", "agency_name", "agency_id", "year", "report_id", "report_scope",
           "document", "category", "category_zh", "severity", "check_id", "cells", "values", "explanation"]
CATEGORIES = {"identity": "勾稽关系不符", "chain": "跨年度衔接断裂", "missing_table": "表格缺失",
              "missing_section": "章节缺失", "missing_cells": "单元格未能读取", "late": "逾期公开",
              "suspicious": "数值可疑"}
MUST, CHECK = "必须整改", "建议核实"
CATEGORY_ORDER = list(CATEGORIES)
SECTIONS = {"overview": ("一、总体情况", r"总体情况|概述"),
            "problems": ("五、存在的主要问题及改进情况", HEADINGS["problems"]),
            "other_matters": ("六、其他需要报告的事项", HEADINGS["other_matters"])}
DEADLINE_RULES = {
    "old_regulation_03_31": "原条例：次年3月31日前公开",
    "department_01_31": "条例第四十九条：部门（含政府办公厅（室）本级）次年1月31日前公开",
    "township_01_31": "乡镇参照部门：次年1月31日前公开",
    "county_aggregate_02_20": "县级汇总报告：次年2月20日前",
    "prefecture_aggregate_03_10": "地市级汇总报告：次年3月10日前",
    "province_aggregate_03_31": "省级汇总报告：次年3月31日前",
    "system_aggregate_03_31": "垂直管理系统汇总报告：次年3月31日前",
}
T3_RESULT_WORDS = "予以公开、部分公开、不予公开（8项）、无法提供（3项）、不予处理（5项）、其他处理各项"


def _identity_cells(check_id: str, scope: str, version: str) -> list[str]:
    fmt = FORMATS.get(version) or FORMATS["v2021"]
    t3_rows = [r.key for r in fmt.t3_rows]
    if check_id == "T3.row_sum":
        return [f"t3.{scope}.{c}" for c in T3_COLS]
    if check_id == "T3.results_sum":
        return [f"t3.{r}.{scope}" for r in t3_rows if r not in ("new_received", "carried_over",
                                                                "carried_forward")]
    if check_id == "T3.balance":
        return [f"t3.{r}.{scope}" for r in ("new_received", "carried_over", "total_processed",
                                             "carried_forward")]
    for cid, block in zip(("T4.review_sum", "T4.direct_sum", "T4.after_sum"), T4_GROUPS):
        if check_id == cid:
            return [f"t4.cases.{c}" for c in block]
    return []


_KEY = re.compile(r"t[234]\.[a-z0-9_]+\.[a-z0-9_]+")


def _identity_text(check_id: str, scope: str, detail: str, version: str) -> str:
    col = T3_COL_LABELS.get(scope, scope)
    if check_id == "T3.row_sum":
        return (f"表3「{row_label('t3', scope, version)}」这一行：“总计”应等于自然人与商业企业、科研机构、"
                f"社会公益组织、法律服务机构、其他五类法人或其他组织之和，但报告中 {detail}。")
    if check_id == "T3.results_sum":
        return (f"表3「{col}」这一列：“（七）总计”应等于各项办理结果（{T3_RESULT_WORDS}）之和，"
                f"但报告中 {detail}。")
    if check_id == "T3.balance":
        return (f"表3「{col}」这一列：本年新收 + 上年结转 应等于 办理结果总计 + 结转下年度继续办理"
                f"（表头注明的勾稽关系），但报告中 {detail}。")
    if check_id in ("T4.review_sum", "T4.direct_sum", "T4.after_sum"):
        group = {"T4.review_sum": "行政复议", "T4.direct_sum": "行政诉讼·未经复议直接起诉",
                 "T4.after_sum": "行政诉讼·复议后起诉"}[check_id]
        return (f"表4「{group}」：“总计”应等于结果维持、结果纠正、其他结果、尚未审结四项之和，"
                f"但报告中 {detail}。")
    if check_id == "T2.nonneg":
        return f"表2 出现负数（除2019年版“本年增/减”外均不应为负）：{_labelled(detail)}。"
    if check_id in ("T3.int", "T4.int"):
        return f"表{check_id[1]} 的件数应为非负整数，以下单元格不是：{_labelled(detail)}。"
    if check_id == "N.narrative":
        return f"正文中引用的申请总数与表3的合计不一致，请核对正文或表格：{detail}。"
    return f"{check_id}（{scope}）不符：{detail}。"


def _labelled(detail: str) -> str:
    return _KEY.sub(lambda m: cell_label(m.group(0)), detail)


def _scope_reports(con, region, year) -> pd.DataFrame:
    from gongkai.runner import run_query
    return run_query("review_reports", {"region": region, "year": year}, con)


def build_review(con, region: Optional[str] = None, year: Optional[int] = None) -> pd.DataFrame:
    """Every finding for the current reports of `region` (province/city/county name or division code;
    None = all) and `year` (None = all), one row each, sorted by region, agency, year, category."""
    from gongkai.runner import run_query

    params = {"region": None if region in (None, "") else str(region),
              "year": None if year is None else int(year)}
    reports = _scope_reports(con, params["region"], params["year"])
    info = {int(r.report_id): r for r in reports.itertuples()}
    rows: list[dict] = []

    def add(report_id: int, category: str, severity: str, check_id: str, cells: list[str],
            values: str, explanation: str, cells_text: Optional[str] = None) -> None:
        r = info.get(int(report_id))
        if r is None:
            return
        rows.append({
            "province": _s(r.province), "city": _s(r.city), "county": _s(r.county),
            "agency_name": _s(r.agency_name) or "（未识别机构）",
            "agency_id": None if pd.isna(r.agency_id) else int(r.agency_id),
            "year": None if pd.isna(r.year) else int(r.year), "report_id": int(report_id),
            "report_scope": r.report_scope, "document": _s(r.original_name),
            "category": category, "category_zh": CATEGORIES[category], "severity": severity,
            "check_id": check_id,
            "cells": cells_text if cells_text is not None else "；".join(cell_label(k) for k in cells),
            "values": values,
            "explanation": explanation})

    # 1. failed identities
    for f in run_query("review_identity_failures", params, con).itertuples():
        version = info[int(f.report_id)].format_version if int(f.report_id) in info else "v2021"
        severity = CHECK if f.check_id.startswith(("N.", "X.", "A.")) else MUST
        cells = _identity_cells(f.check_id, f.scope, version) or _KEY.findall(f.detail)
        add(f.report_id, "identity", severity, f.check_id, cells, f.detail,
            _identity_text(f.check_id, f.scope, f.detail, version))

    # 2. cross-year chains
    for c in run_query("review_chain_breaks", params, con).itertuples():
        if c.check_id == "X.carry":
            col = T3_COL_LABELS.get(c.scope, c.scope)
            cells = [f"t3.carried_over.{c.scope}"]
            text = (f"表3「{col}」列：本年“二、上年结转政府信息公开申请数量”为 {format_value(c.value)}，"
                    f"但{c.prev_year}年报告的“四、结转下年度继续办理”为 {format_value(c.expected_value)}，"
                    f"两者应相等（相差 {format_value(c.difference)}）。请核对两年的报告（上年报告编号 "
                    f"{int(c.prev_report_id)}）。")
            values = f"本年 {format_value(c.value)} ≠ {c.prev_year}年 {format_value(c.expected_value)}"
        else:
            label = row_label("t2", c.scope)
            cells = [f"t2.{c.scope}.in_force", f"t2.{c.scope}.issued", f"t2.{c.scope}.repealed"]
            text = (f"表2「{label}」：现行有效件数 {format_value(c.value)} 与 上年现行有效件数 + 本年制发 − "
                    f"本年废止 = {format_value(c.expected_value)} 不一致（相差 {format_value(c.difference)}）；"
                    "如本年有修订或清理可予说明。")
            values = f"{format_value(c.value)} ≠ {format_value(c.expected_value)}"
        add(c.report_id, "chain", CHECK, c.check_id, cells, values, text)

    # 3. missing tables and unreadable cells
    missing = run_query("review_missing", params, con)
    tables_missing: dict[int, set[int]] = {}
    for w in missing[missing["kind"] == "warning"].itertuples():
        rid = int(w.report_id)
        if w.code == "tables_missing":
            tables_missing.setdefault(rid, set()).update({2, 3, 4})
            add(rid, "missing_table", MUST, "tables_missing", [], "",
                "未找到任何法定统计表（表2、表3、表4）：可能以图片发布、表格缺失或未按格式填写。"
                "请以文字版表格重新公开。")
        else:
            m = re.search(r"table (\d)", w.detail)
            n = int(m.group(1)) if m else 0
            tables_missing.setdefault(rid, set()).add(n)
            name = {2: "表2 主动公开政府信息情况", 3: "表3 收到和处理政府信息公开申请情况",
                    4: "表4 政府信息公开行政复议、行政诉讼情况"}.get(n, f"表{n}")
            add(rid, "missing_table", MUST, "table_missing", [], "",
                f"未找到（或未能读取）{name}。即使数量为零也应按格式填列该表。")
    nulls = missing[missing["kind"] == "null_cell"]
    for (rid, table_no), group in nulls.groupby(["report_id", "table_no"]):
        if int(table_no) in tables_missing.get(int(rid), set()):
            continue
        keys = group["cell_key"].tolist()
        raw = [t for t in group["detail"].tolist() if t]
        values = "原文：" + "、".join(dict.fromkeys(raw))[:200] if raw else ""
        version = info[int(rid)].format_version if int(rid) in info else "v2021"
        add(int(rid), "missing_cells", CHECK, "null_cells", keys, values,
            f"表{int(table_no)} 有 {len(keys)} 个单元格未能读取（空白、无法识别或数字粘连有歧义），"
            "请核对原文并按格式填写数字（零也应填 0）。", cells_text=compact_cell_labels(keys, version))

    # 4. missing sections
    texts = run_query("review_report_texts", params, con)
    if len(texts):
        from gongkai.parse.normalize import compact
        for t in texts.itertuples():
            flat = compact(t.text or "")
            for key, (heading, pattern) in SECTIONS.items():
                if not re.search(pattern, flat):
                    add(t.report_id, "missing_section", MUST, f"section.{key}", [], "",
                        f"未找到“{heading}”部分。年度报告应包含格式规定的六个部分"
                        "（如文档为节选，请核对原文）。")

    # 5. late publication
    for l in run_query("review_late_reports", params, con).itertuples():
        rule = DEADLINE_RULES.get(l.deadline_rule, l.deadline_rule)
        add(l.report_id, "late", MUST, "deadline", [],
            f"{_date(l.published_on)} > {_date(l.deadline_on)}",
            f"报告发布日期 {_date(l.published_on)} 晚于法定期限 {_date(l.deadline_on)}（{rule}），"
            f"逾期 {int(l.days_late)} 天。")

    # 6. suspicious values
    for s in run_query("review_suspicious_values", params, con).itertuples():
        label = cell_label(s.cell_key)
        if s.rule == "fee_magnitude":
            text = (f"{label} 为 {format_value(s.value)} 万元（即 {s.value / 1e4:,.0f} 亿元），超过 10^7 万元，"
                    "远超常见规模，疑似按“元”而非“万元”填报；请核对单位。")
            values = f"{format_value(s.value)} 万元"
        elif s.rule == "agency_volume":
            text = (f"{label} 为 {format_value(s.value)} 件，单个机构一年超过 10 万件申请极为罕见，"
                    "疑似填报错误（如多填位数或填成了其他指标）。")
            values = format_value(s.value)
        else:
            factor = "（上年或本年为 0）" if pd.isna(s.factor) else f"，相差约 {s.factor:.0f} 倍"
            unit_hint = ("差距约为一万倍，疑似“元”与“万元”混用；" if s.cell_key.endswith("amount_wan_yuan")
                         and not pd.isna(s.factor) and 5e3 <= s.factor <= 2e4 else "")
            text = (f"{label}：本年 {format_value(s.value)}，上年 {format_value(s.prev_value)}{factor}。"
                    f"{unit_hint}变化异常，请核实数据或在报告中说明原因。")
            values = f"{format_value(s.value)}（上年 {format_value(s.prev_value)}）"
        add(s.report_id, "suspicious", CHECK, s.rule, [s.cell_key], values, text)

    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame.astype({"agency_id": "Int64", "year": "Int64", "report_id": "Int64"})
    frame["_cat"] = frame["category"].map(CATEGORY_ORDER.index)
    frame = frame.sort_values(["province", "city", "county", "agency_name", "year", "report_id", "_cat",
                               "check_id"], na_position="last", kind="stable")
    frame = frame.drop(columns="_cat").reset_index(drop=True)
    return frame.astype({"agency_id": "Int64", "year": "Int64", "report_id": "Int64"})


def _s(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")

