"""`gongkai serve`: make sure the warehouse exists, then run the Streamlit app on it.

The database path reaches the app through $GONGKAI_DB (dashboard/data.py reads it).

Streamlit runs as a child process that stops with this one (`run_until_stopped`):

- it leads its own process group and session, so a terminal's Ctrl-C reaches only this process,
  which passes the signal on once (no double SIGINT);
- SIGTERM, SIGINT and SIGHUP to this process are forwarded to the child's group; the child gets
  `STOP_GRACE_SECONDS` to stop by itself (a second signal does not wait), then the whole group is
  killed (SIGKILL), and this process waits until the child is gone before it returns;
- if this process dies without a chance to forward anything (SIGKILL, a crash), Linux sends the
  child SIGTERM (prctl PR_SET_PDEATHSIG, set in the child before it runs streamlit).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

from gongkai import config

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP")
                     if hasattr(signal, name))
STOP_GRACE_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


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


def _die_with_parent() -> Optional[Callable[[], None]]:
    """A preexec_fn that makes the child get SIGTERM when this process dies (Linux only; None
    elsewhere). Everything it needs is looked up here, before the fork: in the child it only calls
    prctl and getppid."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    parent = os.getpid()
    term = int(signal.SIGTERM)

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, term, 0, 0, 0)
        if os.getppid() != parent:          # the parent died before prctl took effect
            os._exit(1)
    return preexec


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run_until_stopped(cmd: list[str], env: Optional[dict[str, str]] = None,
                      grace: float = STOP_GRACE_SECONDS) -> int:
    """Run `cmd` in its own process group until it exits or this process is asked to stop.

    A stop signal (SIGTERM, SIGINT, SIGHUP) is forwarded to the child's group; after `grace` seconds
    the group is killed. Returns 0 when the stop was asked for, else the child's exit code."""
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, preexec_fn=_die_with_parent())
    asked: list[int] = []

    def forward(signum, _frame) -> None:
        # the first stop signal is passed on; a second one (Ctrl-C twice) kills the group at once
        _signal_group(proc.pid, signal.SIGKILL if asked else signum)
        asked.append(signum)

    previous = {}
    try:
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, forward)
    except ValueError:                      # not the main thread: no handlers; the finally still cleans up
        pass
    try:
        deadline = None
        while proc.poll() is None:
            if asked and deadline is None:
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() >= deadline:
                _signal_group(proc.pid, signal.SIGKILL)
            try:
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:             # an exception in this process: take the child along
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        _signal_group(proc.pid, signal.SIGKILL)     # anything the child left in its group
        proc.wait()
    return 0 if asked else proc.returncode


def serve(db: Optional[Path] = None, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> int:
    """Build the database from the bundled reports if it is missing, then run the app until it
    stops (Ctrl-C, SIGTERM). Returns streamlit's exit code (0 after a stop signal)."""
    from gongkai.store import ensure_database

    path = ensure_database(db)
    print(f"gongkai serve: {path} → http://{host}:{port}", file=sys.stderr, flush=True)
    return run_until_stopped(streamlit_command(port, host), app_environment(path))
