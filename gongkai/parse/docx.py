"""DOCX reader: Word tables keep exact cell boundaries, paragraphs become loose lines.

The body is walked in document order (paragraphs and tables interleaved). python-docx repeats a merged
cell in `row.cells` (once per spanned grid column, and again in every row of a vertical merge); each
physical cell (`_tc`) is emitted once, in the first row where it appears, like an HTML td with
rowspan/colspan. Empty cells stay "" (blank = zero). Nested tables follow the row that holds them.
"""
from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .html import squeeze
from .source import Cell, Extracted, UnreadableDocument


class _Reader:
    def __init__(self, document):
        self.doc = document
        self.rows: list[list[Cell]] = []
        self.n_lines = 0
        self.n_tables = 0

    def blocks(self, parent) -> None:
        """Paragraphs and tables under a body / content-control element, in order."""
        for el in parent.iterchildren():
            if el.tag == qn("w:p"):
                text = squeeze(Paragraph(el, self.doc).text)
                if text:
                    self.n_lines += 1
                    self.rows.append([Cell(text, False, f"line {self.n_lines}")])
            elif el.tag == qn("w:tbl"):
                self.table(Table(el, self.doc))
            elif el.tag in (qn("w:sdt"), qn("w:customXml")):      # content controls wrap blocks
                content = el.find(qn("w:sdtContent"))
                self.blocks(content if content is not None else el)

    def table(self, table: Table) -> None:
        self.n_tables += 1
        t_no, r_no, seen = self.n_tables, 0, set()
        for row in table.rows:
            cells, nested = [], []
            try:
                row_cells = row.cells
            except ValueError:   # a vertical-merge continuation with no cell above it (irregular table)
                row_cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
            for cell in row_cells:
                if cell._tc in seen:          # the set keeps each lxml proxy alive, so identity holds
                    continue
                seen.add(cell._tc)
                text = squeeze("\n".join(p.text for p in cell.paragraphs))
                cells.append(Cell(text, True, f"table {t_no} row {r_no + 1} col {len(cells) + 1}"))
                nested.extend(cell.tables)
            if cells:
                r_no += 1
                self.rows.append(cells)
            for inner in nested:
                self.table(inner)


def read_docx(data: bytes) -> Extracted:
    """Rows of a Word document in reading order; a damaged package is unreadable."""
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(
            f"DOCX cannot be opened: corrupt package ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:        # lxml XMLSyntaxError and python-docx's own errors
        raise UnreadableDocument(f"DOCX cannot be opened: {type(exc).__name__}: {exc}") from exc
    reader = _Reader(document)
    reader.blocks(document.element.body)
    out = Extracted(media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    rows=reader.rows)
    props = document.core_properties
    title = (props.title or "").strip()
    out.title_hint = title or None
    for key in ("title", "author", "created", "modified"):
        value = getattr(props, key, None)
        if value:
            out.meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    return out
