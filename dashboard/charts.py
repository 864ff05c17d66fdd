"""Chart builders: tidy DataFrame in, plotly Figure out. Never imports streamlit.

Every figure sets `template="plotly_white"` explicitly (streamlit changes plotly's default template,
and server-side image export would come out black), a CJK-capable font list, units in axis titles,
and one colour per category key everywhere (COLORS). Small-N and failed-check values are marked the
same way on every chart: hollow grey rings over the points (bars hatched and outlined in their own colour) where the caller's `n` column is below
`min_n`, red "x" markers where a contributing report failed an identity check, each with a legend entry.
Callers pass translated text (titles, category names); nothing here knows the language.
"""
from __future__ import annotations

import html
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


# --- numbers as Chinese statistics write them ------------------------------------------------------
WAN, YI = 10_000, 100_000_000
MISSING = "—"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number_or_text(value) -> "float | str":
    """The value as a float, or the text to show instead: "—" for None/NaN, the value itself when
    it is not a number."""
    if value is None:
        return MISSING
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return MISSING if math.isnan(x) else x


def cn_number(value, digits: int = 2, signed: bool = False) -> str:
    """A count (or amount) the way Chinese statistics write it, in both languages of the app:
    below 1万 the number itself with thousands separators (8 · 9,999 · 12.5), from 1万 on in 万 and
    from 1亿 on in 亿, with at most `digits` decimals and no trailing zeros (1.6万 · 70万 · 12.35万 ·
    1.2亿). `signed` puts + before positive numbers (changes). None/NaN → "—"."""
    x = _number_or_text(value)
    if isinstance(x, str):
        return x
    sign = "-" if x < 0 else ("+" if signed and x > 0 else "")
    x = abs(x)
    if x >= YI or round(x / WAN, digits) >= WAN:
        return f"{sign}{_trim(f'{x / YI:.{digits}f}')}亿"
    if x >= WAN:
        return f"{sign}{_trim(f'{x / WAN:.{digits}f}')}万"
    if float(x).is_integer():
        return f"{sign}{x:,.0f}"
    return f"{sign}{_trim(f'{x:,.{digits}f}')}"


def count_text(value, lang: str = "zh", digits: int = 2, signed: bool = False) -> str:
    """A count for the session's language: cn_number in Chinese; in English the number itself with
    thousands separators (16,000 · 1,200,000), as English readers count."""
    if lang != "en":
        return cn_number(value, digits=digits, signed=signed)
    x = _number_or_text(value)
    if isinstance(x, str):
        return x
    sign = "+" if signed and x > 0 else ""
    return sign + (f"{x:,.0f}" if x.is_integer() else _trim(f"{x:,.{digits}f}"))


def nice_ticks(lo: float, hi: float, integer: bool = True, target: int = 6) -> list[float]:
    """Round tick values covering [lo, hi]: steps of 1, 2, 2.5 or 5 × 10^k (2.5 only from 25 up when
    `integer`, so counts never get a tick between two whole numbers)."""
    lo, hi = float(min(lo, hi)), float(max(lo, hi))
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    magnitude = 10 ** math.floor(math.log10(span / target))
    step = magnitude * 10
    for m in (1, 2, 2.5, 5, 10):
        candidate = m * magnitude
        if integer and (candidate < 1 or (m == 2.5 and candidate < 25)):
            continue
        if span / candidate <= target:
            step = candidate
            break
    step = max(step, 1.0) if integer else step
    first = math.floor(lo / step)
    ticks, i = [], first
    while True:
        value = round(i * step, 10)
        ticks.append(float(value))
        if value >= hi - 1e-9:
            break
        i += 1
    return ticks


def count_axis(fig: go.Figure, lo: float, hi: float, axis: str = "y", integer: bool = True) -> go.Figure:
    """Ticks of a count axis labelled with cn_number (1万, 1.5万 …, never Plotly's 10k/15k)."""
    ticks = nice_ticks(lo, hi, integer=integer)
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickmode="array", tickvals=ticks, ticktext=[cn_number(v, digits=4) for v in ticks])
    _mark_count_axis(fig, axis)
    return fig


def _mark_count_axis(fig: go.Figure, axis: str) -> None:
    meta = dict(fig.layout.meta or {}) if isinstance(fig.layout.meta, dict) else {}
    meta["count_axes"] = sorted(set(meta.get("count_axes", [])) | {axis})
    fig.update_layout(meta=meta)


