"""Derived tables: everything recomputed from the whole table set after an ingest writes its rows.

Its own module because these are rules over all rows, not over one document: which version of an
agency+year is current, each agency's region, scope, level and sector, the t2/t3/t4 wide views, and
the stored base tables of queries/base (gongkai.store.stored). They run in the ingest's transaction,
so they can never disagree with the cells.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import pandas as pd

from gongkai.store import db
from gongkai.store.dictionary import canonical_cells, derive_level, derive_sector, split_key
from gongkai.store.stored import refresh_stored_tables

READABLE = ("parsed", "partial")      # statuses whose figures count; only these can be versions
WIDE_TABLES = (2, 3, 4)
RULES_FINGERPRINT_KEY = "derived_rules_fingerprint"


def rules_fingerprint() -> str:
    """A hash of the rules below and of the agency dictionary (level, sector). An ingest recomputes
    versions and agency rows only for the agency+years and agencies it added reports to; when these
    rules changed since the file was written, it recomputes them for every row (and records this)."""
    digest = hashlib.sha256()
    for source in (Path(__file__), Path(__file__).with_name("dictionary.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def write_derived(con, changed_reports: Optional[Iterable[int]] = None,
                  since: Optional[int] = None) -> Optional[list[str]]:
    """Everything derived from the whole table set, rewritten after the rows change: the wide views
    and the stored base tables of queries/base (the per-report facts every roll-up reads). With
    `changed_reports` (every report whose rows, current flag or agency row the ingest changed, and
    every report of those agencies) only their stored rows are recomputed when the tables allow it
    (gongkai.store.stored.refresh_stored_tables); without, every stored table is rewritten.
    Returns None when only those rows were recomputed, else the names of the tables rewritten.
    `since`: the first report id of the ingest, so the wide views look only at its cells' keys."""
    _rebuild_wide_views(con, since)
    return refresh_stored_tables(con, changed_reports)


# Which rendering of one report to show when the same figures arrive in several files: the kinds of
# document in order of preference (media types as gongkai.parse reports them); anything else (plain
# text, markdown, …) comes after them. HTML is the page as published; DOCX keeps the tables as
# tables; PDF tables are rebuilt from positioned text; flattened text loses the table structure.
RENDERING_ORDER = ("text/html",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "application/pdf")
RENDERING_NAMES = ("HTML", "DOCX", "PDF", "other")     # by rendering_rank, for messages


def rendering_rank(media_type) -> int:
    """0 for HTML, 1 for DOCX, 2 for PDF, 3 for anything else (RENDERING_ORDER)."""
    return RENDERING_ORDER.index(media_type) if media_type in RENDERING_ORDER else len(RENDERING_ORDER)


@dataclass(frozen=True)
class Version:
    """One readable document of an agency+year, as the choice of the current one sees it."""
    report_id: int                     # arrival order
    complete: bool                     # status parsed (every cell read)
    figures: int                       # cells read (non-null)
    rank: int                          # rendering_rank of its media type
    sha256: str

    def rendering_key(self) -> tuple:
        """Smaller is better: complete, more figures, HTML > DOCX > PDF > other, smaller sha256."""
        return (not self.complete, -self.figures, self.rank, self.sha256)


def choose_current(versions: Sequence[Version], conflicts: set[tuple[int, int]]
                   ) -> tuple[int, dict[int, str]]:
    """The current version of one agency+year, and for every other version why it is not current.

    `versions` in arrival order; `conflicts` holds the pairs (smaller report_id, larger) whose figures
    contradict each other (figures_conflict). Documents are grouped into editions in arrival order:
    a document joins the latest edition all of whose documents it agrees with (another rendering of
    that report: the PDF of an HTML page, a flattened copy …), else it starts a new edition (a
    corrected report). The current edition is the latest one holding a complete (parsed) document,
    else the latest one: a partial reading never replaces a complete one. Within it the best
    rendering is current (Version.rendering_key: complete, more figures, HTML > DOCX > PDF > other,
    smaller sha256), so renderings of one report give the same current one in any arrival order,
    a correction replaces what it corrects, and a late copy of a corrected edition does not undo
    the correction. Notes: 'rendering' (same edition as the current one, which reads as well or
    better), 'incomplete' (a later edition with no complete reading), 'superseded' (an earlier
    edition)."""
    editions: list[list[Version]] = []
    for v in versions:
        home = next((e for e in reversed(editions)
                     if all((min(v.report_id, w.report_id), max(v.report_id, w.report_id)) not in conflicts
                            for w in e)), None)
        if home is None:
            editions.append([v])
        else:
            home.append(v)
    complete = [i for i, e in enumerate(editions) if any(v.complete for v in e)]
    chosen = complete[-1] if complete else len(editions) - 1
    current = min(editions[chosen], key=Version.rendering_key)
    notes: dict[int, str] = {}
    for i, edition in enumerate(editions):
        for v in edition:
            if v.report_id != current.report_id:
                notes[v.report_id] = ("rendering" if i == chosen else
                                      "incomplete" if i > chosen else "superseded")
    return current.report_id, notes


