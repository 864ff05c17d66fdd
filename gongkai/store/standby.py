"""The standby file: the writer's own copy of the warehouse, at most one ingest behind the live file.

Why it exists. DuckDB lets no other process open a file while one process writes it, so an ingest can
never write the live file the dashboard reads. The first design copied the whole live file for every
ingest and swapped the copy in: O(warehouse) per ingest, ~3 GB at 10^6 reports to add one document.
Now two files take turns (docs/warehouse.md, "Reading while writing"):

    <db>            live: readers ATTACH it READ_ONLY; no process ever opens it for writing
    <db>.standby    the previous live file, written only by the ingest that holds `<db>.lock`

An ingest opens the standby, brings it up to the live file's state (`catch_up`: it copies from the
live file only the rows the last ingest changed, then checks the two agree), runs its own
transaction on it, commits and checkpoints, and swaps it in (`swap_in`): the standby becomes live and
the old live file becomes the standby, one ingest behind. Which rows the last ingest changed is in
the live file itself: `last_run_changes` (its reports, and every report of every agency it touched,
the same set whose stored rows it recomputed) and `meta` keys `generation` (a fresh id per committed
ingest), `generation_parent` (the generation it was written on) and `generation_run` (its run id when
its changes are listed, else empty).

When the standby cannot be caught up that way (there is none yet, it belongs to another lineage, the
last ingest rewrote everything, tables or view definitions differ, the check after the catch-up
fails, or a reader still has it open after STANDBY_WAIT_SECONDS), it is replaced by a fresh copy of
the live file: the old O(warehouse) path, now the exception. Every path leaves the live file as it
was until the final `os.replace`, so a failed or killed ingest is harmless.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import duckdb

from gongkai.store import db

STANDBY_SUFFIX = ".standby"
SWAP_SUFFIX = ".standby.swap"
LIVE = "gk_live"                       # alias of the live file attached to the standby's connection
CHANGES_TABLE = "last_run_changes"
# A reader that still has the standby open (it read the file before the last swap) blocks writing it;
# readers drop such connections within a second (db.Reader), so wait this long before copying instead.
STANDBY_WAIT_SECONDS = float(os.environ.get("GONGKAI_STANDBY_WAIT", "5"))
GENERATION_KEYS = ("generation", "generation_parent", "generation_run")


class CannotCatchUp(Exception):
    """The standby cannot be brought to the live state by copying the last ingest's rows."""


@dataclass(frozen=True)
class Generation:
    generation: Optional[str]
    parent: Optional[str]
    run: Optional[int]


def standby_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + STANDBY_SUFFIX)


def swap_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SWAP_SUFFIX)


def recover_swap(db_path: Path) -> None:
    """Finish or undo a swap a killed ingest left half done (we hold the ingest lock). The swap name is a
    second link to the old live file: it becomes the standby when the standby was already moved into
    place, and is dropped when it was not (the standby then is newer than live and will be replaced)."""
    swap = swap_path(db_path)
    if not swap.exists():
        return
    if standby_path(db_path).exists():
        swap.unlink()
    else:
        os.replace(swap, standby_path(db_path))


def swap_in(db_path: Path, standby: Path) -> None:
    """Make the committed, checkpointed, fsync'd `standby` the live file; the old live file becomes the
    standby. Each step is one rename or link, and `recover_swap` completes any prefix of them."""
    swap = swap_path(db_path)
    swap.unlink(missing_ok=True)
    try:
        os.link(db_path, swap)
    except OSError:            # no hard links here: the next ingest copies a standby instead
        swap = None
    os.replace(standby, db_path)
    if swap is not None:
        os.replace(swap, standby)
    db.fsync_path(db_path.parent)


def read_generation(con, catalog: Optional[str] = None) -> Generation:
    """The generation keys of the warehouse on `con` (its default database, or `catalog`)."""
    table = (db.quote_catalog(catalog) + ".main.meta") if catalog else db.quote_ident("meta")
    try:
        rows = dict(con.execute(f"SELECT key, value FROM {table} WHERE key IN (?, ?, ?)",
                                list(GENERATION_KEYS)).fetchall())
    except duckdb.Error:
        return Generation(None, None, None)
    run = rows.get("generation_run")
    return Generation(rows.get("generation") or None, rows.get("generation_parent") or None,
                      int(run) if run else None)


