"""`gongkai serve`: make sure the warehouse exists, then run the Streamlit app on it.

The database path reaches the app through $GONGKAI_DB (dashboard/data.py reads it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

from gongkai import config

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501


def streamlit_command(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(config.APP_ENTRY),
            "--server.address", host, "--server.port", str(int(port)),
            "--server.headless", "true",
            "--server.maxUploadSize", str(_max_upload_mb()),
            "--browser.gatherUsageStats", "false",
            "--theme.base", "light"]


def _max_upload_mb() -> int:
    """Streamlit's own upload cap, in whole MB, from the import limit (gongkai/limits.py)."""
    from gongkai import limits
    return -(-limits.current().max_upload_bytes // limits.MiB)


def app_environment(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["GONGKAI_DB"] = str(Path(db).resolve())
    return env


def serve(db: Optional[Path] = None, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> int:
    """Build the database from the bundled reports if it is missing, then run the app until it
    stops (Ctrl-C). Returns streamlit's exit code."""
    from gongkai.store import ensure_database

    path = ensure_database(db)
    print(f"gongkai serve: {path} → http://{host}:{port}", file=sys.stderr, flush=True)
    try:
        return subprocess.call(streamlit_command(port, host), env=app_environment(path))
    except KeyboardInterrupt:
        return 0