# Readable reports of the agency+year keys that have more than one (the only ones with a choice).
_MULTI_VERSIONS = """
    SELECT * FROM (
        SELECT r.report_id, r.agency_id, r.year, r.status, r.cell_count - r.null_cell_count AS figures,
               r.format_version, r.published_on, r.proactive_count, r.document_sha256, d.media_type,
               count(*) OVER (PARTITION BY r.agency_id, r.year) AS n
        FROM reports AS r
        JOIN documents AS d ON d.sha256 = r.document_sha256
        WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL AND r.status IN (?, ?) /*scope*/
    ) AS k
    WHERE n > 1
"""


def _version_scope(con, since: Optional[int]) -> str:
    """SQL condition (on alias {r}) restricting the version choice to the agency+years of the reports
    from `since` on (held in a temp table); empty for every report."""
    if since is None:
        return ""
    db.execute(con, "CREATE OR REPLACE TEMP TABLE _gk_version_keys AS SELECT DISTINCT agency_id, year "
                    "FROM reports WHERE report_id >= ? AND agency_id IS NOT NULL AND year IS NOT NULL",
               [int(since)])
    return ("AND ({r}.agency_id, {r}.year) IN (SELECT (agency_id, year) FROM _gk_version_keys)")


def _recompute_versions(con, changed: Optional[set[int]] = None,
                        since: Optional[int] = None) -> dict[int, tuple[int, str]]:
    """Number the readable reports of each agency+year in arrival order (version 1, 2, …) and mark
    the current one (choose_current: a correction replaces what it corrects, a partial reading never
    replaces a complete one, and of several renderings of the same figures the best one is current
    whatever order they came in). Keyless readable reports are current on their own; non-reports
    are never current. Other versions point to the current one in superseded_by.
    Returns, for every version that is not current, (current report_id, note of choose_current);
    the ids of reports whose version, is_current or superseded_by changed are added to `changed`.
    With `since`, only reports from that id on and the agency+years they belong to are looked at:
    a version's flags depend only on the other reports of its agency+year, so that is exact."""
    scope = _version_scope(con, since)
    multi = db.run(con, _MULTI_VERSIONS.replace("/*scope*/", scope.format(r="r"))
                   + " ORDER BY agency_id, year, report_id", [*READABLE])
    conflicts = figures_conflict(con, scope) if len(multi) else set()
    chosen_ids: list[int] = []
    current_ids: list[int] = []
    notes: dict[int, tuple[int, str]] = {}
    for _, group in multi.groupby(["agency_id", "year"], sort=False):
        versions = [Version(int(r.report_id), r.status == "parsed", int(r.figures),
                            rendering_rank(r.media_type), str(r.document_sha256))
                    for r in group.itertuples(index=False)]
        current, why = choose_current(versions, conflicts)
        for v in versions:
            chosen_ids.append(v.report_id)
            current_ids.append(current)
        notes.update({rid: (current, note) for rid, note in why.items()})
    sql = """
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
                SELECT k.report_id,
                       row_number() OVER (PARTITION BY k.agency_id, k.year ORDER BY k.report_id) AS version,
                       coalesce(c.current_id, k.report_id) AS current_id
                FROM reports AS k
                LEFT JOIN (SELECT unnest(?::INTEGER[]) AS report_id,
                                  unnest(?::INTEGER[]) AS current_id) AS c
                    ON c.report_id = k.report_id
                WHERE k.agency_id IS NOT NULL AND k.year IS NOT NULL AND k.status IN (?, ?) /*scope*/
            ) AS e ON e.report_id = r2.report_id
            /*outer*/
        ) AS t
        WHERE r.report_id = t.report_id
          AND (r.version IS DISTINCT FROM t.version
               OR r.is_current IS DISTINCT FROM t.is_current
               OR r.superseded_by IS DISTINCT FROM t.superseded_by)
        RETURNING r.report_id
    """
    params = [*READABLE, chosen_ids, current_ids, *READABLE]
    if since is not None:
        sql = (sql.replace("/*scope*/", scope.format(r="k"))
                  .replace("/*outer*/", "WHERE r2.report_id >= ? OR (r2.agency_id, r2.year) IN "
                                        "(SELECT (agency_id, year) FROM _gk_version_keys)"))
        params = [*READABLE, chosen_ids, current_ids, *READABLE, int(since)]
    rows = con.execute(sql, params).fetchall()
    if changed is not None:
        changed.update(int(r[0]) for r in rows)
    return notes


