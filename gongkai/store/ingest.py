"""Ingest: files, folders and zip archives → documents, reports, cells … in one atomic write.

Idempotent by content: a document is keyed by the SHA-256 of its bytes, so bytes seen before are
skipped without parsing. A new document for an agency+year already present becomes its current
version; the earlier ones stay, marked superseded (reports.version / is_current / superseded_by).
All writing happens on a copy of the database that replaces the live file only on success (db.writing).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import math
import mimetypes
import os
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

import duckdb
import pandas as pd

from gongkai import __version__, config
from gongkai import limits as gk_limits
from gongkai.parse import parser_fingerprint
from gongkai.model import ParsedReport, SourceInfo, Warning
from gongkai.store import db
from gongkai.store.stored import stored_tables_fresh, write_stored_tables
from gongkai.store.dictionary import (canonical_cells, derive_level, derive_sector, normalise_name,
                                        split_key)

Parser = Callable[[bytes, str], ParsedReport]
Progress = Callable[[int, int, str], None]

log = logging.getLogger(__name__)

READABLE = ("parsed", "partial")      # statuses whose figures count; only these can be versions
WIDE_TABLES = (2, 3, 4)
FLUSH_EVERY = 2000                    # reports buffered in memory before rows are written
BUNDLED_SKIP = ("SOURCES.md",)        # files in data/reports that describe the sample, not reports
# Generated test data (benchmarks/synth.py) says so in the document and in the agency name.
SYNTHETIC_MARKER = "SYNTHETIC DATA"
SYNTHETIC_AGENCY_PREFIX = "(合成)"
IN_FLIGHT_PER_WORKER = 8              # documents queued per parse worker (bounds memory)


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps that stop a zip bomb: bytes are counted as they are inflated, not taken from headers.
    Defaults and GONGKAI_* overrides live in gongkai/limits.py (`from_settings`)."""
    max_total_bytes: int = 1 << 30      # all members of one ingest together (1 GiB)
    max_member_bytes: int = 256 << 20   # one member (256 MiB)
    max_members: int = 100_000          # entries in one archive
    max_depth: int = 2                  # zip inside zip inside zip stops here
    max_file_bytes: int = 256 << 20     # one plain file on disk (256 MiB)

    @classmethod
    def from_settings(cls, settings: Optional[gk_limits.Limits] = None) -> "ArchiveLimits":
        s = settings or gk_limits.current()
        return cls(max_total_bytes=s.max_archive_total_bytes, max_member_bytes=s.max_file_bytes,
                   max_members=s.max_archive_members, max_depth=s.max_archive_depth,
                   max_file_bytes=s.max_file_bytes)


class InputError(Exception):
    """An input that cannot be read; the message is the reason shown in the summary."""


@dataclass
class Item:
    origin: str                         # path, or archive!member
    name: str                           # file name handed to the parser
    load: Callable[[], bytes]


@dataclass
class Outcome:
    origin: str
    result: str                         # new | updated | unchanged | failed
    reason: str = ""
    sha256: Optional[str] = None
    report_id: Optional[int] = None
    parse_status: Optional[str] = None


@dataclass
class IngestSummary:
    db_path: Path
    outcomes: list[Outcome] = field(default_factory=list)
    changed: bool = False
    run_id: Optional[int] = None

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


# --- collecting inputs ----------------------------------------------------------------------------

class _Budget:
    def __init__(self, limit: int):
        self.left = limit

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise InputError("archives expand beyond the total size cap; not read")


