"""Stage 2: the figure tokens after one row label → candidate value vectors for that row.

Exact cells give one figure each. A digit *run* from flattened text may hold several figures
(`640020470` = 64,0,0,2,0,4,70, docs/report-format.md §6.12); every way of cutting it that yields valid numbers is a
candidate, and the table's identities later pick among them (solver.py). Nothing here guesses: a
row either has candidates or is reported as unreadable.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from gongkai.parse.tokens import BLANK, RUN, NUMBER, Token
from gongkai.limits import check_time

Number = Union[int, float]
_PART = re.compile(r"^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?$")
_UNIT = re.compile(r"(万元|元|件|条|个|项|次)$")
MAX_CANDIDATES = 20000   # beyond this many cuts a run is too ambiguous to resolve


@dataclass(frozen=True)
class Figure:
    """One cell's value in one candidate reading of a row."""
    value: Optional[Number]   # None: blank in the source (resolved to 0 or a sum later)
    token: Token


@dataclass
class RowReading:
    candidates: list[tuple[Figure, ...]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (warning code, detail)
    capped: bool = False


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
        figures.append(Figure(value, t))
    return tuple(figures)


def read_row(chunks: list[Token], kinds: tuple[str, ...], label: str) -> RowReading:
    """All readings of a row's figure tokens as len(kinds) cells."""
    n = len(kinds)
    reading = RowReading()
    chunks = _trim(chunks, n, reading.notes)
    if len(chunks) == n:          # the usual row: one token per cell, nothing to cut
        check_time()
        only = _one_figure_each(chunks, kinds)
        if only is not None:
            reading.candidates.append(only)
        else:
            reading.notes.append(_unreadable(label, chunks, n))
        return reading
    _read_by_cuts(chunks, kinds, label, reading)
    return reading


def _read_by_cuts(chunks: list[Token], kinds: tuple[str, ...], label: str,
                  reading: RowReading) -> None:
    """Fill `reading` with every way of cutting the chunks (already trimmed) into len(kinds) cells."""
    n = len(kinds)
    capacity = sum(len(re.sub(r"\D", "", _UNIT.sub("", t.text))) if t.kind == RUN else 1
                   for t in chunks)
    if capacity < n:
        printed = [t for t in chunks if t.kind != BLANK]
        if chunks and all(to_number(t.text) == 0 for t in printed):
            # Only zeros and blanks printed: every cell is 0 whatever column the zeros sat in.
            anchor = chunks[0]
            reading.candidates = [tuple(Figure(0 if i < len(printed) else None, anchor)
                                        for i in range(n))]
            reading.notes.append(("zero_row", f"{label}: {len(chunks)} of {n} cells printed, all "
                                  f"zero or blank, at {anchor.where}; every cell read as 0"))
        elif chunks:
            reading.notes.append(("missing_cells", f"{label}: {capacity} figure(s) for {n} columns "
                                  f"at {chunks[0].where} ({' '.join(t.text for t in chunks)}); "
                                  "row left unread"))
        return

    caps = [len(re.sub(r"\D", "", _UNIT.sub("", t.text))) if t.kind == RUN else 1 for t in chunks]
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
                yield from walk(i + 1, p + 1, acc + (Figure(value, t),))
            return
        body = _UNIT.sub("", t.text)
        # This run takes k figures: at least what the later chunks cannot hold, at most its digits.
        k_min = max(1, n - p - cap_after[i])
        k_max = min(caps[i], n - p - left_after)
        for k in range(k_min, k_max + 1):
            for parts in _cuts(body, k, kinds[p:p + k]):
                figs = tuple(Figure(_part_value(x), t) for x in parts)
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
