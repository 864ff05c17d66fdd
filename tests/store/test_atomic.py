"""Atomic writes: a failed or killed ingest leaves the previous database intact, and only one runs."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from gongkai.store import db
from gongkai.store.ingest import ingest_paths
from gongkai.store.standby import standby_path


def _leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + ".ingest-*"))


def test_a_failure_mid_transaction_leaves_the_database_as_it_was(warehouse, tmp_path, parser,
                                                                 corpus_docs, tables):
    before, before_sha = tables.snapshot(warehouse), tables.sha(warehouse)
    new_docs = []
    for i in range(4):
        doc = tmp_path / f"copy{i}.txt"
        doc.write_bytes((corpus_docs[0]).read_bytes() + b"\n" * (i + 1))
        new_docs.append(doc)

    def interrupted(data, name):
        if name == "copy2.txt":
            raise KeyboardInterrupt        # Ctrl-C after two documents were written
        return parser(data, name)

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(new_docs, warehouse, parser=interrupted)
    assert tables.sha(warehouse) == before_sha
    assert tables.snapshot(warehouse) == before
    assert _leftovers(warehouse) == []
    # and the lock was released: the next ingest goes through
    assert ingest_paths(new_docs[:1], warehouse, parser=parser).count("updated") == 1


def test_a_killed_ingest_leaves_the_previous_database_intact_and_readable(warehouse, tables,
                                                                          slow_ingest):
    before, before_sha = tables.snapshot(warehouse), tables.sha(warehouse)
    proc = slow_ingest(warehouse)
    docs = slow_ingest.docs()
    seen = [proc.stdout.readline() for _ in range(5)]       # five documents into the transaction
    assert all(line.startswith("parsing") for line in seen)
    assert standby_path(warehouse).exists(), "the ingest should be writing the standby file"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    assert tables.sha(warehouse) == before_sha
    assert tables.snapshot(warehouse) == before                     # readable, same contents
    summary = ingest_paths(docs[:2], warehouse)              # lock freed, stale copy cleared
    assert summary.count("new") == 2
    assert _leftovers(warehouse) == []


def test_a_second_ingest_waits_then_fails_clearly(warehouse, parser, corpus_docs):
    with db.ingest_lock(warehouse):
        with pytest.raises(db.IngestBusy, match=rf"pid {os.getpid()}.*gave up after 0.3 s"):
            ingest_paths(corpus_docs[:1], warehouse, parser=parser, wait_seconds=0.3)


def test_a_second_ingest_proceeds_once_the_first_finishes(warehouse, parser, corpus_docs):
    released = threading.Event()

    def hold():
        with db.ingest_lock(warehouse):
            time.sleep(0.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    summary = ingest_paths(corpus_docs[:1], warehouse, parser=parser, wait_seconds=10)
    holder.join()
    assert released.is_set()
    assert summary.count("unchanged") == 1
