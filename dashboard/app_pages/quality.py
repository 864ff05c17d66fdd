"""数据质量 Data quality: identity checks per agency and year; select a row to open its report."""
from __future__ import annotations

import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

GRID_AGENCIES = 300     # rows of the agency × year grid: the agencies with the most failed checks

filters = state.current_filters()
st.title(tr("page_quality"))
st.caption(widgets.plain(filters.describe(state.lang())))
grid = data.query("app_check_grid", limit=GRID_AGENCIES, **filters.params())
if grid.empty:
    widgets.no_data()
    st.stop()
info = data.info("app_check_grid", state.lang())
total = widgets.view_total(data.query("app_view_summary", **filters.params()))

cols = st.columns(3)
cols[0].metric(tr("pass"), charts.count_text(total["check_pass_count"], state.lang()))
cols[1].metric(tr("fail"), charts.count_text(total["check_fail_count"], state.lang()))
cols[2].metric(tr("na"), charts.count_text(total["check_na_count"], state.lang()))
widgets.first_of_note(grid["agency_id"].nunique(), int(total["agency_count"]), key="grid_first_of")

fig = charts.check_heatmap(grid, title=tr("quality_grid"), x_title=tr("year"), y_title=tr("agency"),
                           hover_pass=tr("pass"), hover_fail=tr("fail"), hover_na=tr("na"))
widgets.chart_block(fig, grid, info, key="dq_grid")

st.subheader(tr("quality_table"))
st.caption(tr("pick_to_open"))
shown = grid.sort_values(["fail_count", "na_count"], ascending=False).reset_index(drop=True)
tail = widgets.link_tail()             # the links carry the filters along
shown.insert(0, "open", [widgets.report_link(r, tail) for r in shown["report_id"]])
shown.insert(1, "agency_link", [widgets.agency_link(a, tail) for a in shown["agency_id"]])
shown = shown.drop(columns=["agency_id"])
event = widgets.dataframe(shown, key="dq_table", on_select="rerun", selection_mode="single-row",
                          column_config={**widgets.link_columns(),
                                         "pass_rate": st.column_config.NumberColumn(**widgets.RATE_FORMAT)})
selected = event.selection.rows if event is not None else []
if selected:
    st.switch_page(widgets.REPORT_PAGE, query_params={"report": str(int(shown.iloc[selected[0]]["report_id"])),
                                                      **state.url_filters(filters)})
widgets.download_row("dq_table", widgets.export_meta(info, tr("quality_table")), shown, None)
