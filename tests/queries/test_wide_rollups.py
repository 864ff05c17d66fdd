"""The roll-ups that read the wide per-report tables (report_outcomes_wide, report_counts_wide) give
exactly what the long form gave: each query is compared, row for row, with its former SQL over the
long tables (report_outcomes, report_counts), kept here as the reference. On the bundled reports
and on a synthetic warehouse with agencies that have two current reports in a year (the case the
matched-agency count of yoy_change_by_group must count once) and cells that are no counts. The
checks that now read per-report tables first (invalid_counts, current_report_duplicates) are
compared with their former SQL the same way."""
from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import synth
from gongkai import catalog, runner
from gongkai.store import db
from gongkai.store.stored import write_stored_tables

FILTERS = "province := $province, city := $city, county := $county, level := $level, sector := $sector, " \
          "scope := $scope, agency := $agency"

OUTCOME_RATES = """
SELECT s.group_value, s.year, o.outcome, sum(o.outcome_count) AS outcome_count,
       sum(o.base_count) AS base_count, count(*) AS reports_count
FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to, """ + FILTERS + """) AS s
JOIN report_outcomes AS o ON o.report_id = s.report_id
WHERE $outcome IS NULL OR o.outcome = $outcome
GROUP BY s.group_value, s.year, o.outcome
"""

FUNNEL = """
SELECT s.group_value, o.outcome, sum(o.outcome_count) AS outcome_count, sum(o.base_count) AS base_count,
       count(*) AS reports_count
FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to, """ + FILTERS + """) AS s
JOIN report_outcomes AS o ON o.report_id = s.report_id
WHERE o.outcome = $outcome
GROUP BY s.group_value, o.outcome
HAVING sum(o.base_count) > 0
"""

YOY = """
WITH per_report AS (
    SELECT s.report_id, s.agency_id, s.group_value, s.year, c.source_table, c.measure, c.value
    FROM reports_in_group(group_by := $group_by, """ + FILTERS + """) AS s
    JOIN report_counts AS c ON c.report_id = s.report_id
    WHERE $measure IS NULL OR c.measure = $measure
),
sums AS (
    SELECT group_value, year, measure, any_value(source_table) AS source_table, sum(value) AS value,
           count(*) AS reports_count
    FROM per_report GROUP BY group_value, year, measure
),
matched AS (
    SELECT cur.group_value, cur.year, cur.measure, count(DISTINCT cur.agency_id) AS matched_agencies_count,
           sum(cur.value) AS matched_value, sum(prev.value) AS matched_prev_value
    FROM per_report AS cur
    JOIN per_report AS prev
        ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.measure = cur.measure
    GROUP BY cur.group_value, cur.year, cur.measure
)
SELECT $group_by AS group_by, cur.group_value, cur.year, cur.source_table, cur.measure, cur.value,
       cur.reports_count, prev.value AS prev_value, prev.reports_count AS prev_reports_count,
       cur.value - prev.value AS change, (cur.value - prev.value) / nullif(prev.value, 0) AS change_pct,
       coalesce(m.matched_agencies_count, 0) AS matched_agencies_count, m.matched_value,
       m.matched_prev_value,
       (m.matched_value - m.matched_prev_value) / nullif(m.matched_prev_value, 0) AS matched_change_pct
FROM sums AS cur
LEFT JOIN sums AS prev ON prev.group_value IS NOT DISTINCT FROM cur.group_value
    AND prev.year = cur.year - 1 AND prev.measure = cur.measure
LEFT JOIN matched AS m ON m.group_value IS NOT DISTINCT FROM cur.group_value
    AND m.year = cur.year AND m.measure = cur.measure
WHERE ($year_from IS NULL OR cur.year >= $year_from) AND ($year_to IS NULL OR cur.year <= $year_to)
"""


def reference(con, sql, name, params):
    """The reference SQL with the query's parameters (header defaults for those not given)."""
    values = catalog.resolve_params(catalog.get_query(name), params)
    runner.install_base_views(con, sql)
    return con.execute(sql, {p: values[p] for p in catalog.referenced_params(sql)}).df()


