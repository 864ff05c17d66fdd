"""`gongkai serve` builds the database when it is missing and runs streamlit on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path

from gongkai import serve


def test_the_command_listens_on_localhost_headless_on_the_given_port():
    cmd = serve.streamlit_command(8600)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("dashboard/main.py")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[cmd.index("--server.headless") + 1] == "true"


def test_the_database_path_reaches_the_app_through_the_environment(tmp_path):
    env = serve.app_environment(tmp_path / "x.duckdb")
    assert env["GONGKAI_DB"] == str((tmp_path / "x.duckdb").resolve())


def test_serve_ensures_the_database_then_runs_streamlit(monkeypatch, tmp_path):
    calls = {}
    monkeypatch.setattr("gongkai.store.ensure_database", lambda db: calls.setdefault("db", Path(db)))
    monkeypatch.setattr(serve, "run_until_stopped", lambda cmd, env: calls.update(cmd=cmd, env=env) or 0)
    assert serve.serve(tmp_path / "w.duckdb", 8700) == 0
    assert calls["db"] == tmp_path / "w.duckdb"
    assert calls["env"]["GONGKAI_DB"].endswith("w.duckdb") and "8700" in calls["cmd"]