def collect(paths: Iterable[Union[str, Path]], limits: ArchiveLimits) -> Iterator[Union[Item, Outcome]]:
    """Every input document in a stable order: files as given, folders recursively (sorted, hidden
    entries skipped), zip members by name. Unreadable inputs come out as failed Outcomes."""
    budget = _Budget(limits.max_total_bytes)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(_walk(path)):
                yield from _file_items(sub, str(sub), limits, budget)
        elif path.is_file():
            yield from _file_items(path, str(raw), limits, budget)
        else:
            yield Outcome(str(raw), "failed", "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def _file_items(path: Path, origin: str, limits: ArchiveLimits, budget: _Budget):
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                yield from _zip_items(zf, origin, lambda: zipfile.ZipFile(path), limits, budget, 1)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Outcome(origin, "failed", f"not a readable zip archive ({exc})")
        return
    try:
        size = path.stat().st_size
    except OSError:
        size = 0                        # _read_file reports the error
    if size > limits.max_file_bytes:
        yield Outcome(origin, "failed", f"file is {size} bytes (cap {limits.max_file_bytes}, "
                                        "GONGKAI_MAX_FILE_BYTES); not read")
        return
    yield Item(origin, path.name, lambda: _read_file(path))


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def _zip_items(zf: zipfile.ZipFile, origin: str, reopen: Callable[[], zipfile.ZipFile],
               limits: ArchiveLimits, budget: _Budget, depth: int):
    infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    if len(infos) > limits.max_members:
        yield Outcome(origin, "failed", f"archive has {len(infos)} entries (cap {limits.max_members})")
        return
    for info in sorted(infos, key=lambda i: i.filename):
        member = f"{origin}!{info.filename}"
        if not _safe_member_name(info.filename):
            yield Outcome(member, "failed", "unsafe name in archive (absolute or '..' path); skipped")
            continue
        if info.file_size > limits.max_member_bytes:
            yield Outcome(member, "failed", f"declares {info.file_size} bytes (cap {limits.max_member_bytes})")
            continue
        name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if name.startswith("."):
            continue
        load = _member_loader(reopen, info.filename, limits, budget)
        if name.lower().endswith(".zip"):
            if depth >= limits.max_depth:
                yield Outcome(member, "failed", f"archive nested deeper than {limits.max_depth}")
                continue
            try:
                data = load()
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _zip_items(inner, member, lambda d=data: zipfile.ZipFile(io.BytesIO(d)),
                                          limits, budget, depth + 1)
            except InputError as exc:
                yield Outcome(member, "failed", str(exc))
            except zipfile.BadZipFile as exc:
                yield Outcome(member, "failed", f"not a readable zip archive ({exc})")
            continue
        yield Item(member, name, load)


def _safe_member_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts
                or "\x00" in name)


def _member_loader(reopen: Callable[[], zipfile.ZipFile], member: str, limits: ArchiveLimits,
                   budget: _Budget) -> Callable[[], bytes]:
    def load() -> bytes:
        chunks, total = [], 0
        try:
            with reopen() as zf, zf.open(member) as fh:
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > limits.max_member_bytes:
                        raise InputError(f"expands beyond {limits.max_member_bytes} bytes; not read")
                    budget.take(len(chunk))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise InputError(f"cannot inflate: {exc}") from None
        return b"".join(chunks)
    return load


# --- the ingest -----------------------------------------------------------------------------------

def default_parser() -> Parser:
    from gongkai.parse import parse_bytes
    return parse_bytes


def ingest_paths(paths: Sequence[Union[str, Path]], db_path: Union[str, Path, None] = None, *,
                 parser: Optional[Parser] = None, progress: Optional[Progress] = None,
                 wait_seconds: float = 60.0, limits: Optional[ArchiveLimits] = None,
                 workers: int = 1) -> IngestSummary:
    """Store every document under `paths` in the warehouse at `db_path` (created if missing).

    One transaction on a working copy: if anything raises (or the process dies) the live file is
    untouched. A run that stores nothing new leaves the file byte-for-byte as it was.

    `workers` > 1 parses in that many worker processes; reading, hashing and every write stay in
    this process, in input order, so the database is the same as with one worker. The parser must
    then be picklable (a module-level function, like the default).
    """
    db_path = Path(db_path or config.default_db_path())
    parser = parser or default_parser()
    limits = limits or ArchiveLimits.from_settings()
    collected = list(collect(paths, limits))
    summary = IngestSummary(db_path)
    pool = _parse_pool(workers) if workers > 1 else None   # started before DuckDB opens anything
    try:
        with db.writing(db_path, wait_seconds) as session:
            writer = _Writer(session.con, parser, [str(p) for p in paths])
            total = len(collected)
            entries = writer.add_all(collected, pool, IN_FLIGHT_PER_WORKER * max(workers, 1))
            for done, outcome in enumerate(entries, 1):
                if progress:
                    progress(done, total, outcome.origin)
                summary.outcomes.append(outcome)
            _finish(writer, session, summary)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return summary


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