def records(frame, columns):
    rows = frame[columns]
    return sorted((tuple(None if pd.isna(v) else (round(v, 9) if isinstance(v, float) else v) for v in row)
                   for row in rows.itertuples(index=False)), key=repr)


def assert_same(con, name, sql, params, columns=None):
    got = runner.run_query(name, params, con=con)
    want = reference(con, sql, name, params)
    columns = columns or list(want.columns)
    assert len(got) == len(want)
    assert records(got, columns) == records(want, columns)
    return got


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """3,000 synthetic reports, plus a second current report of the same agency and year for a few
    agencies (copies of their reports with other figures), stored tables rewritten."""
    path = tmp_path_factory.mktemp("wide") / "synthetic.duckdb"
    synth.build_warehouse(path, 3_000, seed=5)
    con = db.connect_write(path)
    try:
        con.execute("BEGIN")
        top = con.execute("SELECT max(report_id) FROM reports").fetchone()[0]
        picked = "SELECT report_id FROM reports WHERE is_current AND agency_id % 97 = 0 AND year >= 2022"
        con.execute("CREATE TEMP TABLE dup AS SELECT report_id, report_id + ? AS new_id FROM (" + picked + ")",
                    [top])
        con.execute("INSERT INTO documents SELECT * REPLACE (sha256 || 'd' AS sha256) FROM documents "
                    "WHERE sha256 IN (SELECT document_sha256 FROM reports WHERE report_id IN "
                    "(SELECT report_id FROM dup))")
        con.execute("INSERT INTO reports SELECT r.* REPLACE (d.new_id AS report_id, "
                    "r.document_sha256 || 'd' AS document_sha256) FROM reports AS r "
                    "JOIN dup AS d ON d.report_id = r.report_id")
        con.execute("INSERT INTO cells SELECT c.* REPLACE (d.new_id AS report_id, c.value * 2 + 1 AS value) "
                    "FROM cells AS c JOIN dup AS d ON d.report_id = c.report_id")
        # a few cells that are no counts (negative, fractional), for checks/invalid_counts
        con.execute("UPDATE cells SET value = -value - 1 WHERE report_id % 89 = 0 AND table_no = 3 "
                    "AND value IS NOT NULL")
        con.execute("UPDATE cells SET value = value + 0.5 WHERE report_id % 83 = 0 AND table_no = 4 "
                    "AND value IS NOT NULL")
        # aggregates whose own agency also files component reports inside their region (an agency
        # is never its own component; such an agency has several current reports in a year)
        con.execute("UPDATE reports AS r SET agency_id = a.agency_id, province = a.province, city = a.city, "
                    "county = a.county, region_code = a.region_code FROM (SELECT agency_id, year, province, "
                    "city, county, region_code, row_number() OVER (ORDER BY report_id) AS n FROM reports "
                    "WHERE is_current AND report_scope = 'jurisdiction_aggregate') AS a "
                    "WHERE r.is_current AND r.report_scope = 'agency' AND r.year = a.year "
                    "AND a.n <= 10 AND r.report_id % 40 = a.n")
        # some aggregates below their components, for checks/aggregate_below_component
        con.execute("UPDATE cells SET value = floor(value / 50) WHERE value IS NOT NULL AND report_id IN "
                    "(SELECT report_id FROM reports WHERE report_scope = 'jurisdiction_aggregate' "
                    "AND report_id % 2 = 0)")
        write_stored_tables(con)
        con.execute("COMMIT")
    finally:
        con.close()
    reader = db.connect_read(path)
    assert reader.execute("SELECT count(*) FROM report_counts_wide WHERE agency_year_reports = 2"
                          ).fetchone()[0] > 0
    assert reader.execute("SELECT count(*) FROM report_dims AS d JOIN report_dims AS a "
                          "ON a.agency_id = d.agency_id AND a.year = d.year "
                          "WHERE a.report_scope = 'jurisdiction_aggregate' AND d.report_scope = 'agency'"
                          ).fetchone()[0] > 1
    yield reader
    reader.close()


@pytest.fixture(params=["bundled", "synthetic"])
def warehouse_con(request, con, synthetic):
    return con if request.param == "bundled" else synthetic


