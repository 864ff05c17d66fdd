"""Exports carry exactly the plotted rows plus the filters, definition and data version; charts
are built with an explicit template, CJK fonts, units and failed/small-N marks."""
from __future__ import annotations

import io
import json
import math
import re
import shutil

import pandas as pd
import plotly.graph_objects as go
import pytest

from gongkai.dashboard import charts, exports

META = exports.ExportMeta(title="依申请公开数量趋势", query_name="app_t3_cells_by_year",
                          definition="sum of t3 cells", unit="applications (件)", caveats="none",
                          filters="省份: 江苏省", data_version="数据库 x.duckdb，第 1 次导入", lang="zh")
TREND = pd.DataFrame({"year": [2021, 2022, 2022], "series": ["new_received"] * 2 + ["total_processed"],
                      "value": [5, 7, 6], "report_count": [1, 2, 2], "failed_report_count": [0, 1, 1]})


def trend_figure():
    return charts.trend_lines(TREND, series_names={"new_received": "新收申请", "total_processed": "办结申请"},
                              title="依申请公开数量趋势", x_title="年度", y_title="申请数（件）",
                              failed_name="含未通过校验的报告", format_change="2021 年起新格式")


def test_csv_is_utf8_with_bom_and_holds_exactly_the_plotted_rows():
    data = exports.csv_bytes(TREND)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", header=[0, 1])
    assert [machine for _, machine in back.columns] == list(TREND.columns)     # second header row
    assert [shown for shown, _ in back.columns] == ["年度", "指标", "数值", "报告数", "未通过校验的报告数"]
    assert len(back) == len(TREND)
    assert list(back.iloc[:, 2]) == [5, 7, 6] and list(back.iloc[:, 0]) == [2021, 2022, 2022]
    assert list(back.iloc[:, 1]) == ["新收申请", "新收申请", "办结申请"]


def test_xlsx_has_the_data_and_an_about_sheet_with_filters_definition_and_version():
    book = pd.read_excel(io.BytesIO(exports.xlsx_bytes(TREND, META)), sheet_name=None)
    assert list(book) == ["数据", "说明", "字段与代码"]
    about = " ".join(book["说明"]["内容"].astype(str))
    assert "省份: 江苏省" in about and "sum of t3 cells" in about and "第 1 次导入" in about


def test_html_export_is_standalone_and_states_what_it_shows():
    page = exports.html_bytes(trend_figure(), META).decode("utf-8")
    assert "plotly" in page and "省份: 江苏省" in page and "app_t3_cells_by_year" in page


def test_the_sidecar_text_names_filters_query_and_version():
    text = exports.meta_bytes(META).decode("utf-8-sig")
    assert "省份: 江苏省" in text and "app_t3_cells_by_year" in text and "数据版本" in text


def test_figures_set_their_template_font_and_units():
    fig = trend_figure()
    assert fig.layout.template.layout.paper_bgcolor is not None or fig.layout.template is not None
    assert "WenQuanYi" in fig.layout.font.family
    assert fig.layout.yaxis.title.text == "申请数（件）"


def test_years_with_failed_reports_are_marked():
    fig = trend_figure()
    marks = [t for t in fig.data if t.name == "含未通过校验的报告"]
    assert len(marks) == 1 and list(marks[0].x) == [2022, 2022]


def test_the_funnel_plot_leaves_small_agencies_hollow_and_unranked():
    df = pd.DataFrame({"agency_name": ["甲", "乙"], "granted_count": [40, 2], "processed_count": [100, 5],
                       "grant_rate": [0.4, 0.4], "failed_report_count": [0, 1]})
    fig = charts.funnel_plot(df, min_n=30, title="t", x_title="x", y_title="y",
                             names={"ranked": "ranked", "small_n": "small", "has_failed": "failed"})
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["ranked"].text) == ["甲"]
    assert list(by_name["small"].text) == ["乙"]
    assert by_name["small"].marker.color == "rgba(0,0,0,0)"
    assert "failed" in by_name


def test_category_colours_are_the_same_everywhere():
    assert charts.color_for("natural_person") == charts.COLORS["natural_person"]
    assert charts.color_for("granted") != charts.color_for("denied")


@pytest.mark.skipif(exports.kaleido_available() is not None or not shutil.which("chromium"),
                    reason="kaleido and Chromium are needed for server-side images")
def test_png_and_svg_are_rendered_server_side_with_a_caption():
    fig = trend_figure()
    png = exports.image_bytes(fig, "png", META)
    assert png.startswith(b"\x89PNG")
    svg = exports.image_bytes(fig, "svg", META).decode("utf-8")
    assert "<svg" in svg and "江苏省" in svg


