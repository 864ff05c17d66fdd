-- name:       in_force_stock_breaks
-- title:      现行有效件数与上年存量不衔接 / In-force stock does not follow from last year
-- definition: agency-years (both v2021) where t2.<row>.in_force(Y) ≠ in_force(Y−1) + issued(Y) − repealed(Y) for regulations or normative_documents (X.stock, docs/report-format.md §5)
-- unit:       offending rows
-- versions:   v2021
-- version:    1
-- grain:      one row per agency × year × row; zero rows = pass
-- params:     limit=2000
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference, breaks_count
-- caveats:    the first `limit` breaks in agency-name order (limit=NULL lists all; at 10^6 synthetic reports there are 10^5–10^6, and listing them all costs a second), breaks_count = how many there are in all; a soft identity: amended documents, expiry without repeal and re-counting break it without any error in the report
WITH broken AS (
    SELECT agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference
    FROM agency_year_chains
    WHERE check_id = 'X.stock' AND status = 'broken'
)

SELECT
    agency_id, agency_name, year, report_id, prev_report_id, scope, expected_value, value, difference,
    (SELECT count(*) FROM broken) AS breaks_count   -- all of them, however many rows are listed
FROM broken
ORDER BY agency_name, year, scope
LIMIT $limit
