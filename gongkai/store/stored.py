"""The stored base tables: base queries marked `-- stored: table` are written as tables by every ingest
(inside its transaction), so a national-scale roll-up reads one row per report instead of pivoting
every cell. A fingerprint of the files they come from (gongkai.catalog) tells readers whether the
tables still match the query files; when they do not, readers fall back to views (gongkai.runner)."""
from __future__ import annotations

from gongkai import catalog
from gongkai.store import db


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
