"""The DuckDB warehouse: schema, atomic ingest, read-only access for the app, open-data export.

Public entry points (everything else is an implementation detail):
- `ensure_database(db_path=None) -> Path`: the warehouse file, built from data/reports on first use;
- `ingest_paths(paths, db_path=None, ...) -> IngestSummary`: add files, folders and zip archives;
- `connect_read(path)`, `Reader(path)`, `run(con, sql, params)`: read while an ingest writes;
- `open_warehouse(db_path=None)`: a read connection to the (ensured) warehouse, closed on exit;
- `export(fmt, out_dir, db_path)`: Parquet / CSV / XLSX plus a data dictionary;
- `read_document(db_path, sha256)`: a stored document's bytes, from the document store beside the
  file (`<db>.documents/`), checked against their hash.
Heavy modules load lazily so that importing `gongkai.store` stays cheap.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

from gongkai.store.db import Reader, connect_read, run

__all__ = ["Reader", "connect_read", "run", "ensure_database", "ingest_paths", "export",
           "open_warehouse", "read_document"]


@contextlib.contextmanager
def open_warehouse(db_path=None) -> Iterator:
    """What every reading command does: build the warehouse if missing, read it, close it."""
    con = connect_read(ensure_database(db_path))
    try:
        yield con
    finally:
        con.close()


def ensure_database(db_path=None, **kwargs):
    from gongkai.store.bootstrap import ensure_database as _ensure
    return _ensure(db_path, **kwargs)


def ingest_paths(paths, db_path=None, **kwargs):
    from gongkai.store.ingest import ingest_paths as _ingest
    return _ingest(paths, db_path, **kwargs)


def export(fmt, out_dir, db_path):
    from gongkai.store.export import export as _export
    return _export(fmt, out_dir, db_path)


def read_document(db_path, sha256, con=None):
    from gongkai.store.documents import read_document as _read
    return _read(db_path, sha256, con)
