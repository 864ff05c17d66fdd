"""报告 page: every figure traceable (issue #14). Picking a cell of the statutory tables shows the
exact characters it was read from, highlighted in its line of the source text (the parser's line
and character span; the page for a PDF), and the parser's warnings on that cell."""
from __future__ import annotations

import pytest

from gongkai.parse.provenance import parse_where
from tests.app.test_pages import run_page


def _report(app_db, name: str) -> int:
    from gongkai.store import connect_read, run

    con = connect_read(app_db)
    try:
        frame = run(con, "SELECT r.report_id FROM reports AS r JOIN documents AS d "
                         "ON d.sha256 = r.document_sha256 WHERE d.original_name = ? "
                         "ORDER BY r.report_id DESC", [name])
    finally:
        con.close()
    return int(frame["report_id"].iloc[0])


def _source(app_db, report_id: int, cell_key: str) -> tuple[str, str]:
    from gongkai.store import connect_read, run

    con = connect_read(app_db)
    try:
        frame = run(con, "SELECT raw_text, source_where FROM cells WHERE report_id = ? AND cell_key = ?",
                    [report_id, cell_key])
    finally:
        con.close()
    return frame["raw_text"].iloc[0], frame["source_where"].iloc[0]


def _pick(app, cell_key: str):
    app.selectbox(key="rp_cell").set_value(cell_key).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _texts(app) -> str:
    return "\n".join([m.value for m in app.markdown] + [c.value for c in app.caption]
                     + [t.value for t in app.text])


def test_a_figure_of_a_run_together_line_is_highlighted_to_the_character(app, app_db):
    """r004.txt prints its tables on one 5 KB line: the page shows that figure's digits only."""
    rid = _report(app_db, "r004.txt")
    run_page(app, "report", report=str(rid))
    key = "t2.administrative_license.decisions"
    raw, where = _source(app_db, rid, key)
    pos = parse_where(where)
    assert raw == "2293" and pos["line_span"][1] - pos["line_span"][0] == 4
    _pick(app, key)
    shown = _texts(app)
    a, b = pos["line_span"]
    assert f"原文第 {pos['line']} 行第 {a}–{b} 字符" in shown
    highlighted = [m.value for m in app.markdown if ":orange-background[" in m.value]
    assert len(highlighted) == 1 and ":orange-background[**2293**]" in highlighted[0]
    assert len(highlighted[0]) < 400                   # a window of the line, not the whole line
    assert "读取的字符：2293" in shown
    assert app.selectbox(key="rp_cell").value == key


def test_a_blank_read_as_zero_shows_its_warning_and_its_pdf_page(app, app_db):
    rid = _report(app_db, "r027.pdf")
    run_page(app, "report", report=str(rid))
    key = "t3.new_received.commercial_enterprise"
    _pick(app, key)
    shown = _texts(app)
    assert "PDF 第 5 页" in shown
    assert "此单元格的解析警告" in shown
    warned = next(d.value for d in app.dataframe if "code" in d.value.columns
                  and len(d.value) <= 3 and d.value["detail"].str.contains("空白").any())
    assert "空白单元格按 0 读取" in set(warned["code"])


def test_an_ambiguous_cell_lists_its_readings(app, app_db):
    rid = _report(app_db, "r004.txt")
    run_page(app, "report", report=str(rid))
    _pick(app, "t2.normative_documents.issued")
    shown = _texts(app)
    assert "此单元格未能读取（空值）" in shown
    warned = [d.value for d in app.dataframe if "code" in d.value.columns and len(d.value) <= 3]
    assert warned and "连写数字无法唯一拆分" in set(warned[0]["code"])


def test_nothing_is_traced_until_a_cell_is_picked_and_the_english_view_says_it_in_english(app, app_db):
    rid = _report(app_db, "r004.txt")
    run_page(app, "report", report=str(rid), lang="en")
    assert app.selectbox(key="rp_cell").value == ""
    assert not [m for m in app.markdown if ":orange-background[" in m.value]
    picker = app.selectbox(key="rp_cell")
    shown = [i for i, o in enumerate(picker.options) if o.startswith("table 2 [") and o.endswith("= 2,293")]
    assert len(shown) == 1, picker.options[:5]                     # the cells named in English
    picker.select_index(shown[0]).run()
    assert app.selectbox(key="rp_cell").value == "t2.administrative_license.decisions"
    assert "Source: text line" in _texts(app)


