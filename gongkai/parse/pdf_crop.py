"""A rendered crop of the PDF region a figure was read from, for the 报告 page's trace.

The reader names a table cell `page P table T row R col C` (pdf.py); the same table finding on the
same page finds that cell's box again. The crop shows its table (or, for a tall table, the rows
around it) with the cell outlined. Loose lines (`page P line N`) get no crop: their numbering
depends on the characters the tables did not own, and the text view already highlights them."""
from __future__ import annotations

import io
import re
from typing import Optional

WHERE = re.compile(r"^page (\d+) table (\d+) row (\d+) col (\d+)\b")
MAX_HEIGHT = 360          # points: a taller table is cropped to the rows around the cell
MARGIN = 6                # points around the region
CELL_OUTLINE = (214, 39, 40)


def cell_crop(data: bytes, where: Optional[str], resolution: int = 110):
    """The PIL image of the table region holding the cell at `where`, the cell outlined; None when
    `where` names no PDF table cell or the PDF no longer yields it (never raises on a bad PDF)."""
    m = WHERE.match(where or "")
    if not m:
        return None
    page_no, t_no, r_no, c_no = (int(g) for g in m.groups())
    try:
        import pdfplumber

        from gongkai.parse.pdf import page_tables

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not 1 <= page_no <= len(pdf.pages):
                return None
            page = pdf.pages[page_no - 1]
            _, tables = page_tables(page)
            if not 1 <= t_no <= len(tables) or not 1 <= r_no <= len(tables[t_no - 1].rows):
                return None
            table = tables[t_no - 1]
            cells = table.rows[r_no - 1].cells
            box = cells[c_no - 1] if 1 <= c_no <= len(cells) else None
            if box is None:
                return None
            x0, top, x1, bottom = table.bbox
            if bottom - top > MAX_HEIGHT:           # the rows around the cell, not a page-long table
                middle = (box[1] + box[3]) / 2
                top, bottom = max(top, middle - MAX_HEIGHT / 2), min(bottom, middle + MAX_HEIGHT / 2)
            region = (max(page.bbox[0], x0 - MARGIN), max(page.bbox[1], top - MARGIN),
                      min(page.bbox[2], x1 + MARGIN), min(page.bbox[3], bottom + MARGIN))
            image = page.crop(region).to_image(resolution=resolution)
            image.draw_rect(box, fill=None, stroke=CELL_OUTLINE, stroke_width=3)
            return image.annotated.convert("RGB")
    except Exception:            # a crop is a convenience: a PDF that will not render shows none
        return None
