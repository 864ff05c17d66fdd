-- name:       carry_chain_breaks
-- title:      上年结转与上年结转下年不一致 / Carried over ≠ last year's carried forward
-- definition: agency-years where t3.carried_over.<col>(Y) ≠ t3.carried_forward.<col>(Y−1) between the agency's current reports (X.carry, docs/report-format.md §5)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per agency × year × applicant column; zero rows = pass
-- params:     limit=2000
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference, breaks_count
-- caveats:    the first `limit` breaks in agency-name order (limit=NULL lists all; at 10^6 synthetic reports there are 10^5–10^6, and listing them all costs a second), breaks_count = how many there are in all; a soft identity: a changed 口径 between years (e.g. applications withdrawn) also breaks it
WITH broken AS (
    SELECT agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference
    FROM agency_year_chains
    WHERE check_id = 'X.carry' AND status = 'broken'
)

SELECT
    agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference,
    (SELECT count(*) FROM broken) AS breaks_count   -- all of them, however many rows are listed
FROM broken
ORDER BY agency_name, year, scope
LIMIT $limit
