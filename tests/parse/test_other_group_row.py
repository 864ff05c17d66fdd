"""v2021 reports that print one （六）其他处理 row instead of its three numbered sub-rows (seen in
江苏): the printed figures are kept as the group-total cells `t3.other_total.*`, the sub-rows stay
null (`group_total_only`), and T3.results_sum uses the group total (docs/parse-output.md
"Group-total cells"). Small hand-made tables first, then the two real PDFs of corpus/peer.
"""
from __future__ import annotations

import pytest

from gongkai.parse import parse_bytes, parse_file
from gongkai.parse.checks import run_checks
from gongkai.parse.formats import FORMATS, T3_COLS
from gongkai.parse.source import Cell
from gongkai.parse.tables import TableReader
from gongkai.parse.text import read_text
from tests.conftest import corpus_dir

SUB_ROWS = ("other_no_correction", "other_unpaid_fee", "other_misc")
OTHER_TOTAL = [f"t3.other_total.{c}" for c in T3_COLS]

# A v2021 table 3 as (group label, row label, seven figures); the （六） group is one row here.
HEAD = [
    ("", "一、本年新收政府信息公开申请数量", "9 1 0 0 0 0 10"),
    ("", "二、上年结转政府信息公开申请数量", "1 0 0 0 0 0 1"),
    ("三、本年度办理结果", "（一）予以公开", "4 1 0 0 0 0 5"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1 0 0 0 0 0 1"),
    ("（三）不予公开", "1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("", "2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("", "3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("", "4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("", "5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("", "6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("", "7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("", "8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "2 0 0 0 0 0 2"),
    ("", "2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("", "3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("（五）不予处理", "1.信访举报投诉类申请", "1 0 0 0 0 0 1"),
    ("", "2.重复申请", "0 0 0 0 0 0 0"),
    ("", "3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("", "4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("", "5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
]
GROUP_ROW = ("", "（六）其他处理", "1 0 0 0 0 0 1")
SUBS = [("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1 0 0 0 0 0 1"),
        ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
        ("", "3.其他", "0 0 0 0 0 0 0")]
TAIL = [("", "（七）总计", "9 1 0 0 0 0 10"), ("", "四、结转下年度继续办理", "1 0 0 0 0 0 1")]
T2 = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
      ["规章", "0", "0", "0"], ["行政规范性文件", "0", "0", "0"]]
T4 = [["四、政府信息公开行政复议、行政诉讼情况"], ["0"] * 15, ["五、存在的主要问题及改进情况"]]


def grid(rows: list[tuple[str, str, str]]) -> list[list[Cell]]:
    out = [r for r in T2] + [["三、收到和处理政府信息公开申请情况"]]
    for group, label, figures in rows:
        out.append(([group] if group else []) + [label] + figures.split())
    out += T4
    return [[Cell(text, True, f"row {r} col {c}") for c, text in enumerate(row)]
            for r, row in enumerate(out)]


def read(rows, version="v2021"):
    result = TableReader(version).read(grid(rows))
    return result, run_checks(version, result.cells)


def check(checks, cid, scope):
    return next(c for c in checks if c.id == cid and c.scope == scope)


def test_the_printed_group_row_is_kept_as_the_group_total_and_its_sub_rows_stay_null():
    result, checks = read(HEAD + [GROUP_ROW] + TAIL)
    assert [result.cells[k] for k in OTHER_TOTAL] == [1, 0, 0, 0, 0, 0, 1]
    assert all(result.cells[f"t3.{r}.{c}"] is None for r in SUB_ROWS for c in T3_COLS)
    [(code, detail)] = [w for w in result.warnings if w[0] == "group_total_only"]
    assert all(f"t3.{r}" in detail for r in SUB_ROWS) and "t3.other_total" in detail
    # The group total stands in for its unknown sub-rows in the results sum; balance is unchanged.
    for col in T3_COLS:
        assert check(checks, "T3.results_sum", col).status == "pass"
        assert check(checks, "T3.balance", col).status == "pass"
    assert check(checks, "T3.row_sum", "other_total").status == "pass"
    assert check(checks, "T3.int", "t3").status == "pass"
    assert check(checks, "T3.results_sum", "total").detail.endswith("+1")


def test_the_group_total_cells_sit_after_the_sub_rows_in_the_cell_order():
    result, _ = read(HEAD + [GROUP_ROW] + TAIL)
    keys = list(result.cells)
    at = keys.index("t3.other_total.natural_person")
    assert keys[at - 1] == "t3.other_misc.total" and keys[at + 7] == "t3.total_processed.natural_person"
    assert len(keys) == len(FORMATS["v2021"].cells) + 7


def test_a_group_total_that_breaks_the_results_sum_is_reported_not_corrected():
    result, checks = read(HEAD + [("", "（六）其他处理", "3 0 0 0 0 0 3")] + TAIL)
    assert result.cells["t3.other_total.total"] == 3
    assert check(checks, "T3.results_sum", "total").status == "fail"
    assert check(checks, "T3.results_sum", "natural_person").status == "fail"
    assert check(checks, "T3.results_sum", "commercial_enterprise").status == "pass"


def test_a_report_with_its_three_sub_rows_has_no_group_total_cells():
    result, checks = read(HEAD + SUBS + TAIL)
    assert not any(k.startswith("t3.other_total.") for k in result.cells)
    assert result.cells["t3.other_no_correction.total"] == 1
    assert "group_total_only" not in [c for c, _ in result.warnings]
    assert all(c.scope != "other_total" for c in checks)
    assert check(checks, "T3.results_sum", "total").status == "pass"


def test_a_group_row_with_figures_beside_its_sub_rows_is_named_and_not_used():
    rows = HEAD + [("", "（六）其他处理", "5 0 0 0 0 0 5")] + [("",) + s[1:] for s in SUBS] + TAIL
    result, _ = read(rows)
    assert not any(k.startswith("t3.other_total.") for k in result.cells)
    assert result.cells["t3.other_no_correction.total"] == 1
    assert any(code == "extra_row" and "其他处理" in detail for code, detail in result.warnings)


def test_figures_after_the_group_label_whose_sub_row_label_was_lost_are_not_a_group_total():
    """The group cell, then a sub-row label the reader mangled: the figures are that sub-row's."""
    rows = HEAD + [("（六）其他处理", "1.申请人无正当理由逾期不补（乱码）", "1 0 0 0 0 0 1")] \
        + SUBS[1:] + TAIL
    result, _ = read(rows)
    assert not any(k.startswith("t3.other_total.") for k in result.cells)
    assert "group_total_only" not in [c for c, _ in result.warnings]


def test_a_flattened_group_row_is_read_the_same_way():
    lines = ["二、主动公开政府信息情况", "第二十条第（一）项 规章 0 0 0 行政规范性文件 0 0 0",
             "三、收到和处理政府信息公开申请情况"]
    lines += [f"{g}{label} {figures}" for g, label, figures in HEAD + [GROUP_ROW] + TAIL]
    lines += ["四、政府信息公开行政复议、行政诉讼情况 " + " ".join(["0"] * 15), "五、存在的主要问题及改进情况"]
    result = TableReader("v2021").read(read_text("\n".join(lines)).rows)
    assert [result.cells[k] for k in OTHER_TOTAL] == [1, 0, 0, 0, 0, 0, 1]
    assert result.cells["t3.other_misc.total"] is None


def test_v2019_reports_keep_other_total_as_their_statutory_row():
    rows = [(g, label.replace("（六）", "（六）"), f) for g, label, f in HEAD + [GROUP_ROW] + TAIL]
    result, checks = read(rows, "v2019")
    assert result.cells["t3.other_total.total"] == 1
    assert "group_total_only" not in [c for c, _ in result.warnings]
    assert check(checks, "T3.results_sum", "total").status == "pass"


# ---------------------------------------------------------------- the two real PDFs (江苏 洪泽区)
def peer(name: str):
    path = corpus_dir() / "peer" / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return parse_file(path)


@pytest.fixture(scope="module")
def w001():
    return peer("w001.pdf")


@pytest.fixture(scope="module")
def w002():
    return peer("w002.pdf")


def failed(report):
    return {(c.id, c.scope) for c in report.checks if c.status == "fail"}


def test_w002_keeps_its_printed_other_total_and_every_identity_holds(w002):
    assert w002.format_version == "v2021" and w002.year == 2024
    assert [w002.cells[k] for k in OTHER_TOTAL] == [0] * 7
    assert all(w002.cells[f"t3.{r}.{c}"] is None for r in SUB_ROWS for c in T3_COLS)
    assert w002.status == "partial"              # the three sub-rows are not known
    assert "group_total_only" in [w.code for w in w002.warnings]
    results = [c for c in w002.checks if c.id == "T3.results_sum"]
    assert len(results) == 7 and all(c.status == "pass" for c in results)
    assert w002.cells["t3.total_processed.total"] == 95
    assert failed(w002) == set()
    assert all(c.status == "pass" for c in w002.checks
               if c.id in ("T3.balance", "T4.review_sum", "T4.direct_sum", "T4.after_sum"))


def test_w001_keeps_its_other_total_and_reports_the_table_4_breaks_it_prints(w001):
    assert w001.format_version == "v2021" and w001.year == 2023
    assert [w001.cells[k] for k in OTHER_TOTAL] == [0] * 7
    # Table 4 as printed: 行政复议 10/1/0/0 with total 0, 复议后起诉 5/0/0/0 with total 0.
    assert [w001.cells[f"t4.cases.review_{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [10, 1, 0, 0, 0]
    assert w001.cells["t4.cases.lit_after_review_upheld"] == 5
    assert w001.cells["t4.cases.lit_after_review_total"] == 0
    assert failed(w001) == {("T4.review_sum", "cases"), ("T4.after_sum", "cases")}
    assert all(c.status == "pass" for c in w001.checks if c.id == "T3.results_sum")


def test_the_group_total_reaches_the_json_the_store_and_report_applications(tmp_path, w002):
    from gongkai.runner import run_query
    from gongkai.store import db
    from gongkai.store.dictionary import canonical_cells, split_key
    from gongkai.store.ingest import ingest_paths

    out = w002.to_dict()
    assert out["cells"]["t3.other_total.total"] == 0 and out["cells"]["t3.other_misc.total"] is None
    assert split_key("t3.other_total.total") == (3, "other_total", "total")
    assert {("t3.other_total.total", "v2021"), ("t3.other_total.total", "v2019")} <= {
        (c.cell_key, c.format_version) for c in canonical_cells()}

    path = tmp_path / "w.duckdb"
    summary = ingest_paths([corpus_dir() / "peer" / "w001.pdf", corpus_dir() / "peer" / "w002.pdf"], path)
    assert summary.count("failed") == 0
    con = db.connect_read(path)
    try:
        stored = db.run(con, "SELECT count(*) AS n FROM cells WHERE cell_key LIKE 't3.other_total.%' "
                             "AND value IS NOT NULL")
        assert int(stored["n"][0]) == 14
        apps = run_query("report_applications", {}, con)
        assert len(apps) == 2
        assert apps["other_total"].tolist() == [0, 0]       # the printed group total
        assert apps["other_misc"].isna().all()               # the sub-rows stay unknown
        assert sorted(apps["total_processed"].tolist()) == [21, 95]
    finally:
        con.close()


def test_a_html_page_with_the_group_row_reads_like_the_pdf():
    rows = "".join(f"<tr>{'<td>' + g + '</td>' if g else ''}<td>{label}</td>"
                   + "".join(f"<td>{v}</td>" for v in figures.split()) + "</tr>"
                   for g, label, figures in HEAD + [GROUP_ROW] + TAIL)
    page = ("<html><head><title>某某县某某局2023年政府信息公开工作年度报告</title></head><body>"
            "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr>"
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>"
            f"<p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr>"
            + "<td>0</td>" * 15 + "</tr></table><p>五、存在的主要问题及改进情况</p></body></html>")
    report = parse_bytes(page.encode(), "x.html")
    assert report.format_version == "v2021"
    assert report.cells["t3.other_total.total"] == 1
    assert all(c.status == "pass" for c in report.checks if c.id == "T3.results_sum")
