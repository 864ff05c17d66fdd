"""主动公开 Proactive: items proactively disclosed and table 2 figures by year, with the 2021 format
change marked (table 2 rows and columns differ before and after it)."""
from __future__ import annotations

import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

MIN_N = 30          # reports in a year; below it changes between years mostly reflect coverage

filters = state.current_filters()
st.title(tr("page_proactive"))
st.caption(widgets.plain(filters.describe(state.lang())))
cells = data.query("app_proactive_by_year", **filters.params())
summary = data.query("app_view_summary", **filters.params())
widgets.mixed_scope_warning(summary)
if cells.empty:
    widgets.no_data()
    st.stop()
info = data.info("app_proactive_by_year", state.lang())
failed_by_year = widgets.failed_reports_by_year(summary)
small_n = tr("small_n_name", n=MIN_N)
st.caption(tr("small_n_reports_rule", n=MIN_N))


def _marked(frame):
    """n = reports behind each value; years with a report failing a check get the × mark."""
    frame = frame.join(failed_by_year, on="year").assign(n=lambda d: d["report_count"])
    frame["failed_report_count"] = frame["failed_report_count"].fillna(0).astype(int)
    return frame


narrative = cells[cells["cell_key"] == "proactive_count"].groupby("year", as_index=False).agg(
    value=("value_sum", "sum"), report_count=("report_count", "sum"))
narrative = _marked(narrative[narrative["report_count"] > 0].assign(series="proactive_count"))
fig = charts.trend_lines(narrative, series_names={"proactive_count": state.lab("t2_row", "proactive_count")},
                         title=tr("proactive_trend"), x_title=tr("year"), y_title=tr("count_items"),
                         format_change=tr("format_change"), failed_name=tr("has_failed"),
                         min_n=MIN_N, small_n_name=small_n)
widgets.chart_block(fig, narrative, info, key="pr_count")

t2 = cells[cells["cell_key"] != "proactive_count"]
keys = sorted(t2["cell_key"].unique())
if keys:
    def _name(key: str) -> str:
        _, row, col = key.split(".", 2)
        return f"{state.lab('t2_row', row)} · {state.lab('t2_col', col)}"
    default = [k for k in ("t2.administrative_license.decisions", "t2.administrative_penalty.decisions")
               if k in keys] or keys[:1]
    url_t2 = state.choices_param("t2", "pr_keys", keys, default, prefix="t2.")   # ?t2=row.col (repeated)
    before = st.session_state.get("pr_keys")
    if before:                          # other filters may offer other cells: keep those still offered
        st.session_state["pr_keys"] = [k for k in before if k in keys] or default
    state.take_url(url_t2, default=default)
    chosen = st.multiselect(tr("t2_pick"), keys, format_func=_name, key="pr_keys",
                            select_all=False)       # Streamlit's "Select all" has no Chinese label
    state.put_url(url_t2, chosen)
    series = _marked(t2[t2["cell_key"].isin(chosen)].groupby(["year", "cell_key"], as_index=False).agg(
        value=("value_sum", "sum"), report_count=("report_count", "sum")).rename(
        columns={"cell_key": "series"}))
    unit = tr("count_items")
    fig = charts.trend_lines(series, series_names={k: _name(k) for k in chosen}, title=tr("t2_trend"),
                             x_title=tr("year"), y_title=unit, format_change=tr("format_change"),
                             failed_name=tr("has_failed"), min_n=MIN_N, small_n_name=small_n)
    widgets.chart_block(fig, series, info, key="pr_t2")

widgets.sources_block(filters, summary, key="pr")
