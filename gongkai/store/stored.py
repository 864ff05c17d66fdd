"""The stored base tables: base queries marked `-- stored: table` are written as tables by every ingest
(inside its transaction), so a national-scale roll-up reads one row per report instead of pivoting
every cell. A fingerprint of the files they come from (gongkai.catalog) tells readers whether the
tables still match the query files; when they do not, readers fall back to views (gongkai.runner).

An ingest that adds a few reports to a large warehouse refreshes only their rows
(`refresh_stored_tables`): the rows of the reports it changed are deleted and recomputed from the
same query files, restricted to those reports. That is exact because every stored table is a
per-report table (a `report_id` column) whose rows for a report depend only on that report and on
the other reports of its agency (report_dims reads the agency's row; agency_year_chains the previous
year's report of the same agency); the writer therefore passes every report of every agency the
ingest touched (gongkai.store.writer). Anything else — tables written under other query files or
by another parser, a missing table, a table without report_id, or a refresh touching a large share
of the reports — is a full rewrite (`write_stored_tables`), which gives the same rows."""
from __future__ import annotations

from typing import Iterable, Optional

from gongkai import catalog
from gongkai.store import db

# Above this share of all reports, a full rewrite is cheaper than deleting and re-inserting rows.
FULL_REWRITE_SHARE = 0.2
# Source tables of one row set per report: shadowed during a refresh by the rows of its reports.
# report_texts too: report_narrative_similarity compares a report's text with its agency's
# previous-year text, and without the shadow a refresh would read every text of the warehouse.
PER_REPORT_SOURCES = ("cells", "checks", "warnings", "field_sources", "report_texts")


def stored_tables_fresh(con) -> bool:
    """True when the warehouse on `con` holds the stored base tables of the current query files."""
    try:
        found = db.run(con, "SELECT value FROM meta WHERE key = ?", [catalog.STORED_FINGERPRINT_KEY])
    except Exception:   # noqa: BLE001 - not a warehouse (no meta table): nothing is stored
        return False
    return len(found) == 1 and found.iat[0, 0] == catalog.stored_fingerprint()


def write_stored_tables(con) -> list[str]:
    """Writer side, inside the ingest's transaction: recompute every `stored: table` base query as a
    table of its name, in dependency order, and record the fingerprint of the files it came from.
    Base views they read exist as TEMP VIEWs for the duration; a base file that is no longer stored
    loses its old table. Returns the names written."""
    written: list[str] = []
    for query in catalog.base_view_order():
        if query.params:
            raise catalog.QueryFileError(f"{query.path}: base queries take no parameters")
        if query.stored == "table" and not catalog.is_macro(query):
            catalog.check_name(query)
            db.execute(con, "CREATE OR REPLACE TABLE " + query.name + " AS\n" + query.sql)
            written.append(query.name)
        else:
            if not catalog.is_macro(query) and db.table_exists(con, query.name):
                db.execute(con, "DROP TABLE " + query.name)
            db.execute(con, catalog.view_statement(query))
    db.execute(con, "DELETE FROM meta WHERE key = ?", [catalog.STORED_FINGERPRINT_KEY])
    db.insert_rows(con, "meta", [(catalog.STORED_FINGERPRINT_KEY, catalog.stored_fingerprint())])
    return written


def can_refresh(con) -> bool:
    """True when the stored tables on `con` can be refreshed report by report: they were written from
    the current query files (stored_tables_fresh) and every one exists with a report_id column."""
    if not stored_tables_fresh(con):
        return False
    for query in catalog.base_view_order():
        if query.stored == "table" and not catalog.is_macro(query):
            if not db.table_exists(con, query.name) or "report_id" not in query.columns:
                return False
    return True


def refresh_stored_tables(con, report_ids: Optional[Iterable[int]]) -> Optional[list[str]]:
    """Writer side, inside the ingest's transaction: bring the stored tables up to date when only the
    reports `report_ids` changed (their rows, current flags, or their agency's row), by recomputing
    just their rows. Falls back to `write_stored_tables` (and returns its names) when `report_ids` is
    None, when `can_refresh` is False, or when the reports are more than FULL_REWRITE_SHARE of all;
    returns None when it refreshed rows. Both give the same rows (tests/store/test_stored_refresh.py)."""
    if report_ids is None or not can_refresh(con):
        return write_stored_tables(con)
    ids = sorted({int(i) for i in report_ids})
    total = int(db.run(con, "SELECT count(*) AS n FROM reports").iat[0, 0])
    if len(ids) > FULL_REWRITE_SHARE * max(total, 1):
        return write_stored_tables(con)
    # The ids are integers, so the text is safe. A constant IN-list lets DuckDB skip the other
    # reports in the scans; the per-report source tables are shadowed by TEMP VIEWs holding only
    # these reports' rows (each stored query names them unqualified), so a PIVOT or a join that a
    # filter cannot pass still reads only them. The ids hold every report of their agencies, so
    # what a report's rows read of another report (its agency's previous year) is there too.
    in_list = db.in_list(ids)
    home = db.quote_catalog(str(db.run(con, "SELECT current_database() AS d").iat[0, 0])) + ".main"
    shadowed = [t for t in PER_REPORT_SOURCES if db.table_exists(con, t)]
    try:
        for table in shadowed:
            db.execute(con, "CREATE OR REPLACE TEMP VIEW " + table + " AS SELECT * FROM "
                            + home + "." + table + " WHERE report_id IN " + in_list)
        for query in catalog.base_view_order():
            if query.params:
                raise catalog.QueryFileError(f"{query.path}: base queries take no parameters")
            if query.stored == "table" and not catalog.is_macro(query):
                catalog.check_name(query)
                target = home + "." + query.name
                db.execute(con, "DELETE FROM " + target + " WHERE report_id IN " + in_list)
                if ids:
                    db.execute(con, "INSERT INTO " + target + "\nSELECT * FROM (\n" + query.sql
                                    + "\n) AS _q WHERE _q.report_id IN " + in_list)
            else:
                db.execute(con, catalog.view_statement(query))
    except BaseException:
        raise           # the ingest's transaction is rolled back and its connection closed
    else:
        for table in shadowed:
            db.execute(con, "DROP VIEW IF EXISTS temp.main." + table)
    return None

