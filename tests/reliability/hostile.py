"""The hostile-input catalogue: each case is bytes, a file name, and the exact outcome it must get
(status, warning code, words of the message). Builders are pure functions of the bundled reports."""
from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "data" / "reports"
SEED = "000_871f94abbc050ee9.txt"       # 遂宁市安居区商务局 2022: flattened text, one cell a line
HTML_REPORT = "r027.html"               # 沭阳县发展和改革局 2023: an HTML table report (v2021)
AGENCY_HTML = "沭阳县发展和改革局"


@dataclass
class Case:
    name: str                        # file name given to the parser
    make: Callable[[], bytes]
    status: str                      # the parse status it must get
    code: Optional[str] = None       # a warning code it must carry (None: no requirement)
    message: Optional[str] = None    # words that must be in that warning's detail
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=None)
def report_bytes(name: str) -> bytes:
    return (REPORTS / name).read_bytes()


def seed_text() -> str:
    return report_bytes(SEED).decode("utf-8")


def html_text() -> str:
    return report_bytes(HTML_REPORT).decode("utf-8")


def html_with_cell(form: str) -> bytes:
    """r027.html with t3.new_received.natural_person (table 3 row 4 col 2, printed 26) set to `form`."""
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser(html_text())
    table = [t for t in tree.css("table") if "自然人" in t.text()][-1]
    rows = [r for r in table.css("tr") if r.css("td,th")]
    cell = rows[3].css("td,th")[1]
    assert cell.text().strip() == "26"
    cell.replace_with(LexborHTMLParser(f"<table><tr><td>{form}</td></tr></table>").css_first("td"))
    return tree.html.encode("utf-8")


def seed_with_date(form: str) -> bytes:
    lines = seed_text().split("\n")
    assert lines[4].startswith("来源:安居区商务局 发布时间:2023-01-12")
    lines[4] = f"来源:安居区商务局 发布时间:{form} 15:06"
    return "\n".join(lines).encode("utf-8")


def image_pdf(pages: int = 2) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    images = [Image.new("RGB", (300, 400), "white") for _ in range(pages)]
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF whose Standard security handler rejects the empty user password."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -4 >>"]
    out, offsets = io.BytesIO(b"%PDF-1.4\n"), []
    out.seek(0, 2)
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
              % (b"ab" * 16, b"ab" * 16, xref))
    return out.getvalue()


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def zip_bomb(inflated: int = 20 << 20) -> bytes:
    """One member of `inflated` zero bytes (~20 KB compressed) whose header claims 10 bytes."""
    raw = bytearray(zip_of({"bomb.txt": b"0" * inflated}))
    # lie in both headers: uncompressed size 10 (local header offset 22, central 24)
    raw[22:26] = (10).to_bytes(4, "little")
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24:central + 28] = (10).to_bytes(4, "little")
    return bytes(raw)


def nested_tables(depth: int) -> bytes:
    return ("<html><body><h1>政府信息公开工作年度报告</h1>" + "<table><tr><td>" * depth + "规章 1"
            + "</td></tr></table>" * depth + "</body></html>").encode("utf-8")


def big_table_report(rows: int = 100_000) -> bytes:
    body = "".join(f"<tr><td>附表行{i}</td><td>{i}</td><td>{i % 7}</td></tr>" for i in range(rows))
    return html_text().replace("</body>", f"<table>{body}</table></body>").encode("utf-8")


def cut_mid_character(data: bytes, fraction: float) -> bytes:
    """`data` cut at about `fraction` of its length, inside a multi-byte UTF-8 character."""
    i = int(len(data) * fraction)
    while not (data[i] & 0xC0 == 0x80 and data[i - 1] >= 0xE0):
        i += 1
    return data[:i]


