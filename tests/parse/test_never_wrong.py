"""Never a wrong number (issue #13 §2): when the text does not determine a cell it is null, with a
warning saying why; every value filled in rather than printed is named in a warning.

Small hand-made documents, one per rule, then a property test over generated tables.
"""
from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.parse import parse_bytes
from gongkai.parse.checks import run_checks
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS
from gongkai.parse.source import Cell
from gongkai.parse.tables import TableReader
from gongkai.parse.text import read_text

T3 = FORMATS["v2021"].t3_rows
T3_LABELS = [r.label for r in T3]
ROW = {r.key: i for i, r in enumerate(T3)}
RESULT_ROWS = [r.key for r in T3 if r.key not in
               ("new_received", "carried_over", "total_processed", "carried_forward")]
END = "五、存在的主要问题及改进情况"
# Warning codes that fill a whole row (their detail names the row, "t3.<row>").
ROW_FILLS = ("zero_row", "placed_by_identities", "row_label_inferred")


def read_lines(lines: list[str], version: str = "v2021"):
    return TableReader(version).read(read_text("\n".join(lines)).rows)


def read_grid(rows: list[list[str]], version: str = "v2021"):
    return TableReader(version).read([[Cell(t, True, f"row {r} col {c}") for c, t in enumerate(row)]
                                      for r, row in enumerate(rows)])


def codes(result) -> list[str]:
    return [c for c, _ in result.warnings]


def details(result, code: str) -> list[str]:
    return [d for c, d in result.warnings if c == code]


def row(result, key: str) -> list:
    return [result.cells[f"t3.{key}.{c}"] for c in T3_COLS]


