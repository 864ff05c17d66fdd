"""An ingest refreshes the stored base tables only for the reports it changed (gongkai.store.stored),
and the result is row for row what a full rewrite computes from the query files."""
from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
import pytest

from benchmarks import synth
from gongkai import catalog
from gongkai.store import db, derived, stored
from gongkai.store.ingest import ingest_paths

STORED = [q for q in catalog.base_view_order() if q.stored == "table" and not catalog.is_macro(q)]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), na_position="first").reset_index(drop=True)


def _assert_equal_to_full_rebuild(path) -> None:
    """Every stored table equals what its query files compute now (what a full rewrite writes), and
    the versions and agency rows, which an ingest recomputes only for the agency+years and agencies
    it added reports to, equal a recomputation over every row."""
    _assert_versions_and_agencies_equal_full_recompute(path)
    con = db.connect_read(path)
    try:
        assert stored.stored_tables_fresh(con)
        cur = con.cursor()
        db.execute(cur, f"USE {db.CATALOG}")
        for query in STORED:
            table = _sorted(db.run(con, f"SELECT * FROM main.{query.name}"))
            for base in catalog.base_views_needed(query.sql) + [query]:
                db.execute(cur, catalog.view_statement(base))
            full = _sorted(db.run(cur, f"SELECT * FROM temp.main.{query.name}"))
            assert len(table) == len(full), query.name
            pd.testing.assert_frame_equal(table, full, check_dtype=False, obj=query.name)
    finally:
        con.close()


def _assert_versions_and_agencies_equal_full_recompute(path) -> None:
    scratch = path.with_name("recompute-" + path.name)
    shutil.copyfile(path, scratch)
    con = db.connect_write(scratch)
    try:
        before = db.run(con, "SELECT * FROM agencies ORDER BY agency_id")
        flags_changed: set[int] = set()
        derived._recompute_versions(con, flags_changed)
        derived._refresh_agencies(con)
        assert flags_changed == set(), "versions recomputed over every row differ"
        after = db.run(con, "SELECT * FROM agencies ORDER BY agency_id")
        pd.testing.assert_frame_equal(before, after, obj="agencies recomputed over every row")
    finally:
        con.close()
        scratch.unlink()


def _write(folder, reps, suffix=""):
    paths = []
    for rep in reps:
        name, data = synth.render(rep)
        path = folder / (suffix + name)
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def counted(monkeypatch):
    """Every ingest may refresh (no share limit); counts the full rewrites."""
    calls = []
    real = stored.write_stored_tables
    monkeypatch.setattr(stored, "FULL_REWRITE_SHARE", 1.0)
    monkeypatch.setattr(stored, "write_stored_tables", lambda con: calls.append(1) or real(con))
    return calls


def test_a_sequence_of_ingests_leaves_the_stored_tables_equal_to_a_full_rebuild(tmp_path, counted):
    reps = list(synth.generate(6, [2020, 2021, 2022], seed=5,
                               kind_mix={"html": 0.5, "text": 0.5}))
    by_year = {y: [r for r in reps if r.year == y] for y in (2020, 2021, 2022)}
    docs = tmp_path / "docs"
    docs.mkdir()
    path = tmp_path / "w.duckdb"

    first = _write(docs, by_year[2020] + by_year[2022])
    summary = ingest_paths(first, path)
    assert summary.count("new") == len(first) and counted == [1]      # a new file: written whole
    _assert_equal_to_full_rebuild(path)

    # new reports of the year between: the chains of the 2022 reports of the same agencies change
    summary = ingest_paths(_write(docs, by_year[2021]), path)
    assert summary.count("new") == 6 and counted == [1]                 # refreshed, not rewritten
    _assert_equal_to_full_rebuild(path)

    # corrected versions (other figures): they become current and the old ones lose their rows
    corrected = [dataclasses.replace(r, proactive_count=r.proactive_count + 17) for r in by_year[2021][:2]]
    summary = ingest_paths(_write(docs, corrected, "corrected_"), path)
    assert summary.count("updated") == 2 and counted == [1]
    _assert_equal_to_full_rebuild(path)

    # other renderings of current reports (same figures, other kind of document)
    other = [dataclasses.replace(r, kind="text" if r.kind == "html" else "html") for r in by_year[2020][:3]]
    summary = ingest_paths(_write(docs, other, "rendering_"), path)
    assert summary.count("new") + summary.count("updated") == 3 and counted == [1]
    _assert_equal_to_full_rebuild(path)

    # the same bytes again: nothing changes, nothing is written
    before = path.read_bytes()
    summary = ingest_paths(first, path)
    assert summary.count("unchanged") == len(first) and not summary.changed
    assert path.read_bytes() == before and counted == [1]

    # a document that is not a report, and a new agency's report
    notes = docs / "README.md"
    notes.write_text("说明\n本目录存放下载的年度报告。\n", encoding="utf-8")
    newcomer = list(synth.generate(1, [2021], seed=99))
    summary = ingest_paths([notes] + _write(docs, newcomer), path)
    assert summary.count("new") == 2 and counted == [1]
    _assert_equal_to_full_rebuild(path)


def test_a_large_share_of_changed_reports_or_stale_tables_rewrite_everything(tmp_path, monkeypatch):
    calls = []
    real = stored.write_stored_tables
    monkeypatch.setattr(stored, "write_stored_tables", lambda con: calls.append(1) or real(con))
    reps = list(synth.generate(4, [2020, 2021], seed=7))
    docs = tmp_path / "docs"
    docs.mkdir()
    path = tmp_path / "w.duckdb"
    ingest_paths(_write(docs, [r for r in reps if r.year == 2020]), path)
    assert calls == [1]
    ingest_paths(_write(docs, [r for r in reps if r.year == 2021]), path)   # half of all reports
    assert calls == [1, 1]
    _assert_equal_to_full_rebuild(path)

    # another parser wrote the warehouse: the next ingest rewrites the tables whole
    con = db.connect_write(path)
    try:
        db.execute(con, "UPDATE meta SET value = 'older' WHERE key = 'parser_fingerprint'")
    finally:
        con.close()
    monkeypatch.setattr(stored, "FULL_REWRITE_SHARE", 1.0)
    ingest_paths(_write(docs, list(synth.generate(1, [2022], seed=8))), path)
    assert calls == [1, 1, 1]
    _assert_equal_to_full_rebuild(path)
