"""Warehouse test fixtures: the real corpus ingested once per session, copied for each test that writes."""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from gongkai.parse import parse_bytes
from gongkai.store import db
from gongkai.store.ingest import ingest_paths

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
NOT_REPORTS = ("README.md", "MANIFEST.tsv")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not present")
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_REPORTS)


class CachedParser:
    """The real parser, memoised by content so the corpus is parsed once per session."""

    def __init__(self):
        self.cache: dict[str, object] = {}
        self.calls = 0

    def __call__(self, data: bytes, name: str):
        self.calls += 1
        key = hashlib.sha256(data).hexdigest() + "\0" + name
        if key not in self.cache:
            self.cache[key] = parse_bytes(data, name)
        return copy.deepcopy(self.cache[key])


@pytest.fixture(scope="session")
def parser() -> CachedParser:
    return CachedParser()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, parser) -> Path:
    """A warehouse holding the whole corpus. Read-only for tests: copy it (`warehouse`) to write."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    summary = ingest_paths(corpus_files(), path, parser=parser)
    assert summary.count("failed") == 0
    return path


@pytest.fixture
def warehouse(corpus_db, tmp_path) -> Path:
    """A private copy of the corpus warehouse that a test may change."""
    path = tmp_path / "gongkai.duckdb"
    db.copy_warehouse(corpus_db, path)
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    corpus_files()
    return CORPUS


@pytest.fixture(scope="session")
def corpus_docs() -> list[Path]:
    return corpus_files()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def tables():
    """Helpers shared by the tests: snapshot(path) and sha(path)."""
    class Helpers:
        snapshot = staticmethod(snapshot)
        sha = staticmethod(file_sha)
    return Helpers


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: what 'the same database' means in these tests."""
    con = db.connect_read(path)
    try:
        out = {}
        for table, columns in db.TABLE_COLUMNS.items():
            frame = db.run(con, f"SELECT * FROM {db.quote_ident(table)}")
            out[table] = sorted((tuple(map(repr, row)) for row in frame.itertuples(index=False)))
        for view in ("t2_wide", "t3_wide", "t4_wide"):
            frame = db.run(con, f"SELECT * FROM {view}")
            out[view] = sorted(tuple(map(repr, row)) for row in frame.itertuples(index=False))
        return out
    finally:
        con.close()


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def slow_ingest(tmp_path, repo):
    """Start, in a child process, an ingest of 30 non-report documents that prints "parsing NAME"
    and sleeps 0.1 s per document, so a test can kill it mid-transaction. Returns the process."""
    import subprocess
    import sys
    import textwrap

    def start(warehouse: Path) -> "subprocess.Popen[str]":
        docs = []
        for i in range(30):
            doc = tmp_path / f"slow{i:02d}.txt"
            doc.write_bytes(b"not a report " + str(i).encode())
            docs.append(str(doc))
        script = textwrap.dedent(f"""
            import time
            from gongkai.parse import parse_bytes
            from gongkai.store.ingest import ingest_paths
            def slow(data, name):
                print("parsing", name, flush=True)
                time.sleep(0.1)
                return parse_bytes(data, name)
            ingest_paths({docs!r}, {str(warehouse)!r}, parser=slow)
            print("finished", flush=True)
        """)
        return subprocess.Popen([sys.executable, "-c", script], cwd=repo, stdout=subprocess.PIPE,
                                text=True)
    start.docs = lambda: sorted(str(p) for p in tmp_path.glob("slow*.txt"))
    return start

