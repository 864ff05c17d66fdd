"""The document store: bytes beside the database (content-addressed, gzip), written before the commit,
never rewritten; old warehouses migrated by the next ingest; `gongkai gc` removes only orphans;
and the file stays proportional to its content (compaction of free blocks)."""
from __future__ import annotations

import gzip
import hashlib
import signal
from pathlib import Path

import duckdb
import pytest

from gongkai.cli import main
from gongkai.store import db
from gongkai.store.bootstrap import bundled_report_files
from gongkai.store.documents import (DocumentCorrupt, DocumentMissing, DocumentStore, has_inline_content,
                                     object_path, read_document, store_dir)
from gongkai.store.ingest import ingest_paths


def _named(path: Path) -> set[str]:
    con = db.connect_read(path)
    try:
        return {r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()}
    finally:
        con.close()


def _objects(path: Path) -> set[str]:
    root = store_dir(path)
    return {p.name for p in root.rglob("*") if p.is_file() and p.parent != root / "tmp"}


def test_every_document_is_an_object_beside_the_database_and_none_inside(corpus_db, corpus_docs):
    root = store_dir(corpus_db)
    assert root == corpus_db.with_name(corpus_db.name + ".documents")
    named = _named(corpus_db)
    assert _objects(corpus_db) == named and len(named) == len(corpus_docs)
    for doc in corpus_docs:
        sha = hashlib.sha256(doc.read_bytes()).hexdigest()
        obj = object_path(root, sha)
        assert obj == root / sha[:2] / sha[2:4] / sha
        assert gzip.decompress(obj.read_bytes()) == doc.read_bytes()      # plain gzip: zcat reads it
        assert read_document(corpus_db, sha) == doc.read_bytes()
    con = db.connect_read(corpus_db)
    try:
        assert not has_inline_content(con)
        blobs = con.execute("SELECT count(*) FROM duckdb_columns() WHERE data_type = 'BLOB' "
                            "AND database_name = current_database()").fetchone()[0]
        assert blobs == 0
    finally:
        con.close()


def test_read_document_refuses_missing_and_damaged_objects(warehouse):
    sha = sorted(_named(warehouse))[0]
    obj = object_path(store_dir(warehouse), sha)
    obj.write_bytes(gzip.compress(b"something else"))
    with pytest.raises(DocumentCorrupt):
        read_document(warehouse, sha)
    obj.write_bytes(b"not gzip at all")
    with pytest.raises(DocumentCorrupt):
        read_document(warehouse, sha)
    obj.unlink()
    with pytest.raises(DocumentMissing):
        read_document(warehouse, sha)
    with pytest.raises(DocumentMissing):
        read_document(warehouse, "0" * 64)


def test_objects_are_never_rewritten_and_a_damaged_orphan_is_replaced(tmp_path):
    store = DocumentStore(tmp_path / "s")
    sha, size = store.put_bytes(b"x" * 3_000_000)
    obj = object_path(store.root, sha)
    assert size == 3_000_000 and obj.stat().st_size < 100_000
    before = obj.stat()
    assert store.put_bytes(b"x" * 3_000_000) == (sha, size)
    assert obj.stat().st_ino == before.st_ino and obj.stat().st_mtime_ns == before.st_mtime_ns
    obj.write_bytes(b"")            # as a crash before the data reached the disk could leave it
    store.put_bytes(b"x" * 3_000_000)
    assert gzip.decompress(obj.read_bytes()) == b"x" * 3_000_000
    with pytest.raises(ValueError, match="changed while being read"):
        store.put_bytes(b"y", expect_sha256=sha)
    assert list((store.root / "tmp").iterdir()) == []
    store.sync()


