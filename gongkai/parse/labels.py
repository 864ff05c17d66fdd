"""Chinese labels of cells, rows, formats and report scopes, as printed on the statutory form.

Next to the layouts they read (formats.py), for everything that shows a cell key to a person: the
rectification list (gongkai.review), the aggregate tables (gongkai.aggregate) and their notes.
`cell_label('t3.granted.natural_person')` → `表3「（一）予以公开」×「自然人」`.
"""
from __future__ import annotations

from typing import Optional

from gongkai.parse.formats import FORMATS, T2_COL_LABELS, T3_COL_LABELS, T4_COL_LABELS, T4_COLS
# Table-3 subtotals the form prints as group labels only (the store derives them: report_outcomes).
T3_DERIVED_ROW_LABELS = {"denied_total": "（三）不予公开", "unavailable_total": "（四）无法提供",
                         "not_processed_total": "（五）不予处理", "other_total": "（六）其他处理"}
# model.SCOPES in Chinese (coverage notes of the aggregate tables).
SCOPE_LABELS = {"agency": "部门/机构", "government_organ": "政府办公厅（室）本级",
                "jurisdiction_aggregate": "本级政府汇总报告", "system_aggregate": "系统汇总报告",
                "unknown": "范围未知"}
VERSION_LABELS = {"v2021": "2021年版格式（国办公开办函〔2021〕30号）",
                  "v2019": "2019年版格式（国办公开办函〔2019〕60号）"}


def format_value(value: Optional[float]) -> str:
    """A figure as written in a table or sentence: integers without '.0', others without trailing 0s."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def version_label(version: str) -> str:
    return VERSION_LABELS.get(version, version)


def row_label(table: str, row: str, version: Optional[str] = None) -> str:
    """The printed label of a table-2 or table-3 row (of `version`, else of the first format that has
    it); the key itself when no format has the row."""
    fmts = [FORMATS[version]] if version in FORMATS else list(FORMATS.values())
    for fmt in fmts:
        for r in fmt.t2_rows + fmt.t3_rows + [g.row for g in fmt.group_totals]:
            if r.table == table and r.key == row:
                return r.label
    return row


def t4_label(col: str) -> tuple[str, str]:
    """A table-4 column → (its block, its leaf), e.g. ('行政诉讼/复议后起诉', '结果维持')."""
    group, leaf = T4_COL_LABELS[col].rsplit("/", 1)
    return group, leaf


# The five columns of each table-4 block, as printed: 结果维持 … 总计.
T4_LEAVES = tuple(t4_label(col)[1] for col in T4_COLS[:5])


def cell_label(key: str) -> str:
    """'t3.granted.natural_person' → '表3「（一）予以公开」×「自然人」' (labels as printed on the form)."""
    table, row, col = key.split(".", 2)
    if table == "t4":
        group, leaf = t4_label(col)
        return f"表4「{group}」×「{leaf}」"
    for fmt in FORMATS.values():
        for r in fmt.t2_rows + fmt.t3_rows:
            if r.table == table and r.key == row and col in r.cols:
                labels = T2_COL_LABELS if table == "t2" else T3_COL_LABELS
                return f"表{table[1]}「{r.label}」×「{labels[col]}」"
    if table == "t3" and row in T3_DERIVED_ROW_LABELS:
        return f"表3「{T3_DERIVED_ROW_LABELS[row]}」×「{T3_COL_LABELS.get(col, col)}」"
    return key


def compact_cell_labels(keys: list[str], version: str, limit: int = 20) -> str:
    """Cell labels in form order; a row whose every cell is listed becomes one 「row」（整行） item."""
    fmt = FORMATS.get(version) or FORMATS["v2021"]
    order = {c.key: i for i, c in enumerate(fmt.cells + fmt.group_cells)}
    keys = sorted(set(keys), key=lambda k: order.get(k, len(order)))
    wanted = set(keys)
    items: list[str] = []
    done_rows: set[str] = set()
    for key in keys:
        table, row, _ = key.split(".", 2)
        row_keys = [c.key for c in fmt.cells + fmt.group_cells if c.table == table and c.row == row]
        if row_keys and len(row_keys) > 1 and set(row_keys) <= wanted:
            if row not in done_rows:
                done_rows.add(row)
                label = "表4（整表）" if table == "t4" else f"表{table[1]}「{row_label(table, row, version)}」（整行）"
                items.append(label)
        else:
            items.append(cell_label(key))
    more = f" 等共 {len(items)} 处" if len(items) > limit else ""
    return "；".join(items[:limit]) + more
