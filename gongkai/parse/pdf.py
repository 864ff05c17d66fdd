"""PDF reader: table cells from ruling-line geometry (pdfplumber), other text as loose lines.

Three fixes over plain `find_tables().extract()`, all seen on browser-printed reports:
- big filled rectangles (page/section backgrounds) are dropped before table finding, or the whole page
  becomes one "table" whose single cell swallows the narrative;
- a table continued on the next page has no bottom rule on this one, so its last row (and any
  row-spanning label) is lost; dangling vertical rules get a closing horizontal rule;
- each character goes to the *smallest* cell containing it, so a row-spanning cell whose box
  overlaps others cannot swallow their text.
Grid positions covered by a spanning cell (pdfplumber's None) are skipped, like an HTML td that is not
repeated; real empty cells stay "" (blank = zero); rows with no text at all (spacer boxes, the empty
stub of a spanning cell) are dropped. `where` gives the grid column ("col 4" = fourth grid column), so
a row that starts under a spanning label starts at col 2 or 3. Characters in no cell become loose
lines, and rows and lines are interleaved top to bottom on each page.
"""
from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

from typing import Optional

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page
from pdfplumber.utils.text import extract_text

from gongkai.limits import check_time

from .html import squeeze
from .source import Cell, Extracted, UnreadableDocument

_TOL = 3.0          # points: how far a rule may miss another and still count as touching
_BACKGROUND = 3.0   # filled, unstroked rectangles thicker than this are backgrounds, not rules


@contextmanager
def _quiet_pdfminer():
    """pdfminer logs a warning per glyph for fonts without FontBBox (Chromium output): noise."""
    log = logging.getLogger("pdfminer")
    old = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(old)


@contextmanager
def _closing(pdf, pages):
    """Close what was opened; not `pdf.close()`, which builds every page of the document first."""
    try:
        yield
    finally:
        for page in pages:
            page.close()
        pdf.stream.close()


def _not_background(obj) -> bool:
    return not (obj.get("object_type") == "rect" and obj.get("fill") and not obj.get("stroke")
                and min(obj["width"], obj["height"]) > _BACKGROUND)


def _closing_rules(page) -> list[dict]:
    """Horizontal rules across the ends of vertical rules that stop in mid-air: a table cut by a page
    break has no rule there, and pdfplumber drops every cell that is not closed on four sides."""
    edges = page.edges
    hs = [e for e in edges if e["orientation"] == "h" and e["width"] > _TOL]   # not a rule's thin end
    vs = [e for e in edges if e["orientation"] == "v" and e["height"] > _TOL]

    def loose_end(v, y, sign):     # sign +1: bottom end, -1: top end
        touches_h = any(abs(h["top"] - y) <= _TOL and h["x0"] - _TOL <= v["x0"] <= h["x1"] + _TOL
                        for h in hs)
        def goes_on(w):          # another segment of the same rule carries on past this end
            if sign > 0:
                return w["top"] - _TOL <= y < w["bottom"] - _TOL
            return w["top"] + _TOL < y <= w["bottom"] + _TOL
        continued = any(abs(w["x0"] - v["x0"]) <= _TOL and goes_on(w) for w in vs if w is not v)
        return not touches_h and not continued

    def in_a_table(v):             # crossed or met by a real rule: not a lone decorative bar
        return any(h["x0"] - _TOL <= v["x0"] <= h["x1"] + _TOL
                   and v["top"] - _TOL <= h["top"] <= v["bottom"] + _TOL for h in hs)

    vs_ruled = [v for v in vs if in_a_table(v)]
    ys = sorted({round(v["bottom"], 1) for v in vs_ruled if loose_end(v, v["bottom"], 1)} |
                {round(v["top"], 1) for v in vs_ruled if loose_end(v, v["top"], -1)})
    rules: list[dict] = []
    for y in ys:
        if rules and abs(rules[-1]["top"] - y) <= _TOL:
            continue
        # span every vertical rule ending here, so the new rule meets the real ones beside it
        xs = [v["x0"] for v in vs if abs(v["bottom"] - y) <= _TOL or abs(v["top"] - y) <= _TOL]
        rules.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y,
                      "width": max(xs) - min(xs), "height": 0})
    return [r for r in rules if r["width"] > _TOL]   # a lone dangling rule closes nothing


def _scanned(page) -> bool:
    """A text-less page whose images cover a fair part of it: a scan, not a blank or icon-only page."""
    covered = sum(i["width"] * i["height"] for i in page.images)
    return covered > 0.2 * page.width * page.height


