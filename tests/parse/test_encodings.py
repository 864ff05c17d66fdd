"""Decoding Chinese pages (issue #13 §1): one deterministic rule, gongkai.parse.encoding, for the parser
and harvest. Every page here is built in the test: a small report-shaped page (title, a table-2 block)
in GB2312, GBK, GB18030 and Big5, declared rightly, wrongly, or not at all, in each declaration form."""
from __future__ import annotations

import sys

import pytest

from gongkai.harvest import decode_html
from gongkai.parse import encoding, parse_bytes
from gongkai.parse.encoding import decode, decode_text, declared_charsets, looks_chinese

SIMPLIFIED = "青山县教育局"
TRADITIONAL = "青山縣教育局"


def report_page(agency: str, traditional: bool = False, extra: str = "", head: str = "",
                prolog: str = "") -> str:
    """A small page shaped like a v2021 report: title, heading, the table-2 caption and two rows."""
    words = dict(report="政府信息公開工作年度報告", caption="第二十條第（一）項", content="信息內容",
                 issued="本年制發件數", repealed="本年廢止件數", in_force="現行有效件數", rules="規章",
                 normative="行政規範性文件", proactive="二、主動公開政府信息情況",
                 note="本報告由{a}編制，數據統計期限為2023年1月1日至12月31日。") if traditional else \
        dict(report="政府信息公开工作年度报告", caption="第二十条第（一）项", content="信息内容",
             issued="本年制发件数", repealed="本年废止件数", in_force="现行有效件数", rules="规章",
             normative="行政规范性文件", proactive="二、主动公开政府信息情况",
             note="本报告由{a}编制，数据统计期限为2023年1月1日至12月31日。")
    title = f"{agency}2023年{words['report']}"
    return f"""{prolog}<html><head>{head}<title>{title}</title></head><body>
<h1>{title}</h1>
<p>{words['note'].format(a=agency)}{extra}</p>
<p>{words['proactive']}</p>
<table>
<tr><td colspan="4">{words['caption']}</td></tr>
<tr><td>{words['content']}</td><td>{words['issued']}</td><td>{words['repealed']}</td>\
<td>{words['in_force']}</td></tr>
<tr><td>{words['rules']}</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>{words['normative']}</td><td>3</td><td>1</td><td>12</td></tr>
</table></body></html>"""


# name: (codec used to write the page, traditional script?, a character only that encoding has,
#        the declared label that is right, the codec the parser must report)
PAGES = {
    "gb2312": ("gb2312", False, "", "gb2312", "gb18030"),
    "gbk": ("gbk", False, "联系人：李堃、王镕", "gbk", "gb18030"),           # 堃 镕: GBK, not GB2312
    "gb18030": ("gb18030", False, "联系人：王𠀀、张㐀", "gb18030", "gb18030"),  # Ext B / Ext A: not in GBK
    "big5": ("big5", True, "", "big5", "big5"),
}
WRONG = {"gb2312": ["utf-8", "iso-8859-1", "big5", "shift_jis"],
         "gbk": ["utf-8", "iso-8859-1", "big5", "windows-1252"],
         "gb18030": ["utf-8", "iso-8859-1", "big5", "euc-kr"],
         "big5": ["utf-8", "iso-8859-1", "gbk", "gb2312"]}
FORMS = {
    "meta-charset": lambda label: dict(head=f'<meta charset="{label}">'),
    "meta-http-equiv": lambda label: dict(head=f'<meta http-equiv="Content-Type" '
                                               f'content="text/html; charset={label}">'),
    "xml-declaration": lambda label: dict(prolog=f'<?xml version="1.0" encoding="{label}"?>\n'),
}


def build(name: str, **markup) -> bytes:
    codec, traditional, extra, _, _ = PAGES[name]
    agency = TRADITIONAL if traditional else SIMPLIFIED
    data = report_page(agency, traditional, extra, **markup).encode(codec)
    assert data.decode(codec) == report_page(agency, traditional, extra, **markup)   # encodable as is
    return data