@pytest.mark.parametrize("params", [
    {}, {"group_by": "agency"}, {"group_by": "all", "scope": "all"}, {"group_by": "year", "outcome": "backlog"},
    {"group_by": "level", "year_from": 2021, "outcome": "unavailable_not_held_share"}])
def test_outcome_rates_sum_the_wide_table_as_the_long_one(warehouse_con, params):
    assert_same(warehouse_con, "outcome_rates_by_group", OUTCOME_RATES, params)


@pytest.mark.parametrize("params", [
    {}, {"group_by": "agency"}, {"group_by": "sector", "outcome": "granted", "scope": "all"},
    {"group_by": "all", "outcome": "backlog"}])
def test_funnel_sums_the_wide_table_as_the_long_one(warehouse_con, params):
    assert_same(warehouse_con, "funnel_outcome_rate", FUNNEL, params)


@pytest.mark.parametrize("params", [
    {}, {"group_by": "agency"}, {"group_by": "all", "scope": "all"},
    {"group_by": "county", "measure": "new_received", "year_from": 2022},
    {"group_by": "sector", "measure": "fees_wan_yuan"}])
def test_yoy_change_from_the_wide_table_equals_the_long_form(warehouse_con, params):
    got = assert_same(warehouse_con, "yoy_change_by_group", YOY, params)
    assert list(got.columns) == catalog.get_query("yoy_change_by_group").columns


def test_duplicate_agency_years_count_their_agency_once(synthetic):
    frame = runner.run_query("yoy_change_by_group", {"group_by": "all", "measure": "new_received"}, con=synthetic)
    assert (frame["matched_agencies_count"] <= frame["reports_count"]).all()


IDENTITY = """
SELECT s.group_value, s.year, i.check_id, any_value(i.severity) AS severity, count(*) AS reports_count,
       count(*) FILTER (WHERE i.status IN ('pass', 'fail')) AS reports_checked,
       count(*) FILTER (WHERE i.status = 'fail') AS reports_failed,
       count(*) FILTER (WHERE i.status = 'na') AS reports_na
FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to, """ + FILTERS + """) AS s
JOIN report_identity_status AS i ON i.report_id = s.report_id
GROUP BY s.group_value, s.year, i.check_id
"""


@pytest.mark.parametrize("params", [{}, {"group_by": "agency", "scope": "all"}, {"group_by": "all"}])
def test_identity_failure_rates_from_the_wide_table_equal_the_long_form(warehouse_con, params):
    assert_same(warehouse_con, "identity_failure_rates_by_group", IDENTITY, params)


def test_identities_without_a_column_are_still_counted(synthetic):
    """A check id the wide table has no column for is read from the long table."""
    sql = IDENTITY.replace("report_identity_status", "extra_status")
    synthetic.execute("CREATE OR REPLACE TEMP TABLE extra_status AS SELECT * FROM report_identity_status "
                      "UNION ALL SELECT report_id, 'T9.new', 'H', 'fail', 1, 1, 'x' FROM report_dims "
                      "WHERE report_id % 5 = 0")
    synthetic.execute("CREATE OR REPLACE TEMP TABLE report_identity_status AS SELECT * FROM extra_status")
    synthetic.execute("CREATE OR REPLACE TEMP TABLE report_identity_wide AS SELECT w.* REPLACE "
                      "(w.other_checks_count + CASE WHEN w.report_id % 5 = 0 THEN 1 ELSE 0 END "
                      "AS other_checks_count) FROM main.report_identity_wide AS w")
    try:
        frame = assert_same(synthetic, "identity_failure_rates_by_group", sql, {"group_by": "all"})
        assert "T9.new" in set(frame["check_id"])
    finally:
        synthetic.execute("DROP TABLE temp.main.report_identity_status")
        synthetic.execute("DROP TABLE temp.main.report_identity_wide")
        synthetic.execute("DROP TABLE temp.main.extra_status")


@pytest.mark.parametrize("group_by", ["agency", "province", "city", "county", "level", "sector", "scope",
                                      "year", "all"])
