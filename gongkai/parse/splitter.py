"""Stage 2: the figure tokens after one row label → candidate value vectors for that row.

Exact cells give one figure each. A digit *run* from flattened text may hold several figures
(`640020470` = 64,0,0,2,0,4,70, docs/report-format.md §6.12); every way of cutting it that yields valid numbers is a
candidate, and the table's identities later pick among them (solver.py). Nothing here guesses: a
row either has candidates or is reported as unreadable.

A row that prints fewer figures than it has columns lost its empty cells when it was flattened
(`本年新收 | 3 | | 3 |` → `本年新收 3 3`). Its figures are never placed by order: every order-keeping
placement of them into the columns is a candidate (the columns left over are *lost* blanks), and
only the identities may choose one (`placements`). A row cut off by the end of the document
(`read_row(..., truncated=True)`) keeps only the cells its text certainly reaches; the rest are
*unreached* and stay null.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from gongkai.parse.tokens import BLANK, RUN, NUMBER, Token
from gongkai.limits import check_time

Number = Union[int, float]
_PART = re.compile(r"^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?$")
_UNIT = re.compile(r"(万元|元|件|条|个|项|次)$")
MAX_CANDIDATES = 20000   # beyond this many cuts (or placements) a row is too ambiguous to resolve

# Figure.state: how the cell's content is known.
PRINTED = ""             # a printed figure, or a blank the text shows (an empty cell, "-", "无" …)
LOST = "lost"            # not in the text: an empty cell that collapsed when the table was flattened
UNREACHED = "unreached"  # not in the text: the document ends before this cell


@dataclass(frozen=True)
class Figure:
    """One cell's value in one candidate reading of a row."""
    value: Optional[Number]   # None: blank in the source (resolved to 0 or a sum later) or unknown
    token: Token
    state: str = PRINTED
    # [start, end) of the characters read for this cell in its source cell's normalised text (a
    # part of a cut run gets its own digits); None when no printed characters are its own (a
    # cell lost in flattening, unreached, or one of a zero row's zeros placed anywhere).
    span: Optional[tuple[int, int]] = None


def _span(t: Token) -> tuple[int, int]:
    """A whole token's span; a run without its unit (the digits read)."""
    if t.kind == RUN:
        return t.start, t.start + len(_UNIT.sub("", t.text))
    return t.start, t.end


