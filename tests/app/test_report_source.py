"""The source is never lost: the 报告 page downloads the document's original bytes from the document
store (gongkai.store.read_document), checked against their SHA-256."""
from __future__ import annotations

import hashlib

from test_browser import BROWSER_ARGS, CHROMIUM, _need_browser, _serving

from gongkai.store import connect_read, run


def test_the_report_page_downloads_the_original_bytes(app_db, broken_report_id, tmp_path):
    _need_browser()
    from playwright.sync_api import sync_playwright

    con = connect_read(app_db)
    try:
        sha, name = run(con, "SELECT d.sha256, d.original_name FROM reports r JOIN documents d "
                             "ON d.sha256 = r.document_sha256 WHERE r.report_id = ?",
                        [broken_report_id]).iloc[0]
    finally:
        con.close()
    with _serving(app_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
        page.goto(f"{url}/report?report={broken_report_id}")
        button = page.get_by_role("button", name="下载原始文件")
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=30_000) as info:
            button.click()
        target = tmp_path / "original"
        info.value.save_as(target)
        assert info.value.suggested_filename == name.replace("\\", "/").rsplit("/", 1)[-1]
        assert hashlib.sha256(target.read_bytes()).hexdigest() == sha
        browser.close()