def test_reports_in_group_gives_the_group_report_groups_stores(warehouse_con, group_by):
    runner.install_base_views(warehouse_con, "reports_in_group report_groups")
    got = warehouse_con.execute("SELECT report_id, group_value FROM reports_in_group(group_by := $g, scope := 'all')",
                                {"g": group_by}).df()
    want = warehouse_con.execute("SELECT report_id, group_value FROM report_groups WHERE group_by = $g",
                                 {"g": group_by}).df()
    assert records(got, ["report_id", "group_value"]) == records(want, ["report_id", "group_value"])


INVALID = """
SELECT d.report_id, d.agency_name, d.year, c.cell_key, c.value, c.raw_text, c.source_where
FROM cells AS c
JOIN report_dims AS d ON d.report_id = c.report_id
WHERE c.value IS NOT NULL
  AND ((c.table_no IN (3, 4) AND (c.value < 0 OR c.value <> floor(c.value)))
       OR (c.table_no = 2 AND c.value < 0 AND c.col_key <> 'items_change'))
"""

DUPLICATES = """
SELECT agency_id, any_value(agency_name) AS agency_name, year, count(*) AS current_count,
       string_agg(CAST(report_id AS VARCHAR), ', ' ORDER BY report_id) AS report_ids
FROM report_dims
WHERE agency_id IS NOT NULL AND year IS NOT NULL
GROUP BY agency_id, year
HAVING count(*) > 1
"""


@pytest.mark.parametrize("name, sql", [("invalid_counts", INVALID), ("current_report_duplicates", DUPLICATES)])
def test_checks_reading_per_report_tables_find_what_the_full_scan_found(warehouse_con, name, sql):
    assert_same(warehouse_con, name, sql, {})


@pytest.mark.parametrize("name", ["invalid_counts", "current_report_duplicates"])
def test_the_synthetic_faults_are_found(synthetic, name):
    assert len(runner.run_query(name, con=synthetic)) > 0


BELOW = """
WITH aggregates AS (SELECT * FROM reports_in_view(scope := 'jurisdiction_aggregate')),
aggregate_places AS (
    SELECT report_id, region_keys(province, city, county, region_code).own_code AS place, TRUE AS needs_code
    FROM aggregates WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code
    FROM aggregates WHERE coalesce(county, city, province) IS NOT NULL
),
component_places AS (
    SELECT c.report_id, c.agency_name, c.year, c.region_code IS NOT NULL AS has_code, k.place
    FROM reports_in_view(scope := 'components') AS c,
        unnest(region_keys(c.province, c.city, c.county, c.region_code).within) AS k (place)
),
largest AS (
    SELECT cp.place, cp.has_code, cp.year, m.measure, max(m.value) AS component_value,
           arg_max(cp.report_id, m.value) AS component_report_id
    FROM component_places AS cp JOIN report_counts AS m ON m.report_id = cp.report_id
    WHERE m.value IS NOT NULL
    GROUP BY cp.place, cp.has_code, cp.year, m.measure
),
above AS (
    SELECT a.report_id, a.agency_name, a.year, ac.measure, ac.value AS aggregate_value,
           l.component_report_id, l.component_value,
           row_number() OVER (PARTITION BY a.report_id, ac.measure
                              ORDER BY l.component_value DESC, l.component_report_id) AS rank
    FROM aggregates AS a
    JOIN aggregate_places AS ap ON ap.report_id = a.report_id
    JOIN report_counts AS ac ON ac.report_id = a.report_id
    JOIN largest AS l ON l.place = ap.place AND l.year = a.year AND l.measure = ac.measure
    WHERE (ap.needs_code IS NULL OR ap.needs_code = l.has_code)
      AND l.component_value > ac.value AND l.component_report_id <> a.report_id
)
SELECT report_id, agency_name, year, measure, aggregate_value, component_value FROM above WHERE rank = 1
"""


def test_aggregate_below_component_from_the_wide_table_flags_what_the_long_form_flagged(warehouse_con):
    """The same aggregates, counts and largest component figures (which of two tied components is
    named was never defined, so the component's id is compared through its figure)."""
    got = assert_same(warehouse_con, "aggregate_below_component", BELOW, {},
                      ["report_id", "agency_name", "year", "measure", "aggregate_value", "component_value"])
    if warehouse_con is not None and len(got):
        runner.install_base_views(warehouse_con, "report_counts report_dims")
        named = warehouse_con.execute(
            "SELECT count(*) FROM report_counts AS c JOIN report_dims AS d ON d.report_id = c.report_id "
            "JOIN got AS g ON g.component_report_id = c.report_id AND g.measure = c.measure "
            "AND g.component_value = c.value AND g.component_agency_name = d.agency_name").fetchone()[0]
        assert named == len(got)


