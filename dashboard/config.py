"""Paths and defaults: the only place where gongkai decides where things live."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", REPO_ROOT / "data"))
BUNDLED_REPORTS_DIR = DATA_DIR / "reports"
DEFAULT_DB_PATH = Path(os.environ.get("GONGKAI_DB", DATA_DIR / "gongkai.duckdb"))
QUERIES_DIR = REPO_ROOT / "queries"