def localize_numbers(fig: go.Figure, lang: str) -> go.Figure:
    """The count axes' tick labels in `lang` (the builders write Chinese, the app's default)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    for axis in meta.get("count_axes", []):
        layout_axis = fig.layout.xaxis if axis == "x" else fig.layout.yaxis
        if layout_axis.tickvals is not None:
            layout_axis.ticktext = [count_text(v, lang, digits=4) for v in layout_axis.tickvals]
    return fig


def log_ticks(lo: float, hi: float) -> list[float]:
    """1, 2, 5, 10, 20, 50, 100 … from the decade of `lo` up to the first tick at or above `hi`."""
    lo, hi = max(float(lo), 1e-9), max(float(hi), float(lo), 1.0)
    out: list[float] = []
    power = math.floor(math.log10(lo))
    while True:
        for m in (1, 2, 5):
            value = m * 10.0 ** power
            if value >= lo / 10 ** 0.3 - 1e-9:       # start one notch below the smallest value
                out.append(float(round(value, 10)))
            if value >= hi:
                return out
        power += 1


def log_axis(fig: go.Figure, lo: float, hi: float, axis: str = "x") -> go.Figure:
    """A log axis with ticks at 1, 2, 5 × 10^k labelled with cn_number."""
    ticks = log_ticks(lo, hi)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(type="log", tickmode="array", tickvals=ticks, ticktext=[cn_number(v, digits=4) for v in ticks])
    _mark_count_axis(fig, axis)
    return fig


def _labels_meta(fig: go.Figure, **columns: Mapping[str, str]) -> None:
    """Record which label each category key got (column → {key: label}), so an export of the
    plotted rows names the keys exactly as the chart does (exports.value_labels)."""
    meta = dict(fig.layout.meta or {}) if isinstance(fig.layout.meta, dict) else {}
    meta["labels"] = {c: {str(k): str(v) for k, v in m.items()} for c, m in columns.items()}
    fig.update_layout(meta=meta)


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
    span = _year_span(df["year"])
    for i, key in enumerate(series_names):
        part = df[df["series"] == key].sort_values("year")
        if part.empty:
            continue
        # a year without a row is a gap in the line (None), never a segment joining its neighbours
        part = part.drop_duplicates("year").set_index("year").reindex(span).rename_axis("year").reset_index()
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"].astype(object).where(part["value"].notna(), None),
            mode="lines+markers", name=series_names[key], connectgaps=False,
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
    _labels_meta(fig, series=series_names)
    values = pd.to_numeric(df["value"], errors="coerce")
    top, bottom = values.max(), values.min()
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    elif pd.notna(top) and top > 0:
        low = min(0.0, float(bottom)) * 1.12
        fig.update_yaxes(range=[low, float(top) * 1.12])
        count_axis(fig, low, float(top) * 1.12, integer=_integral(values))
    else:
        _zero_count_axis(fig)
    years = df["year"].dropna()
    if format_change and not years.empty and years.min() < FORMAT_CHANGE_X < years.max():
        add_format_change(fig, format_change)
    return fig


def _year_span(years) -> list[int]:
    """Every year from the first to the last in `years` (the x values of a trend, gaps included)."""
    years = [int(y) for y in pd.Series(years).dropna().unique()]
    return list(range(min(years), max(years) + 1)) if years else []


def _zero_count_axis(fig: go.Figure, axis: str = "y") -> None:
    """A count axis with nothing above 0 (no value, or every value 0): ticks at 0 and 1 only, never
    Plotly's −1, −0.5, 0, 0.5, 1."""
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(range=[0, 1.12])
    count_axis(fig, 0, 1, axis=axis)


def _integral(values: pd.Series) -> bool:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return bool(((values - values.round()).abs() < 1e-9).all())


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
    Bars of years whose `n` is below `min_n` are white, hatched and outlined in their own series'
    colour (legend entry `small_n_name`), so they never borrow another series' colour."""
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
        small = _small(part, min_n)
        any_small = any_small or bool(small.any())
        color = color_for(key, i)
        hover = "%{x}: %{y:" + (".1%" if percent else ",.0f") + "}<extra>" + category_names[key] + "</extra>"
        # a small sample keeps its series' colour: a white bar hatched and outlined in that colour (a
        # pale fill would read as another series' colour, e.g. 予以公开 as 部分公开). Its own trace, in
        # the series' legend group, so the legend shows the series solid.
        if (~small).any():
            fig.add_trace(go.Bar(x=part["year"][~small], y=y[~small], name=category_names[key],
                                 legendgroup=key, marker={"color": color}, hovertemplate=hover))
        if small.any():
            fig.add_trace(go.Bar(x=part["year"][small], y=y[small], name=category_names[key],
                                 legendgroup=key, showlegend=not (~small).any(),
                                 marker={"color": "white", "line": {"color": color, "width": 2},
                                         "pattern": {"shape": "/", "fillmode": "replace", "fgcolor": color,
                                                     "bgcolor": "white", "solidity": 0.45}},
                                 hovertemplate=hover))
    if any_small and small_n_name:
        fig.add_trace(go.Bar(x=[None], y=[None], name=small_n_name,
                             marker={"color": "white", "line": {"color": SMALL_N_COLOR, "width": 2},
                                     "pattern": {"shape": "/", "fillmode": "replace", "fgcolor": SMALL_N_COLOR,
                                                 "bgcolor": "white", "solidity": 0.45}}))
    fig.update_layout(barmode="stack")
    _layout(fig, title, x_title, y_title)
    _labels_meta(fig, category=category_names)
    if percent:
        fig.update_yaxes(tickformat=".0%")
    elif not totals.empty and pd.notna(totals.max()) and totals.max() > 0:
        count_axis(fig, min(0.0, float(totals.min())), float(totals.max()), integer=_integral(df["value"]))
    else:
        _zero_count_axis(fig)
    _year_axis(fig, df["year"])
    if failed_name and "failed_report_count" in df:
        bad = df[df["failed_report_count"].fillna(0) > 0].groupby("year")["failed_report_count"].max()
        for year, count in bad.items():
            fig.add_annotation(x=year, y=1.0 if percent else totals.get(year, 0), text="✗",
                               showarrow=False, yanchor="bottom",
                               font={"color": FAILED_COLOR, "size": 16},
                               hovertext=f"{failed_name}: {int(count)}")
    return fig