def test_the_synthetic_aggregates_below_their_components_are_found(synthetic):
    assert len(runner.run_query("aggregate_below_component", con=synthetic)) > 0


VS_COMPONENTS = """
WITH aggregates AS (
    SELECT d.* FROM reports_in_view(year_from := $year_from, year_to := $year_to,
                                    scope := 'jurisdiction_aggregate', agency := $agency) AS d
),
aggregate_keys AS (
    SELECT report_id, agency_id, region_keys(province, city, county, region_code).own_code AS place,
        TRUE AS needs_code
    FROM aggregates WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, agency_id, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code
    FROM aggregates WHERE coalesce(county, city, province) IS NOT NULL
),
candidates AS (
    SELECT 'known' AS role, NULL::INTEGER AS report_id, agency_id, NULL::INTEGER AS year,
        province, city, county, region_code
    FROM agencies WHERE scope IN ('agency', 'government_organ')
    UNION ALL
    SELECT 'component' AS role, report_id, agency_id, year, province, city, county, region_code
    FROM reports_in_view(scope := 'components')
),
candidate_keys AS (
    SELECT c.role, c.report_id, c.agency_id, c.year, c.region_code IS NOT NULL AS has_code, k.place
    FROM candidates AS c, unnest(region_keys(c.province, c.city, c.county, c.region_code).within) AS k (place)
),
matches AS (
    SELECT ak.report_id, ck.role, ck.report_id AS component_report_id, ck.agency_id, ck.year
    FROM aggregate_keys AS ak JOIN candidate_keys AS ck ON ck.place = ak.place
    WHERE ck.agency_id IS DISTINCT FROM ak.agency_id AND (ak.needs_code IS NULL OR ak.needs_code = ck.has_code)
),
known AS (SELECT report_id, agency_id FROM matches WHERE role = 'known'),
components AS (
    SELECT m.report_id, m.component_report_id, m.agency_id
    FROM matches AS m JOIN aggregates AS a ON a.report_id = m.report_id
    WHERE m.role = 'component' AND m.year = a.year
),
coverage AS (
    SELECT a.report_id, coalesce(r.agencies_count, 0) AS agencies_reported_count,
        coalesce(k.agencies_count, 0) AS agencies_known_count
    FROM aggregates AS a
    LEFT JOIN (SELECT report_id, count(DISTINCT agency_id) AS agencies_count FROM components
               GROUP BY report_id) AS r ON r.report_id = a.report_id
    LEFT JOIN (SELECT report_id, count(DISTINCT agency_id) AS agencies_count FROM known
               GROUP BY report_id) AS k ON k.report_id = a.report_id
),
component_sums AS (
    SELECT c.report_id, rc.measure, sum(rc.value) AS components_sum, count(*) AS components_reporting_count
    FROM components AS c JOIN report_counts AS rc ON rc.report_id = c.component_report_id
    GROUP BY c.report_id, rc.measure
)
SELECT a.report_id, a.agency_name, a.year, a.level, a.region_code, ac.measure, ac.value AS aggregate_value,
    coalesce(cs.components_sum, 0) AS components_sum,
    coalesce(cs.components_reporting_count, 0) AS components_reporting_count,
    ac.value - coalesce(cs.components_sum, 0) AS difference,
    cs.components_sum / nullif(ac.value, 0) AS components_share,
    cov.agencies_reported_count, cov.agencies_known_count,
    cov.agencies_reported_count / nullif(cov.agencies_known_count, 0) AS coverage_share
FROM aggregates AS a
JOIN report_counts AS ac ON ac.report_id = a.report_id
LEFT JOIN component_sums AS cs ON cs.report_id = a.report_id AND cs.measure = ac.measure
JOIN coverage AS cov ON cov.report_id = a.report_id
WHERE $measure IS NULL OR ac.measure = $measure
"""


