"""依申请公开 Applications: volume by year, who applies, and how applications end — from the
indicators applications_by_group and outcome_rates_by_group (group_by='all')."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.i18n import LABELS
from gongkai.dashboard.state import tr

# the outcome indicator's keys → the app's outcome categories (colours and labels)
OUTCOMES = {"granted": "granted", "partial_grant": "partial_grant", "denied_total": "denied",
            "unavailable_total": "unavailable", "not_processed_total": "not_processed",
            "other_total": "other"}
APPLICANTS = [k for k in LABELS["applicant"] if k != "total"]
SERIES = ("new_received", "total_processed", "carried_forward")
MIN_N = 30          # applications processed in a year; below it shares and changes are unreliable

filters = state.current_filters()
st.title(tr("page_applications"))
st.caption(widgets.plain(filters.describe(state.lang())))
summary = data.query("app_view_summary", **filters.params())
widgets.mixed_scope_warning(summary)
volumes = data.query("applications_by_group", group_by="all", **filters.indicator_params())
if filters.years:                       # indicators take a year range; keep the chosen years only
    volumes = volumes[volumes["year"].isin(filters.years)]
if volumes.empty:
    widgets.no_data()
    st.stop()
failed_by_year = widgets.failed_reports_by_year(summary)
volumes = volumes.join(failed_by_year, on="year")
volumes["failed_report_count"] = volumes["failed_report_count"].fillna(0).astype(int)
info = data.info("applications_by_group", state.lang())
volumes["n"] = volumes["total_processed"]          # a year's sample: applications processed
small_n = tr("small_n_name", n=MIN_N)
st.caption(tr("small_n_apps_rule", n=MIN_N))

trend = pd.concat([volumes.assign(series=k, value=volumes[k]) for k in SERIES])[
    ["year", "series", "value", "n", "reports_count", "complete_reports_count", "failed_report_count"]
].rename(columns={"reports_count": "report_count"})
fig = charts.trend_lines(trend, series_names={k: state.lab("series", k) for k in SERIES},
                         title=tr("apps_trend"), x_title=tr("year"), y_title=tr("count_apps"),
                         failed_name=tr("has_failed"), min_n=MIN_N, small_n_name=small_n)
widgets.chart_block(fig, trend, info, key="ap_trend")

left, right = st.columns(2)
with left:
    mix = pd.concat([volumes.assign(category=k, value=volumes[f"new_{k}"]) for k in APPLICANTS])[
        ["year", "category", "value", "n", "failed_report_count"]]
    fig = charts.stacked_bars(mix, category_names={k: state.lab("applicant", k) for k in APPLICANTS},
                              title=tr("apps_mix"), x_title=tr("year"), y_title=tr("count_apps"),
                              failed_name=tr("has_failed"), min_n=MIN_N, small_n_name=small_n)
    widgets.chart_block(fig, mix, info, key="ap_mix")
with right:
    rates = data.query("outcome_rates_by_group", group_by="all", **filters.indicator_params())
    rates = rates[rates["outcome"].isin(list(OUTCOMES)) & rates["year"].isin(volumes["year"])]
    outcomes = rates.assign(category=rates["outcome"].map(OUTCOMES), n=rates["base_count"])[
        ["year", "category", "outcome_count", "base_count", "rate", "n"]].rename(
        columns={"outcome_count": "value"})
    outcomes = outcomes.join(volumes.set_index("year")["failed_report_count"], on="year")
    fig = charts.stacked_bars(outcomes, category_names={k: state.lab("outcome", k) for k in OUTCOMES.values()},
                              title=tr("apps_outcomes"), x_title=tr("year"), y_title=tr("share"),
                              percent=True, failed_name=tr("has_failed"), min_n=MIN_N,
                              small_n_name=small_n)
    widgets.chart_block(fig, outcomes, data.info("outcome_rates_by_group", state.lang()), key="ap_outcomes")

widgets.sources_block(filters, summary, key="ap")
