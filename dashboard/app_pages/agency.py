"""机构 Agency: one agency across the years — its region, level and sector, every year's current
report (status, failed checks), its figures over time, the cross-year chains between consecutive
reports, and every stored version. URL: `?agency_id=N`. The middle step of the drill-down
region (filters) → agency → report: every table listing agencies or reports links here.

The sidebar filters only narrow the picker; the page itself shows every year of the agency."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.i18n import LABELS
from gongkai.dashboard.state import tr

MIN_N = 30                                  # applications processed, as on the other pages
LIT_SERIES = ("review_total", "lit_direct_total", "lit_after_review_total")
URL_AGENCY = state.int_param("agency_id", "agency_id")     # ?agency_id=N: the picker

filters = state.current_filters()
st.title(tr("page_agency"))

listed = data.query("app_agencies_in_view", limit=widgets.LIST_LIMIT, **filters.params())
names = {int(a): n for a, n in zip(listed["agency_id"], listed["agency_name"])}
wanted = state.take_url(URL_AGENCY)          # a link's agency_id, else the session's pick
options = sorted(names, key=lambda a: str(names[a]))
if wanted is not None and wanted not in options:      # a link from outside the filtered list
    options.insert(0, wanted)
    found = data.query("app_agency_detail", agency_id=wanted)
    if not found.empty:
        names[wanted] = found["agency_name"].iloc[0]
if not options:
    widgets.no_data()
    st.stop()
if st.session_state.get("agency_id") not in options:
    st.session_state["agency_id"] = options[0]
agency_id = st.selectbox(tr("pick_agency"), options, key="agency_id",
                         format_func=lambda a: f"{names.get(a, '')} #{a}".strip())
if len(listed) >= widgets.LIST_LIMIT:
    summary = data.query("app_view_summary", **filters.params())
    widgets.first_of_note(len(listed), int(widgets.view_total(summary)["agency_count"]))
state.put_url(URL_AGENCY, agency_id)
st.caption(tr("agency_page_note"))

detail = data.query("app_agency_detail", agency_id=agency_id)
if detail.empty:
    st.warning(tr("agency_not_found", id=agency_id))
    st.stop()
meta = detail.iloc[0]


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


st.subheader(widgets.plain(_text(meta["agency_name"]) or f"#{agency_id}"))
region = " ".join(p for p in (_text(meta["province"]), _text(meta["city"]), _text(meta["county"])) if p)
code = _text(meta["region_code"])
facts = st.columns(4)
facts[0].metric(tr("region"), region or tr("unknown"), help=code or None)
facts[1].metric(tr("level"), state.lab("level", meta["level"]) if _text(meta["level"]) else tr("unknown"))
facts[2].metric(tr("sector"), _text(meta["sector"]) or tr("unknown"))
facts[3].metric(tr("scope"), state.lab("scope", meta["agency_scope"]) if _text(meta["agency_scope"])
                else tr("unknown"))

# --- every year's current report ------------------------------------------------------------------
st.subheader(tr("agency_reports"))
reports = data.query("app_agency_reports", agency_id=agency_id)
shown = reports.copy()
shown.insert(1, "open", [widgets.report_link(r) for r in shown["report_id"]])
shown["status"] = [state.lab("status", s) for s in shown["status"]]
shown["report_scope"] = [state.lab("scope", s) for s in shown["report_scope"]]
widgets.table_block(shown, data.info("app_agency_reports", state.lang()), key="ag_reports",
                    title=tr("agency_reports"), show_about=False,
                    column_config={**widgets.link_columns(),
                                   "published_on": st.column_config.DateColumn(format="YYYY-MM-DD")})

# --- figures over time ----------------------------------------------------------------------------
figures = data.query("app_agency_by_year", agency_id=agency_id)
info = data.info("app_agency_by_year", state.lang())
if not figures.empty:
    st.subheader(tr("agency_figures"))
    st.caption(tr("small_n_apps_rule", n=MIN_N))
    base = figures.assign(report_count=1, failed_report_count=(figures["fail_count"] > 0).astype(int),
                          n=figures["total_processed"])
    small_n = tr("small_n_name", n=MIN_N)

    def tidy(keys) -> pd.DataFrame:
        return pd.concat([base.assign(series=k, value=base[k]) for k in keys])[
            ["year", "series", "value", "n", "report_count", "failed_report_count"]].dropna(subset=["value"])

    # A point's reports: this agency's reports of that year, every scope, whatever the sidebar says
    every_report = {"scope": "all", **{name: None for name in state.TEXT_FILTERS if name != "scope"}}

    def drill(point: dict):
        year = widgets.year_of_point(point)
        return year and {**every_report, **year, "agency_id": agency_id}

    left, right = st.columns(2)
    with left:
        apps = tidy(("new_received", "total_processed"))
        fig = charts.trend_lines(apps, series_names={k: state.lab("series", k)
                                                     for k in ("new_received", "total_processed")},
                                 title=tr("apps_trend"), x_title=tr("year"), y_title=tr("count_apps"),
                                 failed_name=tr("has_failed"), min_n=MIN_N, small_n_name=small_n)
        widgets.chart_block(fig, apps, info, key="ag_apps", drill=drill)
    with right:
        rate = tidy(("grant_rate",))
        fig = charts.trend_lines(rate, series_names={"grant_rate": tr("m_grant_rate")},
                                 title=tr("grant_rate_trend"), x_title=tr("year"), y_title=tr("share"),
                                 failed_name=tr("has_failed"), min_n=MIN_N, small_n_name=small_n,
                                 percent=True)
        widgets.chart_block(fig, rate, info, key="ag_rate", drill=drill)
    left, right = st.columns(2)
    with left:
        proactive = tidy(("proactive_count",)).drop(columns="n")
        fig = charts.trend_lines(proactive, series_names={"proactive_count": state.lab("t2_row", "proactive_count")},
                                 title=tr("proactive_trend"), x_title=tr("year"), y_title=tr("count_items"),
                                 failed_name=tr("has_failed"), format_change=tr("format_change"))
        widgets.chart_block(fig, proactive, info, key="ag_proactive", drill=drill)
    with right:
        lit = tidy(LIT_SERIES).drop(columns="n")
        fig = charts.trend_lines(lit, series_names={k: state.lab("series", k) for k in LIT_SERIES},
                                 title=tr("lit_trend"), x_title=tr("year"), y_title=tr("count_cases"),
                                 failed_name=tr("has_failed"))
        widgets.chart_block(fig, lit, info, key="ag_lit", drill=drill)

# --- cross-year chains ----------------------------------------------------------------------------
st.subheader(tr("agency_chains"))
chains = data.query("cross_year_chains_by_agency_year", agency=_text(meta["agency_name"]) or None,
                    scope="all")
chains = chains[chains["agency_id"] == agency_id]          # the name filter is a substring match
chains = chains[chains["status"] != "no_previous_report"]
if chains.empty:
    st.caption(tr("agency_chains_none"))
else:
    broken = int((chains["status"] == "broken").sum())
    st.caption(f"{tr('chains_broken')}: {broken} / {len(chains)}")
    chain_rows = {**LABELS["applicant"], **LABELS["t2_row"]}
    shown = chains[["year", "report_id", "prev_report_id", "check_id", "scope", "expected_value",
                    "value", "difference", "status"]].copy()
    shown = shown.sort_values(["year", "status"], key=lambda s: s if s.name == "year"
                              else s.ne("broken")).reset_index(drop=True)
    shown.insert(2, "open", [widgets.report_link(r) for r in shown["report_id"]])
    shown["scope"] = [state.lab("applicant" if s in LABELS["applicant"] else "t2_row", s)
                      if s in chain_rows else s for s in shown["scope"]]
    shown["status"] = [state.lab("status", s) for s in shown["status"]]
    widgets.table_block(shown, data.info("cross_year_chains_by_agency_year", state.lang()),
                        key="ag_chains", title=tr("agency_chains"), show_about=True,
                        column_config=widgets.link_columns())

# --- every version ----------------------------------------------------------------------------------
st.subheader(tr("versions"))
st.caption(tr("agency_versions"))
widgets.versions_block("app_agency_versions", key="ag_versions", agency_id=agency_id)
