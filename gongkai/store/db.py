"""The one place SQL runs, and how readers and the writer reach the DuckDB file.

DuckDB lets one process write a file and then nobody else may even open it, so the writer never opens
the live file: it writes the standby file and swaps it in with renames (store/standby.py). Readers open
the live file READ_ONLY through a fresh in-memory connection (`ATTACH … (READ_ONLY)`), which always sees
the file currently at the path; `Reader` keeps one such connection, re-attaches when the file changes,
and lets go of a replaced file within a second so the next ingest can write it.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

import duckdb
import pandas as pd

Params = Union[Sequence[Any], Mapping[str, Any], None]

SCHEMA_VERSION = "1"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
CATALOG = "warehouse"   # alias of the attached file in reader connections

# Tables the writer may insert into, with their columns in schema order. Identifiers in generated SQL
# come only from here (values are always bound).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "ingest_runs": ("run_id", "started_at", "finished_at", "inputs", "new_count", "updated_count",
                    "unchanged_count", "failed_count", "gongkai_version"),
    "documents": ("sha256", "size_bytes", "original_name", "origin", "media_type",
                  "encoding", "received_at", "run_id", "source_url"),
    "agencies": ("agency_id", "name", "province", "city", "county", "region_code", "level",
                 "sector", "scope"),
    "reports": ("report_id", "document_sha256", "status", "agency_id", "agency_name", "year",
                "format_version", "report_scope", "published_on", "proactive_count", "province",
                "city", "county", "region_code", "cell_count", "null_cell_count", "version",
                "is_current", "superseded_by", "parser_version"),
    "cells": ("report_id", "cell_key", "table_no", "row_key", "col_key", "value", "raw_text",
              "source_where"),
    "field_sources": ("report_id", "field", "raw_text", "source_where"),
    "checks": ("report_id", "seq", "check_id", "scope", "status", "detail"),
    "warnings": ("report_id", "seq", "code", "detail"),
    "report_texts": ("report_id", "text"),
}

_IDENT = re.compile(r"^[a-z][a-z0-9_.]*$")


def quote_catalog(name: str) -> str:
    """A catalog name (an attached file's alias, e.g. the file's stem) as a quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


def in_list(ids: Iterable[int]) -> str:
    """A literal SQL IN-list of report ids: `(3, 5, 8)`, or `(NULL)` for none. The values are
    integers (int() raises otherwise), so the text is safe; unlike a subquery or a bound list it
    lets DuckDB skip every row group whose report_id range holds none of them (zone maps)."""
    values = [str(int(i)) for i in ids]
    return "(" + ", ".join(values) + ")" if values else "(NULL)"


