"""The standby file (gongkai/store/standby.py): an ingest writes the previous live file, caught up by
copying only the rows the last ingest changed, never the whole warehouse; anything it cannot prove
equal is replaced by a copy, and a half-done swap is completed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from gongkai.store import db, standby, stored
from gongkai.store.ingest import ingest_paths
from gongkai.store.standby import standby_path


def _differences(a: Path, b: Path) -> list[str]:
    """Tables (row for row, as multisets), views and macros that differ between two warehouse files."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [str(a)])
    con.execute("ATTACH ? AS b (READ_ONLY)", [str(b)])
    out = []
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() "
                                        "WHERE database_name IN ('a', 'b')").fetchall()}
    for t in sorted(tables):
        try:
            diff = con.execute(f"SELECT (SELECT count(*) FROM (SELECT * FROM a.main.{t} EXCEPT ALL "
                               f"SELECT * FROM b.main.{t})) + (SELECT count(*) FROM (SELECT * FROM "
                               f"b.main.{t} EXCEPT ALL SELECT * FROM a.main.{t}))").fetchone()[0]
        except duckdb.Error as exc:
            out.append(f"{t}: {exc}")
            continue
        if diff:
            out.append(f"{t}: {diff} rows differ")
    for kind, sql in (("views", "SELECT view_name, sql, comment FROM duckdb_views() WHERE database_name = ? "
                                "AND NOT internal ORDER BY 1"),
                      ("macros", "SELECT function_name, macro_definition FROM duckdb_functions() "
                                 "WHERE database_name = ? AND macro_definition IS NOT NULL ORDER BY 1, 2")):
        if con.execute(sql, ["a"]).fetchall() != con.execute(sql, ["b"]).fetchall():
            out.append(kind)
    con.close()
    return out


@pytest.fixture
def small_runs_refresh(monkeypatch):
    """The bundled-size warehouse is tiny, so every run would touch more than a fifth of its reports
    and rewrite every stored table (a bulk load: the next ingest copies). Let runs refresh by report."""
    monkeypatch.setattr(stored, "FULL_REWRITE_SHARE", 1.0)


def _variants(tmp_path: Path, corpus_docs: list[Path]) -> list[list[Path]]:
    """Ingests that exercise what a run can change: new reports and agencies, another rendering, a
    correction of an earlier report, bytes already stored, a document that is not a report."""
    html = next(p for p in corpus_docs if p.suffix == ".html")
    corrected = tmp_path / f"corrected_{html.name}"
    text = html.read_bytes()
    corrected.write_bytes(text.replace(b"</body>", b"<p>corrected</p></body>"))
    notes = tmp_path / "notes.txt"
    notes.write_text("a note, not a report", encoding="utf-8")
    return [corpus_docs[:6], corpus_docs[6:12] + [notes], [corrected, corpus_docs[0]],
            corpus_docs[12:]]


def test_each_ingest_catches_the_standby_up_by_the_last_runs_rows(tmp_path, corpus_docs, parser,
                                                                  small_runs_refresh):
    path = tmp_path / "w.duckdb"
    how = []
    for step, docs in enumerate(_variants(tmp_path, corpus_docs)):
        summary = ingest_paths(docs, path, parser=parser)
        assert summary.changed
        how.append(summary.standby)
        if standby_path(path).exists():      # on a copy of both files, catch the standby up and compare
            scratch = db.copy_warehouse(path, tmp_path / f"scratch{step}.duckdb")
            shutil.copyfile(standby_path(path), standby_path(scratch))
            assert ingest_paths([], scratch, parser=parser).standby.startswith("caught up: run ")
            assert _differences(scratch, standby_path(scratch)) == []
    assert how[0] == "new file" and how[1] == "copied: no standby file yet"
    assert all(h.startswith("caught up: run ") for h in how[2:]), how