FUNNEL_LABELLED = 5     # agencies named in the funnel plot itself: the furthest outside the limits
Z95, Z998 = 1.96, 3.09


def funnel_outliers(df: pd.DataFrame, pooled: float, min_n: int, k: int = FUNNEL_LABELLED) -> pd.DataFrame:
    """The `k` agencies with at least `min_n` applications processed that lie furthest outside the
    95% control limits, furthest first: |z| > 1.96 with z = (rate − pooled) ÷ √(pooled(1 − pooled)/n),
    so the distance is measured in the limits' own units at each agency's volume."""
    if not 0 < pooled < 1 or df.empty:
        return df.iloc[0:0].assign(z=pd.Series(dtype=float))
    big = df[df["processed_count"] >= min_n]
    z = (big["grant_rate"] - pooled) / (pooled * (1 - pooled) / big["processed_count"]) ** 0.5
    outside = big.assign(z=z)[z.abs() > Z95]
    return outside.loc[outside["z"].abs().sort_values(ascending=False, kind="stable").index].head(k)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def funnel_plot(df: pd.DataFrame, *, min_n: int, title: str, x_title: str, y_title: str,
                names: Mapping[str, str]) -> go.Figure:
    """Rate against size with binomial control limits around the pooled rate.

    df columns: agency_name, granted_count, processed_count, grant_rate, failed_report_count.
    names: 'pooled', 'limit95', 'limit998', 'ranked', 'small_n', 'has_failed' → legend text;
    'n' and 'rate' → the hover's names of the volume and the rate.
    Agencies below `min_n` are hollow grey (not ranked); failed-check agencies have a red ring.
    Hovering a point names its agency, n and rate; the FUNNEL_LABELLED agencies furthest outside the
    limits are named in the figure itself, so an exported image says which agency is which."""
    fig = go.Figure()
    df = df[df["processed_count"] > 0]
    if df.empty:
        return _layout(fig, title, x_title, y_title)
    pooled = df["granted_count"].sum() / df["processed_count"].sum()
    n_max = max(float(df["processed_count"].max()) * 1.5, 10.0)
    n_grid = [1 + (n_max - 1) * (i / 199) ** 2 for i in range(200)]
    for z, key, dash in ((Z95, "limit95", "dash"), (Z998, "limit998", "dot")):
        upper = [min(1.0, pooled + z * math.sqrt(pooled * (1 - pooled) / n)) for n in n_grid]
        lower = [max(0.0, pooled - z * math.sqrt(pooled * (1 - pooled) / n)) for n in n_grid]
        fig.add_trace(go.Scatter(x=n_grid + n_grid[::-1], y=upper + lower[::-1], mode="lines",
                                 name=names.get(key, key), line={"color": "#888888", "dash": dash,
                                                                 "width": 1},
                                 hoverinfo="skip"))
    fig.add_hline(y=pooled, line_color="#333333", line_width=1,
                  annotation_text=f"{names.get('pooled', 'pooled')} {pooled:.1%}",
                  annotation_position="top left")
    n_name, rate_name = names.get("n", "n"), names.get("rate", y_title)
    colon, left, right = ("：", "（", "）") if _cjk(n_name + rate_name) else (": ", " (", ")")
    hover = ("<b>%{text}</b><br>" + html.escape(n_name) + colon + "%{x:,.0f}<br>" + html.escape(rate_name)
             + colon + "%{customdata[0]:,.0f}" + left + "%{y:.1%}" + right + "<extra></extra>")
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
            marker=marker, text=[html.escape(str(a)) for a in part["agency_name"]],
            # [granted, failed reports, agency_id]: the hover shows the first; a click drills by the last
            customdata=part.reindex(columns=["granted_count", "failed_report_count", "agency_id"]).to_numpy(),
            hovertemplate=hover))
    if (df["failed_report_count"].fillna(0) > 0).any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=names.get("has_failed", ""),
                                 marker={"size": 11, "color": "rgba(0,0,0,0)",
                                         "line": {"color": FAILED_COLOR, "width": 3}}))
    for i, row in enumerate(funnel_outliers(df, pooled, min_n).itertuples()):
        fig.add_annotation(x=math.log10(row.processed_count), y=row.grant_rate,
                           text=html.escape(str(row.agency_name)), showarrow=True, arrowhead=0,
                           arrowwidth=1, arrowcolor="#555555", ax=(24 if i % 2 else -24),
                           ay=(-26 if row.z > 0 else 26), font={"size": 11, "color": "#222222"},
                           bgcolor="rgba(255,255,255,0.85)", name="outlier")
    _layout(fig, title, x_title, y_title)
    log_axis(fig, 1, n_max)
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


