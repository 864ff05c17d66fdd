"""报告 Report: one report's three tables in the statutory layout (failed-check cells in red), its
checks and warnings, the text it was read from, and its version history. URL: `?report=ID`,
`&cell=t3.new_received.total` (the traced cell).

Every figure is traceable: selecting a cell (in a grid, or with the cell picker) shows the exact
characters it was read from, highlighted in its line of the source text (the parser's line and
character span, `cells.source_where`; for a PDF also the page), and the parser's warnings on it."""
from __future__ import annotations

import re
from typing import Optional

import numpy as np
import pandas as pd
import streamlit as st

from gongkai import store
from gongkai.dashboard import data, i18n, state, widgets
from gongkai.dashboard.i18n import LABELS
from gongkai.dashboard.state import tr
from gongkai.parse.provenance import parse_where

FAILED_CSS = "background-color: #ffcdd2; color: #b71c1c; font-weight: 600"
APPLICANTS = list(LABELS["applicant"])
T4_GROUPS = list(LABELS["t4_group"])
T4_RESULTS = list(LABELS["t4_result"])
URL_REPORT = state.int_param("report", "report")     # ?report=ID: the picker
CELL_PICK = "rp_cell"            # the traced cell (a cell key, "" for none)
CONTEXT_CHARS = 60               # characters of the line shown either side of a traced figure
GRID_AXES: dict[str, tuple[str, list[str], list[str]]] = {}   # grid key → (table, row keys, col keys)

filters = state.current_filters()
st.title(tr("page_report"))

reports = data.query("app_reports_in_view", limit=widgets.LIST_LIMIT, **filters.params())
wanted = state.take_url(URL_REPORT)          # a link's report, else the session's pick
options = [int(r) for r in reports["report_id"]]
if wanted is not None and wanted not in options:
    options.insert(0, wanted)
if not options:
    widgets.no_data()
    st.stop()
names = {int(r.report_id): f"#{int(r.report_id)} "
                           f"{r.agency_name if isinstance(r.agency_name, str) else '?'} {r.year}"
         for r in reports.itertuples()}
if wanted is not None and wanted not in names:      # a link from outside the filtered list
    found = data.query("app_report_detail", report_id=wanted)
    if not found.empty:
        row = found.iloc[0]
        names[wanted] = (f"#{wanted} {row['agency_name'] if isinstance(row['agency_name'], str) else '?'} "
                         f"{int(row['year']) if pd.notna(row['year']) else '?'}")
if st.session_state.get("report") not in options:
    st.session_state["report"] = options[0]
report_id = st.selectbox(tr("pick_report"), options, key="report",
                         format_func=lambda r: names.get(r, f"#{r}"))
if len(reports) >= widgets.LIST_LIMIT:
    summary = data.query("app_view_summary", **filters.params())
    widgets.first_of_note(len(reports), int(widgets.view_total(summary)["report_count"]))
state.put_url(URL_REPORT, report_id)

detail = data.query("app_report_detail", report_id=report_id)
if detail.empty:
    st.warning(tr("report_not_found", id=report_id))
    st.stop()
meta = detail.iloc[0]
if not bool(meta["is_current"]) and pd.notna(meta["superseded_by"]):
    st.warning(tr("not_current", id=int(meta["superseded_by"])))

agency = meta["agency_name"] if isinstance(meta["agency_name"], str) else "?"
st.subheader(f"{widgets.plain(agency)} · {int(meta['year']) if pd.notna(meta['year']) else '?'}")
if pd.notna(meta["agency_id"]):          # up one step of the drill-down: every year of this agency
    st.page_link(widgets.AGENCY_PAGE, label=f"{tr('page_agency')}: {agency}", icon=":material/account_balance:",
                 query_params={"agency_id": str(int(meta["agency_id"])), **state.url_filters(filters)})
st.caption(" · ".join([state.lab("scope", meta["report_scope"]), state.lab("format", meta["format_version"]),
                       state.lab("status", meta["status"]),
                       widgets.plain(meta["original_name"]) if isinstance(meta["original_name"], str)
                       else ""]))


def _download_name(original, sha: str) -> str:
    """The stored document's own file name (its last path part), else its hash."""
    name = original.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(original, str) else ""
    return name or sha


sha, warehouse = str(meta["document_sha256"]), data.db_path()
st.download_button(tr("download_original"), data=lambda: store.read_document(warehouse, sha),
                   file_name=_download_name(meta["original_name"], sha), mime=str(meta["media_type"]),
                   key="rp_original", icon=":material/download:", on_click="ignore",
                   help=tr("download_original_help"))