def test_the_file_an_ingest_writes_equals_one_made_by_copying(tmp_path, corpus_docs, parser,
                                                               small_runs_refresh):
    """The live file after catch-ups has the same figures as one whose every ingest copied the file
    (run times and generation ids aside)."""
    caught, copied = tmp_path / "caught.duckdb", tmp_path / "copied.duckdb"
    for docs in _variants(tmp_path, corpus_docs):
        ingest_paths(docs, caught, parser=parser)
        standby_path(copied).unlink(missing_ok=True)
        assert ingest_paths(docs, copied, parser=parser).standby.startswith(("copied", "new file"))
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [str(caught)])
    con.execute("ATTACH ? AS b (READ_ONLY)", [str(copied)])
    ignore = {"meta": "WHERE key NOT LIKE 'generation%'", "documents": None, "ingest_runs": None}
    for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'a'").fetchall():
        if t in ignore and ignore[t] is None:
            continue
        where = ignore.get(t) or ""
        diff = con.execute(f"SELECT count(*) FROM ((SELECT * FROM a.main.{t} {where} EXCEPT ALL "
                           f"SELECT * FROM b.main.{t} {where}) UNION ALL (SELECT * FROM b.main.{t} "
                           f"{where} EXCEPT ALL SELECT * FROM a.main.{t} {where}))").fetchone()[0]
        assert diff == 0, t
    for t, stamp in (("documents", "received_at"), ("ingest_runs", "started_at, finished_at")):
        cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE database_name "
                                          "= 'a' AND table_name = ? ORDER BY column_index", [t]).fetchall()
                if r[0] not in stamp]
        select = ", ".join(cols)
        assert (con.execute(f"SELECT {select} FROM a.main.{t} ORDER BY ALL").fetchall()
                == con.execute(f"SELECT {select} FROM b.main.{t} ORDER BY ALL").fetchall()), t


def test_a_standby_that_differs_beyond_the_listed_reports_is_replaced_by_a_copy(
        tmp_path, corpus_docs, parser, small_runs_refresh):
    path = tmp_path / "w.duckdb"
    for docs in (corpus_docs[:6], corpus_docs[6:12], corpus_docs[12:16]):
        ingest_paths(docs, path, parser=parser)
    con = duckdb.connect(str(standby_path(path)))          # damage a row no run lists
    con.execute("DELETE FROM cells WHERE report_id = (SELECT min(report_id) FROM cells)")
    con.close()
    summary = ingest_paths(corpus_docs[16:], path, parser=parser)
    assert summary.standby == "copied: after the catch-up, table cells differs from the live file"
    ingest_paths([], path, parser=parser)
    assert _differences(path, standby_path(path)) == []


def test_a_standby_of_another_lineage_or_after_a_full_rewrite_is_copied(tmp_path, corpus_docs, parser,
                                                                        small_runs_refresh, monkeypatch):
    path, other = tmp_path / "w.duckdb", tmp_path / "other.duckdb"
    ingest_paths(corpus_docs[:6], path, parser=parser)
    ingest_paths(corpus_docs[:3], other, parser=parser)
    os.replace(other, standby_path(path))
    summary = ingest_paths(corpus_docs[6:10], path, parser=parser)
    assert summary.standby == "copied: the standby is not the file the last ingest was written on"
    monkeypatch.setattr(stored, "FULL_REWRITE_SHARE", 0.0)          # a bulk load: rewrite everything
    ingest_paths(corpus_docs[10:14], path, parser=parser)
    monkeypatch.setattr(stored, "FULL_REWRITE_SHARE", 1.0)
    summary = ingest_paths(corpus_docs[14:18], path, parser=parser)
    assert summary.standby.startswith("copied: the last ingest rewrote every stored table")
    assert ingest_paths(corpus_docs[18:], path, parser=parser).standby.startswith("caught up")


def test_an_ingest_never_copies_the_live_file_once_the_standby_exists(tmp_path, corpus_docs, parser,
                                                                      small_runs_refresh, monkeypatch):
    path = tmp_path / "w.duckdb"
    ingest_paths(corpus_docs[:6], path, parser=parser)
    ingest_paths(corpus_docs[6:8], path, parser=parser)
    copies = []
    real = standby._fresh_copy
    monkeypatch.setattr(standby, "_fresh_copy", lambda *a: copies.append(a) or real(*a))
    for docs in (corpus_docs[8:12], corpus_docs[12:16], corpus_docs[16:]):
        ingest_paths(docs, path, parser=parser)
    assert copies == []


def test_a_reader_in_this_process_lets_go_of_the_replaced_file(tmp_path, corpus_docs, parser,
                                                                small_runs_refresh):
    path = tmp_path / "w.duckdb"
    ingest_paths(corpus_docs[:6], path, parser=parser)
    ingest_paths(corpus_docs[6:8], path, parser=parser)
    reader = db.Reader(path)
    cur = reader.cursor()
    before = cur.execute("SELECT count(*) FROM reports").fetchone()[0]
    cur.close()
    ingest_paths(corpus_docs[8:12], path, parser=parser)     # the reader's file is now the standby
    # POSIX locks do not exclude their own process, so the writer checks this process's open files
    # and waits until the reader's watcher drops the replaced file (≤ 1 s) instead of writing under it
    summary = ingest_paths(corpus_docs[12:16], path, parser=parser)
    assert summary.standby.startswith("caught up"), summary.standby
    cur = reader.cursor()
    assert cur.execute("SELECT count(*) FROM reports").fetchone()[0] > before
    cur.close()


