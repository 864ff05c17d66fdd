"""The base macros the indicators and app pages call instead of copying a block into every file:
- wilson_lo / wilson_hi: the 95% Wilson interval every rate carries (once written out 24 times);
- reports_in_group: reports_in_view with each report's group under one grouping (the roll-ups' step);
- reports_on_year_axis: reports_in_view without reports that state no year (the app pages' step)."""
from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from gongkai import catalog, model, runner

Z95 = 1.959963984540054
FILTERS = ("years", "year_from", "year_to", "province", "city", "county", "region", "level", "sector",
           "scope", "agency")
WRAPPERS = ("reports_in_group", "reports_on_year_axis")


def reference_wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The textbook form: centre ± half-width."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def bounds(con, k, n):
    runner.install_base_views(con, "wilson_lo wilson_hi")
    return con.execute("SELECT wilson_lo($k, $n), wilson_hi($k, $n)", {"k": k, "n": n}).fetchone()


def rows(con, macro, **args):
    """The rows a base table macro returns for these arguments, bound as $parameters (None = NULL)."""
    runner.install_base_views(con, macro)
    call = ", ".join(f"{name} := ${name}" for name in args)          # names from this test only
    sql = "SELECT * FROM " + macro + "(" + call + ") ORDER BY report_id"   # macro: a name from this file
    return con.execute(sql, args or None).df()


def same(frame, expected):
    """Equal columns and rows. NULL comes back as None, NaN or NA and a column with NULLs as float
    or object, depending on the frame, so rows are compared as plain values."""
    def records(f):
        return [tuple(None if pd.isna(v) else v for v in row) for row in f.itertuples(index=False)]
    assert list(frame.columns) == list(expected.columns)
    assert records(frame) == records(expected)


# --- the Wilson interval ------------------------------------------------------------------------------

@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (0, 30), (21, 75), (3, 36), (26, 26), (7, 1000),
                                  (2.5, 10.0)])
def test_wilson_bounds_match_the_textbook_formula(con, k, n):
    lo, hi = bounds(con, k, n)
    assert (lo, hi) == pytest.approx(reference_wilson(k, n), rel=1e-12, abs=1e-15)
    assert 0 <= lo <= k / n <= hi <= 1 + 1e-15


@pytest.mark.parametrize("n", [0, None])
def test_wilson_bounds_are_null_without_trials(con, n):
    assert bounds(con, 0, n) == (None, None)


def test_wilson_lo_and_hi_differ_only_in_the_sign_of_the_half_width():
    lo, hi = catalog.get_query("wilson_lo").sql, catalog.get_query("wilson_hi").sql
    assert hi.count(f"+ {Z95} * sqrt(") == 1 and lo.count(f"- {Z95} * sqrt(") == 1
    assert hi.replace("wilson_hi", "wilson_lo").replace(f"+ {Z95} * sqrt(", f"- {Z95} * sqrt(") == lo


# z² stands only in the Wilson formula (the funnel plot's limits use z·se, not z²)
Z_SQUARED = re.compile(r"1\.9599\d*\s*\^\s*2|1\.96\s*\^\s*2|1\.9599\d*\s*\*\s*1\.9599")


@pytest.mark.parametrize("query", catalog.list_queries(), ids=lambda q: q.name)
def test_only_the_wilson_macros_write_the_formula(query):
    if query.name in ("wilson_lo", "wilson_hi"):
        assert Z_SQUARED.search(query.sql)
        return
    assert not Z_SQUARED.search(query.sql), f"{query.path}: call wilson_lo(k, n) / wilson_hi(k, n)"
    for column in query.columns:
        if column.endswith("rate_lo"):
            assert re.search(r"\bwilson_lo\(.*\) AS " + column + r"\b", query.sql), (query.name, column)
        if column.endswith("rate_hi"):
            assert re.search(r"\bwilson_hi\(.*\) AS " + column + r"\b", query.sql), (query.name, column)


# --- the wrappers of reports_in_view ------------------------------------------------------------------

@pytest.mark.parametrize("name", WRAPPERS)
def test_the_wrappers_forward_every_filter_unchanged(name):
    query = catalog.get_query(name)
    assert catalog.kind_of(query) == "base" and catalog.is_table_macro(query) and not query.params
    signature, _, body = query.sql.partition(") AS TABLE")
    for arg in FILTERS:
        assert re.search(rf"\b{arg} := NULL\b", signature), (name, arg)          # every filter, default NULL
        assert re.search(rf"\b{arg} := {arg}\b", body), (name, arg)              # passed on as it came
    assert re.search(r"\breports_in_view\(", body)


@pytest.mark.parametrize("filters", [
    {},
    {"scope": "components"},
    {"agency": "平潭", "scope": "all"},
    {"year_from": 2021, "year_to": 2023},
    {"years": [2021, 2022], "province": "江苏省"},
])
@pytest.mark.parametrize("group_by", model.GROUPINGS)
def test_reports_in_group_is_reports_in_view_with_the_group_value(con, group_by, filters):
    grouped = rows(con, "reports_in_group", group_by=group_by, **filters)
    plain = rows(con, "reports_in_view", **filters)
    groups = runner.run_query("report_groups", con=con)
    groups = groups[groups["group_by"] == group_by][["report_id", "group_value"]]
    expected = plain.merge(groups, on="report_id").sort_values("report_id").reset_index(drop=True)
    assert list(grouped.columns) == catalog.get_query("reports_in_group").columns
    assert len(grouped) == len(plain)                   # every report in view once, in its group
    same(grouped, expected)


def test_reports_in_group_defaults_to_one_group_for_everything(con):
    frame = runner.run_query("reports_in_group", con=con)
    assert len(frame) == len(runner.run_query("report_dims", con=con))
    assert set(frame["group_value"]) == {"全部"}


@pytest.mark.parametrize("filters", [
    {},
    {"scope": "all"},
    {"scope": "components", "agency": "街道"},
    {"years": [2020, 2021]},
    {"province": "江苏省"},
])
def test_reports_on_year_axis_drops_only_the_reports_without_a_year(con, filters):
    dated = rows(con, "reports_on_year_axis", **filters)
    plain = rows(con, "reports_in_view", **filters)
    assert list(dated.columns) == catalog.get_query("reports_on_year_axis").columns
    same(dated, plain[plain["year"].notna()].reset_index(drop=True))
    if not filters:
        assert len(plain) - len(dated) == 1              # report 26 states no year
