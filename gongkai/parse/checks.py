"""The identities of docs/report-format.md §5 that hold within one report, evaluated on its final cells.

A v2021 report that prints the （六）其他处理 group total instead of its three sub-rows (the
group-total cells `t3.other_total.*`, docs/parse-output.md "Group-total cells") has its total
checked by its own T3.row_sum, and T3.results_sum takes the group total in place of sub-rows
that are all unknown in a column.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from gongkai.model import Check
from gongkai.parse.formats import FORMATS, T3_COLS, T4_GROUPS
from gongkai.parse.normalize import compact

# "共收到政府信息公开申请34件", "全年受理依申请公开749件": a narrative total of applications.
NARRATIVE_APPLICATIONS = re.compile(
    r"(?:共|全年|本年度?)[^。;]{0,12}?(?:收到|受理|新收)[^。;,\d]{0,16}?申请[^。;,\d]{0,4}?(\d+)件")

Cells = dict[str, Optional[float]]


def _fmt(values: list) -> str:
    return "+".join("null" if v is None else _num(v) for v in values)


@lru_cache(maxsize=4096)   # a few values (0, 1, 2 …) fill most details; equal values print alike
def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _sum_check(cid: str, scope: str, lhs: list, rhs: list) -> Check:
    if any(v is None for v in lhs + rhs):
        return Check(cid, scope, "na", f"{_fmt(lhs)} = {_fmt(rhs)} (a cell is null)")
    ok = abs(sum(lhs) - sum(rhs)) < 1e-9
    rel = "=" if ok else "≠"
    return Check(cid, scope, "pass" if ok else "fail", f"{_fmt(lhs)} {rel} {_fmt(rhs)}")


def narrative_check(text: str, cells: Cells) -> Optional[Check]:
    """N.narrative (soft): a total quoted in the narrative should be one of the table's totals."""
    m = NARRATIVE_APPLICATIONS.search(compact(text))
    if not m:
        return None
    quoted = int(m.group(1))
    new, carried, processed = (cells.get(f"t3.{r}.total") for r in
                               ("new_received", "carried_over", "total_processed"))
    options = {"new_received": new, "total_processed": processed,
               "new_received+carried_over": None if new is None or carried is None else new + carried}
    known = {k: v for k, v in options.items() if v is not None}
    if not known:
        return Check("N.narrative", "t3.total", "na", f"narrative says {quoted}; table totals are null")
    hit = [k for k, v in known.items() if v == quoted]
    status = "pass" if hit else "fail"
    shown = ", ".join(f"{k}={_num(v)}" for k, v in known.items())
    return Check("N.narrative", "t3.total", status, f"narrative '{m.group(0)}' vs table {shown}")


def run_checks(version: str, cells: Cells, text: str = "") -> list[Check]:
    if version not in FORMATS:
        return []
    fmt = FORMATS[version]
    checks: list[Check] = []
    t3_rows = [r.key for r in fmt.t3_rows]
    results = [k for k in t3_rows
               if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    g = lambda row, col: cells.get(f"t3.{row}.{col}")  # noqa: E731

    # Group totals the report prints instead of their sub-rows (keys present only then).
    groups = [gt for gt in fmt.group_totals if f"t3.{gt.row.key}.total" in cells]
    after = {gt.parts[-1]: gt.row.key for gt in groups}
    for row in t3_rows:
        for r in (row, after.get(row)):
            if r is not None:
                checks.append(_sum_check("T3.row_sum", r, [g(r, "total")],
                                         [g(r, c) for c in T3_COLS[:-1]]))
    for col in T3_COLS:
        terms = [g(r, col) for r in results]
        for gt in groups:
            parts = [results.index(p) for p in gt.parts]
            if all(terms[i] is None for i in parts):    # sub-rows unknown: their printed total
                terms = [t for i, t in enumerate(terms) if i not in parts[1:]]
                terms[parts[0]] = g(gt.row.key, col)
        checks.append(_sum_check("T3.results_sum", col, [g("total_processed", col)], terms))
    for col in T3_COLS:
        checks.append(_sum_check("T3.balance", col, [g("new_received", col), g("carried_over", col)],
                                 [g("total_processed", col), g("carried_forward", col)]))
    for cid, block in zip(("T4.review_sum", "T4.direct_sum", "T4.after_sum"), T4_GROUPS):
        vals = [cells.get(f"t4.cases.{c}") for c in block]
        checks.append(_sum_check(cid, "cases", [vals[-1]], vals[:-1]))

    t2 = {c.key: cells.get(c.key) for c in fmt.cells if c.table == "t2" and c.kind != "signed"}
    checks.append(_nonneg("T2.nonneg", "t2", t2))
    for table, cid in (("t3", "T3.int"), ("t4", "T4.int")):
        vals = {c.key: cells.get(c.key) for c in fmt.cells + fmt.group_cells
                if c.table == table and (c.key in cells or c not in fmt.group_cells)}
        checks.append(_nonneg_int(cid, table, vals))
    narrative = narrative_check(text, cells) if text else None
    if narrative:
        checks.append(narrative)
    return checks


def _nonneg(cid: str, scope: str, vals: dict) -> Check:
    bad = [k for k, v in vals.items() if v is not None and v < 0]
    if bad:
        return Check(cid, scope, "fail", "negative: " + ", ".join(f"{k}={vals[k]}" for k in bad))
    if all(v is None for v in vals.values()):
        return Check(cid, scope, "na", "no cell read")
    return Check(cid, scope, "pass", f"{sum(v is not None for v in vals.values())} cells ≥ 0")


def _nonneg_int(cid: str, scope: str, vals: dict) -> Check:
    bad = [k for k, v in vals.items()
           if v is not None and (v < 0 or not float(v).is_integer())]
    if bad:
        return Check(cid, scope, "fail", "not a non-negative integer: "
                     + ", ".join(f"{k}={vals[k]}" for k in bad))
    if all(v is None for v in vals.values()):
        return Check(cid, scope, "na", "no cell read")
    return Check(cid, scope, "pass", f"{sum(v is not None for v in vals.values())} cells are integers ≥ 0")