def t3_lines(values: dict[str, str], tail: list[str] = (END,)) -> list[str]:
    """A flattened v2021 table 3, one row per line: rows not in `values` print seven zeros."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    for r in T3:
        lines.append(f"{r.label} {values.get(r.key, '0 0 0 0 0 0 0')}")
    return lines + ["四、政府信息公开行政复议、行政诉讼情况", " ".join(["0"] * 15)] + list(tail)


# ---------------------------------------------------------------- 1. rows shorter than their columns
def test_a_flattened_row_that_lost_its_empty_cells_is_not_placed_by_order():
    """`本年新收 | 3 | | | | | | 3 |` flattened to `本年新收 3 3`: the 3s could sit in any two columns."""
    result = read_lines(["三、收到和处理政府信息公开申请情况",
                         "一、本年新收政府信息公开申请数量 3 3", END])
    assert row(result, "new_received") == [None] * 7
    [detail] = details(result, "ambiguous_placement")
    assert detail.startswith("t3.new_received:")
    assert "3/_/_/_/_/_/3" in detail and "_/3/_/_/_/_/3" in detail     # the placements listed
    assert "21 of its 21 placements" in detail


def test_the_identities_may_leave_exactly_one_placement():
    """Everything else printed in full: the balance fixes where the two figures of row 一 sit."""
    result = read_lines(t3_lines({"new_received": "4 4", "granted": "4 0 0 0 0 0 4",
                                  "total_processed": "4 0 0 0 0 0 4"}))
    assert row(result, "new_received") == [4, 0, 0, 0, 0, 0, 4]
    [placed] = details(result, "placed_by_identities")
    assert placed.startswith("t3.new_received:") and "4/_/_/_/_/_/4" in placed
    # The five cells that were not printed say so, each by its key.
    lost = [d for d in details(result, "blank_as_zero") if "not printed" in d]
    assert sorted(d.split()[0] for d in lost) == sorted(f"t3.new_received.{c}" for c in T3_COLS[1:6])


def test_a_pipe_row_that_lost_its_empty_cells_is_ambiguous_without_identities():
    result = read_grid([["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                        ["规章", "4", "9"], [END]])
    assert [result.cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] \
        == [None, None, None]
    [detail] = details(result, "ambiguous_placement")
    assert "4/9/_" in detail and "4/_/9" in detail and "_/4/9" in detail


def test_placements_keep_the_cells_every_surviving_placement_agrees_on():
    """`规章 | 0 | 9`: 0 is first in every placement (or the first cell was a lost blank, also 0)."""
    result = read_grid([["第二十条第（一）项"], ["规章", "0", "9"], [END]])
    assert [result.cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] \
        == [0, None, None]


def test_a_short_table_4_is_not_spread_over_its_fifteen_columns_by_order():
    result = read_lines(["四、政府信息公开行政复议、行政诉讼情况", "2 2", END])
    assert all(result.cells[f"t4.cases.{c}"] is None for c in T4_COLS)
    assert "ambiguous_placement" in codes(result)


def test_a_row_of_only_zeros_and_blanks_is_zero_and_every_unprinted_cell_says_so():
    result = read_lines(["三、收到和处理政府信息公开申请情况", "二、上年结转政府信息公开申请数量 0 0", END])
    assert row(result, "carried_over") == [0] * 7
    assert any(d.startswith("t3.carried_over:") for d in details(result, "zero_row"))
    filled = " ".join(details(result, "blank_as_zero") + details(result, "derived_total"))
    assert all(f"t3.carried_over.{c}" in filled for c in T3_COLS[2:])


def test_cuts_that_break_the_row_sum_are_not_kept_as_figures():
    """`120 3 123` can be cut into exactly seven digits, 1/2/0/3/1/2/3, which break the row sum:
    the row is not read that way (it was 120 … 3 … 123 with its empty cells lost)."""
    result = read_lines(["三、收到和处理政府信息公开申请情况",
                         "一、本年新收政府信息公开申请数量 120 3 123", END])
    assert row(result, "new_received") == [None] * 7
    assert "split_refuted" in codes(result)
    assert any("120/_/_/3/_/_/123" in d for d in details(result, "ambiguous_placement"))


def test_merged_digits_that_satisfy_the_row_sum_are_still_split_as_before():
    result = read_lines(t3_lines({"new_received": "640020470", "granted": "640020470",
                                  "total_processed": "640020470"}))
    assert row(result, "new_received") == [64, 0, 0, 2, 0, 4, 70]


def _without_denied_2_and_3(stray: list[str]) -> list[list[str]]:
    """Table 3 with every row 0, rows 不予公开 2 and 3 missing and `stray` printed in their place."""
    rows = [["三、收到和处理政府信息公开申请情况"]]
    for r in T3:
        if r.key in ("denied_law_prohibited", "denied_security_stability"):
            continue
        rows.append([r.label] + ["0"] * 7)
        if r.key == "denied_state_secret":
            rows.append(stray)
    return rows + [[END]]


def test_one_unlabelled_row_in_a_gap_of_two_is_not_placed_by_guess():
    result = read_grid(_without_denied_2_and_3(["1", "0", "0", "0", "0", "0", "1"]))   # one, label lost
    assert row(result, "denied_law_prohibited") == [None] * 7
    assert row(result, "denied_security_stability") == [None] * 7
    assert any("t3.denied_law_prohibited" in d and "not known" in d for d in details(result, "orphan_row"))


def test_a_row_whose_leftover_label_names_its_number_is_placed_by_it():
    result = read_grid(_without_denied_2_and_3(["3.危及三安全", "1", "0", "0", "0", "0", "0", "1"]))
    assert row(result, "denied_security_stability") == [1, 0, 0, 0, 0, 0, 1]
    assert row(result, "denied_law_prohibited") == [None] * 7
    assert any(d.startswith("t3.denied_security_stability:") and "t3.denied_security_stability.*" in d
               for d in details(result, "row_label_inferred"))


# ---------------------------------------------------------------- 2. documents that end inside a table
def test_a_document_cut_inside_a_row_leaves_the_cells_it_never_reaches_null():
    lines = t3_lines({}, tail=[])[:-2]                       # no table 4, no section 五
    lines[-1] = "四、结转下年度继续办理 0 0 0"
    result = read_lines(lines)
    assert row(result, "carried_forward") == [0, 0, 0, None, None, None, None]
    [detail] = details(result, "truncated")
    assert "table 3" in detail and "t3.carried_forward.total" in detail
    # The same row followed by section 五 is a row that lost blank cells: all zeros.
    lines.append(END)
    assert row(read_lines(lines), "carried_forward") == [0] * 7


def test_a_cut_row_keeps_only_the_zeros_before_its_first_other_figure():
    """`0 2 0` at the end: was 2 in the second column, or did an empty cell collapse before it?"""
    lines = t3_lines({}, tail=[])[:-2]
    lines[-1] = "四、结转下年度继续办理 0 2 0"
    result = read_lines(lines)
    assert row(result, "carried_forward") == [0] + [None] * 6
    assert "truncated" in codes(result)


def test_a_cut_table_4_is_never_filled_with_zeros():
    result = read_lines(["四、政府信息公开行政复议、行政诉讼情况", "0 0 0 0 0"])
    values = [result.cells[f"t4.cases.{c}"] for c in T4_COLS]
    assert values == [0] * 5 + [None] * 10
    assert "truncated" in codes(result) and "zero_row" not in codes(result)


def test_a_document_that_ends_in_table_2_reads_no_later_table_and_says_so():
    result = read_grid([["二、主动公开政府信息情况"], ["第二十条第（一）项"],
                        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                        ["规章", "1", "0", "3"], ["行政规范性文件", "2"]])
    assert [result.cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 0, 3]
    assert [result.cells[f"t2.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] \
        == [None, None, None]
    assert all(v is None for k, v in result.cells.items() if not k.startswith("t2."))
    assert any("table 2" in d for d in details(result, "truncated"))


def test_a_last_figure_cut_short_by_the_end_of_the_file_is_not_read():
    """`…| 15 |` cut to `…| 1`: the row's sum fails only because of the cut; the total is unknown."""
    lines = t3_lines({}, tail=[])[:-2]
    lines[-1] = "四、结转下年度继续办理 | 10 | 5 | 0 | 0 | 0 | 0 | 1"
    result = read_lines(lines)
    assert row(result, "carried_forward") == [10, 5, 0, 0, 0, 0, None]
    assert "t3.carried_forward.total" in details(result, "truncated")[0]


