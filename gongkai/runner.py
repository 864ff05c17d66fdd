"""Run named queries: create the base views a query reads on the connection, bind its parameters,
return its rows. Sits on the catalogue (gongkai.catalog) and the store (gongkai.store)."""
from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional

import pandas as pd

from gongkai import catalog
from gongkai.store import db, open_warehouse
from gongkai.store.stored import stored_tables_fresh


def install_base_views(con, sql: Optional[str] = None) -> None:
    """Make the base queries (all, or those `sql` reads) readable on `con`.

    A `stored: table` base query is already a table in the warehouse, written by the last ingest;
    while those tables match the files (`stored_tables_fresh`) nothing is created for them. Every
    other base query, and every stored one when the tables are stale or absent, is created as a
    TEMP VIEW of its name, which shadows a stale table. Macro files create their TEMP MACRO. Cheap:
    DuckDB only binds them. Queries that read no base view create nothing."""
    needed = catalog.base_view_order() if sql is None else catalog.base_views_needed(sql)
    fresh = any(q.stored == "table" for q in needed) and stored_tables_fresh(con)
    for query in needed:
        if query.params:
            raise catalog.QueryFileError(f"{query.path}: base queries take no parameters")
        if fresh and query.stored == "table":
            continue
        db.execute(con, catalog.view_statement(query))


def sql_script(name: str) -> str:
    """The statements that reproduce `name` in a bare DuckDB session on the warehouse file: the base
    views, then the query itself (its parameters stay `$name` placeholders)."""
    query = catalog.get_query(name)
    parts = ["-- base views (queries/base), created as TEMP VIEWs by gongkai/runner.py"]
    parts += [catalog.view_statement(q) + ";" for q in catalog.base_views_needed(query.sql) if q.name != query.name]
    if catalog.is_macro(query):
        parts += [catalog.view_statement(query).rstrip().rstrip(";") + ";"]
    parts += [f"-- {query.name}", catalog.runnable_sql(query).rstrip().rstrip(";") + ";"]
    return "\n\n".join(parts) + "\n"


@contextlib.contextmanager
def _connection(con=None, db_path=None) -> Iterator[Any]:
    if con is not None:
        yield con
        return
    with open_warehouse(db_path) as own:
        yield own


def run_query(name: str, params: dict | None = None, con=None, *, db_path=None) -> pd.DataFrame:
    """Run a named query with bound parameters and return its rows.

    Unknown parameters raise ValueError; missing ones take the header default. Without `con`, a
    read-only connection to the warehouse (built from data/reports if missing) is opened and closed."""
    query = catalog.get_query(name)
    values = catalog.resolve_params(query, params)
    used = catalog.referenced_params(query.sql)
    undeclared = [p for p in used if p not in values]
    if undeclared:
        raise catalog.QueryFileError(f"{query.path}: uses undeclared parameter(s) {', '.join(undeclared)}")
    bind = {p: values[p] for p in used}
    with _connection(con, db_path) as c:
        install_base_views(c, query.sql)
        return db.run(c, catalog.runnable_sql(query), bind or None)
