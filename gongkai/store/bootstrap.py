"""First run: the warehouse file every reading command needs, built from the bundled sample reports.

Its own module because deciding whether an existing file can be used as it is is a policy apart from
ingesting: a missing file is built from data/reports, a sample-only file read by an older parser is
rebuilt, and stale stored base tables are rewritten (an ingest of nothing), all through ingest_paths.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import duckdb

from gongkai import config
from gongkai.parse import parser_fingerprint
from gongkai.store import db
from gongkai.store.documents import store_dir
from gongkai.store.ingest import ingest_paths
from gongkai.store.inputs import _walk
from gongkai.store.pool import Parser
from gongkai.store.stored import stored_tables_fresh

log = logging.getLogger(__name__)

BUNDLED_SKIP = ("SOURCES.md",)        # files in data/reports that describe the sample, not reports


def bundled_report_files(folder: Optional[Path] = None) -> list[Path]:
    folder = folder or config.BUNDLED_REPORTS_DIR
    return [p for p in sorted(_walk(folder)) if p.name not in BUNDLED_SKIP]


def ensure_database(db_path: Union[str, Path, None] = None, *, parser: Optional[Parser] = None) -> Path:
    """The warehouse file, built from the bundled sample reports (data/reports) if it does not exist,
    and rebuilt from them when it holds only those reports but was read by another parser version
    (so a developer's sample database never shows figures the current parser would not read).
    Otherwise its stored base tables are brought up to date with queries/base if they are not."""
    path = Path(db_path or config.default_db_path())
    if not path.is_file():
        ingest_paths(bundled_report_files(), path, parser=parser, wait_seconds=600)
        return path
    state = _inspect(path)
    if state is None:       # unreadable or busy: the caller's own open reports it
        return path
    if parser is None and _stale_bundled_only(path, state):
        fresh = path.with_name(path.name + ".rebuild")
        fresh.unlink(missing_ok=True)
        # same bytes, same objects: the rebuilt file names objects of the live file's store
        ingest_paths(bundled_report_files(), fresh, wait_seconds=600,
                     documents_dir=store_dir(path))
        os.replace(fresh, path)
        log.info("%s was read by an older parser; rebuilt from %s", path, config.BUNDLED_REPORTS_DIR)
    elif not state.stored_tables_fresh:
        refresh_stored_tables(path)
    return path


@dataclass(frozen=True)
class _FileState:
    parser_fingerprint: Optional[str]
    foreign_documents: int          # documents not read from data/reports
    stored_tables_fresh: bool


def _inspect(path: Path) -> Optional[_FileState]:
    """What ensure_database needs to know about an existing file, read over one connection."""
    try:
        con = db.connect_read(path)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = ?", ["parser_fingerprint"]).fetchone()
            foreign = con.execute("SELECT count(*) FROM documents WHERE NOT starts_with(origin, ?)",
                                  [str(config.BUNDLED_REPORTS_DIR.resolve())]).fetchone()[0]
            return _FileState(row[0] if row else None, int(foreign), stored_tables_fresh(con))
        finally:
            con.close()
    except Exception:   # noqa: BLE001 - unreadable or busy: never rebuild or rewrite blindly
        return None


def _stale_bundled_only(path: Path, state: _FileState) -> bool:
    """True when the file was built by another parser and every document in it is a bundled one."""
    if state.parser_fingerprint == parser_fingerprint():
        return False
    if state.foreign_documents:
        log.warning("%s was read by an older parser and holds documents from outside %s; its figures "
                    "are kept as they were (re-ingest into a new file to refresh)",
                    path, config.BUNDLED_REPORTS_DIR.resolve())
        return False
    return True


def refresh_stored_tables(path: Union[str, Path]) -> bool:
    """Rewrite the stored base tables of a file written before queries/base last changed (an ingest
    of nothing does exactly that: it rewrites them when they are stale); True if it rewrote them. Until then readers compute them
    as views, so figures are never stale, only slower. Skipped, with a note, when another ingest
    holds the file or it cannot be written."""
    log.info("%s: the stored base tables predate queries/base; rewriting them", path)
    try:
        return ingest_paths([], path, wait_seconds=0).changed
    except (db.IngestBusy, OSError, duckdb.Error) as exc:
        log.warning("%s: stored base tables not rewritten (%s); queries compute them on the fly "
                    "until the next ingest", path, exc)
        return False
