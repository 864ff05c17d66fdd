"""Chart builders: tidy DataFrame in, plotly Figure out. Never imports streamlit.

Every figure sets `template="plotly_white"` explicitly (streamlit changes plotly's default template,
and server-side image export would come out black), a CJK-capable font list, units in axis titles,
and one colour per category key everywhere (COLORS). Small-N and failed-check values are marked the
same way on every chart: hollow grey rings over the points (pale hatched bars) where the caller's `n` column is below
`min_n`, red "x" markers where a contributing report failed an identity check, each with a legend entry.
Callers pass translated text (titles, category names); nothing here knows the language.
"""
from __future__ import annotations

import math
from typing import Mapping, Optional

import pandas as pd
import plotly.graph_objects as go

TEMPLATE = "plotly_white"
FONT_FAMILY = ("WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, "
               "PingFang SC, Heiti SC, sans-serif")
FAILED_COLOR = "#d62728"
SMALL_N_COLOR = "#9e9e9e"
FORMAT_CHANGE_X = 2020.5      # between the last v2019 year (2020) and the first v2021 year (2021)

_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31"]

# One colour per category key, shared by every chart (and so by every page and export).
COLORS: dict[str, str] = {
    # applicants
    "natural_person": "#1f77b4", "commercial_enterprise": "#ff7f0e", "research_institution": "#2ca02c",
    "social_welfare_org": "#9467bd", "legal_service_org": "#8c564b", "other_org": "#7f7f7f",
    # outcomes
    "granted": "#2ca02c", "partial_grant": "#98df8a", "denied": "#d62728", "unavailable": "#ff9896",
    "not_processed": "#9467bd", "other": "#c5b0d5",
    # series
    "new_received": "#1f77b4", "total_processed": "#ff7f0e", "carried_forward": "#7f7f7f",
    "review_total": "#1f77b4", "lit_direct_total": "#ff7f0e", "lit_after_review_total": "#2ca02c",
    "proactive_count": "#1f77b4",
    # T4 results
    "upheld": "#2ca02c", "corrected": "#d62728", "pending": "#7f7f7f",
    # check statuses
    "pass": "#2ca02c", "fail": FAILED_COLOR, "na": "#c7c7c7",
}


def color_for(key: str, i: int = 0) -> str:
    return COLORS.get(key, _PALETTE[i % len(_PALETTE)])


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "x": 0.0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        margin={"l": 60, "r": 20, "t": 60, "b": 80},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, rangemode="tozero")
    return fig


def _year_axis(fig: go.Figure, years) -> None:
    years = sorted({int(y) for y in years if pd.notna(y)})
    if years:
        fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])


def _small(df: pd.DataFrame, min_n: Optional[int]) -> pd.Series:
    """True where a row's `n` (its sample: applications, cases or reports, as the caller says) is
    below `min_n`. Rows without an `n` column, or with no `min_n`, are never small."""
    if min_n is None or "n" not in df:
        return pd.Series(False, index=df.index)
    n = pd.to_numeric(df["n"], errors="coerce")
    return n.isna() | (n < min_n)


def trend_lines(df: pd.DataFrame, *, series_names: Mapping[str, str], title: str, x_title: str,
                y_title: str, failed_name: str = "", format_change: Optional[str] = None,
                min_n: Optional[int] = None, small_n_name: str = "", percent: bool = False) -> go.Figure:
    """Lines by year. df columns: year, series (key), value, report_count, failed_report_count
    [, n]. Points whose `n` is below `min_n` are hollow grey (legend entry `small_n_name`); points of
    years with a report failing an identity check get a red × (legend entry `failed_name`)."""
    fig = go.Figure()
    value_format = ".1%" if percent else ",.0f"
    n_col = "n" if "n" in df else "report_count"
    for i, key in enumerate(series_names):
        part = df[df["series"] == key].sort_values("year")
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"], mode="lines+markers", name=series_names[key],
            line={"color": color_for(key, i)}, marker={"size": 8},
            customdata=part[[n_col]].to_numpy(),
            hovertemplate="%{x}: %{y:" + value_format + "}<br>n=%{customdata[0]}<extra>"
                          + series_names[key] + "</extra>"))
    # small N: a hollow grey ring drawn over the point (one trace, so it has one legend entry)
    small = df[df["series"].isin(list(series_names)) & _small(df, min_n) & df["value"].notna()]
    if not small.empty:
        fig.add_trace(go.Scatter(
            x=small["year"], y=small["value"], mode="markers", name=small_n_name or "n < min_n",
            marker={"size": 10, "symbol": "circle", "color": "white",
                    "line": {"color": SMALL_N_COLOR, "width": 2}},
            customdata=small[[n_col]].to_numpy(),
            hovertemplate="%{x}: %{y:" + value_format + "}<br>n=%{customdata[0]}<extra>"
                          + (small_n_name or "") + "</extra>"))
    _mark_failed(fig, df, failed_name, value_format)
    _layout(fig, title, x_title, y_title)
    _year_axis(fig, df["year"])
    top = pd.to_numeric(df["value"], errors="coerce").max()
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    elif pd.notna(top) and top > 0:
        fig.update_yaxes(range=[0, float(top) * 1.12])
    years = df["year"].dropna()
    if format_change and not years.empty and years.min() < FORMAT_CHANGE_X < years.max():
        add_format_change(fig, format_change)
    return fig