def test_a_kaleido_tab_not_ready_yet_is_retried_and_other_errors_are_not(monkeypatch):
    """Under load kaleido's fresh tab may lack its scripts ("kaleido_scopes is not defined"): the
    export tries again; a different error (a bad figure, no Chromium) is raised at once."""
    not_ready = type("JavascriptError", (Exception,), {"__module__": "kaleido._kaleido_tab._errors"})
    calls = []

    def flaky(self, **kwargs):
        calls.append(kwargs["format"])
        if len(calls) == 1:
            raise not_ready("ReferenceError: kaleido_scopes is not defined")
        return b"\x89PNG rendered"

    monkeypatch.setattr(exports.time, "sleep", lambda s: None)
    monkeypatch.setattr(go.Figure, "to_image", flaky)
    assert exports.image_bytes(trend_figure(), "png", META) == b"\x89PNG rendered" and len(calls) == 2

    def broken(self, **kwargs):
        calls.append(kwargs["format"])
        raise ValueError("Invalid property")

    calls.clear()
    monkeypatch.setattr(go.Figure, "to_image", broken)
    with pytest.raises(ValueError):
        exports.image_bytes(trend_figure(), "png", META)
    assert len(calls) == 1


def test_years_below_min_n_are_hollow_grey_with_a_legend_entry():
    df = TREND.assign(n=[10, 50, 50])
    fig = charts.trend_lines(df, series_names={"new_received": "新收申请", "total_processed": "办结申请"},
                             title="t", x_title="年度", y_title="件", failed_name="含未通过校验的报告",
                             min_n=30, small_n_name="样本过少（n < 30）")
    ring = next(t for t in fig.data if t.name == "样本过少（n < 30）")
    assert list(ring.x) == [2021] and list(ring.y) == [5]           # only the year with n = 10
    assert ring.marker.color == "white" and ring.marker.line.color == charts.SMALL_N_COLOR
    assert any(t.name == "含未通过校验的报告" for t in fig.data)     # the × marks stay


def test_no_small_n_legend_entry_when_every_year_is_large_enough():
    fig = charts.trend_lines(TREND.assign(n=100), series_names={"new_received": "新收申请"}, title="t",
                             x_title="x", y_title="y", min_n=30, small_n_name="small")
    assert "small" not in [t.name for t in fig.data]


def test_stacked_bars_of_small_years_are_hatched_in_their_own_colour():
    df = pd.DataFrame({"year": [2021, 2022], "category": ["granted"] * 2, "value": [3, 60], "n": [3, 60]})
    fig = charts.stacked_bars(df, category_names={"granted": "予以公开"}, title="t", x_title="x",
                              y_title="y", percent=True, min_n=30, small_n_name="small")
    solid, small = [t for t in fig.data if t.name == "予以公开"]
    assert list(solid.x) == [2022] and list(small.x) == [2021] and not small.showlegend
    assert small.marker.pattern.shape == "/" and small.legendgroup == solid.legendgroup
    assert small.marker.pattern.fgcolor == charts.COLORS["granted"]     # issue #14: never a paler colour
    assert "small" in [t.name for t in fig.data]


# --- exports for people: headers and labels in the page's language, codes alongside (issue #14) -------

def test_csv_in_english_has_english_headers_and_labels():
    meta = exports.ExportMeta(title="t", query_name="q", definition="d", unit="u", caveats="c",
                              filters="f", data_version="v", lang="en")
    lines = exports.csv_bytes(TREND.assign(status=["pass", "fail", "na"]), meta).decode("utf-8-sig").splitlines()
    assert lines[0] == "Year,Series,Value,Reports,Reports failing checks,Status"
    assert lines[1] == "year,series,value,report_count,failed_report_count,status"
    assert lines[2] == "2021,New applications,5,1,0,pass"


def test_a_chart_export_names_categories_as_the_chart_does():
    fig = trend_figure()
    meta = exports.ExportMeta(title="t", query_name="q", definition="d", unit="u", caveats="c",
                              filters="f", data_version="v", value_labels=exports.value_labels(fig))
    assert ("series", "new_received", "新收申请") in meta.value_labels
    bars = charts.stacked_bars(pd.DataFrame({"year": [2022], "category": ["other"], "value": [1]}),
                               category_names={"other": "其他结果"}, title="t", x_title="x", y_title="y")
    frame, codes = exports.export_frame(pd.DataFrame({"category": ["other"]}),
                                        exports.ExportMeta(title="t", query_name="q", definition="d",
                                                           unit="u", caveats="c", filters="f", data_version="v",
                                                           value_labels=exports.value_labels(bars)))
    assert list(frame["category"]) == ["其他结果"] and codes == [("category", "other", "其他结果")]