def figures_conflict(con, scope: str = "") -> set[tuple[int, int]]:
    """Pairs (smaller report_id, larger) of readable reports of the same agency+year whose figures
    contradict: another table format, another publication date or proactive count (when both state
    one), or a cell both read with different values. Pairs without a contradiction are renderings of
    the same report (one may read fewer cells than the other)."""
    frame = db.run(con, "WITH multi AS (" + _MULTI_VERSIONS.replace("/*scope*/", scope.format(r="r"))
                   + """),
        pairs AS (
            SELECT a.report_id AS a_id, b.report_id AS b_id,
                   (a.format_version <> b.format_version
                    OR coalesce(a.published_on <> b.published_on, FALSE)
                    OR coalesce(a.proactive_count <> b.proactive_count, FALSE)) AS differs
            FROM multi AS a
            JOIN multi AS b ON b.agency_id = a.agency_id AND b.year = a.year AND a.report_id < b.report_id
        )
        SELECT a_id, b_id FROM pairs WHERE differs
        UNION
        SELECT p.a_id, p.b_id
        FROM pairs AS p
        JOIN cells AS ca ON ca.report_id = p.a_id
        JOIN cells AS cb ON cb.report_id = p.b_id AND cb.cell_key = ca.cell_key
        WHERE NOT p.differs AND ca.value <> cb.value
    """, [*READABLE])
    return {(int(a), int(b)) for a, b in frame.itertuples(index=False, name=None)}


def _refresh_agencies(con, since: Optional[int] = None) -> None:
    """Region and scope from each agency's latest report that states them; level and sector derived.
    With `since`, only the agencies of the reports from that id on (an agency's row depends only on
    its own reports)."""
    where, params = "", None
    if since is not None:
        where = ("WHERE a.agency_id IN (SELECT agency_id FROM reports WHERE report_id >= ? "
                 "AND agency_id IS NOT NULL)")
        params = [int(since)]
    frame = db.run(con, f"""
        SELECT a.agency_id, a.name, r.report_id, r.province, r.city, r.county, r.region_code,
               r.report_scope
        FROM agencies AS a JOIN reports AS r ON r.agency_id = a.agency_id
        {where}
        ORDER BY a.agency_id, r.report_id
    """, params)
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


def wide_view_keys(con, since: Optional[int] = None) -> dict[int, list[str]]:
    """Cell keys per table for the wide views: formats.py order first, then any other stored key.
    With `since`, the stored keys are those the views already have plus those of the reports from
    that id on (cells are never deleted, so that is every stored key) instead of a scan of all cells."""
    keys: dict[int, list[str]] = {t: [] for t in WIDE_TABLES}
    seen: set[str] = set()
    in_views = _view_keys(con) if since is not None else set()
    if not in_views:
        stored = db.run(con, "SELECT DISTINCT cell_key FROM cells ORDER BY cell_key")["cell_key"]
    else:
        stored = sorted(set(db.run(con, "SELECT DISTINCT cell_key FROM cells WHERE report_id >= ?",
                                   [int(since)])["cell_key"]) | in_views)
    for key in [c.cell_key for c in canonical_cells()] + list(stored):
        if key in seen:
            continue
        seen.add(key)
        keys[split_key(key)[0]].append(key)
    return keys


def _view_keys(con) -> set[str]:
    """The cell-key columns the wide views have now (none when they do not exist yet)."""
    found = db.run(con, "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                        "AND table_name IN ('t2_wide', 't3_wide', 't4_wide') AND column_name LIKE 't_.%'")
    return set(found["column_name"])


def _rebuild_wide_views(con, since: Optional[int] = None) -> None:
    """t2_wide/t3_wide/t4_wide: one row per report having cells of that table, one column per key.
    Keys pass split_key's strict pattern before they appear in SQL text (DDL cannot bind values).
    With `since`, the keys come from the views as they are and the cells from that report id on."""
    for table, keys in wide_view_keys(con, since).items():
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
