"""A jurisdiction's tables 2, 3 and 4 summed over its agencies' reports: pure data from the warehouse.

Only the current reports of agencies and government organs (model.COMPONENT_SCOPES) are added: a
jurisdiction or system aggregate is never added to its own components (docs/report-format.md §1.3). The layout is the
format most components used; a component in the other format contributes tables 3 and 4 only. The
coverage note says which agencies are included, which are missing (agencies of the region with a report
in another year but none this year), which reports were left out and why, and which cells are
incomplete; the identities of docs/report-format.md §5 are checked on the sums (gongkai.parse.checks.run_checks).
Files are written by gongkai.aggregate.write.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from gongkai.model import COMPONENT_SCOPES
from gongkai.parse.formats import FORMATS, T3_COLS
from gongkai.parse.labels import SCOPE_LABELS, compact_cell_labels, format_value, version_label


@dataclass
class Aggregate:
    region: str
    year: int
    version: str                                   # layout used: v2021 or v2019
    cells: dict[str, Optional[float]]              # summed cells of the layout
    incomplete: dict[str, list[str]]               # cell key → agencies whose value is NULL
    included: pd.DataFrame                          # component reports summed
    excluded: list[tuple[str, str]]                 # (agency / document, reason)
    missing: pd.DataFrame                           # agencies without a current report this year
    checks: list                                    # gongkai.model.Check on the sums
    notes: list[str]

    @property
    def title(self) -> str:
        return f"{self.region}{self.year}年政府信息公开工作年度报告统计表（各机构报告相加）"

    def coverage_lines(self) -> list[str]:
        """The coverage note as plain-language Chinese sentences."""
        lines = [f"本表由数据库中“{self.region}”{self.year}年度 {len(self.included)} 份部门（机构）"
                 f"年度报告逐项相加得到，采用{version_label(self.version)}。"]
        if len(self.included):
            names = "、".join(self.included["agency_name"].fillna("（未识别机构）").tolist())
            lines.append(f"已纳入：{names}。")
        else:
            lines.append("该地区该年度数据库中没有可相加的部门（机构）报告。")
        if len(self.missing):
            desc = "、".join(f"{r.agency_name}（有{r.years}年度报告）" for r in self.missing.itertuples())
            lines.append(f"缺少本年度报告（其他年度有报告）：{desc}。")
        else:
            lines.append("未发现缺报机构（以数据库中其他年度出现过的机构为准）。")
        for who, why in self.excluded:
            lines.append(f"未纳入：{who}——{why}。")
        if self.incomplete:
            by_agency: dict[str, list[str]] = {}
            for key, agencies in self.incomplete.items():
                for who in agencies:
                    by_agency.setdefault(who, []).append(key)
            shown = "；".join(f"{who}：{compact_cell_labels(keys, self.version, limit=12)}"
                             for who, keys in by_agency.items())
            lines.append(f"部分机构的单元格未能读取，相关合计不完整，仅为已读取数值之和（{shown}）。")
        lines.extend(self.notes)
        fails = [c for c in self.checks if c.status == "fail"]
        nas = [c for c in self.checks if c.status == "na"]
        if fails:
            lines.append("相加结果的勾稽关系有 " + str(len(fails)) + " 项不符（多源于个别机构报告本身不符，"
                         "见整改清单）：" + "；".join(f"{c.id}[{c.scope}] {c.detail}" for c in fails[:10]) + "。")
        else:
            lines.append(f"相加结果的勾稽关系均相符（{sum(c.status == 'pass' for c in self.checks)} 项通过"
                         + (f"，{len(nas)} 项因单元格不完整未核验" if nas else "") + "）。")
        lines.append("注：汇总报告（本级政府汇总、系统汇总）不与其组成部分相加；金额单位以表头为准。")
        return lines

    def checks_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"勾稽关系": c.id, "范围": c.scope, "结果": _STATUS_ZH.get(c.status, c.status),
                              "算式": c.detail} for c in self.checks],
                            columns=["勾稽关系", "范围", "结果", "算式"])

    def included_frame(self) -> pd.DataFrame:
        cols = {"agency_name": "机构", "report_scope": "报告范围", "format_version": "格式",
                "published_on": "发布日期", "report_id": "报告编号", "original_name": "文件"}
        frame = self.included[list(cols)].rename(columns=cols).copy()
        frame["报告范围"] = frame["报告范围"].map(lambda s: SCOPE_LABELS.get(s, s))
        frame["发布日期"] = frame["发布日期"].astype("string")
        return frame


_STATUS_ZH = {"pass": "相符", "fail": "不符", "na": "未核验（单元格不完整）"}


def _layout_version(year: int, versions: list[str]) -> str:
    counts = pd.Series(versions).value_counts() if versions else pd.Series(dtype=int)
    default = "v2021" if year >= 2021 else "v2019"
    if counts.empty:
        return default
    top = counts[counts == counts.max()].index.tolist()
    return default if default in top else top[0]


def _map_cells(report_cells: dict[str, Optional[float]], src: str, dst: str) -> tuple[dict, list[str]]:
    """A report's cells in the layout of `dst`. Same version: as is. Across versions only table 3
    and table 4 carry over (identical except （六）其他处理), table 2 does not (different columns)."""
    if src == dst:
        return dict(report_cells), []
    out: dict[str, Optional[float]] = {}
    notes: list[str] = []
    for key, value in report_cells.items():
        if key.startswith("t4.") or (key.startswith("t3.") and key.split(".")[1] in
                                     {r.key for r in FORMATS[dst].t3_rows}):
            out[key] = value
    if src == "v2019" and dst == "v2021":
        for col in T3_COLS:
            out[f"t3.other_misc.{col}"] = report_cells.get(f"t3.other_total.{col}")
            out[f"t3.other_no_correction.{col}"] = 0.0
            out[f"t3.other_unpaid_fee.{col}"] = 0.0
        notes.append("按2019年版格式填报：表三“（六）其他处理”计入“3.其他”，表二格式不同未计入")
    elif src == "v2021" and dst == "v2019":
        for col in T3_COLS:
            parts = [report_cells.get(f"t3.{r}.{col}") for r in
                     ("other_no_correction", "other_unpaid_fee", "other_misc")]
            out[f"t3.other_total.{col}"] = None if any(p is None for p in parts) else sum(parts)
        notes.append("按2021年版格式填报：表三“（六）其他处理”三项合并计入，表二格式不同未计入")
    return out, notes


def build_aggregate(con, region: str, year: int) -> Aggregate:
    """Sum the current agency and government-organ reports of `region` (a province, city or county
    name, or a division code) for `year` into the statutory tables."""
    from gongkai.parse.checks import run_checks
    from gongkai.runner import run_query

    region = str(region).strip()
    year = int(year)
    all_years = run_query("review_reports", {"region": region, "year": None}, con)
    this_year = all_years[all_years["year"] == year]
    cells = run_query("review_region_cells", {"region": region, "year": year}, con)

    excluded: list[tuple[str, str]] = []
    components = []
    for r in this_year.itertuples():
        who = r.agency_name if isinstance(r.agency_name, str) else f"（未识别机构，文件 {r.original_name}）"
        if r.report_scope not in COMPONENT_SCOPES:
            excluded.append((who, f"{SCOPE_LABELS.get(r.report_scope, r.report_scope)}，"
                                  "不与其组成部分相加" if r.report_scope != "unknown"
                             else "报告范围（部门或汇总）无法判断，未相加"))
        elif r.format_version not in FORMATS:
            excluded.append((who, "未识别到2019年版或2021年版统计表（" + str(r.format_version) + "），无法相加"))
        else:
            components.append(r)
    version = _layout_version(year, [r.format_version for r in components])
    layout_keys = [c.key for c in FORMATS[version].cells]

    by_report: dict[int, dict[str, Optional[float]]] = {}
    for row in cells.itertuples():
        v = None if pd.isna(row.value) else float(row.value)
        by_report.setdefault(int(row.report_id), {})[row.cell_key] = v

    sums: dict[str, float] = {k: 0.0 for k in layout_keys}
    incomplete: dict[str, list[str]] = {}
    notes: list[str] = []
    t2_counted = 0
    for r in components:
        who = r.agency_name if isinstance(r.agency_name, str) else str(r.original_name)
        mapped, map_notes = _map_cells(by_report.get(int(r.report_id), {}), r.format_version, version)
        for n in map_notes:
            notes.append(f"{who}：{n}。")
        if r.format_version == version:
            t2_counted += 1
        for key in layout_keys:
            if key.startswith("t2.") and r.format_version != version:
                continue
            v = mapped.get(key)
            if v is None:
                incomplete.setdefault(key, []).append(who)
            else:
                sums[key] += v
    summed: dict[str, Optional[float]] = {k: (round(v, 6) if v is not None else None)
                                          for k, v in sums.items()}
    for_checks = {k: (None if k in incomplete else v) for k, v in summed.items()}
    checks = run_checks(version, for_checks) if components else []

    # Missing: component agencies of the region seen in other years with no current report this year.
    others = all_years[(all_years["year"] != year) & all_years["report_scope"].isin(COMPONENT_SCOPES)
                       & all_years["agency_id"].notna()]
    present = set(this_year["agency_id"].dropna().astype(int))
    missing_rows = []
    for agency_id, group in others.groupby("agency_id"):
        if int(agency_id) not in present:
            years = sorted({int(y) for y in group["year"].dropna()})
            missing_rows.append({"agency_id": int(agency_id), "agency_name": group["agency_name"].iloc[0],
                                 "years": "、".join(map(str, years))})
    missing = pd.DataFrame(missing_rows, columns=["agency_id", "agency_name", "years"])

    aggregates = this_year[this_year["report_scope"] == "jurisdiction_aggregate"]
    if len(aggregates) and components:
        new_total = summed.get("t3.new_received.total")
        for a in aggregates.itertuples():
            theirs = by_report_value(con, int(a.report_id), "t3.new_received.total")
            if theirs is not None and new_total is not None:
                notes.append(f"数据库另有汇总报告“{a.agency_name}”（本年新收申请 {format_value(theirs)} 件）；"
                             f"本表相加得 {format_value(new_total)} 件。汇总报告通常还包含未入库的机构，"
                             "两者口径不同，不可再相加。")
    included = pd.DataFrame([r._asdict() for r in components], columns=list(this_year.columns))
    return Aggregate(region, year, version, summed, incomplete, included, excluded, missing, checks, notes)


def by_report_value(con, report_id: int, cell_key: str) -> Optional[float]:
    from gongkai.store import db
    frame = db.run(con, "SELECT value FROM cells WHERE report_id = $r AND cell_key = $k",
                   {"r": report_id, "k": cell_key})
    if frame.empty or pd.isna(frame["value"].iloc[0]):
        return None
    return float(frame["value"].iloc[0])

