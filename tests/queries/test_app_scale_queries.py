"""The app queries that keep pages small at national scale: counts come from app_view_summary, lists
are limited, and the filter options are one row per option. Each is checked against the full list
of reports in view (app_reports_in_view without a limit) on the bundled reports."""
from __future__ import annotations

import pytest

from gongkai import runner

VIEWS = [{"scope": "all"}, {"scope": "components"}, {"scope": "all", "years": [2022, 2023]}]


@pytest.mark.parametrize("params", VIEWS, ids=str)
def test_view_summary_counts_what_the_full_list_holds(con, params):
    reports = runner.run_query("app_reports_in_view", params, con=con)
    summary = runner.run_query("app_view_summary", params, con=con)
    total = summary[summary["is_total"]].iloc[0]
    parts = summary[~summary["is_total"]]
    assert len(reports) > 0
    assert int(total["report_count"]) == len(reports) == int(parts["report_count"].sum())
    assert int(total["agency_count"]) == reports["agency_id"].nunique()
    assert int(total["failed_report_count"]) == int((reports["fail_count"] > 0).sum())
    assert int(total["check_fail_count"]) == int(reports["fail_count"].sum())
    assert int(total["check_pass_count"]) == int(reports["pass_count"].sum())
    by_scope_year = reports.groupby(["year", "report_scope"]).size()
    for row in parts.itertuples():
        assert by_scope_year[(row.year, row.report_scope)] == row.report_count


def test_limit_keeps_the_first_rows_in_the_same_order(con):
    every = runner.run_query("app_reports_in_view", {"scope": "all"}, con=con)
    first = runner.run_query("app_reports_in_view", {"scope": "all", "limit": 3}, con=con)
    assert list(first["report_id"]) == list(every["report_id"][:3])
    with pytest.raises(ValueError):
        runner.run_query("app_reports_in_view", {"limit": "many"}, con=con)


def test_agencies_in_view_add_up_to_the_reports_with_an_agency(con):
    reports = runner.run_query("app_reports_in_view", {"scope": "all"}, con=con)
    agencies = runner.run_query("app_agencies_in_view", {"scope": "all"}, con=con)
    with_agency = reports[reports["agency_id"].notna()]
    assert int(agencies["report_count"].sum()) == len(with_agency)
    assert agencies["agency_id"].is_unique
    for row in agencies.itertuples():
        mine = with_agency[with_agency["agency_id"] == row.agency_id]
        assert row.report_ids == ",".join(str(r) for r in sorted(mine["report_id"]))
        assert row.latest_report_id == int(mine.sort_values("year")["report_id"].iloc[-1])
        assert row.failed_report_count == int((mine["fail_count"] > 0).sum())
    assert len(runner.run_query("app_agencies_in_view", {"scope": "all", "limit": 2}, con=con)) == 2


def test_check_grid_limit_keeps_whole_agencies_with_the_most_failed_checks(con):
    grid = runner.run_query("app_check_grid", {"scope": "all"}, con=con)
    fails = grid.groupby("agency_name")["fail_count"].sum()
    order = sorted(fails.index, key=lambda name: (-fails[name], name))
    limited = runner.run_query("app_check_grid", {"scope": "all", "limit": 2}, con=con)
    assert set(limited["agency_name"]) == set(order[:2])
    for name in order[:2]:          # every report of a kept agency stays
        assert (limited["agency_name"] == name).sum() == (grid["agency_name"] == name).sum()


def test_filter_options_hold_each_value_once_per_filter(con):
    options = runner.run_query("app_filter_options", con=con)
    reports = runner.run_query("app_reports_in_view", {"scope": "all"}, con=con)
    assert set(options["option_kind"]) == {"region", "year", "level", "sector", "scope"}
    for kind in ("region", "year", "level", "sector", "scope"):   # each filter sees every report
        assert int(options.loc[options["option_kind"] == kind, "report_count"].sum()) == len(reports)
    years = options[options["option_kind"] == "year"]
    assert sorted(years["year"].astype(int)) == sorted(reports["year"].astype(int).unique())
    assert int(years["report_count"].sum()) == len(reports)
    regions = options[options["option_kind"] == "region"]
    assert regions[["province", "city", "county"]].drop_duplicates().shape[0] == len(regions)
    assert set(options["report_scope"].dropna()) == set(reports["report_scope"])
