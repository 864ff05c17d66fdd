"""Chart and table exports: PNG/SVG (kaleido, server side), interactive HTML, CSV, XLSX, and a text
sidecar. Never imports streamlit.

Every export says what it shows: images and HTML carry a caption under the chart, XLSX a second
sheet (`about`) and, for tables, a third (`columns`: each machine column name with the header the page
shows), and CSV (which holds exactly the rows the chart plots, nothing else) comes with the same text
as a `.txt` sidecar download. The text lists the filters, the query and its definition, unit and
caveats, and the data version.
"""
from __future__ import annotations

import html
import io
import textwrap
from dataclasses import dataclass
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from gongkai.dashboard import charts

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

    def text(self) -> str:
        out = "\n".join(f"{k}: {v}" for k, v in self.rows()) + "\n"
        if self.columns:
            out += ("列名" if self.lang != "en" else "Columns") + ":\n"
            out += "".join(f"  {name}: {label}\n" for name, label in self.columns)
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


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese text correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, meta: ExportMeta) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame = df.copy()
        for col in frame.columns:   # Excel has no time zones
            if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
                frame[col] = frame[col].dt.tz_localize(None)
        frame.to_excel(writer, sheet_name="data", index=False)
        pd.DataFrame(meta.rows(), columns=["item", "value"]).to_excel(
            writer, sheet_name="about", index=False)
        if meta.columns:         # the headers the page shows, next to the machine names in `data`
            pd.DataFrame(list(meta.columns), columns=["column", "label"]).to_excel(
                writer, sheet_name="columns", index=False)
    return buf.getvalue()


def meta_bytes(meta: ExportMeta) -> bytes:
    return meta.text().encode("utf-8-sig")


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
    return out.to_image(format=fmt, width=IMAGE_WIDTH, height=out.layout.height or IMAGE_HEIGHT,
                        scale=IMAGE_SCALE if fmt == "png" else 1)


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