def test_a_complete_report_is_not_called_truncated():
    result = read_lines(t3_lines({}))
    assert "truncated" not in codes(result)


def test_a_cut_off_html_download_parses_to_nulls_not_zeros():
    rows = "".join(f"<tr><td>{label}</td>" + "<td>0</td>" * 7 + "</tr>" for label in T3_LABELS[:10])
    page = ("<html><head><title>某某县某某局2023年政府信息公开工作年度报告</title></head><body>"
            "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>本年制发件数</p>"
            f"<p>三、收到和处理政府信息公开申请情况</p><table>{rows}<tr><td>{T3_LABELS[10]}</td>"
            "<td>0</td><td>0</td><td>")
    report = parse_bytes(page.encode(), "cut.html")
    assert report.format_version == "v2021" and report.status == "partial"
    assert "truncated" in [w.code for w in report.warnings]
    assert report.cells["t3.denied_process_info.total"] == 0
    got = [report.cells[f"t3.{T3[10].key}.{c}"] for c in T3_COLS]
    assert got[:2] == [0, 0] and got[3:] == [None] * 4
    assert all(report.cells[f"t3.{r.key}.total"] is None for r in T3[11:])
    assert all(report.cells[f"t4.cases.{c}"] is None for c in T4_COLS)


# ---------------------------------------------------------------- 3. a dangling label number
def test_the_number_of_the_next_label_left_at_the_end_of_a_line_is_not_a_figure():
    lines = t3_lines({}, tail=[END])
    i = lines.index(f"{T3_LABELS[ROW['denied_state_secret']]} 0 0 0 0 0 0 0")
    lines[i] += " 2"
    lines[i + 1] = lines[i + 1].replace("2.其他法律", ".其他法律")
    result = read_lines(lines)
    assert row(result, "denied_state_secret") == [0] * 7
    assert row(result, "denied_law_prohibited") == [0] * 7
    [detail] = details(result, "label_fragment")
    assert detail.startswith("t3.denied_state_secret:") and "'2'" in detail


def test_a_label_number_run_into_the_digits_is_cut_off_them():
    lines = ["三、收到和处理政府信息公开申请情况", "1.属于国家秘密00000002",
             ".其他法律行政法规禁止公开0000000", END]
    result = read_lines(lines)
    assert row(result, "denied_state_secret") == [0] * 7
    assert "label_fragment" in codes(result)


def test_an_eighth_figure_before_a_label_printed_without_its_number_is_that_number():
    rows = [["三、收到和处理政府信息公开申请情况"],
            ["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0", "2"],
            ["其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"], [END]]
    result = read_grid(rows)
    assert row(result, "denied_state_secret") == [0] * 7
    assert "label_fragment" in codes(result)