def _mark_failed(fig: go.Figure, df: pd.DataFrame, name: str, value_format: str = ",.0f") -> None:
    if "failed_report_count" not in df or not name:
        return
    bad = df[df["failed_report_count"].fillna(0) > 0]
    if bad.empty:
        return
    fig.add_trace(go.Scatter(
        x=bad["year"], y=bad["value"], mode="markers", name=name,
        marker={"symbol": "x-open", "size": 14, "color": FAILED_COLOR, "line": {"width": 2}},
        customdata=bad[["failed_report_count"]].to_numpy(),
        hovertemplate="%{x}: %{y:" + value_format + "}<br>" + name + ": %{customdata[0]}<extra></extra>"))


def add_format_change(fig: go.Figure, text: str, x: float = FORMAT_CHANGE_X) -> go.Figure:
    """A dashed vertical line where the table format changed (2019 → 2021 format)."""
    fig.add_vline(x=x, line_dash="dash", line_color="#555555")
    fig.add_annotation(x=x, y=1.0, yref="paper", text=text, showarrow=False, xanchor="left",
                       yanchor="bottom", font={"size": 11, "color": "#555555"})
    return fig


def stacked_bars(df: pd.DataFrame, *, category_names: Mapping[str, str], title: str, x_title: str,
                 y_title: str, percent: bool = False, failed_name: str = "",
                 min_n: Optional[int] = None, small_n_name: str = "") -> go.Figure:
    """Stacked bars by year. df columns: year, category (key), value[, failed_report_count][, n].
    Bars of years whose `n` is below `min_n` are pale and hatched (legend entry `small_n_name`)."""
    fig = go.Figure()
    totals = df.groupby("year")["value"].sum()
    any_small = False
    for i, key in enumerate(category_names):
        part = df[df["category"] == key].sort_values("year")
        if part.empty:
            continue
        y = part["value"]
        if percent:
            y = part["value"] / part["year"].map(totals).replace(0, math.nan)
        small = _small(part, min_n).tolist()
        any_small = any_small or any(small)
        fig.add_trace(go.Bar(x=part["year"], y=y, name=category_names[key],
                             marker={"color": color_for(key, i),
                                     "opacity": [0.35 if s else 1.0 for s in small],
                                     "pattern": {"shape": ["/" if s else "" for s in small],
                                                 "fgcolor": SMALL_N_COLOR}},
                             hovertemplate="%{x}: %{y:" + (".1%" if percent else ",.0f") + "}<extra>"
                                           + category_names[key] + "</extra>"))
    if any_small and small_n_name:
        fig.add_trace(go.Bar(x=[None], y=[None], name=small_n_name,
                             marker={"color": "#e0e0e0", "pattern": {"shape": "/", "fgcolor": SMALL_N_COLOR}}))
    fig.update_layout(barmode="stack")
    _layout(fig, title, x_title, y_title)
    if percent:
        fig.update_yaxes(tickformat=".0%")
    _year_axis(fig, df["year"])
    if failed_name and "failed_report_count" in df:
        bad = df[df["failed_report_count"].fillna(0) > 0].groupby("year")["failed_report_count"].max()
        for year, count in bad.items():
            fig.add_annotation(x=year, y=1.0 if percent else totals.get(year, 0), text="✗",
                               showarrow=False, yanchor="bottom",
                               font={"color": FAILED_COLOR, "size": 16},
                               hovertext=f"{failed_name}: {int(count)}")
    return fig