@pytest.mark.parametrize("params", [{}, {"measure": "new_received", "year_from": 2022}])
def test_aggregate_vs_components_from_place_sums_equals_the_pairwise_form(warehouse_con, params):
    got = assert_same(warehouse_con, "aggregate_vs_components", VS_COMPONENTS, params)
    assert list(got.columns) == catalog.get_query("aggregate_vs_components").columns


SIMILARITY = """
WITH selected AS (
    SELECT d.* FROM reports_in_view(year_from := $year_from, year_to := $year_to, """ + FILTERS + """) AS d
),
wanted AS (
    SELECT report_id FROM selected
    UNION
    SELECT p.report_id FROM selected AS s JOIN report_dims AS p ON p.agency_id = s.agency_id AND p.year = s.year - 1
),
grams AS (
    SELECT n.report_id, n.agency_id, n.year, n.narrative_chars,
        list_distinct(list_transform(range(1, greatest(n.narrative_chars - 1, 1)),
                                     lambda i: substr(n.narrative, i, 3))) AS trigrams
    FROM report_narratives AS n
    WHERE n.agency_id IS NOT NULL AND n.year IS NOT NULL AND n.report_id IN (SELECT report_id FROM wanted)
),
pairs AS (
    SELECT s.agency_id, s.agency_name, s.year, cur.report_id, prev.report_id AS prev_report_id,
        cur.narrative_chars, prev.narrative_chars AS prev_narrative_chars,
        len(list_intersect(cur.trigrams, prev.trigrams)) AS shared_trigrams,
        len(list_distinct(list_concat(cur.trigrams, prev.trigrams))) AS union_trigrams
    FROM selected AS s
    JOIN grams AS cur ON cur.report_id = s.report_id
    JOIN grams AS prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
)
SELECT agency_id, agency_name, year, report_id, prev_report_id, narrative_chars, prev_narrative_chars,
    shared_trigrams, union_trigrams, shared_trigrams / nullif(union_trigrams, 0) AS similarity,
    shared_trigrams / nullif(union_trigrams, 0) >= $threshold AS is_copied
FROM pairs
"""


@pytest.mark.parametrize("params", [{}, {"year_from": 2022, "scope": "all"}])
def test_narrative_similarity_from_the_stored_pairs_equals_trigrams_cut_at_query_time(warehouse_con, params):
    got = assert_same(warehouse_con, "narrative_similarity_by_agency_year", SIMILARITY, params)
    assert len(got) > 0 or params


IDENTITY_FAILURES = """
SELECT d.report_id, d.agency_name, d.year, k.check_id, k.scope, k.detail
FROM checks AS k
JOIN report_dims AS d ON d.report_id = k.report_id
WHERE k.status = 'fail'
"""


def test_identity_failures_from_the_stored_lists_equal_the_scan_of_every_check(warehouse_con):
    assert_same(warehouse_con, "identity_failures", IDENTITY_FAILURES, {})


def test_the_synthetic_identity_failures_are_found_in_check_order(synthetic):
    got = runner.run_query("identity_failures", con=synthetic)
    assert len(got) > 0
    want = synthetic.execute("SELECT k.report_id, k.check_id, k.scope FROM checks AS k JOIN report_dims AS d "
                             "ON d.report_id = k.report_id WHERE k.status = 'fail' ORDER BY k.report_id, k.seq"
                             ).fetchall()
    assert [tuple(r) for r in got[["report_id", "check_id", "scope"]].itertuples(index=False)] == want


@pytest.mark.parametrize("name, check_id", [("carry_chain_breaks", "X.carry"), ("in_force_stock_breaks", "X.stock")])
def test_chain_break_listings_take_a_limit_and_say_how_many_there_are(synthetic, name, check_id):
    every = runner.run_query(name, {"limit": None}, con=synthetic)
    want = synthetic.execute("SELECT count(*) FROM agency_year_chains WHERE check_id = ? AND status = 'broken'",
                             [check_id]).fetchone()[0]
    assert len(every) == want > 5
    assert (every["breaks_count"] == want).all()
    first = runner.run_query(name, {"limit": 5}, con=synthetic)
    assert len(first) == 5 and (first["breaks_count"] == want).all()
    assert list(first["agency_name"]) == sorted(every["agency_name"])[:5]
