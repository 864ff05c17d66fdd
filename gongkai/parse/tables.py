"""Grid → canonical cells: find each table's region in the token stream, read its rows, solve.

Pure: takes rows of cells (from any reader) and a format version, returns cells, provenance and
warnings. The steps are tokens.py (label and figure tokens) → splitter.py (row readings) →
solver.py (identities choose) → here (regions, row collection, positional fill, final cells).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from gongkai.model import CellSource
from gongkai.parse import solver
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS, T4_GROUPS, RowDef
from gongkai.parse.source import Row
from gongkai.parse.splitter import RowReading, read_row
from gongkai.parse.tokens import BLANK, LABEL, RUN, TEXT, VALUE, Token, tokenizer_for

MAX_TEXT_BEFORE_FIGURES = 2      # label cells split in two, or a note cell, before the figures
MAX_TEXT_LEN_BEFORE_FIGURES = 40
FIGURE_KINDS = (VALUE, BLANK, RUN)
T3_ROW_GROUP = (tuple(range(7)),)                                     # total = Σ six applicant cols
NO_DETAIL = "the source does not determine them"
T4_BLOCKS = tuple(tuple(range(i, i + 5)) for i in (0, 5, 10))


@dataclass
class TableResult:
    cells: dict[str, Optional[float]] = field(default_factory=dict)
    provenance: dict[str, CellSource] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)       # tables with at least one row located
    blank_cells: set[str] = field(default_factory=set)  # cells read as 0 from a blank


def _first(tokens: list[Token], start: int, end: int, pred) -> Optional[int]:
    for i in range(start, end):
        if pred(tokens[i]):
            return i
    return None


def _is(prefix: str):
    return lambda t: t.kind == LABEL and t.label is not None and t.label.startswith(prefix)


@dataclass
class Regions:
    t2: tuple[int, int]
    t3: tuple[int, int]
    t4: tuple[int, int]


def find_regions(tokens: list[Token]) -> Regions:
    """Where each table lies: T2 from its first 第二十条 caption, T3 from its first row label,
    T4 from its section heading (or its 行政复议 header), all ending at section 五/六."""
    n = len(tokens)
    is_label = lambda name: lambda t: t.kind == LABEL and t.label == name  # noqa: E731
    trusted_t3 = lambda t: _is("t3:")(t) and not t.bare  # noqa: E731
    t2_start = _first(tokens, 0, n, _is("caption"))
    t3_start = _first(tokens, t2_start or 0, n, is_label("t3:new_received"))
    if t3_start is None:
        t3_start = _first(tokens, t2_start or 0, n, trusted_t3)
    if t2_start is None:   # no caption: the last 主动公开 heading before table 3
        t2_start = max((i for i in range(0, t3_start if t3_start is not None else n)
                        if is_label("heading:t2")(tokens[i])), default=None)
    anchor = t3_start if t3_start is not None else (t2_start or 0)
    t4_start = _first(tokens, anchor, n, is_label("heading:t4"))
    if t4_start is None:
        last_t3 = max((i for i in range(anchor, n) if trusted_t3(tokens[i])), default=anchor)
        t4_start = _first(tokens, last_t3 + 1, n, lambda t: t.kind == TEXT and "行政复议" in t.text)
    end = _first(tokens, (t4_start if t4_start is not None else anchor) + 1, n,
                 lambda t: t.kind == LABEL and t.label in ("heading:problems", "heading:other_matters"))
    end = end if end is not None else n
    t3_end = t4_start if t4_start is not None else end
    t3_begin = t3_start if t3_start is not None else t3_end
    t2_end = t3_begin
    return Regions((t2_start if t2_start is not None else t2_end, t2_end),
                   (t3_begin, t3_end),
                   (t4_start if t4_start is not None else end, end))


def collect_figures(tokens: list[Token], i: int, end: int) -> list[Token]:
    """The figure tokens that belong to the label at i (docs/report-format.md §6.13–6.14)."""
    label = tokens[i]
    figures: list[Token] = []
    skipped = 0
    for t in tokens[i + 1:end]:
        if t.kind == LABEL:
            break
        if t.kind == TEXT:
            if figures or skipped >= MAX_TEXT_BEFORE_FIGURES or len(t.text) > MAX_TEXT_LEN_BEFORE_FIGURES:
                break
            skipped += 1
            continue
        if not figures and t.row != label.row and label.row_width > 1:
            break      # a label in a multi-cell row owns only figures of that row
        if figures and t.row != figures[-1].row and figures[-1].row_width > 1:
            break      # figures of one table row never continue into the next row
        figures.append(t)
    return figures


@lru_cache(maxsize=None)
def _cell_kinds(version: str) -> dict[str, str]:
    """Cell key → "int" | "signed" | "decimal", built once per format (read-only)."""
    return {c.key: c.kind for c in FORMATS[version].cells}


class TableReader:
    def __init__(self, version: str):
        self.version = version
        self.fmt = FORMATS[version]
        self.tokenizer = tokenizer_for(version)
        self.kinds = _cell_kinds(version)

    def read(self, rows: list[Row]) -> TableResult:
        tokens = self.tokenizer.tokens(rows)
        regions = find_regions(tokens)
        result = TableResult()
        for key in self.fmt.cell_keys:
            result.cells[key] = None
        self._read_t2(tokens, regions.t2, result)
        self._read_t3(tokens, regions.t3, result)
        self._read_t4(tokens, regions.t4, result)
        return result

    # ------------------------------------------------------------------ helpers
    def _labelled_rows(self, tokens: list[Token], region: tuple[int, int], table: str,
                       defs: dict[str, RowDef], result: TableResult):
        """(position, row def, figures) for each row label in the region that has figures."""
        found: dict[str, tuple[int, RowDef, list[Token]]] = {}
        consumed: set[int] = set()
        start, end = region
        for i in range(start, end):
            t = tokens[i]
            if t.kind != LABEL or not t.label or not t.label.startswith(table + ":"):
                continue
            key = t.label.split(":", 1)[1]
            figures = collect_figures(tokens, i, end)
            if not figures:
                continue
            consumed.update(id(f) for f in figures)
            if key in found:
                result.warnings.append(("duplicate_row", f"{table}.{key} appears again at "
                                        f"{t.where}; kept the first at {found[key][2][0].where}"))
                continue
            found[key] = (i, defs[key], figures)
        return found, consumed

    def _emit(self, table: str, row: str, cols, values: list[Optional[solver.Resolved]],
              result: TableResult, reading: Optional[RowReading] = None) -> None:
        """Store a row's cells; `reading` describes the cells left null (only then: it costs)."""
        missing = []
        for col, v in zip(cols, values):
            key = f"{table}.{row}.{col}"
            if v is None:
                missing.append(col)
                continue
            # "12.0" in a count column is the count 12; money columns keep their decimals.
            integral = (isinstance(v.value, float) and v.value.is_integer()
                        and self.kinds.get(key) != "decimal")
            result.cells[key] = int(v.value) if integral else v.value
            tok = v.figure.token
            result.provenance[key] = CellSource(tok.raw, tok.where)
            if v.flag == "blank":
                result.blank_cells.add(key)
                result.warnings.append(("blank_as_zero", f"{key} was blank ({tok.where}); read as 0"))
            elif v.flag == "derived":
                result.warnings.append(("derived_total", f"{key} was blank ({tok.where}); "
                                        f"took the sum of its parts, {v.value}"))
        if missing:
            detail = self._describe(reading) if reading is not None else NO_DETAIL
            result.warnings.append(("ambiguous_split", f"{table}.{row}: {', '.join(missing)} left "
                                    f"null; {detail}"))
        result.found.add(table)     # located, even where its figures stayed ambiguous

    @staticmethod
    def _describe(reading: RowReading) -> str:
        cuts = ["/".join(str(f.value) for f in c) for c in reading.candidates[:4]]
        more = "…" if len(reading.candidates) > 4 else ""
        src = reading.candidates[0][0].token if reading.candidates else None
        where = f" at {src.where}" if src else ""
        return f"the printed digits{where} can be read {len(reading.candidates)} ways ({'; '.join(cuts)}{more})"

    @staticmethod
    def _warn_extra_rows(tokens, region, consumed, table: str, result: TableResult) -> None:
        """Rows the format does not have (e.g. 其他主动公开文件, docs/report-format.md §6.8) stay out of the cells,
        but are named so nobody wonders where their figures went."""
        start, end = region
        rows: dict[int, list[Token]] = {}
        for t in tokens[start:end]:
            if t.row_width > 1:        # a one-cell line is never a table row of its own
                rows.setdefault(t.row, []).append(t)
        for toks in rows.values():
            if toks[0].kind != TEXT:
                continue
            figures = [t for t in toks if t.kind in (VALUE, RUN) and id(t) not in consumed]
            if figures and not any(t.kind == LABEL for t in toks):
                result.warnings.append(("extra_row", f"{table}: row '{toks[0].text}' at "
                                        f"{toks[0].where} is not in the format; its figures "
                                        f"({' '.join(f.text for f in figures)}) were not used"))

    # ------------------------------------------------------------------ table 2
    def _read_t2(self, tokens, region, result: TableResult) -> None:
        defs = {r.key: r for r in self.fmt.t2_rows}
        found, consumed = self._labelled_rows(tokens, region, "t2", defs, result)
        self._warn_extra_rows(tokens, region, consumed, "t2", result)
        for key, (_, rowdef, figures) in found.items():
            reading = read_row(figures, rowdef.kinds, f"t2.{key}")
            result.warnings.extend(reading.notes)
            resolved = [solver.resolve_blanks(c, ()) for c in reading.candidates]
            if not resolved:
                continue
            self._emit("t2", key, rowdef.cols, solver.agree(resolved, len(rowdef.cols)), result,
                       reading)

    # ------------------------------------------------------------------ table 3
    def _read_t3(self, tokens, region, result: TableResult) -> None:
        rowdefs = self.fmt.t3_rows
        order = [r.key for r in rowdefs]
        defs = {r.key: r for r in rowdefs}
        found, consumed = self._labelled_rows(tokens, region, "t3", defs, result)
        figures_by_key = {k: f for k, (_, _, f) in found.items()}
        self._fill_unlabelled_rows(tokens, region, consumed, found, order, figures_by_key, result)
        self._warn_extra_rows(tokens, region, consumed, "t3", result)

        readings = {k: read_row(f, defs[k].kinds, f"t3.{k}") for k, f in figures_by_key.items()}
        for r in readings.values():
            result.warnings.extend(r.notes)
        choices = {k: solver.row_choices(r, T3_ROW_GROUP) for k, r in readings.items() if r.candidates}
        results_rows = tuple(k for k in order
                             if k not in ("new_received", "carried_over", "total_processed",
                                          "carried_forward"))
        identities = [(("new_received", "carried_over"), ("total_processed", "carried_forward")),
                      (("total_processed",), results_rows)]
        chosen, how = solver.solve_columns(choices, identities, len(T3_COLS))
        for key, rs in chosen.items():
            if how == "identities" and len(rs) == 1 and len(readings[key].candidates) > 1:
                result.warnings.append(("split_by_identities", f"t3.{key}: "
                                        f"{self._describe(readings[key])}; only one "
                                        "satisfies the table's identities"))
            self._emit("t3", key, T3_COLS, solver.agree(rs, len(T3_COLS)), result, readings[key])

    def _fill_unlabelled_rows(self, tokens, region, consumed, found, order, figures_by_key,
                              result: TableResult) -> None:
        """Rows of figures that lost their label fill, in order, the gaps between labelled rows."""
        start, end = region
        by_row: dict[int, list[Token]] = {}
        for t in tokens[start:end]:
            if id(t) in consumed:
                continue
            by_row.setdefault(t.row, []).append(t)
        orphans = []
        for r, toks in sorted(by_row.items()):
            # Leading text that matched no label (a label broken across lines) is kept as a hint.
            lead = 0
            while lead < len(toks) and toks[lead].kind == TEXT:
                lead += 1
            figures = toks[lead:]
            if (toks[0].row_width > 1 and figures and all(t.kind in (VALUE, BLANK) for t in figures)
                    and sum(t.kind == VALUE for t in figures) >= len(T3_COLS) - 1
                    and len(figures) >= len(T3_COLS)):
                orphans.append((tokens.index(toks[0]), figures, "".join(t.text for t in toks[:lead])))
        if not orphans:
            return
        labelled = sorted((pos, order.index(k)) for k, (pos, _, _) in found.items())
        for pos, toks, fragment in orphans:
            before = max((idx for p, idx in labelled if p < pos), default=-1)
            after = min((idx for p, idx in labelled if p > pos), default=len(order))
            gap = [order[i] for i in range(before + 1, after) if order[i] not in figures_by_key]
            if not gap:
                result.warnings.append(("orphan_row", f"a row of figures at {toks[0].where} has no "
                                        "label and no free place between its neighbours; ignored"))
                continue
            key = gap[0]
            figures_by_key[key] = toks
            consumed.update(id(t) for t in toks)
            labelled.append((pos, order.index(key)))
            labelled.sort()
            hint = f" (its label reads only '{fragment}')" if fragment else ""
            result.warnings.append(("row_label_inferred", f"t3.{key}: the row at {toks[0].where} "
                                    f"has no recognisable label{hint}; placed by its position "
                                    "between labelled rows"))

    # ------------------------------------------------------------------ table 4
    def _read_t4(self, tokens, region, result: TableResult) -> None:
        start, end = region
        figures: list[Token] = []
        rows_seen: dict[int, list[Token]] = {}
        for t in tokens[start:end]:
            if t.kind in (VALUE, BLANK, RUN):
                rows_seen.setdefault(t.row, []).append(t)
        for r, toks in rows_seen.items():
            if any(t.kind != BLANK for t in toks):
                figures.extend(toks)
            if len(figures) >= len(T4_COLS):
                break
        if not figures:
            return
        reading = read_row(figures, ("int",) * len(T4_COLS), "t4.cases")
        result.warnings.extend(reading.notes)
        if not reading.candidates:
            return
        choice = solver.row_choices(reading, T4_BLOCKS)
        if len(reading.candidates) > 1 and choice.consistent and len(choice.readings) == 1:
            result.warnings.append(("split_by_identities", f"t4.cases: {self._describe(reading)}; "
                                    "only one satisfies the T4 sums"))
        self._emit("t4", "cases", T4_COLS, solver.agree(choice.readings, len(T4_COLS)), result,
                   reading)
