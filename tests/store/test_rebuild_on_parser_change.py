"""A sample database read by another parser version is rebuilt; one holding other documents is kept."""
from __future__ import annotations

import duckdb

from gongkai.parse import parser_fingerprint
from gongkai.store.bootstrap import ensure_database
from gongkai.store.ingest import ingest_paths


def _fingerprint(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT value FROM meta WHERE key = 'parser_fingerprint'").fetchone()[0]
    finally:
        con.close()


def _pretend_older_parser(path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'parser_fingerprint'")
    finally:
        con.close()


def test_a_bundled_only_database_from_an_older_parser_is_rebuilt(tmp_path):
    path = ensure_database(tmp_path / "w.duckdb")
    assert _fingerprint(path) == parser_fingerprint()
    _pretend_older_parser(path)
    ensure_database(path)
    assert _fingerprint(path) == parser_fingerprint()


def test_a_database_with_other_documents_is_never_rebuilt_behind_the_users_back(tmp_path, corpus):
    path = ensure_database(tmp_path / "w.duckdb")
    extra = tmp_path / "mine.txt"
    extra.write_bytes((corpus / "r004.txt").read_bytes() + b"\n")
    ingest_paths([extra], path)
    _pretend_older_parser(path)
    ensure_database(path)
    assert _fingerprint(path) == "older"
