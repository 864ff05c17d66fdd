-- name:       app_agency_reports
-- title:      机构各年度报告 / An agency's reports by year
-- definition: the agency's current report of every year, with its status, identity-check counts, the checks it failed and how many versions of it are stored
-- unit:       count of checks
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per current report of the agency (normally one per year)
-- params:     agency_id=NULL
-- columns:    year, report_id, report_scope, format_version, status, published_on, version, version_count, pass_count, fail_count, na_count, failed_checks
-- caveats:    current versions only (every stored version: app_agency_versions); the page filters do not apply: the agency page shows every year; failed_checks lists check_id and scope of each failed parser check

WITH
current_of_agency AS (
    -- the agency's current reports, every year (queries/base/reports_in_view.sql, no filter)
    SELECT *
    FROM reports_in_view()
    WHERE agency_id = $agency_id
),
check_counts AS (
    SELECT
        k.report_id,
        count(*) FILTER (WHERE k.status = 'pass') AS pass_count,
        count(*) FILTER (WHERE k.status = 'fail') AS fail_count,
        count(*) FILTER (WHERE k.status = 'na') AS na_count,
        string_agg(k.check_id || ' ' || k.scope, '; ' ORDER BY k.seq) FILTER (WHERE k.status = 'fail')
            AS failed_checks
    FROM checks AS k
    JOIN current_of_agency AS v ON v.report_id = k.report_id
    GROUP BY k.report_id
),
versions AS (
    SELECT year, count(*) AS version_count
    FROM reports
    WHERE agency_id = $agency_id
    GROUP BY year
)
SELECT
    v.year,
    v.report_id,
    v.report_scope,
    v.format_version,
    v.status,
    v.published_on,
    r.version,
    coalesce(n.version_count, 1) AS version_count,
    coalesce(k.pass_count, 0) AS pass_count,
    coalesce(k.fail_count, 0) AS fail_count,
    coalesce(k.na_count, 0) AS na_count,
    k.failed_checks
FROM current_of_agency AS v
JOIN reports AS r ON r.report_id = v.report_id
LEFT JOIN versions AS n ON n.year IS NOT DISTINCT FROM v.year
LEFT JOIN check_counts AS k ON k.report_id = v.report_id
ORDER BY v.year NULLS LAST, v.report_id