def test_a_label_number_left_in_the_last_cell_of_the_row_above_is_not_a_figure():
    rows = [["三、收到和处理政府信息公开申请情况"],
            ["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "2"],
            [".其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"], [END]]
    result = read_grid(rows)
    assert row(result, "denied_state_secret") == [0] * 7       # six figures + a lost cell: all 0
    assert row(result, "denied_law_prohibited") == [0] * 7
    assert "label_fragment" in codes(result)


def test_a_fragment_before_a_mangled_label_is_still_not_a_figure():
    lines = ["三、收到和处理政府信息公开申请情况", "1.属于国家秘密 1 0 0 0 0 0 1 2",
             ".其他法律行政止公开 0 0 0 0 0 0 0", END]
    result = read_lines(lines)
    assert row(result, "denied_state_secret") == [1, 0, 0, 0, 0, 0, 1]


def test_a_real_last_figure_before_a_numbered_label_is_kept():
    lines = ["三、收到和处理政府信息公开申请情况", "1.属于国家秘密 2 0 0 0 0 0 2",
             "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0", END]
    result = read_lines(lines)
    assert row(result, "denied_state_secret") == [2, 0, 0, 0, 0, 0, 2]
    assert "label_fragment" not in codes(result)


# ---------------------------------------------------------------- 4. every fill is named
def test_each_rule_that_fills_a_value_names_the_cell_it_filled():
    rows = [["三、收到和处理政府信息公开申请情况"],
            [T3_LABELS[0], "3", "", "—", "-", "/", "", ""],          # blanks, and a blank total
            [T3_LABELS[1], "", "", "", "", "", "", "0"]]
    result = read_grid(rows + [[END]])
    assert row(result, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert any(d.startswith("t3.new_received.total ") for d in details(result, "derived_total"))
    blanks = details(result, "blank_as_zero")
    for c in T3_COLS[1:6]:
        assert any(d.startswith(f"t3.new_received.{c} ") for d in blanks)
        assert any(d.startswith(f"t3.carried_over.{c} ") for d in blanks)


# ---------------------------------------------------------------- property: generated tables
VALUE = st.integers(0, 30) | st.just(0) | st.just(0)


@st.composite
def truths(draw):
    """A consistent v2021 table 3 and table 4 (every identity of §5 holds)."""
    cells: dict[str, list[int]] = {}
    for key in RESULT_ROWS:
        parts = [draw(VALUE) if draw(st.booleans()) else 0 for _ in range(6)]
        cells[key] = parts + [sum(parts)]
    processed = [sum(cells[k][c] for k in RESULT_ROWS) for c in range(7)]
    forward = [draw(st.integers(0, processed[c] + 3)) if c < 6 else 0 for c in range(7)]
    forward[6] = sum(forward[:6])
    over = [draw(st.integers(0, processed[c] + forward[c])) if c < 6 else 0 for c in range(7)]
    over[6] = sum(over[:6])
    new = [processed[c] + forward[c] - over[c] for c in range(7)]
    cells.update(new_received=new, carried_over=over, total_processed=processed,
                 carried_forward=forward)
    t4 = []
    for _ in range(3):
        parts = [draw(st.integers(0, 4)) for _ in range(4)]
        t4 += parts + [sum(parts)]
    return cells, t4


@st.composite
def documents(draw):
    """A printed form of a truth: exact cells with blank marks, pipe rows that may lose empty
    cells, or flattened lines; blanks only where a report may leave one (a 0, or a total);
    sometimes cut off anywhere inside the tables."""
    cells, t4 = draw(truths())
    shape = draw(st.sampled_from(["grid", "pipe", "loose"]))
    printed: dict[str, int] = {}
    rows: list[list[str]] = [["三、收到和处理政府信息公开申请情况"]]
    for r in T3:
        values = cells[r.key]
        out = []
        for c, v in enumerate(values):
            key = f"t3.{r.key}.{T3_COLS[c]}"
            blank = (v == 0 or c == 6) and draw(st.integers(0, 3)) == 0
            if blank:
                out.append(draw(st.sampled_from(["", "-", "—", "/"])) if shape == "grid" else "")
            else:
                out.append(str(v))
                printed[key] = v
        if shape == "loose" or (shape == "pipe" and draw(st.booleans())):
            kept = [x for x in out if x != ""]                      # empty cells collapse
            if shape == "loose" and sum(len(x) for x in kept) >= 7 and len(kept) < 7:
                # A flattened line whose digits could fill every column is read as runs that lost
                # their separators, not as lost empty cells (docs/parsing.md): print it in full.
                kept = [str(v) for v in values]
                printed.update({f"t3.{r.key}.{T3_COLS[c]}": v for c, v in enumerate(values)})
            out = kept
        rows.append([r.label] + out)
    rows.append(["四、政府信息公开行政复议、行政诉讼情况"])
    out = []
    for c, v in enumerate(t4):
        if (v == 0 or c % 5 == 4) and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(["", "-", "/"])) if shape == "grid" else "")
        else:
            out.append(str(v))
            printed[f"t4.cases.{T4_COLS[c]}"] = v
    if shape == "loose" or (shape == "pipe" and draw(st.booleans())):
        kept = [x for x in out if x != ""]
        if shape == "loose" and sum(len(x) for x in kept) >= 15 and len(kept) < 15:
            kept = [str(v) for v in t4]
            printed.update({f"t4.cases.{T4_COLS[c]}": v for c, v in enumerate(t4)})
        out = kept
    rows.append(out or ["-"])
    cut = draw(st.none() | st.floats(0.05, 1.0))          # where a truncated copy ends
    if cut is None:
        rows.append([END])
    if shape == "grid":
        doc = [[Cell(t, True, f"row {i} col {j}") for j, t in enumerate(r)] for i, r in enumerate(rows)]
        if cut is not None:          # the first cells, the last one possibly cut inside its text
            left = max(1, int(cut * sum(len(r) for r in doc)))
            kept = []
            for r in doc:
                if left <= 0:
                    break
                kept.append(r[:left])
                left -= len(r)
            last = kept[-1][-1]
            keep = draw(st.integers(1, max(1, len(last.text))))
            kept[-1][-1] = Cell(last.text[:keep], True, last.where)
            doc = kept
    else:
        sep = " | " if shape == "pipe" else " "
        text = "\n".join(("| " + sep.join(r) + " |") if shape == "pipe" and len(r) > 1
                         else sep.join(r) for r in rows)
        if cut is not None:          # a download cut at any character
            text = text[:max(1, int(cut * len(text)))]
        doc = read_text(text).rows
    return cells, t4, printed, doc


