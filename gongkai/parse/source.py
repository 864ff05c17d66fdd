"""What every reader hands to the table parser: the document as rows of cells in reading order.

Readers (html, text, pdf, docx) differ only in how they find rows and cells. A table cell from the
DOM, a DOCX table, a PDF table or a markdown/pipe row has *exact* boundaries; a line of flattened page
text is a single *loose* cell whose inside may hold several labels and numbers run together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Cell:
    text: str
    exact: bool          # True when the source gave this cell's boundaries (table cell, pipe cell)
    where: str           # provenance, e.g. "table 3 row 5 col 2", "line 118", "page 2 table 1 row 4 col 3"


Row = list[Cell]


@dataclass
class Extracted:
    """A document reduced to text rows. `rows` interleaves narrative lines and table rows in order."""
    media_type: str
    encoding: Optional[str] = None
    rows: list[Row] = field(default_factory=list)
    title_hint: Optional[str] = None                     # <title>, meta ArticleTitle, DOCX core title
    meta: dict[str, str] = field(default_factory=dict)   # e.g. {"PubDate": "2023-02-20 15:07"}
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, detail) from the reader

    @property
    def text(self) -> str:
        """Plain text, one row per line, cells joined by ' | ' (used for metadata and storage)."""
        return "\n".join(" | ".join(c.text for c in row) if len(row) > 1 else row[0].text
                         for row in self.rows if row)


class UnreadableDocument(Exception):
    """The bytes are a known kind of document but hold no readable text (e.g. a scanned PDF)."""


class NotAReport(Exception):
    """The bytes are not a document kind gongkai reads (e.g. an image, binary noise)."""