def test_a_reader_in_another_process_holding_the_standby_makes_the_ingest_copy(
        tmp_path, corpus_docs, parser, small_runs_refresh, monkeypatch, repo):
    path = tmp_path / "w.duckdb"
    ingest_paths(corpus_docs[:6], path, parser=parser)
    ingest_paths(corpus_docs[6:8], path, parser=parser)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect()
        con.execute("ATTACH ? AS s (READ_ONLY)", [{str(standby_path(path))!r}])
        print(con.execute("SELECT count(*) FROM s.main.reports").fetchone()[0], flush=True)
        time.sleep(60)
    """)], cwd=repo, stdout=subprocess.PIPE, text=True)
    try:
        assert int(holder.stdout.readline()) > 0
        monkeypatch.setattr(standby, "STANDBY_WAIT_SECONDS", 0.5)
        started = time.monotonic()
        summary = ingest_paths(corpus_docs[8:12], path, parser=parser)
        assert summary.standby == "copied: a reader still had the standby open after 0.5 s"
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()
    ingest_paths([], path, parser=parser)
    assert _differences(path, standby_path(path)) == []


def test_a_swap_cut_short_is_completed_by_the_next_ingest(tmp_path, corpus_docs, parser,
                                                          small_runs_refresh, monkeypatch):
    path = tmp_path / "w.duckdb"
    ingest_paths(corpus_docs[:6], path, parser=parser)
    ingest_paths(corpus_docs[6:8], path, parser=parser)
    real_replace = os.replace
    calls = []

    def die_before_the_last_rename(src, dst):
        calls.append(src)
        if str(src).endswith(standby.SWAP_SUFFIX):
            raise KeyboardInterrupt            # killed between the two renames of the swap
        return real_replace(src, dst)

    monkeypatch.setattr(standby.os, "replace", die_before_the_last_rename)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(corpus_docs[8:12], path, parser=parser)
    monkeypatch.setattr(standby.os, "replace", real_replace)
    assert not standby_path(path).exists() and standby.swap_path(path).exists()
    with db.connect_read(path) as con:      # the new file is live, complete
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
    summary = ingest_paths(corpus_docs[12:16], path, parser=parser)
    assert summary.standby.startswith("caught up"), summary.standby
    assert not standby.swap_path(path).exists()
    ingest_paths([], path, parser=parser)
    assert _differences(path, standby_path(path)) == []


def test_a_warehouse_from_before_standby_files_is_brought_along_and_every_query_runs(
        warehouse, corpus_docs, parser, small_runs_refresh, tmp_path):
    """A file written before this design (no generation ids, no last_run_changes, no rules
    fingerprint, stored tables of older query files): the first ingests copy (twice: the old file
    has no generation to prove lineage), then ingests catch up, and every query file runs on it."""
    from gongkai import catalog
    from gongkai.runner import run_query
    con = duckdb.connect(str(warehouse))
    con.execute("DROP TABLE last_run_changes")
    con.execute("DELETE FROM meta WHERE key LIKE 'generation%' OR key = 'derived_rules_fingerprint'")
    con.execute("UPDATE meta SET value = 'older' WHERE key = ?", [catalog.STORED_FINGERPRINT_KEY])
    con.close()
    extra = []
    for i in range(3):
        doc = tmp_path / f"extra{i}.txt"
        doc.write_bytes(b"\n" * (i + 1) + corpus_docs[i].read_bytes())
        extra.append(doc)
    how = [ingest_paths([doc], warehouse, parser=parser).standby for doc in extra]
    assert how[0] == "copied: no standby file yet"
    assert how[1] == "copied: a file without a generation id (written before standby files)"
    assert how[2].startswith("caught up: run "), how
    reader = db.connect_read(warehouse)
    try:
        for query in catalog.list_queries():
            if not catalog.is_macro(query):
                run_query(query.name, None, con=reader)          # raises on any broken query
    finally:
        reader.close()
    ingest_paths([], warehouse, parser=parser)
    assert _differences(warehouse, standby_path(warehouse)) == []
