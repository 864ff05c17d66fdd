"""gongkai harvest against a local portal (tests/harvest/conftest.py): never the internet."""
from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from gongkai import cli
from gongkai.harvest import (HarvestOptions, ManifestEntry, decode_html,
                               extract_links, harvest, link_year, read_manifest)
from gongkai.store import connect_read, run

from .conftest import fast_options

OK_PATHS = {"/xxgk/nb/index.html", "/xxgk/nb/index_1.html", "/reports/r027.html", "/files/r027.docx",
            "/reports/p2022.html", "/reports/p2022.pdf", "/reports/p2019.html"}
DOCUMENTS = OK_PATHS - {"/xxgk/nb/index.html", "/xxgk/nb/index_1.html"}


def _by_path(site, out):
    return {e.url[len(site.base):]: e for e in read_manifest(out).values()}


def test_harvest_collects_every_report_survives_bad_links_and_ingests(site, tmp_path):
    out, db_path = tmp_path / "h", tmp_path / "g.duckdb"
    summary = harvest(fast_options(site, out), ingest=True, db_path=db_path)

    entries = _by_path(site, out)
    assert {p for p, e in entries.items() if e.status == "ok"} == OK_PATHS
    # every saved file is byte-for-byte what the server sent, with its URL and fetch time
    for path in OK_PATHS:
        e = entries[path]
        assert (out / e.file).read_bytes() == site.pages[path][0]
        assert e.sha256 == hashlib.sha256(site.pages[path][0]).hexdigest()
        assert e.fetched_at and e.http_status == 200
    assert entries["/files/r027.docx"].role == "attachment"
    assert entries["/reports/p2022.pdf"].role == "attachment"
    assert entries["/reports/r027.html"].role == "report"
    # the GBK list page was decoded: its Chinese link text reached the manifest
    assert entries["/reports/p2019.html"].link_text == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert entries["/reports/p2019.html"].encoding == "gb18030"
    # the broken link and the slow one failed, with reasons; the slow one was retried once
    gone, slow = entries["/reports/gone.html"], entries["/reports/slow.html"]
    assert (gone.status, gone.reason, gone.permanent, gone.attempts) == ("failed", "HTTP 404", True, 1)
    assert slow.status == "failed" and "timed out" in slow.reason and slow.attempts == 2
    assert not slow.permanent
    skipped = dict((u[len(site.base):], why) for u, why in summary.skipped)
    assert skipped["/private/secret.html"] == "disallowed by robots.txt"
    assert "before --since 2016" in skipped["/reports/p2015.html"]
    counts = site.counts()
    assert "/private/secret.html" not in counts and "/reports/p2015.html" not in counts
    assert counts["/reports/slow.html"] == 2 and counts["/reports/gone.html"] == 1
    assert {f.url[len(site.base):] for f in summary.failed} == {"/reports/gone.html", "/reports/slow.html"}

    # ingested: the warehouse holds the fetched documents and reads the reports in them
    assert summary.ingest is not None and summary.ingest.count("failed") == 0
    con = connect_read(db_path)
    try:
        docs = run(con, "SELECT sha256, source_url FROM documents")
        assert set(docs["sha256"]) == {entries[p].sha256 for p in DOCUMENTS}
        # each document keeps the URL it was fetched from (the document store keeps its bytes)
        assert dict(zip(docs["sha256"], docs["source_url"])) == {
            entries[p].sha256: entries[p].final_url or entries[p].url for p in DOCUMENTS}
        got = run(con, "SELECT agency_name, year, format_version FROM current_reports ORDER BY year")
        assert list(zip(got["agency_name"], got["year"])) == [
            ("平潭综合实验区", 2019), ("平潭综合实验区", 2022), ("沭阳县发展和改革局", 2023)]
    finally:
        con.close()


def test_harvest_resumes_without_refetching(site, tmp_path):
    out = tmp_path / "h"
    first = harvest(fast_options(site, out, max_fetches=3))
    assert first.stopped and len(first.fetched) == 3
    seen: list[str] = []
    second = harvest(fast_options(site, out), on_fetch=lambda e: seen.append(e.url))
    assert not second.stopped
    assert len(second.already) == 3
    counts = site.counts()
    counts.pop("/robots.txt")                    # read once per run, by design
    for path in OK_PATHS | {"/reports/gone.html"}:
        assert counts[path] == 1, path           # never fetched twice across the two runs
    assert set(counts) == OK_PATHS | {"/reports/gone.html", "/reports/slow.html"}
    assert {e.status for e in read_manifest(out).values()} == {"ok", "failed"}
    # a third run fetches nothing new except the transient failure (the slow page is retried)
    site.clear()
    third = harvest(fast_options(site, out))
    assert [f.url[len(site.base):] for f in third.failed] == ["/reports/slow.html"]
    assert set(site.counts()) == {"/robots.txt", "/reports/slow.html"}


