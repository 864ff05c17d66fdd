"""Round 2 of the hostile-input work (issue #16 items 3 and 6): a DOCX whose parts inflate past the
archive caps is refused before python-docx reads it, in constant memory; a PDF of more pages than
GONGKAI_MAX_PDF_PAGES is read up to the cap, with a warning. Figures: docs/reliability.md, Round 2.
(Harvest is tests/harvest/test_hardening.py, symbolic links tests/store/test_inputs.py.)"""
from __future__ import annotations

import json
import os
import random
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

from contract import check_output, first_warning
from hostile import report_bytes

from gongkai.parse import parse_bytes

REPO = Path(__file__).resolve().parents[2]
MiB = 1 << 20


def docx_with_part(path: Path, size: int, *, varied: bool = False) -> Path:
    """r027.docx with word/document.xml replaced by `size` bytes of paragraphs, written in 1 MiB
    steps (never held in memory): runs of one paragraph (a zip bomb, ~1000:1) or varied numbers
    (compresses only a few times)."""
    rnd = random.Random(7)
    src = zipfile.ZipFile(REPO / "data" / "reports" / "r027.docx")
    with src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info.filename))
                continue
            doc = src.read(info.filename)
            head, tail = doc.split(b"<w:body>", 1)[0] + b"<w:body>", b"</w:body></w:document>"
            part = zipfile.ZipInfo("word/document.xml")
            part.compress_type = zipfile.ZIP_DEFLATED
            with out.open(part, "w", force_zip64=True) as fh:
                fh.write(head)
                written = len(head) + len(tail)
                bomb = b"<w:p><w:r><w:t>0</w:t></w:r></w:p>" * (MiB // 34)
                while written < size:
                    if varied:
                        block = b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % rnd.randrange(10 ** 12)
                                         for _ in range(20_000))
                    else:
                        block = bomb[:size - written]       # exact size (a bomb need not be XML)
                    fh.write(block)
                    written += len(block)
                fh.write(tail)
    return path


def parse_in_subprocess(path: Path, env: dict | None = None, timeout: float = 120) -> dict:
    """Parse a file in a fresh interpreter; peak RSS growth over the warmed-up baseline."""
    code = f"""
import json, resource, sys, time
from gongkai.parse import parse_bytes
parse_bytes(open({str(REPO / 'data/reports/r027.docx')!r}, 'rb').read(), 'warm.docx')
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(sys.argv[1], 'rb').read()
t = time.monotonic()
r = parse_bytes(data, 'bomb.docx')
took = time.monotonic() - t
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps({{"status": r.status, "warnings": [[w.code, w.detail] for w in r.warnings],
                   "seconds": took, "grew_mib": grew / 1024}}))
"""
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         timeout=timeout, env=full_env, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_docx_bomb_is_refused_from_its_directory_in_constant_memory(tmp_path):
    """200 MiB of document.xml in a 220 KB DOCX: refused from the zip directory by the ratio cap,
    before python-docx inflates anything (it took 8.4 GB and 248 s for 768 MiB before)."""
    bomb = docx_with_part(tmp_path / "bomb.docx", 200 * MiB)
    assert bomb.stat().st_size < 1 * MiB
    got = parse_in_subprocess(bomb)
    assert got["status"] == "unreadable"
    code, detail = got["warnings"][0]
    assert code == "limit_archive_ratio"
    assert "word/document.xml" in detail and "GONGKAI_MAX_ARCHIVE_RATIO" in detail and "200 MiB" in detail
    assert got["grew_mib"] < 50 and got["seconds"] < 5, got


def test_a_part_over_the_member_cap_is_refused_naming_the_variable(tmp_path, monkeypatch):
    doc = docx_with_part(tmp_path / "big.docx", 3 * MiB, varied=True)   # compresses ~3x: no bomb
    monkeypatch.setenv("GONGKAI_MAX_FILE_BYTES", "2MiB")
    data = doc.read_bytes()
    report = parse_bytes(data, "big.docx")
    check_output(report, data, "big.docx")
    assert report.status == "unreadable"
    detail = first_warning(report, ["limit_archive_member_bytes"])
    assert "word/document.xml" in detail and "GONGKAI_MAX_FILE_BYTES" in detail and "2 MiB" in detail


def test_parts_over_the_document_size_together_are_refused(monkeypatch):
    data = report_bytes("r027.docx")                    # 18.8 KB that expand to 251 KB
    monkeypatch.setenv("GONGKAI_MAX_DOCUMENT_BYTES", "100KiB")
    report = parse_bytes(data, "r027.docx")
    assert report.status == "unreadable"
    detail = first_warning(report, ["limit_document_bytes"])
    assert "DOCX parts declare 250.7 KiB" in detail and "GONGKAI_MAX_DOCUMENT_BYTES" in detail
    monkeypatch.setenv("GONGKAI_MAX_ARCHIVE_TOTAL_BYTES", "64KiB")      # the smaller cap is named
    report = parse_bytes(data, "r027.docx")
    assert "GONGKAI_MAX_ARCHIVE_TOTAL_BYTES" in first_warning(report, ["limit_archive_total_bytes"])


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setenv("GONGKAI_MAX_ARCHIVE_MEMBERS", "5")
    report = parse_bytes(report_bytes("r027.docx"), "r027.docx")
    assert report.status == "unreadable"
    assert "GONGKAI_MAX_ARCHIVE_MEMBERS" in first_warning(report, ["limit_archive_members"])


