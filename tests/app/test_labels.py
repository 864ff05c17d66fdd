"""Every table on every page shows translated column headers (zh and en) and blank, not "None",
for missing values; every category label exists in both languages; exports show the headers and carry
the machine names alongside (a second CSV header row, the XLSX dictionary sheet)."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from gongkai.dashboard import exports
from gongkai.dashboard import i18n
from tests.app.test_pages import PAGES, run_page


def _label_values(lang: str) -> set[str]:
    """Every category label in `lang`: the report page's statutory grids use them as headers."""
    return {pair[1 if lang == "en" else 0] for kind in i18n.LABELS.values() for pair in kind.values()}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_column_label_exists_in_both_languages():
    for name, (zh, en) in i18n.COLUMNS.items():
        assert zh and en, name
        assert _has_cjk(zh) or zh in ("n",), name
        assert not _has_cjk(en), name


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_table_column_has_a_header_in_the_language(app, page, lang, broken_report_id,
                                                          pingtan_agency_id):
    query = {"lang": "en"} if lang == "en" else {}
    if page == "report":
        query["report"] = str(broken_report_id)
    if page == "agency":
        query["agency_id"] = str(pingtan_agency_id)
    run_page(app, page, **query)
    grid_labels = _label_values(lang)
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        assert frame.proto.placeholder == "", f"{page}: missing values would show as 'None'"
        for col in frame.value.columns:
            if col in grid_labels:               # the report page's statutory grids
                continue
            assert col in i18n.COLUMNS, f"{page}: column {col!r} has no entry in i18n.COLUMNS"
            label = config.get(str(col), {}).get("label")
            assert label, f"{page}: column {col!r} is shown with its raw name"
            if col not in ("open", "agency_link", "grant_rate"):   # pages may name these more precisely
                assert label == i18n.column(col, lang), (page, col, label)
            assert _has_cjk(label) == (lang == "zh") or label == "n", (page, col, label)


def test_report_grid_cells_a_row_does_not_have_are_blank(app, broken_report_id):
    run_page(app, "report", report=str(broken_report_id))
    t2 = next(d.value for d in app.dataframe if list(d.value.index)[:1] == ["规章"])
    assert t2.loc["行政许可", "本年制发件数"] == ""          # 行政许可 has only 处理决定数量
    assert t2.loc["行政许可", "处理决定数量"] == "0"
    assert not t2.isin(["None", "nan", "<NA>"]).any().any()


def test_exports_show_the_headers_and_carry_the_machine_names():
    df = pd.DataFrame({"year": [2022], "report_count": [3]})
    meta = exports.ExportMeta(title="t", query_name="q", definition="d", unit="u", caveats="c",
                              filters="f", data_version="v", lang="zh",
                              columns=tuple((c, i18n.column(c, "zh")) for c in df.columns))
    book = pd.read_excel(io.BytesIO(exports.xlsx_bytes(df, meta)), sheet_name=None)
    assert list(book) == ["数据", "说明", "字段与代码"]
    assert list(book["数据"].columns) == ["年度", "报告数"]
    names = book["字段与代码"]
    assert names[["字段", "名称"]].values.tolist() == [["year", "年度"], ["report_count", "报告数"]]
    assert "report_count: 报告数" in meta.text()
    lines = exports.csv_bytes(df, meta).decode("utf-8-sig").splitlines()
    assert lines[:2] == ["年度,报告数", "year,report_count"]


@pytest.mark.parametrize("kind", sorted(i18n.LABELS))
def test_every_category_label_exists_in_both_languages(kind):
    for key, (zh, en) in i18n.LABELS[kind].items():
        assert zh and en, (kind, key)
        assert _has_cjk(zh) or kind == "format", (kind, key, zh)
        assert not _has_cjk(en), (kind, key, en)


@pytest.mark.parametrize("column,code,zh,en", [
    ("check_id", "T3.balance", "表三收支平衡（新收 + 上年结转 = 办结 + 结转下年）",
     "Table 3 balance (new + carried over = processed + carried forward)"),
    ("scope", "cases", "表四案件", "Table 4 cases"),
    ("code", "blank_as_zero", "空白单元格按 0 读取", "blank cell read as 0"),
    ("format_version", "pre2019", "2019 年以前", "before 2019"),
    ("result", "updated", "更新", "updated"),
    ("report_scope", "jurisdiction_aggregate", "本行政区汇总", "Jurisdiction aggregate"),
    ("is_current", True, "是", "yes"),
])
def test_machine_codes_in_table_values_are_named(column, code, zh, en):
    assert i18n.value_label(column, code, "zh") == zh
    assert i18n.value_label(column, code, "en") == en


def test_values_that_are_no_codes_stay_as_they_are():
    assert i18n.value_label("agency_name", "平潭综合实验区", "zh") == "平潭综合实验区"
    assert i18n.value_label("status", "不是代码", "zh") == "不是代码"
    assert i18n.value_label("year", 2022, "zh") == 2022


def test_tables_on_the_agency_page_name_their_codes(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id))
    reports = next(d.value for d in app.dataframe if "failed_checks" in d.value.columns)
    assert set(reports["format_version"]) <= set(i18n.labels("format", "zh").values())
    assert "2019 年以前" in set(reports["format_version"])
