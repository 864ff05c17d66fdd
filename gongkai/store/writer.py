"""The writer: parsed documents → rows of documents, agencies, reports, cells … inside the ingest's
one transaction.

Its own module because turning a ParsedReport into rows is the part that must agree with
schema.sql: keys it keeps in memory (stored hashes, agency ids, which agency+year already has a
version), values made safe for their column types, rows written in batches, and at the end the run
recorded and the derived tables rebuilt (gongkai.store.derived).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections import deque
from typing import TYPE_CHECKING, Iterator, Optional, Sequence, Union

from gongkai import __version__
from gongkai.model import ParsedReport, Warning
from gongkai.parse import parser_fingerprint
from gongkai.store import db
from gongkai.store.derived import (READABLE, RENDERING_NAMES, RULES_FINGERPRINT_KEY, _recompute_versions,
                                   _refresh_agencies, rendering_rank, rules_fingerprint, write_derived)
from gongkai.store.dictionary import normalise_name, split_key
from gongkai.store.documents import DocumentStore
from gongkai.store.standby import record_changes
from gongkai.store.inputs import InputError, Item, Outcome
from gongkai.store.pool import Parser, _safe_parse

if TYPE_CHECKING:
    from gongkai.store.ingest import IngestSummary

FLUSH_EVERY = 2000                    # reports buffered in memory before rows are written
LOOKUPS_BEFORE_LOAD = 2000            # documents looked up one by one before all hashes are loaded
# Generated test data (benchmarks/synth.py) says so in the document and in the agency name.
SYNTHETIC_MARKER = "SYNTHETIC DATA"
SYNTHETIC_AGENCY_PREFIX = "(合成)"


def is_synthetic(data: bytes, report: ParsedReport) -> bool:
    """Generated test data (benchmarks/synth.py) carries a marker line and an agency-name prefix."""
    return (SYNTHETIC_MARKER in (report.text or "")
            or (normalise_name(report.agency) or "").startswith(SYNTHETIC_AGENCY_PREFIX)
            or SYNTHETIC_MARKER.encode("ascii") in data)


# Structured data files are not documents: text up to this size is checked for JSON / TSV / CSV.
DATA_FILE_MAX_BYTES = 64 << 20


def not_a_report_reason(data: bytes, report: ParsedReport) -> Optional[str]:
    """Why a document the parser read as a report (parsed / partial) is nevertheless not one, or None.

    The store keeps every byte, but only reports can be current (and so reach roll-ups and review
    lists). Besides the parser's own not_a_report / unreadable, a readable-looking document is not a
    report when
    1. its bytes are structured data rather than a document: one JSON value (object or array), JSON
       Lines (every non-blank line a JSON object or array), or a delimited table — tab- or
       comma-separated, at least two rows, every row with the same number (≥ 2) of fields — such as
       a MANIFEST.tsv or an export; or
    2. nothing in it identifies it as a report: no agency name and not a single figure (no table cell
       read), whatever year it mentions (a README, a notes file)."""
    if report.status not in READABLE:
        return None
    media = report.source.media_type or ""
    kind = data_file_kind(data) if not media or media.startswith("text/") or "json" in media else None
    if kind:
        return f"{kind} data, not a report document"
    figures = sum(1 for v in report.cells.values() if _double(v) is not None)
    if not normalise_name(report.agency) and figures == 0:
        return "no agency name and no figure read: nothing identifies it as a report"
    return None


def data_file_kind(data: bytes) -> Optional[str]:
    """'JSON', 'JSON Lines', 'TSV' or 'CSV' when the bytes are such a data file, else None."""
    if len(data) > DATA_FILE_MAX_BYTES or b"\0" in data[:4096]:
        return None
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return None
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            if isinstance(json.loads(stripped), (dict, list)):
                return "JSON"
        except ValueError:
            pass
        lines = [line for line in stripped.splitlines() if line.strip()]
        try:
            if len(lines) > 1 and all(isinstance(json.loads(line), (dict, list)) for line in lines):
                return "JSON Lines"
        except ValueError:
            pass
    for delimiter, kind in (("\t", "TSV"), (",", "CSV")):
        if delimiter not in stripped.split("\n", 1)[0]:
            continue
        try:
            rows = [row for row in csv.reader(io.StringIO(stripped), delimiter=delimiter)
                    if any(field.strip() for field in row)]
        except csv.Error:
            continue
        widths = {len(row) for row in rows}
        if len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 2:
            return kind
    return None


class _Writer:
    """Turns parsed documents into rows; keeps the keys it needs in memory so each document costs
    no queries, and writes rows in batches."""

    def __init__(self, con, parser: Parser, inputs: list[str], store: DocumentStore):
        self.con, self.parser, self.inputs, self.store = con, parser, inputs, store
        self.started = dt.datetime.now()
        self.run_id = int(self._scalar("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs"))
        self.next_report = int(self._scalar("SELECT coalesce(max(report_id), 0) + 1 FROM reports"))
        self.next_agency = int(self._scalar("SELECT coalesce(max(agency_id), 0) + 1 FROM agencies"))
        self.shas: dict[str, Optional[str]] = {}     # this run's new hashes → first input
        self._stored: Optional[set[str]] = None      # every stored hash, once lookups are many
        self._lookups = 0
        self.agencies: dict[str, int] = dict(
            db.run(con, "SELECT name, agency_id FROM agencies").itertuples(index=False, name=None))
        self.first_report = self.next_report          # report ids from here on are this run's
        self.outcomes: dict[int, Outcome] = {}        # report_id → outcome, relabelled by finish
        self.rows: dict[str, list[tuple]] = {t: [] for t in db.TABLE_COLUMNS}
        self.synthetic: list[int] = []   # report ids of generated test data (reports.is_synthetic)
        self.buffered = 0
        self.replayable = False      # set by finish: its changes are listed for the standby file
        _add_column(con, "reports", "is_synthetic",
                    "ALTER TABLE reports ADD COLUMN is_synthetic BOOLEAN DEFAULT FALSE",
                    "COMMENT ON COLUMN reports.is_synthetic IS 'TRUE for generated test data "
                    "(benchmarks/synth.py); never real figures, keep it out of analyses'")
        _add_column(con, "documents", "source_url",
                    "ALTER TABLE documents ADD COLUMN source_url VARCHAR",
                    "COMMENT ON COLUMN documents.source_url IS 'URL the bytes were fetched from "
                    "(gongkai harvest --ingest: the final URL after redirects); NULL for files and uploads'")

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
        """Load and hash; an Outcome when there is nothing to parse (unreadable or already stored).
        New bytes go to the document store at once (compressed in 1 MiB steps from the one copy the
        parser needs; never a second copy), before the rows that name them can be committed."""
        try:
            data = item.load()
        except InputError as exc:
            return Outcome(item.origin, "failed", str(exc))
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.shas:
            return Outcome(item.origin, "unchanged", f"same bytes as {self.shas[sha]} (this run)", sha)
        if self._already_stored(sha):
            return Outcome(item.origin, "unchanged", "already stored", sha)
        self.store.put_bytes(data, expect_sha256=sha)
        self.shas[sha] = item.origin
        return data, sha

    def _already_stored(self, sha: str) -> bool:
        """Whether an earlier run stored these bytes: a primary-key lookup per document for a small
        run (a national warehouse holds 10^6 hashes; loading them all would cost more than the run),
        one load of every hash once a run has looked up LOOKUPS_BEFORE_LOAD of them."""
        if self._stored is None:
            self._lookups += 1
            if self._lookups <= LOOKUPS_BEFORE_LOAD:
                return bool(self.con.execute("SELECT count(*) FROM documents WHERE sha256 = ?",
                                             [sha]).fetchall()[0][0])
            self._stored = set(db.run(self.con, "SELECT sha256 FROM documents")["sha256"])
        return sha in self._stored

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
        self.rows["documents"].append((sha, len(data), item.name, item.origin,
                                       src.media_type, src.encoding, self.started, self.run_id,
                                       item.url))
        status, reason = report.status, report.status
        why_not = not_a_report_reason(data, report)
        if why_not:
            # every byte is kept, but nothing of it can become a current report or a figure
            status, reason = "not_a_report", f"not_a_report ({report.status} as read): {why_not}"
            report.warnings.append(Warning("not_a_report", f"stored as not_a_report: {why_not}"))
        is_report = status in READABLE
        agency_key = normalise_name(report.agency) if is_report else None
        agency_id = None
        if agency_key:
            agency_id = self.agencies.get(agency_key)
            if agency_id is None:
                agency_id = self.agencies[agency_key] = self.next_agency
                self.next_agency += 1
                self.rows["agencies"].append((agency_id, agency_key) + (None,) * 7)
        if is_report and (agency_id is None or report.year is None):
            reason = f"{status}; agency or year unknown, stored but cannot supersede"
        cells = self._cells(report, rid) if is_report else []
        region = report.region
        self.rows["reports"].append((
            rid, sha, status, agency_id, report.agency,
            int(report.year) if report.year is not None else None,
            report.format_version, report.report_scope, _date(report.published_on),
            _bigint(report.proactive_count), region.province, region.city, region.county, region.code,
            len(cells), sum(1 for c in cells if c[5] is None), None, False, None, __version__))
        cell_keys = {c[1] for c in cells}
        if is_report:
            for fname, prov in sorted(report.provenance.items()):
                if fname not in cell_keys:
                    self.rows["field_sources"].append((rid, fname, prov.raw, prov.where))
            for seq, chk in enumerate(report.checks, 1):
                self.rows["checks"].append((rid, seq, chk.id, chk.scope, chk.status, chk.detail))
        for seq, warn in enumerate(report.warnings, 1):
            self.rows["warnings"].append((rid, seq, warn.code, warn.detail))
        if report.text:
            self.rows["report_texts"].append((rid, report.text))
        outcome = Outcome(item.origin, "new", reason, sha, rid, status)
        if is_report and agency_id is not None and report.year is not None:
            self.outcomes[rid] = outcome
        return outcome

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
        same_parser = self._stored_parser() == parser_fingerprint()
        # versions and agency rows: only those of the agencies and agency+years this run added
        # reports to, unless the rules changed since the file was written (gongkai.store.derived)
        same_rules = self._meta(RULES_FINGERPRINT_KEY) == rules_fingerprint()
        since = self.first_report if same_rules else None
        flags_changed: set[int] = set()
        notes = _recompute_versions(self.con, flags_changed, since)
        self._label_versions(notes)
        db.execute(self.con, "CREATE OR REPLACE TEMP TABLE _gongkai_agencies_before AS "
                             "SELECT * FROM agencies")
        _refresh_agencies(self.con, since)
        # stored rows to recompute: the reports of this run, those whose current flag changed, and
        # every report of their agencies and of agencies whose row changed (gongkai.store.stored)
        changed = db.run(self.con, """
            WITH touched AS (
                SELECT agency_id FROM reports
                WHERE (report_id >= ? OR report_id IN (SELECT unnest(?::INTEGER[])))
                  AND agency_id IS NOT NULL
                UNION
                SELECT agency_id FROM (SELECT * FROM agencies
                                       EXCEPT SELECT * FROM _gongkai_agencies_before)
            )
            SELECT report_id FROM reports
            WHERE report_id >= ? OR report_id IN (SELECT unnest(?::INTEGER[]))
               OR agency_id IN (SELECT agency_id FROM touched)
        """, [self.first_report, sorted(flags_changed), self.first_report, sorted(flags_changed)])
        db.execute(self.con, "DROP TABLE _gongkai_agencies_before")
        changed_ids = changed["report_id"].tolist()
        rewritten = write_derived(self.con, changed_ids if same_parser else None,
                                  since=self.first_report)
        # what the next ingest copies into the standby file to catch up (gongkai.store.standby)
        self.replayable = rewritten is None
        record_changes(self.con, self.run_id, changed_ids if self.replayable else None)
        if not same_rules:
            db.execute(self.con, "DELETE FROM meta WHERE key = ?", [RULES_FINGERPRINT_KEY])
            db.insert_rows(self.con, "meta", [(RULES_FINGERPRINT_KEY, rules_fingerprint())])
        db.insert_rows(self.con, "ingest_runs", [(
            self.run_id, self.started, dt.datetime.now(), "\n".join(self.inputs),
            summary.count("new"), summary.count("updated"), summary.count("unchanged"),
            summary.count("failed"), __version__)])
        db.execute(self.con, "DELETE FROM meta WHERE key = ?", ["parser_fingerprint"])
        db.insert_rows(self.con, "meta", [("parser_fingerprint", parser_fingerprint())])
        return self.run_id

    def _label_versions(self, notes: dict[int, tuple[int, str]]) -> None:
        """Once the versions are recomputed: a new report that became the current version of an
        agency+year already holding an earlier version is `updated`; one that is not current says
        which report is and why (docs/warehouse.md, versioning)."""
        if not self.outcomes:
            return
        frame = db.run(self.con, """
            SELECT r.report_id, r.status, r.year, r.is_current, a.name AS agency,
                   EXISTS (SELECT 1 FROM reports AS e
                           WHERE e.agency_id = r.agency_id AND e.year = r.year
                             AND e.version IS NOT NULL AND e.report_id < r.report_id) AS has_earlier
            FROM reports AS r JOIN agencies AS a ON a.agency_id = r.agency_id
            WHERE r.report_id >= ? AND r.version IS NOT NULL
        """, [self.first_report])
        current_media = dict(db.run(self.con, """
            SELECT r.report_id, d.media_type FROM reports AS r
            JOIN documents AS d ON d.sha256 = r.document_sha256
            WHERE r.report_id IN (SELECT unnest(?::INTEGER[]))
        """, [sorted({cur for cur, _ in notes.values()})]).itertuples(index=False, name=None))
        for row in frame.itertuples(index=False):
            outcome = self.outcomes.get(int(row.report_id))
            if outcome is None:
                continue
            what = f"{row.agency} {int(row.year)}"
            if row.is_current:
                if row.has_earlier:
                    outcome.result = "updated"
                    outcome.reason = f"{row.status}; new current version of {what}"
                continue
            current, note = notes.get(int(row.report_id), (None, "superseded"))
            if note == "rendering":
                kind = RENDERING_NAMES[rendering_rank(current_media.get(current))]
                why = (f"same figures as report {current} ({kind}), which reads as well or better "
                       "and stays current")
            elif note == "incomplete":
                why = "a complete version stays current"
            else:
                why = f"superseded by report {current}"
            outcome.reason = f"{row.status}; kept in the history of {what} ({why})"

    def finish_views(self, changed_reports: Optional[list[int]] = None) -> Optional[list[str]]:
        """Wide views and stored tables; with `changed_reports`, stored rows of those reports only
        (returns None then; else the names of the stored tables rewritten whole)."""
        return write_derived(self.con, changed_reports)

    def _stored_parser(self) -> Optional[str]:
        """The parser fingerprint the warehouse was last written with (None for a new file): under
        another parser the stored tables are rewritten whole."""
        return self._meta("parser_fingerprint")

    def _meta(self, key: str) -> Optional[str]:
        found = db.run(self.con, "SELECT value FROM meta WHERE key = ?", [key])
        return str(found.iat[0, 0]) if len(found) else None


def _add_column(con, table: str, column: str, *ddl: str) -> None:
    """Files made before `table.column` existed gain it: `ddl` (the ALTER and COMMENT statements,
    literal SQL) runs only when the column is missing (an addition only)."""
    found = db.run(con, "SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = ? "
                        "AND column_name = ? AND database_name = current_database()", [table, column])
    if int(found.iat[0, 0]) == 0:
        for statement in ddl:
            db.execute(con, statement)


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
