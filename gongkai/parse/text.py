"""Reader for page text: flattened one-cell-per-line text, pipe rows and markdown tables.

A line with pipes is a row of exact cells (markdown or a crawler's `a | b |` dump); any other line
is one loose cell, whose inside the tokenizer searches for labels and digit runs.
"""
from __future__ import annotations

import re

from gongkai.parse.source import Cell, Extracted

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")


def split_pipe_row(line: str) -> list[str]:
    """`| a | b |` → ['a', 'b']; `a |` → ['a']; keeps empty inner cells (they are blanks)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")] if s.strip() or "|" in s else []


def read_text(text: str, media_type: str = "text/plain", encoding: str | None = None) -> Extracted:
    rows = []
    has_md_table = False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "-" in line and _MD_SEPARATOR.match(line):
            has_md_table = True
            continue
        if "|" in line:
            cells = split_pipe_row(line)
            if cells:
                rows.append([Cell(c, True, f"line {n} cell {i + 1}") for i, c in enumerate(cells)])
            continue
        text_of_line = _MD_HEADING.sub("", line) if "#" in line else line
        rows.append([Cell(text_of_line.strip(), False, f"line {n}")])
    if has_md_table and media_type == "text/plain":
        media_type = "text/markdown"
    return Extracted(media_type=media_type, encoding=encoding, rows=rows)
