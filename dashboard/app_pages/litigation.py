"""复议诉讼 Reviews and lawsuits: table 4 cases by year (indicator review_litigation_by_group,
group_by='all') and how they ended (queries/app/app_review_litigation_by_year.sql)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.i18n import LABELS
from gongkai.dashboard.state import tr

TOTALS = ("review_total", "lit_direct_total", "lit_after_review_total")
RESULTS = [r for r in LABELS["t4_result"] if r != "total"]
MIN_N = 30          # reports with table 4 in a year; below it changes mostly reflect coverage

filters = state.current_filters()
st.title(tr("page_litigation"))
st.caption(widgets.plain(filters.describe(state.lang())))
summary = data.query("app_view_summary", **filters.params())
widgets.mixed_scope_warning(summary)
totals = data.query("review_litigation_by_group", group_by="all", **filters.indicator_params())
if filters.years:
    totals = totals[totals["year"].isin(filters.years)]
cells = data.query("app_review_litigation_by_year", **filters.params())
if totals.empty and cells.empty:
    widgets.no_data()
    st.stop()
failed = cells.groupby("year")["failed_report_count"].max().rename("failed_report_count")
trend = pd.concat([totals.assign(series=k, value=totals[k]) for k in TOTALS])[
    ["year", "series", "value", "reports_count"]].rename(columns={"reports_count": "report_count"})
trend = trend.join(failed, on="year")
trend["failed_report_count"] = trend["failed_report_count"].fillna(0).astype(int)
trend["n"] = trend["report_count"]
st.caption(tr("small_n_reports_rule", n=MIN_N))
fig = charts.trend_lines(trend, series_names={k: state.lab("series", k) for k in TOTALS},
                         title=tr("lit_trend"), x_title=tr("year"), y_title=tr("count_cases"),
                         failed_name=tr("has_failed"), min_n=MIN_N,
                         small_n_name=tr("small_n_name", n=MIN_N))
widgets.chart_block(fig, trend, data.info("review_litigation_by_group", state.lang()), key="li_trend")

detail = cells[~cells["col_key"].isin(TOTALS)].copy()
detail["group"] = detail["col_key"].str.rsplit("_", n=1).str[0]
detail["category"] = detail["col_key"].str.rsplit("_", n=1).str[1]
outcomes = detail.groupby(["group", "category"], as_index=False)["value_sum"].sum().rename(
    columns={"value_sum": "value"})
fig = charts.grouped_bars(outcomes, group_names={k: state.lab("t4_group", k) for k in LABELS["t4_group"]},
                          category_names={k: state.lab("t4_result", k) for k in RESULTS},
                          title=tr("lit_outcomes"), x_title="", y_title=tr("count_cases"))
widgets.chart_block(fig, outcomes, data.info("app_review_litigation_by_year", state.lang()), key="li_outcomes")

widgets.sources_block(filters, summary, key="li")