def test_a_hook_that_raises_leaves_a_usable_manifest(site, tmp_path):
    out = tmp_path / "h"
    calls = []

    def boom(entry: ManifestEntry):
        calls.append(entry.url)
        if len(calls) == 2:
            raise KeyboardInterrupt            # Ctrl-C in the middle of a crawl
    stopped = harvest(fast_options(site, out), on_fetch=boom)
    assert "interrupted" in stopped.stopped
    assert len(read_manifest(out)) == 2
    harvest(fast_options(site, out))
    counts = site.counts()
    assert all(counts[p] == 1 for p in OK_PATHS)


def test_depth_one_fetches_report_pages_but_not_attachments(site, tmp_path):
    out = tmp_path / "h"
    summary = harvest(fast_options(site, out, depth=1))
    fetched = {e.url[len(site.base):] for e in summary.fetched}
    assert "/reports/r027.html" in fetched and "/files/r027.docx" not in fetched
    assert any("beyond --depth 1" in why for _, why in summary.skipped)


def test_rate_limit_spaces_requests_to_one_host(site, tmp_path):
    summary = harvest(fast_options(site, tmp_path / "h", rate=0.1, depth=1, since=2023))
    assert summary.fetched
    times = [t for t, _ in site.log]
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    # 0.1 s apart. The times are taken by the server when its thread gets to the request, so on a
    # loaded machine one late arrival makes the next gap look short (0.035 s seen): judge the span
    # and the median, which one late arrival cannot move, rather than the smallest gap.
    assert len(gaps) >= 3 and times[-1] - times[0] >= 0.1 * len(gaps) - 0.03
    assert gaps[len(gaps) // 2] >= 0.08


def test_cli_harvest(site, tmp_path, capsys):
    args = ["harvest", site.url("/xxgk/nb/index.html"), "--out", str(tmp_path / "h"),
            "--since", "2016", "--rate", "0.005", "--timeout", "0.3", "--retries", "0"]
    assert cli.main(args) == 1                # the broken and slow links failed
    text = capsys.readouterr().out
    assert "7 fetched" in text and "2 failed" in text and "HTTP 404" in text
    lines = (tmp_path / "h" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["url"].startswith(site.base) for line in lines)
    assert cli.main(["harvest", "ftp://example.org/x"]) == 2


# --- units ----------------------------------------------------------------------------------------

def test_decode_html_reads_gbk_by_meta_or_detection():
    page = '<html><head><meta charset="gb2312"></head><body>政府信息公开工作年度报告</body></html>'
    data = page.encode("gb18030")
    text, enc = decode_html(data)
    assert enc == "gb18030" and "年度报告" in text
    wrong = page.replace("gb2312", "utf-8").encode("gb18030")     # a lying declaration
    text, enc = decode_html(wrong)
    assert "年度报告" in text


def test_extract_links_relative_base_pager_and_attachments():
    html = """<html><head><base href="http://x.gov.cn/a/b/"></head><body>
    <a href="../c/2022.html">某局2022年度政府信息公开工作年度报告</a>
    <a href="/">首页</a><a href="index_2.html">下一页</a><a href="javascript:void(0)">x</a>
    <a href="f.pdf">下载</a><iframe src="/viewer/r.pdf"></iframe>
    <script>createPageHTML(3, 0, "index", "shtml");</script></body></html>"""
    links = {(l.url, l.role) for l in extract_links(html, "http://x.gov.cn/a/b/index.html", "list")}
    assert ("http://x.gov.cn/a/c/2022.html", "report") in links
    assert ("http://x.gov.cn/a/b/index_2.html", "list") in links
    assert ("http://x.gov.cn/a/b/index_1.shtml", "list") in links
    assert ("http://x.gov.cn/a/b/f.pdf", "attachment") in links
    assert ("http://x.gov.cn/viewer/r.pdf", "attachment") in links
    assert not any(u == "http://x.gov.cn/" for u, _ in links)          # 首页 is the home page
    on_report = extract_links(html, "http://x.gov.cn/a/b/index.html", "report")
    assert {l.role for l in on_report} == {"attachment"}


@pytest.mark.parametrize("text, year", [("平潭综合实验区2019年度政府信息公开工作年度报告", 2019),
                                        ("2023 年政府信息公开年报", 2023), ("年度报告", None)])
def test_link_year(text, year):
    assert link_year(text) == year
