"""queries/base/reports_in_view.sql is the one home of the "which current reports are in view" filter:
every app, indicator, check and review query filters through it, so a filter means the same on every
chart (it used to be copied into a dozen files, and the copies drifted: agency was a substring on the
app pages but an exact name in the indicators)."""
from __future__ import annotations

import re

import pytest

from gongkai import catalog, runner

MACRO = "reports_in_view"
FILTER_PARAMS = ("years", "year_from", "year_to", "province", "city", "county", "region", "level",
                 "sector", "scope", "agency")


def ids(con, **args):
    """Report ids the macro returns for these arguments, bound as $parameters (None = NULL)."""
    runner.install_base_views(con, MACRO)
    call = ", ".join(f"{name} := ${name}" for name in args)          # names from this test only
    rows = con.execute("SELECT report_id FROM reports_in_view(" + call + ")", args or None).fetchall()
    return {r[0] for r in rows}


# --- the macro's semantics ------------------------------------------------------------------------

def test_the_macro_is_a_base_file_created_as_a_temp_macro(con):
    query = catalog.get_query(MACRO)
    assert catalog.kind_of(query) == "base" and catalog.is_macro(query) and not query.params
    frame = runner.run_query(MACRO, con=con)                 # every argument NULL: every current report
    assert list(frame.columns) == query.columns
    assert len(frame) == len(runner.run_query("report_dims", con=con))
    script = runner.sql_script("outcome_rates_by_group")
    assert script.index("TEMP VIEW report_dims") < script.index("TEMP MACRO reports_in_view") \
        < script.index("FROM reports_in_view(")


def test_null_arguments_mean_no_filter(con):
    everything = ids(con)
    assert ids(con, **{name: None for name in FILTER_PARAMS}) == everything
    assert 26 in everything                             # the one report without a year is kept …
    assert 26 not in ids(con, year_from=2000)           # … until a year is asked for


def test_years_list_and_range_combine(con):
    assert ids(con, years=[2020]) == {12, 13, 14, 15}
    assert ids(con, years=[2021, 2022], year_from=2022) == ids(con, years=[2022])
    assert ids(con, year_from=2021, year_to=2021) == ids(con, years=[2021])
    assert ids(con, years=[]) == set()                   # an empty list keeps nothing


def test_scope_components_all_and_exact(con):
    components = ids(con, scope="components")
    assert components == ids(con, scope="agency") | ids(con, scope="government_organ")
    assert not components & ids(con, scope="jurisdiction_aggregate")
    assert ids(con, scope="all") == ids(con, scope=None) == ids(con)
    assert ids(con, scope="jurisdiction_aggregate") == {2, 3, 4, 6, 8, 11}   # 4: p2022.html over its PDF


def test_agency_is_a_case_sensitive_substring_of_the_name(con):
    assert ids(con, agency="街道") == {12, 14, 15}
    assert ids(con, agency="平潭综合实验区") == {2, 3, 4, 8, 11}       # the exact name still works
    assert ids(con, agency="商务局") == {1}
    assert ids(con, agency="平潭综合实验区' OR '1'='1") == set()      # bound, never spliced
    dims = runner.run_query("report_dims", con=con)
    assert ids(con, agency="") == set(dims.loc[dims["agency_name"].notna(), "report_id"])


def test_region_columns_come_from_report_dims(con):
    assert ids(con, province="江苏省") == ids(con, region="江苏省") == {24}   # r027.html over PDF/DOCX
    assert ids(con, county="沭阳县", level="县", sector="发展改革") == {24}
    assert ids(con, city="宿迁市") == ids(con, region="宿迁市")


# --- every query uses it ----------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"agency": "商务局"},                    # a substring: the app's search box
    {"agency": "街道", "scope": "components"},
    {"agency": "平潭综合实验区", "scope": "all"},
    {"province": "江苏省", "level": "县"},
    {"scope": "jurisdiction_aggregate"},
    {"sector": "人民政府", "scope": "components"},
])
def test_an_app_query_and_an_indicator_see_the_same_reports(con, params):
    app = runner.run_query("app_reports_in_view", params, con=con)
    listing = runner.run_query("publication_timeliness_by_report", params, con=con)
    listing = listing[listing["year"].notna()]          # the app leaves out reports without a year
    assert set(app["report_id"]) == set(listing["report_id"])
    assert set(app["report_id"]) == ids(con, **params) - {26}
    # a roll-up counts the same reports
    rollup = runner.run_query("late_publication_rate_by_group", {"group_by": "all", **params}, con=con)
    assert rollup.loc[rollup["year"].notna(), "reports_count"].sum() == len(app)


def test_app_and_indicator_years_agree(con):
    app = runner.run_query("app_check_grid", {"years": [2021, 2022], "agency": "平潭"}, con=con)
    indicator = runner.run_query("applications_by_group", {"group_by": "agency", "year_from": 2021,
                                                      "year_to": 2022, "agency": "平潭",
                                                      "scope": None}, con=con)
    assert sorted(app["year"]) == sorted(indicator["year"]) == [2021, 2022]


def _sql_without_comments(query) -> str:
    return "\n".join(line.split("--", 1)[0] for line in query.sql.splitlines())


# the pieces of the old copied filter block: a `$param IS NULL OR …` test of a filter parameter, the
# 'components' / 'all' scope rule, an agency match, the review pages' region rule
# (year_from / year_to may be tested elsewhere: yoy_change_by_group selects year Y after the change)
FILTER_BLOCK = re.compile(
    r"\$(?:" + "|".join(set(FILTER_PARAMS) - {"year_from", "year_to"}) + r"|year)\s+IS\s+NULL"
    r"|(?<!:)=\s*'components'|'components'\s+THEN|(?<!:)=\s*'all'"
    r"|agency_name\s*=\s*\$agency|contains\s*\([^)]*agency"
    r"|regexp_full_match\s*\(\s*\$region",
    re.IGNORECASE)


@pytest.mark.parametrize("query", [q for q in catalog.list_queries() if q.name != MACRO], ids=lambda q: q.name)
def test_no_query_but_the_macro_holds_the_filter_block(query):
    found = [m.group(0) for m in FILTER_BLOCK.finditer(_sql_without_comments(query))]
    assert not found, f"{query.path} filters reports itself ({found}); call reports_in_view(…) instead"


# base table macros that pass their arguments on to reports_in_view (tests/queries/test_base_macros.py
# checks that they forward every filter unchanged)
WRAPPERS = tuple(q.name for q in catalog.list_queries("base")
                 if q.name != MACRO and catalog.is_table_macro(q) and re.search(rf"\b{MACRO}\(", q.sql))


@pytest.mark.parametrize("query", [q for q in catalog.list_queries()
                                   if {"agency", "region", "scope"} & set(q.params)],
                         ids=lambda q: q.name)
def test_every_query_with_report_filters_calls_the_macro(query):
    sql = _sql_without_comments(query)
    # the macro itself, or a base table macro that wraps it (reports_in_group, reports_on_year_axis)
    assert any(re.search(rf"\b{name}\(", sql) for name in (MACRO, *WRAPPERS)), query.name
    # year_from / year_to are left out: yoy_change_by_group applies them to year Y only, after the filter
    for name in (set(FILTER_PARAMS) - {"year_from", "year_to"}) & set(query.params):
        assert re.search(rf"\b{name}\s*:=\s*\${name}\b", sql), (query.name, name)