def funnel_plot(df: pd.DataFrame, *, min_n: int, title: str, x_title: str, y_title: str,
                names: Mapping[str, str]) -> go.Figure:
    """Rate against size with binomial control limits around the pooled rate.

    df columns: agency_name, granted_count, processed_count, grant_rate, failed_report_count.
    names: 'pooled', 'limit95', 'limit998', 'ranked', 'small_n', 'has_failed' → legend text.
    Agencies below `min_n` are hollow grey (not ranked); failed-check agencies have a red ring."""
    fig = go.Figure()
    df = df[df["processed_count"] > 0]
    if df.empty:
        return _layout(fig, title, x_title, y_title)
    pooled = df["granted_count"].sum() / df["processed_count"].sum()
    n_max = max(float(df["processed_count"].max()) * 1.5, 10.0)
    n_grid = [1 + (n_max - 1) * (i / 199) ** 2 for i in range(200)]
    for z, key, dash in ((1.96, "limit95", "dash"), (3.09, "limit998", "dot")):
        upper = [min(1.0, pooled + z * math.sqrt(pooled * (1 - pooled) / n)) for n in n_grid]
        lower = [max(0.0, pooled - z * math.sqrt(pooled * (1 - pooled) / n)) for n in n_grid]
        fig.add_trace(go.Scatter(x=n_grid + n_grid[::-1], y=upper + lower[::-1], mode="lines",
                                 name=names.get(key, key), line={"color": "#888888", "dash": dash,
                                                                 "width": 1},
                                 hoverinfo="skip"))
    fig.add_hline(y=pooled, line_color="#333333", line_width=1,
                  annotation_text=f"{names.get('pooled', 'pooled')} {pooled:.1%}",
                  annotation_position="top left")
    big = df[df["processed_count"] >= min_n]
    small = df[df["processed_count"] < min_n]
    for part, key, marker in (
            (big, "ranked", {"size": 11, "color": "#1f77b4"}),
            (small, "small_n", {"size": 11, "color": "rgba(0,0,0,0)",
                                "line": {"color": SMALL_N_COLOR, "width": 2}})):
        if part.empty:
            continue
        failed = part["failed_report_count"].fillna(0) > 0
        line = marker.get("line", {"color": "#1f77b4", "width": 0})
        marker = dict(marker, line={"color": [FAILED_COLOR if f else line["color"] for f in failed],
                                    "width": [3 if f else line["width"] for f in failed]})
        fig.add_trace(go.Scatter(
            x=part["processed_count"], y=part["grant_rate"], mode="markers", name=names.get(key, key),
            marker=marker, text=part["agency_name"],
            customdata=part[["granted_count", "failed_report_count"]].to_numpy(),
            hovertemplate="%{text}<br>%{customdata[0]:,.0f} / %{x:,.0f} = %{y:.1%}<extra></extra>"))
    if (df["failed_report_count"].fillna(0) > 0).any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=names.get("has_failed", ""),
                                 marker={"size": 11, "color": "rgba(0,0,0,0)",
                                         "line": {"color": FAILED_COLOR, "width": 3}}))
    _layout(fig, title, x_title, y_title)
    fig.update_xaxes(type="log")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return fig


def check_heatmap(df: pd.DataFrame, *, title: str, x_title: str, y_title: str,
                  hover_pass: str, hover_fail: str, hover_na: str) -> go.Figure:
    """Agency × year grid coloured by failed checks. df columns: agency_name, year, pass_count,
    fail_count, na_count, report_id."""
    fig = go.Figure()
    if df.empty:
        return _layout(fig, title, x_title, y_title)
    agencies = sorted(df["agency_name"].astype(str).unique())
    years = sorted(int(y) for y in df["year"].unique())
    grid = df.pivot_table(index="agency_name", columns="year", values="fail_count", aggfunc="sum")
    grid = grid.reindex(index=agencies, columns=years)
    text = df.assign(label=lambda d: d["pass_count"].astype(int).astype(str) + "✓ "
                     + d["fail_count"].astype(int).astype(str) + "✗").pivot_table(
        index="agency_name", columns="year", values="label", aggfunc="first").reindex(
        index=agencies, columns=years).fillna("")
    fig.add_trace(go.Heatmap(
        z=grid.to_numpy(), x=[str(y) for y in years], y=agencies, text=text.to_numpy(),
        hoverongaps=False,
        texttemplate="%{text}", colorscale=[[0, "#e8f5e9"], [0.001, "#ffcdd2"], [1, FAILED_COLOR]],
        zmin=0, zmax=max(1, float(df["fail_count"].max())), showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y} %{x}<br>" + hover_fail + ": %{z}<extra></extra>"))
    _layout(fig, title, x_title, y_title)
    fig.update_yaxes(autorange="reversed", rangemode=None)
    fig.update_layout(height=max(300, 40 * len(agencies) + 140))
    return fig


def grouped_bars(df: pd.DataFrame, *, group_names: Mapping[str, str], category_names: Mapping[str, str],
                 title: str, x_title: str, y_title: str) -> go.Figure:
    """Bars of categories within groups. df columns: group (key), category (key), value."""
    fig = go.Figure()
    for i, key in enumerate(category_names):
        part = df[df["category"] == key]
        if part.empty:
            continue
        fig.add_trace(go.Bar(x=[group_names.get(g, g) for g in part["group"]], y=part["value"],
                             name=category_names[key], marker_color=color_for(key, i)))
    fig.update_layout(barmode="group")
    return _layout(fig, title, x_title, y_title)
