"""Aggregates against their components, on a tiny warehouse whose rows are named for the case
(the bundled aggregates, 平潭 and 沭阳县人民政府, state no region, so they have no components)."""
from __future__ import annotations

import duckdb
import pytest

from gongkai import runner
from gongkai.store import db

REGION = ("江苏省", "宿迁市", "沭阳县", "321322")
AGENCIES = [  # agency_id, name, province, city, county, code, level, sector, scope
    (1, "沭阳县全县汇总", *REGION, "县", "人民政府", "jurisdiction_aggregate"),
    (2, "沭阳县发展和改革局", *REGION, "县", "发展改革", "agency"),
    (3, "沭阳县财政局_no_2023_report", *REGION, "县", "财政", "agency"),
    (4, "宿城区商务局_outside_the_county", "江苏省", "宿迁市", "宿城区", "321302", "县", "商务", "agency"),
]
REPORTS = [  # report_id, agency_id, year, scope, new_received, total_processed
    (1, 1, 2023, "jurisdiction_aggregate", 40, 20),   # processed 20 < the 26 of one component: A.scope
    (2, 2, 2023, "agency", 26, 26),
    (3, 3, 2022, "agency", 7, 7),
    (4, 4, 2023, "agency", 5, 5),
]


@pytest.fixture(scope="module")
def tiny():
    con = duckdb.connect(":memory:")
    db.execute(con, db.SCHEMA_FILE.read_text(encoding="utf-8"))
    db.insert_rows(con, "agencies", AGENCIES)
    by_id = {a[0]: a for a in AGENCIES}
    rows, cells = [], []
    for rid, aid, year, scope, new, processed in REPORTS:
        a = by_id[aid]
        rows.append((rid, f"sha{rid}", "parsed", aid, a[1], year, "v2021", scope, None, None,
                     a[2], a[3], a[4], a[5], 4, 0, 1, True, None, "test"))
        for row_key, value in (("new_received", new), ("carried_over", 0),
                               ("total_processed", processed), ("carried_forward", new - processed)):
            cells.append((rid, f"t3.{row_key}.total", 3, row_key, "total", float(value), str(value), "test"))
    db.insert_rows(con, "reports", rows)
    db.insert_rows(con, "cells", cells)
    yield con
    con.close()


def test_aggregate_is_compared_with_the_sum_of_the_agencies_inside_its_region(tiny):
    frame = runner.run_query("aggregate_vs_components", {"measure": "new_received"}, con=tiny)
    row = frame.iloc[0]
    assert len(frame) == 1 and row.agency_name == "沭阳县全县汇总"
    assert (row.aggregate_value, row.components_sum, row.components_reporting_count) == (40, 26, 1)
    assert row.difference == 14
    # n of N: 发改局 reported for 2023; 财政局 is known but did not; 宿城区 is outside the county
    assert (row.agencies_reported_count, row.agencies_known_count, row.coverage_share) == (1, 2, 0.5)


def test_an_aggregate_below_one_of_its_components_is_flagged(tiny):
    frame = runner.run_query("aggregate_below_component", con=tiny)
    assert list(zip(frame.measure, frame.aggregate_value, frame.component_value)) \
        == [("total_processed", 20, 26)]


def test_county_rollup_never_adds_the_aggregate_to_its_components(tiny):
    frame = runner.run_query("applications_by_group", {"group_by": "county", "year_from": 2023}, con=tiny)
    county = frame[frame.group_value == "沭阳县"].iloc[0]
    assert county.new_received == 26 and county.reports_count == 1
    everything = runner.run_query("applications_by_group",
                             {"group_by": "county", "year_from": 2023, "scope": "all"}, con=tiny)
    assert everything[everything.group_value == "沭阳县"].iloc[0].new_received == 66   # why the default
