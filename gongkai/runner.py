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


def _bound(name: str, params: dict | None) -> tuple[catalog.Query, dict]:
    """The query and the values of the parameters its SQL uses (header defaults for missing ones)."""
    query = catalog.get_query(name)
    values = catalog.resolve_params(query, params)
    used = catalog.referenced_params(query.sql)
    undeclared = [p for p in used if p not in values]
    if undeclared:
        raise catalog.QueryFileError(f"{query.path}: uses undeclared parameter(s) {', '.join(undeclared)}")
    return query, {p: values[p] for p in used}


def _page_sql(sql: str, bind: dict, limit: Optional[int], offset: int) -> tuple[str, dict]:
    """The query's rows `offset` … `offset + limit` (all after `offset` when limit is None), in its
    own order. LIMIT/OFFSET are bound values under names no query file can use."""
    if limit is None and not offset:
        return sql, bind
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("--limit and --offset must be 0 or more")
    paged = "SELECT * FROM (\n" + sql.rstrip().rstrip(";") + "\n) AS _page"
    bind = dict(bind)
    if limit is not None:
        paged += " LIMIT $_page_limit"
        bind["_page_limit"] = int(limit)
    if offset:
        paged += " OFFSET $_page_offset"
        bind["_page_offset"] = int(offset)
    return paged, bind


def run_query(name: str, params: dict | None = None, con=None, *, db_path=None,
              limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Run a named query with bound parameters and return its rows (with `limit`/`offset`, only
    that page of them, in the query's order; `count_rows` gives the total).

    Unknown parameters raise ValueError; missing ones take the header default. Without `con`, a
    read-only connection to the warehouse (built from data/reports if missing) is opened and closed."""
    query, bind = _bound(name, params)
    sql, bind = _page_sql(catalog.runnable_sql(query), bind, limit, offset)
    with _connection(con, db_path) as c:
        install_base_views(c, query.sql)
        return db.run(c, sql, bind or None)


def count_rows(name: str, params: dict | None = None, con=None, *, db_path=None) -> int:
    """How many rows the named query returns with these parameters (the total beside a page)."""
    query, bind = _bound(name, params)
    sql = "SELECT count(*) AS n FROM (\n" + catalog.runnable_sql(query).rstrip().rstrip(";") + "\n) AS _all"
    with _connection(con, db_path) as c:
        install_base_views(c, query.sql)
        return int(db.run(c, sql, bind or None).iat[0, 0])


STREAM_BATCH_ROWS = 50_000
VECTOR_ROWS = 2048


def stream_query(name: str, params: dict | None = None, con=None, *, db_path=None,
                 limit: Optional[int] = None, offset: int = 0,
                 batch_rows: int = STREAM_BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """The rows of a named query as DataFrames of at most `batch_rows` rows, fetched from DuckDB's
    streaming result a chunk at a time (`fetch_df_chunk`: whole vectors of 2,048 rows, cut into
    batches) as the caller asks for the next: a listing of 10^6 rows never sits in Python whole.
    Each batch has the dtypes `run_query` gives (the same DataFrame conversion), so batch-wise CSV
    is the same bytes as the whole frame's.
    The first batch always comes (with no rows when the query has none), so callers see the columns.
    Parameters are checked before the first batch is asked for (errors raise on the call's first
    next()). The connection stays open, and busy (run nothing else on a `con` passed in), until the
    generator is exhausted or closed."""
    query, bind = _bound(name, params)
    sql, bind = _page_sql(catalog.runnable_sql(query), bind, limit, offset)
    batch_rows = max(1, int(batch_rows))
    vectors = max(1, batch_rows // VECTOR_ROWS)     # DuckDB hands out whole vectors of 2,048 rows
    with _connection(con, db_path) as c:
        install_base_views(c, query.sql)
        result = c.execute(sql, bind) if bind else c.execute(sql)     # a streaming result
        sent = False
        while True:
            chunk = result.fetch_df_chunk(vectors)
            if len(chunk) == 0:
                if not sent:
                    yield chunk
                return
            for start in range(0, len(chunk), batch_rows):
                yield chunk.iloc[start:start + batch_rows].reset_index(drop=True)
                sent = True
