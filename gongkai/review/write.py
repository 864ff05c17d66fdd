"""The rectification list as files, with Chinese column headers: xlsx (sheets 按机构汇总 and 整改清单),
csv (UTF-8 with a BOM, for Excel) and markdown (one section per report)."""
from __future__ import annotations

import io

import pandas as pd

from gongkai.review.build import CATEGORIES

COLUMN_LABELS = {"province": "省", "city": "市", "county": "县（区）", "agency_name": "机构", "agency_id": "机构编号",
                 "year": "年度", "report_id": "报告编号", "report_scope": "报告范围", "document": "文件",
                 "category": "问题代码", "category_zh": "问题类别", "severity": "处理要求",
                 "check_id": "核验项", "cells": "涉及单元格", "values": "数值", "explanation": "说明"}


def chinese_headers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=COLUMN_LABELS)


def summary_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts per agency and category (the cover sheet of the workbook)."""
    if frame.empty:
        return pd.DataFrame(columns=["机构", "年度", "合计"] + list(CATEGORIES.values()))
    pivot = frame.pivot_table(index=["agency_name", "year"], columns="category_zh", values="report_id",
                              aggfunc="count", fill_value=0)
    pivot = pivot.reindex(columns=[c for c in CATEGORIES.values() if c in pivot.columns])
    pivot.insert(0, "合计", pivot.sum(axis=1))
    pivot = pivot.reset_index().rename(columns={"agency_name": "机构", "year": "年度"})
    pivot.columns.name = None
    return pivot


def review_xlsx_bytes(frame: pd.DataFrame, title: str = "整改清单") -> bytes:
    from openpyxl.styles import Alignment, Font

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        summary_frame(frame).to_excel(writer, sheet_name="按机构汇总", index=False)
        chinese_headers(frame).to_excel(writer, sheet_name="整改清单", index=False)
        ws = writer.sheets["整改清单"]
        widths = {"说明": 70, "涉及单元格": 40, "数值": 24, "机构": 24, "文件": 20}
        for i, name in enumerate(chinese_headers(frame).columns, 1):
            letter = ws.cell(1, i).column_letter
            ws.column_dimensions[letter].width = widths.get(name, 12)
            ws.cell(1, i).font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        cover = writer.sheets["按机构汇总"]
        cover.column_dimensions["A"].width = 28
    return buf.getvalue()


def review_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM so that Excel shows the Chinese."""
    return chinese_headers(frame).to_csv(index=False).encode("utf-8-sig")


def review_markdown(frame: pd.DataFrame, title: str = "整改清单") -> str:
    lines = [f"# {title}", ""]
    if frame.empty:
        lines.append("没有发现需要整改或核实的问题。")
        return "\n".join(lines) + "\n"
    lines.append(f"共 {len(frame)} 项，涉及 {frame['report_id'].nunique()} 份报告。")
    for (agency, year, _), group in frame.groupby(["agency_name", "year", "report_id"], sort=False,
                                                  dropna=False):
        first = group.iloc[0]
        region = "".join(dict.fromkeys(x for x in first[["province", "city", "county"]] if x))
        where = "，".join(x for x in (region, f"报告编号 {first['report_id']}，文件 {first['document']}") if x)
        lines += ["", f"## {agency}（{'' if pd.isna(year) else int(year)}年度；{where}）",
                  "", "| 问题类别 | 处理要求 | 涉及单元格 | 数值 | 说明 |", "|---|---|---|---|---|"]
        for r in group.itertuples():
            cells = [r.category_zh, r.severity, r.cells, r.values, r.explanation]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _md(text) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")
