"""Open-data export: Parquet round-trips, CSV opens in Excel, XLSX has every sheet, dictionary is whole."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from gongkai.store import db
from gongkai.store.export import DICTIONARY_TABLES, EXPORT_TABLES, export


@pytest.fixture(scope="module")
def parquet_dir(corpus_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet")
    export("parquet", out, corpus_db)
    return out


def test_parquet_round_trips_every_table(corpus_db, parquet_dir):
    con = db.connect_read(corpus_db)
    for table in EXPORT_TABLES:
        exported = pq.read_table(parquet_dir / f"{table}.parquet")
        columns = [c for c in exported.column_names]
        stored = db.run_arrow(con, f"SELECT {', '.join(db.quote_ident(c) for c in columns)} "
                                   f"FROM {db.quote_ident(table)}")
        assert exported.num_rows == stored.num_rows, table
        assert exported.schema.equals(stored.schema), table
        key = [(columns[0], "ascending")] + ([(columns[1], "ascending")] if table == "cells" else [])
        assert exported.sort_by(key).equals(stored.sort_by(key)), table


def test_parquet_figures_equal_the_database_figures(corpus_db, parquet_dir):
    cells = pd.read_parquet(parquet_dir / "cells.parquet")
    con = db.connect_read(corpus_db)
    stored = db.run(con, "SELECT report_id, cell_key, value FROM cells")
    merged = cells.merge(stored, on=["report_id", "cell_key"], suffixes=("_file", "_db"))
    assert len(merged) == len(stored) == len(cells) > 3000
    same = (merged["value_file"] == merged["value_db"]) | (merged["value_file"].isna()
                                                           & merged["value_db"].isna())
    assert same.all()
    wide = pd.read_parquet(parquet_dir / "t3_wide.parquet").set_index("report_id")
    current = db.run(con, "SELECT report_id, value FROM cells WHERE cell_key = ? AND value IS NOT NULL",
                     ["t3.new_received.total"])
    for report_id, value in current.itertuples(index=False):
        assert wide.loc[report_id, "t3.new_received.total"] == value


def test_documents_are_exported_without_their_bytes(parquet_dir):
    assert "content" not in pq.read_table(parquet_dir / "documents.parquet").column_names


def test_dictionary_describes_every_exported_column(parquet_dir):
    dictionary = pd.read_parquet(parquet_dir / "dictionary_columns.parquet")
    described = set(zip(dictionary["table_name"], dictionary["column_name"]))
    for table in EXPORT_TABLES + DICTIONARY_TABLES:
        for column in pq.read_table(parquet_dir / f"{table}.parquet").column_names:
            assert (table, column) in described, (table, column)
    assert dictionary["description"].str.len().gt(0).all()


def test_dictionary_labels_every_stored_cell_key(corpus_db, parquet_dir):
    cells = pd.read_parquet(parquet_dir / "dictionary_cells.parquet")
    con = db.connect_read(corpus_db)
    stored = db.run(con, "SELECT DISTINCT c.cell_key, r.format_version FROM cells c "
                         "JOIN reports r USING (report_id)")
    labelled = set(zip(cells["cell_key"], cells["format_version"]))
    assert set(stored.itertuples(index=False, name=None)) <= labelled
    assert cells["label_zh"].notna().all() and cells["label_en"].notna().all()
    row = cells[(cells.cell_key == "t3.granted.total") & (cells.format_version == "v2021")].iloc[0]
    assert "予以公开" in row["label_zh"] and "总计" in row["label_zh"]
    assert row["label_en"] == "Applications received and handled: granted / total"
    assert set(cells["format_version"]) == {"v2019", "v2021"}


def test_csv_is_utf8_with_bom_so_excel_shows_chinese(corpus_db, tmp_path):
    export("csv", tmp_path, corpus_db)
    raw = (tmp_path / "agencies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "沭阳县发展和改革局" in raw.decode("utf-8-sig")
    cells = pd.read_csv(tmp_path / "cells.csv", encoding="utf-8-sig")
    assert len(cells) > 3000


def test_xlsx_has_one_sheet_per_table_and_the_dictionary(corpus_db, tmp_path):
    (path,) = export("xlsx", tmp_path, corpus_db)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == list(EXPORT_TABLES + DICTIONARY_TABLES)
    agencies = pd.read_excel(path, sheet_name="agencies")
    assert "沭阳县发展和改革局" in set(agencies["name"])


def test_export_rejects_an_unknown_format(corpus_db, tmp_path):
    with pytest.raises(ValueError):
        export("json", tmp_path, corpus_db)