def noise(n: int = 8192, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


CASES: list[Case] = [
    # empty and binary
    Case("empty.txt", lambda: b"", "not_a_report", "not_a_report", "empty file"),
    Case("blank.html", lambda: b" \r\n\t \n", "not_a_report", "not_a_report", "empty file"),
    Case("bom-only.txt", lambda: b"\xef\xbb\xbf", "not_a_report", "not_a_report", "only whitespace"),
    Case("noise.bin", noise, "not_a_report", "not_a_report", "binary data"),
    Case("noise.pdf", lambda: b"%PDF-1.7\n" + noise(), "unreadable", "unreadable", "PDF cannot be opened"),
    Case("noise.html", lambda: b"<html><body>" + noise(), "not_a_report", "not_a_report", "binary data"),
    Case("nul-bytes.txt", lambda: seed_text().replace("\n", "\x00\n").encode(), "not_a_report",
         "not_a_report", "control bytes"),
    Case("image.png", lambda: b"\x89PNG\r\n\x1a\n" + noise(200), "not_a_report", "not_a_report",
         "OCR is not supported"),
    Case("legacy.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise(600), "not_a_report",
         "not_a_report", "legacy Office file"),
    # wrong and mixed encodings
    Case("gbk-declared-utf8.html", lambda: html_text().encode("gb18030"), "parsed",
         extra={"agency": AGENCY_HTML, "encoding": "gb18030"}),
    Case("gbk.txt", lambda: seed_text().encode("gb18030"), "parsed",
         extra={"agency": "遂宁市安居区商务局", "encoding": "gb18030"}),
    Case("utf16.txt", lambda: seed_text().encode("utf-16"), "parsed",
         extra={"agency": "遂宁市安居区商务局", "encoding": "utf-16-le"}),
    Case("mixed-utf8-gbk.txt",
         lambda: seed_text()[:3000].encode("utf-8") + seed_text()[3000:].encode("gb18030"),
         "parsed", "mixed_encoding", "no single encoding decodes every byte",
         extra={"agency": "遂宁市安居区商务局"}),
    Case("utf16be-no-bom.txt", lambda: seed_text().encode("utf-16-be"), "not_a_report",
         "not_a_report", "control bytes"),
    Case("latin1.txt", lambda: "caf\xe9 r\xe9sum\xe9 na\xefve".encode("latin-1"), "not_a_report",
         "not_a_report", "no sign of a 政府信息公开工作年度报告"),
    # truncated HTML
    Case("truncated-mid-character.html", lambda: cut_mid_character(report_bytes(HTML_REPORT), .3), "partial",
         "truncated_character", "incomplete utf-8 character"),
    Case("truncated-60.html", lambda: report_bytes(HTML_REPORT)[:int(len(report_bytes(HTML_REPORT)) * .6)],
         "partial", "table_missing", "table 4 (v2021) was not found"),
    Case("truncated-in-a-tag.html", lambda: html_text()[:html_text().rindex("<table") + 4].encode(),
         "partial", "table_missing", "table 4 (v2021) was not found"),
    # scripts and event handlers: read as a report, no script text in what was read
    Case("scripts.html", lambda: html_text().replace("<body", "<body onload=\"alert('x')\"", 1).replace(
        "</table>", "</table><script>alert('XSS')</script><img src=x onerror=alert(2)>"
                    "<iframe src='javascript:alert(3)'></iframe><style>td{}</style>", 1).encode(),
         "parsed", extra={"agency": AGENCY_HTML, "text_lacks": ["alert", "onerror", "javascript:"]}),
    # deep, wide and long markup
    Case("nested-tables-500.html", lambda: nested_tables(500), "not_a_report", "not_a_report",
         "no sign of a 政府信息公开工作年度报告"),
    Case("nested-divs-20000.html", lambda: b"<html><body>" + b"<div>" * 20000 + b"x", "unreadable",
         "limit_html_depth", "nest more than 4096 deep"),
    Case("attributes-100000.html", lambda: ("<html><body><div " + " ".join(
        f"a{i}='{i}'" for i in range(100_000)) + ">x</div></body></html>").encode(), "unreadable",
         "limit_html_attributes", "has 100000 attributes"),
    Case("table-100000-rows.html", big_table_report, "parsed", extra={"agency": AGENCY_HTML}),
    Case("huge-proactive-count.txt", lambda: seed_text().replace("主动公开政府信息145条", "主动公开政府信息"
                                                                 + "9" * 40 + "条").encode(),
         "parsed", "figure_out_of_range", "proactive_count read as 9999999999…(40 digits)",
         extra={"proactive_count": None}),
    Case("digits-run.txt", lambda: seed_text().replace("0\n", "0" * 2000 + "\n", 1).encode(),
         "partial", "unreadable_row", "no valid reading"),
    # archives handed to the parser (the store unpacks zips; the parser never does)
    Case("archive.zip", lambda: zip_of({"a.txt": b"hello"}), "not_a_report", "not_a_report",
         "a ZIP archive, not a DOCX"),
    Case("zip-bomb.zip", zip_bomb, "not_a_report", "not_a_report", "a ZIP archive, not a DOCX"),
    Case("zip-slip.zip", lambda: zip_of({"../../etc/evil.txt": b"x"}), "not_a_report",
         "not_a_report", "archives are not unpacked"),
    # PDFs
    Case("encrypted.pdf", encrypted_pdf, "unreadable", "unreadable", "encrypted and needs a password"),
    Case("image-only.pdf", image_pdf, "unreadable", "unreadable", "no text layer"),
    Case("truncated.pdf", lambda: report_bytes("p2022.pdf")[:len(report_bytes("p2022.pdf")) // 2],
         "unreadable", "unreadable", "PDF cannot be opened: it is corrupt"),
    Case("header-only.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "unreadable",
         "unreadable", "PDF cannot be opened"),
    # DOCX
    Case("not-a-zip.docx", lambda: b"PK\x03\x04" + b"garbage" * 100, "unreadable", "unreadable",
         "DOCX is corrupt: not a readable ZIP package"),
    Case("truncated.docx", lambda: report_bytes("r027.docx")[:len(report_bytes("r027.docx")) // 2],
         "unreadable", "unreadable", "DOCX is corrupt"),
    Case("workbook.docx", lambda: zip_of({"xl/workbook.xml": b"<workbook/>"}), "not_a_report",
         "not_a_report", "an Excel workbook, not a DOCX"),
    Case("text-named.docx", lambda: report_bytes(SEED), "parsed",
         extra={"agency": "遂宁市安居区商务局"}),
]

# Number forms in a table cell (t3.new_received.natural_person of r027.html, printed 26):
# form → (status, value read, warning code naming the cell or None, check that fails or None)
NUMBER_FORMS: dict[str, tuple[str, Optional[float], Optional[str], Optional[str]]] = {
    "26": ("parsed", 26, None, None),
    "1,234": ("parsed", 1234, None, "T3.row_sum"),
    "1，234": ("parsed", 1234, None, "T3.row_sum"),
    "１２３": ("parsed", 123, None, "T3.row_sum"),
    "２６": ("parsed", 26, None, None),
    "26.0": ("parsed", 26, None, None),
    "0026": ("parsed", 26, None, None),
    "26件": ("parsed", 26, None, None),
    "-5": ("parsed", -5, None, "T3.int"),            # kept as printed; the T3.int check flags it
    "—": ("parsed", 0, "blank_as_zero", "T3.row_sum"),
    "/": ("parsed", 0, "blank_as_zero", "T3.row_sum"),
    "-": ("parsed", 0, "blank_as_zero", "T3.row_sum"),
    "无": ("parsed", 0, "blank_as_zero", "T3.row_sum"),
    "": ("parsed", 0, "blank_as_zero", "T3.row_sum"),
    "1e9": ("partial", None, "missing_cells", None),
    "1 234": ("partial", None, "missing_cells", None),
    "二十六": ("partial", None, "missing_cells", None),
    "(26)": ("partial", None, "missing_cells", None),
    "N/A": ("partial", None, "missing_cells", None),
    "9" * 40: ("partial", None, "figure_out_of_range", None),     # found by fuzzing: crashed ingest
    "9" * 400: ("partial", None, "figure_out_of_range", None),    # found by fuzzing: OverflowError
}

# Publication dates: the form after 发布时间: → the ISO date read (None: not read)
DATE_FORMS: dict[str, Optional[str]] = {
    "2023-01-12": "2023-01-12",
    "2023-1-12": "2023-01-12",
    "2023/1/12": "2023-01-12",
    "2023/01/12": "2023-01-12",
    "2023年1月12日": "2023-01-12",
    "2023年01月12日": "2023-01-12",
    "2023 年 1 月 12 日": "2023-01-12",
    "2023.01.12": "2023-01-12",
    "２０２３年１月１２日": "2023-01-12",
}
DATE_FORMS_CHINESE_NUMERALS = {"二〇二三年一月十二日": "2023-01-12", "二〇二三年元月十二日": "2023-01-12"}


def write_all(folder: Path) -> dict[Path, str]:
    """Every catalogue case, number form and date form as a file in `folder`, with the parse
    status each must get."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[Path, str] = {}
    for i, case in enumerate(CASES):
        p = folder / f"{i:02d}-{case.name}"
        p.write_bytes(case.make())
        out[p] = case.status
    for i, (form, expected) in enumerate(NUMBER_FORMS.items()):
        p = folder / f"number-{i:02d}.html"
        p.write_bytes(html_with_cell(form))
        out[p] = expected[0]
    for i, form in enumerate({**DATE_FORMS, **DATE_FORMS_CHINESE_NUMERALS}):
        p = folder / f"date-{i:02d}.txt"
        p.write_bytes(seed_with_date(form))
        out[p] = "parsed"
    return out


def hostile_archives(folder: Path) -> list[Path]:
    """Archives for the store: a bomb whose headers lie, entries climbing out with ../ and /abs."""
    bomb = folder / "bomb.zip"
    bomb.write_bytes(zip_bomb(20 << 20))
    honest = folder / "honest-bomb.zip"
    honest.write_bytes(zip_of({"big.txt": b"0" * (20 << 20), "small.txt": b"1" * 1000}))
    slip = folder / "slip.zip"
    slip.write_bytes(zip_of({"../../etc/cron.d/evil.txt": b"x", "/abs/evil.txt": b"y",
                             "ok/../../evil3.txt": b"z", "fine/seed.txt": report_bytes(SEED) + b"\n"}))
    return [bomb, honest, slip]


def big_file(folder: Path, size: int = 100 << 20) -> Path:
    """A 100 MB text file (generated at test time, never committed): a report padded with text."""
    path = folder / "huge-100MB.txt"
    head = report_bytes(SEED)
    pad = ("政府信息公开工作年度报告 " * 1000).encode("utf-8")
    with path.open("wb") as fh:
        fh.write(head)
        left = size - len(head)
        while left > 0:
            fh.write(pad[:left])
            left -= len(pad)
    return path


def random_name() -> str:
    return os.urandom(4).hex()
