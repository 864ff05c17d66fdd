"""总览 Overview: headline figures for the latest year in view, with the change on the year before."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

MIN_AGENCIES = 30       # a change resting on fewer agencies than this is said to be unreliable
COMPARE = ("matched", "all")
URL_COMPARE = state.choice_param("compare", "ov_compare", COMPARE, default=COMPARE[0])   # ?compare=all

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
prev_year = focus - 1
cur = by_year[by_year["year"] == focus].iloc[0]
prev_all = by_year[by_year["year"] == prev_year]
st.subheader(tr("focus_year", year=focus, prev=prev_year) if not prev_all.empty
             else tr("focus_year_alone", year=focus))

# A change on the year before compares the agencies that reported in both years (matched) unless the
# reader asks for every report; either way the page says how many agencies each side holds.
state.take_url(URL_COMPARE, default=COMPARE[0])
compare_names = {k: tr(f"ov_compare_{k}") for k in COMPARE}    # bound now (format_func runs later)
compare = st.radio(tr("ov_compare"), COMPARE, key="ov_compare", horizontal=True, format_func=compare_names.get)
state.put_url(URL_COMPARE, compare)
matched = data.query("app_headline_matched", year=focus, **filters.params())
n_matched = int(matched["matched_agency_count"].iloc[0]) if not matched.empty else 0
n_prev = int(prev_all["agency_count"].iloc[0]) if not prev_all.empty else 0
if compare == "matched":
    base_cur = matched[matched["year"] == focus]
    base_prev = matched[matched["year"] == prev_year]
    cur_side = base_cur.iloc[0] if not base_cur.empty else None
    prev = base_prev.iloc[0] if not base_prev.empty else None
else:
    cur_side = cur
    prev = prev_all.iloc[0] if not prev_all.empty else None
if not prev_all.empty:
    st.caption(tr("ov_matched_note", year=focus, prev=prev_year, n=n_matched,
                  a=int(cur["agency_count"]), b=n_prev))
    if compare == "all" and (n_matched < int(cur["agency_count"]) or n_matched < n_prev):
        st.caption(tr("ov_sets_differ", year=focus, prev=prev_year))
    if compare == "matched" and n_matched == 0:
        st.caption(tr("ov_no_matched", year=focus, prev=prev_year))
    elif (n_matched if compare == "matched" else min(int(cur["agency_count"]), n_prev)) < MIN_AGENCIES:
        st.caption(tr("ov_small_sample", n=n_matched if compare == "matched"
                      else min(int(cur["agency_count"]), n_prev), min=MIN_AGENCIES))


def _num(value):
    return None if value is None or pd.isna(value) else float(value)


def _delta(col, pct=False):
    if prev is None or cur_side is None or _num(cur_side[col]) is None or _num(prev[col]) is None:
        return None
    diff = float(cur_side[col]) - float(prev[col])
    # a change of a rate is in percentage points (个百分点); a change of a count in 万/亿 from 1万 on
    return f"{diff * 100:+.1f} {tr('pp')}" if pct else charts.count_text(diff, state.lang(), signed=True)


def _fmt(col, pct=False):
    value = _num(cur[col])
    if value is None:
        return "—"
    return f"{value:.1%}" if pct else charts.count_text(value, state.lang())


delta_help = tr("ov_delta_help_matched" if compare == "matched" else "ov_delta_help_all",
                year=focus, prev=prev_year, n=n_matched)
row1 = st.columns(6)
row1[0].metric(tr("m_reports_year", year=focus), charts.count_text(cur["report_count"], state.lang()))
row1[1].metric(tr("m_agencies_year", year=focus), charts.count_text(cur["agency_count"], state.lang()))
row1[2].metric(tr("m_new"), _fmt("new_received_count"), _delta("new_received_count"), help=delta_help)
row1[3].metric(tr("m_processed"), _fmt("processed_count"), _delta("processed_count"), help=delta_help)
row1[4].metric(tr("m_grant_rate"), _fmt("grant_rate", True), _delta("grant_rate", True), help=delta_help)
row1[5].metric(tr("m_pass_rate"), _fmt("check_pass_rate", True), _delta("check_pass_rate", True),
               help=delta_help)

st.subheader(tr("ov_all_years"))
row2 = st.columns(4)
total = widgets.view_total(summary)
row2[0].metric(tr("m_reports"), charts.count_text(total["report_count"], state.lang()),
               help=tr("sources_hint"))
row2[1].metric(tr("m_agencies"), charts.count_text(total["agency_count"], state.lang()))
years = sorted(summary.loc[~summary["is_total"], "year"].dropna().astype(int).unique())
row2[2].metric(tr("m_years"), "—" if not years else str(years[0]) if len(years) == 1
               else f"{years[0]}–{years[-1]}", help=", ".join(str(y) for y in years))
checked = int(total["check_pass_count"]) + int(total["check_fail_count"])
row2[3].metric(tr("m_pass_rate"), f"{int(total['check_pass_count']) / checked:.1%}" if checked else "—")

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
