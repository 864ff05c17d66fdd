"""Readers (sniff → html / pdf / docx / text) over the real corpus and small made-up documents.

The readers only find rows and cells; the table parser maps them to figures. So these tests check the
shapes the parser relies on: a T3 data row ends in its 7 cells (blank cells kept as ""), the T4 data
row has 15 cells, and the same report read from HTML, DOCX and PDF gives the same data rows.
"""
from __future__ import annotations

import io
import random
import re
import zipfile

import pytest

from gongkai.parse import text as text_module
from gongkai.parse.html import read_html, squeeze
from gongkai.parse.sniff import read_document
from gongkai.parse.source import NotAReport, UnreadableDocument
from tests.conftest import corpus_dir, expected_for
from tests.reliability.hostile import encrypted_pdf

T3_COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
           "legal_service_org", "other_org", "total")
NUMERIC = re.compile(r"^-?\d+(\.\d+)?(元)?$")
_cache: dict[str, object] = {}


def read(name: str):
    if name not in _cache:
        _cache[name] = read_document((corpus_dir() / name).read_bytes(), name)
    return _cache[name]


def exact_rows(ex):
    return [[c.text for c in row] for row in ex.rows if row and row[0].exact]


def find_row(ex, prefix: str) -> list[str]:
    rows = [r for r in exact_rows(ex) if any(t.startswith(prefix) for t in r)]
    assert rows, f"no exact row starting with {prefix!r}"
    return rows[0]


def data_rows(ex, width: int) -> list[tuple[str, list[str]]]:
    """(label, last `width` cells) for rows whose last cells are numbers or blanks, at least one number."""
    out = []
    for row in exact_rows(ex):
        tail = row[-width:]
        label = next((t for t in reversed(row[:-width]) if t), "")
        if label and not NUMERIC.match(label) and all(NUMERIC.match(t) or t == "" for t in tail) \
                and any(tail):
            out.append((label, tail))
    return out


def as_number(cell: str):
    return 0 if cell == "" else (float(cell) if "." in cell else int(cell))


# --- the real corpus -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["r027.html", "r027.docx", "r027.pdf", "p2022.html", "p2022.pdf",
                                  "p2019.html"])
def test_t3_new_received_row_has_its_seven_cells(name):
    row = find_row(read(name), "一、本年新收政府信息公开申请数量")
    cells = expected_for(name)["cells"]
    assert [as_number(c) for c in row[-7:]] == [cells[f"t3.new_received.{k}"] for k in T3_COLS]
    assert all(NUMERIC.match(c) or c == "" for c in row[-7:])


@pytest.mark.parametrize("name", ["r027.html", "r027.docx", "r027.pdf"])
def test_blank_cells_are_kept_as_empty_strings(name):
    row = find_row(read(name), "一、本年新收政府信息公开申请数量")
    assert row[-7:] == ["26", "", "", "", "", "", "26"]


@pytest.mark.parametrize("name", ["r027.html", "r027.docx", "r027.pdf", "p2022.html", "p2022.pdf",
                                  "p2019.html"])
def test_t4_row_has_fifteen_cells(name):
    rows = [r for r in exact_rows(read(name)) if len(r) == 15 and all(NUMERIC.match(t) for t in r)]
    assert len(rows) == 1
    t4 = [v for k, v in expected_for(name)["cells"].items() if k.startswith("t4.")]
    assert [as_number(c) for c in rows[0]] == t4


@pytest.mark.parametrize("html, other", [("r027.html", "r027.docx"), ("r027.html", "r027.pdf"),
                                         ("p2022.html", "p2022.pdf")])
def test_docx_and_pdf_give_the_same_data_rows_as_html(html, other):
    """Every T3 row (label + 7 cells) and T2 row survives page breaks and merged cells unchanged."""
    for width in (7, 3, 1):
        assert data_rows(read(other), width) == data_rows(read(html), width), width


def test_t3_has_all_its_rows_in_the_pdf():
    labels = [label for label, _ in data_rows(read("p2022.pdf"), 7)]
    assert len(labels) == 25
    assert "7.属于行政执法案卷" in labels            # the last row before the page break
    assert "四、结转下年度继续办理" in labels
    rows = exact_rows(read("p2022.pdf"))
    assert ["三、本年度办理结果", "（一）予以公开", "21", "0", "0", "0", "0", "0", "21"] in rows


def test_merged_label_cells_appear_once_in_their_first_row():
    for name in ("r027.html", "r027.docx"):
        rows = exact_rows(read(name))
        assert sum(r.count("三、本年度办理结果") for r in rows) == 1
        assert ["（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", "", "0"] in rows
        assert ["2.其他法律行政法规禁止公开", "0", "", "", "", "", "", "0"] in rows


