"""总览 Overview: headline figures for the latest year in view, with the change on the year before."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

filters = state.current_filters()
st.title(tr("page_overview"))
st.caption(widgets.plain(filters.describe(state.lang())))

by_year = data.query("app_headline_by_year", **filters.params())
summary = data.query("app_view_summary", **filters.params())
widgets.mixed_scope_warning(summary)
if filters.years:
    by_year_in_view = by_year[by_year["year"].isin(filters.years)]
else:
    by_year_in_view = by_year
if by_year_in_view.empty:
    widgets.no_data()
    st.stop()

focus = int(by_year_in_view["year"].max())
prev_rows = by_year[by_year["year"] == focus - 1]
cur = by_year[by_year["year"] == focus].iloc[0]
prev = prev_rows.iloc[0] if not prev_rows.empty else None
st.subheader(tr("focus_year", year=focus, prev=focus - 1) if prev is not None
             else tr("focus_year_alone", year=focus))


def _num(value):
    return None if value is None or pd.isna(value) else float(value)


def _delta(col, pct=False):
    if prev is None or _num(cur[col]) is None or _num(prev[col]) is None:
        return None
    diff = float(cur[col]) - float(prev[col])
    # a change of a rate is in percentage points (个百分点); a change of a count in 万/亿 from 1万 on
    return f"{diff * 100:+.1f} {tr('pp')}" if pct else charts.count_text(diff, state.lang(), signed=True)


def _fmt(col, pct=False):
    value = _num(cur[col])
    if value is None:
        return "—"
    return f"{value:.1%}" if pct else charts.count_text(value, state.lang())


row1 = st.columns(4)
total = widgets.view_total(summary)
row1[0].metric(tr("m_reports"), charts.count_text(total["report_count"], state.lang()),
               help=tr("sources_hint"))
row1[1].metric(tr("m_agencies"), charts.count_text(total["agency_count"], state.lang()))
years = sorted(summary.loc[~summary["is_total"], "year"].dropna().astype(int).unique())
row1[2].metric(tr("m_years"), "—" if not years else str(years[0]) if len(years) == 1
               else f"{years[0]}–{years[-1]}", help=", ".join(str(y) for y in years))
row1[3].metric(tr("m_pass_rate"), _fmt("check_pass_rate", True), _delta("check_pass_rate", True))
row2 = st.columns(4)
row2[0].metric(tr("m_new"), _fmt("new_received_count"), _delta("new_received_count"))
row2[1].metric(tr("m_processed"), _fmt("processed_count"), _delta("processed_count"))
row2[2].metric(tr("m_grant_rate"), _fmt("grant_rate", True), _delta("grant_rate", True))
row2[3].metric(f"{tr('m_reports')} ({focus})", charts.count_text(cur["report_count"], state.lang()),
               _delta("report_count"))

info = data.info("app_headline_by_year", state.lang())
tidy = pd.concat([
    by_year_in_view.assign(series="new_received", value=by_year_in_view["new_received_count"]),
    by_year_in_view.assign(series="total_processed", value=by_year_in_view["processed_count"]),
])[["year", "series", "value", "report_count", "failed_report_count"]]
fig = charts.trend_lines(
    tidy, series_names={k: state.lab("series", k) for k in ("new_received", "total_processed")},
    title=tr("apps_trend"), x_title=tr("year"), y_title=tr("count_apps"), failed_name=tr("has_failed"))
widgets.chart_block(fig, tidy, info, key="ov_trend")

st.subheader(tr("by_year_table"))
widgets.table_block(by_year_in_view, info, key="ov_table", title=tr("by_year_table"), show_about=False)
widgets.sources_block(filters, summary, key="ov")