# Data-quality grades (queries/app/app_report_quality.sql: grade_rank 1–5), worst first: only "ok" is green.
GRADE_COLORS = {1: "#8e0000", 2: "#fb8c00", 3: "#e53935", 4: "#bdbdbd", 5: "#66bb6a"}


def quality_heatmap(df: pd.DataFrame, *, title: str, x_title: str, y_title: str,
                    grade_names: Mapping[str, str], hover_names: Mapping[str, str],
                    unknown_year: str = "?") -> go.Figure:
    """Agency × year grid coloured by each report's data-quality grade (what was read, not only the
    checks that ran): dark red unreadable, orange partly read, red a check failed, grey not checkable,
    green only when every cell was read and every check passed. Agencies in the order given (worst
    first). df columns: agency_name, year, grade, grade_rank, cells_read, cells_expected, pass_count,
    fail_count, na_count. hover_names: 'read', 'pass', 'fail', 'na' → text."""
    fig = go.Figure()
    if df.empty:
        return _layout(fig, title, x_title, y_title)
    df = df.assign(x=[unknown_year if pd.isna(y) else str(int(y)) for y in df["year"]])
    agencies = list(dict.fromkeys(df["agency_name"].astype(str)))
    known = sorted({int(y) for y in df["year"].dropna()})
    xs = [str(y) for y in known] + ([unknown_year] if df["year"].isna().any() else [])
    first = df.drop_duplicates(["agency_name", "x"]).set_index(["agency_name", "x"])
    z, text, hover = [], [], []
    for agency in agencies:
        zr, tr_, hr = [], [], []
        for x in xs:
            if (agency, x) not in first.index:
                zr.append(None), tr_.append(""), hr.append("")
                continue
            r = first.loc[(agency, x)]
            read, expected = int(r["cells_read"]), int(r["cells_expected"])
            zr.append(int(r["grade_rank"]))
            share = f"{read / expected:.0%}" if expected else "—"
            tr_.append(f"{share} {int(r['fail_count'])}✗")
            hr.append(f"{html.escape(agency)} {x}<br><b>{grade_names.get(r['grade'], r['grade'])}</b><br>"
                      f"{hover_names.get('read', 'read')}: {read}/{expected}<br>"
                      f"{hover_names.get('pass', 'pass')}: {int(r['pass_count'])} · "
                      f"{hover_names.get('fail', 'fail')}: {int(r['fail_count'])} · "
                      f"{hover_names.get('na', 'n/a')}: {int(r['na_count'])}")
        z.append(zr), text.append(tr_), hover.append(hr)
    scale = []
    for rank in range(1, 6):          # discrete bands: rank k fills [(k-1)/5, k/5]
        scale += [[(rank - 1) / 5, GRADE_COLORS[rank]], [rank / 5, GRADE_COLORS[rank]]]
    fig.add_trace(go.Heatmap(
        z=z, x=xs, y=[html.escape(a) for a in agencies], text=text, customdata=hover, hoverongaps=False,
        texttemplate="%{text}", colorscale=scale, zmin=0.5, zmax=5.5, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{customdata}<extra></extra>"))
    _layout(fig, title, x_title, y_title)
    fig.update_xaxes(type="category")
    fig.update_yaxes(autorange="reversed", rangemode=None, type="category")
    fig.update_layout(height=max(300, 40 * len(agencies) + 140))
    _labels_meta(fig, grade=grade_names)
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
    _layout(fig, title, x_title, y_title)
    _labels_meta(fig, group=group_names, category=category_names)
    values = pd.to_numeric(df["value"], errors="coerce") if "value" in df else pd.Series(dtype=float)
    if not values.dropna().empty and values.max() > 0:
        count_axis(fig, min(0.0, float(values.min())), float(values.max()), integer=_integral(values))
    else:
        _zero_count_axis(fig)
    return fig
