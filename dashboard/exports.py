"""Chart and table exports: PNG/SVG (kaleido, server side), interactive HTML, CSV, XLSX, and a text
sidecar. Never imports streamlit.

Every export says what it shows: images and HTML carry a caption under the chart, XLSX a second
sheet (说明 / about) and a third (字段与代码 / dictionary: each machine column name with the header the
page shows, and each machine code in the values with its label), and CSV (which holds exactly the rows
the chart plots, nothing else) comes with the same text as a `.txt` sidecar download. The text lists
the filters, the query and its definition, unit and caveats, and the data version.

Tables for people (export_frame): headers and category values in the session's language (the CSV's
second header row holds the machine column names), counts as whole numbers (26, not 26.0), rates as
shares rounded to 3 decimals (0.743 = the 74.3% every page shows; XLSX formats them as 0.0%),
yes/no for booleans.
"""
from __future__ import annotations

import csv
import html
import io
import re
import textwrap
import time
from dataclasses import dataclass
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from gongkai.dashboard import charts, i18n

IMAGE_WIDTH, IMAGE_HEIGHT, IMAGE_SCALE = 1100, 650, 2
CAPTION_WRAP = 110


@dataclass(frozen=True)
class ExportMeta:
    title: str
    query_name: str
    definition: str
    unit: str
    caveats: str
    filters: str
    data_version: str
    lang: str = "zh"
    query_path: str = ""
    # (machine column name, header shown on screen) for every column of the exported table
    columns: tuple[tuple[str, str], ...] = ()
    # (column, code, label): the labels a chart gave its category keys (value_labels(fig))
    value_labels: tuple[tuple[str, str, str], ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        zh = self.lang != "en"
        return [
            ("标题" if zh else "Title", self.title),
            ("筛选条件" if zh else "Filters", self.filters),
            ("查询" if zh else "Query", self.query_path or f"{self.query_name}.sql"),
            ("口径" if zh else "Definition", self.definition),
            ("单位" if zh else "Unit", self.unit),
            ("说明" if zh else "Caveats", self.caveats),
            ("数据版本" if zh else "Data version", self.data_version),
        ]

    def text(self, codes: tuple[tuple[str, str, str], ...] = ()) -> str:
        out = "\n".join(f"{k}: {v}" for k, v in self.rows()) + "\n"
        if self.columns:
            out += ("列名" if self.lang != "en" else "Columns") + ":\n"
            out += "".join(f"  {name}: {label}\n" for name, label in self.columns)
        if codes:
            out += ("代码" if self.lang != "en" else "Codes") + ":\n"
            out += "".join(f"  {column} = {code}: {label}\n" for column, code, label in codes)
        return out

    def caption_lines(self) -> list[str]:
        keep = self.rows()[1:4] + self.rows()[6:]
        out: list[str] = []
        for k, v in keep:
            out.extend(textwrap.wrap(f"{k}: {v}", CAPTION_WRAP) or [f"{k}:"])
        return out


def safe_filename(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)
    return keep.strip("_")[:80] or "export"


_RATE = re.compile(r"(^|_)(rate|share)(_(lo|hi))?$|^limit(95|998)_(lo|hi)$")
RATE_DECIMALS = 3         # a share to 3 decimals = a percentage to 1 decimal, as on every page


def is_rate(column) -> bool:
    """A share between 0 and 1 by the naming grammar (grant_rate, natural_person_share, rate_lo,
    limit95_hi …)."""
    return bool(_RATE.search(str(column)))


def value_labels(fig: Optional[go.Figure]) -> tuple[tuple[str, str, str], ...]:
    """The (column, code, label) triples a chart recorded for its category keys (charts._labels_meta)."""
    meta = getattr(getattr(fig, "layout", None), "meta", None) if fig is not None else None
    labels = meta.get("labels", {}) if isinstance(meta, dict) else {}
    return tuple((str(c), str(k), str(v)) for c, m in labels.items() for k, v in m.items())


def _default_meta(df: pd.DataFrame) -> ExportMeta:
    return ExportMeta(title="", query_name="export", definition="", unit="", caveats="", filters="",
                      data_version="", lang=i18n.DEFAULT_LANG)


def headers(df: pd.DataFrame, meta: ExportMeta) -> list[str]:
    """The header the page shows for each column (meta.columns, else i18n.COLUMNS)."""
    shown = dict(meta.columns)
    return [shown.get(str(c)) or i18n.column(c, meta.lang) for c in df.columns]


def export_frame(df: pd.DataFrame, meta: Optional[ExportMeta] = None
                 ) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """`df` as people read it (machine column names kept; headers come from `headers`), and the
    (column, code, label) of every machine code it replaced. Same rows, same columns."""
    meta = meta or _default_meta(df)
    extra: dict[str, dict[str, str]] = {}
    for column, code, label in meta.value_labels:
        extra.setdefault(column, {})[code] = label
    frame, codes = i18n.translate_frame(df.reset_index(drop=True), meta.lang, extra)
    yes, no = i18n.label("bool", "True", meta.lang), i18n.label("bool", "False", meta.lang)
    for col in frame.columns:
        series = frame[col]
        if pd.api.types.is_bool_dtype(series) or (
                series.dtype == object and series.map(lambda v: isinstance(v, bool) or v is None).all()
                and series.map(lambda v: isinstance(v, bool)).any()):
            frame[col] = series.map(lambda v: None if v is None else (yes if v else no)).astype(object)
            continue
        if isinstance(series.dtype, pd.DatetimeTZDtype):      # Excel has no time zones
            frame[col] = series.dt.tz_localize(None)
            continue
        if not pd.api.types.is_numeric_dtype(series):
            continue
        if is_rate(col) and pd.api.types.is_float_dtype(series):
            frame[col] = series.round(RATE_DECIMALS)
        elif pd.api.types.is_float_dtype(series) or str(series.dtype) == "Int64":
            values = series.dropna()
            if ((values - values.round()).abs() < 1e-9).all():
                frame[col] = series.round().astype("Int64")      # a count: 26, never 26.0
    return frame, codes


def csv_bytes(df: pd.DataFrame, meta: Optional[ExportMeta] = None) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese text correctly. First header row: the headers the page
    shows; second: the machine column names; then exactly the rows of `df`."""
    meta = meta or _default_meta(df)
    frame, _ = export_frame(df, meta)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers(df, meta))
    writer.writerow([str(c) for c in df.columns])
    frame.to_csv(buf, index=False, header=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def dictionary_rows(df: pd.DataFrame, meta: ExportMeta,
                    codes: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """(kind, column, code, label): every column (its machine name and header), then every code."""
    kind_col, kind_val = i18n.t("dict_kind_column", meta.lang), i18n.t("dict_kind_value", meta.lang)
    out = [(kind_col, str(c), str(c), h) for c, h in zip(df.columns, headers(df, meta))]
    return out + [(kind_val, c, code, label) for c, code, label in codes]


def xlsx_bytes(df: pd.DataFrame, meta: ExportMeta) -> bytes:
    """Sheets 数据 (the headers the page shows, values named), 说明 (filters, definition, data
    version) and 字段与代码 (machine column names and codes with their labels); English names in
    the English view."""
    frame, codes = export_frame(df, meta)
    frame.columns = headers(df, meta)
    lang = meta.lang
    data_sheet, about_sheet = i18n.t("sheet_data", lang), i18n.t("sheet_about", lang)
    dict_sheet = i18n.t("sheet_dictionary", lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=data_sheet, index=False)
        sheet = writer.sheets[data_sheet]
        for i, col in enumerate(df.columns, start=1):
            if is_rate(col) and pd.api.types.is_numeric_dtype(df[col]):
                for cell in next(sheet.iter_cols(min_col=i, max_col=i, min_row=2)) if len(frame) else ():
                    cell.number_format = "0.0%"
        pd.DataFrame(meta.rows(), columns=[i18n.t("about_item", lang), i18n.t("about_value", lang)]
                     ).to_excel(writer, sheet_name=about_sheet, index=False)
        pd.DataFrame(dictionary_rows(df, meta, codes),
                     columns=[i18n.t(k, lang) for k in ("dict_kind", "dict_column", "dict_code", "dict_label")]
                     ).to_excel(writer, sheet_name=dict_sheet, index=False)
    return buf.getvalue()


def meta_bytes(meta: ExportMeta, df: Optional[pd.DataFrame] = None) -> bytes:
    """The sidecar text; with `df`, also the codes its values use and their labels."""
    codes = tuple(export_frame(df, meta)[1]) if df is not None else ()
    return meta.text(codes).encode("utf-8-sig")


def with_caption(fig: go.Figure, meta: ExportMeta) -> go.Figure:
    """A copy of `fig` with the export caption under the plot (the on-screen figure is untouched)."""
    out = go.Figure(fig)
    lines = meta.caption_lines()
    extra = 18 * len(lines) + 30
    margin_b = (out.layout.margin.b or 80) + extra
    out.update_layout(template=charts.TEMPLATE, margin={"b": margin_b},
                      height=(out.layout.height or IMAGE_HEIGHT) + extra)
    out.add_annotation(text="<br>".join(html.escape(line) for line in lines), xref="paper",
                       yref="paper", x=0, y=0, yshift=-margin_b + 10, showarrow=False, align="left",
                       xanchor="left", yanchor="bottom", font={"size": 10, "color": "#555555"})
    return out


def image_bytes(fig: go.Figure, fmt: str, meta: ExportMeta) -> bytes:
    """PNG or SVG rendered server-side by kaleido (needs a Chrome/Chromium)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}")
    out = with_caption(fig, meta)
    for attempt in range(1, RENDER_ATTEMPTS + 1):
        try:
            return out.to_image(format=fmt, width=IMAGE_WIDTH, height=out.layout.height or IMAGE_HEIGHT,
                                scale=IMAGE_SCALE if fmt == "png" else 1)
        except Exception as exc:           # noqa: BLE001 — kaleido raises its own error classes
            if attempt == RENDER_ATTEMPTS or not _kaleido_not_ready(exc):
                raise
            time.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