def quote_ident(name: str) -> str:
    """Quote an identifier that comes from a fixed list (table names, cell keys); reject anything else."""
    if not _IDENT.match(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return '"' + name + '"'


def run(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pd.DataFrame:
    """Run one query with bound parameters and return every row as a DataFrame."""
    _check_params(params)
    return con.execute(sql, params).df() if params is not None else con.execute(sql).df()


def run_arrow(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None):
    """Like `run`, but an Arrow table, which keeps DuckDB's types exactly (used by export)."""
    _check_params(params)
    rel = con.sql(sql, params=params) if params is not None else con.sql(sql)
    return rel.to_arrow_table()


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> None:
    """Run a statement that returns nothing useful (DDL, UPDATE), fetching its result to free the
    connection (DuckDB 2 refuses new work while a result is unread)."""
    _check_params(params)
    (con.execute(sql, params) if params is not None else con.execute(sql)).fetchall()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Insert full rows (schema column order) into one of TABLE_COLUMNS' tables; returns the count."""
    columns = TABLE_COLUMNS[table]
    rows = list(rows)
    if not rows:
        return 0
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{table}: expected {len(columns)} values, got {len(row)}")
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    cols = ", ".join(quote_ident(c) for c in columns)
    view = "_gongkai_insert"
    con.register(view, frame)
    try:
        execute(con, f"INSERT INTO {quote_ident(table)} ({cols}) SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)
    return len(rows)


def update_rows(con: duckdb.DuckDBPyConnection, table: str, key: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """Set `columns` of the rows of `table` matched on `key`; each row is (key, *values)."""
    known = TABLE_COLUMNS[table]
    if key not in known or any(c not in known for c in columns):
        raise ValueError(f"{table}: unknown column in {[key, *columns]}")
    rows = list(rows)
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=[key, *columns], dtype=object)
    view = "_gongkai_update"
    sets = ", ".join(f"{quote_ident(c)} = f.{quote_ident(c)}" for c in columns)
    differs = " OR ".join(f"t.{quote_ident(c)} IS DISTINCT FROM f.{quote_ident(c)}" for c in columns)
    con.register(view, frame)
    try:
        execute(con, f"UPDATE {quote_ident(table)} AS t SET {sets} FROM {view} AS f "
                     f"WHERE t.{quote_ident(key)} = f.{quote_ident(key)} AND ({differs})")
    finally:
        con.unregister(view)


def _check_params(params: Params) -> None:
    if params is not None and not isinstance(params, (list, tuple, dict)):
        raise TypeError("params must be a list, tuple or dict of values to bind")


# --- writer ---------------------------------------------------------------------------------------

def connect_write(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a working file for the ingest; never the live file (see module doc)."""
    con = duckdb.connect(str(path), config=reader_config())   # same memory bound and spill folder
    execute(con, "SET enable_progress_bar = false")   # a long rewrite must not draw bars on stderr
    if not table_exists(con, "meta"):
        execute(con, SCHEMA_FILE.read_text(encoding="utf-8"))
        insert_rows(con, "meta", [("schema_version", SCHEMA_VERSION)])
    return con


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """A base table (not a view) of this name exists in the database the connection uses."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary",
                        [name]).fetchone()
    return bool(found and found[0])


class IngestBusy(RuntimeError):
    """Another ingest holds the database's lock file for longer than we were willing to wait."""


@contextlib.contextmanager
def ingest_lock(db_path: Path, wait_seconds: float = 60.0) -> Iterator[None]:
    """Serialise writers with an flock on `<db>.lock`. The kernel drops it if the holder dies, so a
    killed ingest never leaves a stale lock; the file itself stays (deleting it would race)."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                    raise IngestBusy(f"another ingest (pid {holder}) is writing {db_path}; "
                                     f"gave up after {wait_seconds:g} s") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)   # releases the flock


class DiskFull(OSError):
    """Not enough free space for an ingest; nothing was written and the live file is as it was."""


MiB = 1024 * 1024
# An ingest writes the standby file (a whole copy of the warehouse only when it must be made afresh),
# then the new documents (objects in the document store, at most their own size) and their rows;
# DuckDB's WAL and checkpoint roughly double what a transaction adds, and a compaction (when a fifth
# of the file is free) rewrites at most four fifths of it once more. Room for all of that and a fixed margin is asked for before anything is written.
DISK_MARGIN_BYTES = 64 * MiB


def space_needed(db_path: Path, new_bytes: int = 0, copy: bool = True) -> int:
    """Bytes an ingest of `new_bytes` of documents into `db_path` may need on its disk (`copy`: the
    standby file must be made by copying the live file)."""
    current = db_path.stat().st_size if db_path.exists() else 0
    compaction = int(current * (1 - COMPACT_FREE_FRACTION))
    return (current if copy else 0) + compaction + 2 * max(new_bytes, 0) + DISK_MARGIN_BYTES


def check_free_space(db_path: Path, new_bytes: int = 0, copy: bool = True) -> None:
    """Raise DiskFull, saying what is needed and what is free, before an ingest writes anything."""
    folder = db_path.parent
    free = shutil.disk_usage(folder).free
    need = space_needed(db_path, new_bytes, copy)
    if free < need:
        what = "a copy of the warehouse, " if copy else ""
        raise DiskFull(f"not enough free space in {folder}: an ingest needs about {_mb(need)} "
                       f"({what}the new documents, room to compact and a margin), "
                       f"{_mb(free)} free; nothing was written")


def _mb(n: int) -> str:
    return f"{n / MiB:,.0f} MB" if n >= MiB else f"{n / 1024:,.0f} KB"


def _is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from Python, or DuckDB's IO error saying the same."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    text = str(exc)
    return isinstance(exc, duckdb.Error) and ("No space left on device" in text or "ENOSPC" in text)


class WriteSession:
    """What `writing()` yields: the connection to the working copy, inside one open transaction.
    Set `.changed = True` when the copy should replace the live file; otherwise it is discarded."""

    def __init__(self, con: duckdb.DuckDBPyConnection, created: bool):
        self.con = con
        self.created = created      # the live file did not exist before this session
        self.changed = created
        self.compact = False        # rewrite the copy fresh after the commit whatever its free blocks
        self.replay_run: Optional[int] = None   # set when `last_run_changes` lists what the run changed
        self.standby = ""           # how the standby reached the live state (standby.open_standby)


@contextlib.contextmanager
def writing(db_path: Union[str, Path], wait_seconds: float = 60.0,
            new_bytes: int = 0) -> Iterator[WriteSession]:
    """Write the warehouse in one transaction on the standby file, then swap it in (store/standby.py).

    Readers keep reading the live file meanwhile and see the new one on their next connect. The
    standby is first brought to the live state (by copying the rows the last ingest changed, or, when
    that is not possible, by copying the file). Any error (or a kill) before the swap leaves the live
    file exactly as it was. A new warehouse is written under a working name and renamed into place. A
    file that is more than COMPACT_FREE_FRACTION free blocks after its commit is rewritten fresh
    (`compact_into`) first. Free space is checked first, and a disk that fills up anyway gives
    DiskFull, not a traceback.
    """
    from gongkai.store import standby

    db_path = Path(db_path)
    with ingest_lock(db_path, wait_seconds):
        _remove_stale_copies(db_path)
        created = not db_path.exists()
        check_free_space(db_path, new_bytes,
                         copy=not created and not standby.standby_path(db_path).exists())
        work = db_path.with_name(f"{db_path.name}.ingest-{os.getpid()}.tmp")
        target = work if created else standby.standby_path(db_path)
        compacted = work.with_name(work.name + ".compact")
        con = None
        sparse = False
        try:
            if created:
                con, how = connect_write(work), "new file"
            else:
                con, how = standby.open_standby(db_path)
            session = WriteSession(con, created)
            session.standby = how
            parent = None if created else standby.read_generation(con).generation
            execute(con, "BEGIN TRANSACTION")
            yield session
            if session.changed:
                standby.stamp(con, parent, session.replay_run)
                execute(con, "COMMIT")
                execute(con, "CHECKPOINT")
                sparse = session.compact or needs_compaction(file_blocks(con))
            else:
                execute(con, "ROLLBACK")
            con.close()
            if session.changed:
                if sparse:
                    compact_into(target, compacted)
                    os.replace(compacted, target)
                fsync_path(target)
                if created:
                    os.replace(work, db_path)
                    fsync_path(db_path.parent)
                else:
                    standby.swap_in(db_path, target)
        except BaseException as exc:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            if _is_disk_full(exc):
                raise DiskFull(f"the disk holding {db_path.parent} filled up during the ingest "
                               f"({_mb(shutil.disk_usage(db_path.parent).free)} free); nothing was "
                               f"written and {db_path.name} is as it was") from None
            raise
        finally:
            for leftover in (work, work.with_name(work.name + ".wal"),
                             compacted, compacted.with_name(compacted.name + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


# --- keeping the file proportional to its content ------------------------------------------------
#
# DuckDB never gives space back: blocks freed by a transaction (every ingest replaces the stored base
# tables; a migration drops the inline document bytes) stay in the file as free blocks, reused later
# but never truncated away unless they are at its end. With the copy-and-replace writer the copy
# inherits them too, so a warehouse fed by many small ingests grew to 30-46 % free blocks
# (docs/warehouse.md, "File size"). After its commit, when free blocks are more than
# COMPACT_FREE_FRACTION of the working copy, the writer rewrites it into a fresh file with
# `COPY FROM DATABASE` (tables, constraints, comments, views and macros; nothing free) and swaps that
# in instead. The live file is still replaced only by a complete, committed, fsync'd file.
COMPACT_FREE_FRACTION = float(os.environ.get("GONGKAI_COMPACT_FREE_FRACTION", "0.2"))
COMPACT_MIN_FREE_BLOCKS = 4          # a few free blocks are not worth a rewrite


def file_blocks(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """(block size, total blocks, free blocks) of the database `con` writes (PRAGMA database_size)."""
    row = con.execute("SELECT block_size, total_blocks, free_blocks FROM pragma_database_size() "
                      "WHERE database_name = current_database()").fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


def needs_compaction(blocks: tuple[int, int, int]) -> bool:
    _size, total, free = blocks
    return free >= COMPACT_MIN_FREE_BLOCKS and total > 0 and free / total > COMPACT_FREE_FRACTION


def compact_into(source: Path, target: Path) -> None:
    """Write a fresh copy of the database at `source` into `target` (which must not exist): every
    table, view, macro, constraint and comment, no free blocks. The caller swaps it in."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(":memory:", config=reader_config())
    try:
        execute(con, "SET enable_progress_bar = false")
        con.execute("ATTACH ? AS compact_src (READ_ONLY)", [str(source)]).fetchall()
        con.execute("ATTACH ? AS compact_dst", [str(target)]).fetchall()
        execute(con, "COPY FROM DATABASE compact_src TO compact_dst")
        execute(con, "CHECKPOINT compact_dst")
    finally:
        con.close()


def copy_warehouse(source: Union[str, Path], target: Union[str, Path]) -> Path:
    """A copy of the warehouse at `source` as `target`: the DuckDB file and its document store
    (copied, not hard-linked, so damaging one copy's object in place cannot reach the other)."""
    from gongkai.store.documents import store_dir
    source, target = Path(source), Path(target)
    shutil.copyfile(source, target)
    if store_dir(source).is_dir():
        shutil.copytree(store_dir(source), store_dir(target), dirs_exist_ok=True)
    return target


def _remove_stale_copies(db_path: Path) -> None:
    """Working copies left by a writer that died; safe to delete because we hold the lock."""
    for stale in db_path.parent.glob(db_path.name + ".ingest-*.tmp*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


_COPY_PID = re.compile(r"\.ingest-(\d+)\.tmp")


def remove_dead_writers_copies(db_path: Path) -> list[Path]:
    """What any command that opens the warehouse does: delete the full-size working copies of
    writers that died (killed ingests), without waiting for the next ingest. A copy is removed only
    when no writer holds the lock, or when the process named in its file name no longer exists, so
    a running ingest keeps its copy. Returns what was removed."""
    copies = list(db_path.parent.glob(db_path.name + ".ingest-*.tmp*"))
    if not copies:
        return []
    lock_path = db_path.with_name(db_path.name + ".lock")
    removed: list[Path] = []
    fd = None
    try:
        fd = os.open(lock_path, os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        no_writer = True
    except (OSError, BlockingIOError):
        no_writer = fd is None and not lock_path.exists()
    try:
        for copy in copies:
            match = _COPY_PID.search(copy.name)
            if no_writer or (match and not _pid_alive(int(match.group(1)))):
                with contextlib.suppress(FileNotFoundError, PermissionError):
                    copy.unlink()
                    removed.append(copy)
    finally:
        if fd is not None:
            os.close(fd)      # releases the flock if we took it
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (a rename is durable once its folder is synced)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- readers --------------------------------------------------------------------------------------

READER_MEMORY_LIMIT = os.environ.get("GONGKAI_DUCKDB_MEMORY", "1536MB")


def reader_config() -> dict[str, str]:
    """Bounds for every connection (readers and the ingest's writer): peak memory (issue 6: ≤ 2 GB) and where DuckDB may spill, in
    the system temp folder rather than a `.tmp/` in whatever folder the app was started from."""
    spill = Path(tempfile.gettempdir()) / "gongkai-duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    return {"memory_limit": READER_MEMORY_LIMIT, "temp_directory": str(spill)}


def connect_read(path: Union[str, Path]) -> duckdb.DuckDBPyConnection:
    """A new READ_ONLY connection to the file now at `path`. Cheap (a few ms): open one per request.

    It is an in-memory database with the file ATTACHed, not `duckdb.connect(path)`: DuckDB caches
    databases by path within a process, so a plain connect could keep serving a replaced file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no warehouse at {path} (run `gongkai ingest` or ensure_database())")
    remove_dead_writers_copies(path)
    con = duckdb.connect(":memory:", config=reader_config())
    execute(con, "SET enable_progress_bar = false")   # drawn on stdout: `gongkai query … > file`
    con.execute(f"ATTACH ? AS {CATALOG} (READ_ONLY)", [str(path)]).fetchall()
    execute(con, f"USE {CATALOG}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A thread-local cursor on a reader connection, already pointed at the warehouse."""
    cur = con.cursor()
    execute(cur, f"USE {CATALOG}")
    return cur


def file_identity(path: Path) -> Optional[tuple[int, int, int, int]]:
    """What changes when an ingest replaces the file: (device, inode, mtime_ns, size); None if absent."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


class Reader:
    """Keeps one read-only connection and re-attaches when an ingest has replaced the file.

    Call `.cursor()` per request (or per Streamlit script run); the check is one `stat`. A replaced
    file is the next ingest's standby, which it cannot write while a reader has it open, so a
    background thread drops connections to replaced files within READER_RELEASE_SECONDS (cursors still
    running finish first: the file closes with the last of them).
    """

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        self._identity: Optional[tuple[int, int, int, int]] = None
        self._con: Optional[duckdb.DuckDBPyConnection] = None
        self._lock = threading.Lock()
        _watch(self)

    def connection(self) -> duckdb.DuckDBPyConnection:
        identity = file_identity(self.path)
        with self._lock:
            if self._con is None or identity != self._identity:
                # Drop (not close) the old connection: cursors in use elsewhere finish on the old file.
                self._con = connect_read(self.path)
                self._identity = identity
            return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return cursor(self.connection())

    def release_if_replaced(self) -> bool:
        """Drop the connection when the file at the path is no longer the one it reads."""
        with self._lock:
            if self._con is not None and file_identity(self.path) != self._identity:
                self._con = None
                return True
        return False

    @property
    def identity(self) -> Optional[tuple[int, int, int, int]]:
        """Identity of the file the current connection reads (a cache key for query results)."""
        return self._identity


READER_RELEASE_SECONDS = 1.0
_readers: "weakref.WeakSet[Reader]" = weakref.WeakSet()
_watcher: Optional[threading.Thread] = None
_watcher_lock = threading.Lock()


def _watch(reader: Reader) -> None:
    """Register a Reader with the one daemon thread that releases replaced files."""
    global _watcher
    with _watcher_lock:
        _readers.add(reader)
        if _watcher is None or not _watcher.is_alive():
            _watcher = threading.Thread(target=_release_replaced, name="gongkai-reader-release",
                                        daemon=True)
            _watcher.start()


def _release_replaced() -> None:
    while True:
        time.sleep(READER_RELEASE_SECONDS)
        for reader in list(_readers):
            with contextlib.suppress(Exception):
                reader.release_if_replaced()
