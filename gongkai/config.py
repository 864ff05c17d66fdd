"""Paths and defaults: the only place where gongkai decides where things live.

Shipped resources (the SQL files, the sample reports, the Streamlit app) are found through the import
system, never relative to a repository: `pyproject.toml` maps `queries/` to `gongkai.queries`,
`data/` to `gongkai.data` and `dashboard/` to `gongkai.dashboard`, so an editable
install serves them from the checkout and a wheel from site-packages (docs/layout.md).
"""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

OUTPUT_DIR = Path("out")      # where commands write files when no --out is given (relative to cwd)
DB_ENV = "GONGKAI_DB"         # the warehouse file, when set (gongkai serve passes it to the app)
DB_FILE_NAME = "gongkai.duckdb"
_UNSAFE_IN_NAME = re.compile(r"[^\w\u4e00-\u9fff-]+")


def package_dir(name: str) -> Path:
    """The folder an importable package (regular or data-only) is served from."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not installed: reinstall gongkai (pip install .)")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


QUERIES_DIR = package_dir("gongkai.queries")
BUNDLED_REPORTS_DIR = package_dir("gongkai.data") / "reports"
APP_DIR = package_dir("gongkai.dashboard")
APP_ENTRY = APP_DIR / "main.py"


def checkout_root() -> Path | None:
    """The repository root when running from a checkout (editable install), else None."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "queries").is_dir() else None


def default_db_path() -> Path:
    """$GONGKAI_DB, else `data/gongkai.duckdb` in a checkout, else the user's data folder
    ($XDG_DATA_HOME/gongkai, ~/.local/share/gongkai): an installed package may be read-only."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    root = checkout_root()
    if root is not None:
        return root / "data" / DB_FILE_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "gongkai" / DB_FILE_NAME


def output_path(stem: str, *parts, suffix: str) -> Path:
    """out/<stem>-<part>-….<suffix>, with each part reduced to characters safe in a file name."""
    safe = [_UNSAFE_IN_NAME.sub("_", str(p)).strip("_") for p in parts if p not in (None, "")]
    return OUTPUT_DIR / ("-".join([stem, *[p for p in safe if p]]) + f".{suffix}")
