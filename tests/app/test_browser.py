"""A real browser against `streamlit run`: a filter in the URL is applied and a CSV export downloads.

Needs /usr/bin/chromium and the Python `playwright` package (never `playwright install`)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from gongkai import serve

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


def _need_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@contextlib.contextmanager
def _serving(db: Path):
    """`streamlit run` of the app on a free port over `db`; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen(serve.streamlit_command(port), env=serve.app_environment(db),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def live_app(app_db):
    _need_browser()
    with _serving(app_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(live_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


def test_a_url_filter_is_applied_and_a_csv_export_downloads(live_app, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    page.goto(f"{live_app}/applications?province=江苏省")
    page.get_by_text("省份: 江苏省").first.wait_for(timeout=30_000)   # part of the filter caption
    page.get_by_role("button", name="导出").first.click()        # the export popover of the first chart
    button = page.get_by_role("button", name="CSV").first
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "year,series,value,n,report_count,complete_reports_count,failed_report_count"
    assert {line.split(",")[0] for line in lines[1:]} == {"2023"}   # 江苏省: one report, 2023
    assert "province=" in page.url
    page.close()


def test_the_language_switch_works_in_the_browser(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{live_app}/?lang=en")
    page.get_by_role("heading", name="Overview").wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebar"] label').filter(has_text="中文").click()
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    page.close()


SCREENSHOT_PAGES = {
    "overview": "/",
    "applications": "/applications",
    "proactive": "/proactive",
    "litigation": "/litigation",
    "compare": "/compare?min_n=10",
    "quality": "/quality",
    "agency": "/agency?agency_id={agency}",
    "report": "/report?report={report}",
    "import": "/import",
    "overview_en": "/?lang=en&province=江苏省",
}
SCREENSHOT_HEIGHTS = {"agency": 3400, "report": 2600}      # taller pages; the rest fit in 2200
# the agency and report shown: 平潭综合实验区 (five years, superseded versions) and its 2022 report
SCREENSHOT_AGENCY = ("平潭综合实验区", 2022)


@pytest.mark.skipif(not os.environ.get("GONGKAI_SCREENSHOTS"),
                    reason="set GONGKAI_SCREENSHOTS=1 to refresh docs/screenshots/*.png")
def test_refresh_the_screenshots_in_docs(tmp_path_factory):
    """Refreshes docs/screenshots: `GONGKAI_SCREENSHOTS=1 pytest tests/app/test_browser.py -k screenshots`.

    Built from the bundled reports (data/reports) alone, the data `gongkai serve` shows, not from the
    test warehouse with its deliberately broken report."""
    from playwright.sync_api import sync_playwright

    from gongkai.store import connect_read, run
    from gongkai.store.bootstrap import bundled_report_files
    from gongkai.store.ingest import ingest_paths

    _need_browser()
    db = tmp_path_factory.mktemp("screenshots") / "gongkai.duckdb"
    ingest_paths(bundled_report_files(), db)
    con = connect_read(db)
    try:
        ids = run(con, "SELECT agency_id, report_id FROM reports WHERE agency_name = ? AND year = ? "
                       "AND is_current", list(SCREENSHOT_AGENCY)).iloc[0]
    finally:
        con.close()
    keys = {"agency": int(ids["agency_id"]), "report": int(ids["report_id"])}
    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with _serving(db) as live, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            _shoot(browser, live, keys, out)
        finally:
            browser.close()


def _shoot(browser, live: str, keys: dict, out: Path) -> None:
    for name, path in SCREENSHOT_PAGES.items():
        page = browser.new_page(viewport={"width": 1440, "height": SCREENSHOT_HEIGHTS.get(name, 2200)})
        page.goto(live + path.format(**keys))
        page.locator("h1").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2500)          # plotly draws after the page settles
        page.screenshot(path=str(out / f"{name}.png"))
        page.close()