def _filled_keys(warnings) -> tuple[set[str], set[str]]:
    """Cell keys named by a fill warning, and row prefixes ('t3.x') named by a row fill."""
    keys, rows_ = set(), set()
    for code, detail in warnings:
        if code in ("blank_as_zero", "derived_total"):
            keys.add(detail.split()[0])
        elif code in ROW_FILLS:
            rows_.add(detail.split(":")[0])
    return keys, rows_


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_no_cell_is_wrong_and_no_value_appears_unprinted_without_a_warning(doc):
    cells, t4, printed, rows = doc
    result = TableReader("v2021").read(rows)
    truth = {f"t3.{k}.{T3_COLS[c]}": v for k, vs in cells.items() for c, v in enumerate(vs)}
    truth.update({f"t4.cases.{T4_COLS[c]}": v for c, v in enumerate(t4)})
    filled, filled_rows = _filled_keys(result.warnings)
    for key, value in result.cells.items():
        if value is None or key.startswith("t2."):
            continue
        # never a wrong number
        assert value == truth[key], (key, value, truth[key], result.warnings)
        # printed, or filled with a warning that names the cell
        assert key in printed or key in filled or key.rsplit(".", 1)[0] in filled_rows, \
            (key, result.warnings)
    # a fill never stands where a figure was printed and read
    for key in filled:
        if key in printed and result.cells.get(key) is not None:
            assert result.cells[key] == printed[key]
    # a derived total is the sum of the parts beside it
    for code, detail in result.warnings:
        if code == "derived_total":
            key = detail.split()[0]
            table, r, _ = key.split(".")
            if table == "t3":
                parts = [result.cells[f"t3.{r}.{c}"] for c in T3_COLS[:6]]
                if None not in parts:
                    assert result.cells[key] == sum(parts)
    # the checks never fail on a consistent truth
    assert not [c for c in run_checks("v2021", result.cells) if c.status == "fail"]
