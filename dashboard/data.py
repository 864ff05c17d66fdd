"""The app's only door to data, and the only home of st.cache_resource / st.cache_data.

Every figure comes from a named query file run by `gongkai.runner.run_query` with bound
parameters. Results are cached per (query, params, file identity): when an ingest replaces the
warehouse file its identity changes, so the next run reads fresh data without clearing anything.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import streamlit as st

from gongkai import config
from gongkai.store import db as store_db

CACHE_TTL_SECONDS = 600


def db_path() -> Path:
    """The warehouse file: $GONGKAI_DB (set by `gongkai serve` and the tests), else the default."""
    return config.default_db_path()


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> store_db.Reader:
    return store_db.Reader(path)


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _declared(query) -> Optional[set[str]]:
    """Names of the parameters a query declares (None if the header format is not understood)."""
    params = getattr(query, "params", None)
    if params is None:
        return None
    if isinstance(params, dict):
        return set(params)
    names = set()
    for p in params:
        names.add(p if isinstance(p, str) else getattr(p, "name", str(p)))
    return names


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=500)
def _run_cached(name: str, frozen: tuple, path: str, identity: Optional[tuple]) -> pd.DataFrame:
    from gongkai.runner import run_query

    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in frozen}
    con = _reader(path).cursor()
    try:
        return run_query(name, params or None, con=con)
    finally:
        con.close()


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run the named query with `params` (only those it declares are passed) and return a copy."""
    from gongkai.catalog import get_query

    declared = _declared(get_query(name))
    if declared is not None:
        params = {k: v for k, v in params.items() if k in declared}
    if params.get("agency"):       # Traditional or Simplified: folded as the stored names are
        from gongkai.dashboard.i18n import fold_search
        params["agency"] = fold_search(params["agency"])
    path = db_path()
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    return _run_cached(name, frozen, str(path), store_db.file_identity(path)).copy()


@dataclass(frozen=True)
class QueryInfo:
    """What a page shows next to a figure and puts into exports."""
    name: str
    title: str
    definition: str
    unit: str
    caveats: str
    sql: str
    path: str = ""


def info(name: str, lang: str = "zh") -> QueryInfo:
    from gongkai.catalog import get_query

    q = get_query(name)
    title = q.title_en if lang == "en" else q.title_zh
    return QueryInfo(name=q.name, title=title or q.name, definition=getattr(q, "definition", "") or "",
                     unit=getattr(q, "unit", "") or "", caveats=getattr(q, "caveats", "") or "",
                     sql=getattr(q, "sql", "") or "", path=_relative(getattr(q, "path", None)))


def _relative(path) -> str:
    if path is None:
        return ""
    try:
        return "queries/" + Path(path).resolve().relative_to(config.QUERIES_DIR).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class DataVersion:
    path: Path
    modified: Optional[dt.datetime]
    run_id: Optional[int]
    finished_at: Optional[str]
    report_count: int

    def text(self, lang: str) -> str:
        from gongkai.dashboard import i18n
        return i18n.t("data_version_text", lang, file=self.path.name,
                      mtime=self.modified.strftime("%Y-%m-%d %H:%M") if self.modified else "?",
                      run=self.run_id if self.run_id is not None else "?",
                      finished=self.finished_at or "?", reports=self.report_count)


def data_version() -> DataVersion:
    path = db_path()
    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except FileNotFoundError:
        modified = None
    row = query("app_data_version").iloc[0]
    run_id = None if pd.isna(row["run_id"]) else int(row["run_id"])
    finished = None if pd.isna(row["finished_at"]) else str(pd.Timestamp(row["finished_at"]).floor("s"))
    return DataVersion(path, modified, run_id, finished, int(row["current_report_count"]))


def ingest_uploaded(files: list[tuple[str, bytes]]):
    """Store uploaded files with the store's ingest (atomic file swap); returns its IngestSummary."""
    import tempfile

    from gongkai.store.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="gongkai-upload-") as tmp:
        paths = []
        for i, (name, content) in enumerate(files):
            safe = Path(name).name.replace("\x00", "") or f"upload-{i}"
            folder = Path(tmp) / f"{i:04d}"
            folder.mkdir()
            target = folder / safe
            target.write_bytes(content)
            paths.append(target)
        summary = ingest_paths(paths, db_path(), wait_seconds=10)
    st.cache_data.clear()
    return summary
