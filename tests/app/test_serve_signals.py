"""`gongkai serve` stops with its Streamlit child: SIGTERM and SIGINT are forwarded (and the child's
process group killed if it lingers), and a parent killed outright takes the child along
(PR_SET_PDEATHSIG). Each case starts the real command on a free port over the test warehouse."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_browser import _free_port, _wait_healthy

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (an exited child nobody has reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = next((line.split()[1] for line in status.splitlines() if line.startswith("State:")), "?")
    return state != "Z"


def _children(pid: int) -> list[int]:
    """Every live descendant of `pid` (from /proc/*/stat: field 4 is the parent's pid)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == current]
        found += kids
        frontier += kids
    return [p for p in found if _alive(p)]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _start_serve(db: Path, port: int, log: Path) -> subprocess.Popen:
    with open(log, "wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "serve", "--db", str(db),
                                 "--port", str(port)], stdin=subprocess.DEVNULL, stdout=sink,
                                stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, proc, timeout=90)
    except (RuntimeError, TimeoutError) as exc:
        proc.kill()
        raise AssertionError(f"{exc}:\n{log.read_text()[-3000:]}") from None
    return proc


def _cleanup(pids: list[int]) -> None:
    """Kill what a failing case left behind, by pid (only processes this test started)."""
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_stops_serve_and_its_streamlit_child(app_db, tmp_path, sig):
    port = _free_port()
    proc = _start_serve(app_db, port, tmp_path / "serve.log")
    children = _children(proc.pid)
    try:
        assert children, "gongkai serve runs streamlit as a child process"
        proc.send_signal(sig)
        proc.wait(timeout=30)
        assert _wait(lambda: not _answers(port), 10), f"port {port} still answers after {sig.name}"
        assert _wait(lambda: not any(_alive(p) for p in children), 10), \
            f"streamlit child {children} still running after {sig.name}"
        assert proc.returncode == 0, "a stop asked for is a clean exit"
    finally:
        _cleanup([proc.pid, *children])


def test_a_killed_parent_takes_its_streamlit_child_along(app_db, tmp_path):
    port = _free_port()
    proc = _start_serve(app_db, port, tmp_path / "serve.log")
    children = _children(proc.pid)
    try:
        assert children
        proc.kill()                      # no chance to forward anything: the kernel tells the child
        proc.wait(timeout=10)
        assert _wait(lambda: not any(_alive(p) for p in children), 20), \
            f"streamlit child {children} outlived its killed parent"
        assert _wait(lambda: not _answers(port), 10)
    finally:
        _cleanup([proc.pid, *children])


def test_run_until_stopped_kills_a_child_that_ignores_the_signal(tmp_path):
    """A child that ignores SIGTERM is killed with its process group after the grace period."""
    marker = tmp_path / "pid"
    script = ("import os, signal, subprocess, sys, time\n"
              "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "kid = subprocess.Popen([sys.executable, '-c', 'import signal, time; "
              "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)'])\n"
              f"open({str(marker)!r}, 'w').write(f'{{os.getpid()}} {{kid.pid}}')\n"
              "time.sleep(600)\n")
    runner = ("import os, signal, sys, threading, time\n"
              "from gongkai import serve\n"
              "def stop():\n"
              f"    while not os.path.exists({str(marker)!r}): time.sleep(0.05)\n"
              "    time.sleep(0.2)\n"
              "    os.kill(os.getpid(), signal.SIGTERM)\n"
              "threading.Thread(target=stop, daemon=True).start()\n"
              f"sys.exit(serve.run_until_stopped([sys.executable, '-c', {script!r}], grace=1))\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", runner], timeout=60)
    assert done.returncode == 0 and time.monotonic() - started < 30
    pids = [int(p) for p in marker.read_text().split()]
    try:
        assert _wait(lambda: not any(_alive(p) for p in pids), 10), f"{pids} survived"
    finally:
        _cleanup(pids)
