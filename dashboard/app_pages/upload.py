"""导入 Import: upload report files, preview what the parser reads, then add them to the warehouse
with the store's atomic ingest. Parsed content is shown as tables and plain text only.

Streamlit draws its upload box with English words ("Upload", "200MB per file • HTML, …") and offers no
way to change them; in Chinese one constant stylesheet (no user content, nothing else) puts Chinese
words in their place. Tables name the parser's codes (status, warnings, ingest results) in the
session's language (widgets.dataframe → i18n.translate_frame)."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from gongkai import limits as gk_limits
from gongkai.dashboard import data, i18n, state, widgets
from gongkai.dashboard.state import tr

# gongkai/limits.py: GONGKAI_MAX_UPLOAD_BYTES / GONGKAI_MAX_UPLOAD_FILES (the server's own cap,
# server.maxUploadSize, is set by `gongkai serve`).
LIMITS, _problem = gk_limits.current_or_default()
MAX_FILE_MB = f"{LIMITS.max_upload_bytes / gk_limits.MiB:g}"
MAX_FILES = LIMITS.max_upload_files
TOO_MANY = ("一次最多导入 {n} 个文件；以下 {k} 个未导入：{names}",
            "At most {n} files per import; these {k} were not added: {names}")

# Chinese words on Streamlit's upload box: its button and its "NMB per file • types" line.
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{font-size: 0}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 14px}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "{hint}"; font-size: 14px}}
</style>"""


def uploader_css(lang: str, mb: str) -> str:
    """The stylesheet that names the upload box in `lang` ("" in English: Streamlit's own words)."""
    if lang == "en":
        return ""
    return UPLOADER_CSS.format(button=i18n.t("upload_button", lang), hint=i18n.t("upload_hint", lang, mb=mb))


st.title(tr("page_import"))
st.caption(tr("upload_limit", mb=MAX_FILE_MB))
if css := uploader_css(state.lang(), MAX_FILE_MB):
    st.html(css)
if _problem:
    st.warning(widgets.plain(_problem))
uploaded = st.file_uploader(tr("upload"), accept_multiple_files=True, key="up_files",
                            type=["html", "htm", "shtml", "pdf", "docx", "txt", "md", "zip"])
files: list[tuple[str, bytes]] = []
uploaded = list(uploaded or [])
if len(uploaded) > MAX_FILES:       # refused, and said so: nothing is dropped silently
    extra = [item.name for item in uploaded[MAX_FILES:]]
    st.warning(widgets.plain(TOO_MANY[state.lang() == "en"].format(
        n=MAX_FILES, k=len(extra), names="、".join(extra[:20]) + ("…" if len(extra) > 20 else ""))))
for item in uploaded[:MAX_FILES]:
    if item.size > LIMITS.max_upload_bytes:
        # file names are user content: escaped, so markdown/HTML in a name shows as typed
        st.warning(tr("too_big", name=widgets.plain(item.name), mb=MAX_FILE_MB))
        continue
    files.append((item.name, item.getvalue()))

if files:
    from gongkai.parse import parse_bytes

    rows = []
    for name, content in files:
        if name.lower().endswith(".zip"):
            rows.append({"file": name, "status": "zip", "agency": None, "year": None, "format": None,
                         "cells": None, "checks_failed": None, "warnings": tr("zip_preview")})
            continue
        report = parse_bytes(content, name)
        # each warning by its name and how often it occurs; the details are on the report page
        counts = Counter(w.code for w in report.warnings)
        rows.append({
            "file": name, "status": report.status, "agency": report.agency,
            "year": report.year, "format": report.format_version,
            "cells": sum(v is not None for v in report.cells.values()),
            "checks_failed": sum(c.status == "fail" for c in report.checks),
            "warnings": "；".join(state.lab("warning", c) + (f" ×{k}" if k > 1 else "")
                                 for c, k in counts.items())[:500] or None,
        })
    st.subheader(tr("preview"))
    widgets.dataframe(pd.DataFrame(rows), key="up_preview",
                      column_config={"year": st.column_config.NumberColumn(format="%d")})
    if st.button(tr("ingest_button"), type="primary", key="up_ingest"):
        from gongkai.store.db import IngestBusy
        try:
            summary = data.ingest_uploaded(files)
        except IngestBusy as exc:
            st.error(tr("ingest_busy", msg=widgets.plain(str(exc))))
        else:
            st.success(tr("ingest_done", new=summary.count("new"), updated=summary.count("updated"),
                          unchanged=summary.count("unchanged"), failed=summary.count("failed")))
            widgets.dataframe(pd.DataFrame([{"file": o.origin.rsplit("/", 1)[-1], "result": o.result,
                                             "reason": o.reason, "report_id": o.report_id}
                                            for o in summary.outcomes]),
                              key="up_result", column_config={"report_id": st.column_config.NumberColumn()})
            ids = [o.report_id for o in summary.outcomes if o.report_id]
            for rid in ids[:20]:
                st.page_link(widgets.REPORT_PAGE, label=f"{tr('open')} #{rid}",
                             query_params={"report": str(rid)})
