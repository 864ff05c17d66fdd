"""Header and label variants of tables 2–4 (issue #13 §3, docs/report-format.md §6.23–6.28).

Every document here is constructed in this file: a small report with its three tables, printed in
four shapes — an HTML table, pipe (markdown) rows, flattened text lines (a row's cells joined on one
line) and one cell per line — with the variant under test put in. Each figure must be read as
printed, or stay null with a warning; a value that is filled in (a row placed by its position) is
named by a warning.
"""
from __future__ import annotations

import html as _html
import re

import pytest

from gongkai.parse import parse_bytes
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS
from gongkai.parse.source import Cell
from gongkai.parse.tables import TableReader

SHAPES = ("html", "pipe", "lines", "cells")

# ---------------------------------------------------------------- the documents
TITLE = "某某县某某局2023年政府信息公开工作年度报告"
OPENING = ["一、总体情况", "本局依法做好政府信息公开工作，全年行政许可办理顺利。"]

T2_2021 = [
    ["二、主动公开政府信息情况"],
    ["第二十条第（一）项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "1", "0", "5"],
    ["行政规范性文件", "12", "3", "40"],
    ["第二十条第（五）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政许可", "1234567"],
    ["第二十条第（六）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政处罚", "890"],
    ["行政强制", "7"],
    ["第二十条第（八）项"],
    ["信息内容", "本年收费金额（单位：万元）"],
    ["行政事业性收费", "35.6"],
]
T2_2021_CELLS = {
    "t2.regulations.issued": 1, "t2.regulations.repealed": 0, "t2.regulations.in_force": 5,
    "t2.normative_documents.issued": 12, "t2.normative_documents.repealed": 3,
    "t2.normative_documents.in_force": 40, "t2.administrative_license.decisions": 1234567,
    "t2.administrative_penalty.decisions": 890, "t2.administrative_compulsion.decisions": 7,
    "t2.administrative_fees.amount_wan_yuan": 35.6,
}

T2_2019 = [
    ["二、主动公开政府信息情况"],
    ["第二十条第（一）项"],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "0", "0", "3"],
    ["规范性文件", "6", "6", "58"],
    ["第二十条第（五）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "215", "-8", "12345678"],
    ["其他对外管理服务事项", "40", "2", "654321"],
    ["第二十条第（六）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "1020", "15", "2345678"],
    ["行政强制", "33", "0", "4567"],
    ["第二十条第（八）项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "9", "-1"],
    ["第二十条第（九）项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "14", "1234567.5"],
]
T2_2019_CELLS = {
    "t2.regulations.new_made": 0, "t2.regulations.new_published": 0,
    "t2.regulations.total_published": 3,
    "t2.normative_documents.new_made": 6, "t2.normative_documents.new_published": 6,
    "t2.normative_documents.total_published": 58,
    "t2.administrative_license.prior_year_items": 215,
    "t2.administrative_license.items_change": -8,
    "t2.administrative_license.decisions": 12345678,
    "t2.other_external_services.prior_year_items": 40,
    "t2.other_external_services.items_change": 2,
    "t2.other_external_services.decisions": 654321,
    "t2.administrative_penalty.prior_year_items": 1020,
    "t2.administrative_penalty.items_change": 15,
    "t2.administrative_penalty.decisions": 2345678,
    "t2.administrative_compulsion.prior_year_items": 33,
    "t2.administrative_compulsion.items_change": 0,
    "t2.administrative_compulsion.decisions": 4567,
    "t2.administrative_fees.prior_year_items": 9, "t2.administrative_fees.items_change": -1,
    "t2.centralized_procurement.procurement_projects": 14,
    "t2.centralized_procurement.procurement_amount": 1234567.5,
}

T3_HEAD = [
    ["三、收到和处理政府信息公开申请情况"],
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]
# (group cell, row label, figures): a consistent table 3 (balance and results sums hold).
T3_ROWS_HEAD = [
    ("", "一、本年新收政府信息公开申请数量", "9 2 0 0 1 0 12"),
    ("", "二、上年结转政府信息公开申请数量", "1 0 0 0 0 0 1"),
    ("三、本年度办理结果", "（一）予以公开", "5 1 0 0 1 0 7"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1 0 0 0 0 0 1"),
    ("（三）不予公开", "1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("", "2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("", "3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("", "4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("", "5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("", "6.属于四类过程性信息", "1 0 0 0 0 0 1"),
    ("", "7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("", "8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "2 1 0 0 0 0 3"),
    ("", "2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("", "3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("（五）不予处理", "1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("", "2.重复申请", "0 0 0 0 0 0 0"),
    ("", "3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("", "4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("", "5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
]
T3_OTHER_2021 = [
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "0 0 0 0 0 0 0"),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "0 0 0 0 0 0 0"),
    ("", "3.其他", "0 0 0 0 0 0 0"),
]
T3_OTHER_2019 = [("", "（六）其他处理", "0 0 0 0 0 0 0")]
T3_TAIL = [("", "（七）总计", "9 2 0 0 1 0 12"), ("", "四、结转下年度继续办理", "1 0 0 0 0 0 1")]
T4 = [
    ["四、政府信息公开行政复议、行政诉讼情况"],
    ["行政复议", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
    ["1", "1", "0", "0", "2", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"],
]
T4_VALUES = [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
CLOSING = [["五、存在的主要问题及改进情况"], ["无。"], ["六、其他需要报告的事项"], ["无。"]]


def t3_rows(version: str, head=T3_HEAD, rows=None) -> list[list[str]]:
    body = rows if rows is not None else (
        T3_ROWS_HEAD + (T3_OTHER_2021 if version == "v2021" else T3_OTHER_2019) + T3_TAIL)
    return head + [([g] if g else []) + [label] + figs.split() for g, label, figs in body]


def t3_expected(version: str) -> dict[str, int]:
    body = T3_ROWS_HEAD + (T3_OTHER_2021 if version == "v2021" else T3_OTHER_2019) + T3_TAIL
    keys = [r.key for r in FORMATS[version].t3_rows]
    out = {}
    for key, (_, _, figs) in zip(keys, body):
        for col, v in zip(T3_COLS, figs.split()):
            out[f"t3.{key}.{col}"] = int(v)
    return out


def document(t2: list[list[str]], version: str = "v2021", t3=None, t4=None) -> list[list[str]]:
    return ([[TITLE]] + [[p] for p in OPENING] + t2 + (t3 if t3 is not None else t3_rows(version))
            + (t4 if t4 is not None else T4) + CLOSING)


def render(rows: list[list[str]], shape: str) -> bytes:
    """The same rows printed as an HTML table, pipe rows, flattened lines or one cell per line.
    One-cell rows are paragraphs/lines in every shape."""
    if shape == "html":
        out = [f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"]
        in_table = False
        for row in rows:
            if len(row) == 1 and not (row[0].strip() and row[0].replace(".", "").isdigit()):
                if in_table:
                    out.append("</table>")
                    in_table = False
                out.append(f"<p>{_html.escape(row[0])}</p>")
                continue
            if not in_table:
                out.append("<table border='1'>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in row) + "</tr>")
        if in_table:
            out.append("</table>")
        out.append("</body></html>")
        return "\n".join(out).encode("utf-8")
    if shape == "pipe":
        lines = [("| " + " | ".join(row) + " |") if len(row) > 1 else row[0] for row in rows]
    elif shape == "lines":
        lines = [" ".join(c for c in row if c) for row in rows]
    elif shape == "cells":
        lines = [c for row in rows for c in row if c]
    else:
        raise ValueError(shape)
    return "\n".join(lines).encode("utf-8")


def parse(rows: list[list[str]], shape: str):
    name = "report.html" if shape == "html" else "report.md" if shape == "pipe" else "report.txt"
    return parse_bytes(render(rows, shape), name)


def codes(report) -> list[str]:
    return [w.code for w in report.warnings]


def warning_text(report, code: str) -> str:
    return " | ".join(w.detail for w in report.warnings if w.code == code)


def assert_cells(report, expected: dict) -> None:
    got = {k: report.cells.get(k) for k in expected}
    assert got == expected


def replace(rows: list[list[str]], old: str, new: str) -> list[list[str]]:
    return [[new if c == old else c for c in row] for row in rows]


# ---------------------------------------------------------------- the baseline
@pytest.mark.parametrize("shape", SHAPES)
def test_the_constructed_report_reads_whole_in_every_shape(shape):
    report = parse(document(T2_2021), shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)
    assert_cells(report, t3_expected("v2021"))
    assert [report.cells[f"t4.cases.{c}"] for c in T4_COLS] == T4_VALUES
    assert report.status == "parsed", [(w.code, w.detail) for w in report.warnings]


# ---------------------------------------------------------------- table-2 header variants
HEADER_VARIANTS = [
    ("本年制发件数", "本年发件"),
    ("现行有效件数", "现行有效件"),
    ("本年制发件数", "本年(2023)制发件数"),
    ("本年制发件数", "本年（2023年）制发件数"),
    ("本年收费金额（单位：万元）", "本年收费金额单位:万元"),
    ("本年收费金额（单位：万元）", "本年收费金额 单位：万元"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("old,new", HEADER_VARIANTS)
def test_t2_header_variants_read_the_same_figures(shape, old, new):
    report = parse(replace(document(T2_2021), old, new), shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)
    assert "extra_row" not in codes(report)


@pytest.mark.parametrize("shape", SHAPES)
def test_all_t2_header_variants_at_once_without_table_3_still_read_as_v2021(shape):
    """No canonical v2021 header is left and no table 3 carries the 其他处理 signature: the header
    variants themselves must tell the format."""
    t2 = document(T2_2021)
    for old, new in (("本年制发件数", "本年(2023)制发件数"), ("现行有效件数", "现行有效件"),
                     ("本年收费金额（单位：万元）", "本年收费金额单位:万元")):
        t2 = replace(t2, old, new)
    report = parse(t2, shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)


@pytest.mark.parametrize("shape", SHAPES)
def test_v2021_headers_without_fees_header_tell_the_format(shape):
    rows = replace(replace(replace(document(T2_2021, t3=[]), "本年制发件数", "本年发件"),
                           "现行有效件数", "现行有效件"), "本年收费金额（单位：万元）", "本年收费金额单位:万元")
    report = parse([r for r in rows if "收费金额" not in r[-1]] , shape)
    assert report.format_version == "v2021"


@pytest.mark.parametrize("shape", SHAPES)
def test_normative_documents_without_xingzheng_in_a_v2021_table(shape):
    report = parse(replace(document(T2_2021), "行政规范性文件", "规范性文件"), shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)


# ---------------------------------------------------------------- captions without item numbers
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("lost", ["第二十条第", "第二十条第项", "第二十条第（）项"])
def test_captions_whose_item_numbers_were_lost(shape, lost):
    rows = [[lost] if len(r) == 1 and r[0].startswith("第二十条第") else r for r in document(T2_2021)]
    report = parse(rows, shape)
    assert_cells(report, T2_2021_CELLS)
    # and without the 主动公开 heading either: the caption alone opens table 2
    report = parse([r for r in rows if r != ["二、主动公开政府信息情况"]], shape)
    assert_cells(report, T2_2021_CELLS)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_narrative_article_reference_does_not_open_table_2(shape):
    """`第二十条第一款` in a sentence is no caption: the narrative's 行政许可 figure is no cell."""
    rows = document(T2_2021)
    rows = rows[:2] + [["根据《条例》第二十条第一款规定，行政许可 99 件已公开。"]] + rows[2:]
    rows = [r for r in rows if not (len(r) == 1 and r[0].startswith("第二十条第（"))]
    rows = [r for r in rows if r != ["二、主动公开政府信息情况"]]
    report = parse(rows, shape)
    assert report.cells["t2.administrative_license.decisions"] != 99


# ---------------------------------------------------------------- Traditional-character pages
def traditional(rows: list[list[str]]) -> list[list[str]]:
    import opencc
    conv = opencc.OpenCC("s2t")
    return [[conv.convert(c) for c in row] for row in rows]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("version", ["v2021", "v2019"])
def test_traditional_character_pages_read_like_simplified(shape, version):
    rows = traditional(document(T2_2021 if version == "v2021" else T2_2019, version))
    printed = "".join(c for row in rows for c in row)
    words = ["規章", "行政許可", "結轉下年度繼續辦理", "不予公開", "行政複議", "結果維持", "尚未審結", "總計"]
    words += ["本年收費金額（單位：萬元）", "行政規範性文件"] if version == "v2021" else ["規範性文件"]
    assert all(word in printed for word in words)
    report = parse(rows, shape)
    assert report.format_version == version
    assert_cells(report, T2_2021_CELLS if version == "v2021" else T2_2019_CELLS)
    assert_cells(report, t3_expected(version))
    assert [report.cells[f"t4.cases.{c}"] for c in T4_COLS] == T4_VALUES


@pytest.mark.parametrize("shape", SHAPES)
def test_traditional_fee_header_without_brackets_and_hong_kong_forms(shape):
    rows = traditional(replace(document(T2_2021), "本年收费金额（单位：万元）", "收費金額(單位:萬元)"))
    rows = replace(rows, "行政規範性文件", "規範性文件")
    report = parse(rows, shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)


# ---------------------------------------------------------------- v2019 and long figures
@pytest.mark.parametrize("shape", SHAPES)
def test_v2019_table_2_with_six_to_eight_digit_figures_is_read_whole(shape):
    report = parse(document(T2_2019, "v2019"), shape)
    assert report.format_version == "v2019"
    assert_cells(report, T2_2019_CELLS)
    assert_cells(report, t3_expected("v2019"))


# ---------------------------------------------------------------- a table-2 row label left blank
BLANKED_2021 = ["规章", "行政规范性文件", "行政许可", "行政强制", "行政事业性收费"]
BLANKED_2019 = ["规范性文件", "其他对外管理服务事项", "行政事业性收费", "政府集中采购"]


def _row_keys(report, label_key):
    return [k for k in report.cells if k.startswith(f"t2.{label_key}.")]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("version,label", [("v2021", x) for x in BLANKED_2021]
                         + [("v2019", x) for x in BLANKED_2019])
def test_a_blank_t2_row_label_is_inferred_from_the_fixed_row_order(shape, version, label):
    t2, expected = (T2_2021, T2_2021_CELLS) if version == "v2021" else (T2_2019, T2_2019_CELLS)
    key = next(r.key for r in FORMATS[version].t2_rows if re.fullmatch(r.pattern, label))
    report = parse(replace(document(t2, version), label, ""), shape)
    assert_cells(report, expected)
    inferred = warning_text(report, "row_label_inferred")
    # the warning names every cell it filled
    for cell in _row_keys(report, key):
        assert cell in inferred
    assert "orphan_row" not in codes(report)


@pytest.mark.parametrize("shape", SHAPES)
def test_two_blank_labels_in_one_gap_are_placed_in_order_when_their_cell_counts_fit(shape):
    rows = replace(replace(document(T2_2021), "行政处罚", ""), "行政强制", "")
    report = parse(rows, shape)
    assert_cells(report, T2_2021_CELLS)
    inferred = warning_text(report, "row_label_inferred")
    assert "t2.administrative_penalty.decisions" in inferred
    assert "t2.administrative_compulsion.decisions" in inferred


@pytest.mark.parametrize("shape", ["html", "pipe"])
def test_a_blank_label_row_whose_cell_count_does_not_fit_its_place_is_not_read(shape):
    """行政许可's label lost and its row printing two figures: its place takes one, so it is not
    that row; nothing is placed and the cells stay null, with `orphan_row`."""
    rows = [r if r[0] != "行政许可" else ["", "1234567", "8"] for r in document(T2_2021)]
    report = parse(rows, shape)
    assert report.cells["t2.administrative_license.decisions"] is None
    assert "orphan_row" in codes(report)
    assert report.cells["t2.administrative_penalty.decisions"] == 890


@pytest.mark.parametrize("shape", SHAPES)
def test_blank_labels_whose_rows_cannot_be_told_apart_are_not_read(shape):
    """Two label-less rows where three rows are free (regulations' label lost and the normative
    row's too, with 行政许可 gone as well): which is which is unknown."""
    rows = replace(replace(replace(document(T2_2021), "规章", ""), "行政规范性文件", ""), "行政许可", "")
    rows = [r for r in rows if r[:1] != [""] or r[1:] != ["1234567"]]     # 行政许可's row is gone
    report = parse(rows, shape)
    for key in ("regulations", "normative_documents", "administrative_license"):
        assert all(report.cells[k] is None for k in _row_keys(report, key))
    assert "orphan_row" in codes(report)


@pytest.mark.parametrize("shape", ["html", "pipe"])
def test_a_numbered_caption_that_names_another_item_stops_the_inference(shape):
    """A label-less one-figure row printed under 第二十条第（八）项 is no 行政强制 row."""
    rows = [r for r in document(T2_2021) if r[0] != "行政强制"]
    at = rows.index(["行政事业性收费", "35.6"])
    rows.insert(at, ["", "7"])
    report = parse(rows, shape)
    assert report.cells["t2.administrative_compulsion.decisions"] is None
    assert report.cells["t2.administrative_fees.amount_wan_yuan"] == 35.6
    assert "orphan_row" in codes(report)


@pytest.mark.parametrize("shape", ["lines", "cells"])
def test_figures_running_on_after_a_label_are_never_taken_from_the_next_row(shape):
    """Flattened, a label-less row's figures follow the previous row's: the previous row keeps its
    own (the first ones, up to the end of their line), never the last ones."""
    rows = replace(document(T2_2021), "行政规范性文件", "")
    report = parse(rows, shape)
    assert [report.cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 0, 5]
    assert "row_overflow" in codes(report)


def test_extra_figures_in_one_flattened_t2_line_leave_the_row_null():
    """`规章 1 0 5 12 3 40` on one line: which three are the row's is not known."""
    rows = [r if r[0] != "规章" else ["规章 1 0 5 12 3 40"] for r in document(T2_2021)]
    rows = [r for r in rows if r[0] != "行政规范性文件"]
    report = parse(rows, "lines")
    assert all(report.cells[k] is None for k in _row_keys(report, "regulations"))
    assert "t2.regulations" in warning_text(report, "unreadable_row")


def test_a_page_number_next_to_a_pdf_page_break_is_not_placed_as_a_row():
    """Loose PDF lines: a lone figure at a page break may be a page number, not a label-less row."""
    def cell(text, page, line):
        return [Cell(text, False, f"page {page} line {line}")]
    rows = [cell("第二十条第（五）项", 1, 1), cell("信息内容 本年处理决定数量", 1, 2),
            cell("行政许可 12", 1, 3), cell("第二十条第（六）项", 1, 4),
            cell("行政处罚 3", 1, 5), cell("行政强制 0", 1, 6), cell("第二十条第（八）项", 1, 7),
            cell("信息内容 本年收费金额（单位：万元）", 1, 8), cell("4", 1, 9),
            cell("三、收到和处理政府信息公开申请情况", 2, 1)]
    result = TableReader("v2021").read(rows)
    assert result.cells["t2.administrative_fees.amount_wan_yuan"] is None
    assert result.cells["t2.administrative_license.decisions"] == 12
    assert "orphan_row" in [c for c, _ in result.warnings]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("index", [2, 9, 12, 23], ids=["granted", "process_info", "not_held",
                                                       "total_processed"])
def test_a_label_less_t3_row_is_placed_by_position_and_never_shifts_figures(shape, index):
    """Table 3 too: a row printed without its label (after a group label cell, or alone) does not
    lend its figures to the row above; it takes its free place, named cell by cell."""
    body = list(T3_ROWS_HEAD + T3_OTHER_2021 + T3_TAIL)
    g, _, figs = body[index]
    body[index] = (g, "", figs)
    key = FORMATS["v2021"].t3_rows[index].key
    report = parse(document(T2_2021, t3=t3_rows("v2021", rows=body)), shape)
    assert_cells(report, t3_expected("v2021"))
    assert f"t3.{key}" in warning_text(report, "row_label_inferred")


@pytest.mark.parametrize("shape", SHAPES)
def test_a_label_less_first_t3_row_is_not_read_and_says_so(shape):
    """一、本年新收 without its label: no labelled row before it fixes its place (it could still be
    the end of table 2); it is not read, and the warning says so."""
    body = list(T3_ROWS_HEAD + T3_OTHER_2021 + T3_TAIL)
    body[0] = ("", "", body[0][2])
    report = parse(document(T2_2021, t3=t3_rows("v2021", rows=body)), shape)
    assert all(report.cells[f"t3.new_received.{c}"] is None for c in T3_COLS)
    assert "9 2 0 0 1 0 12" in warning_text(report, "orphan_row")
    expected = t3_expected("v2021")
    assert all(report.cells[k] in (None, v) for k, v in expected.items())


# ---------------------------------------------------------------- v2019 tables in PDFs
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# (cells of one table row, each cell a list of its printed lines): labels wrapped over two and
# three lines, column headers split across lines, figures of six to eight digits.
PDF_T2_2019 = [
    [["第二十条第（一）项"]],
    [["信息内容"], ["本年新", "制作数量"], ["本年新", "公开数量"], ["对外公开", "总数量"]],
    [["规章"], ["0"], ["0"], ["3"]],
    [["规范性", "文件"], ["6"], ["6"], ["58"]],
    [["第二十条第（五）项"]],
    [["信息内容"], ["上一年", "项目数量"], ["本年", "增/减"], ["处理决定", "数量"]],
    [["行政许可"], ["215"], ["-8"], ["12345678"]],
    [["其他对外", "管理服务", "事项"], ["40"], ["2"], ["654321"]],
    [["第二十条第（六）项"]],
    [["信息内容"], ["上一年", "项目数量"], ["本年", "增/减"], ["处理决定", "数量"]],
    [["行政处罚"], ["1020"], ["15"], ["2345678"]],
    [["行政强制"], ["33"], ["0"], ["4567"]],
    [["第二十条第（八）项"]],
    [["信息内容"], ["上一年", "项目数量"], ["本年", "增/减"]],
    [["行政事业", "性收费"], ["9"], ["-1"]],
    [["第二十条第（九）项"]],
    [["信息内容"], ["采购项目", "数量"], ["采购总金额"]],
    [["政府集中", "采购"], ["14"], ["1234567.5"]],
]


def _pdf(rows, ruled: bool) -> bytes:
    """A one-page PDF of `rows` drawn with pdfium: ruled (every cell boxed) or unruled (the same
    text, no lines: the PDF reader gets loose lines). Multi-line cells are centred vertically."""
    import ctypes
    import io
    import os

    pdfium = pytest.importorskip("pypdfium2")
    import pypdfium2.raw as raw
    if not os.path.exists(CJK_FONT):
        pytest.skip("no CJK font to draw the PDF with")
    data = open(CJK_FONT, "rb").read()
    pdf = pdfium.PdfDocument.new()
    width, height = 595, 842
    page = pdf.new_page(width, height)
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buf, len(data), raw.FPDF_FONT_TRUETYPE, True)
    keep = [buf]

    def text(x, top, s, size=9.0):
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
        wide = ctypes.create_string_buffer((s + "\0").encode("utf-16-le"))
        keep.append(wide)
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - top - size)
        raw.FPDFPage_InsertObject(page.raw, obj)

    def rule(x0, y0, x1, y1):
        path = raw.FPDFPageObj_CreateNewPath(x0, height - y0)
        raw.FPDFPath_LineTo(path, x1, height - y1)
        raw.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
        raw.FPDFPageObj_SetStrokeWidth(path, 0.8)
        raw.FPDFPath_SetDrawMode(path, 0, True)
        raw.FPDFPage_InsertObject(page.raw, path)

    text(40, 30, "二、主动公开政府信息情况")
    xs, y = [40, 130, 230, 330, 430], 50
    for row in rows:
        h = 12 * max(len(c) for c in row) + 6
        for (x0, _), lines in zip(zip(xs, xs[1:]), row):
            off = (h - 12 * len(lines)) / 2
            for k, s in enumerate(lines):
                text(x0 + 3, y + off + 12 * k + 1, s)
        if ruled:
            rule(xs[0], y, xs[-1], y)
            for x in xs:
                rule(x, y, x, y + h)
        y += h
    if ruled:
        rule(xs[0], y, xs[-1], y)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_v2019_pdf_table_2_with_wrapped_labels_and_split_headers(ruled):
    from gongkai.parse.sniff import read_document
    ex = read_document(_pdf(PDF_T2_2019, ruled))
    assert all(c.exact == ruled for row in ex.rows[1:] for c in row)
    result = TableReader("v2019").read(ex.rows)
    assert_cells(result, T2_2019_CELLS)
    if not ruled:       # the labels came out over three lines each, around their figures
        wrapped = [d for c, d in result.warnings if c == "label_wrapped"]
        assert len(wrapped) == 4 and any("其他对外管理服务事项" in d for d in wrapped)


def test_a_ruled_pdf_joins_split_column_headers_so_they_tell_the_format():
    from gongkai.parse.normalize import compact
    from gongkai.parse.sniff import read_document
    from gongkai.parse.version import detect_version
    rows = [r for r in PDF_T2_2019 if "政府集中" not in r[0][0] and "（九）" not in r[0][0]]
    rows = [r for r in rows if r[1:] != [["采购项目", "数量"], ["采购总金额"]]]
    ex = read_document(_pdf(rows, True))
    flat = compact(ex.text)
    assert "本年新制作数量" in flat and "对外公开总数量" in flat and "上一年项目数量" in flat
    assert detect_version(flat, None) == "v2019"


def _loose(lines: list[str]) -> list[list[Cell]]:
    """Rows as the PDF reader gives the text of a table drawn without ruling lines."""
    return [[Cell(s, False, f"page 1 line {n}")] for n, s in enumerate(lines, 1)]


@pytest.mark.parametrize("lines", [
    ["规范性", "6 6 58", "文件"],                 # figures on the middle line of three
    ["规范性", "文件 6 6 58"],                    # figures after the label's second line
    ["规范性文 6 6 58", "件"],                    # figures after the label's first line
], ids=["middle", "second", "first"])
def test_wrapped_labels_in_loose_pdf_lines_at_the_rows_level(lines):
    rows = _loose(["第二十条第（一）项", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
                   "规章 0 0 3"] + lines + ["第二十条第（五）项", "行政许可 215 -8 12345678"])
    result = TableReader("v2019").read(rows)
    assert [result.cells[f"t2.normative_documents.{c}"]
            for c in ("new_made", "new_published", "total_published")] == [6, 6, 58]
    assert result.cells["t2.regulations.total_published"] == 3
    assert result.cells["t2.administrative_license.decisions"] == 12345678
    assert "label_wrapped" in [c for c, _ in result.warnings]


def test_text_pieces_that_make_no_label_together_are_not_joined():
    rows = _loose(["第二十条第（一）项", "规章 0 0 3", "规范", "6 6 58", "说明"])
    result = TableReader("v2019").read(rows)
    assert result.cells["t2.normative_documents.new_made"] is None
    assert result.cells["t2.regulations.total_published"] == 3
    assert "label_wrapped" not in [c for c, _ in result.warnings]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("figure", ["1234567", "12345678", "123456", "1,234,567"])
def test_six_to_eight_digit_t2_figures_are_read_whole(shape, figure):
    rows = replace(document(T2_2021), "1234567", figure)
    report = parse(rows, shape)
    assert report.cells["t2.administrative_license.decisions"] == int(figure.replace(",", ""))


@pytest.mark.parametrize("shape", SHAPES)
def test_traditional_pages_that_say_zixun_for_xinxi_read_the_same(shape):
    """Taiwan/Hong Kong style mirrors print 政府資訊 (t2s keeps 资讯): labels still match."""
    rows = [[c.replace("信息", "資訊") for c in r] for r in traditional(document(T2_2021))]
    assert any("本年新收政府資訊公開申請數量" in c for r in rows for c in r)
    report = parse(rows, shape)
    assert report.format_version == "v2021"
    assert_cells(report, T2_2021_CELLS)
    assert_cells(report, t3_expected("v2021"))


# ---------------------------------------------------------------- never a wrong number
def test_a_flattened_t2_line_that_may_have_lost_an_empty_cell_keeps_only_what_all_readings_share():
    """`规章 1234567 7` is 1234567/7/blank, 1234567/blank/7, 1/234567/7 …: table 2 has no sums to
    choose, so no cell is read (before, the cuts alone gave in_force 7)."""
    rows = [r if r[0] != "规章" else ["规章", "1234567", "", "7"] for r in document(T2_2021)]
    report = parse(rows, "lines")
    assert all(report.cells[k] is None for k in _row_keys(report, "regulations"))
    assert "t2.regulations" in warning_text(report, "ambiguous_placement")
    assert report.cells["t2.normative_documents.in_force"] == 40


def test_one_figure_per_line_splits_a_run_on_row_only_when_the_counts_fit():
    """One cell per line: 规章's row lost an empty cell and 行政规范性文件 its label, so five
    figures follow 规章 for 3 + 3 columns; which are whose is unknown and nothing is read."""
    rows = document(T2_2021)
    rows = [r if r[0] != "规章" else ["规章", "12345678", "", "123456"] for r in rows]
    rows = [r if r[0] != "行政规范性文件" else ["", "654321", "0", "12"] for r in rows]
    report = parse(rows, "cells")
    for key in ("regulations", "normative_documents"):
        assert all(report.cells[k] is None for k in _row_keys(report, key))
    assert "t2.regulations" in warning_text(report, "unreadable_row")


@pytest.mark.parametrize("seed", range(6))
def test_random_t2_tables_with_lost_labels_blanks_and_captions_are_never_read_wrong(seed):
    """Random figures (1–8 digits, signed where allowed), label cells left blank, blank figure
    cells, captions without numbers, headers dropped; every shape. A cell is null or right, and
    a filled value (a row placed by position) is named in a warning."""
    import random
    rng = random.Random(seed)
    for _ in range(6):
        version = rng.choice(["v2021", "v2019"])
        rows = [list(r) for r in (T2_2021 if version == "v2021" else T2_2019)]
        expected = {}
        blanks_before = False
        for r in rows:
            rowdef = next((d for d in FORMATS[version].t2_rows if re.fullmatch(d.pattern, r[0])), None)
            if rowdef is None or len(r) == 1:
                continue
            label_may_go = not blanks_before      # known limit: a blank row + a lost label (docs)
            blanks_before = False
            for j, (col, kind) in enumerate(zip(rowdef.cols, rowdef.kinds), 1):
                v = rng.choice([0, 1, 7, 12, 345, 6789, 123456, 1234567, 12345678])
                v = -v if kind == "signed" and rng.random() < 0.3 else v
                r[j], expected[f"t2.{rowdef.key}.{col}"] = str(v), v
                if rng.random() < 0.1:
                    r[j], expected[f"t2.{rowdef.key}.{col}"] = "", 0
                    blanks_before = True
            if label_may_go and rng.random() < 0.3:
                r[0] = ""
        rows = [["第二十条第"] if len(r) == 1 and rng.random() < 0.3 else r for r in rows]
        rows = [r for r in rows if r[0] != "信息内容" or rng.random() < 0.7]
        for shape in SHAPES:
            report = parse(document(rows, version), shape)
            wrong = {k: (report.cells.get(k), v) for k, v in expected.items()
                     if report.cells.get(k) is not None and report.cells.get(k) != v}
            assert not wrong, (shape, render(document(rows, version), shape).decode()[:800])
            named = warning_text(report, "row_label_inferred")
            for r in rows:
                if r[0] == "" and len(r) > 1:
                    for k in (k for k in expected if report.cells.get(k) is not None):
                        key = k.split(".")[1]
                        if f"t2.{key}:" in named:
                            assert k in named
