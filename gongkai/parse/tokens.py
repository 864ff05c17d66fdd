"""Stage 1 of table reading: the document's cells → a flat stream of typed tokens.

A token is a recognised label (a row, a group, a caption, a heading), a figure (an exact cell that
holds one number), a blank (an exact cell that is empty or a zero mark), a digit *run* (figures whose
boundaries were lost in flattening; split later by splitter.py), or plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from gongkai.parse.formats import FORMATS, HEADINGS, T2_CAPTION, Format
from gongkai.parse.normalize import normalize
from gongkai.parse.source import Row
from gongkai.limits import check_time

LABEL, VALUE, BLANK, RUN, TEXT = "label", "value", "blank", "run", "text"
INFORMATION = "(?:信息|资讯|讯息)"   # 信息 in label patterns (Traditional mirrors: 資訊, 訊息)

BLANK_MARKS = {"", "-", "--", "—", "——", "–", "/", "无", "0.00元"[:0], "\\", "×"}
# Blank marks run together or spaced in a flattened row (`0 1 — / 9 10` normalises to `0 1—/9 10`).
_BLANK_MARK = re.compile(r"--|——|[-—–/\\×无]")
_BLANK_SEQ = re.compile(r"(?:\s*(?:--|——|[-—–/\\×无]))+")
# One number as printed in a cell: sign, thousands separators, decimals, a unit.
NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项|次)?$")
# Numbers inside loose text: a thousands-separated figure (one value), or a run of digits that may
# hold several figures, each with an optional decimal part and unit.
RUN_RE = re.compile(r"(?P<grouped>[+-]?\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?)(?:万元|元|件|条|个|项|次)?"
                    r"|[+-]?\d+(?:\.\d+)?(?:万元|元|件|条|个|项|次)?")


@dataclass
class Token:
    kind: str
    text: str                 # normalised text of this piece
    row: int                  # index of the source row
    where: str                # provenance of the source cell
    raw: str                  # the source cell's text as printed
    label: Optional[str] = None   # e.g. "t3:granted", "group:denied", "caption", "heading:t4"
    exact: bool = False       # a VALUE/BLANK with true cell boundaries
    row_width: int = 1        # number of cells in the source row
    bare: bool = False        # a generic label (总计, 其他) trusted only as a whole cell
    # [start, end) of `text` in normalize(raw), the cell's normalised text (normalize.printed_span
    # maps it back to the printed characters): figures' provenance to the character.
    start: int = 0
    end: int = 0


def _label_table(fmt: Format) -> list[tuple[str, str]]:
    """(label id, pattern) pairs; longer, more specific patterns first."""
    pairs: list[tuple[str, str]] = [("caption", T2_CAPTION)]
    pairs += [(f"heading:{k}", p) for k, p in HEADINGS.items()]
    pairs += [(f"t3:{r.key}", r.pattern) for r in fmt.t3_rows]
    pairs += [(f"group:{k}", p) for k, p in fmt.t3_groups.items()]
    pairs += [(f"t2:{r.key}", r.pattern) for r in fmt.t2_rows]
    return pairs


# Raw-text marks (same in Simplified and Traditional script, or given in both) of the first table
# rows; the narrative before the first of them holds no cells and is not tokenised.
TABLE_MARKS = ("第二十", "本年新收", "主动公开政府信息情况", "主動公開政府信息情況", "申请人情况", "申請人情況")


def _first_table_row(rows: list[Row]) -> int:
    for r, row in enumerate(rows):
        for cell in row:
            text = cell.text.replace(" ", "")
            if any(m in text for m in TABLE_MARKS):
                return r
    return 0


@lru_cache(maxsize=None)
def tokenizer_for(version: str) -> "Tokenizer":
    return Tokenizer(version)


class Tokenizer:
    def __init__(self, version: str):
        fmt = FORMATS[version if version in FORMATS else "v2021"]
        self.fmt = fmt
        pairs = _label_table(fmt)
        self._names = {f"L{i}": name for i, (name, _) in enumerate(pairs)}
        # 政府資訊 on Traditional mirrors stays 政府资讯 after t2s: 信息 in a label matches either
        self._regex = re.compile("|".join(f"(?P<L{i}>{p.replace('信息', INFORMATION)})"
                                          for i, (_, p) in enumerate(pairs)))
        self._bare = [(f"t3:{r.key}", re.compile(f"^(?:{r.bare_pattern})$"))
                      for r in fmt.t3_rows if r.bare_pattern]

    def tokens(self, rows: list[Row]) -> list[Token]:
        out: list[Token] = []
        shape_of, add = self._cell_shape, out.append      # local names: this loop runs per cell
        for r in range(_first_table_row(rows), len(rows)):
            check_time()
            row = rows[r]
            width = len(row)
            for cell in row:
                for kind, text, label, exact, bare, start, end in shape_of(cell.text, cell.exact,
                                                                            width == 1):
                    add(Token(kind, text, r, cell.where, cell.text, label, exact, width, bare,
                              start, end))
        return out

    @lru_cache(maxsize=65536)   # cells repeat ("0", labels, headers) within and across reports
    def _cell_shape(self, raw: str, exact: bool, alone: bool) -> tuple[tuple, ...]:
        """The tokens of one cell as plain tuples (kind, text, label, exact, bare, start, end),
        free of the row's position (start/end are offsets within the cell's normalised text)."""
        return tuple((t.kind, t.text, t.label, t.exact, t.bare, t.start, t.end)
                     for t in self._cell_tokens(raw, exact, 1 if alone else 2))

    def _cell_tokens(self, raw: str, exact: bool, width: int) -> list[Token]:
        text = normalize(raw)

        def tok(kind: str, t: str, label: Optional[str] = None, is_exact: bool = False,
                start: int = 0, end: Optional[int] = None) -> Token:
            return Token(kind, t, 0, "", raw, label, is_exact, width, False,
                         start, start + len(t) if end is None else end)

        if exact and text.replace(" ", "") in BLANK_MARKS:
            return [tok(BLANK, text, is_exact=True)]
        if text in BLANK_MARKS and text != "" and width == 1:
            return [tok(BLANK, text)]
        if not text:
            return []
        if exact and NUMBER.match(text):
            return [tok(VALUE, text, is_exact=True)]
        for name, rx in self._bare:
            if rx.match(text.replace(" ", "")):
                t = tok(LABEL, text, name)
                t.bare = True
                return [t]
        out: list[Token] = []
        pos = 0
        for m in self._regex.finditer(text):
            before = text[pos:m.start()]
            if exact and pos == 0 and before.strip():
                out.append(tok(TEXT, before.strip()))   # "数据1" in a header cell is no figure
            else:
                out.extend(self._loose(before, tok, pos))
            out.append(tok(LABEL, m.group(0), self._names[m.lastgroup], start=m.start()))
            pos = m.end()
        if exact and pos == 0:
            return [tok(TEXT, text)]
        out.extend(self._loose(text[pos:], tok, pos))
        return out

    @staticmethod
    def _loose(segment: str, tok, base: int = 0) -> list[Token]:
        """Numbers and text in a piece of cell text that holds no label; `base` is the piece's
        offset in the cell's normalised text."""
        out: list[Token] = []
        pos = 0

        def piece(a: int, b: int, figures_around: bool) -> None:
            text = segment[a:b].strip()
            if not text:
                return
            if figures_around and _BLANK_SEQ.fullmatch(text):
                # `0 / - 72 0 72`: blank cells printed as marks between (or after) the figures
                # of a flattened row are blank cells, not text that ends the row.
                for m in _BLANK_MARK.finditer(segment, a, b):
                    out.append(tok(BLANK, m.group(0), start=base + m.start()))
                return
            out.append(tok(TEXT, text))

        for m in RUN_RE.finditer(segment):
            piece(pos, m.start(), pos > 0 or base > 0)
            out.append(tok(VALUE if m.group("grouped") else RUN, m.group(0), start=base + m.start()))
            pos = m.end()
        piece(pos, len(segment), pos > 0)
        return out
