"""gongkai.parse.labels: cell, row, format and scope labels as printed on the form; and the vocabularies
of gongkai.model that those labels and the dashboard pages key on.

(Named test_cell_labels.py: tests/app/test_labels.py exists and test folders are not packages.)
"""
from __future__ import annotations

import ast
from importlib import resources

import pytest

from gongkai import model
from gongkai.parse.formats import FORMATS, T4_COLS
from gongkai.parse.labels import (SCOPE_LABELS, T4_LEAVES, VERSION_LABELS, cell_label, compact_cell_labels,
                                  format_value, row_label, t4_label, version_label)


@pytest.mark.parametrize("key, label", [
    ("t3.granted.natural_person", "表3「（一）予以公开」×「自然人」"),
    ("t3.carried_forward.total", "表3「四、结转下年度继续办理」×「总计」"),
    ("t2.administrative_fees.amount_wan_yuan", "表2「行政事业性收费」×「本年收费金额（单位：万元）」"),
    ("t2.centralized_procurement.procurement_amount", "表2「政府集中采购」×「采购总金额」"),   # v2019 only
    ("t4.cases.review_upheld", "表4「行政复议」×「结果维持」"),
    ("t4.cases.lit_after_review_total", "表4「行政诉讼/复议后起诉」×「总计」"),
    ("t3.denied_total.total", "表3「（三）不予公开」×「总计」"),                           # derived subtotal
    ("t3.no_such_row.total", "t3.no_such_row.total"),
])
def test_cell_label(key, label):
    assert cell_label(key) == label


def test_every_cell_of_both_formats_has_a_printed_label():
    for fmt in FORMATS.values():
        for cell in fmt.cells:
            label = cell_label(cell.key)
            assert label.startswith(f"表{cell.table[1]}「") and cell.col_label.split("/")[-1] in label


def test_compact_cell_labels_folds_whole_rows_and_keeps_form_order():
    row = [c.key for c in FORMATS["v2021"].cells if c.row == "granted"]
    keys = ["t4.cases.review_total", *row, "t3.new_received.total"]
    assert compact_cell_labels(keys, "v2021") == (
        "表3「一、本年新收政府信息公开申请数量」×「总计」；表3「（一）予以公开」（整行）；表4「行政复议」×「总计」")
    assert compact_cell_labels([f"t4.cases.{c}" for c in T4_COLS], "v2019") == "表4（整表）"
    many = [c.key for c in FORMATS["v2021"].cells if c.table == "t2"][:5]
    assert compact_cell_labels(many, "v2021", limit=2).endswith(" 等共 3 处")


def test_row_label_by_version_and_fallback():
    assert row_label("t2", "normative_documents", "v2021") == "行政规范性文件"
    assert row_label("t2", "normative_documents", "v2019") == "规范性文件"
    assert row_label("t2", "normative_documents") == "行政规范性文件"        # first format that has it
    assert row_label("t2", "other_external_services", "pre2019") == "其他对外管理服务事项"
    assert row_label("t3", "nothing") == "nothing"


def test_t4_labels():
    assert T4_LEAVES == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert t4_label("lit_direct_pending") == ("行政诉讼/未经复议直接起诉", "尚未审结")


@pytest.mark.parametrize("value, text", [(None, ""), (0, "0"), (12.0, "12"), (35.5, "35.5"),
                                         (1 / 3, "0.333333"), (52000000, "52000000"), (-2.25, "-2.25")])
def test_format_value(value, text):
    assert format_value(value) == text


def test_version_and_scope_labels_cover_the_vocabulary():
    assert set(VERSION_LABELS) == set(FORMATS)
    assert version_label("v2021").startswith("2021年版格式") and version_label("pre2019") == "pre2019"
    assert tuple(SCOPE_LABELS) == model.SCOPES


# --- vocabularies -----------------------------------------------------------------------------------

def test_model_scope_vocabularies_are_consistent():
    assert set(model.COMPONENT_SCOPES) | set(model.AGGREGATE_SCOPES) < set(model.SCOPES)
    assert not set(model.COMPONENT_SCOPES) & set(model.AGGREGATE_SCOPES)
    assert model.FILTER_SCOPES == model.SPECIAL_FILTER_SCOPES + model.SCOPES
    assert not set(model.SPECIAL_FILTER_SCOPES) & set(model.SCOPES)


def _page_constant(page: str, name: str):
    """A module-level literal of a dashboard page (pages are Streamlit scripts: read, not imported)."""
    tree = ast.parse((resources.files("gongkai.dashboard.app_pages") / page).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{page} has no {name}")


@pytest.mark.parametrize("page", ["compare.py", "applications.py"])
def test_page_outcome_subsets_are_model_outcomes(page):
    outcomes = _page_constant(page, "OUTCOMES")
    assert outcomes and set(outcomes) <= set(model.OUTCOMES)