@dataclass
class RowReading:
    candidates: list[tuple[Figure, ...]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (warning code, detail)
    capped: bool = False
    # How the candidates were made: "cells" one figure per cell, "cuts" runs cut (§6.12),
    # "placements" fewer figures than columns placed every possible way, "zero_row" only zeros and
    # blanks printed, "truncated" the document ends inside the row.
    mode: str = "cells"
    chunks: list[Token] = field(default_factory=list)   # the trimmed figure tokens (placements fallback)


@lru_cache(maxsize=65536)   # a few printed figures ("0", "1", "12") make up most cells
def to_number(text: str) -> Optional[Number]:
    """A printed figure → int or float; None when it is not one number."""
    m = NUMBER.match(text.replace(" ", ""))
    if not m:
        return None
    sign, whole, frac, _unit = m.groups()
    whole = whole.replace(",", "")
    if frac:
        return float(f"{sign}{whole}{frac}")
    return int(f"{sign}{whole}")


def _part_value(part: str) -> Number:
    """A cut already checked by _valid_part → its number."""
    return float(part) if "." in part else int(part)


def _valid_part(part: str, kind: str) -> bool:
    if not _PART.match(part):
        return False
    if "." in part and kind != "decimal":
        return False
    if part[0] in "+-" and kind != "signed":
        return False
    return True


def _cuts(s: str, k: int, kinds: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every way to cut `s` into k valid numbers (no leading zeros, decimals only where allowed)."""
    if k == 1:
        if _valid_part(s, kinds[0]):
            yield (s,)
        return
    for i in range(1, len(s) - k + 2):
        head = s[:i]
        if not _valid_part(head, kinds[0]) or s[i] == ".":
            continue
        for rest in _cuts(s[i:], k - 1, kinds[1:]):
            yield (head,) + rest


def _trim(chunks: list[Token], n: int, notes: list) -> list[Token]:
    """More cells than columns: drop trailing then leading blanks, then keep the last n (§6.13)."""
    chunks = list(chunks)
    while len(chunks) > n and chunks[-1].kind == BLANK:
        chunks.pop()
    while len(chunks) > n and chunks[0].kind == BLANK:
        chunks.pop(0)
    if len(chunks) > n:
        dropped = chunks[: len(chunks) - n]
        notes.append(("extra_cells", f"{len(dropped)} extra cell(s) before the figures "
                      f"({', '.join(t.text for t in dropped)}) at {dropped[0].where}; kept the last {n}"))
        chunks = chunks[len(chunks) - n:]
    return chunks


def _one_figure_each(chunks: list[Token], kinds: tuple[str, ...]) -> Optional[tuple[Figure, ...]]:
    """The only reading when there are as many chunks as cells (each chunk holds at least one
    digit, so no run can take two figures); None when a chunk is not a valid figure."""
    figures = []
    for t, kind in zip(chunks, kinds):
        if t.kind == BLANK:
            value = None
        elif t.kind == RUN:
            body = _UNIT.sub("", t.text)
            if not _valid_part(body, kind):
                return None
            value = _part_value(body)
        else:
            value = to_number(t.text)
            if value is None:
                return None
        figures.append(Figure(value, t, PRINTED, _span(t)))
    return tuple(figures)


def _cells_intact(chunks: list[Token], n: int) -> bool:
    """Whether the figures come from one source row of true cells wide enough for a label and n
    figures: then a figure missing is an unreadable cell, never one lost in flattening."""
    return (all(t.exact for t in chunks) and len({t.row for t in chunks}) == 1
            and chunks[0].row_width >= n + 1)


def _capacity(t: Token) -> int:
    """How many figures a token can hold: a run one per digit, anything else one."""
    return len(re.sub(r"\D", "", _UNIT.sub("", t.text))) if t.kind == RUN else 1


def read_row(chunks: list[Token], kinds: tuple[str, ...], label: str,
             truncated: bool = False, shifted: bool = False) -> RowReading:
    """All readings of a row's figure tokens as len(kinds) cells. `truncated`: the document ends
    on this row's last chunk, so a row with fewer chunks than columns was cut off (whatever its
    runs could hold), not collapsed. `shifted`: a cell of the row held something else (the next
    row's label number), so its whole cells no longer stand one per column."""
    n = len(kinds)
    reading = RowReading()
    chunks = _trim(chunks, n, reading.notes)
    reading.chunks = chunks
    if truncated and len(chunks) < n:
        _read_truncated(chunks, kinds, label, reading)
        return reading
    if len(chunks) == n:          # the usual row: one token per cell, nothing to cut
        check_time()
        only = _one_figure_each(chunks, kinds)
        if only is not None:
            reading.candidates.append(only)
        else:
            reading.notes.append(_unreadable(label, chunks, n))
        return reading
    _read_by_cuts(chunks, kinds, label, reading, intact=not shifted and _cells_intact(chunks, n))
    return reading


def _read_by_cuts(chunks: list[Token], kinds: tuple[str, ...], label: str,
                  reading: RowReading, intact: bool = False) -> None:
    """Fill `reading` with every way of cutting the chunks (already trimmed) into len(kinds) cells;
    a row whose figures cannot fill its columns goes to placements()."""
    n = len(kinds)
    capacity = sum(_capacity(t) for t in chunks)
    if capacity < n and chunks and intact:
        # Whole cells, as many as the table has columns: no empty cell collapsed, so the missing
        # figure is a cell that holds something unreadable ("1e9", "二十六"). Never placed.
        reading.notes.append(("missing_cells", f"{label}: {capacity} figure(s) for {n} columns "
                              f"at {chunks[0].where} ({' '.join(t.text for t in chunks)}) in a row "
                              "of whole cells; a cell holds no readable figure; row left unread"))
        return
    if capacity < n:
        printed = [t for t in chunks if t.kind != BLANK]
        if chunks and all(to_number(t.text) == 0 for t in printed):
            # Only zeros and blanks printed: every placement of them gives 0 in every cell.
            anchor = chunks[0]
            reading.mode = "zero_row"
            reading.candidates = [tuple(Figure(0, anchor) if i < len(printed) else
                                        Figure(None, anchor, LOST) for i in range(n))]
            reading.notes.append(("zero_row", f"{label}: {len(chunks)} of {n} cells printed, all "
                                  f"zero or blank, at {anchor.where}; every cell read as 0"))
        elif chunks:
            placements(chunks, kinds, label, reading)
        return

    reading.mode = "cuts" if len(chunks) < n else "cells"
    caps = [_capacity(t) for t in chunks]
    cap_after = [sum(caps[i + 1:]) for i in range(len(chunks))]

    def walk(i: int, p: int, acc: tuple[Figure, ...]) -> Iterator[tuple[Figure, ...]]:
        if i == len(chunks):
            if p == n:
                yield acc
            return
        t = chunks[i]
        left_after = len(chunks) - i - 1
        if t.kind != RUN:
            if p < n:
                value = None if t.kind == BLANK else to_number(t.text)
                if t.kind != BLANK and value is None:
                    return
                yield from walk(i + 1, p + 1, acc + (Figure(value, t, PRINTED, _span(t)),))
            return
        body = _UNIT.sub("", t.text)
        # This run takes k figures: at least what the later chunks cannot hold, at most its digits.
        k_min = max(1, n - p - cap_after[i])
        k_max = min(caps[i], n - p - left_after)
        for k in range(k_min, k_max + 1):
            for parts in _cuts(body, k, kinds[p:p + k]):
                figs = tuple(Figure(_part_value(x), t, PRINTED, sp)
                             for x, sp in zip(parts, _part_spans(t, parts)))
                yield from walk(i + 1, p + k, acc + figs)

    for cand in walk(0, 0, ()):
        check_time()
        reading.candidates.append(cand)
        if len(reading.candidates) >= MAX_CANDIDATES:
            reading.capped = True
            reading.notes.append(("too_many_splits", f"{label}: the run of digits at "
                                  f"{chunks[0].where} can be cut more than {MAX_CANDIDATES} ways"))
            reading.candidates = []
            break
    if not reading.candidates and not reading.capped:
        reading.notes.append(_unreadable(label, chunks, n))


def _part_spans(t: Token, parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """The span of each part of a cut run: the parts are the run's digits in order."""
    out, at = [], t.start
    for x in parts:
        out.append((at, at + len(x)))
        at += len(x)
    return out


def _sequences(chunks: list[Token], max_len: int) -> Iterator[tuple]:
    """Every reading of the chunks as a sequence of at most max_len (value, token, span) figures:
    a run cut every way (its parts as text, checked against a column's kind when placed), a
    printed figure as its number, a blank chunk as None."""
    def walk(i: int, acc: tuple) -> Iterator[tuple]:
        if i == len(chunks):
            yield acc
            return
        t = chunks[i]
        if len(acc) >= max_len:
            return
        if t.kind == BLANK:
            yield from walk(i + 1, acc + ((None, t, _span(t)),))
            return
        if t.kind != RUN:
            value = to_number(t.text)
            if value is not None:
                yield from walk(i + 1, acc + ((value, t, _span(t)),))
            return
        body = _UNIT.sub("", t.text)
        loose_kind = "signed" if body[:1] in "+-" else "decimal"   # the most a part may be
        for k in range(1, min(_capacity(t), max_len - len(acc)) + 1):
            for parts in _cuts(body, k, (loose_kind,) * k):
                yield from walk(i + 1, acc + tuple((p, t, sp) for p, sp in
                                                   zip(parts, _part_spans(t, parts))))
    yield from walk(0, ())


def placements(chunks: list[Token], kinds: tuple[str, ...], label: str,
               reading: RowReading) -> None:
    """Fill `reading` with every order-keeping placement of the chunks' figures into len(kinds)
    columns, the columns left over being lost blanks (empty cells collapsed in flattening)."""
    n = len(kinds)
    reading.mode = "placements"
    reading.candidates = []
    if not chunks:
        return
    seen: set[tuple] = set()
    anchor = chunks[0]
    lost = Figure(None, anchor, LOST)
    for seq in _sequences(chunks, n):
        for cols in itertools.combinations(range(n), len(seq)):
            check_time()
            cand: list[Figure] = [lost] * n
            for (value, tok, span), col in zip(seq, cols):
                if isinstance(value, str):       # a part of a run: valid in this column?
                    if not _valid_part(value, kinds[col]):
                        break
                    value = _part_value(value)
                cand[col] = Figure(value, tok, PRINTED, span)
            else:
                key = tuple((f.value, f.state) for f in cand)
                if key in seen:
                    continue
                seen.add(key)
                reading.candidates.append(tuple(cand))
                if len(reading.candidates) >= MAX_CANDIDATES:
                    reading.capped = True
                    reading.candidates = []
                    reading.notes.append(("too_many_splits", f"{label}: the {len(chunks)} figure "
                                          f"token(s) at {anchor.where} can be placed in the {n} "
                                          f"columns more than {MAX_CANDIDATES} ways"))
                    return
    if not reading.candidates:
        reading.notes.append(_unreadable(label, chunks, n))


def _read_truncated(chunks: list[Token], kinds: tuple[str, ...], label: str,
                    reading: RowReading) -> None:
    """The document ends inside this row, which prints fewer chunks than columns. Empty cells may
    also have collapsed, so a figure could sit in any later column; but whatever stands before the
    first non-zero figure is 0 in every placement. Only those leading zeros and blanks are kept
    (the very last one only if it is a printed 0 in a count column: the cut may have taken the
    rest of a figure, or opened a cell it never filled); every other cell is unreached."""
    n = len(kinds)
    reading.mode = "truncated"
    if not chunks:
        return
    figs: list[Figure] = []
    for t in chunks:
        if t.kind == BLANK:
            figs.append(Figure(None, t, PRINTED, _span(t)))
            continue
        body = _UNIT.sub("", t.text) if t.kind == RUN else t.text
        # A printed 0 here is 0 in every placement, but which cell it sat in is not known: the
        # cell may instead have been an empty one that collapsed (state LOST: warned as a fill).
        if t.kind == RUN and body and set(body) == {"0"}:
            figs.extend(Figure(0, t, LOST, (t.start + j, t.start + j + 1))   # "00": two zeros
                        for j in range(len(body)))
        elif t.kind != RUN and to_number(t.text) == 0:
            figs.append(Figure(0, t, LOST, _span(t)))
        else:
            break
    figs = figs[:n]
    while figs and figs[-1].token is chunks[-1] and not (
            figs[-1].value == 0 and kinds[len(figs) - 1] != "decimal"):
        figs.pop()
    reading.candidates = [tuple(figs) + tuple(Figure(None, chunks[0], UNREACHED)
                                              for _ in range(n - len(figs)))]


def _unreadable(label: str, chunks: list[Token], n: int) -> tuple[str, str]:
    return ("unreadable_row", f"{label}: no valid reading of "
            f"{' '.join(t.text for t in chunks)} as {n} figures at {chunks[0].where}")


def consensus(candidates: list[tuple[Figure, ...]], n: int) -> list[Optional[Figure]]:
    """Per cell: the figure every candidate agrees on, else None (ambiguous)."""
    if not candidates:
        return [None] * n
    out: list[Optional[Figure]] = []
    for i in range(n):
        values = {c[i].value for c in candidates}
        out.append(candidates[0][i] if len(values) == 1 else None)
    return out