def cases():
    """(id, bytes, page name): every page with its right declaration in each form, each wrong one,
    and none."""
    out = []
    for name, (_, _, _, right, _) in PAGES.items():
        out.append((f"{name}-undeclared", build(name), name))
        for form, markup in FORMS.items():
            out.append((f"{name}-{form}-right", build(name, **markup(right)), name))
            for wrong in WRONG[name]:
                out.append((f"{name}-{form}-wrong-{wrong}", build(name, **markup(wrong)), name))
    return out


CASES = cases()


def expect(name: str) -> tuple[str, str, str]:
    codec, traditional, extra, _, reported = PAGES[name]
    return (TRADITIONAL if traditional else SIMPLIFIED), extra, reported


def assert_report(data: bytes, agency: str, reported: str) -> None:
    report = parse_bytes(data, "x.html")
    assert report.status in ("parsed", "partial"), [(w.code, w.detail) for w in report.warnings]
    # the agency keeps its printed script, or is folded to Simplified: either way it was decoded
    assert report.agency in (agency, SIMPLIFIED) and report.year == 2023
    assert report.source.encoding == reported
    assert report.cells["t2.normative_documents.in_force"] == 12
    assert report.cells["t2.normative_documents.issued"] == 3


@pytest.mark.parametrize("case_id, data, name", CASES, ids=[c[0] for c in CASES])
def test_page_decodes_to_its_chinese_text_and_is_read(case_id, data, name):
    agency, extra, reported = expect(name)
    text, enc = decode_text(data)
    assert enc == reported
    assert agency in text and extra in text and "\ufffd" not in text
    assert_report(data, agency, reported)


@pytest.mark.parametrize("name", PAGES)
def test_http_header_charset_via_harvest(name):
    _, _, _, right, reported = PAGES[name]
    agency, extra, _ = expect(name)
    undeclared = build(name)
    for header in (right, right.upper(), f"text/html; charset={right}"):
        for fn in (decode_html, decode_text):
            text, enc = fn(undeclared, header)
            assert enc == reported and agency in text and extra in text
    # a right header beats a wrong <meta>, and a wrong header gives way to the right <meta>
    wrong_meta = build(name, **FORMS["meta-charset"]("utf-8"))
    text, enc = decode_html(wrong_meta, right)
    assert enc == reported and agency in text
    for wrong in WRONG[name]:
        text, enc = decode_html(build(name, **FORMS["meta-http-equiv"](right)), wrong)
        assert enc == reported and agency in text and extra in text
        text, enc = decode_html(undeclared, wrong)
        assert enc == reported and agency in text


@pytest.mark.parametrize("declared", [None, "utf-8", "gbk", "big5", "iso-8859-1"])
def test_utf8_with_and_without_bom(declared):
    head = f'<meta charset="{declared}">' if declared else ""
    page = report_page(SIMPLIFIED, extra="联系人：王𠀀", head=head)
    utf8 = page.encode("utf-8")
    for data, reported in ((utf8, "utf-8"), (b"\xef\xbb\xbf" + utf8, "utf-8-sig")):
        text, enc = decode_text(data)
        assert (text, enc) == (page, reported)
        assert decode_html(data) == (page, reported)
        assert_report(data, SIMPLIFIED, reported)


@pytest.mark.parametrize("label", ["iso-8859-1", "iso-8859-5", "windows-1251", "koi8-r"])
def test_a_declared_charset_that_decodes_but_yields_no_chinese_is_passed_over(label):
    """Single-byte charsets decode any bytes cleanly (ISO-8859-5 is what charset-normalizer 3.5
    guesses for GBK pages); the result holds no hanzi, so the declaration is not believed."""
    utf8 = report_page(SIMPLIFIED, head=f'<meta charset="{label}">').encode("utf-8")
    assert utf8.decode(label)                        # it does decode cleanly
    assert decode_text(utf8) == (utf8.decode("utf-8"), "utf-8")
    assert_report(utf8, SIMPLIFIED, "utf-8")
    gbk = build("gbk", **FORMS["meta-charset"](label))
    assert decode_text(gbk)[1] == "gb18030"
    assert decode_text(gbk, label)[1] == "gb18030"   # nor as an HTTP header