def stamp(con, parent: Optional[str], run: Optional[int]) -> str:
    """Inside the ingest's transaction: a new generation id, the one it was written on, and the run
    whose changes `last_run_changes` lists (None when they are not listed: the next ingest copies)."""
    new = uuid.uuid4().hex
    db.execute(con, "DELETE FROM meta WHERE key IN (?, ?, ?)", list(GENERATION_KEYS))
    db.insert_rows(con, "meta", [("generation", new), ("generation_parent", parent or ""),
                                 ("generation_run", "" if run is None else str(run))])
    return new


def _create_changes_table(con) -> None:
    db.execute(con, f"CREATE TABLE IF NOT EXISTS {CHANGES_TABLE} (run_id INTEGER NOT NULL, "
                    "changed_report_id INTEGER NOT NULL)")


def record_changes(con, run_id: int, report_ids: Optional[list[int]]) -> None:
    """The writer's side: list the reports run `run_id` changed (None: it rewrote everything)."""
    _create_changes_table(con)
    db.execute(con, f"DELETE FROM {CHANGES_TABLE}")
    if report_ids:
        db.execute(con, f"INSERT INTO {CHANGES_TABLE} SELECT ?, unnest(?::INTEGER[])",
                   [run_id, sorted({int(r) for r in report_ids})])


# --- opening the standby ----------------------------------------------------------------------------