def _parse_pool(workers: int):
    """Worker processes for parsing. `spawn`, not fork: the parent may hold DuckDB threads and
    locks; each worker imports the parser once and warms its caches (cpca, OpenCC) up front."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_warm_worker)


_WARM_DOC = "测试市测试局2022年政府信息公开工作年度报告\n一、总体情况\n".encode("utf-8")


def _warm_worker() -> None:
    try:
        default_parser()(_WARM_DOC, "warm.txt")
    except Exception:  # noqa: BLE001 - warming is only an optimisation
        pass


def _safe_parse(parser: Parser, data: bytes, name: str, sha: str) -> ParsedReport:
    """The parser promises never to raise; if it does, keep the document and say why.
    Runs in a worker process when ingesting with --workers."""
    try:
        return parser(data, name)
    except Exception as exc:  # noqa: BLE001 - one bad document must not lose the others
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        report = ParsedReport(source=SourceInfo(path=name, sha256=sha, media_type=media),
                              status="unreadable")
        report.warnings.append(Warning("parser_error", f"{type(exc).__name__}: {exc}"))
        return report


def is_synthetic(data: bytes, report: ParsedReport) -> bool:
    """Generated test data (benchmarks/synth.py) carries a marker line and an agency-name prefix."""
    return (SYNTHETIC_MARKER in (report.text or "")
            or (normalise_name(report.agency) or "").startswith(SYNTHETIC_AGENCY_PREFIX)
            or SYNTHETIC_MARKER.encode("ascii") in data)


class _Writer:
    """Turns parsed documents into rows; keeps the keys it needs in memory so each document costs
    no queries, and writes rows in batches."""

    def __init__(self, con, parser: Parser, inputs: list[str]):
        self.con, self.parser, self.inputs = con, parser, inputs
        self.started = dt.datetime.now()
        self.run_id = int(self._scalar("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs"))
        self.next_report = int(self._scalar("SELECT coalesce(max(report_id), 0) + 1 FROM reports"))
        self.next_agency = int(self._scalar("SELECT coalesce(max(agency_id), 0) + 1 FROM agencies"))
        self.shas: dict[str, Optional[str]] = {
            s: None for s in db.run(con, "SELECT sha256 FROM documents")["sha256"]}
        self.agencies: dict[str, int] = dict(
            db.run(con, "SELECT name, agency_id FROM agencies").itertuples(index=False, name=None))
        keyed = db.run(con, "SELECT agency_id, year, max(status = ?)::INTEGER FROM reports "
                            "WHERE version IS NOT NULL GROUP BY ALL", ["parsed"])
        # (agency_id, year) → 1 if a complete (parsed) version exists, else 0
        self.keyed: dict[tuple[int, int], int] = {
            (int(a), int(y)): int(c) for a, y, c in keyed.itertuples(index=False)}
        self.rows: dict[str, list[tuple]] = {t: [] for t in db.TABLE_COLUMNS}
        self.synthetic: list[int] = []   # report ids of generated test data (reports.is_synthetic)
        self.buffered = 0
        _add_synthetic_column(con)

    def _scalar(self, sql: str, params=None):
        return db.run(self.con, sql, params).iat[0, 0]

    def add(self, item: Item) -> Outcome:
        first = self._prepare(item)
        if isinstance(first, Outcome):
            return first
        data, sha = first
        return self._commit(item, data, sha, _safe_parse(self.parser, data, item.name, sha))

    def add_all(self, entries: Sequence[Union[Item, Outcome]], pool=None,
                window: int = 16) -> Iterator[Outcome]:
        """Outcomes in input order. With a process pool, up to `window` documents are parsed ahead
        while this process stores the earlier ones; report ids follow input order either way."""
        if pool is None:
            for entry in entries:
                yield entry if isinstance(entry, Outcome) else self.add(entry)
            return
        pending: deque = deque()      # Outcome | (item, data, sha, future), in input order

        def settle(head) -> Outcome:
            if isinstance(head, Outcome):
                return head
            item, data, sha, future = head
            return self._commit(item, data, sha, future.result())

        for entry in entries:
            if isinstance(entry, Outcome):
                pending.append(entry)
            else:
                first = self._prepare(entry)
                if isinstance(first, Outcome):
                    pending.append(first)
                else:
                    data, sha = first
                    pending.append((entry, data, sha,
                                    pool.submit(_safe_parse, self.parser, data, entry.name, sha)))
            while pending and (len(pending) > window or isinstance(pending[0], Outcome)):
                yield settle(pending.popleft())
        while pending:
            yield settle(pending.popleft())

    def _prepare(self, item: Item) -> Union[Outcome, tuple[bytes, str]]:
        """Load and hash; an Outcome when there is nothing to parse (unreadable or already stored)."""
        try:
            data = item.load()
        except InputError as exc:
            return Outcome(item.origin, "failed", str(exc))
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.shas:
            first = self.shas[sha]
            why = f"same bytes as {first} (this run)" if first else "already stored"
            return Outcome(item.origin, "unchanged", why, sha)
        self.shas[sha] = item.origin
        return data, sha

    def _commit(self, item: Item, data: bytes, sha: str, report: ParsedReport) -> Outcome:
        report_id = self.next_report
        self.next_report += 1
        outcome = self._store(item, data, sha, report, report_id)
        if is_synthetic(data, report):
            self.synthetic.append(report_id)
        self.buffered += 1
        if self.buffered >= FLUSH_EVERY:
            self.flush()
        return outcome

    def _store(self, item: Item, data: bytes, sha: str, report: ParsedReport, rid: int) -> Outcome:
        src = report.source
        self.rows["documents"].append((sha, data, len(data), item.name, item.origin,
                                       src.media_type, src.encoding, self.started, self.run_id))
        agency_key = normalise_name(report.agency)
        agency_id = None
        if agency_key:
            agency_id = self.agencies.get(agency_key)
            if agency_id is None:
                agency_id = self.agencies[agency_key] = self.next_agency
                self.next_agency += 1
                self.rows["agencies"].append((agency_id, agency_key) + (None,) * 7)
        result, reason = "new", report.status
        if report.status in READABLE and agency_id is not None and report.year is not None:
            key, complete = (agency_id, int(report.year)), int(report.status == "parsed")
            if key not in self.keyed:
                self.keyed[key] = complete
            elif complete >= self.keyed[key]:
                result = "updated"
                reason = f"{report.status}; new current version of {agency_key} {report.year}"
                self.keyed[key] = complete
            else:
                reason = (f"{report.status}; kept in the history of {agency_key} {report.year} "
                          "(a complete version stays current)")
        elif report.status in READABLE:
            reason = f"{report.status}; agency or year unknown, stored but cannot supersede"
        cells = self._cells(report, rid)
        region = report.region
        self.rows["reports"].append((
            rid, sha, report.status, agency_id, report.agency,
            int(report.year) if report.year is not None else None,
            report.format_version, report.report_scope, _date(report.published_on),
            _bigint(report.proactive_count), region.province, region.city, region.county, region.code,
            len(cells), sum(1 for c in cells if c[5] is None), None, False, None, __version__))
        cell_keys = {c[1] for c in cells}
        for fname, prov in sorted(report.provenance.items()):
            if fname not in cell_keys:
                self.rows["field_sources"].append((rid, fname, prov.raw, prov.where))
        for seq, chk in enumerate(report.checks, 1):
            self.rows["checks"].append((rid, seq, chk.id, chk.scope, chk.status, chk.detail))
        for seq, warn in enumerate(report.warnings, 1):
            self.rows["warnings"].append((rid, seq, warn.code, warn.detail))
        if report.text:
            self.rows["report_texts"].append((rid, report.text))
        return Outcome(item.origin, result, reason, sha, rid, report.status)

    def _cells(self, report: ParsedReport, rid: int) -> list[tuple]:
        out = []
        for key, value in report.cells.items():
            try:
                table, row, col = split_key(key)
            except ValueError:
                report.warnings.append(Warning("bad_cell_key", f"{key!r} is not a cell key; not stored"))
                continue
            prov = report.provenance.get(key)
            number = _double(value)
            out.append((rid, key, table, row, col, number,
                        prov.raw if prov else None, prov.where if prov else None))
        self.rows["cells"].extend(out)
        return out

    def flush(self) -> None:
        for table in ("documents", "agencies", "reports", "cells", "field_sources", "checks",
                      "warnings", "report_texts"):
            db.insert_rows(self.con, table, self.rows[table])
            self.rows[table] = []
        if self.synthetic:
            db.execute(self.con, "UPDATE reports SET is_synthetic = TRUE "
                                 "WHERE report_id IN (SELECT unnest(?::INTEGER[]))", [self.synthetic])
            self.synthetic = []
        self.buffered = 0

    def finish(self, summary: IngestSummary) -> int:
        """Write what is buffered, then everything derived from the whole table set."""
        self.flush()
        _recompute_versions(self.con)
        _refresh_agencies(self.con)
        self.finish_views()
        db.insert_rows(self.con, "ingest_runs", [(
            self.run_id, self.started, dt.datetime.now(), "\n".join(self.inputs),
            summary.count("new"), summary.count("updated"), summary.count("unchanged"),
            summary.count("failed"), __version__)])
        db.execute(self.con, "DELETE FROM meta WHERE key = ?", ["parser_fingerprint"])
        db.insert_rows(self.con, "meta", [("parser_fingerprint", parser_fingerprint())])
        return self.run_id

    def finish_views(self) -> None:
        write_derived(self.con)


def write_derived(con) -> None:
    """Everything derived from the whole table set, rewritten after the rows change: the wide views
    and the stored base tables of queries/base (the per-report facts every roll-up reads)."""
    _rebuild_wide_views(con)
    write_stored_tables(con)


def _add_synthetic_column(con) -> None:
    """Files made before reports.is_synthetic existed gain the column (an addition only)."""
    found = db.run(con, "SELECT count(*) AS n FROM duckdb_columns() "
                        "WHERE table_name = 'reports' AND column_name = 'is_synthetic'")
    if int(found.iat[0, 0]) == 0:
        db.execute(con, "ALTER TABLE reports ADD COLUMN is_synthetic BOOLEAN DEFAULT FALSE")
        db.execute(con, "COMMENT ON COLUMN reports.is_synthetic IS 'TRUE for generated test data "
                        "(benchmarks/synth.py); never real figures, keep it out of analyses'")


def _bigint(value) -> Optional[int]:
    """A value for a BIGINT column, or None when it cannot be one (a parser must not be able to
    abort the whole ingest's transaction with one absurd figure)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -(1 << 63) <= value < (1 << 63) else None


def _double(value) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _date(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _recompute_versions(con) -> None:
    """Number the readable reports of each agency+year in arrival order (version 1, 2, …). The
    current one is the latest *complete* (parsed) version, or the latest partial one when none is
    complete: a flattened excerpt never replaces a full reading. Keyless readable reports are
    current on their own; non-reports are never current. Other versions point to the current one."""
    db.execute(con, """
        UPDATE reports AS r
        SET version = t.version, is_current = t.is_current, superseded_by = t.superseded_by
        FROM (
            SELECT r2.report_id,
                   e.version,
                   CASE WHEN e.report_id IS NOT NULL THEN e.report_id = e.current_id
                        ELSE r2.status IN (?, ?) END AS is_current,
                   CASE WHEN e.report_id <> e.current_id THEN e.current_id END AS superseded_by
            FROM reports AS r2
            LEFT JOIN (
                SELECT report_id,
                       row_number() OVER (PARTITION BY agency_id, year ORDER BY report_id) AS version,
                       last_value(report_id) OVER (
                           PARTITION BY agency_id, year ORDER BY status = ?, report_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS current_id
                FROM reports
                WHERE agency_id IS NOT NULL AND year IS NOT NULL AND status IN (?, ?)
            ) AS e ON e.report_id = r2.report_id
        ) AS t
        WHERE r.report_id = t.report_id
          AND (r.version IS DISTINCT FROM t.version
               OR r.is_current IS DISTINCT FROM t.is_current
               OR r.superseded_by IS DISTINCT FROM t.superseded_by)
    """, [*READABLE, "parsed", *READABLE])


def _refresh_agencies(con) -> None:
    """Region and scope from each agency's latest report that states them; level and sector derived."""
    frame = db.run(con, """
        SELECT a.agency_id, a.name, r.report_id, r.province, r.city, r.county, r.region_code,
               r.report_scope
        FROM agencies AS a JOIN reports AS r ON r.agency_id = a.agency_id
        ORDER BY a.agency_id, r.report_id
    """)
    latest: dict[int, dict] = {}
    for row in frame.itertuples(index=False):
        cur = latest.setdefault(int(row.agency_id), {"name": row.name, "region": (None,) * 4,
                                                     "scope": "unknown"})
        region = tuple(None if _missing(v) else v
                       for v in (row.province, row.city, row.county, row.region_code))
        if any(region):
            cur["region"] = region
        if not _missing(row.report_scope) and row.report_scope != "unknown":
            cur["scope"] = row.report_scope
    updates = []
    for agency_id, cur in latest.items():
        province, city, county, code = cur["region"]
        updates.append((agency_id, province, city, county, code,
                        derive_level(cur["name"], code, province, city, county),
                        derive_sector(cur["name"]), cur["scope"]))
    db.update_rows(con, "agencies", "agency_id",
                   ("province", "city", "county", "region_code", "level", "sector", "scope"), updates)


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def wide_view_keys(con) -> dict[int, list[str]]:
    """Cell keys per table for the wide views: formats.py order first, then any other stored key."""
    keys: dict[int, list[str]] = {t: [] for t in WIDE_TABLES}
    seen: set[str] = set()
    stored = db.run(con, "SELECT DISTINCT cell_key FROM cells ORDER BY cell_key")["cell_key"]
    for key in [c.cell_key for c in canonical_cells()] + list(stored):
        if key in seen:
            continue
        seen.add(key)
        keys[split_key(key)[0]].append(key)
    return keys


def _rebuild_wide_views(con) -> None:
    """t2_wide/t3_wide/t4_wide: one row per report having cells of that table, one column per key.
    Keys pass split_key's strict pattern before they appear in SQL text (DDL cannot bind values)."""
    for table, keys in wide_view_keys(con).items():
        columns = "".join(
            f",\n    max(c.value) FILTER (WHERE c.cell_key = '{k}') AS {db.quote_ident(k)}"
            for k in keys)
        db.execute(con, f"""
CREATE OR REPLACE VIEW t{table}_wide AS
SELECT r.report_id, r.agency_id, r.year, r.format_version, r.report_scope, r.is_current{columns}
FROM reports AS r JOIN cells AS c ON c.report_id = r.report_id AND c.table_no = {int(table)}
GROUP BY r.report_id, r.agency_id, r.year, r.format_version, r.report_scope, r.is_current""")
        db.execute(con, f"COMMENT ON VIEW t{table}_wide IS "
                        f"'one row per report with table {table} cells; one column per cell key (value)'")


# --- first run, progress and summary --------------------------------------------------------------

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
        ingest_paths(bundled_report_files(), fresh, wait_seconds=600)
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
