"""机构对比 Compare: an outcome rate against applications processed (funnel plot), from the
indicator queries/indicators/funnel_outcome_rate.sql grouped by agency. Agencies below the minimum
N are drawn hollow and never ranked; the rule is stated on the page and in exports."""
from __future__ import annotations

import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

DEFAULT_MIN_N = 30
MAX_N = 100_000
OUTCOMES = ("substantive", "granted")
# ?min_n=N&outcome=granted (each left out at its default)
URL_MIN_N = state.int_param("min_n", "cmp_min_n", low=1, high=MAX_N, default=DEFAULT_MIN_N)
URL_OUTCOME = state.choice_param("outcome", "cmp_outcome", OUTCOMES, default=OUTCOMES[0])

filters = state.current_filters()
params = filters.indicator_params()
st.title(tr("page_compare"))
st.caption(widgets.plain(filters.describe(state.lang())))
summary = data.query("app_view_summary", **filters.params())
# the years pooled: the chosen range, else every year in view (never a "…–…" placeholder)
in_view = sorted(summary.loc[~summary["is_total"], "year"].dropna().astype(int).unique())
year_lo = params["year_from"] or (in_view[0] if in_view else None)
year_hi = params["year_to"] or (in_view[-1] if in_view else None)
if year_lo is not None:
    st.caption(tr("indicator_years", years=str(year_lo) if year_lo == year_hi else f"{year_lo}–{year_hi}"))
left, right = st.columns(2)
state.take_url(URL_MIN_N, default=DEFAULT_MIN_N)
min_n = left.number_input(tr("min_n"), min_value=1, max_value=MAX_N, step=10, key="cmp_min_n")
state.put_url(URL_MIN_N, min_n)
outcome_names = {k: state.lab("outcome", k) for k in OUTCOMES}
state.take_url(URL_OUTCOME, default=OUTCOMES[0])
outcome = right.selectbox(tr("outcome"), OUTCOMES, key="cmp_outcome", format_func=outcome_names.get)
state.put_url(URL_OUTCOME, outcome)
st.info(tr("min_n_rule", n=min_n))

rates = data.query("funnel_outcome_rate", group_by="agency", outcome=outcome, **params)
agencies = data.query("app_agencies_in_view", **filters.params())
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
                                "small_n": tr("small_n"), "has_failed": tr("has_failed"),
                                "n": tr("hover_processed"), "rate": outcome_names[outcome]})


def drill(point: dict):
    """A funnel point is one agency over the years pooled: its reports of those years in view."""
    custom = point.get("customdata") or []
    if len(custom) < 3 or custom[2] is None or custom[2] != custom[2]:      # unknown agency (NaN)
        return None
    years = list(range(int(year_lo), int(year_hi) + 1)) if year_lo is not None else None
    return {"years": years, "agency_id": int(custom[2])}


widgets.chart_block(fig, plotted, info, key="cmp_funnel", title=title, drill=drill)
st.caption(tr("funnel_labelled", k=charts.FUNNEL_LABELLED))

st.subheader(tr("ranked"))
ranked = plotted[~plotted["is_small_n"]].sort_values("grant_rate", ascending=False).copy()
ranked.insert(0, "rank", range(1, len(ranked) + 1))
tail = widgets.link_tail()             # the links carry the filters along
ranked.insert(1, "open", [widgets.report_link(ids.split(",")[-1], tail) if isinstance(ids, str) else None
                          for ids in ranked["report_ids"]])
ranked.insert(2, "agency_link", [widgets.agency_link(a, tail) for a in ranked["agency_id"]])
ranked["position"] = [state.lab("position", p) for p in ranked["position"]]
ranked = ranked[["rank", "open", "agency_link", "agency_name", "granted_count", "processed_count",
                 "grant_rate", "position", "reports_count", "failed_report_count", "report_ids"]]
rank_config = {**widgets.link_columns(),
               "grant_rate": st.column_config.NumberColumn(outcome_names[outcome], **widgets.RATE_FORMAT)}
ranked = widgets.sort_control(ranked, "cmp_sort", rank_config)     # ?sort=…: the order in the URL
widgets.table_block(ranked, info, key="cmp_rank", title=tr("ranked"), show_about=False,
                    column_config=rank_config)
widgets.sources_block(filters, summary, key="cmp")