facts = st.columns(3)
facts[0].metric(tr("pass"), int(meta["pass_count"]))
facts[1].metric(tr("fail"), int(meta["fail_count"]))
facts[2].metric(tr("na"), int(meta["na_count"]))

cells = data.query("app_report_cells", report_id=report_id)
cells_info = data.info("app_report_cells", state.lang())


def _styled(values: pd.DataFrame, failed: pd.DataFrame, exists: pd.DataFrame):
    """The grid as text: a number, "—" for a cell the format has but the parser could not read, and
    blank for a cell this row does not have (T2 rows use different columns)."""
    shown = values.copy().astype(object)
    for col in values.columns:
        shown[col] = [(_number(v) if e else "") for v, e in zip(values[col], exists[col])]
    css = pd.DataFrame(np.where(failed.to_numpy(dtype=bool), FAILED_CSS, ""),
                       index=values.index, columns=values.columns)

    def paint(_):
        return css
    return shown.style.apply(paint, axis=None)


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def _grid_frame(styled, key: str, **kwargs) -> None:
    """A statutory table: labelled rows (index) and columns, numbers right-aligned, blanks blank.
    A cell selected in it is traced (see _selected_cell)."""
    columns = {c: st.column_config.TextColumn(c, alignment="right") for c in styled.data.columns}
    widgets.dataframe(styled, key=key, hide_index=False, column_config=columns,
                      on_select="rerun", selection_mode="single-cell", **kwargs)


def _selected_cell(key: str, labels: list[str]) -> None:
    """A cell newly selected in grid `key` becomes the traced cell (the picker follows it)."""
    axes = GRID_AXES.get(key)
    state_ = st.session_state.get(key)
    try:
        cells_sel = list(state_["selection"]["cells"]) if state_ is not None else []
    except (KeyError, TypeError):
        cells_sel = []
    seen_key = f"_{key}_seen"
    current = [tuple(c) for c in cells_sel]
    if current == st.session_state.get(seen_key):
        return
    st.session_state[seen_key] = current
    if not current or axes is None:
        return
    row_pos, col_label = current[0]
    table, rows, cols = axes
    if not (0 <= int(row_pos) < len(rows)) or col_label not in labels:
        return
    col = cols[labels.index(col_label)]
    cell_key = f"t4.cases.{rows[int(row_pos)]}_{col}" if table == "4" else f"t{table}.{rows[int(row_pos)]}.{col}"
    st.session_state[CELL_PICK] = cell_key


def _grid(table_no: int, rows: list[str], cols: list[str], row_kind: str, col_kind: str):
    part = cells[cells["table_no"] == table_no]
    if part.empty:
        return None, None, None, part
    row_order = [r for r in rows if r in set(part["row_key"])] + sorted(set(part["row_key"]) - set(rows))
    col_order = [c for c in cols if c in set(part["col_key"])] + sorted(set(part["col_key"]) - set(cols))
    values = part.pivot_table(index="row_key", columns="col_key", values="value", aggfunc="first",
                              dropna=False).reindex(index=row_order, columns=col_order)
    failed = part.pivot_table(index="row_key", columns="col_key", values="is_failed_check",
                              aggfunc="max").reindex(index=row_order, columns=col_order)
    failed = failed.astype("boolean").fillna(False)
    exists = part.assign(one=1).pivot_table(index="row_key", columns="col_key", values="one",
                                            aggfunc="max").reindex(index=row_order, columns=col_order).notna()
    GRID_AXES[f"rp_t{table_no}"] = (str(table_no), list(values.index), list(values.columns))
    values.index = [state.lab(row_kind, r) for r in values.index]
    values.columns = [state.lab(col_kind, c) for c in values.columns]
    failed.index, failed.columns = values.index, values.columns
    exists.index, exists.columns = values.index, values.columns
    return values, failed, exists, part


