"""Table reading on small hand-made grids, one per real-world deviation of docs/report-format.md §6.

Each fixture is labelled with the deviation it reproduces; the real documents that showed them are
covered by tests/test_corpus.py.
"""
from __future__ import annotations

from gongkai.parse.source import Cell
from gongkai.parse.tables import TableReader
from gongkai.parse.text import read_text

T3_LABELS_2021 = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他", "（七）总计", "四、结转下年度继续办理",
]
GROUP_BEFORE = {2: "三、本年度办理结果", 4: "（三）不予公开", 12: "（四）无法提供",
                15: "（五）不予处理", 20: "（六）其他处理"}


def grid(rows: list[list[str]]) -> list[list[Cell]]:
    return [[Cell(text, True, f"row {r} col {c}") for c, text in enumerate(row)]
            for r, row in enumerate(rows)]


def t3_grid(values: dict[int, list[str]], label=lambda s: s) -> list[list[str]]:
    """A v2021 T3 as an HTML-like grid; rows not in `values` are all zeros."""
    rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
            ["自然人", "法人或其他组织", "总计"],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    for i, text in enumerate(T3_LABELS_2021):
        lead = [GROUP_BEFORE[i]] if i in GROUP_BEFORE else []
        rows.append(lead + [label(text)] + values.get(i, ["0"] * 7))
    return rows


def read(rows, version="v2021"):
    return TableReader(version).read(grid(rows))


def codes(result):
    return [code for code, _ in result.warnings]


def test_a_clean_grid_reads_every_t3_cell():
    values = {0: ["5", "1", "0", "0", "0", "0", "6"], 2: ["4", "1", "0", "0", "0", "0", "5"],
              23: ["4", "1", "0", "0", "0", "0", "5"], 24: ["1", "0", "0", "0", "0", "0", "1"]}
    result = read(t3_grid(values))
    assert result.cells["t3.new_received.total"] == 6
    assert result.cells["t3.granted.commercial_enterprise"] == 1
    assert result.cells["t3.carried_forward.natural_person"] == 1
    assert all(result.cells[k] is not None for k in result.cells if k.startswith("t3."))


def test_half_width_brackets_and_missing_sequence_numbers_still_match():
    """§6.1: (一) instead of （一）, and reports that drop the 1./（三） prefixes."""
    strip = lambda s: s.replace("（", "(").replace("）", ")").split(".", 1)[-1]  # noqa: E731
    result = read(t3_grid({2: ["2", "0", "0", "0", "0", "0", "2"]}, label=strip))
    assert result.cells["t3.granted.total"] == 2
    assert result.cells["t3.other_misc.total"] == 0       # a whole cell "其他" under （六）
    assert all(v is not None for k, v in result.cells.items() if k.startswith("t3."))


def test_blank_cells_read_as_zero_and_a_blank_total_takes_the_sum_of_its_parts():
    """§6.4 zeros written as blanks; §6.5 the 总计 column left blank."""
    values = {0: ["3", "", "—", "-", "/", "", ""], 2: ["3", "", "", "", "", "", ""],
              23: ["3", "", "", "", "", "", "3"]}
    result = read(t3_grid(values))
    assert result.cells["t3.new_received.total"] == 3
    assert result.cells["t3.new_received.commercial_enterprise"] == 0
    assert "derived_total" in codes(result) and "blank_as_zero" in codes(result)


def test_merged_digits_are_split_only_when_the_identities_leave_one_reading():
    """§6.12: flattened text ran the cells together (平潭 2021 shape)."""
    text = "\n".join([
        "第二十条第(一)项 信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665",
        "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000",
        "三、本年度办理结果（一）予以公开640020470（二）部分公开0000000",
        "（三）不予公开1.属于国家秘密0000000",
        "（七）总计630020469四、结转下年度继续办理1000001",
    ])
    result = TableReader("v2021").read(read_text(text).rows)
    assert result.cells["t2.regulations.issued"] == 0            # "000" has one reading
    assert result.cells["t2.normative_documents.issued"] is None  # "693665" has ten
    assert "ambiguous_split" in codes(result)
    assert result.cells["t3.new_received.natural_person"] == 64
    assert result.cells["t3.new_received.social_welfare_org"] == 2
    assert result.cells["t3.new_received.total"] == 70


def test_an_ambiguous_run_that_no_identity_can_settle_stays_null():
    text = "第二十条第(五)项 信息内容本年处理决定数量 行政许可 12\n" \
           "第二十条第(一)项 规章 1234"
    result = TableReader("v2021").read(read_text(text).rows)
    assert result.cells["t2.administrative_license.decisions"] == 12
    assert [result.cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] \
        == [None, None, None]


def test_printed_figures_that_break_an_identity_are_kept_as_printed():
    """The printed figure is the truth; the checks, not the reader, report the inconsistency."""
    values = {0: ["5", "0", "0", "0", "0", "0", "9"]}
    result = read(t3_grid(values))
    assert result.cells["t3.new_received.total"] == 9
    assert result.cells["t3.new_received.natural_person"] == 5


def test_repeated_group_labels_and_split_tables_do_not_shift_rows():
    """§6.14 / §15: 三、本年度办理结果 repeated mid-table where a PDF page broke."""
    rows = t3_grid({13: ["0", "1", "0", "0", "0", "0", "1"]})
    rows.insert(15, ["三、本年度办理结果"])
    result = read(rows)
    assert result.cells["t3.unavailable_needs_creation.commercial_enterprise"] == 1
    assert result.cells["t3.unavailable_unclear.total"] == 0


