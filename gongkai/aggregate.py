"""Aggregate tables: a jurisdiction's tables 2, 3 and 4 summed over its agencies' reports.

    gongkai aggregate --region R --year Y [--db FILE] --format xlsx|docx|html [--out FILE]

The tables keep the statutory layout (spec report-format.md §3–4): the same rows, columns, labels and
merged header cells as the format of the year. Only the current reports of agencies and government
organs (report_scope agency / government_organ) are added: a jurisdiction or system aggregate is never
added to its own components (spec §1.3). A coverage note says which agencies are included, which are
missing (agencies of the region with a report in another year but none this year), which reports were
left out and why, and which cells are incomplete; the identities of spec §5 are checked on the sums
(gongkai.parse.checks.run_checks).

Public: `build_aggregate(con, region, year) -> Aggregate`, `tables_html(cells, version)` (the three
tables as an HTML fragment, also used to make test reports), `write_xlsx / write_docx / write_html`,
`add_aggregate_arguments(parser)` and `aggregate_main(args)`.
"""
from __future__ import annotations

import html as _html
import io
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from gongkai.parse.formats import FORMATS, T2_COL_LABELS, T3_COL_LABELS, T3_COLS, T4_COLS

COMPONENT_SCOPES = ("agency", "government_organ")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SECTION_TITLES = {2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                  4: "四、政府信息公开行政复议、行政诉讼情况"}
# 第二十条 item of each table-2 row (the format groups its rows in these blocks).
ART20 = {"regulations": "一", "normative_documents": "一", "administrative_license": "五",
         "other_external_services": "五", "administrative_penalty": "六",
         "administrative_compulsion": "六", "administrative_fees": "八", "centralized_procurement": "九"}
T3_GROUP_LABELS = {"denied": "（三）不予公开", "unavailable": "（四）无法提供",
                   "not_processed": "（五）不予处理", "other": "（六）其他处理"}
T4_LEAVES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SCOPE_LABELS = {"agency": "部门/机构", "government_organ": "政府办公厅（室）本级",
                "jurisdiction_aggregate": "本级政府汇总报告", "system_aggregate": "系统汇总报告",
                "unknown": "范围未知"}


# --- the statutory layout as a grid --------------------------------------------------------------

@dataclass
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"          # label | header | value
    value: Optional[float] = None
    key: str = ""                # cell key for value cells


@dataclass
class Grid:
    table: int
    n_cols: int
    cells: list[GridCell] = field(default_factory=list)
    n_rows: int = 0

    def rows(self) -> list[list[GridCell]]:
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return out


class _Builder:
    """Places cells row by row like an HTML table: each new cell takes the next free column."""

    def __init__(self, table: int, n_cols: int):
        self.grid = Grid(table, n_cols)
        self.taken: set[tuple[int, int]] = set()
        self.r = 0

    def row(self, *items: GridCell) -> None:
        c = 0
        for item in items:
            while (self.r, c) in self.taken:
                c += 1
            item.row, item.col = self.r, c
            for dr in range(item.rowspan):
                for dc in range(item.colspan):
                    self.taken.add((self.r + dr, c + dc))
            self.grid.cells.append(item)
            c += item.colspan
        self.r += 1
        self.grid.n_rows = max(self.grid.n_rows, self.r)


def _lab(text: str, rowspan: int = 1, colspan: int = 1, kind: str = "label") -> GridCell:
    return GridCell(text, 0, 0, rowspan, colspan, kind)


def format_value(value: Optional[float]) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _val(key: str, cells: dict, colspan: int = 1) -> GridCell:
    v = cells.get(key)
    return GridCell(format_value(v), 0, 0, 1, colspan, "value", v, key)


def grid_t2(version: str, cells: dict) -> Grid:
    rows = FORMATS[version].t2_rows
    b = _Builder(2, 4)
    i = 0
    while i < len(rows):
        block = ART20[rows[i].key]
        group = [r for r in rows[i:] if ART20[r.key] == block]
        group = group[:next((n for n, r in enumerate(group) if r.cols != group[0].cols), len(group))]
        cols = group[0].cols
        last_span = 4 - len(cols)
        b.row(_lab(f"第二十条第（{block}）项", colspan=4, kind="header"))
        b.row(_lab("信息内容", kind="header"),
              *[_lab(T2_COL_LABELS[c], colspan=(last_span if n == len(cols) - 1 else 1), kind="header")
                for n, c in enumerate(cols)])
        for r in group:
            b.row(_lab(r.label), *[_val(f"t2.{r.key}.{c}", cells, last_span if n == len(cols) - 1 else 1)
                                   for n, c in enumerate(cols)])
        i += len(group)
    return b.grid


def _t3_group(key: str) -> Optional[str]:
    for g in ("denied", "unavailable", "not_processed"):
        if key.startswith(g + "_") and key != "not_processed_total":
            return g
    if key in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        return "other"
    return None


