"""Numbers in the conventions of Chinese statistics (issue #14): counts in 万/亿 on axes and in KPIs
(1.6万, 70万, 1.2亿; never Plotly's 16k/700k), changes of a rate in 个百分点, one precision for a rate
(a percentage with 1 decimal) in KPIs and tables, counts as whole numbers in exports, and readable
ticks on a log axis (1, 2, 5, 10, 20, 50 …)."""
from __future__ import annotations

import io
import json
import re
import shutil

import pandas as pd
import pytest

from gongkai import config
from gongkai.dashboard import charts, exports
from tests.app.conftest import BROKEN_LINE, SEED
from tests.app.test_pages import metric, run_page


# --- the formatter ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value,text", [
    (0, "0"), (8, "8"), (9_999, "9,999"), (12.5, "12.5"), (10_000, "1万"), (16_000, "1.6万"),
    (700_000, "70万"), (123_456, "12.35万"), (99_994_999, "9999.5万"), (99_999_999, "1亿"),
    (120_000_000, "1.2亿"), (-16_000, "-1.6万"), (None, "—"), (float("nan"), "—"),
])
def test_counts_are_written_in_wan_and_yi(value, text):
    assert charts.cn_number(value) == text


def test_changes_carry_their_sign():
    assert charts.cn_number(16_000, signed=True) == "+1.6万"
    assert charts.cn_number(-3, signed=True) == "-3" and charts.cn_number(0, signed=True) == "0"


def test_tick_labels_are_exact():
    for hi in (3, 18, 740, 18_000, 784_000, 23_000_000, 640_000_000):
        ticks = charts.nice_ticks(0, hi)
        assert ticks[0] <= 0 and ticks[-1] >= hi and 3 <= len(ticks) <= 8, (hi, ticks)
        for v in ticks:
            assert v == int(v)                             # counts: no tick between whole numbers
            text = charts.cn_number(v, digits=4)
            number = float(text.rstrip("万亿").replace(",", ""))
            scale = 1e8 if text.endswith("亿") else 1e4 if text.endswith("万") else 1
            assert number * scale == pytest.approx(v), (v, text)


# --- axes ---------------------------------------------------------------------------------------------

def _trend(values):
    return pd.DataFrame({"year": [2021, 2022, 2023], "series": ["new_received"] * 3, "value": values,
                         "report_count": [1, 1, 1], "failed_report_count": [0, 0, 0]})


def test_count_axes_are_labelled_in_wan_not_k():
    fig = charts.trend_lines(_trend([16_000, 350_000, 784_000]), series_names={"new_received": "新收申请"},
                             title="t", x_title="年度", y_title="申请数（件）")
    labels = list(fig.layout.yaxis.ticktext)
    assert "20万" in labels and "80万" in labels and not any("k" in t for t in labels)
    assert list(fig.layout.yaxis.tickvals)[:2] == [0, 200_000]
    bars = charts.stacked_bars(pd.DataFrame({"year": [2021, 2021], "category": ["granted", "denied"],
                                             "value": [9_000, 7_000]}),
                               category_names={"granted": "予以公开", "denied": "不予公开"}, title="t",
                               x_title="x", y_title="y")
    assert "1.5万" in list(bars.layout.yaxis.ticktext)          # the stack's total, 1.6万, is covered


def test_small_count_axes_have_whole_number_ticks():
    fig = charts.trend_lines(_trend([1, 2, 3]), series_names={"new_received": "n"}, title="t",
                             x_title="x", y_title="y")
    assert all(float(v).is_integer() for v in fig.layout.yaxis.tickvals)


def test_the_log_axis_ticks_at_1_2_5():
    df = pd.DataFrame({"agency_name": ["甲", "乙", "丙"], "granted_count": [1, 40, 9_000],
                       "processed_count": [2, 100, 20_000], "grant_rate": [0.5, 0.4, 0.45],
                       "failed_report_count": [0, 0, 0]})
    fig = charts.funnel_plot(df, min_n=30, title="t", x_title="x", y_title="y", names={})
    assert fig.layout.xaxis.type == "log"
    vals, text = list(fig.layout.xaxis.tickvals), list(fig.layout.xaxis.ticktext)
    assert vals[:7] == [1, 2, 5, 10, 20, 50, 100]
    assert text[:7] == ["1", "2", "5", "10", "20", "50", "100"] and "1万" in text and "2万" in text


def test_the_applications_page_draws_no_k_ticks(app):
    run_page(app, "applications", scope="all")
    for chart in app.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        for axis in ("xaxis", "yaxis"):
            ticks = (layout.get(axis) or {}).get("ticktext") or []
            assert not any(re.search(r"\dk$", str(t)) for t in ticks), ticks
            if (layout.get(axis) or {}).get("tickformat") != ".0%" and axis == "yaxis":
                assert ticks, "a count axis without cn_number ticks (Plotly would write 16k)"


# --- KPIs -------------------------------------------------------------------------------------------

def test_a_change_of_a_rate_is_in_percentage_points(app):
    # every report (the default compares only agencies reporting in both years: none for 2025/2024)
    run_page(app, "overview", scope="all", compare="all")
    deltas = [m.proto.delta for m in app.metric if m.proto.delta]
    rate_deltas = [m.proto.delta for m in app.metric if m.label in ("予以公开率", "校验通过率") and m.proto.delta]
    assert rate_deltas and all(d.endswith(" 个百分点") for d in rate_deltas), rate_deltas
    assert not any(re.search(r"\bpp\b", d) for d in deltas)


