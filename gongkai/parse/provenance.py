"""Provenance to the character: where, in the printed text, a figure was read from.

A token knows its span in its cell's *normalised* text (tokens.py); a figure its own digits within
it (splitter.py: a part of a cut run gets a sub-span). Here that span is mapped back to the cell's
printed characters (normalize.printed_span) and placed in the document text `ParsedReport.text`
(the readers' rows, one per line, cells joined by " | "), so that a page can highlight it.

`CellSource.where` keeps the reader's place of the cell and adds both positions, e.g.
``line 10 chars 1234-1237; text line 8 chars 1234-1237`` (docs/parse-output.md, "Provenance").
"""
from __future__ import annotations

import re
from typing import Optional

from gongkai.model import CellSource
from gongkai.parse.normalize import printed_span
from gongkai.parse.source import Row

CELL_JOIN = " | "        # as source.Extracted.text joins the cells of a row
# What a page reads back from source_where (an older warehouse has neither part).
WHERE_RE = re.compile(r"^(?P<cell>.*?)(?: chars (?P<start>\d+)-(?P<end>\d+))?"
                      r"(?:; text line (?P<line>\d+) chars (?P<tstart>\d+)-(?P<tend>\d+))?$")


def parse_where(where: Optional[str]) -> dict:
    """source_where → {"cell", "span", "line", "line_span"} (None where it does not say)."""
    m = WHERE_RE.match(where or "")
    if not m:
        return {"cell": where, "span": None, "line": None, "line_span": None}
    g = m.groupdict()
    if not g["line"] and g["start"] and (own := re.fullmatch(r"text line (\d+)", g["cell"])):
        g["line"], g["tstart"], g["tend"] = own.group(1), g["start"], g["end"]   # a metadata field
    return {"cell": g["cell"],
            "span": (int(g["start"]), int(g["end"])) if g["start"] else None,
            "line": int(g["line"]) if g["line"] else None,
            "line_span": (int(g["tstart"]), int(g["tend"])) if g["line"] else None}


def format_where(cell_where: str, span: Optional[tuple[int, int]], line: Optional[int] = None,
                 line_span: Optional[tuple[int, int]] = None) -> str:
    out = cell_where if span is None else f"{cell_where} chars {span[0]}-{span[1]}"
    if line is not None and line_span is not None:
        out += f"; text line {line} chars {line_span[0]}-{line_span[1]}"
    return out


class TextIndex:
    """Where each reader row starts in ParsedReport.text (1-based line), built once per document."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self._line: Optional[list[int]] = None

    def _lines(self) -> list[int]:
        if self._line is None:
            line, out = 1, []
            for row in self.rows:
                out.append(line)
                if row:
                    text = CELL_JOIN.join(c.text for c in row) if len(row) > 1 else row[0].text
                    line += text.count("\n") + 1
            self._line = out
        return self._line

    def locate(self, r: int, where: str, raw: str,
               span: tuple[int, int]) -> tuple[Optional[int], Optional[tuple[int, int]]]:
        """(line, [start, end) in that line) of `span` of the cell `where` in row r."""
        if not 0 <= r < len(self.rows):
            return None, None
        row = self.rows[r]
        offset = 0
        for cell in row:
            if cell.where == where and cell.text == raw:
                break
            offset += len(cell.text) + len(CELL_JOIN)
        else:
            return None, None
        if len(row) == 1:
            offset = 0
        line = self._lines()[r]
        before = raw[:span[0]]
        if "\n" in before:             # a cell holding line breaks (rare): count into it
            line += before.count("\n")
            offset = 0
            start = span[0] - (before.rfind("\n") + 1)
        else:
            start = offset + span[0]
        if "\n" in raw[span[0]:span[1]]:
            return None, None
        return line, (start, start + span[1] - span[0])


def cell_source(figure, index: Optional[TextIndex], own: bool = True) -> CellSource:
    """The CellSource of a figure (splitter.Figure): its own printed characters and their place;
    with no characters of its own (a lost blank, an unreached cell) only the cell's place."""
    try:
        return _cell_source(figure, index, own)
    except Exception:  # noqa: BLE001 - provenance is auxiliary: it never fails a parse
        return CellSource("", figure.token.where, None, figure.token.raw)


def _cell_source(figure, index: Optional[TextIndex], own: bool) -> CellSource:
    tok = figure.token
    span = None
    if own and figure.span is not None:
        s, e = figure.span
        if e > s:
            span = printed_span(tok.raw, s, e)
        elif tok.kind == "blank" and tok.exact:
            span = (0, len(tok.raw))          # an empty table cell: the cell itself
    if span is None:
        return CellSource("", tok.where, None, tok.raw)
    line, line_span = index.locate(tok.row, tok.where, tok.raw, span) if index else (None, None)
    return CellSource(tok.raw[span[0]:span[1]], format_where(tok.where, span, line, line_span),
                      span, tok.raw, line, line_span)


# ── metadata fields ─────────────────────────────────────────────────────────────────────────────
# Report-level fields get the same kind of source: the characters the value stands in, found in
# the document text after the fact (the first place that states it, preferring the title line),
# keyed by the field name in ParsedReport.provenance (stored in field_sources).
META_FIELDS = ("agency", "year", "published_on", "proactive_count")
_TITLE_WORDS = re.compile(r"报告|報告")