@pytest.mark.parametrize("name", ["r022.txt"])
def test_an_empty_cell_is_located_without_characters(app, app_db, name):
    rid = _report(app_db, name)
    run_page(app, "report", report=str(rid))
    _pick(app, "t3.new_received.commercial_enterprise")
    shown = _texts(app)
    assert "空白单元格（无字符）" in shown and "原文第" in shown


def test_selecting_a_cell_in_a_grid_traces_it(app, app_db):
    """A single-cell selection in a statutory grid becomes the traced cell (the picker follows)."""
    rid = _report(app_db, "r004.txt")
    run_page(app, "report", report=str(rid))
    grid = next(d for d in app.dataframe if "行政许可" in list(d.value.index))
    row = list(grid.value.index).index("行政许可")
    app.session_state["rp_t2"] = {"selection": {"rows": [], "columns": [],
                                                "cells": [[row, "处理决定数量"]]}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="rp_cell").value == "t2.administrative_license.decisions"
    assert any(":orange-background[**2293**]" in m.value for m in app.markdown)


def test_the_traced_cell_is_in_the_url_and_a_link_restores_it(app, app_db):
    rid = _report(app_db, "r004.txt")
    run_page(app, "report", report=str(rid))
    _pick(app, "t2.administrative_license.decisions")
    assert app.query_params["cell"] == ["t2.administrative_license.decisions"] or \
        app.query_params["cell"] == "t2.administrative_license.decisions"
    from streamlit.testing.v1 import AppTest
    from tests.app.conftest import MAIN

    other = AppTest.from_file(MAIN, default_timeout=60)
    other.run()
    other.query_params["report"] = str(rid)
    other.query_params["cell"] = "t2.administrative_penalty.decisions"
    other.switch_page("app_pages/report.py")
    other.run()
    assert not other.exception, [e.value for e in other.exception]
    assert other.selectbox(key="rp_cell").value == "t2.administrative_penalty.decisions"
    assert any(":orange-background[**1282**]" in m.value for m in other.markdown)


@pytest.mark.parametrize("where, zh", [
    ("line 10 chars 2149-2153; text line 10 chars 2149-2153", "第 10 行第 2149–2153 字符；原文第 10 行第 2149–2153 字符"),
    ("page 5 table 1 row 2 col 5 chars 0-1; text line 78 chars 24-25",
     "第 5 页第 1 个表格第 2 行第 5 列第 0–1 字符；原文第 78 行第 24–25 字符"),
    ("text line 3 chars 5-17", "原文第 3 行第 5–17 字符"),
    ("title (document metadata)", "标题（文档元数据）"),
])
def test_a_source_place_is_named_in_chinese(where, zh):
    from gongkai.dashboard import i18n

    assert i18n.detail_text(where, "zh") == zh
    assert i18n.detail_text(where, "en") == where


def test_a_pdf_cell_shows_a_rendered_crop_of_its_table_with_the_cell_outlined(app, app_db):
    """For a PDF the page also shows the table region the figure was read from (pdf_crop.py)."""
    import numpy as np
    from PIL import Image

    from gongkai.parse.pdf_crop import cell_crop
    from gongkai.store import read_document

    rid = _report(app_db, "r027.pdf")
    run_page(app, "report", report=str(rid))
    key = "t3.new_received.total"
    _, where = _source(app_db, rid, key)
    _pick(app, key)
    images = app.get("image")
    assert len(images) == 1 and "PDF 原件中该单元格所在的表格区域" in str(images[0].proto)
    # the crop itself: the cell's box found again on its page, outlined in red
    image = cell_crop(read_document(app_db, _document_sha(app_db, rid)), where)
    assert isinstance(image, Image.Image) and image.width > 200
    px = np.asarray(image).astype(int)
    reds = int(((px[..., 0] > 180) & (px[..., 1] < 90) & (px[..., 2] < 90)).sum())
    assert reds > 50                                        # the outline is drawn
    assert cell_crop(b"not a pdf", where) is None           # a bad document shows no crop
    assert cell_crop(read_document(app_db, _document_sha(app_db, rid)), "line 3 chars 0-1") is None


def _document_sha(app_db, report_id: int) -> str:
    from gongkai.store import connect_read, run

    con = connect_read(app_db)
    try:
        return run(con, "SELECT document_sha256 FROM reports WHERE report_id = ?",
                   [report_id])["document_sha256"].iloc[0]
    finally:
        con.close()
