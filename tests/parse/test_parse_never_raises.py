"""Whatever bytes arrive, parse_bytes returns a ParsedReport that says what they were."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from gongkai.parse import parse_bytes


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


HOSTILE = {
    "empty": b"",
    "binary noise": os.urandom(4096),
    "png": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
    "plain zip": _zip(),
    "docx that is not a zip": b"PK\x03\x04 not really a zip",
    "truncated pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n",
    "html without a report": "<html><body><p>欢迎访问</p></body></html>".encode(),
    "html with script": "<html><body><script>alert(1)</script><p>政府信息公开工作年度报告</p>"
                        "<table><tr><td onclick='x()'>规章</td></tr></table></body></html>".encode(),
    "latin-1 text": "caf\xe9 r\xe9sum\xe9".encode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gets_a_status_and_a_reason(name):
    report = parse_bytes(HOSTILE[name], name)
    assert report.status in ("not_a_report", "unreadable", "partial")
    assert report.warnings and all(w.detail for w in report.warnings)
    assert report.source.sha256 and len(report.source.sha256) == 64
    d = report.to_dict()
    assert list(d) == ["source", "status", "agency", "year", "format_version", "report_scope",
                       "published_on", "region", "proactive_count", "cells", "checks", "warnings"]


def test_a_gbk_encoded_flattened_report_reads_like_its_utf8_original(corpus):
    raw = (corpus / "000_871f94abbc050ee9.txt").read_text(encoding="utf-8")
    utf8 = parse_bytes(raw.encode("utf-8"), "seed.txt")
    gbk = parse_bytes(raw.encode("gb18030"), "seed.txt")
    assert gbk.cells == utf8.cells and gbk.agency == utf8.agency == "遂宁市安居区商务局"
    assert gbk.source.encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")


def test_a_document_about_reports_is_not_itself_a_report():
    text = "# 来源说明\n本目录收集政府信息公开工作年度报告的原件，历年累计若干份，均同意公开转载。\n"
    report = parse_bytes(text.encode("utf-8"), "SOURCES.md")
    assert report.status == "not_a_report" and report.format_version == "unknown"