def test_extra_leading_cells_are_dropped_and_the_last_seven_kept():
    """§6.13: rows carry 1–3 leading label cells; data is always the last seven."""
    rows = t3_grid({})
    rows[3] = ["一、本年新收政府信息公开申请数量", "", "", "2", "0", "0", "0", "0", "0", "2"]
    result = read(rows)
    assert result.cells["t3.new_received.natural_person"] == 2
    assert result.cells["t3.new_received.total"] == 2


def test_a_row_that_lost_its_label_fills_the_gap_between_its_neighbours():
    """PDF→markdown detached a label (corpus r002): the unlabelled row is placed by position."""
    rows = t3_grid({3: ["1", "0", "0", "0", "0", "0", "1"]})
    rows[6] = ["1", "0", "0", "0", "0", "0", "1"]   # the （二）部分公开 row, label gone
    result = read(rows)
    assert result.cells["t3.partial_grant.total"] == 1
    assert "row_label_inferred" in codes(result)


def test_v2019_signed_item_changes_are_read_with_their_sign():
    """§6.7: 本年增/减 written +19 or -8."""
    rows = [["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "21", "+19", "40"], ["其他对外管理服务事项", "5", "-8", "3"]]
    result = read(rows, "v2019")
    assert result.cells["t2.administrative_license.items_change"] == 19
    assert result.cells["t2.other_external_services.items_change"] == -8


def test_amounts_with_units_and_decimals_are_read_as_printed():
    """§6.6: 采购总金额 written '75394432.52元'; fees with six decimals."""
    rows = [["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", "135", "75394432.52元"]]
    result = read(rows, "v2019")
    assert result.cells["t2.centralized_procurement.procurement_amount"] == 75394432.52
    rows = [["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"],
            ["行政事业性收费", "24252.311082"]]
    assert read(rows).cells["t2.administrative_fees.amount_wan_yuan"] == 24252.311082


def test_t4_split_over_three_small_tables_reads_fifteen_cells_in_order():
    """Corpus r001: T4 printed as three 5-column tables."""
    rows = [["四、政府信息公开行政复议、行政诉讼情况"], ["行政复议", "行政诉讼"],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], ["27", "10", "9", "15", "61"],
            ["未经复议直接起诉"], ["3", "0", "0", "0", "3"], ["复议后起诉"], ["8", "0", "1", "1", "10"],
            ["五、存在的主要问题及改进情况"]]
    result = read(rows)
    assert result.cells["t4.cases.review_total"] == 61
    assert result.cells["t4.cases.lit_direct_upheld"] == 3
    assert result.cells["t4.cases.lit_after_review_total"] == 10


def test_table_2_without_its_caption_rows_is_found_under_its_heading():
    rows = [["一、总体情况"], ["本机关全年行政许可事项12项。"], ["二、主动公开政府信息情况"],
            ["信息内容", "本年处理决定数量"], ["行政许可", "7"],
            ["三、收到和处理政府信息公开申请情况"], ["一、本年新收政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]]
    result = read(rows)
    assert result.cells["t2.administrative_license.decisions"] == 7
    assert result.cells["t3.new_received.total"] == 0


def test_narrative_figures_before_the_tables_are_never_read_as_cells():
    rows = [["一、总体情况"], ["（一）主动公开。全年行政许可 12 件，行政处罚 3 件。"],
            ["二、主动公开政府信息情况"], ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"],
            ["行政许可", "7"]]
    result = read(rows)
    assert result.cells["t2.administrative_license.decisions"] == 7
    assert result.cells["t2.administrative_penalty.decisions"] is None


def test_counts_printed_with_decimals_are_integers_and_money_keeps_its_decimals():
    values = {0: ["3.00", "0", "0", "0", "0", "0", "3.0"]}
    result = read(t3_grid(values))
    assert result.cells["t3.new_received.total"] == 3
    assert isinstance(result.cells["t3.new_received.total"], int)


def test_an_extra_row_and_annotated_labels_are_tolerated_and_named():
    """§6.8 (武汉 2020): an added 其他主动公开文件 row, labels with long parenthetical notes."""
    rows = [["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章(设区的市、自治州人民政府应提供相关数据)", "1", "1", "3"],
            ["规范性文件", "2", "2", "9"], ["其他主动公开文件", "5", "5", "10"],
            ["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量(指2020年办件量)"],
            ["行政许可", "12", "-1", "340"]]
    result = read(rows, "v2019")
    assert [result.cells[f"t2.regulations.{c}"] for c in ("new_made", "new_published", "total_published")] == [1, 1, 3]
    assert result.cells["t2.normative_documents.total_published"] == 9
    assert result.cells["t2.administrative_license.decisions"] == 340
    assert any(code == "extra_row" and "其他主动公开文件" in detail for code, detail in result.warnings)


def test_a_table_whose_only_row_is_ambiguous_is_found_not_missing():
    text = "第二十条第(一)项 规章 1234"
    result = TableReader("v2021").read(read_text(text).rows)
    assert result.cells["t2.regulations.issued"] is None
    assert "t2" in result.found
