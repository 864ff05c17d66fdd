"""Concurrent use: ingests (in subprocesses, one of them killed) while a dashboard-like reader process
keeps querying. No error reaches the reader, every snapshot it sees is one of the committed states
(never a half-written one), and a killed ingest leaves the previous data intact.

Complements tests/store/test_atomic.py (failure and kill mid-transaction, lock waits) and
tests/store/test_db.py (a read during a write, Reader re-attaching), which this does not repeat.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from fuzzgen import generate
from reader_probe import CONSISTENCY

from gongkai.store import db

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def snapshot(path: Path) -> tuple:
    con = db.connect_read(path)
    try:
        row = db.run(con, CONSISTENCY).iloc[0]
        return tuple(int(row[c]) for c in row.index)
    finally:
        con.close()


def ingest_in_subprocess(paths: list[Path], dbfile: Path, slow: float = 0.0) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        import time
        from gongkai.parse import parse_bytes
        from gongkai.store.ingest import ingest_paths
        def parser(data, name):
            print("parsing", name, flush=True)
            time.sleep({slow!r})
            return parse_bytes(data, name)
        ingest_paths({[str(p) for p in paths]!r}, {str(dbfile)!r}, parser=parser, wait_seconds=30)
        print("finished", flush=True)
    """)
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_readers_see_old_or_new_data_never_half_and_never_an_error(rel_db, tmp_path):
    dbfile = tmp_path / "live.duckdb"
    shutil.copyfile(rel_db, dbfile)
    batches = []
    for b in range(3):
        folder = tmp_path / f"batch{b}"
        folder.mkdir()
        paths = []
        for i in range(6):
            _family, name, data = generate(10_000 + b * 100 + i)
            path = folder / f"{i}-{name}"
            path.write_bytes(data + f"\n<!-- batch {b} -->".encode())
            paths.append(path)
        batches.append(paths)

    committed = [snapshot(dbfile)]
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, str(HERE / "reader_probe.py"), str(dbfile), str(stop)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)                                  # the reader is up and querying
        for paths in batches[:2]:
            proc = ingest_in_subprocess(paths, dbfile, slow=0.05)
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            committed.append(snapshot(dbfile))
            time.sleep(0.3)
        # an ingest killed half-way: nothing of it may become visible
        before_kill = committed[-1]
        killed = ingest_in_subprocess(batches[2], dbfile, slow=0.3)
        lines = [killed.stdout.readline() for _ in range(3)]
        assert all(line.startswith("parsing") for line in lines), lines
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=10)
        time.sleep(0.5)
        assert snapshot(dbfile) == before_kill
        # and the next ingest goes through (lock released by the kernel, stale copy removed)
        proc = ingest_in_subprocess(batches[2], dbfile)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        committed.append(snapshot(dbfile))
        time.sleep(0.5)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    seen = json.loads(out)
    assert seen["error_count"] == 0, seen["errors"]
    assert seen["queries"] > 20
    states = {tuple(s) for s in seen["states"]}
    assert states <= set(committed), (states, committed)            # never a half-written state
    assert len(states) >= 2, "the reader should have seen at least one ingest land"
    for documents, reports, cells, declared, orphans, _run in states:
        assert documents == reports and cells == declared and orphans == 0
    runs = {s[-1] for s in committed}
    assert {r for r, _n in seen["app_states"]} <= runs                # the app's own query path too
    assert len(committed) == 4 and len({s[0] for s in committed}) == 4   # every ingest added documents
    assert not list(tmp_path.glob("live.duckdb.ingest-*"))
