"""A killed ingest leaves no full-size working copy (and a dead writer's copy does not wait for the next
ingest), and a full disk is one clear error with nothing written (issue #16, items 5 and 7)."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from gongkai.store import db
from gongkai.store.ingest import ingest_paths
from gongkai.store.standby import standby_path


def _copies(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + ".ingest-*"))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_killed_ingest_leaves_no_copy_only_the_standby_the_next_ingest_reuses(warehouse, slow_ingest,
                                                                                  tables):
    before = tables.sha(warehouse)
    proc = slow_ingest(warehouse)
    for _ in range(3):
        assert proc.stdout.readline().startswith("parsing")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    # the ingest wrote the standby file, never a full-size working copy that would need cleaning
    assert _copies(warehouse) == [] and standby_path(warehouse).exists()
    assert tables.sha(warehouse) == before
    summary = ingest_paths(slow_ingest.docs()[:1], warehouse)
    assert summary.count("new") == 1
    assert summary.standby == "in step"        # its committed state was the live one: nothing to copy


def test_a_running_writers_copy_is_kept_and_a_dead_ones_removed(warehouse):
    live = warehouse.with_name(f"{warehouse.name}.ingest-{os.getpid()}.tmp")
    dead = warehouse.with_name(f"{warehouse.name}.ingest-{_dead_pid()}.tmp")
    live.write_bytes(b"x")
    dead.write_bytes(b"x")
    with db.ingest_lock(warehouse, wait_seconds=0):   # a writer (this process) holds the lock
        removed = db.remove_dead_writers_copies(warehouse)
    assert removed == [dead] and live.exists() and not dead.exists()
    assert db.remove_dead_writers_copies(warehouse) == [live]   # no writer now: every copy is stale


@contextlib.contextmanager
def _small_disk(size_mb: int):
    """A tmpfs of `size_mb` MB (needs root and mount; skipped elsewhere)."""
    mount_point = Path("/tmp") / f"gongkai-small-disk-{uuid.uuid4().hex[:8]}"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
        with contextlib.suppress(OSError):
            mount_point.rmdir()


def test_too_little_free_space_is_refused_before_anything_is_written(warehouse, tables, corpus_docs):
    size_mb = warehouse.stat().st_size // db.MiB + 8        # room for the file, not for its copy
    with _small_disk(size_mb) as disk:
        target = disk / "gongkai.duckdb"
        shutil.copyfile(warehouse, target)
        before = tables.sha(target)
        with pytest.raises(db.DiskFull, match=r"not enough free space .* needs about .* free; nothing was written"):
            ingest_paths(corpus_docs[:1], target)
        assert tables.sha(target) == before and _copies(target) == []


def test_a_disk_that_fills_up_during_the_ingest_gives_disk_full_and_changes_nothing(
        warehouse, tables, corpus_docs, monkeypatch, tmp_path):
    monkeypatch.setattr(db, "DISK_MARGIN_BYTES", 0)          # let the pre-check pass …
    monkeypatch.setattr(db, "check_free_space", lambda *a, **k: None)
    big = tmp_path / "big.txt"                                # … and a document that cannot fit
    size_mb = warehouse.stat().st_size // db.MiB * 2 + 6
    big.write_bytes(("政府信息公开工作年度报告 " * 10).encode() + os.urandom(8 * db.MiB))
    with _small_disk(size_mb) as disk:
        target = disk / "gongkai.duckdb"
        shutil.copyfile(warehouse, target)
        before = tables.sha(target)
        with pytest.raises(db.DiskFull, match="filled up during the ingest"):
            ingest_paths([big, *corpus_docs[:2]], target)
        assert tables.sha(target) == before and _copies(target) == []


def test_the_command_says_in_one_line_that_nothing_was_written(warehouse, corpus_docs, capsys):
    from gongkai.cli import NOTHING_WRITTEN, main
    size_mb = warehouse.stat().st_size // db.MiB + 8
    with _small_disk(size_mb) as disk:
        target = disk / "gongkai.duckdb"
        shutil.copyfile(warehouse, target)
        code = main(["ingest", str(corpus_docs[0]), "--db", str(target)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == NOTHING_WRITTEN and code not in (0, 1, 2)
    assert [line for line in err if "Traceback" in line] == []
    assert err[-1].startswith("gongkai ingest: not enough free space")


def test_a_file_name_with_a_newline_cannot_split_an_output_line(tmp_path, capsys):
    from gongkai.cli import main
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "x\nfailed   forged.txt").write_bytes(b"\x00\x01 not a report")
    code = main(["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    lines = out.splitlines() + err.splitlines()
    assert not any(line.startswith("failed   forged") for line in lines)
    assert any("x\\nfailed   forged.txt" in line for line in lines)
