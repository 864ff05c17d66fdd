-- name:       cross_year_chains_by_agency_year
-- title:      跨年度勾稽（结转、现行有效件数） / Cross-year chains per agency-year
-- definition: for each agency-year with a current report in the previous year: X.carry t3.carried_over.<col>(Y) vs t3.carried_forward.<col>(Y−1) for the 7 applicant columns, X.stock t2.<row>.in_force(Y) vs in_force(Y−1) + issued(Y) − repealed(Y) (v2021 both years), with status holds | broken | missing_value | no_previous_report | not_comparable
-- unit:       applications / documents (count)
-- versions:   v2019, v2021 (X.stock: v2021 only)
-- version:    2
-- grain:      one row per agency × year × check_id × scope
-- params:     year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='all', status=NULL, check_id=NULL
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, check_id, scope, expected_value, value, difference, status
-- caveats:    a listing, not a roll-up, so scope defaults to all (aggregates included: their chains are as telling); filters apply to the year-Y report; both chains are soft identities (docs/report-format.md §5); filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
SELECT
    c.agency_id,
    c.agency_name,
    c.year,
    c.report_id,
    c.prev_report_id,
    c.check_id,
    c.scope,
    c.expected_value,
    c.value,
    c.difference,
    c.status
-- current reports passing the filters (queries/base/reports_in_view.sql)
FROM reports_in_view(year_from := $year_from, year_to := $year_to, province := $province,
                     city := $city, county := $county, level := $level, sector := $sector,
                     scope := $scope, agency := $agency) AS s
JOIN agency_year_chains AS c ON c.report_id = s.report_id
WHERE ($status IS NULL OR c.status = $status)
  AND ($check_id IS NULL OR c.check_id = $check_id)
ORDER BY c.agency_name, c.year, c.check_id,
    CASE c.scope WHEN 'total' THEN 1 ELSE 0 END, c.scope
