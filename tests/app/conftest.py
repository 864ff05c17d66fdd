"""Session fixtures for the dashboard tests: one warehouse built from data/reports (plus one report
with a deliberately broken table 3, so failed-check marking has something to mark), and AppTest.

The app reads its database from $GONGKAI_DB, which the `app_db` fixture sets for the session."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import config

MAIN = str(config.APP_ENTRY)
SEED = "000_871f94abbc050ee9.txt"      # 遂宁市安居区商务局 2022, all-zero tables
BROKEN_LINE = 130                      # its t3.new_received.total cell ("line 131")


def broken_seed_report(folder: Path) -> Path:
    """The seed report with t3.new_received.total changed 0 → 5: T3.row_sum (new_received) and
    T3.balance (total) fail. Same agency and year, so it becomes version 2 and the current one."""
    lines = (config.BUNDLED_REPORTS_DIR / SEED).read_text(encoding="utf-8").split("\n")
    assert lines[BROKEN_LINE].strip() == "0"
    lines[BROKEN_LINE] = lines[BROKEN_LINE].replace("0", "5")
    path = folder / "broken_t3_balance_seed_2022.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def app_db(tmp_path_factory) -> Path:
    from gongkai.store.bootstrap import bundled_report_files
    from gongkai.store.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("app_db")
    db = folder / "gongkai.duckdb"
    ingest_paths(bundled_report_files(), db)
    ingest_paths([broken_seed_report(folder)], db)
    with pytest.MonkeyPatch.context() as patch:    # session-scoped: the function fixture cannot
        patch.setenv("GONGKAI_DB", str(db))
        yield db


@pytest.fixture
def app(app_db):
    """A fresh AppTest of the entrypoint (not yet run)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(MAIN, default_timeout=60)


@pytest.fixture(scope="session")
def broken_report_id(app_db) -> int:
    from gongkai.store import connect_read, run

    con = connect_read(app_db)
    try:
        frame = run(con, "SELECT report_id FROM reports WHERE agency_name = ? AND year = ? AND is_current",
                    ["遂宁市安居区商务局", 2022])
    finally:
        con.close()
    return int(frame["report_id"].iloc[0])


@pytest.fixture(scope="session")
def pingtan_agency_id(app_db) -> int:
    """平潭综合实验区: current reports for 2015, 2019, 2021, 2022, 2025 and superseded versions."""
    from gongkai.store import connect_read, run

    con = connect_read(app_db)
    try:
        frame = run(con, "SELECT agency_id FROM agencies WHERE name = ?", ["平潭综合实验区"])
    finally:
        con.close()
    return int(frame["agency_id"].iloc[0])
