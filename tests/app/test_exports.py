"""Exports carry exactly the plotted rows plus the filters, definition and data version; charts
are built with an explicit template, CJK fonts, units and failed/small-N marks."""
from __future__ import annotations

import io
import shutil

import pandas as pd
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
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.equals(TREND)


def test_xlsx_has_the_data_and_an_about_sheet_with_filters_definition_and_version():
    book = pd.read_excel(io.BytesIO(exports.xlsx_bytes(TREND, META)), sheet_name=None)
    assert list(book) == ["data", "about"]
    about = " ".join(book["about"]["value"].astype(str))
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


def test_stacked_bars_of_small_years_are_pale_and_hatched():
    df = pd.DataFrame({"year": [2021, 2022], "category": ["granted"] * 2, "value": [3, 60], "n": [3, 60]})
    fig = charts.stacked_bars(df, category_names={"granted": "予以公开"}, title="t", x_title="x",
                              y_title="y", percent=True, min_n=30, small_n_name="small")
    bar = next(t for t in fig.data if t.name == "予以公开")
    assert list(bar.marker.opacity) == [0.35, 1.0]
    assert list(bar.marker.pattern.shape) == ["/", ""]
    assert "small" in [t.name for t in fig.data]
