"""The aggregate tables as files: xlsx (sheets 表二 / 表三 / 表四, 覆盖说明, 勾稽核验, 已纳入报告, 缺报机构),
docx (landscape, merged cells) and one escaped html page. `WRITERS[format](agg) -> bytes`."""
from __future__ import annotations

import html as _html
import io

import pandas as pd

from gongkai.aggregate.build import Aggregate
from gongkai.aggregate.grids import SECTION_TITLES, statutory_grids, tables_html


def write_html(agg: Aggregate) -> bytes:
    esc = _html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{esc(agg.title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
             "th,td{border:1px solid #444;padding:4px 6px;text-align:center}"
             "td:first-child{text-align:left}</style></head><body>",
             f"<h1>{esc(agg.title)}</h1>",
             tables_html(agg.cells, agg.version),
             "<h2>覆盖范围说明</h2>", "<ul>"]
    parts += [f"<li>{esc(line)}</li>" for line in agg.coverage_lines()]
    parts.append("</ul><h2>勾稽关系核验（相加结果）</h2>")
    parts.append(_frame_html(agg.checks_frame()))
    parts.append("<h2>已纳入的报告</h2>")
    parts.append(_frame_html(agg.included_frame()))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def _frame_html(frame: pd.DataFrame) -> str:
    esc = _html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table border="1"><tr>{head}</tr>{body}</table>'


def write_xlsx(agg: Aggregate) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for grid in statutory_grids(agg.cells, agg.version):
        ws = wb.create_sheet(f"表{'二三四'[grid.table - 2]}")
        ws.cell(1, 1, agg.title).font = Font(bold=True)
        ws.cell(2, 1, SECTION_TITLES[grid.table]).font = Font(bold=True)
        top = 3
        for c in grid.cells:
            r, k = top + c.row, 1 + c.col
            cell = ws.cell(r, k, c.value if c.kind == "value" and c.value is not None else
                           (None if c.kind == "value" else c.text))
            cell.alignment = Alignment(wrap_text=True, vertical="center",
                                       horizontal="left" if c.kind == "label" else "center")
            if c.kind == "header":
                cell.font = Font(bold=True)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=r, start_column=k, end_row=r + c.rowspan - 1,
                               end_column=k + c.colspan - 1)
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    ws.cell(r + dr, k + dc).border = border
        for col in range(1, grid.n_cols + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14 if grid.table != 3 else 12
        if grid.table == 3:
            ws.column_dimensions["C"].width = 40
        if grid.table == 2:
            ws.column_dimensions["A"].width = 22
    ws = wb.create_sheet("覆盖说明")
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate([agg.title] + agg.coverage_lines(), 1):
        ws.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    _frame_sheet(wb, "勾稽核验", agg.checks_frame())
    _frame_sheet(wb, "已纳入报告", agg.included_frame())
    _frame_sheet(wb, "缺报机构", agg.missing.rename(columns={"agency_id": "机构编号", "agency_name": "机构",
                                                         "years": "有报告的年度"}))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _frame_sheet(wb, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(name)
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if (not isinstance(v, str) and pd.isna(v)) else
                   (v if isinstance(v, (int, float, str)) else str(v)) for v in row])
    for i, col in enumerate(frame.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = 18 if i > 1 else 24


def write_docx(agg: Aggregate) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(agg.title, level=1)
    for grid in statutory_grids(agg.cells, agg.version):
        doc.add_heading(SECTION_TITLES[grid.table], level=2)
        table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
        table.style = "Table Grid"
        for c in grid.cells:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
            cell.text = c.text
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8 if grid.table != 2 else 9)
                    run.font.bold = c.kind == "header"
    doc.add_heading("覆盖范围说明", level=2)
    for line in agg.coverage_lines():
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("勾稽关系核验（相加结果）", level=2)
    _frame_docx(doc, agg.checks_frame())
    doc.add_heading("已纳入的报告", level=2)
    _frame_docx(doc, agg.included_frame())
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _frame_docx(doc, frame: pd.DataFrame) -> None:
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for i, c in enumerate(frame.columns):
        table.cell(0, i).text = str(c)
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = "" if (not isinstance(v, str) and pd.isna(v)) else str(v)


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html}
