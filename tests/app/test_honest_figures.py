"""Issue #14, "Honest figures": the quality page scores a report by what was read; the overview
compares matched agencies; small samples keep their series' colour; lines break at missing years and
count axes tick at whole numbers; an empty view says what empties it and widens in one click."""
from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd

from gongkai.dashboard import charts
from tests.app.test_browser import browser, live_app  # noqa: F401  (module-scoped browser fixtures)
from tests.app.test_pages import rerun, run_page


def _chart(app, index: int = 0) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def _values(v) -> list:
    """A plotly JSON array: a list, or typed binary data ({'dtype', 'bdata'})."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


# --- 1. 数据质量: scored by what was read --------------------------------------------------------

def test_quality_grades_by_cells_read_and_lists_the_worst_first(app):
    run_page(app, "quality")
    table = app.dataframe[0].value
    # every scope by default: aggregates (平潭综合实验区) and reports without an agency (#id) are in
    assert table["agency_name"].str.startswith("#").any()
    assert (table["agency_name"] == "平潭综合实验区").any()
    # worst first: the first rows read nothing or a few cells; no report missing cells is green
    assert table["grade"].iloc[0] in ("无法读取", "部分读取")
    assert list(table["read_share"].fillna(0).iloc[:3]) <= [0.05] * 3
    partial = table[table["cells_read"] < table["cells_expected"]]
    assert len(partial) and not (partial["grade"] == "完整且校验通过").any()
    assert (table["grade"] == "完整且校验通过").any()
    ranks = {"无法读取": 1, "部分读取": 2, "校验未通过": 3, "无法校验": 4, "完整且校验通过": 5}
    assert table["grade"].map(ranks).is_monotonic_increasing
    # the grid colours a barely read report dark red / orange, never green
    spec = _chart(app)
    heat = next(t for t in spec["data"] if t["type"] == "heatmap")
    agencies = heat["y"]
    row = agencies.index("双塔区前进街道")           # 6 of 198 cells read, 1 check passes
    cell = [v for v in heat["z"][row] if v is not None]
    assert cell and max(cell) <= 2
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["部分读取"] != "0" and metrics["无法读取"] != "0"


def test_quality_narrows_to_a_chosen_scope(app):
    run_page(app, "quality", scope="agency")
    table = app.dataframe[0].value
    assert not table["agency_name"].str.startswith("#").any()
    assert set(table["report_scope"]) == {"部门（单个机关）"}


def test_quality_in_english(app):
    run_page(app, "quality", lang="en")
    table = app.dataframe[0].value
    assert table["grade"].iloc[0] in ("Unreadable", "Partly read")


# --- 5. empty views explain themselves ------------------------------------------------------------

def test_an_empty_view_names_the_filter_and_widens_in_one_click(app):
    run_page(app, "overview", province="江苏省", year="2022")    # 江苏省 holds 2023 only
    assert app.info and app.info[0].value == "当前筛选条件下没有数据。"
    captions = " ".join(c.value for c in app.caption)
    assert "有数据的年度：2023" in captions
    button = app.button(key="widen_years")
    assert "年度" in button.label and "2022" in button.label
    button.click()
    rerun(app)
    assert app.multiselect(key="f_years").value == []
    assert not [i for i in app.info if i.value == "当前筛选条件下没有数据。"]
    assert app.metric


def test_an_empty_view_from_the_default_scope_offers_every_scope(app):
    run_page(app, "applications", agency="平潭综合实验区")     # an aggregate: left out by default
    button = app.button(key="widen_scope")
    assert "报告范围" in button.label
    button.click()
    rerun(app)
    assert app.selectbox(key="f_scope").value == "all"


def test_an_empty_quality_page_names_the_agency_search(app):
    run_page(app, "quality", agency="不存在的机构")
    button = app.button(key="widen_agency")
    assert "机构名称包含：不存在的机构" in button.label
    button.click()
    rerun(app)
    assert app.text_input(key="f_agency").value == ""


def test_an_empty_view_explains_itself_in_english(app):
    run_page(app, "overview", province="江苏省", year="2022", lang="en")
    assert app.info[0].value == "No data for the current filters."
    assert app.button(key="widen_years").label == "Remove the filter “Years: 2022” (reports: 1)"
    assert any(c.value.endswith(": 2023") and c.value.startswith("Years with data") for c in app.caption)


def test_the_year_list_says_which_years_hold_data(app):
    run_page(app, "overview", province="江苏省")
    assert any(c.value == "有数据的年度：2023" for c in app.sidebar.caption)


# --- 2. 总览: matched agencies, how many, and a small sample said so -------------------------------

def _metrics(app) -> dict:
    return {m.label: (m.value, m.delta) for m in app.metric}


def test_overview_counts_under_the_year_heading_are_that_years(app):
    run_page(app, "overview")                     # components: 2024 (2 agencies) vs 2023 (another one)
    assert app.subheader[0].value == "2024 年（与 2023 年比较）"
    metrics = _metrics(app)
    assert metrics["2024 年报告数"][0] == "2"       # not the 8 reports of every year
    assert metrics["报告数"][0] == "8"              # every year in view, under its own heading
    assert "筛选范围内全部年度" in [s.value for s in app.subheader]


def test_overview_compares_matched_agencies_and_says_how_many(app):
    run_page(app, "overview")
    captions = " ".join(c.value for c in app.caption)
    assert "两年都有报告的机构 0 个" in captions
    assert "没有共同的机构" in captions
    assert not _metrics(app)["新收申请"][1]          # no change drawn between different agencies
    assert app.radio(key="ov_compare").value == "matched"


def test_overview_change_on_matched_agencies_names_the_small_sample(app):
    run_page(app, "overview", scope="all", year="2022")       # 平潭综合实验区 reports in 2021 and 2022
    metrics = _metrics(app)
    assert metrics["新收申请"][1] == "+4"            # 74 − 70: the same agency both years
    assert metrics["予以公开率"][1] == "-15.5 个百分点"     # 28.0% − 43.5% of that one agency
    captions = " ".join(c.value for c in app.caption)
    assert "两年都有报告的机构 1 个" in captions and "少于最小样本 30 个" in captions


def test_overview_every_report_comparison_warns_that_the_agencies_differ(app):
    run_page(app, "overview", compare="all")
    assert app.radio(key="ov_compare").value == "all"
    captions = " ".join(c.value for c in app.caption)
    assert "不同的机构集合" in captions
    assert _metrics(app)["新收申请"][1]                  # the raw change, labelled as such
    assert app.query_params["compare"] in ("all", ["all"])


# --- 3. 依申请公开: a small sample keeps its series' colour -----------------------------------------

def test_small_sample_bars_are_hatched_in_their_own_series_colour(app):
    run_page(app, "applications", scope="all")
    spec = _chart(app, 2)                                   # outcome shares (2019 and 2023: n < 30)
    key_of = {label: key for key, label in spec["layout"]["meta"]["labels"]["category"].items()}
    small = [t for t in spec["data"] if t["type"] == "bar" and t["x"] != [None]
             and t["marker"].get("pattern", {}).get("shape") == "/"]
    assert small
    for trace in small:
        colour = charts.COLORS[key_of[trace["name"]]]
        assert trace["marker"]["pattern"]["fgcolor"] == colour      # hatched in its own colour
        assert trace["marker"]["line"]["color"] == colour           # and outlined in it
        assert trace["marker"]["color"] == "white" and "opacity" not in trace["marker"]
    granted_2023 = next(t for t in small if t["name"] == "予以公开" and 2023 in _values(t["x"]))
    assert granted_2023["marker"]["pattern"]["fgcolor"] == charts.COLORS["granted"] != charts.COLORS["partial_grant"]
    # the legend shows each series solid: the hatched trace joins its series' legend group
    solid = next(t for t in spec["data"] if t["name"] == "予以公开" and t.get("showlegend") is not False)
    assert solid["marker"]["color"] == charts.COLORS["granted"] and "pattern" not in solid["marker"]


# --- 4. gaps at missing years, whole-number count ticks ---------------------------------------------

def test_a_line_breaks_at_years_without_data(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id))   # 2015, 2019, 2021, 2022, 2025
    spec = _chart(app, 0)
    line = next(t for t in spec["data"] if t.get("mode") == "lines+markers")
    points = dict(zip(_values(line["x"]), _values(line["y"])))
    assert line.get("connectgaps") is False
    assert points[2020] is None                               # 2019 → 2021 not joined
    assert points[2023] is None and points[2024] is None      # 2022 → 2025 not joined
    assert points[2022] is not None and points[2025] is not None


def test_count_axes_tick_at_whole_numbers_only():
    zeros = pd.DataFrame({"year": [2021, 2022], "series": ["review_total"] * 2, "value": [0, 0],
                          "report_count": [1, 1], "failed_report_count": [0, 0]})
    fig = charts.trend_lines(zeros, series_names={"review_total": "行政复议"}, title="t", x_title="x",
                             y_title="件")
    assert list(fig.layout.yaxis.tickvals) == [0, 1]
    small = zeros.assign(value=[1, 2])
    fig = charts.trend_lines(small, series_names={"review_total": "行政复议"}, title="t", x_title="x",
                             y_title="件")
    assert all(float(v).is_integer() for v in fig.layout.yaxis.tickvals)
    bars = pd.DataFrame({"group": ["review"], "category": ["upheld"], "value": [0]})
    fig = charts.grouped_bars(bars, group_names={"review": "复议"}, category_names={"upheld": "维持"},
                              title="t", x_title="x", y_title="件")
    assert list(fig.layout.yaxis.tickvals) == [0, 1]


def test_every_count_axis_on_the_pages_has_whole_number_ticks(app):
    for page in ("overview", "applications", "litigation", "proactive"):
        run_page(app, page, scope="all")
        for i in range(len(app.get("plotly_chart"))):
            layout = _chart(app, i)["layout"]
            yaxis = layout.get("yaxis", {})
            if yaxis.get("tickformat") == ".0%" or "count_axes" not in (layout.get("meta") or {}):
                continue
            assert yaxis.get("tickvals") and all(float(v).is_integer() for v in yaxis["tickvals"]), page


# --- in a real browser (headless Chromium; skipped without /usr/bin/chromium or playwright) ---------


def test_in_a_browser_one_click_widens_an_empty_view(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(f"{live_app}/?province=江苏省&year=2022")
        page.get_by_text("当前筛选条件下没有数据。").wait_for(timeout=30_000)
        page.get_by_text("当前范围（不计年度筛选）内有数据的年度：2023").wait_for(timeout=10_000)
        page.get_by_role("button", name="取消筛选“年度：2022”（可显示 1 份报告）").click()
        page.get_by_text("2023 年报告数").wait_for(timeout=30_000)     # 江苏省 holds 2023 only
        assert "year=" not in page.url and "province=" in page.url
        assert page.get_by_text("当前筛选条件下没有数据。").count() == 0
    finally:
        page.close()
