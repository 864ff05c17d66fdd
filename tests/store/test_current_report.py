"""Which document of an agency+year is current: renderings of one report give the same answer in any
upload order, a correction still replaces what it corrects, and documents that are not reports are
never current (docs/warehouse.md, versioning)."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from gongkai import config
from gongkai.parse import parse_bytes
from gongkai.store import db
from gongkai.store.derived import Version, choose_current, rendering_rank
from gongkai.store.ingest import ingest_paths
from gongkai.store.writer import data_file_kind, not_a_report_reason

REPORTS = config.BUNDLED_REPORTS_DIR
R027 = ("r027.html", "r027.pdf", "r027.docx")          # 沭阳县发展和改革局 2023, one report in three shapes
SEED = "000_871f94abbc050ee9.txt"


def _current(path: Path, agency: str, year: int) -> list[dict]:
    con = db.connect_read(path)
    try:
        return db.run(con, """
            SELECT d.original_name, r.report_id, r.status, r.version, r.superseded_by
            FROM reports AS r JOIN documents AS d ON d.sha256 = r.document_sha256
            JOIN agencies AS a ON a.agency_id = r.agency_id
            WHERE a.name = ? AND r.year = ? AND r.is_current""", [agency, year]).to_dict("records")
    finally:
        con.close()


def _history(path: Path) -> dict[str, tuple]:
    con = db.connect_read(path)
    try:
        rows = db.run(con, "SELECT original_name, is_current, superseded_by FROM report_history")
        current = {r.original_name: r for r in rows.itertuples() if r.is_current}
        return {r.original_name: (bool(r.is_current), r.superseded_by) for r in rows.itertuples()}, current
    finally:
        con.close()


@pytest.mark.parametrize("order", list(itertools.permutations(R027)), ids="-".join)
def test_the_same_report_as_html_pdf_and_docx_gives_one_current_report_in_any_order(tmp_path, parser,
                                                                                     order):
    separate = tmp_path / "one-per-run.duckdb"
    for name in order:                                   # one ingest per file, in this order
        ingest_paths([REPORTS / name], separate, parser=parser)
    together = tmp_path / "one-run.duckdb"
    summary = ingest_paths([REPORTS / name for name in order], together, parser=parser)

    for path in (separate, together):
        current = _current(path, "沭阳县发展和改革局", 2023)
        assert [c["original_name"] for c in current] == ["r027.html"]     # the HTML page, always
        history, _ = _history(path)
        assert sorted(history) == sorted(R027)
        html_id = current[0]["report_id"]
        assert {n: h for n, h in history.items() if n != "r027.html"} == {
            "r027.pdf": (False, html_id), "r027.docx": (False, html_id)}

    # the summary says so: the HTML is new or the update, the others are kept as renderings
    by_name = {Path(o.origin).name: o for o in summary.outcomes}
    assert by_name["r027.html"].result == ("new" if order[0] == "r027.html" else "updated")
    for name in ("r027.pdf", "r027.docx"):
        assert by_name[name].result == "new"
        assert "kept in the history" in by_name[name].reason
        assert "same figures as report" in by_name[name].reason and "(HTML)" in by_name[name].reason


@pytest.mark.parametrize("first_seed", [True, False])
def test_byte_variants_with_the_same_figures_fall_back_to_the_smaller_sha256(tmp_path, parser, first_seed):
    variant = tmp_path / "seed-variant.txt"
    variant.write_bytes((REPORTS / SEED).read_bytes() + b"\n")      # same text, same figures, new bytes
    docs = [REPORTS / SEED, variant] if first_seed else [variant, REPORTS / SEED]
    path = tmp_path / "w.duckdb"
    for doc in docs:
        ingest_paths([doc], path, parser=parser)
    con = db.connect_read(path)
    shas = db.run(con, "SELECT d.original_name, d.sha256 FROM documents d")
    con.close()
    smallest = shas.sort_values("sha256")["original_name"].iloc[0]
    assert [c["original_name"] for c in _current(path, "遂宁市安居区商务局", 2022)] == [smallest]


def test_a_correction_replaces_the_better_rendering_it_corrects(tmp_path, parser):
    """Renderings are compared only when their figures agree: a corrected page (one figure differs)
    is a new edition, so it becomes current whatever it ranks; arrival order decides between
    editions, and a late copy of the old edition joins the old edition."""
    html = (REPORTS / "r027.html").read_text(encoding="utf-8")
    assert html.count(">18</span>") == 1                  # t2.normative_documents.in_force
    corrected = tmp_path / "r027-corrected.html"
    corrected.write_text(html.replace(">18</span>", ">19</span>"), encoding="utf-8")
    fixed = parse_bytes(corrected.read_bytes(), corrected.name)
    assert fixed.status == "parsed" and fixed.cells["t2.normative_documents.in_force"] == 19

    path = tmp_path / "w.duckdb"
    ingest_paths([REPORTS / "r027.html", REPORTS / "r027.docx"], path, parser=parser)
    summary = ingest_paths([corrected], path, parser=parser)
    assert summary.outcomes[0].result == "updated"
    assert [c["original_name"] for c in _current(path, "沭阳县发展和改革局", 2023)] == ["r027-corrected.html"]
    # a late PDF of the old edition joins that edition: it does not undo the correction
    summary = ingest_paths([REPORTS / "r027.pdf"], path, parser=parser)
    assert summary.outcomes[0].result == "new"
    assert "superseded by report" in summary.outcomes[0].reason
    assert [c["original_name"] for c in _current(path, "沭阳县发展和改革局", 2023)] == ["r027-corrected.html"]


# --- the rule itself, on made-up versions ------------------------------------------------------------

def _v(rid, complete=True, figures=200, media="text/html", sha=None):
    return Version(rid, complete, figures, rendering_rank(media), sha or f"{rid:064x}")


def test_rendering_order_is_html_docx_pdf_then_the_rest():
    order = ["text/html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "application/pdf", "text/plain", "text/markdown", None]
    assert [rendering_rank(m) for m in order] == [0, 1, 2, 3, 3, 3]


@pytest.mark.parametrize("arrival", list(itertools.permutations(range(4))))
def test_agreeing_renderings_prefer_complete_then_more_figures_then_kind_then_sha(arrival):
    pool = [_v(1, complete=False, figures=199, media="text/html"),     # partial HTML
            _v(2, figures=200, media="application/pdf"),
            _v(3, figures=200, media="text/plain", sha="0" * 64),
            _v(4, figures=200, media="application/pdf", sha="f" * 64)]
    versions = [Version(i + 1, *[getattr(pool[j], f) for f in ("complete", "figures", "rank", "sha256")])
                for i, j in enumerate(arrival)]
    current, notes = choose_current(versions, conflicts=set())
    winner = arrival[current - 1]
    assert winner == 1                            # index 1 = the complete PDF with the smaller sha256
    assert set(notes.values()) == {"rendering"}


def test_more_figures_beat_a_better_kind():
    current, _ = choose_current([_v(1, figures=190), _v(2, figures=200, media="application/pdf")], set())
    assert current == 2


def test_editions_follow_arrival_but_a_partial_never_replaces_a_complete_one():
    versions = [_v(1), _v(2, media="text/plain"), _v(3, complete=False, figures=150)]
    conflicts = {(1, 2), (1, 3), (2, 3)}
    current, notes = choose_current(versions, conflicts)
    assert current == 2 and notes == {1: "superseded", 3: "incomplete"}


def test_a_document_joins_the_latest_edition_it_agrees_with():
    # 1 and 2 are editions (2 corrects 1); 3 agrees with 1 only; 4 (few cells) agrees with both
    versions = [_v(1), _v(2, media="text/plain"), _v(3, media="text/html", sha="0" * 64),
                _v(4, complete=False, figures=20)]
    current, notes = choose_current(versions, {(1, 2), (2, 3)})
    assert current == 2
    assert notes == {1: "superseded", 3: "superseded", 4: "rendering"}


# --- documents that are not reports ------------------------------------------------------------------

@pytest.mark.parametrize("data,kind", [
    (b'{"file": "r027.html", "cells": {"t3.new_received.total": 26}}', "JSON"),
    (b'\xef\xbb\xbf[1, 2, 3]', "JSON"),
    (b'{"url": "a"}\n{"url": "b"}\n', "JSON Lines"),
    ("file\tagency\tyear\nr027.html\t沭阳县发展和改革局\t2023\n".encode(), "TSV"),
    ("file,agency,year\nr027.html,沭阳县发展和改革局,2023\n".encode("gb18030"), "CSV"),
])
def test_structured_data_files_are_recognised(data, kind):
    assert data_file_kind(data) == kind


@pytest.mark.parametrize("name", ["r027.html", SEED, "r004.txt", "r028.txt", "r033.txt", "r012.txt",
                                  "p2015.html"])
def test_real_reports_and_excerpts_stay_reports(name):
    data = (REPORTS / name).read_bytes()
    report = parse_bytes(data, name)
    assert report.status in ("parsed", "partial")
    assert data_file_kind(data) is None and not_a_report_reason(data, report) is None


def test_a_readable_looking_file_without_agency_or_figures_is_not_a_report():
    data = "# 说明\n\n本文件夹收录2023年政府信息公开工作年度报告样本。\n".encode()
    report = parse_bytes(data, "NOTES.md")
    report.status = "partial"                 # whatever the parser says, nothing identifies a report
    assert "no agency name and no figure" in not_a_report_reason(data, report)
    figures = parse_bytes(json.dumps({"cells": {"t3.new_received.total": 1}}).encode(), "x.json")
    figures.status = "partial"
    assert "JSON" in not_a_report_reason(json.dumps({"a": 1}).encode(), figures)