def _nfkc_to_printed(line: str, a: int, b: int) -> Optional[tuple[int, int]]:
    """[a, b) in NFKC(line) → [start, end) in the printed line (None when NFKC composes)."""
    import unicodedata
    if unicodedata.is_normalized("NFKC", line):       # the usual line: offsets are the same
        return (a, b) if 0 <= a < b <= len(line) else None
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(line):
        spans.extend([(i, i + 1)] * len(unicodedata.normalize("NFKC", ch)))
    if len(spans) != len(unicodedata.normalize("NFKC", line)) or not 0 <= a < b <= len(spans):
        return None
    return spans[a][0], spans[b - 1][1]


def _compact_find(line: str, needle: str) -> Optional[tuple[int, int]]:
    """`needle` (no whitespace) in `line` with whitespace ignored: its [start, end) in `line`."""
    if not needle or needle[0] not in line:
        return None
    keep = [i for i, c in enumerate(line) if not c.isspace()]
    compact = "".join(line[i] for i in keep)
    at = compact.find(needle)
    if at < 0 or not needle:
        return None
    return keep[at], keep[at + len(needle) - 1] + 1


def _source_at(printed_lines: list[str], nfkc_lines: list[str], n: int,
               span: tuple[int, int]) -> Optional[CellSource]:
    """A CellSource for [start, end) of NFKC line n (0-based), on the printed line."""
    got = _nfkc_to_printed(printed_lines[n], *span)
    if got is None:
        return None
    line = printed_lines[n]
    where = f"text line {n + 1} chars {got[0]}-{got[1]}"
    return CellSource(line[got[0]:got[1]], where, got, line, n + 1, got)


def _first_line(nfkc_lines: list[str], find, prefer_title: bool = True):
    """(line index, span) of the first line where find(line) gives a span; title lines first."""
    order = list(range(len(nfkc_lines)))
    if prefer_title:
        order.sort(key=lambda i: not _TITLE_WORDS.search(nfkc_lines[i]))
    for i in order:
        span = find(nfkc_lines[i])
        if span:
            return i, span
    return None


def _date_pattern(iso: str) -> re.Pattern:
    y, m, d = iso.split("-")
    sep = r"\s*(?:年|[-/.])?\s*"
    return re.compile(rf"{y}{sep}0?{int(m)}\s*(?:月|[-/.])\s*0?{int(d)}(?!\d)(?:\s*日)?")


def field_sources(report, printed_text: str, nfkc_text_: str, title_hint: Optional[str] = None,
                  meta: Optional[dict] = None) -> dict[str, CellSource]:
    """Provenance of agency, year, published_on and proactive_count (the fields that are set)."""
    from gongkai.parse.normalize import to_simplified
    printed_lines = printed_text.split("\n")
    nfkc_lines = nfkc_text_.split("\n")
    if len(printed_lines) != len(nfkc_lines):
        return {}
    out: dict[str, CellSource] = {}

    def put(name: str, found) -> None:
        if found is not None:
            src = _source_at(printed_lines, nfkc_lines, found[0], found[1])
            if src is not None:
                out[name] = src

    simple_lines: Optional[list[str]] = None

    def simple(i: int) -> str:
        nonlocal simple_lines
        if simple_lines is None:
            simple_lines = [to_simplified(x) if len(to_simplified(x)) == len(x) else x
                            for x in nfkc_lines]
        return simple_lines[i]

    agency_at = None
    if report.agency:
        names = [n for n in (report.agency_printed, report.agency) if n]
        for i, line in sorted(enumerate(nfkc_lines), key=lambda p: not _TITLE_WORDS.search(p[1])):
            span = next((s for n in names for s in (_compact_find(line, n),
                                                    _compact_find(simple(i), n)) if s), None)
            if span:
                agency_at = (i, span)
                break
        if agency_at:
            put("agency", agency_at)
        elif title_hint:
            out["agency"] = CellSource(report.agency_printed or report.agency, "title (document metadata)")
    if report.year is not None:
        year = str(report.year)
        found = None
        if agency_at:       # the year beside the agency in the title
            line = nfkc_lines[agency_at[0]]
            at = line.find(year, agency_at[1][1])
            if at >= 0:
                found = (agency_at[0], (at, at + 4))
        if found is None:
            rx = re.compile(rf"(?<!\d){year}(?=\s*年)")
            found = _first_line(nfkc_lines, lambda s: (m := rx.search(s)) and m.span(), False)
        if found is None:
            if title_hint and year in title_hint:
                out["year"] = CellSource(year, "title (document metadata)")
        else:
            put("year", found)
    if report.published_on:
        rx = _date_pattern(report.published_on)
        found = _first_line(nfkc_lines, lambda s: (m := rx.search(s)) and m.span(), False)
        if found is not None:
            put("published_on", found)
        elif meta:
            key = next((k for k in meta if k.lower() in ("pubdate", "publishdate", "publishtime",
                                                         "firstpublishedtime")), None)
            if key:
                out["published_on"] = CellSource(str(meta[key]), f"meta {key}")
    src = report.proactive_source
    if report.proactive_count is not None and src:
        a, b = src["span"]          # offsets of the sentence in the NFKC text (it may wrap lines)
        for m in re.finditer(r"\d[\d,]*", nfkc_text_[a:b]):
            if m.group(0).replace(",", "") == str(report.proactive_count):
                at = a + m.start()
                n = nfkc_text_.count("\n", 0, at)
                col = at - (nfkc_text_.rfind("\n", 0, at) + 1)
                put("proactive_count", (n, (col, col + len(m.group(0)))))
                break
    return out