def grid_t3(version: str, cells: dict) -> Grid:
    rows = FORMATS[version].t3_rows
    b = _Builder(3, 10)
    b.row(_lab(T3_NOTE, rowspan=3, colspan=3, kind="header"), _lab("申请人情况", colspan=7, kind="header"))
    b.row(_lab(T3_COL_LABELS["natural_person"], rowspan=2, kind="header"),
          _lab("法人或其他组织", colspan=5, kind="header"),
          _lab(T3_COL_LABELS["total"], rowspan=2, kind="header"))
    b.row(*[_lab(T3_COL_LABELS[c], kind="header") for c in T3_COLS[1:6]])
    results = [r for r in rows if r.key not in ("new_received", "carried_over", "carried_forward")]
    group_sizes: dict[str, int] = {}
    for r in results:
        g = _t3_group(r.key)
        if g:
            group_sizes[g] = group_sizes.get(g, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for r in rows:
        values = [_val(f"t3.{r.key}.{c}", cells) for c in T3_COLS]
        if r.key in ("new_received", "carried_over", "carried_forward"):
            b.row(_lab(r.label, colspan=3), *values)
            continue
        lead: list[GridCell] = []
        if first_result:
            lead.append(_lab("三、本年度办理结果", rowspan=len(results)))
            first_result = False
        g = _t3_group(r.key)
        if g is None:
            lead.append(_lab(r.label, colspan=2))
        else:
            if g not in seen_groups:
                lead.append(_lab(T3_GROUP_LABELS[g], rowspan=group_sizes[g]))
                seen_groups.add(g)
            lead.append(_lab(r.label))
        b.row(*lead, *values)
    return b.grid


def grid_t4(cells: dict) -> Grid:
    b = _Builder(4, 15)
    b.row(_lab("行政复议", colspan=5, kind="header"), _lab("行政诉讼", colspan=10, kind="header"))
    b.row(*[_lab(leaf, rowspan=2, kind="header") for leaf in T4_LEAVES],
          _lab("未经复议直接起诉", colspan=5, kind="header"), _lab("复议后起诉", colspan=5, kind="header"))
    b.row(*[_lab(leaf, kind="header") for leaf in T4_LEAVES * 2])
    b.row(*[_val(f"t4.cases.{c}", cells) for c in T4_COLS])
    return b.grid


def statutory_grids(cells: dict, version: str) -> list[Grid]:
    if version not in FORMATS:
        raise ValueError(f"no statutory layout for format {version!r}")
    return [grid_t2(version, cells), grid_t3(version, cells), grid_t4(cells)]


def grid_html(grid: Grid) -> str:
    esc = _html.escape
    lines = ['<table border="1" cellspacing="0" cellpadding="4">']
    for row in grid.rows():
        tds = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                    (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            tag = "th" if c.kind == "header" else "td"
            tds.append(f"<{tag}{attrs}>{esc(c.text)}</{tag}>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def tables_html(cells: dict, version: str, tables: tuple[int, ...] = (2, 3, 4)) -> str:
    """Tables 2–4 in the statutory layout with their section headings, as an escaped HTML fragment."""
    parts = []
    for grid in statutory_grids(cells, version):
        if grid.table in tables:
            parts.append(f"<h2>{_html.escape(SECTION_TITLES[grid.table])}</h2>")
            parts.append(grid_html(grid))
    return "\n".join(parts)


# --- summing --------------------------------------------------------------------------------------

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
                 f"年度报告逐项相加得到，采用{_version_label(self.version)}。"]
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


def _version_label(version: str) -> str:
    return {"v2021": "2021年版格式（国办公开办函〔2021〕30号）",
            "v2019": "2019年版格式（国办公开办函〔2019〕60号）"}.get(version, version)


def cell_label(key: str) -> str:
    """'t3.granted.natural_person' → '表3「（一）予以公开」×「自然人」' (labels as printed on the form)."""
    table, row, col = key.split(".", 2)
    if table == "t4":
        group, leaf = _t4_label(col)
        return f"表4「{group}」×「{leaf}」"
    for fmt in FORMATS.values():
        for r in fmt.t2_rows + fmt.t3_rows:
            if r.table == table and r.key == row and col in r.cols:
                labels = T2_COL_LABELS if table == "t2" else T3_COL_LABELS
                return f"表{table[1]}「{r.label}」×「{labels[col]}」"
    derived = {"denied_total": "（三）不予公开", "unavailable_total": "（四）无法提供",
               "not_processed_total": "（五）不予处理", "other_total": "（六）其他处理"}
    if table == "t3" and row in derived:
        return f"表3「{derived[row]}」×「{T3_COL_LABELS.get(col, col)}」"
    return key


def compact_cell_labels(keys: list[str], version: str, limit: int = 20) -> str:
    """Cell labels in form order; a row whose every cell is listed becomes one 「row」（整行） item."""
    fmt = FORMATS.get(version) or FORMATS["v2021"]
    order = {c.key: i for i, c in enumerate(fmt.cells)}
    keys = sorted(set(keys), key=lambda k: order.get(k, len(order)))
    wanted = set(keys)
    items: list[str] = []
    done_rows: set[str] = set()
    for key in keys:
        table, row, _ = key.split(".", 2)
        row_keys = [c.key for c in fmt.cells if c.table == table and c.row == row]
        if row_keys and len(row_keys) > 1 and set(row_keys) <= wanted:
            if row not in done_rows:
                done_rows.add(row)
                label = "表4（整表）" if table == "t4" else f"表{table[1]}「{_row_label(table, row, version)}」（整行）"
                items.append(label)
        else:
            items.append(cell_label(key))
    more = f" 等共 {len(items)} 处" if len(items) > limit else ""
    return "；".join(items[:limit]) + more


def _row_label(table: str, row: str, version: Optional[str] = None) -> str:
    fmts = [FORMATS[version]] if version in FORMATS else list(FORMATS.values())
    for fmt in fmts:
        for r in fmt.t2_rows + fmt.t3_rows:
            if r.table == table and r.key == row:
                return r.label
    return row


def _t4_label(col: str) -> tuple[str, str]:
    idx = T4_COLS.index(col)
    group = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")[idx // 5]
    return group, T4_LEAVES[idx % 5]


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


# --- writers --------------------------------------------------------------------------------------

def write_html(agg: Aggregate) -> bytes:
    esc = _html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{esc(agg.title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
             "th,td{border:1px solid #444;padding:4px 6px;text-align:center}"
             "td:first-child{text-align:left}</style></head><body>",
             f"<h1>{esc(agg.title)}</h1>",
             tables_html(agg.cells, agg.version),
             "<h2>覆盖范围说明</h2>", "<ul>"]
    parts += [f"<li>{esc(line)}</li>" for line in agg.coverage_lines()]
    parts.append("</ul><h2>勾稽关系核验（相加结果）</h2>")
    parts.append(_frame_html(agg.checks_frame()))
    parts.append("<h2>已纳入的报告</h2>")
    parts.append(_frame_html(agg.included_frame()))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def _frame_html(frame: pd.DataFrame) -> str:
    esc = _html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table border="1"><tr>{head}</tr>{body}</table>'


def write_xlsx(agg: Aggregate) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for grid in statutory_grids(agg.cells, agg.version):
        ws = wb.create_sheet(f"表{'二三四'[grid.table - 2]}")
        ws.cell(1, 1, agg.title).font = Font(bold=True)
        ws.cell(2, 1, SECTION_TITLES[grid.table]).font = Font(bold=True)
        top = 3
        for c in grid.cells:
            r, k = top + c.row, 1 + c.col
            cell = ws.cell(r, k, c.value if c.kind == "value" and c.value is not None else
                           (None if c.kind == "value" else c.text))
            cell.alignment = Alignment(wrap_text=True, vertical="center",
                                       horizontal="left" if c.kind == "label" else "center")
            if c.kind == "header":
                cell.font = Font(bold=True)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=r, start_column=k, end_row=r + c.rowspan - 1,
                               end_column=k + c.colspan - 1)
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    ws.cell(r + dr, k + dc).border = border
        for col in range(1, grid.n_cols + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14 if grid.table != 3 else 12
        if grid.table == 3:
            ws.column_dimensions["C"].width = 40
        if grid.table == 2:
            ws.column_dimensions["A"].width = 22
    ws = wb.create_sheet("覆盖说明")
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate([agg.title] + agg.coverage_lines(), 1):
        ws.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    _frame_sheet(wb, "勾稽核验", agg.checks_frame())
    _frame_sheet(wb, "已纳入报告", agg.included_frame())
    _frame_sheet(wb, "缺报机构", agg.missing.rename(columns={"agency_id": "机构编号", "agency_name": "机构",
                                                         "years": "有报告的年度"}))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _frame_sheet(wb, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(name)
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if (not isinstance(v, str) and pd.isna(v)) else
                   (v if isinstance(v, (int, float, str)) else str(v)) for v in row])
    for i, col in enumerate(frame.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = 18 if i > 1 else 24


def write_docx(agg: Aggregate) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(agg.title, level=1)
    for grid in statutory_grids(agg.cells, agg.version):
        doc.add_heading(SECTION_TITLES[grid.table], level=2)
        table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
        table.style = "Table Grid"
        for c in grid.cells:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
            cell.text = c.text
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8 if grid.table != 2 else 9)
                    run.font.bold = c.kind == "header"
    doc.add_heading("覆盖范围说明", level=2)
    for line in agg.coverage_lines():
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("勾稽关系核验（相加结果）", level=2)
    _frame_docx(doc, agg.checks_frame())
    doc.add_heading("已纳入的报告", level=2)
    _frame_docx(doc, agg.included_frame())
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _frame_docx(doc, frame: pd.DataFrame) -> None:
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for i, c in enumerate(frame.columns):
        table.cell(0, i).text = str(c)
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = "" if (not isinstance(v, str) and pd.isna(v)) else str(v)


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html}
