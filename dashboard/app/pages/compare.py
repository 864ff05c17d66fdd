"""机构对比 Compare: grant rate against applications processed (funnel plot). Agencies below the
minimum N are drawn hollow and never ranked; the rule is stated on the page and in exports."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.app import data, state, widgets
from dashboard.app.state import tr

DEFAULT_MIN_N = 30

filters = state.current_filters()
st.title(tr("page_compare"))
st.caption(filters.describe(state.lang()))
if state.page_param("min_n", "cmp_min_n", int) is None:
    st.session_state["cmp_min_n"] = DEFAULT_MIN_N
min_n = st.number_input(tr("min_n"), min_value=1, max_value=100_000, step=10, key="cmp_min_n")
state.set_page_param("min_n", None if min_n == DEFAULT_MIN_N else min_n)
st.info(tr("min_n_rule", n=min_n))

rates = data.query("app_grant_rate_by_agency", **filters.params())
if rates.empty:
    widgets.no_data()
    st.stop()
info = data.info("app_grant_rate_by_agency", state.lang())
plotted = rates[["agency_id", "agency_name", "years", "report_count", "granted_count", "processed_count",
                 "grant_rate", "failed_report_count", "report_ids"]].copy()
plotted["is_small_n"] = plotted["processed_count"] < min_n
fig = charts.funnel_plot(plotted, min_n=min_n, title=tr("funnel"), x_title=tr("processed_n"),
                         y_title=tr("rate"),
                         names={"pooled": tr("pooled_rate"), "limit95": tr("limit95"),
                                "limit998": tr("limit998"), "ranked": tr("ranked"),
                                "small_n": tr("small_n"), "has_failed": tr("has_failed")})
widgets.chart_block(fig, plotted, info, key="cmp_funnel", title=f"{tr('funnel')} (N ≥ {min_n})")

st.subheader(tr("ranked"))
ranked = plotted[~plotted["is_small_n"]].sort_values("grant_rate", ascending=False).copy()
ranked.insert(0, "rank", range(1, len(ranked) + 1))
ranked.insert(1, "open", [widgets.report_link(ids.split(",")[-1]) for ids in ranked["report_ids"]])
widgets.table_block(ranked, info, key="cmp_rank", title=tr("ranked"), show_about=False, column_config={
    "open": st.column_config.LinkColumn(tr("open"), display_text=tr("open")),
    "agency_name": tr("agency"),
    "grant_rate": st.column_config.NumberColumn(tr("rate"), format="percent"),
})
