"""The statutory layout of tables 2, 3 and 4 as data: a grid of label, header and value cells.

Same rows, columns, labels and merged header cells as the format of the year (spec report-format.md
§3–4): the 3×3 勾稽关系 note, 申请人情况 / 法人或其他组织, 三、本年度办理结果 and （三）…（六） row spans,
行政复议 / 行政诉讼 / 未经复议直接起诉 / 复议后起诉. The aggregate writers (xlsx, docx, html) lay their
tables out from `statutory_grids`; `tables_html(cells, version)` is the same tables as an escaped HTML
fragment (the tests write their synthetic reports with it).
"""
from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from typing import Optional

from gongkai.parse.formats import FORMATS, T2_COL_LABELS, T3_COL_LABELS, T3_COLS, T4_COLS
from gongkai.parse.labels import T3_DERIVED_ROW_LABELS, T4_LEAVES, format_value

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SECTION_TITLES = {2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                  4: "四、政府信息公开行政复议、行政诉讼情况"}
# 第二十条 item of each table-2 row (the format groups its rows in these blocks).
ART20 = {"regulations": "一", "normative_documents": "一", "administrative_license": "五",
         "other_external_services": "五", "administrative_penalty": "六",
         "administrative_compulsion": "六", "administrative_fees": "八", "centralized_procurement": "九"}
# The row-span label of each group of table-3 rows: the printed label of the group's subtotal.
T3_GROUP_LABELS = {g: T3_DERIVED_ROW_LABELS[f"{g}_total"]
                   for g in ("denied", "unavailable", "not_processed", "other")}


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