def test_p2019_yields_the_v2019_signature_cells():
    rows = exact_rows(read("p2019.html"))
    cells = {t for r in rows for t in r}
    assert {"本年新制作数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第（九）项",
            "政府集中采购", "其他对外管理服务事项"} <= cells
    assert ["政府集中采购", "135", "75394432.52元"] in rows
    # the label repeated mid-table where the source split the table (docs/report-format.md §6.14) stays in its row
    assert find_row(read("p2019.html"), "三、本年度办理结果")[:2] == ["三、本年度办理结果", "（一）予以公开"]


def test_p2015_old_style_table():
    assert ["主动公开文件数", "条", "2949", "81916"] in exact_rows(read("p2015.html"))


def test_narrative_comes_as_loose_lines_in_order():
    for name, needle in [("r027.html", "全年共审核发布各类公开政府信息249条"),
                         ("r027.docx", "全年共审核发布各类公开政府信息249条"),
                         ("r027.pdf", "249条，其中：发布行政公文"),
                         ("p2022.pdf", "2022年全区共主动公开政府信息14571条")]:
        ex = read(name)
        hits = [i for i, row in enumerate(ex.rows) if needle in row[0].text]
        assert hits and not ex.rows[hits[0]][0].exact, name
        assert len(ex.rows[hits[0]]) == 1
        assert re.fullmatch(r"(page \d+ )?line \d+", ex.rows[hits[0]][0].where)
        # narrative before tables: the 249 sentence precedes the T2 table
        t2 = next(i for i, row in enumerate(ex.rows) if row[0].text == "第二十条第（一）项")
        assert hits[0] < t2, name


def test_script_style_and_head_text_are_dropped():
    text = read("p2022.html").text
    assert "function" not in text and "{" not in text and "var " not in text


def test_titles_and_meta():
    p2022 = read("p2022.html")
    assert p2022.title_hint == "平潭综合实验区2022年度政府信息公开工作年度报告"       # meta ArticleTitle
    assert p2022.meta["PubDate"] == "2023-02-20 15:07"
    assert p2022.media_type == "text/html" and p2022.encoding == "utf-8"
    assert read("r027.html").title_hint == "沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局"
    assert read("r027.pdf").media_type == "application/pdf"
    assert read("r027.pdf").title_hint.startswith("沭阳县发展和改革局2023年")
    assert read("r027.docx").media_type.endswith("wordprocessingml.document")
    assert ["发布机构", "沭阳县发展和改革局", "公开日期", "2024-01-17"] in exact_rows(read("r027.docx"))


def test_cell_provenance():
    row = read("p2022.pdf").rows
    t3 = next(r for r in row if r[0].text == "一、本年新收政府信息公开申请数量")
    assert re.fullmatch(r"page \d+ table \d+ row \d+ col 1", t3[0].where)
    html = next(r for r in read("r027.html").rows if r[0].text == "一、本年新收政府信息公开申请数量")
    assert [c.where for c in html[:2]] == ["table 3 row 4 col 1", "table 3 row 4 col 2"]


# --- encodings -------------------------------------------------------------------------------------

def _shape(ex):
    return [[(c.text, c.exact) for c in row] for row in ex.rows]


def test_gb18030_page_with_a_wrong_utf8_declaration_decodes_identically():
    raw = (corpus_dir() / "p2022.html").read_bytes()
    gbk = raw.decode("utf-8").encode("gb18030")          # the page still says <meta charset="utf-8">
    ex = read_document(gbk, "p2022.html")
    assert ex.encoding == "gb18030"
    assert _shape(ex) == _shape(read("p2022.html"))


def test_declared_gbk_charset_is_honoured_and_widened_to_gb18030():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '<title>年报</title></head><body><table><tr><td>一、本年新收</td><td>5</td></tr></table>'
            '<p>镕</p></body></html>')                    # 镕 is GBK-only, not in GB2312
    ex = read_document(page.encode("gb18030"))
    assert ex.encoding == "gb18030"
    assert [[c.text for c in r] for r in ex.rows] == [["一、本年新收", "5"], ["镕"]]