def _make_old_format(path: Path) -> None:
    """Turn a warehouse into one written before the document store: `documents.content BLOB NOT
    NULL` (the old schema, column order kept) holding the bytes, and no store beside it."""
    con = duckdb.connect(str(path))
    try:
        con.execute("""CREATE TABLE documents_old (
            sha256 VARCHAR PRIMARY KEY, content BLOB NOT NULL, size_bytes BIGINT NOT NULL,
            original_name VARCHAR NOT NULL, origin VARCHAR NOT NULL, media_type VARCHAR,
            encoding VARCHAR, received_at TIMESTAMP NOT NULL, run_id INTEGER NOT NULL)""")
        for sha, in con.execute("SELECT sha256 FROM documents").fetchall():
            data = read_document(path, sha)
            con.execute("INSERT INTO documents_old SELECT sha256, ?, size_bytes, original_name, origin, "
                        "media_type, encoding, received_at, run_id FROM documents WHERE sha256 = ?",
                        [data, sha])
        con.execute("DROP TABLE documents")
        con.execute("ALTER TABLE documents_old RENAME TO documents")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    for obj in sorted(store_dir(path).rglob("*"), reverse=True):
        obj.unlink() if obj.is_file() else obj.rmdir()
    store_dir(path).rmdir()


@pytest.mark.parametrize("new_input", [False, True])
def test_an_old_warehouse_is_migrated_by_the_next_ingest(warehouse, corpus_docs, tmp_path, parser,
                                                         new_input):
    _make_old_format(warehouse)
    named = _named(warehouse)
    old_size = warehouse.stat().st_size
    # before the migration every reader still gets the bytes, from the old column
    some = sorted(named)[0]
    assert hashlib.sha256(read_document(warehouse, some)).hexdigest() == some
    extra = tmp_path / "extra.txt"
    extra.write_bytes(b"a note that is not a report")
    summary = ingest_paths([extra] if new_input else [], warehouse, parser=parser)
    assert summary.changed
    con = db.connect_read(warehouse)
    try:
        assert not has_inline_content(con)
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(named) + new_input
    finally:
        con.close()
    assert _objects(warehouse) == _named(warehouse)
    for doc in corpus_docs:
        assert read_document(warehouse, hashlib.sha256(doc.read_bytes()).hexdigest()) == doc.read_bytes()
    assert warehouse.stat().st_size < old_size           # the bytes left the file, compacted away
    again = ingest_paths(corpus_docs[:3], warehouse, parser=parser)      # and it keeps working
    assert again.count("unchanged") == 3 and not again.changed