def test_a_rate_has_one_decimal_in_kpis(app):
    run_page(app, "overview", scope="all")
    for label in ("予以公开率", "校验通过率"):
        assert re.fullmatch(r"\d{1,3}\.\d%|—", metric(app, label)), metric(app, label)


RATE = {"format": "percent", "step": 0.001}      # Streamlit's percent format: 1 decimal at step 0.001


@pytest.mark.parametrize("page", ["overview", "compare", "quality"])
def test_a_rate_has_one_decimal_in_tables(app, page):
    run_page(app, page, scope="all")
    seen = 0
    for frame in app.dataframe:
        cfg = json.loads(frame.proto.columns or "{}")
        for col in frame.value.columns:
            if exports.is_rate(col):
                seen += 1
                type_config = cfg[str(col)].get("type_config") or {}
                assert {k: type_config.get(k) for k in RATE} == RATE, (page, col, type_config)
    assert seen, f"{page}: no rate column checked"


def test_a_rate_in_a_table_rounds_as_the_kpi_does(app):
    """Streamlit's percent format truncates to `step`; the table holds the rate rounded to 3 decimals,
    so 30/69 = 43.48% shows 43.5% in the table as in a KPI, not 43.4%."""
    from gongkai.dashboard import data
    run_page(app, "overview", scope="all")
    shown = next(d.value for d in app.dataframe if "grant_rate" in d.value.columns)
    raw = data.query("app_headline_by_year", scope="all").set_index("year")["grant_rate"]
    for year, rate in zip(shown["year"], shown["grant_rate"]):
        if pd.notna(rate):
            assert rate == round(raw[year], 3) and f"{rate:.1%}" == f"{raw[year]:.1%}"
    assert 0.435 in set(shown["grant_rate"])          # 2021: 30 / 69


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """A warehouse of one report whose table 3 says 123,456 new applications (the seed report with
    its total changed), so the overview's KPIs have a count above 1万."""
    from gongkai.store.ingest import ingest_paths
    folder = tmp_path_factory.mktemp("big_db")
    lines = (config.BUNDLED_REPORTS_DIR / SEED).read_text(encoding="utf-8").split("\n")
    lines[BROKEN_LINE] = lines[BROKEN_LINE].replace("0", "123456")
    report = folder / "big_seed_2022.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    db = folder / "big.duckdb"
    ingest_paths([report], db)
    return db


def test_kpis_write_large_counts_in_wan(app, big_db, monkeypatch):
    monkeypatch.setenv("GONGKAI_DB", str(big_db))
    run_page(app, "overview")
    assert metric(app, "新收申请") == "12.35万"
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    ticks = layout["yaxis"]["ticktext"]
    assert "10万" in ticks and "12.5万" in ticks and not any("k" in t for t in ticks)


# --- exports ----------------------------------------------------------------------------------------

def test_counts_are_whole_numbers_in_csv_and_xlsx():
    df = pd.DataFrame({"year": [2021, 2022], "new_received_count": [26.0, float("nan")],
                       "grant_rate": [0.742857, 0.5], "value": [3.0, 4.0]})
    lines = exports.csv_bytes(df).decode("utf-8-sig").splitlines()
    assert lines[2:] == ["2021,26,0.743,3", "2022,,0.5,4"]
    book = pd.read_excel(io.BytesIO(exports.xlsx_bytes(df, exports._default_meta(df))), sheet_name=None)
    data = book["数据"]
    assert data.iloc[0, 1] == 26 and data.iloc[0, 2] == 0.743


def test_page_exports_have_no_float_counts(app):
    run_page(app, "overview", scope="all")
    frame = next(d.value for d in app.dataframe if "new_received_count" in d.value.columns)
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(frame)), encoding="utf-8-sig", header=[0, 1], dtype=str)
    counts = [c for c in back.columns if c[1].endswith("_count")]
    assert len(counts) >= 5
    for col in counts:                                 # 26, never 26.0 (rates keep their decimals)
        assert not back[col].dropna().str.contains(r"\.").any(), (col, list(back[col]))


def test_rate_cells_in_xlsx_show_one_decimal(tmp_path):
    from openpyxl import load_workbook
    df = pd.DataFrame({"agency_name": ["甲"], "grant_rate": [0.742857]})
    path = tmp_path / "x.xlsx"
    path.write_bytes(exports.xlsx_bytes(df, exports._default_meta(df)))
    sheet = load_workbook(path)["数据"]
    assert sheet["B2"].number_format == "0.0%" and sheet["B2"].value == 0.743
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_english_counts_keep_thousands_separators():
    assert charts.count_text(16_000, "en") == "16,000" and charts.count_text(16_000, "zh") == "1.6万"
    assert charts.count_text(-3, "en", signed=True) == "-3" and charts.count_text(5, "en", signed=True) == "+5"
    fig = charts.trend_lines(_trend([16_000, 350_000, 784_000]), series_names={"new_received": "New"},
                             title="t", x_title="Year", y_title="Applications")
    charts.localize_numbers(fig, "en")
    assert "200,000" in fig.layout.yaxis.ticktext and not any("万" in t for t in fig.layout.yaxis.ticktext)
    assert list(fig.layout.xaxis.ticktext) == ["2021", "2022", "2023"]       # years are no counts


def test_kpis_in_english_use_thousands_separators(app, big_db, monkeypatch):
    monkeypatch.setenv("GONGKAI_DB", str(big_db))
    run_page(app, "overview", lang="en")
    assert metric(app, "New applications") == "123,456"
    layout = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]
    assert "100,000" in layout["yaxis"]["ticktext"]
