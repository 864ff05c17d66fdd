-- name:       review_chain_breaks
-- title:      跨年度衔接断裂 / Cross-year chain breaks (X.carry, X.stock)
-- definition: agency_year_chains rows with status = 'broken' for the current reports of review_reports: this year's 上年结转 ≠ last year's 结转下年度继续办理 (per applicant column), or 现行有效件数 ≠ last year's + 本年制发 − 本年废止
-- unit:       applications / documents (count)
-- versions:   v2019, v2021 (X.stock: v2021 → v2021 only)
-- version:    1
-- grain:      one row per current report × check_id × scope that is broken
-- params:     region=NULL, year=NULL
-- columns:    report_id, prev_report_id, prev_year, check_id, scope, expected_value, value, difference
-- caveats:    soft identities: amendments break X.stock and a change of 口径 breaks X.carry; only consecutive years with current reports of the same agency are compared
WITH scope_reports AS (
    SELECT d.report_id
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
)

SELECT
    c.report_id,
    c.prev_report_id,
    c.year - 1 AS prev_year,
    c.check_id,
    c.scope,
    c.expected_value,
    c.value,
    c.difference
FROM agency_year_chains AS c
JOIN scope_reports AS s ON s.report_id = c.report_id
WHERE c.status = 'broken'
ORDER BY c.report_id, c.check_id, c.scope
