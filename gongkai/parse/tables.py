"""Grid → canonical cells: find each table's region in the token stream, read its rows, solve.

Pure: takes rows of cells (from any reader) and a format version, returns cells, provenance and
warnings. The steps are tokens.py (label and figure tokens) → splitter.py (row readings) →
solver.py (identities choose) → here (regions, row collection, positional fill, final cells).

Never a wrong number: a row that prints fewer figures than columns is read by placements (every
order-keeping one; the identities may pick one), a document that ends inside a table leaves the
cells it never reaches null (`truncated`), and every value that was filled in rather than printed
(a blank read as 0, a derived total, a row placed by position) has a warning naming its cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from functools import lru_cache
from typing import Optional

from gongkai.model import CellSource
from gongkai.parse import solver
from gongkai.parse.provenance import TextIndex, cell_source
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS, T4_HEADER_WORDS, GroupTotal, RowDef
from gongkai.parse.source import Row
from gongkai.parse.splitter import LOST, UNREACHED, Figure, RowReading, placements, read_row
from gongkai.parse.tokens import BLANK, LABEL, RUN, TEXT, VALUE, Token, tokenizer_for

MAX_TEXT_BEFORE_FIGURES = 2      # label cells split in two, or a note cell, before the figures
MAX_TEXT_LEN_BEFORE_FIGURES = 40
FIGURE_KINDS = (VALUE, BLANK, RUN)
T3_ROW_GROUP = (tuple(range(7)),)                                     # total = Σ six applicant cols
NO_DETAIL = "the source does not determine them"
T4_BLOCKS = tuple(tuple(range(i, i + 5)) for i in (0, 5, 10))
T3_NOT_RESULTS = ("new_received", "carried_over", "total_processed", "carried_forward")
# "2." / "、" left of a label whose number was split off; a label-like text after it.
_SUB_NUMBER = re.compile(r"^([1-9])[.、]")
_LABEL_PUNCT = (".", "、", "．")
_CJK_AFTER_PUNCT = re.compile(r"^[.、．]\s*[\u4e00-\u9fff]")
MAX_PLACEMENTS_SHOWN = 6
_CN_ITEM = {str(i): c for i, c in enumerate("一二三四五六七八九十", 1)}


@dataclass
class TableResult:
    cells: dict[str, Optional[float]] = field(default_factory=dict)
    provenance: dict[str, CellSource] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    found: set[str] = field(default_factory=set)       # tables with at least one row located
    blank_cells: set[str] = field(default_factory=set)  # cells read as 0 from a blank (shown or lost)
    unreached: list[str] = field(default_factory=list)  # cells of a row the document ends inside


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
    closed: bool = True        # a section 五/六 heading follows the tables
    started: tuple[bool, bool, bool] = (True, True, True)   # whether T2, T3, T4 were located


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
    closed = end is not None
    end = end if end is not None else n
    t3_end = t4_start if t4_start is not None else end
    t3_begin = t3_start if t3_start is not None else t3_end
    t2_end = t3_begin
    return Regions((t2_start if t2_start is not None else t2_end, t2_end),
                   (t3_begin, t3_end),
                   (t4_start if t4_start is not None else end, end),
                   closed, (t2_start is not None, t3_start is not None, t4_start is not None))


def _collect(tokens: list[Token], i: int, end: int) -> tuple[list[Token], int, int]:
    """The figure tokens that belong to the label at i (docs/report-format.md §6.13–6.14), the
    index where collecting stopped, and how many text tokens were skipped before the figures."""
    label = tokens[i]
    figures: list[Token] = []
    skipped = 0
    j = i + 1
    while j < end:
        t = tokens[j]
        if t.kind == LABEL:
            break
        if t.kind == TEXT:
            if figures or skipped >= MAX_TEXT_BEFORE_FIGURES or len(t.text) > MAX_TEXT_LEN_BEFORE_FIGURES:
                break
            skipped += 1
            j += 1
            continue
        if not figures and t.row != label.row and label.row_width > 1:
            break      # a label in a multi-cell row owns only figures of that row
        if figures and t.row != figures[-1].row and figures[-1].row_width > 1:
            break      # figures of one table row never continue into the next row
        figures.append(t)
        j += 1
    return figures, j, skipped


def collect_figures(tokens: list[Token], i: int, end: int) -> list[Token]:
    """The figure tokens that belong to the label at i (docs/report-format.md §6.13–6.14)."""
    return _collect(tokens, i, end)[0]


@lru_cache(maxsize=None)
def _cell_kinds(version: str) -> dict[str, str]:
    """Cell key → "int" | "signed" | "decimal", built once per format (read-only)."""
    fmt = FORMATS[version]
    return {c.key: c.kind for c in fmt.cells + fmt.group_cells}


@lru_cache(maxsize=None)
def _label_numbers(version: str) -> dict[str, str]:
    """T3 row key → the arabic sequence number its label starts with ("2.其他法律…" → "2")."""
    out = {}
    for r in FORMATS[version].t3_rows:
        m = _SUB_NUMBER.match(r.label)
        if m:
            out[r.key] = m.group(1)
    return out


def _digits(t: Token) -> str:
    return re.sub(r"\D", "", re.sub(r"(万元|元|件|条|个|项|次)$", "", t.text))


def _show(reading) -> str:
    """One reading (Resolved or Figure values) as printed in a warning: lost cells as '_'."""
    out = []
    for v in reading:
        fig = getattr(v, "figure", v)
        out.append("_" if fig.state == LOST else "" if v.value is None and fig.token.kind == BLANK
                   else "?" if v.value is None else str(v.value))
    return "/".join(out)


_PAGE = re.compile(r"^page (\d+) ")


def _at_page_break(tokens: list[Token], first: int, last: int) -> bool:
    """Loose lines next to a PDF page break: a figure there may be a page number, not a row."""
    if tokens[first].row_width > 1:
        return False
    pages = {m.group(1) for i in (first - 1, first, last, last + 1) if 0 <= i < len(tokens)
             for m in [_PAGE.match(tokens[i].where)] if m}
    return len(pages) > 1


def _loose_shape(toks: list[Token]):
    """A line of loose text as (leading text, figure tokens, trailing text), or None when it is not
    plain loose text (a table cell, a recognised label, text between figures)."""
    lead, figs, trail = [], [], []
    for t in toks:
        if t.exact or t.row_width > 1 or t.kind == LABEL:
            return None
        if t.kind == TEXT:
            (trail if figs else lead).append(t)
        elif trail:
            return None                  # text between figures: not one row
        else:
            figs.append(t)
    return "".join(t.text for t in lead), figs, "".join(t.text for t in trail)


def join_wrapped_labels(tokens: list[Token], tokenizer) -> tuple[list[Token], list[tuple[str, str]]]:
    """Row labels wrapped over two or three lines of loose text, as a PDF table drawn without ruling
    lines comes out (docs/report-format.md §6.27): `规范性` / `6 6 58` / `文件`, `其他对外` /
    `管理服务 40 2 654321` / `事项`, `行政事业 9 -1` / `性收费`. The pieces are joined when, and only
    when, together they are exactly one table-2/3 row label that none of them is alone; the label
    is put before the figures of the line that holds them (`label_wrapped`)."""
    lines: list[list[int]] = []
    for i, t in enumerate(tokens):
        if lines and tokens[lines[-1][0]].row == t.row:
            lines[-1].append(i)
        else:
            lines.append([i])
    if len(lines) < 2:
        return tokens, []
    shapes = [_loose_shape([tokens[i] for i in line]) for line in lines]
    regex, names = tokenizer._regex, tokenizer._names

    def row_label(text: str):
        m = regex.fullmatch(text) if text else None
        name = names[m.lastgroup] if m else None
        return name if name and name.startswith(("t2:", "t3:")) else None

    drop: set[int] = set()
    insert: dict[int, Token] = {}
    notes = []
    k = 0
    while k < len(lines) - 1:
        a, b = shapes[k], shapes[k + 1]
        c = shapes[k + 2] if k + 2 < len(lines) else None
        only_text = lambda s: s is not None and s[0] and not s[1]  # noqa: E731
        figs_no_trail = lambda s: s is not None and s[1] and not s[2]  # noqa: E731
        options = []
        if only_text(a) and figs_no_trail(b) and only_text(c):
            options.append((a[0] + b[0] + c[0], (k, k + 1, k + 2), k + 1))
        if only_text(a) and figs_no_trail(b) and b[0]:
            options.append((a[0] + b[0], (k, k + 1), k + 1))
        if a is not None and a[0] and figs_no_trail(a) and only_text(b):
            options.append((a[0] + b[0], (k, k + 1), k))
        for text, used, at in options:
            name = row_label(text)
            if name is None:
                continue
            for line in used:
                drop.update(i for i in lines[line] if tokens[i].kind == TEXT)
            first_fig = next(i for i in lines[at] if tokens[i].kind != TEXT)
            first_text = tokens[lines[used[0]][0]]
            insert[first_fig] = _replace(first_text, kind=LABEL, text=text, label=name,
                                         row=tokens[first_fig].row)
            notes.append(("label_wrapped", f"the row label '{text}' is printed over {len(used)} "
                          f"lines from {first_text.where}; read as one label ({name.replace(':', '.')})"))
            k += len(used) - 1
            break
        k += 1
    if not insert:
        return tokens, []
    out = []
    for i, t in enumerate(tokens):
        if i in insert:
            out.append(insert[i])
        if i not in drop:
            out.append(t)
    return out, notes


class TableReader:
    def __init__(self, version: str):
        self.version = version
        self.fmt = FORMATS[version]
        self.tokenizer = tokenizer_for(version)
        self.kinds = _cell_kinds(version)
        self.numbers = _label_numbers(version)

    def read(self, rows: list[Row]) -> TableResult:
        tokens, joined = join_wrapped_labels(self.tokenizer.tokens(rows), self.tokenizer)
        self._text_index = TextIndex(rows)     # figures' places in the document text (provenance)
        regions = find_regions(tokens)
        result = TableResult()
        for key in self.fmt.cell_keys:
            result.cells[key] = None
        result.warnings.extend(joined)
        # The figure the document ends on, if it ends on one: the row holding it may be cut off.
        self._last = tokens[-1] if tokens and tokens[-1].kind in FIGURE_KINDS else None
        # … or on text in the same row after its last figure (`| 84</` of an HTML cut mid-tag):
        # that row is cut off too.
        self._last_in_cut_row = self._last
        if tokens and self._last is None and not regions.closed:
            for t in reversed(tokens):
                if t.row != tokens[-1].row:
                    break
                if t.kind in FIGURE_KINDS:
                    self._last_in_cut_row = t
                    break
        self._t3_complete = False
        self._t4_figures = 0
        self._cut_rows: set[str] = set()
        self._fragment_rows: set[str] = set()    # rows whose last cell was a label fragment
        self._overflow_rest: list[list[Token]] = []   # t3 figures split off a row (_overflow)
        self._extra_rows: set[str] = set()    # t3 rows printing more figures than columns
        self._read_t2(tokens, regions.t2, result)
        self._read_t3(tokens, regions.t3, result)
        self._read_t4(tokens, regions.t4, result)
        self._warn_truncated(tokens, regions, result)
        if len(result.cells) > len(self.fmt.cell_keys):      # group-total cells: beside their rows
            result.cells = self._in_form_order(result.cells)
        return result

    def _in_form_order(self, cells: dict) -> dict:
        """The format's cells in order, each group total's cells right after its last sub-row."""
        after = {f"t3.{g.parts[-1]}.total": g.row.key for g in self.fmt.group_totals}
        out: dict = {}
        for key in self.fmt.cell_keys:
            out[key] = cells[key]
            if key in after:
                prefix = f"t3.{after[key]}."
                out.update({k: v for k, v in cells.items() if k.startswith(prefix)})
        out.update({k: v for k, v in cells.items() if k not in out})
        return out

    # ------------------------------------------------------------------ helpers
    def _labelled_rows(self, tokens: list[Token], region: tuple[int, int], table: str,
                       defs: dict[str, RowDef], result: TableResult):
        """(position, row def, figures) for each row label in the region that has figures."""
        found: dict[str, tuple[int, RowDef, list[Token]]] = {}
        consumed: set[int] = set()
        start, end = region
        self._groups_at: dict[str, int] = {}
        for i in range(start, end):
            t = tokens[i]
            if t.kind != LABEL or not t.label or not t.label.startswith(table + ":"):
                if t.kind == LABEL and t.label and t.label.startswith("group:"):
                    self._groups_at.setdefault(t.label, i)   # for _group_total_rows
                continue
            key = t.label.split(":", 1)[1]
            figures, stop, _ = _collect(tokens, i, end)
            # exactly the row's cells, the next row's label right after them: a row of its own
            # (one cell per line), whose broken sum is the report's, not a misreading
            bounded = (len(figures) == len(defs[key].cols) and stop < end
                       and tokens[stop].kind == LABEL)
            if table == "t3" and figures:
                figures = self._drop_label_fragment(tokens, figures, stop, end, f"t3.{key}",
                                                    len(defs[key].cols), result)
            if (table == "t3" and figures and not figures[0].exact
                    and len({t.row for t in figures}) > 1):
                figures = self._own_line_first(figures, len(defs[key].cols), f"t3.{key}", result)
            if len(figures) > len(defs[key].cols):
                keys = list(defs)
                after = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
                figures = self._overflow(figures, len(defs[key].cols), table, f"{table}.{key}",
                                         result, len(defs[after].cols) if after else 0)
            if figures and self._at_end(figures):
                self._cut_rows.add(f"{table}.{key}")       # the document ends inside this row
            if table == "t3" and len({t.row for t in figures}) > 1 and not any(
                    t.exact for t in figures) and not (bounded and len(figures) == len(defs[key].cols)):
                self._extra_rows.add(f"t3.{key}")   # gathered over loose lines: its sums must hold
            if not figures:
                continue
            consumed.update(id(f) for f in figures)
            if key in found:
                result.warnings.append(("duplicate_row", f"{table}.{key} appears again at "
                                        f"{t.where}; kept the first at {found[key][2][0].where}"))
                continue
            found[key] = (i, defs[key], figures)
        return found, consumed

    def _overflow(self, figures: list[Token], n: int, table: str, label: str,
                  result: TableResult, next_n: int = 0) -> list[Token]:
        """More figures after a label than its row has columns (docs/report-format.md §6.25).
        Extra blanks are trimmed by the splitter as before. Within one line, table 3 keeps its last
        n (leading label cells, §6.13); a table-2 row has no such cells, so it is left null. Over
        several lines (flattened text, one cell per line) the row is its first n figures when its
        line(s) end right after them — the rest is a row whose label was lost, placed by position
        only when that position fixes it; otherwise the row is left null. With one figure per line
        the line ends say nothing (an empty cell may have been dropped), so the split also needs
        the rest to be exactly as many figures as the next row has columns (`next_n`)."""
        trimmed = list(figures)
        while len(trimmed) > n and trimmed[-1].kind == BLANK:
            trimmed.pop()
        while len(trimmed) > n and trimmed[0].kind == BLANK:
            trimmed.pop(0)
        if len(trimmed) <= n:
            return figures
        shown = " ".join(t.text or "∅" for t in figures)
        if len({t.row for t in figures}) == 1:
            if table == "t3":
                self._extra_rows.add(label)      # its sums must hold (_read_t3)
                return figures
            result.warnings.append(("unreadable_row", f"{label}: the row at {figures[0].where} "
                                    f"prints {len(figures)} figures ({shown}) for {n} column(s); "
                                    "which are its own is not known; left null"))
            return []
        one_per_line = len({t.row for t in figures}) == len(figures)
        if figures[n - 1].row != figures[n].row and (not one_per_line
                                                      or len(figures) - n == next_n):
            rest = figures[n:]
            if table == "t3":
                self._overflow_rest.append(rest)      # a row whose label was lost, maybe
            result.warnings.append(("row_overflow", f"{label}: its label is followed by "
                                    f"{len(figures)} figures ({shown}) over several lines for {n} "
                                    f"column(s); its own are the first {n}, whose line ends there; "
                                    f"the rest, from {rest[0].where}, belong to another row"))
            return figures[:n]
        result.warnings.append(("unreadable_row", f"{label}: its label is followed by "
                                f"{len(figures)} figures ({shown}) over several lines for {n} "
                                "column(s), and no line ends after its first ones: which are its "
                                "own is not known; left null"))
        return []

    def _own_line_first(self, figures: list[Token], n: int, label: str,
                        result: TableResult) -> list[Token]:
        """Loose figures gathered over several lines whose first line can already fill every
        column (`0000202` can be cut into seven cells): the lines after it belong to another row
        (a row whose label was lost, `1766000001766`), never to this one."""
        first = [t for t in figures if t.row == figures[0].row]
        capacity = sum(len(_digits(t)) if t.kind == RUN else 1 for t in first)
        if capacity < n or len(first) == len(figures):
            return figures
        rest = figures[len(first):]
        if len(rest) == n:
            self._overflow_rest.append(rest)
        result.warnings.append(("row_overflow", f"{label}: its line at {first[0].where} can fill "
                                f"all {n} columns; the figures on the lines after it "
                                f"({' '.join(t.text or '∅' for t in rest)}) belong to another row"))
        return first

    def _drop_label_fragment(self, tokens: list[Token], figures: list[Token], stop: int, end: int,
                             label: str, n: int, result: TableResult) -> list[Token]:
        """A row's last 'figure' that is the number of the next row's label, split from it
        (`… 0 0 2` + `.其他法律行政法规禁止公开`, or an eighth figure before a label printed
        without its number) is no figure: it is dropped, with `label_fragment`."""
        last = figures[-1]
        if last.kind not in (VALUE, RUN) or not re.fullmatch(r"\d+", last.text):
            return figures
        digit = last.text[-1]
        if digit == "0":
            return figures
        if (last is self._last and len(figures) > 1 and last.text == digit
                and last.row != figures[-2].row and last.row_width == 1):
            # The document ends on a lone digit on a line of its own: the number of the next
            # row's label, cut off after it, as likely as a last figure. Not read.
            result.warnings.append(("label_fragment", f"{label}: the document ends on a lone "
                                    f"'{digit}' at {last.where}, which may be the number of the "
                                    "next row's label; not read as a figure"))
            self._cut_rows.add(label)    # … or its last figure: the row is cut off either way
            return figures[:-1]
        j, punct = stop, False
        if j < end and tokens[j].kind == TEXT and tokens[j].text.strip() in _LABEL_PUNCT:
            punct, j = True, j + 1                      # "2." → RUN "2" + TEXT "."
        nxt = tokens[j] if j < end else None
        if nxt is None:
            if not (punct and j >= len(tokens)):
                return figures
            next_label = "… (the document ends here)"    # "7." and the text is cut off
        elif nxt.kind == TEXT:
            text = nxt.text.strip()
            if not ((punct and re.match(r"^[\u4e00-\u9fff]", text)) or _CJK_AFTER_PUNCT.match(text)):
                return figures
            next_label = text                            # a label the format does not know
        elif nxt.kind == LABEL and nxt.label and nxt.label.startswith("t3:"):
            if _SUB_NUMBER.match(nxt.text) or self.numbers.get(nxt.label[3:]) != digit:
                return figures                           # it has its own number, or another one
            capacity = sum(len(_digits(t)) if t.kind == RUN else 1 for t in figures)
            if not punct and not (len(figures) > n and capacity > n):
                return figures                           # no sign that the figure is not one
            next_label = nxt.text
        else:
            return figures
        if len(last.text) > 1:
            if not punct or last.kind != RUN:            # an exact cell keeps its boundaries
                return figures
            kept = Token(RUN, last.text[:-1], last.row, last.where, last.raw, None, False,
                         last.row_width, False, last.start, last.start + len(last.text) - 1)
            figures = figures[:-1] + [kept]
        else:
            figures = figures[:-1]
        self._fragment_rows.add(label)
        result.warnings.append(("label_fragment", f"{label}: the trailing '{digit}' at {last.where} "
                                f"starts the next row's label ('{digit}' + '{next_label[:24]}'); "
                                "not read as a figure"))
        return figures

    def _at_end(self, figures: list[Token]) -> bool:
        return (self._last_in_cut_row is not None and bool(figures)
                and figures[-1] is self._last_in_cut_row)

    def _read(self, figures: list[Token], kinds: tuple[str, ...], label: str) -> RowReading:
        """A row's readings; a short row the document ends inside is read as cut off."""
        return read_row(figures, kinds, label,
                        truncated=label in self._cut_rows or self._at_end(figures),
                        shifted=label in self._fragment_rows)

    def _choose(self, reading: RowReading, groups, kinds: tuple[str, ...],
                label: str) -> tuple[RowReading, solver.RowChoice]:
        """The row's own identities applied; cuts that break them give way to placements (the
        row may have lost empty cells rather than separators)."""
        choice = solver.row_choices(reading, groups, strict=reading.mode == "placements")
        if not choice.consistent and reading.mode == "cuts":
            alt = RowReading(notes=[], chunks=reading.chunks)
            placements(reading.chunks, kinds, label, alt)
            reading.notes.extend(alt.notes)
            alt.notes = reading.notes
            alt_choice = solver.row_choices(alt, groups, strict=True)
            alt.notes.append(("split_refuted", f"{label}: no cut of the digits at "
                              f"{reading.chunks[0].where} satisfies the row's own identities; "
                              "read as a row that lost empty cells instead"))
            return alt, alt_choice
        if (not choice.consistent and groups and reading.mode == "cells"
                and self._at_end(reading.chunks) and len(reading.candidates) == 1):
            # The document ends on this row's last figure and the row's sums fail with it: the
            # cut may have shortened that figure ("15" → "1"). It is not read.
            cand = reading.candidates[0]
            reading = RowReading([cand[:-1] + (Figure(None, cand[-1].token, UNREACHED),)],
                                 reading.notes, mode="truncated", chunks=reading.chunks)
            choice = solver.row_choices(reading, groups)
        return reading, choice

    def _emit(self, table: str, row: str, cols, values: list[Optional[solver.Resolved]],
              result: TableResult, reading: Optional[RowReading] = None,
              survivors: Optional[list] = None) -> None:
        """Store a row's cells; `reading` describes the cells left null (only then: it costs)."""
        missing, unreached = [], []
        for col, v in zip(cols, values):
            key = f"{table}.{row}.{col}"
            if v is None:
                missing.append(col)
                continue
            if v.value is None:
                unreached.append(key)
                continue
            # "12.0" in a count column is the count 12; money columns keep their decimals.
            integral = (isinstance(v.value, float) and v.value.is_integer()
                        and self.kinds.get(key) != "decimal")
            result.cells[key] = int(v.value) if integral else v.value
            tok = v.figure.token
            lost = v.figure.state == LOST
            # a LOST 0 may have been printed in another cell: no characters are claimed for it
            result.provenance[key] = cell_source(v.figure, getattr(self, "_text_index", None),
                                                 own=not lost)
            if v.flag == "blank":
                result.blank_cells.add(key)
                result.warnings.append(("blank_as_zero", (
                    f"{key} was not printed (the row at {tok.where} prints fewer cells than "
                    "columns: an empty cell lost in flattening, in at least one placement the "
                    "identities allow); it is 0 in every one, read as 0") if lost else
                    f"{key} was blank ({tok.where}); read as 0"))
            elif v.flag == "derived":
                result.warnings.append(("derived_total", (
                    f"{key} was not printed (the row at {tok.where} prints fewer cells than "
                    "columns, in at least one placement the identities allow); took the sum of "
                    f"its parts, {v.value}") if lost else
                    f"{key} was blank ({tok.where}); took the sum of its parts, {v.value}"))
        result.unreached.extend(unreached)
        if missing:
            if reading is not None and reading.mode == "placements":
                code, detail = self._describe_placements(reading, survivors)
            else:
                code = "ambiguous_split"
                detail = self._describe(reading) if reading is not None else NO_DETAIL
            result.warnings.append((code, f"{table}.{row}: {', '.join(missing)} left null; {detail}"))
        elif reading is not None and reading.mode == "placements":
            result.warnings.append(("placed_by_identities", f"{table}.{row}: the row at "
                                    f"{self._where(reading)} prints {self._printed(reading)} for "
                                    f"{len(cols)} columns (empty cells lost in flattening); of its "
                                    f"{len(reading.candidates)} placements only "
                                    f"{self._shown(survivors)} satisfies the identities; kept"))
        result.found.add(table)     # located, even where its figures stayed ambiguous

    @staticmethod
    def _where(reading: RowReading) -> str:
        return reading.chunks[0].where if reading.chunks else "?"

    @staticmethod
    def _printed(reading: RowReading) -> str:
        return f"{len(reading.chunks)} figure(s) ({' '.join(t.text or '∅' for t in reading.chunks)})"

    @staticmethod
    def _shown(survivors) -> str:
        # those with a printed total first, then those that cut the fewest runs (most cells lost)
        shown = sorted({_show(r) for r in survivors or []},
                       key=lambda s: (s.endswith("_"), -s.count("_"), s))
        more = f" … ({len(shown)} in all)" if len(shown) > MAX_PLACEMENTS_SHOWN else ""
        return "; ".join(shown[:MAX_PLACEMENTS_SHOWN]) + more

    def _describe_placements(self, reading: RowReading, survivors) -> tuple[str, str]:
        head = (f"the row at {self._where(reading)} prints {self._printed(reading)} for "
                f"{len(reading.candidates[0]) if reading.candidates else '?'} columns (empty cells "
                "lost in flattening, '_' below)")
        if not survivors:
            return ("unreadable_row", f"{head}; none of its {len(reading.candidates)} placements "
                    "satisfies the identities")
        return ("ambiguous_placement", f"{head}; {len({_show(r) for r in survivors})} of its "
                f"{len(reading.candidates)} placements satisfy the identities: "
                f"{self._shown(survivors)}")

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
        self._fill_unlabelled_t2_rows(tokens, region, consumed, found, result)
        self._refuse_shifted_t2_rows(tokens, region, found, result)
        self._warn_extra_rows(tokens, region, consumed, "t2", result)
        for key, (_, rowdef, figures) in found.items():
            label = f"t2.{key}"
            reading = self._read(figures, rowdef.kinds, label)
            if not reading.candidates:
                result.warnings.extend(reading.notes)
                continue
            reading, choice = self._choose(reading, (), rowdef.kinds, label)
            readings = self._t2_lost_cells(reading, choice.readings, rowdef.kinds, label)
            result.warnings.extend(reading.notes)
            self._emit("t2", key, rowdef.cols, solver.agree(readings, len(rowdef.cols)),
                       result, reading, readings)

    def _refuse_shifted_t2_rows(self, tokens, region, found, result: TableResult) -> None:
        """A table-2 label on a line of its own whose figures start on a later line, when the next
        row in the fixed order has no label (nor an unlabelled row placed there) while the table
        goes on after the figures: the figures may be the next row's, printed after its lost label,
        with this row's cells all blank and dropped in flattening (`行政处罚` / `7` / … 行政事业性收费,
        the 7 being 行政强制's). Two readings, nothing to choose: the row is null
        (`unreadable_row`). Kept when the figures cannot be the next row's (more than it has
        cells) or when the document ends after them (a cut-off excerpt: the next label was never
        printed)."""
        start, end = region
        order = [r.key for r in self.fmt.t2_rows]
        defs = {r.key: r for r in self.fmt.t2_rows}
        index = {id(t): i for i, t in enumerate(tokens)}
        for key in list(found):
            pos, _, figures = found[key]
            label = tokens[pos]
            if label.kind != LABEL or not figures or figures[0].row == label.row:
                continue
            k = order.index(key)
            if k + 1 >= len(order) or order[k + 1] in found:
                continue
            nxt = order[k + 1]
            if len(figures) > len(defs[nxt].cols):
                continue
            last = index[id(figures[-1])]
            later_label = any(t.kind == LABEL and t.label and t.label.startswith("t2:")
                              and order.index(t.label[3:]) > k + 1 for t in tokens[last + 1:end])
            later_figures = any(t.kind in (VALUE, RUN) for t in tokens[last + 1:end])
            if not (later_label or later_figures or end < len(tokens)):
                continue        # the document ends in table 2 after them: nothing is missing
            del found[key]
            shown = " ".join(t.text or "∅" for t in figures)
            result.warnings.append(("unreadable_row", f"t2.{key}: its label at {label.where} "
                                    f"stands alone and the figures after it ({shown}, from "
                                    f"{figures[0].where}) may be t2.{nxt}'s, whose label is "
                                    f"missing (this row blank and dropped in flattening); which "
                                    "row they belong to is not known; left null"))

    @staticmethod
    def _t2_lost_cells(reading: RowReading, readings: list, kinds: tuple[str, ...],
                       label: str) -> list:
        """A flattened table-2 line with fewer figures than columns (`规章 1234567 7`) may have lost
        a separator inside a run or an empty cell: table 2 has no sums to tell which, so a cell is
        read only if the cuts and the placements all agree on it."""
        if reading.mode != "cuts" or any(t.exact for t in reading.chunks):
            return readings
        alt = RowReading(notes=[], chunks=reading.chunks)
        placements(reading.chunks, kinds, label, alt)
        if not alt.candidates:
            return readings
        merged = readings + solver.row_choices(alt, (), strict=True).readings
        n = len(kinds)
        before = [v.value if v else None for v in solver.agree(readings, n)]
        after = [v.value if v else None for v in solver.agree(merged, n)]
        if before != after:
            reading.notes.append(("ambiguous_placement", f"{label}: the line at "
                                  f"{reading.chunks[0].where} prints {len(reading.chunks)} "
                                  f"figure(s) ({' '.join(t.text for t in reading.chunks)}) for {n} "
                                  "columns: digits run together or an empty cell lost in "
                                  "flattening, and table 2 has no sums to tell which; only the "
                                  "cells every reading shares are kept"))
        return merged

    # Table 2's rows in their statutory order, each under its 第二十条 item (docs/report-format.md §3.1, §4.1).
    _T2_ITEMS = {"regulations": "一", "normative_documents": "一", "administrative_license": "五",
                 "other_external_services": "五", "administrative_penalty": "六",
                 "administrative_compulsion": "六", "administrative_fees": "八",
                 "centralized_procurement": "九"}

    def _fill_unlabelled_t2_rows(self, tokens, region, consumed, found, result: TableResult) -> None:
        """A table-2 row printed without its label (blank label cell, or the label lost in
        flattening) is read as the row its position fixes (docs/report-format.md §6.26): table 2's
        rows come in a fixed order, so figure rows between two labelled rows take the free rows
        between them, in order — only when there are exactly as many such figure rows as free rows,
        each prints exactly its row's number of cells, and no numbered 第二十条 caption before it
        names another item. Otherwise none is placed (`orphan_row`). Placed rows are named cell by
        cell (`row_label_inferred`)."""
        start, end = region
        if start >= end:
            return
        order = [r.key for r in self.fmt.t2_rows]
        defs = {r.key: r for r in self.fmt.t2_rows}
        by_row: dict[int, list[Token]] = {}
        for t in tokens[start:end]:
            by_row.setdefault(t.row, []).append(t)
        free_row = {r for r, toks in by_row.items()
                    if all(t.kind in FIGURE_KINDS and id(t) not in consumed for t in toks)}
        groups: list[tuple[int, list[Token], Optional[str]]] = []
        item: Optional[str] = None
        prev: Optional[Token] = None
        for i in range(start, end):
            t = tokens[i]
            if t.kind == LABEL and t.label == "caption":
                m = re.search(r"第二十条第\(?([一二三四五六七八九十\d]{1,2})\)?项", t.text)
                item = _CN_ITEM.get(m.group(1), m.group(1)) if m else None
            if t.row not in free_row:
                prev = None
                continue
            if (prev is not None and (t.row == prev.row or (t.row_width == 1 and prev.row_width == 1))
                    and tokens[i - 1] is prev):
                groups[-1][1].append(t)
            else:
                groups.append((i, [t], item))
            prev = t
        groups = [g for g in groups if any(t.kind != BLANK for t in g[1])]
        if not groups:
            return
        index = {id(t): i for i, t in enumerate(tokens)}
        labelled = sorted((pos, order.index(k)) for k, (pos, _, _) in found.items())
        gaps: dict[tuple[int, int], list] = {}
        for g in groups:
            before = max((idx for p, idx in labelled if p < g[0]), default=-1)
            after = min((idx for p, idx in labelled if p > g[0]), default=len(order))
            gaps.setdefault((before, after), []).append(g)

        def cells_of(toks: list[Token], n: int) -> Optional[list[Token]]:
            toks = list(toks)
            while len(toks) > n and toks[0].kind == BLANK and toks[0].exact:
                toks.pop(0)                    # the blank label cell
            while len(toks) > n and toks[-1].kind == BLANK and toks[-1].exact:
                toks.pop()                     # padding cells of a narrower row
            return toks if len(toks) == n else None

        for (before, after), rows in gaps.items():
            free = [order[i] for i in range(before + 1, after) if order[i] not in found]
            if len(rows) < len(free) and all(t.row_width == 1 for _, ts, _ in rows for t in ts):
                # runs of loose lines for more free rows (one cell per line): cut in order by the
                # rows' cell counts, when they add up, every run starts a row and every cut ends
                # a line; each piece keeps the caption item that stands before it
                toks = [t for _, ts, _ in rows for t in ts]
                items = [item for _, ts, item in rows for _ in ts]
                starts, at = set(), 0
                for _, ts, _ in rows:
                    starts.add(at)
                    at += len(ts)
                cuts, at = [], 0
                for key in free:
                    cuts.append(at)
                    at += len(defs[key].cols)
                if (at == len(toks) and starts <= set(cuts)
                        and all(toks[c - 1].row != toks[c].row for c in cuts[1:])):
                    rows = [(index[id(toks[c])], toks[c:e], items[c])
                            for c, e in zip(cuts, cuts[1:] + [at])]
            fits = len(rows) == len(free) and all(
                cells_of(toks, len(defs[key].cols)) is not None
                and (item is None or item == self._T2_ITEMS[key])
                and not _at_page_break(tokens, index[id(toks[0])], index[id(toks[-1])])
                for (_, toks, item), key in zip(rows, free))
            around = (f"between t2.{order[before]} and t2.{order[after]}" if 0 <= before and
                      after < len(order) else f"after t2.{order[before]}" if before >= 0 else
                      f"before t2.{order[after]}" if after < len(order) else "in table 2")
            if not fits:
                for _, toks, _ in rows:
                    reason = ("no row of table 2 is missing there" if not free else
                              f"the rows missing there ({', '.join('t2.' + k for k in free)}) "
                              f"are not fixed by it ({len(rows)} unlabelled row(s), cell counts "
                              "or 第二十条 item do not match)")
                    result.warnings.append(("orphan_row", f"table 2: a row of figures at "
                                            f"{toks[0].where} ({' '.join(t.text or '∅' for t in toks)}) "
                                            f"has no label, {around}; {reason}; not read"))
                continue
            for (pos, toks, _), key in zip(rows, free):
                cells = cells_of(toks, len(defs[key].cols))
                found[key] = (pos, defs[key], cells)
                consumed.update(id(t) for t in toks)
                names = ", ".join(f"t2.{key}.{c}" for c in defs[key].cols)
                result.warnings.append(("row_label_inferred", f"t2.{key}: the row at "
                                        f"{cells[0].where} has no label; table 2's rows come in a "
                                        f"fixed order and {len(rows)} unlabelled row(s) fill the "
                                        f"{len(free)} free place(s) {around} in order: read as "
                                        f"t2.{key} ({defs[key].label}); cells {names}"))

    # ------------------------------------------------------------------ table 3
    def _read_t3(self, tokens, region, result: TableResult) -> None:
        rowdefs = self.fmt.t3_rows
        order = [r.key for r in rowdefs]
        defs = {r.key: r for r in rowdefs}
        found, consumed = self._labelled_rows(tokens, region, "t3", defs, result)
        group_rows = self._group_total_rows(tokens, region, found, consumed, result)
        figures_by_key = {k: f for k, (_, _, f) in found.items()}
        self._fill_unlabelled_rows(tokens, region, consumed, found, order, figures_by_key, result)
        self._warn_extra_rows(tokens, region, consumed, "t3", result)
        for g in group_rows:
            figures_by_key[g.row.key] = found[g.row.key][2]
            defs = {**defs, g.row.key: g.row}

        readings, choices = {}, {}
        for k, f in figures_by_key.items():
            reading = self._read(f, defs[k].kinds, f"t3.{k}")
            if reading.candidates:
                reading, choices[k] = self._choose(reading, T3_ROW_GROUP, defs[k].kinds, f"t3.{k}")
                if not choices[k].consistent and f"t3.{k}" in self._extra_rows:
                    # More figures than columns, or figures gathered over several loose lines,
                    # and the row's sum fails: they may not be its cells (a stray figure after
                    # them, a label's number wrapped onto a line of its own), not a report
                    # inconsistent as printed.
                    choices[k] = solver.RowChoice([], False)
                    reading.notes.append(("unreadable_row", f"t3.{k}: the row at "
                                          f"{self._where(reading)} prints {self._printed(reading)}"
                                          f" for {len(T3_COLS)} columns (more than it has, or "
                                          "over several lines) and they break the row's sum; "
                                          "which are its own is not known; left null"))
            readings[k] = reading
            result.warnings.extend(reading.notes)
        choices = {k: c for k, c in choices.items() if c.readings}
        parts = {p for g in group_rows for p in g.parts}
        results_rows = tuple(k for k in order if k not in T3_NOT_RESULTS and k not in parts) \
            + tuple(g.row.key for g in group_rows)
        identities = [(("new_received", "carried_over"), ("total_processed", "carried_forward")),
                      (("total_processed",), results_rows)]
        chosen, how = solver.solve_columns(choices, identities, len(T3_COLS))
        self._t3_complete = ("carried_forward" in readings
                             and readings["carried_forward"].mode != "truncated")
        for key, reading in readings.items():
            rs = chosen.get(key, [])
            if not reading.candidates:
                continue
            if (how == "identities" and len(rs) == 1 and len(reading.candidates) > 1
                    and reading.mode != "placements"):
                result.warnings.append(("split_by_identities", f"t3.{key}: "
                                        f"{self._describe(reading)}; only one "
                                        "satisfies the table's identities"))
            self._emit("t3", key, T3_COLS, solver.agree(rs, len(T3_COLS)), result, reading, rs)

    def _group_total_rows(self, tokens, region, found, consumed, result: TableResult) -> list[GroupTotal]:
        """v2021 reports that print one （六）其他处理 row with figures instead of its three
        sub-rows (江苏): the figures are the group total `t3.other_total.*`, the sub-rows stay null
        (`group_total_only`). Only when no sub-row label and no unlabelled figure row stands in
        the group's place: then the figures cannot belong to a sub-row whose label was lost."""
        start, end = region
        out = []
        for g in self.fmt.group_totals:
            name = f"group:{g.group}"
            at = self._groups_at.get(name)
            if at is None:
                continue
            figures, stop, skipped = _collect(tokens, at, end)
            if not figures:
                continue
            part_labels = {f"t3:{p}" for p in g.parts}
            parts_printed = any(t.kind == LABEL and t.label in part_labels
                                for t in tokens[start:end])
            nxt = _first(tokens, stop, end, lambda t: t.kind == LABEL and bool(t.label)
                         and t.label.startswith("t3:"))
            loose_figures = any(t.kind in (VALUE, RUN) and id(t) not in consumed
                                for t in tokens[stop:nxt if nxt is not None else end])
            if parts_printed or skipped or loose_figures:
                if parts_printed and not skipped:
                    result.warnings.append(("extra_row", f"t3: the group row '{tokens[at].text}' "
                                            f"at {tokens[at].where} prints figures of its own "
                                            f"({' '.join(t.text for t in figures)}) beside its "
                                            "sub-rows; not used"))
                continue
            found[g.row.key] = (at, g.row, figures)
            consumed.update(id(t) for t in figures)
            out.append(g)
            result.warnings.append(("group_total_only", f"{', '.join(f't3.{p}' for p in g.parts)}: "
                                    f"the report prints only their group total row "
                                    f"'{tokens[at].text}' (t3.{g.row.key}) at {tokens[at].where}; "
                                    "the sub-rows are unknown and left null, the total is kept as "
                                    f"t3.{g.row.key}.*"))
        return out

    def _fill_unlabelled_rows(self, tokens, region, consumed, found, order, figures_by_key,
                              result: TableResult) -> None:
        """Rows of figures that lost their label fill the gaps between labelled rows, in order,
        when a gap has exactly as many free places as unlabelled rows (or a row's leftover label
        text names its number); otherwise which row is which is not known and none is placed."""
        start, end = region
        by_row: dict[int, list[Token]] = {}
        for t in tokens[start:end]:
            if id(t) in consumed:
                continue
            by_row.setdefault(t.row, []).append(t)
        orphans = []
        # a row-spanning group label cell (三、本年度办理结果, （三）不予公开 …) before a blank label
        spanning = {f"group:{k}" for k in self.fmt.t3_groups} - {
            f"group:{g.group}" for g in self.fmt.group_totals}
        for r, toks in sorted(by_row.items()):
            # Leading text that matched no label (a label broken across lines) is kept as a hint.
            lead = 0
            while lead < len(toks) and (toks[lead].kind == TEXT or (
                    toks[lead].kind == LABEL and toks[lead].label in spanning)):
                lead += 1
            figures = toks[lead:]
            if (toks[0].row_width > 1 and figures and all(t.kind in (VALUE, BLANK) for t in figures)
                    and sum(t.kind == VALUE for t in figures) >= len(T3_COLS) - 1
                    and len(figures) >= len(T3_COLS)):
                orphans.append((tokens.index(toks[0]), figures,
                                "".join(t.text for t in toks[:lead] if t.kind == TEXT)))
        # figures of flattened lines split off the row above them (_overflow): exactly one row's
        for rest in self._overflow_rest:
            if len(rest) == len(T3_COLS) and all(id(t) not in consumed for t in rest):
                orphans.append((tokens.index(rest[0]), rest, ""))
        # … and those after a group label on a flattened line (`三、本年度办理结果 5 1 0 0 1 0 7`)
        for i in range(start, end):
            t = tokens[i]
            if t.kind == LABEL and t.label in spanning and t.row_width == 1:
                figures = _collect(tokens, i, end)[0]
                if figures and all(id(f) not in consumed for f in figures):
                    if len(figures) == len(T3_COLS):
                        orphans.append((i, figures, ""))
                    else:
                        result.warnings.append(("orphan_row", f"figures after the group label "
                                                f"'{t.text}' at {t.where} "
                                                f"({' '.join(f.text or '∅' for f in figures)}) have "
                                                "no row label and are not one row; not read"))
        orphans.sort(key=lambda o: o[0])
        if not orphans:
            return
        group_keys = {g.row.key for g in self.fmt.group_totals}
        labelled = sorted((pos, order.index(k)) for k, (pos, _, _) in found.items()
                          if k not in group_keys)
        gaps: dict[tuple[int, int], list] = {}
        for pos, toks, fragment in orphans:
            before = max((idx for p, idx in labelled if p < pos), default=-1)
            after = min((idx for p, idx in labelled if p > pos), default=len(order))
            gaps.setdefault((before, after), []).append((pos, toks, fragment))
        for (before, after), rows in gaps.items():
            free = [order[i] for i in range(before + 1, after) if order[i] not in figures_by_key]
            if len(rows) == len(free):
                places = list(zip(rows, free))
            else:
                places = []
                for row in rows:
                    key = self._numbered_place(row[2], free) if len(rows) < len(free) else None
                    if key is None:
                        reason = ("no free place" if not free else
                                  f"{len(rows)} such row(s) for the {len(free)} free place(s) "
                                  f"{', '.join('t3.' + k for k in free)}; which is which is not known")
                        result.warnings.append(("orphan_row", f"a row of figures at {row[1][0].where} "
                                                f"has no label and {reason}; ignored"))
                        continue
                    places.append((row, key))
            for (pos, toks, fragment), key in places:
                figures_by_key[key] = toks
                consumed.update(id(t) for t in toks)
                hint = f" (its label reads only '{fragment}')" if fragment else ""
                result.warnings.append(("row_label_inferred", f"t3.{key}: the row at {toks[0].where} "
                                        f"has no recognisable label{hint}; placed by its position "
                                        f"between labelled rows (cells t3.{key}.*)"))

    def _numbered_place(self, fragment: str, free: list[str]) -> Optional[str]:
        """The one free row whose label number the leftover label text starts with ('2.其他…')."""
        m = _SUB_NUMBER.match(fragment.strip())
        if not m:
            return None
        hits = [k for k in free if self.numbers.get(k) == m.group(1)]
        return hits[0] if len(hits) == 1 else None

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
        self._t4_figures = sum(len(_digits(t)) if t.kind == RUN else 1 for t in figures)
        if not figures:
            return
        kinds = ("int",) * len(T4_COLS)
        reading = self._read(figures, kinds, "t4.cases")
        if not reading.candidates:
            result.warnings.extend(reading.notes)
            return
        reading, choice = self._choose(reading, T4_BLOCKS, kinds, "t4.cases")
        result.warnings.extend(reading.notes)
        if (len(reading.candidates) > 1 and choice.consistent and len(choice.readings) == 1
                and reading.mode != "placements"):
            result.warnings.append(("split_by_identities", f"t4.cases: {self._describe(reading)}; "
                                    "only one satisfies the T4 sums"))
        self._emit("t4", "cases", T4_COLS, solver.agree(choice.readings, len(T4_COLS)), result,
                   reading, choice.readings)

    # ------------------------------------------------------------------ truncation
    def _warn_truncated(self, tokens: list[Token], regions: Regions, result: TableResult) -> None:
        """A document that ends inside a table (a page excerpt, a cut-off download) says so; the
        cells it never reaches are null, never 0."""
        if regions.closed or not tokens:
            return
        t2, t3, t4 = regions.started
        last = tokens[-1]
        if t4:
            header_last = last.kind in FIGURE_KINDS or last.label == "heading:t4" or any(
                w in last.text for w in T4_HEADER_WORDS)
            inside = 0 < self._t4_figures < len(T4_COLS) or (self._t4_figures == 0 and header_last)
            where = "table 4"
        elif t3:
            inside = not self._t3_complete
            where = "table 3"
        elif t2:
            inside, where = True, "table 2 (or the header of table 3)"
        else:
            return
        if not inside and not result.unreached:
            return
        cells = (f"; cells of the row it ends in never reached, left null: "
                 f"{', '.join(result.unreached)}") if result.unreached else ""
        result.warnings.append(("truncated", f"the text ends inside {where} at {last.where} "
                                f"('{last.raw[:30]}') with no section 五/六 after it: the document "
                                f"looks cut off; every cell it does not reach is null{cells}"))
