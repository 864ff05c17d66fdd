"""Ingest: files, folders and zip archives → documents, reports, cells … in one atomic write.

Idempotent by content: a document is keyed by the SHA-256 of its bytes, so bytes seen before are
skipped without parsing. A new document for an agency+year already present is a new version: a
correction becomes current, another rendering of the same figures only when it reads better
(gongkai.store.derived.choose_current); the others stay in the history (reports.version / is_current
/ superseded_by). Documents that are not reports are stored and never current (writer.not_a_report_reason).
All writing happens on the standby file, which replaces the live file only on success (db.writing,
gongkai.store.standby).

This module only orchestrates: inputs (collect) → pool (parse, optionally in worker processes) →
writer (rows) → derived (versions, agencies, wide views, stored tables). First-run building of the
warehouse is gongkai.store.bootstrap.
"""
from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence, Union

from gongkai import config
from gongkai.store import db
from gongkai.store.derived import READABLE
from gongkai.store.documents import DocumentStore, migrate_inline_content, store_dir
from gongkai.store.inputs import ArchiveLimits, Outcome, collect
from gongkai.store.pool import Parser, _parse_pool, default_parser
from gongkai.store.stored import stored_tables_fresh
from gongkai.store.writer import _Writer

__all__ = ["ingest_paths", "IngestSummary", "Outcome", "ArchiveLimits", "READABLE", "default_parser"]

Progress = Callable[[int, int, str], None]

IN_FLIGHT_PER_WORKER = 8              # documents queued per parse worker (bounds memory)


@dataclass
class IngestSummary:
    db_path: Path
    outcomes: list[Outcome] = field(default_factory=list)
    changed: bool = False
    run_id: Optional[int] = None
    standby: str = ""               # how the file written was brought to the live state (db.writing)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


def ingest_paths(paths: Sequence[Union[str, Path]], db_path: Union[str, Path, None] = None, *,
                 parser: Optional[Parser] = None, progress: Optional[Progress] = None,
                 wait_seconds: float = 60.0, limits: Optional[ArchiveLimits] = None,
                 workers: int = 1, documents_dir: Union[str, Path, None] = None,
                 urls: Optional[Mapping[str, str]] = None) -> IngestSummary:
    """Store every document under `paths` in the warehouse at `db_path` (created if missing).

    One transaction on a working copy: if anything raises (or the process dies) the live file is
    untouched. A run that stores nothing new leaves the file byte-for-byte as it was.

    `workers` > 1 parses in that many worker processes; reading, hashing and every write stay in
    this process, in input order, so the database is the same as with one worker. The parser must
    then be picklable (a module-level function, like the default).

    Document bytes go to the document store beside the database (`<db>.documents/`, or
    `documents_dir`), each object written and renamed as it is read and all of them synced before
    the commit (gongkai.store.documents). A warehouse that still keeps bytes inline is migrated
    first, in the same transaction. `urls` maps an input path (as given) to the URL it was fetched
    from, kept in `documents.source_url` (harvest --ingest).
    """
    db_path = Path(db_path or config.default_db_path())
    parser = parser or default_parser()
    limits = limits or ArchiveLimits.from_settings()
    collected = list(collect(paths, limits))
    if urls:
        for entry in collected:
            if not isinstance(entry, Outcome):
                entry.url = urls.get(entry.origin)
    summary = IngestSummary(db_path)
    store = DocumentStore(Path(documents_dir) if documents_dir else store_dir(db_path))
    pool = _parse_pool(workers) if workers > 1 else None   # started before DuckDB opens anything
    try:
        with db.writing(db_path, wait_seconds, new_bytes=_input_bytes(collected)) as session:
            migrated = migrate_inline_content(session.con, store)
            if migrated:
                session.changed = True      # the bytes moved out: the file must be replaced,
                session.compact = True      # and rewritten without the blocks they used
            writer = _Writer(session.con, parser, [str(p) for p in paths], store)
            total = len(collected)
            entries = writer.add_all(collected, pool, IN_FLIGHT_PER_WORKER * max(workers, 1))
            for done, outcome in enumerate(entries, 1):
                if progress:
                    progress(done, total, outcome.origin)
                summary.outcomes.append(outcome)
            _finish(writer, session, summary)
            if summary.run_id is not None and writer.replayable and not migrated:
                session.replay_run = summary.run_id     # the next ingest catches up by these rows
            summary.standby = session.standby
            store.sync()        # every object durable before the commit that names it
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return summary


def _input_bytes(collected) -> int:
    """Bytes of the files behind the inputs (an archive counted once): what the free-space check
    reserves room for before the working copy is written."""
    files = {str(getattr(c, "origin", "")).split("!", 1)[0] for c in collected}
    total = 0
    for name in files:
        try:
            total += os.path.getsize(name)
        except OSError:
            pass
    return total


def _finish(writer: "_Writer", session, summary: IngestSummary) -> None:
    if any(o.result in ("new", "updated") for o in summary.outcomes):
        summary.run_id = writer.finish(summary)
        session.changed = True
    elif session.created:
        writer.finish_views()
    elif not stored_tables_fresh(session.con):
        # nothing new, but queries/base changed since the tables were written: bring them up to date
        writer.finish_views()
        session.changed = True
    summary.changed = session.changed
