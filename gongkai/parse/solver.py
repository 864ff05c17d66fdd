"""Stage 3: choose among a table's candidate row readings with the format's own identities (§5).

Only where exactly one reading survives (or every surviving reading agrees on a cell) does a figure
become a number; anything else stays null with a warning. Blank cells are resolved here as the
contract says: a blank total whose parts are printed is their sum (`derived_total`), any other blank
is 0 (`blank_as_zero`). A cell lost in flattening (a placement's left-over column) is a blank the
same way; a cell the text never reaches (the document ends first) stays None, and every identity
that needs it is left unchecked.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from gongkai.parse.splitter import LOST, UNREACHED, Figure, Number, RowReading
from gongkai.limits import check_time

MAX_COMBINATIONS = 200_000


@dataclass(frozen=True)
class Resolved:
    value: Optional[Number]   # None only for a cell the text never reaches
    # "" printed | "blank" read as 0 (a shown blank, or figure.state LOST: an empty cell lost in
    # flattening) | "derived" blank total = sum of parts | "unreached" the text ends before it
    flag: str
    figure: Figure


Reading = tuple[Resolved, ...]


def resolve_blanks(cand: tuple[Figure, ...], groups: Sequence[tuple[int, ...]]) -> Reading:
    """groups: index tuples whose last index is the total of the others (T3 row, T4 blocks)."""
    out: list[Optional[Resolved]] = [None] * len(cand)
    total_of = {g[-1]: g[:-1] for g in groups}
    for i, fig in enumerate(cand):
        if fig.value is not None:     # a figure; LOST: a 0 that may stand for a collapsed blank
            out[i] = Resolved(fig.value, "blank" if fig.state == LOST else "", fig)
        elif fig.state == UNREACHED:
            out[i] = Resolved(None, "unreached", fig)
    for i, fig in enumerate(cand):
        if out[i] is not None:
            continue
        parts = total_of.get(i)
        if parts and any(cand[j].state == UNREACHED for j in parts):
            out[i] = Resolved(None, "unreached", fig)      # parts unknown: no sum to take
        elif parts and any(cand[j].value is not None for j in parts):
            out[i] = Resolved(sum(cand[j].value or 0 for j in parts), "derived", fig)
        else:
            out[i] = Resolved(0, "blank", fig)
    return tuple(out)  # type: ignore[return-value]


def _sums_hold(reading: Reading, groups: Sequence[tuple[int, ...]]) -> bool:
    """Every group's total equals the sum of its parts (a group with an unreached cell is not
    checked: nothing is known against it)."""
    for g in groups:
        values = [reading[j].value for j in g]
        if None in values:
            continue
        if values[-1] != sum(values[:-1]):
            return False
    return True


@dataclass
class RowChoice:
    readings: list[Reading]       # the readings still standing for this row
    consistent: bool              # whether they satisfy the row's own identities


def row_choices(reading: RowReading, groups: Sequence[tuple[int, ...]],
                strict: bool = False) -> RowChoice:
    """The readings that satisfy the row's own identities. When none does, the report may be
    inconsistent as printed: every reading is kept (the cells they share stay) — unless `strict`
    (the readings are hypotheses, e.g. placements, that the identities refute): then none is."""
    resolved = [resolve_blanks(c, groups) for c in reading.candidates]
    good = [r for r in resolved if _sums_hold(r, groups)]
    if good:
        return RowChoice(good, True)
    return RowChoice([] if strict else resolved, False)


ColumnIdentity = tuple[tuple[str, ...], tuple[str, ...]]   # Σ lhs rows = Σ rhs rows, per column


def solve_columns(rows: dict[str, RowChoice], identities: list[ColumnIdentity],
                  width: int) -> tuple[dict[str, list[Reading]], str]:
    """Pick one reading per row so that every usable column identity holds.

    Returns the readings that took part in some solution, per row, and how it was decided:
    "unique" (nothing to choose), "identities" (the identities chose), or "unresolved".
    """
    usable = [(lhs, rhs) for lhs, rhs in identities
              if all(k in rows and rows[k].readings for k in lhs + rhs)]
    open_rows = [k for k, c in rows.items() if len(c.readings) > 1]
    if not open_rows:
        return {k: c.readings for k, c in rows.items()}, "unique"
    if not usable:
        return {k: c.readings for k, c in rows.items()}, "unresolved"
    combos = 1
    for k in open_rows:
        combos *= len(rows[k].readings)
    if combos > MAX_COMBINATIONS:
        return {k: c.readings for k, c in rows.items()}, "unresolved"

    fixed = {k: c.readings[0] for k, c in rows.items() if len(c.readings) == 1}
    survivors: dict[str, set[int]] = {k: set() for k in open_rows}
    for pick in itertools.product(*(range(len(rows[k].readings)) for k in open_rows)):
        check_time()
        chosen = dict(fixed)
        chosen.update({k: rows[k].readings[i] for k, i in zip(open_rows, pick)})
        if all(_column_holds(chosen, lhs, rhs, c) for lhs, rhs in usable for c in range(width)):
            for k, i in zip(open_rows, pick):
                survivors[k].add(i)
    if not all(survivors.values()):
        return {k: c.readings for k, c in rows.items()}, "unresolved"
    out = {k: c.readings for k, c in rows.items()}
    for k in open_rows:
        out[k] = [rows[k].readings[i] for i in sorted(survivors[k])]
    return out, "identities"


def _column_holds(chosen: dict[str, Reading], lhs: tuple[str, ...], rhs: tuple[str, ...],
                  c: int) -> bool:
    left = [chosen[k][c].value for k in lhs]
    right = [chosen[k][c].value for k in rhs]
    if None in left or None in right:      # an unreached cell: nothing to check
        return True
    return sum(left) == sum(right)


def agree(readings: list[Reading], width: int) -> list[Optional[Resolved]]:
    """Per cell: the value all readings share, else None."""
    if not readings:
        return [None] * width
    if len(readings) == 1 and len(readings[0]) >= width:   # the usual case: nothing to compare
        return list(readings[0][:width])
    out: list[Optional[Resolved]] = []
    for i in range(width):
        values = {r[i].value for r in readings}
        if len(values) != 1:
            out.append(None)
            continue
        # Same value everywhere; if some reading filled it (a blank, a lost cell, a sum), say so.
        chosen = next((r[i] for r in readings if r[i].flag), readings[0][i])
        if len({(r[i].figure.token.row, r[i].figure.span) for r in readings}) > 1:
            # the readings agree on the value but read it from different characters: no span
            chosen = replace(chosen, figure=replace(chosen.figure, span=None))
        out.append(chosen)
    return out
