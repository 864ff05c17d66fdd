"""Open-data export: every warehouse table, plus a data dictionary, as Parquet, CSV or XLSX.

The data is read once per table from a read-only connection (so an export runs while an ingest is
writing) and written in the requested format. The dictionary is built from the schema's own column
comments and the parser's cell definitions, so it cannot describe columns that do not exist.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gongkai.store import db
from gongkai.store.dictionary import TABLE_LABELS, cell_labels

FORMATS = ("parquet", "csv", "xlsx")
# Tables and views exported, in this order. The original bytes are not exported: they are the archive,
# not open data, and live in the document store (gongkai.store.documents.read_document). A warehouse
# not yet migrated still has them in documents.content, which is left out.
EXPORT_TABLES = ("agencies", "reports", "cells", "checks", "warnings", "field_sources",
                 "documents", "report_texts", "ingest_runs", "t2_wide", "t3_wide", "t4_wide")
EXCLUDED_COLUMNS = {("documents", "content")}
ORDER_BY = {"agencies": ("agency_id",), "reports": ("report_id",), "cells": ("report_id", "cell_key"),
            "checks": ("report_id", "seq"), "warnings": ("report_id", "seq"),
            "field_sources": ("report_id", "field"), "documents": ("received_at", "sha256"),
            "report_texts": ("report_id",), "ingest_runs": ("run_id",), "t2_wide": ("report_id",),
            "t3_wide": ("report_id",), "t4_wide": ("report_id",)}
DICTIONARY_TABLES = ("dictionary_columns", "dictionary_cells")
WIDE_ID_COLUMNS = {"report_id", "agency_id", "year", "format_version", "report_scope", "is_current"}
XLSX_MAX_ROWS = 1_048_575        # Excel's limit minus the header row
XLSX_MAX_CHARS = 32_767          # Excel's limit per cell

_DICTIONARY_DESCRIPTIONS = {
    ("dictionary_columns", "table_name"): "exported table or view the column belongs to",
    ("dictionary_columns", "column_name"): "column name as exported",
    ("dictionary_columns", "data_type"): "DuckDB type of the column",
    ("dictionary_columns", "description"): "what the column holds and its unit",
    ("dictionary_cells", "cell_key"): "canonical cell key t<table>.<row>.<col>; joins cells.cell_key",
    ("dictionary_cells", "format_version"): "format version whose table has this cell (v2019 | v2021)",
    ("dictionary_cells", "table_no"): "table number: 2 主动公开, 3 依申请公开, 4 复议诉讼",
    ("dictionary_cells", "row_key"): "row part of the key",
    ("dictionary_cells", "col_key"): "column part of the key",
    ("dictionary_cells", "label_zh"): "Chinese row / column labels as printed on the statutory form",
    ("dictionary_cells", "label_en"): "English label",
}


def export(fmt: str, out_dir: Union[str, Path], db_path: Union[str, Path]) -> list[Path]:
    """Write every exported table and the dictionary to `out_dir`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = db.connect_read(db_path)
    try:
        tables = {name: read_table(con, name) for name in EXPORT_TABLES}
        tables.update(build_dictionary(con))
    finally:
        con.close()
    if fmt == "xlsx":
        return [_write_xlsx(tables, out_dir / "gongkai.xlsx")]
    written = []
    for name, table in tables.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "parquet":
            pq.write_table(table, path)
        else:
            table.to_pandas().to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def exported_columns(con, table: str) -> list[str]:
    if table not in EXPORT_TABLES:
        raise ValueError(f"not an exported table: {table}")
    names = db.run(con, "SELECT column_name FROM duckdb_columns() WHERE database_name = ? "
                        "AND table_name = ? ORDER BY column_index", [db.CATALOG, table])["column_name"]
    return [c for c in names if (table, c) not in EXCLUDED_COLUMNS]


def read_table(con, table: str) -> pa.Table:
    """One exported table as Arrow (types kept exactly), ordered by its key for stable files."""
    cols = exported_columns(con, table)
    order = ", ".join(db.quote_ident(c) for c in ORDER_BY[table])
    select = ", ".join(db.quote_ident(c) for c in cols)
    return db.run_arrow(con, f"SELECT {select} FROM {db.quote_ident(table)} ORDER BY {order}")


def build_dictionary(con) -> dict[str, pa.Table]:
    """dictionary_columns: every column of every exported table; dictionary_cells: every cell key."""
    seen = db.run(con, "SELECT DISTINCT c.cell_key, r.format_version FROM cells AS c "
                       "JOIN reports AS r ON r.report_id = c.report_id")
    labels = cell_labels(seen.itertuples(index=False, name=None))
    label_of = {}
    for lab in labels:
        label_of.setdefault(lab.cell_key, lab)
    comments = db.run(con, "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                           "WHERE database_name = ?", [db.CATALOG])
    described = {(t, c): (ty, com) for t, c, ty, com in comments.itertuples(index=False, name=None)}
    rows = []
    for table in EXPORT_TABLES:
        for col in exported_columns(con, table):
            dtype, comment = described[(table, col)]
            rows.append((table, col, dtype, _describe(table, col, comment, label_of)))
    for (table, col), text in _DICTIONARY_DESCRIPTIONS.items():
        rows.append((table, col, "INTEGER" if col == "table_no" else "VARCHAR", text))
    columns = pd.DataFrame(rows, columns=["table_name", "column_name", "data_type", "description"])
    cells = pd.DataFrame(
        [(c.cell_key, c.format_version, c.table_no, c.row_key, c.col_key, c.label_zh, c.label_en)
         for c in labels],
        columns=["cell_key", "format_version", "table_no", "row_key", "col_key", "label_zh", "label_en"])
    cells["table_no"] = cells["table_no"].astype("int32")
    return {"dictionary_columns": pa.Table.from_pandas(columns, preserve_index=False),
            "dictionary_cells": pa.Table.from_pandas(cells, preserve_index=False)}


def _describe(table: str, col: str, comment: Optional[str], label_of: dict) -> str:
    if isinstance(comment, str) and comment:     # NULL comes back as NaN
        return comment
    if table.endswith("_wide"):
        if col in WIDE_ID_COLUMNS:
            return f"reports.{col}"
        lab = label_of.get(col)
        table_zh = TABLE_LABELS[int(table[1])][0]
        zh = f"{lab.label_zh}" if lab and lab.label_zh else ""
        return f"value of cell {col} ({table_zh}{': ' + zh if zh else ''}); see dictionary_cells"
    return ""


def _write_xlsx(tables: dict[str, pa.Table], path: Path) -> Path:
    """One sheet per table (split into name_2, name_3 … past Excel's row limit); over-long texts are
    cut to Excel's cell limit and characters Excel rejects are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            return value[:XLSX_MAX_CHARS]
        return value

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            frame = table.to_pandas()
            for col in frame.columns:
                if frame[col].dtype == object or str(frame[col].dtype) in ("str", "string"):
                    frame[col] = frame[col].map(clean)
            parts = max(1, -(-len(frame) // XLSX_MAX_ROWS))
            for i in range(parts):
                sheet = name if i == 0 else f"{name}_{i + 1}"
                frame.iloc[i * XLSX_MAX_ROWS:(i + 1) * XLSX_MAX_ROWS].to_excel(
                    writer, sheet_name=sheet[:31], index=False)
    return path