def test_utf8_bom_is_removed():
    page = "<html><body><p>本年新收</p></body></html>"
    ex = read_document(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert ex.rows[0][0].text == "本年新收"


def _record_text_calls(monkeypatch):
    calls = []

    def fake(text, media_type="text/plain", encoding=None):
        calls.append((text, media_type, encoding))
        return text_module.Extracted(media_type=media_type, encoding=encoding)
    monkeypatch.setattr(text_module, "read_text", fake)
    return calls


@pytest.mark.parametrize("name, media_type", [("r004.txt", "text/plain"), ("r001.md", "text/markdown"),
                                              ("000_871f94abbc050ee9.txt", "text/plain")])
def test_text_documents_go_to_the_text_reader(monkeypatch, name, media_type):
    calls = _record_text_calls(monkeypatch)
    raw = (corpus_dir() / name).read_bytes()
    read_document(raw, name)
    read_document(raw.decode("utf-8").encode("gb18030"), name)     # GBK text decodes identically
    assert len(calls) == 2 and calls[0][0] == calls[1][0] == raw.decode("utf-8")
    assert calls[0][1] == media_type and calls[0][2] == "utf-8" and calls[1][2] == "gb18030"


def test_markdown_is_recognised_by_content(monkeypatch):
    calls = _record_text_calls(monkeypatch)
    read_document("## 表二：主动公开\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n".encode())
    assert calls[0][1] == "text/markdown"


# --- HTML details ------------------------------------------------------------------------------------

def test_html_cells_join_spans_keep_blanks_and_do_not_expand_spans():
    page = """<html><body><script>var x = "<td>no</td>";</script><style>td{}</style>
      <p>根据<span>《条例》</span>要求，<br>现向社会公布</p>
      <table><tr><td rowspan="2"><p><span>三</span><span>、本年度</span></p><p>办理结果</p></td>
                 <td colspan="3"><span>一</span><span>、本年新收</span></td><td>&nbsp;</td>
                 <td><o:p></o:p></td><td>商业<br/>企业</td><td>(三) 不予公开</td></tr>
             <tr><td>7</td></tr></table>
      <div style="display: none">隐藏</div><div>六、其他 需要报告</div></body></html>"""
    ex = read_html(page, "utf-8")
    rows = [[(c.text, c.exact) for c in r] for r in ex.rows]
    assert rows == [
        [("根据《条例》要求，", False)], [("现向社会公布", False)],
        [("三、本年度办理结果", True), ("一、本年新收", True), ("", True), ("", True), ("商业企业", True),
         ("(三) 不予公开", True)],
        [("7", True)],
        [("六、其他需要报告", False)]]
    assert ex.rows[2][1].where == "table 1 row 1 col 2" and ex.rows[4][0].where == "line 3"


def test_table_caption_is_a_loose_line_before_the_rows():
    ex = read_html("<table><caption>表二：主动公开</caption><tr><th>规章</th><td>0</td></tr></table>", None)
    assert [[(c.text, c.exact) for c in r] for r in ex.rows] == [
        [("表二：主动公开", False)], [("规章", True), ("0", True)]]


def test_nested_tables_are_read_once():
    page = """<table><tr><td><p>一、总体情况</p>
        <table><tr><td>规章</td><td>0</td></tr></table><p>尾</p></td><td>右</td></tr></table>"""
    ex = read_html(page, None)
    assert [[c.text for c in r] for r in ex.rows] == [["一、总体情况"], ["规章", "0"], ["尾"], ["右"]]
    assert ex.text.count("规章") == 1


def test_title_fallbacks():
    assert read_html('<html><head><meta property="og:title" content="甲"><title>乙</title></head></html>',
                     None).title_hint == "甲"
    assert read_html("<html><head><title> 乙 </title></head><body>x</body></html>", None).title_hint == "乙"
    assert read_html("<p>x</p>", None).title_hint is None


def test_squeeze():
    assert squeeze(" 社 会\n公 益\n组织 ") == "社会公益组织"
    assert squeeze("（ 三 ） 不\n予公开") == "（三）不予公开"
    assert squeeze("2. 其他 2022年\n12月 abc\ndef") == "2. 其他 2022年 12月 abc def"
    assert squeeze("本年\u200b新收\ufeff") == "本年新收"


def test_deeply_nested_markup_does_not_overflow():
    ex = read_html("<div>" * 5000 + "深" + "</div>" * 5000, None)
    assert ex.rows[0][0].text == "深"


# --- PDF geometry (small PDFs drawn with pdfium) ------------------------------------------------------

def _drawn_pdf(texts, rules, background=None, size=(300, 300)) -> bytes:
    """A one-page PDF: Helvetica `texts` [(x, top, str)], stroked `rules` [((x0, y0), (x1, y1))] and an
    optional filled `background` (x, top, w, h), all in top-left coordinates."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(*size)
    height = size[1]
    if background:
        x, top, w, h = background
        rect = raw.FPDFPageObj_CreateNewRect(x, height - top - h, w, h)
        raw.FPDFPageObj_SetFillColor(rect, 230, 230, 230, 255)
        raw.FPDFPath_SetDrawMode(rect, raw.FPDF_FILLMODE_ALTERNATE, False)
        raw.FPDFPage_InsertObject(page.raw, rect)
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for x, top, string in texts:
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
        wide = ctypes.create_string_buffer((string + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - top - 10)
        raw.FPDFPage_InsertObject(page.raw, obj)
    for (x0, y0), (x1, y1) in rules:
        path = raw.FPDFPageObj_CreateNewPath(x0, height - y0)
        raw.FPDFPath_LineTo(path, x1, height - y1)
        raw.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
        raw.FPDFPageObj_SetStrokeWidth(path, 1)
        raw.FPDFPath_SetDrawMode(path, 0, True)
        raw.FPDFPage_InsertObject(page.raw, path)
    raw.FPDFPage_GenerateContent(page.raw)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("background", [None, (10, 10, 280, 280)])
def test_pdf_table_cut_by_a_page_break_keeps_its_last_row(background):
    """No rule under the last row (the table continues overleaf), a number wrapped in a narrow cell,
    a page-wide background box: the rows still come out cell by cell, between the loose lines."""
    columns = [20, 120, 180, 260]
    rules = [((20, 50), (260, 50)), ((20, 80), (260, 80))] + [((x, 50), (x, 120)) for x in columns]
    texts = [(25, 20, "before"), (25, 55, "label A"), (125, 55, "1"), (185, 55, "2"),
             (25, 85, "label B"), (125, 85, "123"), (125, 97, "456"), (185, 85, "7"), (25, 150, "after")]
    ex = read_document(_drawn_pdf(texts, rules, background))
    assert [[(c.text, c.exact) for c in r] for r in ex.rows] == [
        [("before", False)],
        [("label A", True), ("1", True), ("2", True)],
        [("label B", True), ("123456", True), ("7", True)],
        [("after", False)]]
    assert ex.rows[2][1].where == "page 1 table 1 row 2 col 2"


def test_lone_vertical_bars_do_not_make_a_table():
    rules = [((x, 40), (x, 200)) for x in (20, 150, 280)]          # decorative column bars, no rows
    ex = read_document(_drawn_pdf([(30, 50, "narrative 1"), (160, 70, "narrative 2")], rules))
    assert [[(c.text, c.exact) for c in r] for r in ex.rows] == [[("narrative 1", False)],
                                                                 [("narrative 2", False)]]


# --- what is not a report, and what cannot be read ----------------------------------------------------

def _image_pdf(pages: int) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    images = [Image.new("RGB", (600, 800), "white") for _ in range(pages)]
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def test_image_only_pdf_is_unreadable():
    with pytest.raises(UnreadableDocument, match="3 pages but no text layer.*OCR is not supported"):
        read_document(_image_pdf(3), "scan.pdf")


def test_blank_pdf_is_unreadable():
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    with pytest.raises(UnreadableDocument, match="no text"):
        read_document(buf.getvalue())


def test_encrypted_pdf_is_unreadable():
    with pytest.raises(UnreadableDocument, match="encrypted"):
        read_document(encrypted_pdf())


@pytest.mark.parametrize("data", [b"%PDF-1.4\ngarbage\n", None])
def test_corrupt_pdf_is_unreadable(data):
    data = data or (corpus_dir() / "r027.pdf").read_bytes()[:5000]     # truncated download
    with pytest.raises(UnreadableDocument, match="corrupt"):
        read_document(data, "x.pdf")


def test_corrupt_docx_is_unreadable():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<not xml")
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(UnreadableDocument, match="DOCX"):
        read_document(buf.getvalue(), "report.docx")
    with pytest.raises(UnreadableDocument, match="DOCX"):             # truncated download of a .docx
        read_document((corpus_dir() / "r027.docx").read_bytes()[:4000], "report.docx")


def _png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, "PNG")
    return buf.getvalue()


def _plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("report.txt", "一、本年新收 26")
    return buf.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b" \n\t\r\n", "empty"), (b"\xef\xbb\xbf  \n", "empty"),
    (random.Random(7).randbytes(5000), "binary"), (random.Random(8).randbytes(64), "binary"),
    (_png(), "PNG image"), (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
    (_plain_zip(), "not a DOCX"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy Office"),
])
def test_not_a_report(data, message):
    with pytest.raises(NotAReport, match=message):
        read_document(data, "upload.bin")