def open_standby(db_path: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A write connection to `<db>.standby` holding exactly what the live file holds, and how it got
    there ('in step', 'caught up: …', or 'copied: <why>'). Caller holds the ingest lock."""
    recover_swap(db_path)
    path = standby_path(db_path)
    why = "no standby file yet"
    if path.exists():
        con = _connect_when_free(path)
        if con is None:
            why = f"a reader still had the standby open after {STANDBY_WAIT_SECONDS:g} s"
        else:
            try:
                return con, catch_up(con, db_path)
            except CannotCatchUp as exc:
                why = str(exc)
            except (duckdb.Error, ValueError) as exc:
                why = f"catch-up failed ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
            with contextlib.suppress(Exception):
                con.close()
    return _fresh_copy(db_path, path), f"copied: {why}"


def _fresh_copy(db_path: Path, path: Path) -> duckdb.DuckDBPyConnection:
    """Replace the standby by a copy of the live file (written under a working name, then renamed, so
    a reader holding the old standby keeps its own file and a kill leaves only a stale working copy)."""
    work = db_path.with_name(f"{db_path.name}.ingest-{os.getpid()}.tmp")
    shutil.copyfile(db_path, work)
    os.replace(work, path)
    return db.connect_write(path)


def _connect_when_free(path: Path) -> Optional[duckdb.DuckDBPyConnection]:
    """Open `path` for writing once no reader has it open (other processes: DuckDB's file lock; this
    process: its open file descriptors, since POSIX locks do not exclude their own process)."""
    deadline = time.monotonic() + STANDBY_WAIT_SECONDS
    while True:
        if not _open_in_this_process(path):
            try:
                return db.connect_write(path)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)


def _open_in_this_process(path: Path) -> bool:
    try:
        target = os.stat(path)
    except FileNotFoundError:
        return False
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return False
    for entry in fd_dir.iterdir():
        with contextlib.suppress(OSError):
            st = os.stat(entry)
            if st.st_ino == target.st_ino and st.st_dev == target.st_dev:
                return True
    return False


# --- catching up ------------------------------------------------------------------------------------

def catch_up(con, db_path: Path) -> str:
    """Bring the standby on `con` to the live file's state in one committed transaction, copying only
    what the live file's last ingest changed; raise CannotCatchUp when that is not enough."""
    _create_changes_table(con)    # a file from before standby files gains it like the live file did
    con.execute(f"ATTACH ? AS {LIVE} (READ_ONLY)", [str(db_path)]).fetchall()
    try:
        live, mine = read_generation(con, LIVE), read_generation(con)
        if not live.generation or not mine.generation:
            raise CannotCatchUp("a file without a generation id (written before standby files)")
        if mine.generation == live.generation:
            return "in step"
        if live.parent != mine.generation:
            raise CannotCatchUp("the standby is not the file the last ingest was written on")
        if live.run is None:
            raise CannotCatchUp("the last ingest rewrote every stored table (or migrated the file)")
        ids = [int(r[0]) for r in con.execute(
            f"SELECT changed_report_id FROM {LIVE}.main.{CHANGES_TABLE} WHERE run_id = ?",
            [live.run]).fetchall()]
        db.execute(con, "BEGIN TRANSACTION")
        try:
            tables = _sync_tables(con, ids, live.run)
            _sync_views(con)
            _verify(con, tables, ids, live.run)
            db.execute(con, "COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                db.execute(con, "ROLLBACK")
            raise
        return f"caught up: run {live.run}, {len(ids)} reports' rows"
    finally:
        with contextlib.suppress(Exception):
            db.execute(con, f"DETACH {LIVE}")


def _base_tables(con, catalog: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute("""
        SELECT table_name, column_name, data_type FROM duckdb_columns()
        WHERE database_name = ? AND schema_name = 'main' AND NOT internal
          AND table_name IN (SELECT table_name FROM duckdb_tables()
                             WHERE database_name = ? AND schema_name = 'main' AND NOT temporary)
        ORDER BY table_name, column_index""", [catalog, catalog]).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def _keys(con, catalog: str) -> tuple[dict[str, list[str]], set[tuple[str, str]]]:
    """Primary keys per table, and every (table, column) under a primary key or UNIQUE constraint
    (never assigned by an UPDATE: the sync only matches rows on them)."""
    rows = con.execute("""
        SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()
        WHERE database_name = ? AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')""",
                       [catalog]).fetchall()
    primary = {table: list(cols) for table, kind, cols in rows if kind == "PRIMARY KEY"}
    return primary, {(table, col) for table, _kind, cols in rows for col in cols}


def _home(con) -> str:
    return str(con.execute("SELECT current_database()").fetchall()[0][0])


# Rows that never change once written: table → (key, column naming the run that wrote the row).
APPEND_ONLY = {"documents": ("sha256", "run_id")}


def _sync_tables(con, ids: list[int], run: int) -> dict[str, str]:
    """Copy the rows that can differ, per table, so the cost follows the last ingest, not the
    warehouse: for tables with a report_id column (reports, cells, checks, …, the stored tables) the
    rows of the listed reports (by key for reports: updated or added); for append-only tables
    (documents) the rows with a new key; any other table (meta, ingest_runs, agencies, …: small)
    row for row. Returns table → how it was synced."""
    home = db.quote_catalog(_home(con))
    mine, live = _base_tables(con, _home(con)), _base_tables(con, LIVE)
    if set(mine) != set(live):
        raise CannotCatchUp("the two files have different tables: "
                            + ", ".join(sorted(set(mine) ^ set(live))))
    for table in live:
        if mine[table] != live[table]:
            raise CannotCatchUp(f"table {table} has other columns in the two files")
    keys, unique = _keys(con, LIVE)
    in_ids = db.in_list(ids)
    how: dict[str, str] = {}
    for table, columns in sorted(live.items()):
        names = [c for c, _ in columns]
        t_mine = f"{home}.main.{db.quote_ident(table)}"
        t_live = f"{db.quote_ident(LIVE)}.main.{db.quote_ident(table)}"
        key = keys.get(table, [])
        if "report_id" in names:
            where = " WHERE report_id IN " + in_ids
            if key == ["report_id"]:
                _sync_keyed(con, t_mine, t_live, "report_id",
                            [c for c in names if (table, c) not in unique], where)
            else:
                db.execute(con, f"DELETE FROM {t_mine}{where}")
                db.execute(con, f"INSERT INTO {t_mine} SELECT * FROM {t_live}{where}")
            how[table] = "reports"
        elif table in APPEND_ONLY and key == [APPEND_ONLY[table][0]] and APPEND_ONLY[table][1] in names:
            written_by = db.quote_ident(APPEND_ONLY[table][1])
            db.execute(con, f"INSERT INTO {t_mine} SELECT * FROM {t_live} WHERE {written_by} = ?", [run])
            how[table] = "append"
        elif len(key) == 1:
            _sync_keyed(con, t_mine, t_live, key[0], [c for c in names if (table, c) not in unique])
            how[table] = "keyed"
        else:
            differs = con.execute(f"SELECT EXISTS (SELECT * FROM {t_live} EXCEPT ALL SELECT * FROM {t_mine}) "
                                  f"OR EXISTS (SELECT * FROM {t_mine} EXCEPT ALL SELECT * FROM {t_live})"
                                  ).fetchall()[0][0]
            if differs:
                db.execute(con, f"DELETE FROM {t_mine}")
                db.execute(con, f"INSERT INTO {t_mine} SELECT * FROM {t_live}")
            how[table] = "whole"
    return how


def _sync_keyed(con, t_mine: str, t_live: str, key: str, settable: list[str], where: str = "") -> None:
    """Rows of `t_live` (restricted by `where`) that are new or changed are inserted or updated by
    `key`; rows of `t_mine` (same restriction) whose key `t_live` lacks are deleted."""
    k = db.quote_ident(key)
    db.execute(con, f"CREATE OR REPLACE TEMP TABLE _gk_changed AS "
                    f"SELECT * FROM {t_live}{where} EXCEPT SELECT * FROM {t_mine}{where}")
    db.execute(con, f"DELETE FROM {t_mine} WHERE {k} IN (SELECT {k} FROM {t_mine}{where} "
                    f"EXCEPT SELECT {k} FROM {t_live}{where})")
    if settable:
        assignments = ", ".join(f"{db.quote_ident(c)} = _gk_changed.{db.quote_ident(c)}"
                                for c in settable)
        db.execute(con, f"UPDATE {t_mine} AS _gk_t SET {assignments} FROM _gk_changed "
                        f"WHERE _gk_t.{k} = _gk_changed.{k}")
    db.execute(con, f"INSERT INTO {t_mine} SELECT * FROM _gk_changed "
                    f"WHERE {k} NOT IN (SELECT {k} FROM {t_mine}{where})")
    db.execute(con, "DROP TABLE _gk_changed")


def _definitions(con, catalog: str, kind: str) -> dict[str, tuple]:
    if kind == "view":
        rows = con.execute("SELECT view_name, sql, comment FROM duckdb_views() "
                           "WHERE database_name = ? AND NOT internal AND NOT temporary",
                           [catalog]).fetchall()
    else:
        rows = con.execute("SELECT function_name, list(macro_definition ORDER BY macro_definition), "
                           "NULL FROM duckdb_functions() WHERE database_name = ? "
                           "AND function_type IN ('macro', 'table_macro') AND NOT internal "
                           "GROUP BY function_name", [catalog]).fetchall()
    return {name: (sql, comment) for name, sql, comment in rows}


def _sync_views(con) -> None:
    """Views whose definition the last ingest changed (the wide views gain a column with a new cell
    key): recreated from the live file's text. Macros must already agree."""
    home = _home(con)
    if _definitions(con, home, "macro") != _definitions(con, LIVE, "macro"):
        raise CannotCatchUp("the two files define different macros")
    mine, live = _definitions(con, home, "view"), _definitions(con, LIVE, "view")
    if set(mine) != set(live):
        raise CannotCatchUp("the two files have different views")
    for name, (sql, comment) in sorted(live.items()):
        if mine[name] == (sql, comment):
            continue
        if not sql.startswith("CREATE VIEW "):
            raise CannotCatchUp(f"view {name}: unexpected definition")
        db.execute(con, "CREATE OR REPLACE VIEW " + sql[len("CREATE VIEW "):])
        db.execute(con, f"COMMENT ON VIEW {db.quote_ident(name)} IS {_literal(comment)}")


def _literal(text: Optional[str]) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _verify(con, how: dict[str, str], ids: list[int], run: int) -> None:
    """After the copy: every table has the live file's row count, and the rows the sync looked at
    (the listed reports' rows, the rows the last run appended, small tables whole) have the same
    count and the same sum of row hashes in both files (a multiset comparison, one scan a side);
    view definitions agree. Anything else means the changes list missed something: copy instead."""
    home = db.quote_catalog(_home(con))
    in_ids = db.in_list(ids)
    for table, kind in sorted(how.items()):
        where, params = "", []
        if kind == "reports":
            where = " WHERE x.report_id IN " + in_ids
        elif kind == "append":
            where, params = f" WHERE x.{db.quote_ident(APPEND_ONLY[table][1])} = ?", [run]
        sides = []
        for catalog in (home, LIVE):
            t = f"{catalog}.main.{db.quote_ident(table)}"
            total = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            count, digest = con.execute(f"SELECT count(*), sum(hash(x)) FROM {t} AS x{where}",
                                        params).fetchall()[0]
            sides.append((total, count, digest))
        if sides[0] != sides[1]:
            raise CannotCatchUp(f"after the catch-up, table {table} differs from the live file")
    if _definitions(con, _home(con), "view") != _definitions(con, LIVE, "view"):
        raise CannotCatchUp("after the catch-up, view definitions differ from the live file")
