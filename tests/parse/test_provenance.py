"""Provenance to the character (issue #13 §5): every figure's source names the line and the span of
the characters it was read from, a run-together line's figures their own few digits, and the
metadata fields the same (docs/parse-output.md, "Provenance")."""
from __future__ import annotations

import pytest

from gongkai.parse.normalize import normalize, printed_span
from gongkai.parse.provenance import META_FIELDS, format_where, parse_where
from gongkai.parse.source import Cell
from gongkai.parse.splitter import read_row
from gongkai.parse.tokens import RUN, tokenizer_for
from tests.conftest import corpus_cases


def _at(text: str, line: int, span) -> str:
    return text.split("\n")[line - 1][span[0]:span[1]]


@pytest.mark.parametrize("name", corpus_cases())
def test_every_cell_points_at_its_own_characters(name, parsed):
    report = parsed(name)
    for key, value in report.cells.items():
        if value is None:
            continue
        src = report.provenance[key]
        assert src.span is not None, f"{name} {key}: no span ({src.where})"
        assert src.cell[src.span[0]:src.span[1]] == src.raw, f"{name} {key}: {src}"
        assert _at(report.text, src.line, src.line_span) == src.raw, f"{name} {key}: {src}"
        where = parse_where(src.where)
        assert (where["span"], where["line"], where["line_span"]) == (src.span, src.line, src.line_span)
        if src.raw.strip():           # a printed figure (an empty cell read as 0 has no characters)
            assert any(c.isdigit() for c in src.raw) or normalize(src.raw) in ("-", "—", "/", "无", "—-"), src
            assert len(src.raw) <= 24, f"{name} {key}: {src.raw!r} is not one figure"


@pytest.mark.parametrize("name", corpus_cases())
def test_metadata_fields_point_at_their_characters(name, parsed):
    report = parsed(name)
    for field in META_FIELDS:
        value = getattr(report, field)
        if value is None:
            continue
        src = report.provenance.get(field)
        assert src is not None, f"{name}: {field} = {value!r} without a source"
        where = parse_where(src.where)
        if where["line"] is None:
            assert src.where.startswith(("title", "meta")), src
            continue
        assert _at(report.text, where["line"], where["line_span"]) == src.raw
    if report.proactive_count is not None:
        raw = report.provenance["proactive_count"].raw
        assert normalize(raw).replace(",", "") == str(report.proactive_count)
    if report.year is not None and "year" in report.provenance:
        assert normalize(report.provenance["year"].raw) == str(report.year)


def test_run_together_line_gives_each_cell_a_few_characters(parsed):
    """r004.txt prints every table on one 5 KB line: a cell's span is its digits, not the line."""
    report = parsed("r004.txt")
    line10 = [src for key, src in report.provenance.items()
              if key.startswith("t") and src.where.startswith("line 10 ")]
    assert len(line10) > 150
    assert all(len(src.cell) > 2000 for src in line10)
    assert all(0 < src.span[1] - src.span[0] <= 12 for src in line10 if src.raw)
    assert len({src.span for src in line10}) == len(line10)       # no two cells share characters
    src = report.provenance["t2.administrative_license.decisions"]
    assert src.raw == str(report.cells["t2.administrative_license.decisions"])
    assert src.where == (f"line 10 chars {src.span[0]}-{src.span[1]}; "
                         f"text line 10 chars {src.span[0]}-{src.span[1]}")


def test_cut_run_parts_get_their_own_spans():
    """`640020470` cut into 7 cells: each part has its own digits; full-width digits and an
    ideographic space map back to the printed characters."""
    printed = "一、本年新收政府信息公开申请数量\u3000６４００２０４７０"
    tokens = tokenizer_for("v2021").tokens([[Cell(printed, False, "line 7")]])
    runs = [t for t in tokens if t.kind == RUN]
    assert len(runs) == 1
    reading = read_row(runs, ("count",) * 7, "t3.new_received")
    values = {tuple(f.value for f in cand) for cand in reading.candidates}
    assert (64, 0, 0, 2, 0, 4, 70) in values
    cand = next(c for c in reading.candidates if tuple(f.value for f in c) == (64, 0, 0, 2, 0, 4, 70))
    shown = [printed[slice(*printed_span(printed, *f.span))] for f in cand]
    assert shown == ["６４", "０", "０", "２", "０", "４", "７０"]


def test_printed_span_through_normalisation():
    for printed, figure in (("  12 件 ", "12"), ("數(shù)據(jù) 12\u00a034", "34"),
                            ("“共计” 1,234条", "1,234"), ("规章０００行政", "000")):
        text = normalize(printed)
        at = text.index(figure)
        a, b = printed_span(printed, at, at + len(figure))
        assert normalize(printed[a:b]) == figure


def test_where_round_trips():
    where = format_where("page 2 table 1 row 4 col 3", (0, 2), 57, (10, 12))
    assert where == "page 2 table 1 row 4 col 3 chars 0-2; text line 57 chars 10-12"
    assert parse_where(where) == {"cell": "page 2 table 1 row 4 col 3", "span": (0, 2), "line": 57,
                                  "line_span": (10, 12)}
    assert parse_where("line 118") == {"cell": "line 118", "span": None, "line": None, "line_span": None}
    assert parse_where("text line 3 chars 4-9")["line_span"] == (4, 9)
