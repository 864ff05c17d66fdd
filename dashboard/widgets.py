"""Blocks that every page repeats: a chart or table with its definition and exports, and the list of
source reports behind a figure (the drill-down). Keys take a `key` prefix so they never collide."""
from __future__ import annotations

import dataclasses
import urllib.parse
from typing import Callable, Optional

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from gongkai.dashboard import charts, exports
from gongkai.dashboard import data, i18n, state
from gongkai.dashboard.state import tr
from gongkai.model import AGGREGATE_SCOPES

REPORT_PAGE = "app_pages/report.py"
AGENCY_PAGE = "app_pages/agency.py"
_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def plain(text) -> str:
    """Text from a document, escaped so st.subheader/st.caption show it literally (no markdown,
    links or HTML)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))


def export_meta(info: data.QueryInfo, title: Optional[str] = None) -> exports.ExportMeta:
    lang = state.lang()
    definition, unit, caveats = i18n.query_text(info.name, lang, info.definition, info.unit, info.caveats)
    return exports.ExportMeta(
        title=title or info.title, query_name=info.name, definition=definition, unit=unit,
        caveats=caveats, filters=state.current_filters().describe(lang),
        data_version=data.data_version().text(lang), lang=lang, query_path=info.path)


def about(info: data.QueryInfo) -> None:
    """The definition and SQL behind a figure, in words first (口径 in the session's language)."""
    definition, unit, caveats = i18n.query_text(info.name, state.lang(), info.definition, info.unit,
                                                info.caveats)
    with st.expander(f"{tr('export_meta')} · {info.title or info.name}"):
        st.markdown(f"**{tr('definition')}**")
        st.text(definition)
        if unit:
            st.text(f"{tr('unit')}: {unit}")
        if caveats:
            st.text(f"{tr('caveats')}: {caveats}")
        st.caption(f"{tr('query_name')}: {info.path or info.name}")
        st.code(info.sql, language="sql")


def download_row(key: str, meta: exports.ExportMeta, df: pd.DataFrame,
                  fig: Optional[go.Figure], column_config: Optional[dict] = None) -> None:
    stem = exports.safe_filename(meta.title or meta.query_name)
    # exports show the page's headers and labels; the machine names and codes travel alongside
    headers = shown_headers(df, column_config)
    meta = dataclasses.replace(meta, columns=tuple(headers.items()), value_labels=exports.value_labels(fig))
    items = []
    if fig is not None:
        if exports.kaleido_available() is None:
            items += [("PNG", lambda: exports.image_bytes(fig, "png", meta), f"{stem}.png", "image/png"),
                      ("SVG", lambda: exports.image_bytes(fig, "svg", meta), f"{stem}.svg",
                       "image/svg+xml")]
        items.append(("HTML", lambda: exports.html_bytes(fig, meta), f"{stem}.html", "text/html"))
    items += [
        ("CSV", lambda: exports.csv_bytes(df, meta), f"{stem}.csv", "text/csv"),
        ("XLSX", lambda: exports.xlsx_bytes(df, meta), f"{stem}.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (tr("export_meta"), lambda: exports.meta_bytes(meta, df), f"{stem}.txt", "text/plain"),
    ]
    with st.popover(tr("export"), icon=":material/download:"):
        st.caption(tr("export_note"))
        for label, make, name, mime in items:
            st.download_button(label, data=make, file_name=name, mime=mime, on_click="ignore",
                               key=f"{key}_dl_{name}", icon=":material/download:", width="stretch")


def year_of_point(point: dict) -> Optional[dict]:
    """The drill-down of a point on a chart over years: its year, within the filters in view
    (every chart whose x axis is the year and whose series are totals of the whole view)."""
    try:
        x = float(point.get("x"))
    except (TypeError, ValueError):
        return None
    return {"years": [int(x)]} if x.is_integer() and 1900 <= x <= 2100 else None


def chart_block(fig: go.Figure, df: pd.DataFrame, info: data.QueryInfo, key: str,
                title: Optional[str] = None,
                drill: Optional[Callable[[dict], Optional[dict]]] = year_of_point) -> None:
    """Draw a chart, its definition and its exports. `df` is exactly what the chart plots.
    `drill` maps a clicked point to the reports behind it (app_reports_in_view parameters added to
    the filters in view, e.g. {"years": [2023]}); a click then lists them (None: no drill-down)."""
    charts.localize_numbers(fig, state.lang())       # count ticks: 1.6万 in Chinese, 16,000 in English
    selectable = {"on_select": "rerun", "selection_mode": "points"} if drill is not None else {}
    event = st.plotly_chart(fig, key=f"{key}_chart", width="stretch",
                            config={"displaylogo": False, "toImageButtonOptions": {"format": "png"}},
                            **selectable)
    if drill is not None:
        point_reports(event, drill, key)
    download_row(key, export_meta(info, title or fig.layout.title.text), df, fig)
    about(info)


def selected_points(event) -> list[dict]:
    """The points a chart's selection event holds (none before a click)."""
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    points = selection.get("points") if isinstance(selection, dict) else getattr(selection, "points", None)
    return [dict(p) for p in points or []]


def point_reports(event, drill: Callable[[dict], Optional[dict]], key: str) -> None:
    """Under a chart: a caption inviting a click, then, once points are selected, the reports behind
    them, each opening its 报告 page with the filters kept."""
    scopes: list[dict] = []
    for point in selected_points(event):
        scope = drill(point)
        if scope and scope not in scopes:
            scopes.append(scope)
    if not scopes:
        st.caption(tr("click_point"))
        return
    filters = state.current_filters()
    base = filters.params()
    rows = pd.concat([data.query("app_reports_in_view", **{**base, **scope, "limit": LIST_LIMIT})
                      for scope in scopes]).drop_duplicates("report_id")
    what = []
    for scope in scopes:
        parts = [tr("point_year", year=y) for y in scope.get("years") or ()]
        if scope.get("agency_id") is not None:
            names = rows.loc[rows["agency_id"] == scope["agency_id"], "agency_name"]
            parts.append(tr("point_agency", agency=names.iloc[0] if len(names) else scope["agency_id"]))
        what.append(" ".join(parts))
    st.markdown(plain(tr("point_reports", what="；".join(what), n=len(rows))))
    if all(set(scope) <= {"years", "agency_id"} for scope in scopes):     # the sidebar's filters hold
        st.caption(plain(tr("point_filters", filters=filters.describe(state.lang()))))
    tail = link_tail()
    shown = rows[["report_id", "agency_id", "agency_name", "year", "report_scope", "status",
                  "fail_count"]].reset_index(drop=True)
    shown.insert(0, "open", [report_link(r, tail) for r in shown["report_id"]])
    shown.insert(1, "agency_link", [agency_link(a, tail) for a in shown["agency_id"]])
    dataframe(shown.drop(columns=["agency_id"]), key=f"{key}_points", column_config=link_columns())


RATE_SUFFIXES = ("_rate", "_share")   # the naming grammar: such columns hold shares between 0 and 1
# A rate everywhere (KPIs, tables, hovers): a percentage with 1 decimal. Streamlit's "percent" format
# takes its decimals from `step`: 0.001 of a share = 0.1 percentage point.
RATE_FORMAT = {"format": "percent", "step": 0.001}


def labelled(df: pd.DataFrame, column_config: Optional[dict] = None) -> dict:
    """`column_config` with a header for every column of `df`: the page's own label when it gives
    one, else i18n.COLUMNS in the session's language (display only: the data keeps its names)."""
    out = dict(column_config or {})
    for col in df.columns:
        cfg = out.get(col)
        header = i18n.column(col, state.lang())
        if cfg is None and str(col).endswith(RATE_SUFFIXES) and pd.api.types.is_numeric_dtype(df[col]):
            out[col] = st.column_config.NumberColumn(header, **RATE_FORMAT)   # 0–1 shares as 74.3%
        elif cfg is None:
            out[col] = header
        elif isinstance(cfg, dict) and not cfg.get("label"):
            out[col] = {**cfg, "label": header}
    return out


def shown_headers(df: pd.DataFrame, column_config: Optional[dict] = None) -> dict[str, str]:
    """Column name → the header the page shows for it (its column_config label, else i18n.COLUMNS)."""
    out = {}
    for col, cfg in labelled(df, column_config).items():
        if col in df.columns:
            label = cfg if isinstance(cfg, str) else (cfg or {}).get("label")
            out[str(col)] = label or i18n.column(col, state.lang())
    return out


def dataframe(df, key: str, column_config: Optional[dict] = None, **kwargs):
    """st.dataframe with translated headers, machine codes in the values named (i18n.translate_frame)
    and missing values shown blank (not "None"); a table without rows is a caption, not Streamlit's
    "empty" grid."""
    frame = df.data if isinstance(df, Styler) else df
    if frame.empty:
        st.caption(tr("no_rows"))
        return None
    if not isinstance(df, Styler):
        df = i18n.translate_frame(df, state.lang())[0]
        for col in df.columns:       # rounded as the KPIs round (Streamlit truncates to `step`)
            if exports.is_rate(col) and pd.api.types.is_float_dtype(df[col]):
                df[col] = df[col].round(exports.RATE_DECIMALS)
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    return st.dataframe(df, column_config=labelled(frame, column_config), key=key, placeholder="",
                        **kwargs)


SORT_KEY = "sort"        # the URL key of a page's main table order: ?sort=col, ?sort=-col descending
NOT_SORTABLE = ("open", "agency_link", "report_ids")


def sort_control(df: pd.DataFrame, widget_key: str, column_config: Optional[dict] = None) -> pd.DataFrame:
    """A 排序 picker above a page's main table, kept in the URL (`?sort=grant_rate`, `?sort=-year`
    for descending), so a copied link restores the table's order (a click on a column header sorts
    in the browser only, which no URL can carry). Returns the frame in that order; the page's own
    order (worst first, ranked) when none is picked. Missing values sort last."""
    columns = [str(c) for c in df.columns if c not in NOT_SORTABLE]
    options = [""] + [o for c in columns for o in (c, f"-{c}")]
    param = state.choice_param(SORT_KEY, widget_key, options, default="")
    state.take_url(param, default="")
    headers = shown_headers(df, column_config)

    def name(option: str) -> str:
        if not option:
            return tr("sort_default")
        column = option.lstrip("-")
        return f"{headers.get(column, column)} {tr('sort_desc') if option.startswith('-') else tr('sort_asc')}"
    choice = st.selectbox(tr("sort_by"), options, key=widget_key, format_func=name)
    state.put_url(param, choice)
    if not choice:
        return df
    return df.sort_values(choice.lstrip("-"), ascending=not choice.startswith("-"), na_position="last",
                          kind="stable").reset_index(drop=True)


def table_block(df: pd.DataFrame, info: data.QueryInfo, key: str, title: Optional[str] = None,
                column_config: Optional[dict] = None, show_about: bool = True) -> None:
    dataframe(df, key=f"{key}_df", column_config=column_config)
    if not df.empty:
        download_row(key, export_meta(info, title), df, None, column_config)
    if show_about:
        about(info)


def link_tail() -> str:
    """What every drill-down link carries after its own key: the current filters, then the language,
    so a report or agency opens in the view it was picked from (a link opens a new tab, a new session,
    which reads its URL). Pass it to report_link/agency_link when building many links."""
    query = [(name, v) for name, values in state.to_query(state.current_filters()).items() for v in values]
    if state.lang() != i18n.DEFAULT_LANG:
        query.append((state.LANG_KEY, state.lang()))          # last, as in every link before
    return "&" + urllib.parse.urlencode(query) if query else ""


def report_link(report_id: int, tail: Optional[str] = None) -> str:
    """A relative link that opens a report page in the same app (a new tab keeps this view)."""
    return f"report?report={int(report_id)}{link_tail() if tail is None else tail}"


def agency_link(agency_id, tail: Optional[str] = None) -> Optional[str]:
    """A relative link to the agency page (None for a report whose agency is unknown)."""
    if agency_id is None or pd.isna(agency_id):
        return None
    return f"agency?agency_id={int(agency_id)}{link_tail() if tail is None else tail}"


def link_columns() -> dict:
    """Column config of the two drill-down links (`open` → report page, `agency_link` → agency page)."""
    return {"open": st.column_config.LinkColumn(tr("page_report"), display_text=tr("open")),
            "agency_link": st.column_config.LinkColumn(i18n.column("agency_link", state.lang()),
                                                       display_text=tr("open_agency"))}


# Lists and pickers show at most this many rows: a national view holds ~10^5 reports a year, more
# than a browser table or a select box can offer. Counts always come from app_view_summary.
LIST_LIMIT = 2000


def view_total(summary: pd.DataFrame) -> pd.Series:
    """The total row of app_view_summary (reports, agencies and checks in view, all years)."""
    return summary[summary["is_total"]].iloc[0]


def first_of_note(shown: int, total: int, key: str = "first_of") -> None:
    """Say so when a list holds only the first rows of what the filters select."""
    if total > shown:
        st.caption(tr(key, n=shown, total=total))


def sources_block(filters, summary: pd.DataFrame, key: str) -> None:
    """The reports behind the figures on a page (the first LIST_LIMIT of them), each linking to
    its report page."""
    total = int(view_total(summary)["report_count"])
    with st.expander(f"{tr('sources')} ({total:,})"):
        st.caption(tr("sources_hint"))
        reports = data.query("app_reports_in_view", limit=LIST_LIMIT, **filters.params())
        if reports.empty:
            st.info(tr("no_data"))
            return
        first_of_note(len(reports), total)
        shown = reports[["report_id", "agency_name", "year", "province", "city", "county",
                         "report_scope", "format_version", "pass_count", "fail_count"]].copy()
        tail = link_tail()
        shown.insert(0, "open", [report_link(r, tail) for r in shown["report_id"]])
        shown.insert(1, "agency_link", [agency_link(a, tail) for a in reports["agency_id"]])
        shown["report_scope"] = [state.lab("scope", s) for s in shown["report_scope"]]
        info = data.info("app_reports_in_view", state.lang())
        table_block(shown, info, key=f"{key}_sources", title=tr("sources"), show_about=False,
                    column_config=link_columns())


def versions_block(query_name: str, key: str, **params) -> None:
    """Every stored version (of a report's agency+year, or of an agency), each linking to its report."""
    versions = data.query(query_name, **params)
    tail = link_tail()
    versions.insert(0, "open", [report_link(r, tail) for r in versions["report_id"]])
    versions["status"] = [state.lab("status", s) for s in versions["status"]]
    table_block(versions, data.info(query_name, state.lang()), key=key, title=tr("versions"),
                show_about=False, column_config=link_columns())


def failed_reports_by_year(summary: pd.DataFrame) -> pd.Series:
    """Reports failing at least one identity check, per year (from app_view_summary)."""
    rows = summary[~summary["is_total"]]
    return rows.groupby("year")["failed_report_count"].sum().rename("failed_report_count")


def mixed_scope_warning(summary: pd.DataFrame) -> None:
    """Sums over a view holding both aggregates and single agencies count some figures twice.
    `summary`: any frame with a report_scope column, e.g. app_view_summary."""
    scopes = set(summary["report_scope"].dropna())
    if scopes & set(AGGREGATE_SCOPES) and scopes - set(AGGREGATE_SCOPES):
        st.warning(tr("mixed_scopes"), icon=":material/warning:")


# Filters an empty view can be widened by, tried in this order (the narrowest usually first).
WIDEN_ORDER = ("agency", "years", "county", "city", "province", "level", "sector", "scope")


def without_filter(filters, name: str):
    """`filters` with one filter removed: a region takes the regions below it along; the scope
    widens to every scope ('all')."""
    if name == "years":
        return dataclasses.replace(filters, years=())
    if name == "scope":
        return dataclasses.replace(filters, scope="all")
    if name == "province":
        return dataclasses.replace(filters, province=None, city=None, county=None)
    if name == "city":
        return dataclasses.replace(filters, city=None, county=None)
    return dataclasses.replace(filters, **{name: None})


def set_filter_names(filters) -> list[str]:
    """The filters that narrow `filters`, in WIDEN_ORDER (the default scope narrows too: it leaves
    out aggregates and reports of unknown scope)."""
    out = []
    for name in WIDEN_ORDER:
        value = getattr(filters, name)
        if (name == "scope" and value != "all") or (name != "scope" and value):
            out.append(name)
    return out


def _widen(name: str) -> None:
    """Button callback (runs before the next script run, so the sidebar widgets show the change)."""
    ss = st.session_state
    prefix = state.WIDGET_PREFIX
    if name == "all":
        state.set_filters(dataclasses.replace(state.Filters(), scope="all"))
        return
    if name == "years":
        ss[prefix + "years"] = []
    elif name == "scope":
        ss[prefix + "scope"] = "all"
    else:
        for key in {"province": ("province", "city", "county"), "city": ("city", "county")}.get(name, (name,)):
            ss[prefix + key] = state.ALL


def _filter_text(filters, name: str) -> str:
    lang = state.lang()
    if name == "years":
        return f"{tr('years')}：{'、'.join(str(y) for y in filters.years)}" if lang == "zh" \
            else f"{tr('years')}: {', '.join(str(y) for y in filters.years)}"
    if name == "scope":
        value = state.lab("scope", filters.scope or state.DEFAULT_SCOPE)
    else:
        value = getattr(filters, name)
    key = "agency_search" if name == "agency" else name
    return f"{tr(key)}：{value}" if lang == "zh" else f"{tr(key)}: {value}"


def _reports_in(filters) -> pd.DataFrame:
    return data.query("app_view_summary", **filters.params())


def no_data(filters=None) -> None:
    """An empty view that explains itself: which filter (or the scope) empties it, each with one
    click to remove it, and which years hold data in the current scope. `filters` are the ones the
    page used (default: the sidebar's)."""
    st.info(tr("no_data"))
    filters = state.current_filters() if filters is None else filters
    lang = state.lang()
    here = int(view_total(_reports_in(filters))["report_count"])
    if here:
        st.caption(tr("empty_page_has_reports", n=charts.count_text(here, lang)))
    years_scope = without_filter(filters, "years")
    summary = _reports_in(years_scope)
    years = sorted(int(y) for y in summary.loc[~summary["is_total"], "year"].dropna().unique())
    if years:
        sep = "、" if lang == "zh" else ", "
        st.caption(tr("empty_years_with_data", years=sep.join(str(y) for y in years)))
    else:
        st.caption(tr("empty_no_year_has_data"))
    if here:
        return
    widened = False
    for name in set_filter_names(filters):
        n = int(view_total(_reports_in(without_filter(filters, name)))["report_count"])
        if n:
            widened = True
            st.button(tr("empty_widen", filter=_filter_text(filters, name), n=charts.count_text(n, lang)),
                      key=f"widen_{name}", on_click=_widen, args=(name,), icon=":material/filter_alt_off:")
    if not widened:
        st.caption(tr("empty_no_single_filter"))
        st.button(tr("empty_widen_all"), key="widen_all", on_click=_widen, args=("all",),
                  icon=":material/filter_alt_off:")
