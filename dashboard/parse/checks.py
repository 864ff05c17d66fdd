"""The identities of spec §5 that hold within one report, evaluated on its final cells."""
from __future__ import annotations

from typing import Optional

from dashboard.model import Check
from dashboard.parse.formats import FORMATS, T3_COLS, T4_GROUPS

Cells = dict[str, Optional[float]]


def _fmt(values: list) -> str:
    return "+".join("null" if v is None else _num(v) for v in values)


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _sum_check(cid: str, scope: str, lhs: list, rhs: list) -> Check:
    if any(v is None for v in lhs + rhs):
        return Check(cid, scope, "na", f"{_fmt(lhs)} = {_fmt(rhs)} (a cell is null)")
    ok = abs(sum(lhs) - sum(rhs)) < 1e-9
    rel = "=" if ok else "≠"
    return Check(cid, scope, "pass" if ok else "fail", f"{_fmt(lhs)} {rel} {_fmt(rhs)}")


def run_checks(version: str, cells: Cells) -> list[Check]:
    if version not in FORMATS:
        return []
    fmt = FORMATS[version]
    checks: list[Check] = []
    t3_rows = [r.key for r in fmt.t3_rows]
    results = [k for k in t3_rows
               if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    g = lambda row, col: cells.get(f"t3.{row}.{col}")  # noqa: E731

    for row in t3_rows:
        checks.append(_sum_check("T3.row_sum", row, [g(row, "total")],
                                 [g(row, c) for c in T3_COLS[:-1]]))
    for col in T3_COLS:
        checks.append(_sum_check("T3.results_sum", col, [g("total_processed", col)],
                                 [g(r, col) for r in results]))
    for col in T3_COLS:
        checks.append(_sum_check("T3.balance", col, [g("new_received", col), g("carried_over", col)],
                                 [g("total_processed", col), g("carried_forward", col)]))
    for cid, block in zip(("T4.review_sum", "T4.direct_sum", "T4.after_sum"), T4_GROUPS):
        vals = [cells.get(f"t4.cases.{c}") for c in block]
        checks.append(_sum_check(cid, "cases", [vals[-1]], vals[:-1]))

    t2 = {c.key: cells.get(c.key) for c in fmt.cells if c.table == "t2" and c.kind != "signed"}
    checks.append(_nonneg("T2.nonneg", "t2", t2))
    for table, cid in (("t3", "T3.int"), ("t4", "T4.int")):
        vals = {c.key: cells.get(c.key) for c in fmt.cells if c.table == table}
        checks.append(_nonneg_int(cid, table, vals))
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