def test_a_clean_but_mojibake_declaration_is_passed_over():
    """Big5 bytes are all valid GBK pairs: declared gbk, a Big5 page decodes cleanly as GB18030
    into nonsense, which the Chinese check rejects."""
    data = build("big5", **FORMS["meta-charset"]("gbk"))
    mojibake = data.decode("gb18030")                # strict: no error
    assert not looks_chinese(mojibake) and TRADITIONAL not in mojibake
    assert decode_text(data)[1] == "big5"


def test_looks_chinese():
    simplified = report_page(SIMPLIFIED, extra="联系人：李堃")
    traditional = report_page(TRADITIONAL, traditional=True)
    assert looks_chinese(simplified) and looks_chinese(traditional)
    assert not looks_chinese("<html><body>annual report 2023</body></html>")
    assert not looks_chinese("Привет, мир — это не китайский текст")
    assert not looks_chinese(traditional.encode("big5").decode("gb18030"))
    assert not looks_chinese(simplified.encode("gbk").decode("big5", errors="replace"))
    assert not looks_chinese(simplified.encode("utf-8").decode("gb18030", errors="replace"))


def test_declarations_are_found_in_every_form():
    data = (b'<?xml version="1.0" encoding="GB2312"?><html><head><meta charset=\'gbk\'>'
            b'<meta http-equiv="content-type" content="text/html;charset=big5"></head></html>')
    assert declared_charsets(data, "text/html; charset=UTF-8") == ["UTF-8", "GB2312", "gbk", "big5"]
    assert encoding.python_codec("GB2312") == encoding.python_codec("x-gbk") == "gb18030"
    assert encoding.python_codec("cp936") == "gb18030" and encoding.python_codec("no-such") is None


def test_a_gbk_page_cut_inside_its_last_character_is_read_with_a_warning():
    data = build("gbk")[: -len("</table></body></html>")] + "报告".encode("gbk")[:-1]
    got = decode(data)
    assert got.encoding == "gb18030" and got.text.endswith("报\ufffd")
    assert got.note[0] == "truncated_character" and "incomplete gb18030 character" in got.note[1]
    assert parse_bytes(data, "x.html").source.encoding == "gb18030"


class _WrongDetector:
    """What charset-normalizer 3.5.3 does to GBK pages: reads them as Cyrillic."""
    encoding = "iso8859_5"

    def best(self):
        return self


@pytest.mark.parametrize("mode", ["detector-raises", "detector-wrong", "package-missing"])
def test_the_result_does_not_depend_on_the_detector(monkeypatch, mode):
    samples = [(cid, data) for cid, data, _ in CASES]
    samples += [("utf8", report_page(SIMPLIFIED).encode("utf-8")),
                ("utf8-bom", b"\xef\xbb\xbf" + report_page(SIMPLIFIED).encode("utf-8"))]
    before = {cid: (decode_text(data), parse_bytes(data, "x.html").to_dict()) for cid, data in samples}
    if mode == "detector-raises":
        def boom(data):
            raise AssertionError("the detector was consulted")
        monkeypatch.setattr(encoding, "_detect", boom)
    elif mode == "detector-wrong":
        import charset_normalizer
        monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, *a, **k: _WrongDetector())
    else:
        monkeypatch.setitem(sys.modules, "charset_normalizer", None)     # import fails
    for cid, data in samples:
        assert (decode_text(data), parse_bytes(data, "x.html").to_dict()) == before[cid], cid
        assert decode_html(data) == before[cid][0], cid


def test_the_detector_and_the_fallback_never_raise(monkeypatch):
    import charset_normalizer

    def broken(data, *a, **k):
        raise RuntimeError("detector bug")
    monkeypatch.setattr(charset_normalizer, "from_bytes", broken)
    mixed = "政府信息公开".encode("utf-8") + "工作年度报告".encode("gbk") + b" \xff\xfe"
    got = decode(mixed)
    assert got.fallback and got.note[0] == "mixed_encoding" and "工作年度报告" in got.text
    assert decode_text(b"caf\xe9 \x81") and decode_html(b"\x80\x81\x82 \xff")