def _lie_about_size(data: bytes, member: bytes, declared: int) -> bytes:
    """Set the uncompressed size of `member` in its central directory entry and local header."""
    out = bytearray(data)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46:central + 46 + name_len]) == member:
            struct.pack_into("<I", out, central + 24, declared)
            local = struct.unpack_from("<I", out, central + 42)[0]
            struct.pack_into("<I", out, local + 22, declared)
            return bytes(out)
        central = out.find(b"PK\x01\x02", central + 4)
    raise AssertionError("member not found")


def test_a_header_that_lies_about_a_size_gets_no_further_than_it_says(tmp_path):
    """document.xml declares 1000 bytes and inflates to 20 MiB: inflating stops at the declared
    size (the counter and zipfile both hold it there) and the part fails its CRC."""
    honest = tmp_path / "honest.docx"
    with zipfile.ZipFile(REPO / "data/reports/r027.docx") as src, \
            zipfile.ZipFile(honest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = body + b" " * (20 * MiB)
            out.writestr(info.filename, body)
    data = _lie_about_size(honest.read_bytes(), b"word/document.xml", 1000)
    tracemalloc.start()
    try:
        report = parse_bytes(data, "liar.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.status == "unreadable"
    detail = first_warning(report, ["unreadable"])
    assert "word/document.xml" in detail and "CRC" in detail
    assert peak < 8 * MiB, peak


def test_a_big_but_honest_docx_still_meets_the_time_budget(tmp_path, monkeypatch):
    """Within every cap (3 MiB of varied paragraphs), the DOCX reader checks the time budget."""
    doc = docx_with_part(tmp_path / "long.docx", 3 * MiB, varied=True)
    monkeypatch.setenv("GONGKAI_PARSE_SECONDS", "0.05")
    report = parse_bytes(doc.read_bytes(), "long.docx")
    assert report.status == "unreadable"
    assert first_warning(report, ["limit_parse_time"])


def test_real_docx_reports_are_untouched_by_the_caps():
    report = parse_bytes(report_bytes("r027.docx"), "r027.docx")
    assert report.status == "parsed" and report.year == 2023
    assert not [w for w in report.warnings if w.code.startswith("limit_")]


# --- PDF pages ------------------------------------------------------------------------------------

def many_page_pdf(n: int) -> bytes:
    """A valid PDF of n pages, page i showing `page i` (built by hand: a few ms for 10 000 pages)."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for i in range(n):
        page, content = 4 + 2 * i, 5 + 2 * i
        text = b"BT /F1 12 Tf 72 720 Td (page %d) Tj ET" % (i + 1)
        objs[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                      b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(b"%d 0 R" % page)
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[num] for num in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def test_a_pdf_longer_than_the_page_cap_is_read_up_to_it(monkeypatch):
    monkeypatch.setenv("GONGKAI_MAX_PDF_PAGES", "10")
    data = many_page_pdf(30)
    report = parse_bytes(data, "long.pdf")
    check_output(report, data, "long.pdf")
    detail = first_warning(report, ["limit_pdf_pages"])
    assert detail == "PDF has 30 pages; only the first 10 were read (GONGKAI_MAX_PDF_PAGES)"
    assert "page 10" in report.text and "page 11" not in report.text
    monkeypatch.setenv("GONGKAI_MAX_PDF_PAGES", "30")                    # at the cap: all read
    report = parse_bytes(data, "long.pdf")
    assert "page 30" in report.text and not [w for w in report.warnings if w.code == "limit_pdf_pages"]


def test_a_page_tree_that_understates_its_count_is_still_capped(monkeypatch):
    monkeypatch.setenv("GONGKAI_MAX_PDF_PAGES", "10")
    data = many_page_pdf(30).replace(b"/Count 30", b"/Count 3 ")      # same length: xref stays valid
    report = parse_bytes(data, "liar.pdf")
    assert first_warning(report, ["limit_pdf_pages"]).startswith("PDF has more than 10 pages")
    assert "page 11" not in report.text


def test_ten_thousand_pages_take_no_longer_than_the_cap(monkeypatch):
    """Before the cap: 20 000 one-line pages took 57 s (pdfplumber also walks every page on open
    and on close); now only the first GONGKAI_MAX_PDF_PAGES pages are built at all."""
    monkeypatch.setenv("GONGKAI_MAX_PDF_PAGES", "50")
    data = many_page_pdf(10_000)
    started = time.monotonic()
    report = parse_bytes(data, "huge.pdf")
    took = time.monotonic() - started
    assert first_warning(report, ["limit_pdf_pages"]).startswith("PDF has 10000 pages")
    assert took < 3.0, took
