"""依申请公开 Applications: volume by year, who applies, and how applications end."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.app import data, state, widgets
from dashboard.app.i18n import LABELS
from dashboard.app.state import tr

# outcome group → the table 3 rows it sums (v2019 reports have one other_total row)
OUTCOME_ROWS = {
    "granted": ("granted",),
    "partial_grant": ("partial_grant",),
    "denied": tuple(k for k in LABELS["t3_row"] if k.startswith("denied_")),
    "unavailable": tuple(k for k in LABELS["t3_row"] if k.startswith("unavailable_")),
    "not_processed": tuple(k for k in LABELS["t3_row"] if k.startswith("not_processed_")),
    "other": ("other_no_correction", "other_unpaid_fee", "other_misc", "other_total"),
}
APPLICANTS = [k for k in LABELS["applicant"] if k != "total"]

filters = state.current_filters()
st.title(tr("page_applications"))
st.caption(filters.describe(state.lang()))
cells = data.query("app_t3_cells_by_year", **filters.params())
reports = data.query("app_reports_in_view", **filters.params())
widgets.mixed_scope_warning(reports)
if cells.empty:
    widgets.no_data()
    st.stop()
info = data.info("app_t3_cells_by_year", state.lang())
totals = cells[cells["col_key"] == "total"]

trend = totals[totals["row_key"].isin(["new_received", "total_processed", "carried_forward"])].rename(
    columns={"row_key": "series", "value_sum": "value"})[
    ["year", "series", "value", "report_count", "failed_report_count"]]
fig = charts.trend_lines(
    trend, series_names={k: state.lab("series", k)
                         for k in ("new_received", "total_processed", "carried_forward")},
    title=tr("apps_trend"), x_title=tr("year"), y_title=tr("count_apps"), failed_name=tr("has_failed"))
widgets.chart_block(fig, trend, info, key="ap_trend")

left, right = st.columns(2)
with left:
    mix = cells[(cells["row_key"] == "new_received") & cells["col_key"].isin(APPLICANTS)].rename(
        columns={"col_key": "category", "value_sum": "value"})[
        ["year", "category", "value", "report_count", "failed_report_count"]]
    fig = charts.stacked_bars(mix, category_names={k: state.lab("applicant", k) for k in APPLICANTS},
                              title=tr("apps_mix"), x_title=tr("year"), y_title=tr("count_apps"),
                              failed_name=tr("has_failed"))
    widgets.chart_block(fig, mix, info, key="ap_mix")
with right:
    rows = []
    for group, keys in OUTCOME_ROWS.items():
        part = totals[totals["row_key"].isin(keys)].groupby("year", as_index=False).agg(
            value=("value_sum", "sum"), failed_report_count=("failed_report_count", "max"))
        rows.append(part.assign(category=group))
    outcomes = pd.concat(rows)[["year", "category", "value", "failed_report_count"]]
    fig = charts.stacked_bars(outcomes, category_names={k: state.lab("outcome", k) for k in OUTCOME_ROWS},
                              title=tr("apps_outcomes"), x_title=tr("year"), y_title=tr("share"),
                              percent=True, failed_name=tr("has_failed"))
    widgets.chart_block(fig, outcomes, info, key="ap_outcomes")

widgets.sources_block(reports, key="ap")
