"""Stored base tables (`-- stored: table`): written by every ingest, equal to the view they replace,
and never read once queries/base has changed since they were written."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from gongkai import catalog, runner
from gongkai.store import stored
from gongkai.store import connect_read, db, ensure_database, ingest_paths
from gongkai.store.bootstrap import bundled_report_files

STORED = [q for q in catalog.base_view_order() if q.stored == "table"]


def _rows(con, sql: str, columns: list[str]) -> pd.DataFrame:
    frame = db.run(con, sql)
    return frame.sort_values(columns, na_position="first").reset_index(drop=True)


def test_the_heavy_per_report_bases_are_stored():
    names = {q.name for q in STORED}
    assert {"report_dims", "report_applications", "report_outcomes", "report_counts",
            "report_identity_status", "agency_year_chains", "report_groups"} <= names
    # the narrative text stays a view: storing it would copy every report's text again
    assert catalog.get_query("report_narratives").stored == "view"


def test_an_ingest_writes_every_stored_table_and_marks_it_fresh(warehouse, con):
    assert stored.stored_tables_fresh(con)
    for query in STORED:
        assert db.table_exists(con, query.name), query.name
        columns = db.run(con, f"SELECT * FROM {db.quote_ident(query.name)} LIMIT 0").columns
        assert list(columns) == query.columns, query.name


def _ingest_runs(path) -> int:
    reader = connect_read(path)
    try:
        return int(db.run(reader, "SELECT count(*) AS n FROM ingest_runs").iat[0, 0])
    finally:
        reader.close()


@pytest.mark.parametrize("query", STORED, ids=lambda q: q.name)
def test_a_stored_table_holds_exactly_what_its_view_computes(con, query):
    stored = _rows(con, f"SELECT * FROM main.{db.quote_ident(query.name)}", query.columns)
    cur = con.cursor()
    db.execute(cur, f"USE {db.CATALOG}")
    for base in catalog.base_views_needed(query.sql) + [query]:   # every input computed from the files
        db.execute(cur, catalog.view_statement(base))
    computed = _rows(cur, f"SELECT * FROM temp.main.{db.quote_ident(query.name)}", query.columns)
    assert len(stored) > 0, query.name
    pd.testing.assert_frame_equal(stored, computed, check_dtype=False)


def test_stale_tables_are_shadowed_by_views_and_refreshed_by_the_next_ingest(tmp_path, warehouse,
                                                                               monkeypatch):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, path)
    before = path.read_bytes()
    ingest_paths(bundled_report_files(), path)              # nothing new, tables fresh: untouched
    assert path.read_bytes() == before

    # a base file changes: its definition now leaves out the first report with a year
    original = catalog.get_query("report_dims")
    assert original.sql.rstrip().endswith("LEFT JOIN agencies AS a ON a.agency_id = r.agency_id")
    changed = (original.sql.rstrip() + "\nWHERE r.report_id <> "
               "(SELECT min(report_id) FROM region_source WHERE year IS NOT NULL)")
    assert changed != original.sql
    real_get, real_list = catalog.get_query, catalog.list_queries

    def patched(query):
        return catalog.Query(**{**query.__dict__, "sql": changed}) if query.name == "report_dims" else query

    monkeypatch.setattr(catalog, "list_queries", lambda kind=None: [patched(q) for q in real_list(kind)])
    monkeypatch.setattr(catalog, "get_query", lambda name: patched(real_get(name)))

    reader = connect_read(path)
    try:
        assert not stored.stored_tables_fresh(reader)
        stale_count = int(db.run(reader, "SELECT count(*) AS n FROM main.report_dims "
                                         "WHERE year IS NOT NULL").iat[0, 0])
        shown = runner.run_query("app_headline_by_year", {"scope": "all"}, con=reader)
        assert int(shown["report_count"].sum()) == stale_count - 1   # read through the new view
    finally:
        reader.close()

    runs_before = _ingest_runs(path)
    ensure_database(path)          # every reading command's first step: rewrites the stale tables
    assert _ingest_runs(path) == runs_before                 # no data changed, so no new ingest run
    reader = connect_read(path)
    try:
        assert stored.stored_tables_fresh(reader)
        assert int(db.run(reader, "SELECT count(*) AS n FROM main.report_dims "
                                  "WHERE year IS NOT NULL").iat[0, 0]) == stale_count - 1
    finally:
        reader.close()