def test_a_killed_ingest_leaves_only_orphans_and_gc_removes_them(warehouse, slow_ingest, capsys):
    named = _named(warehouse)
    proc = slow_ingest(warehouse)
    seen = [proc.stdout.readline() for _ in range(5)]
    assert all(line.startswith("parsing") for line in seen)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert _named(warehouse) == named                    # nothing committed
    orphans = _objects(warehouse) - named
    assert len(orphans) >= 4                             # written before the commit that never came
    for sha in named:                                    # every document still there
        read_document(warehouse, sha)

    assert main(["gc", "--db", str(warehouse), "--dry-run"]) == 0
    assert f"would remove {len(orphans)} unreferenced object(s)" in capsys.readouterr().out
    assert _objects(warehouse) - named == orphans
    assert main(["gc", "--db", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert f"removed {len(orphans)} unreferenced object(s)" in out and f"kept {len(named)}" in out
    assert _objects(warehouse) == named
    for sha in named:
        read_document(warehouse, sha)
    assert main(["gc", "--db", str(warehouse)]) == 0
    assert "removed 0 unreferenced" in capsys.readouterr().out

    # the same documents ingested again are stored again (the objects come back)
    summary = ingest_paths(slow_ingest.docs()[:3], warehouse)
    assert summary.count("new") == 3
    assert _objects(warehouse) == _named(warehouse)


def test_gc_waits_for_the_ingest_lock(warehouse):
    with db.ingest_lock(warehouse):
        assert main(["gc", "--db", str(warehouse), "--wait", "0.2"]) == 2


# --- file size -------------------------------------------------------------------------------------

# Stated bound (docs/warehouse.md, "File size"): after any ingest at most COMPACT_FREE_FRACTION of the
# file is free blocks, so the file is at most 1.25 × the same warehouse freshly rewritten; and the
# bundled sample (29 documents, 1.6 MB) stays under 16 MiB whichever way it was ingested.
BUNDLED_MAX_BYTES = 16 << 20


def _fresh_size(path: Path, tmp_path: Path) -> int:
    target = tmp_path / "fresh.duckdb"
    db.compact_into(path, target)
    size = target.stat().st_size
    target.unlink()
    return size


def test_the_file_stays_proportional_to_its_content(tmp_path):
    files = bundled_report_files()
    one_go = tmp_path / "one.duckdb"
    ingest_paths(files, one_go)
    piecewise = tmp_path / "piecewise.duckdb"
    for i in range(0, len(files), 3):        # ten small ingests: each rewrites the stored tables
        ingest_paths(files[i:i + 3], piecewise)
    content = sum(f.stat().st_size for f in files)
    for path in (one_go, piecewise):
        con = duckdb.connect(str(path), read_only=True)
        try:
            _size, total, free = db.file_blocks(con)
        finally:
            con.close()
        assert free <= max(db.COMPACT_MIN_FREE_BLOCKS, db.COMPACT_FREE_FRACTION * total), (free, total)
        assert path.stat().st_size <= 1.25 * _fresh_size(path, tmp_path)
        assert path.stat().st_size <= BUNDLED_MAX_BYTES, (path.stat().st_size, content)
        assert _named(path) == _objects(path)


def _catalog(path: Path) -> dict:
    con = db.connect_read(path)
    try:
        q = lambda sql: sorted(map(tuple, con.execute(sql).fetchall()))     # noqa: E731
        here = "database_name = current_database()"
        return {
            "columns": q(f"SELECT table_name, column_name, data_type, is_nullable, column_default, comment "
                         f"FROM duckdb_columns() WHERE {here}"),
            "tables": q(f"SELECT table_name, comment FROM duckdb_tables() WHERE {here}"),
            "constraints": q(f"SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() "
                             f"WHERE {here}"),
            "views": q(f"SELECT view_name, comment FROM duckdb_views() WHERE {here} AND NOT internal"),
            "macros": q(f"SELECT DISTINCT function_name FROM duckdb_functions() WHERE {here} "
                        f"AND function_type LIKE '%macro%'"),
        }
    finally:
        con.close()


def test_compaction_keeps_every_row_constraint_comment_view_and_macro(warehouse, tmp_path, tables):
    fresh = tmp_path / "fresh.duckdb"
    db.compact_into(warehouse, fresh)
    assert _catalog(fresh) == _catalog(warehouse)
    assert tables.snapshot(fresh) == tables.snapshot(warehouse)
    con = duckdb.connect(str(fresh), read_only=True)
    try:
        assert db.file_blocks(con)[2] == 0
    finally:
        con.close()


def test_the_url_a_document_was_fetched_from_is_kept(warehouse, tmp_path, parser):
    page = tmp_path / "page.txt"
    page.write_bytes("甲市乙局2023年政府信息公开工作年度报告 (fetched)".encode())
    other = tmp_path / "local.txt"
    other.write_bytes(b"a local file")
    url = "https://www.example.gov.cn/zwgk/2023/page.html"
    ingest_paths([page, other], warehouse, parser=parser, urls={str(page): url})
    con = db.connect_read(warehouse)
    try:
        rows = dict(con.execute("SELECT original_name, source_url FROM documents "
                                "WHERE original_name IN ('page.txt', 'local.txt')").fetchall())
        assert rows == {"page.txt": url, "local.txt": None}
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'documents' "
                              "AND column_name = 'source_url'").fetchone()[0]
        assert "harvest" in comment
    finally:
        con.close()


def test_gc_without_a_warehouse_removes_nothing(tmp_path, capsys):
    missing = tmp_path / "none.duckdb"
    store = DocumentStore(store_dir(missing))
    store.put_bytes(b"kept: no database says it is unused")
    assert main(["gc", "--db", str(missing)]) == 3
    assert "no warehouse at" in capsys.readouterr().err
    assert len(_objects(missing)) == 1
