"""机构对比 Compare: an outcome rate against applications processed (funnel plot), from the
indicator queries/indicators/funnel_outcome_rate.sql grouped by agency. Agencies below the minimum
N are drawn hollow and never ranked; the rule is stated on the page and in exports."""
from __future__ import annotations

import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

DEFAULT_MIN_N = 30
OUTCOMES = ("substantive", "granted")

filters = state.current_filters()
params = filters.indicator_params()
st.title(tr("page_compare"))
st.caption(widgets.plain(filters.describe(state.lang())))
st.caption(tr("indicator_years", year_from=params["year_from"] or "…", year_to=params["year_to"] or "…"))
if state.page_param("min_n", "cmp_min_n", int) is None:
    st.session_state["cmp_min_n"] = DEFAULT_MIN_N
left, right = st.columns(2)
min_n = left.number_input(tr("min_n"), min_value=1, max_value=100_000, step=10, key="cmp_min_n")
state.set_page_param("min_n", None if min_n == DEFAULT_MIN_N else min_n)
outcome_names = {k: state.lab("outcome", k) for k in OUTCOMES}
outcome = right.selectbox(tr("outcome"), OUTCOMES, key="cmp_outcome", format_func=outcome_names.get)
st.info(tr("min_n_rule", n=min_n))

rates = data.query("funnel_outcome_rate", group_by="agency", outcome=outcome, **params)
agencies = data.query("app_agencies_in_view", **filters.params())
summary = data.query("app_view_summary", **filters.params())
if rates.empty:
    widgets.no_data()
    st.stop()
info = data.info("funnel_outcome_rate", state.lang())
by_agency = agencies.set_index("agency_name")[["agency_id", "failed_report_count", "report_ids"]]
plotted = rates.rename(columns={"group_value": "agency_name", "outcome_count": "granted_count",
                                "base_count": "processed_count", "rate": "grant_rate"})
plotted = plotted.join(by_agency, on="agency_name")
plotted["failed_report_count"] = plotted["failed_report_count"].fillna(0).astype(int)
plotted["is_small_n"] = plotted["processed_count"] < min_n
title = f"{tr('funnel')} · {outcome_names[outcome]} (N ≥ {min_n})"
fig = charts.funnel_plot(plotted, min_n=min_n, title=title, x_title=tr("processed_n"),
                         y_title=outcome_names[outcome],
                         names={"pooled": tr("pooled_rate"), "limit95": tr("limit95"),
                                "limit998": tr("limit998"), "ranked": tr("ranked"),
                                "small_n": tr("small_n"), "has_failed": tr("has_failed")})
widgets.chart_block(fig, plotted, info, key="cmp_funnel", title=title)

st.subheader(tr("ranked"))
ranked = plotted[~plotted["is_small_n"]].sort_values("grant_rate", ascending=False).copy()
ranked.insert(0, "rank", range(1, len(ranked) + 1))
ranked.insert(1, "open", [widgets.report_link(ids.split(",")[-1]) if isinstance(ids, str) else None
                          for ids in ranked["report_ids"]])
ranked.insert(2, "agency_link", [widgets.agency_link(a) for a in ranked["agency_id"]])
ranked["position"] = [state.lab("position", p) for p in ranked["position"]]
ranked = ranked[["rank", "open", "agency_link", "agency_name", "granted_count", "processed_count",
                 "grant_rate", "position", "reports_count", "failed_report_count", "report_ids"]]
widgets.table_block(ranked, info, key="cmp_rank", title=tr("ranked"), show_about=False, column_config={
    **widgets.link_columns(),
    "grant_rate": st.column_config.NumberColumn(outcome_names[outcome], format="percent"),
})
widgets.sources_block(filters, summary, key="cmp")
