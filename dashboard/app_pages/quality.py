"""数据质量 Data quality: every current report scored by what the parser read (cells read ÷ cells
expected, failed and not-evaluable checks, status), worst first; select a row to open its report.

By default the page covers every report scope (aggregates and reports whose agency is unknown too):
a quality list that hides the worst-read reports would be no quality list. A scope chosen in the
sidebar narrows it."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from gongkai.dashboard import charts
from gongkai.dashboard import data, state, widgets
from gongkai.dashboard.state import tr

GRID_AGENCIES = 300     # rows of the agency × year grid: the agencies of the worst reports
GRADES = ("unreadable", "partial", "failed", "unchecked", "ok")

filters = state.current_filters()
scope_all = filters.scope is None            # the sidebar's default scope: here, every scope
shown_filters = replace(filters, scope="all") if scope_all else filters
st.title(tr("page_quality"))
st.caption(widgets.plain(shown_filters.describe(state.lang())))
if scope_all:
    st.caption(tr("quality_scope_note"))
params = {**filters.params(), **({"scope": "all"} if scope_all else {})}
rows = data.query("app_report_quality", limit=widgets.LIST_LIMIT, **params)
if rows.empty:
    widgets.no_data(shown_filters)
    st.stop()
info = data.info("app_report_quality", state.lang())
total = int(rows["report_total"].iloc[0])
counts = data.query("app_report_quality_counts", **params)
by_grade = dict(zip(counts["grade"], counts["report_count"]))

st.caption(tr("quality_rule"))
cols = st.columns(len(GRADES))
for col, grade in zip(cols, GRADES):
    col.metric(state.lab("grade", grade), charts.count_text(by_grade.get(grade, 0), state.lang()))
checks = st.columns(3)
checks[0].metric(tr("pass"), charts.count_text(counts["pass_count"].sum(), state.lang()))
checks[1].metric(tr("fail"), charts.count_text(counts["fail_count"].sum(), state.lang()))
checks[2].metric(tr("na"), charts.count_text(counts["na_count"].sum(), state.lang()))

agencies = list(dict.fromkeys(rows["agency_name"]))[:GRID_AGENCIES]
grid = rows[rows["agency_name"].isin(agencies)][
    ["report_id", "agency_name", "year", "grade", "grade_rank", "cells_read", "cells_expected",
     "read_share", "pass_count", "fail_count", "na_count"]]
fig = charts.quality_heatmap(
    grid, title=tr("quality_grade_grid"), x_title=tr("year"), y_title=tr("agency"),
    grade_names={g: state.lab("grade", g) for g in GRADES},
    hover_names={"read": tr("cells_read_of"), "pass": tr("pass"), "fail": tr("fail"), "na": tr("na")},
    unknown_year=tr("unknown_year"))
widgets.chart_block(fig, grid, info, key="dq_grid", drill=None)   # the table below opens each report
if len(agencies) < rows["agency_name"].nunique() or total > len(rows):
    st.caption(tr("quality_grid_first_of", n=len(agencies)))

st.subheader(tr("quality_grade_table"))
widgets.first_of_note(len(rows), total, key="quality_first_of")
st.caption(tr("pick_to_open"))
shown = rows[["report_id", "agency_id", "agency_name", "year", "report_scope", "grade", "read_share",
              "cells_read", "cells_expected", "pass_count", "fail_count", "na_count", "status",
              "format_version"]].reset_index(drop=True)
tail = widgets.link_tail()             # the links carry the filters along
shown.insert(0, "open", [widgets.report_link(r, tail) for r in shown["report_id"]])
shown.insert(1, "agency_link", [widgets.agency_link(a, tail) for a in shown["agency_id"]])
shown = shown.drop(columns=["agency_id"])
table_config = {**widgets.link_columns(), "read_share": st.column_config.NumberColumn(**widgets.RATE_FORMAT)}
shown = widgets.sort_control(shown, "dq_sort", table_config)     # ?sort=…: the order in the URL
event = widgets.dataframe(shown, key="dq_table", on_select="rerun", selection_mode="single-row",
                          column_config=table_config)
selected = event.selection.rows if event is not None else []
if selected:
    st.switch_page(widgets.REPORT_PAGE, query_params={"report": str(int(shown.iloc[selected[0]]["report_id"])),
                                                      **state.url_filters(filters)})
widgets.download_row("dq_table", widgets.export_meta(info, tr("quality_grade_table")), shown, None)