def test_xlsx_dictionary_sheet_lists_columns_and_codes():
    df = pd.DataFrame({"check_id": ["T3.row_sum"], "scope": ["new_received"], "status": ["fail"],
                       "is_current": [True]})
    book = pd.read_excel(io.BytesIO(exports.xlsx_bytes(df, META)), sheet_name=None)
    data = book["数据"]
    assert list(data.columns) == ["校验", "范围", "状态", "当前版本"]
    assert data.iloc[0].tolist() == ["表三行合计（总计 = 各类申请人之和）", "一、本年新收政府信息公开申请数量",
                                     "未通过", "是"]
    codes = book["字段与代码"]
    assert list(codes.columns) == ["类别", "字段", "代码", "名称"]
    assert ["取值", "check_id", "T3.row_sum", "表三行合计（总计 = 各类申请人之和）"] in codes.values.tolist()
    assert ["列名", "check_id", "check_id", "校验"] in codes.values.tolist()
    text = exports.meta_bytes(META, df).decode("utf-8-sig")
    assert "check_id = T3.row_sum: 表三行合计" in text


# --- the funnel plot: every point named on hover, the extreme ones in the figure (issue #14) ----------

def _funnel_frame():
    names = ["甲局", "乙局", "丙局", "丁局", "戊局", "己局", "庚局", "辛局", "壬局"]
    processed = [400, 300, 500, 200, 250, 350, 450, 100, 5]
    rates = [0.95, 0.05, 0.90, 0.10, 0.50, 0.52, 0.49, 0.85, 1.0]    # pooled ≈ 0.52
    return pd.DataFrame({"agency_name": names, "processed_count": processed,
                         "granted_count": [round(p * r) for p, r in zip(processed, rates)],
                         "grant_rate": rates, "failed_report_count": [0] * 9})


def test_funnel_points_are_named_on_hover():
    fig = charts.funnel_plot(_funnel_frame(), min_n=30, title="t", x_title="x", y_title="予以公开率",
                             names={"ranked": "ranked", "small_n": "small", "n": "办结申请",
                                    "rate": "予以公开+部分公开"})
    ranked = next(t for t in fig.data if t.name == "ranked")
    assert "%{text}" in ranked.hovertemplate and "办结申请：%{x:,.0f}" in ranked.hovertemplate
    assert "予以公开+部分公开：%{customdata[0]:,.0f}（%{y:.1%}）" in ranked.hovertemplate
    assert "甲局" in list(ranked.text)


def test_the_five_agencies_furthest_outside_the_limits_are_named_in_the_figure():
    df = _funnel_frame()
    fig = charts.funnel_plot(df, min_n=30, title="t", x_title="x", y_title="y", names={})
    named = [a.text for a in fig.layout.annotations if a.name == "outlier"]
    assert len(named) == charts.FUNNEL_LABELLED == 5
    pooled = df["granted_count"].sum() / df["processed_count"].sum()
    expected = charts.funnel_outliers(df, pooled, 30)["agency_name"].tolist()
    assert named == expected
    assert set(named) == {"甲局", "乙局", "丙局", "丁局", "辛局"}        # not the ones inside, not 壬局 (n < N)
    for a in fig.layout.annotations:
        if a.name == "outlier":
            n = df.loc[df["agency_name"] == a.text, "processed_count"].iloc[0]
            assert a.x == pytest.approx(math.log10(n))               # a log axis places by log10


def test_no_agency_is_named_when_all_are_within_the_limits():
    df = _funnel_frame().assign(grant_rate=0.5, granted_count=lambda d: d["processed_count"] // 2)
    fig = charts.funnel_plot(df, min_n=30, title="t", x_title="x", y_title="y", names={})
    assert not [a for a in fig.layout.annotations if a.name == "outlier"]


def test_agency_names_in_the_funnel_are_escaped():
    df = _funnel_frame()
    df.loc[0, "agency_name"] = "<a href='javascript:x'>局</a>"
    fig = charts.funnel_plot(df, min_n=30, title="t", x_title="x", y_title="y", names={})
    texts = [a.text for a in fig.layout.annotations if a.name == "outlier"]
    assert "<a" not in " ".join(texts) and any("&lt;a" in t for t in texts)


def test_the_compare_caption_states_the_years_pooled_never_a_placeholder(app):
    from tests.app.test_pages import run_page
    run_page(app, "compare", scope="all")
    captions = [c.value for c in app.caption]
    assert not any("…" in c for c in captions), captions
    assert any(re.fullmatch(r"本页合并计算 \d{4}(–\d{4})? 年的数据。", c) for c in captions), captions
    chart = next(c for c in app.get("plotly_chart"))
    spec = json.loads(chart.proto.spec)
    assert any("办结申请：" in (t.get("hovertemplate") or "") for t in spec["data"])


def test_the_compare_caption_with_chosen_years_states_their_range(app):
    from tests.app.test_pages import run_page
    app.query_params["year"] = ["2019", "2022"]
    run_page(app, "compare", scope="all")
    assert "本页合并计算 2019–2022 年的数据。" in [c.value for c in app.caption]