def _area(box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _owner(char, boxes):
    """Index of the smallest box holding the char's centre, or None."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    best = None
    for i, b in enumerate(boxes):
        if b[0] <= x <= b[2] and b[1] <= y <= b[3] and (best is None or _area(b) < _area(boxes[best])):
            best = i
    return best


_WRAPPED_NUMBER = re.compile(r"(?<=[\d.])\n(?=[\d.])")


def _text(chars) -> str:
    """Cell text: lines joined (no space between CJK, none inside a number wrapped by a narrow cell)."""
    return squeeze(_WRAPPED_NUMBER.sub("", extract_text(chars))) if chars else ""


def page_tables(page):
    """The page without its background rectangles, and its tables as the reader numbers them
    (`page P table T row R col C` in a cell's provenance; pdf_crop.py finds a cell again by it)."""
    page = page.filter(_not_background)
    return page, page.find_tables({"explicit_horizontal_lines": _closing_rules(page)})


def _page_items(page, p_no: int) -> list[tuple[float, list[Cell]]]:
    """(top, row) for every table row and loose line on one page."""
    page, tables = page_tables(page)
    boxes, slots = [], []            # slots: (top, table no, row no, col no) per box
    for t_no, table in enumerate(tables, 1):
        for r_no, row in enumerate(table.rows, 1):
            for c_no, box in enumerate(row.cells, 1):
                if box is not None:
                    boxes.append(box)
                    slots.append((row.bbox[1], t_no, r_no, c_no))
    owned: list[list[dict]] = [[] for _ in boxes]
    loose = []
    for ch in page.chars:
        i = _owner(ch, boxes)
        (loose if i is None else owned[i]).append(ch)

    rows: dict[tuple[int, int], tuple[float, list[Cell]]] = {}
    for (top, t_no, r_no, c_no), chars in zip(slots, owned):
        cell = Cell(_text(chars), True, f"page {p_no} table {t_no} row {r_no} col {c_no}")
        rows.setdefault((t_no, r_no), (top, []))[1].append(cell)
    items = [item for item in rows.values() if any(c.text for c in item[1])]

    if loose:
        loose_ids = {id(c) for c in loose}
        rest = page.filter(lambda o: o.get("object_type") != "char" or id(o) in loose_ids)
        n = 0
        for line in rest.extract_text_lines(return_chars=False):
            s = squeeze(line["text"])
            if s:
                n += 1
                items.append((line["top"], [Cell(s, False, f"page {p_no} line {n}")]))
    items.sort(key=lambda it: it[0])
    return items


def _why(exc: Exception) -> str:
    """Name the real pdfminer error (pdfplumber wraps it in PdfminerException)."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind:
        return f"it is encrypted and needs a password ({kind})"
    return f"it is corrupt ({kind}: {inner})" if str(inner) else f"it is corrupt ({kind})"


def _first_pages(pdf, limit: int) -> list:
    """The first `limit` pages, built one by one: pdfplumber's `pdf.pages` walks the whole page tree
    first (5 s for 20 000 pages, before any time check) and so does `pdf.close()`."""
    pages, doctop = [], 0
    for i, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
        if i >= limit:
            break
        check_time()
        page = Page(pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
        pages.append(page)
        doctop += page.height
    return pages


def _declared_pages(pdf) -> Optional[int]:
    """The page count the page tree claims (only used to say how long a capped PDF is)."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
        return count if isinstance(count, int) and count > 0 else None
    except Exception:
        return None


def read_pdf(data: bytes, max_pages: Optional[int] = None) -> Extracted:
    """Rows of a text-layer PDF in reading order; scanned, encrypted or broken PDFs are unreadable.
    Only the first `max_pages` pages are read (GONGKAI_MAX_PDF_PAGES), with a `limit_pdf_pages`
    warning when the PDF has more."""
    out = Extracted(media_type="application/pdf")
    with _quiet_pdfminer():
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            pages = _first_pages(pdf, max_pages + 1 if max_pages else 1 << 62)
        except Exception as exc:   # pdfminer raises many kinds (PDFSyntaxError, PSEOF, password errors)
            raise UnreadableDocument(f"PDF cannot be opened: {_why(exc)}") from exc
        capped = bool(max_pages) and len(pages) > max_pages
        if capped:
            pages = pages[:max_pages]
            declared = _declared_pages(pdf)
            known = bool(declared and declared > max_pages)      # the page tree's count is a claim
            n_pages = declared if known else max_pages + 1
            out.warnings.append(("limit_pdf_pages",
                                 f"PDF has {declared if known else f'more than {max_pages}'} pages; "
                                 f"only the first {max_pages} were read (GONGKAI_MAX_PDF_PAGES)"))
        else:
            n_pages = len(pages)
        with _closing(pdf, pages):
            if not n_pages:
                raise UnreadableDocument("PDF has no pages")
            empty = []
            try:
                for p_no, page in enumerate(pages, 1):
                    check_time()
                    if not any(c["text"].strip() for c in page.chars):
                        if _scanned(page):
                            empty.append(p_no)
                        continue
                    out.rows.extend(row for _, row in _page_items(page, p_no))
            except Exception as exc:
                raise UnreadableDocument(f"PDF page {p_no} of {n_pages} cannot be read: {_why(exc)}") from exc
            info = pdf.metadata or {}
    if not out.rows:
        pages = f"{n_pages} page{'s' if n_pages > 1 else ''}"
        if empty:
            raise UnreadableDocument(f"PDF has {pages} but no text layer (scanned image?); "
                                     "OCR is not supported")
        raise UnreadableDocument(f"PDF has {pages} but no text at all (blank, or text drawn as paths)")
    if empty:
        out.warnings.append(("pdf_pages_without_text",
                             f"pages {', '.join(map(str, empty))} of {n_pages} have no text layer "
                             "(scanned images?); their content is missing"))
    title = info.get("Title")
    if isinstance(title, str) and title.strip():
        out.title_hint = title.strip()
    out.meta = {k: v.strip() for k, v in info.items() if isinstance(v, str) and v.strip()}
    return out
