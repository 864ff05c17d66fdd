"""Derived tables: everything recomputed from the whole table set after an ingest writes its rows.

Its own module because these are rules over all rows, not over one document: which version of an
agency+year is current, each agency's region, scope, level and sector, the t2/t3/t4 wide views, and
the stored base tables of queries/base (gongkai.store.stored). They run in the ingest's transaction,
so they can never disagree with the cells.
"""
from __future__ import annotations

import pandas as pd

from gongkai.store import db
from gongkai.store.dictionary import canonical_cells, derive_level, derive_sector, split_key
from gongkai.store.stored import write_stored_tables

READABLE = ("parsed", "partial")      # statuses whose figures count; only these can be versions
WIDE_TABLES = (2, 3, 4)


def write_derived(con) -> None:
    """Everything derived from the whole table set, rewritten after the rows change: the wide views
    and the stored base tables of queries/base (the per-report facts every roll-up reads)."""
    _rebuild_wide_views(con)
    write_stored_tables(con)


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