# kaleido evaluates its render script in a Chromium tab it has just opened; on a loaded machine the
# tab's scripts may not be loaded yet ("ReferenceError: kaleido_scopes is not defined"). Seen in CI
# under load; a second attempt renders. Anything else (a bad figure, no Chromium) raises at once.
RENDER_ATTEMPTS = 3


def _kaleido_not_ready(exc: Exception) -> bool:
    return type(exc).__module__.startswith("kaleido") and "is not defined" in str(exc)


def html_bytes(fig: go.Figure, meta: ExportMeta) -> bytes:
    """A standalone interactive page (plotly.js inlined, works offline) with the caption as text."""
    body = with_caption(fig, meta).to_html(full_html=False, include_plotlyjs=True)
    about = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                    for k, v in meta.rows())
    page = (f"<!doctype html><html lang=\"{'en' if meta.lang == 'en' else 'zh-CN'}\"><head>"
            f"<meta charset=\"utf-8\"><title>{html.escape(meta.title)}</title>"
            "<style>body{font-family:sans-serif}th{text-align:left;padding-right:1em}</style>"
            f"</head><body>{body}<table>{about}</table></body></html>")
    return page.encode("utf-8")


def kaleido_available() -> Optional[str]:
    """None if images can be exported here, else the reason (shown in place of the buttons)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "kaleido is not installed"
    return None