left, right = st.columns([3, 2])
with left:
    st.caption(tr("failed_cells_note"))
    t2_rows = list(LABELS["t2_row"])
    t3_rows = list(LABELS["t3_row"])
    for table_no, title_key, rows, cols, row_kind, col_kind in (
            (2, "t2_title", t2_rows, list(LABELS["t2_col"]), "t2_row", "t2_col"),
            (3, "t3_title", t3_rows, APPLICANTS, "t3_row", "applicant")):
        st.markdown(f"**{tr(title_key)}**")
        values, failed, exists, part = _grid(table_no, rows, cols, row_kind, col_kind)
        if values is None:
            st.info(tr("no_table"))
            continue
        _grid_frame(_styled(values, failed, exists), key=f"rp_t{table_no}",
                    height=min(40 + 35 * len(values), 900))
        _selected_cell(f"rp_t{table_no}", list(values.columns))
        widgets.download_row(f"rp_t{table_no}", widgets.export_meta(cells_info, tr(title_key)),
                              part.reset_index(drop=True), None)
    st.markdown(f"**{tr('t4_title')}**")
    t4 = cells[cells["table_no"] == 4].copy()
    if t4.empty:
        st.info(tr("no_table"))
    else:
        t4["group"] = t4["col_key"].str.rsplit("_", n=1).str[0]
        t4["result"] = t4["col_key"].str.rsplit("_", n=1).str[1]
        values = t4.pivot_table(index="group", columns="result", values="value", aggfunc="first",
                                dropna=False).reindex(index=T4_GROUPS, columns=T4_RESULTS)
        failed = t4.pivot_table(index="group", columns="result", values="is_failed_check",
                                aggfunc="max").reindex(index=T4_GROUPS, columns=T4_RESULTS)
        failed = failed.astype("boolean").fillna(False)
        exists = t4.assign(one=1).pivot_table(index="group", columns="result", values="one",
                                              aggfunc="max").reindex(index=T4_GROUPS, columns=T4_RESULTS).notna()
        GRID_AXES["rp_t4"] = ("4", list(values.index), list(values.columns))
        values.index = [state.lab("t4_group", g) for g in values.index]
        values.columns = [state.lab("t4_result", r) for r in values.columns]
        failed.index, failed.columns = values.index, values.columns
        exists.index, exists.columns = values.index, values.columns
        _grid_frame(_styled(values, failed, exists), key="rp_t4")
        _selected_cell("rp_t4", list(values.columns))
        widgets.download_row("rp_t4", widgets.export_meta(cells_info, tr("t4_title")),
                              t4.drop(columns=["group", "result"]).reset_index(drop=True), None)
    widgets.about(cells_info)

warnings = data.query("app_report_warnings", report_id=report_id)


def _cell_order(frame: pd.DataFrame) -> list[str]:
    """Cell keys in the order of the statutory tables (rows, then columns, as the grids show)."""
    rank = {kind: {k: i for i, k in enumerate(LABELS[kind])}
            for kind in ("t2_row", "t2_col", "t3_row", "applicant", "t4_col")}

    def key(r) -> tuple:
        t = int(r.table_no)
        row_kind, col_kind = {2: ("t2_row", "t2_col"), 3: ("t3_row", "applicant")}.get(t, ("t3_row", "t4_col"))
        return (t, rank[row_kind].get(r.row_key, 999), rank[col_kind].get(r.col_key, 999), r.cell_key)
    return [r.cell_key for r in sorted(frame.itertuples(), key=key)]


def _cell_label(cell_key: str) -> str:
    if not cell_key:
        return tr("trace_none")
    table, row, col = cell_key[1:].split(".", 2)
    found = cells[cells["cell_key"] == cell_key]
    value = _number(found["value"].iloc[0]) if not found.empty else "—"
    return f"{i18n.cell_name(table, row, col, state.lang())} = {value}"


def _cell_warnings(cell_key: str) -> pd.DataFrame:
    """The parser's warnings on a cell: those naming it, and those on its whole row."""
    table, row, _col = cell_key.split(".", 2)
    row_ref = re.compile(rf"^{re.escape(table)}\.{re.escape(row)}(?![\w.])")
    cell_ref = re.compile(rf"(?<![\w.]){re.escape(cell_key)}(?![\w])")
    mask = [bool(cell_ref.search(str(d)) or row_ref.search(str(d))) for d in warnings["detail"]]
    return warnings[mask] if len(warnings) else warnings


