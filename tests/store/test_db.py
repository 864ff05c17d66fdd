"""Readers keep working while an ingest writes, and see the new file once it is swapped in."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from gongkai.store import db
from gongkai.store.ingest import ingest_paths


def count_reports(con) -> int:
    return int(db.run(con, "SELECT count(*) AS n FROM reports")["n"].iloc[0])


def test_another_process_can_read_while_an_ingest_is_writing(warehouse, tmp_path, parser, corpus,
                                                             repo):
    inside, finish = threading.Event(), threading.Event()

    def paused(data, name):
        inside.set()
        assert finish.wait(20)
        return parser(data, name)

    doc = tmp_path / "late.txt"
    doc.write_bytes((corpus / "r004.txt").read_bytes() + b"\n")
    writer = threading.Thread(target=ingest_paths, args=([doc], warehouse), kwargs={"parser": paused})
    writer.start()
    try:
        assert inside.wait(20)
        reader = subprocess.run(
            [sys.executable, "-c",
             "import sys; from gongkai.store import db; "
             "con = db.connect_read(sys.argv[1]); "
             "print(db.run(con, 'SELECT count(*) AS n FROM reports WHERE year > ?', [2000])['n'][0])",
             str(warehouse)], cwd=repo, capture_output=True, text=True, timeout=30)
        assert reader.returncode == 0, reader.stderr
        assert int(reader.stdout) > 0
    finally:
        finish.set()
        writer.join()


def test_reader_reattaches_when_an_ingest_replaces_the_file(warehouse, tmp_path, parser, corpus):
    reader = db.Reader(warehouse)
    before = count_reports(reader.cursor())
    old = reader.connection()
    doc = tmp_path / "extra.txt"
    doc.write_bytes((corpus / "r010.txt").read_bytes() + b"\n")
    ingest_paths([doc], warehouse, parser=parser)

    assert count_reports(reader.cursor()) == before + 1
    assert reader.connection() is not old
    assert count_reports(old) == before          # an old connection keeps its consistent snapshot


def test_reader_keeps_its_connection_while_the_file_is_unchanged(warehouse):
    reader = db.Reader(warehouse)
    first = reader.connection()
    assert reader.connection() is first


def test_connect_read_on_a_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="gongkai ingest"):
        db.connect_read(tmp_path / "none.duckdb")


def test_reader_connections_are_read_only(corpus_db):
    con = db.connect_read(corpus_db)
    with pytest.raises(Exception, match="read-only|read only"):
        db.execute(con, "DELETE FROM cells")


def test_run_binds_values_and_refuses_anything_else(corpus_db):
    con = db.connect_read(corpus_db)
    frame = db.run(con, "SELECT count(*) AS n FROM cells WHERE cell_key = ?", ["t3.granted.total"])
    assert frame["n"].iloc[0] > 0
    named = db.run(con, "SELECT count(*) AS n FROM cells WHERE cell_key = $key", {"key": "x' OR 1=1"})
    assert named["n"].iloc[0] == 0
    with pytest.raises(TypeError):
        db.run(con, "SELECT ?", "t3.granted.total")
    with pytest.raises(ValueError):
        db.quote_ident('cells"; DROP TABLE cells; --')
