"""Paths and defaults: the only place where gongkai decides where things live."""
from __future__ import annotations

import os
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", REPO_ROOT / "data"))
BUNDLED_REPORTS_DIR = DATA_DIR / "reports"
DEFAULT_DB_PATH = Path(os.environ.get("GONGKAI_DB", DATA_DIR / "gongkai.duckdb"))
QUERIES_DIR = REPO_ROOT / "queries"
OUTPUT_DIR = Path("out")      # where commands write files when no --out is given (relative to cwd)
_UNSAFE_IN_NAME = re.compile(r"[^\w\u4e00-\u9fff-]+")


def output_path(stem: str, *parts, suffix: str) -> Path:
    """out/<stem>-<part>-….<suffix>, with each part reduced to characters safe in a file name."""
    safe = [_UNSAFE_IN_NAME.sub("_", str(p)).strip("_") for p in parts if p not in (None, "")]
    return OUTPUT_DIR / ("-".join([stem, *[p for p in safe if p]]) + f".{suffix}")