@st.cache_data(max_entries=64, show_spinner=False)
def _pdf_crop(warehouse: str, sha: str, where: str) -> Optional[bytes]:
    """PNG of the PDF table region a cell was read from, the cell outlined (None: no crop)."""
    import io

    from gongkai.parse.pdf_crop import cell_crop

    try:
        image = cell_crop(store.read_document(warehouse, sha), where)
    except (LookupError, ValueError, OSError):      # DocumentMissing, DocumentCorrupt, I/O
        return None
    if image is None:
        return None
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _trace(cell_key: str, source_text: str) -> None:
    """Where the cell was read from: its characters highlighted in their line, and its warnings."""
    found = cells[cells["cell_key"] == cell_key]
    if found.empty:
        return
    cell = found.iloc[0]
    raw = cell["raw_text"] if isinstance(cell["raw_text"], str) else None
    where = parse_where(cell["source_where"] if isinstance(cell["source_where"], str) else None)
    st.metric(tr("trace_value"), _number(cell["value"]))
    if pd.isna(cell["value"]):
        st.caption(tr("trace_not_read"))
    page = re.match(r"page (\d+)", where["cell"] or "")
    if page:
        st.caption(tr("trace_page", page=page.group(1)))
        crop = _pdf_crop(str(warehouse), sha, where["cell"])
        if crop:
            st.image(crop, caption=tr("trace_crop"))
    lines = source_text.split("\n")
    if where["line"] is not None and 0 < where["line"] <= len(lines):
        a, b = where["line_span"]
        line = lines[where["line"] - 1]
        st.caption(tr("trace_where", line=where["line"], start=a, end=b,
                      cell=i18n.detail_text(where["cell"], state.lang())))
        before, figure, after = line[max(0, a - CONTEXT_CHARS):a], line[a:b], line[b:b + CONTEXT_CHARS]
        lead = "…" if a > CONTEXT_CHARS else ""
        tail = "…" if b + CONTEXT_CHARS < len(line) else ""
        # escaped document text around one highlighted figure: markdown, never HTML
        mark = widgets.plain(figure) if figure else "▯"
        st.markdown(f"{lead}{widgets.plain(before)}:orange-background[**{mark}**]{widgets.plain(after)}{tail}")
        st.text(tr("trace_raw", raw=figure) if figure else tr("trace_empty_cell"))
    elif where["cell"]:
        st.caption(tr("trace_no_span", cell=i18n.detail_text(where["cell"], state.lang())))
        if raw:
            st.text(tr("trace_raw", raw=raw))
    on_cell = _cell_warnings(cell_key)
    st.markdown(f"**{tr('trace_warnings')}**")
    if on_cell.empty:
        st.caption(tr("trace_no_warnings"))
    else:
        widgets.dataframe(on_cell.reset_index(drop=True), key="rp_trace_warn")


with right:
    text = data.query("app_report_text", report_id=report_id)
    source_text = str(text.iloc[0]["text"]) if not text.empty else ""
    st.markdown(f"**{tr('trace_title')}**")
    cell_options = [""] + _cell_order(cells)
    url_cell = state.choice_param("cell", CELL_PICK, cell_options, default="")   # ?cell=t3.….total
    state.take_url(url_cell)
    if st.session_state.get(CELL_PICK) not in cell_options:
        st.session_state[CELL_PICK] = ""
    picked = st.selectbox(tr("trace_pick"), cell_options, key=CELL_PICK, format_func=_cell_label)
    state.put_url(url_cell, picked)
    if picked:
        _trace(picked, source_text)
    st.markdown(f"**{tr('source_text')}**")
    with st.container(height=900):
        # plain text only: document content is never rendered as markdown or HTML
        st.text(text.iloc[0]["text"] if not text.empty else "—")

st.subheader(tr("checks"))
checks = data.query("app_report_checks", report_id=report_id)
checks_shown = checks.assign(status=[state.lab("status", s) for s in checks["status"]])
widgets.table_block(checks_shown, data.info("app_report_checks", state.lang()), key="rp_checks",
                    title=tr("checks"), show_about=False)

st.subheader(tr("warnings"))
if warnings.empty:
    st.caption(tr("no_warnings"))
else:
    widgets.table_block(warnings, data.info("app_report_warnings", state.lang()), key="rp_warn",
                        title=tr("warnings"), show_about=False)

st.subheader(tr("versions"))
widgets.versions_block("app_report_versions", key="rp_versions", report_id=report_id)

with st.expander(tr("report_meta")):
    fields = pd.DataFrame({"field": [i18n.column(c, state.lang()) for c in detail.columns],
                           "value": ["" if v is None or (not isinstance(v, str) and pd.isna(v))
                                     else str(i18n.value_label(c, v, state.lang()))
                                     for c, v in zip(detail.columns, detail.iloc[0])]})
    widgets.dataframe(fields, key="rp_meta")
