-- name:       app_headline_by_year
-- title:      总览指标（按年） / Headline figures by year
-- definition: per report year: reports, agencies, t3.new_received.total, t3.total_processed.total, t3.granted.total, grant_rate = granted ÷ total_processed, identity checks passed ÷ (passed + failed)
-- unit:       count; rate 0–1
-- versions:   v2019, v2021, pre2019
-- version:    3
-- grain:      one row per year
-- params:     province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, report_count, agency_count, new_received_count, processed_count, granted_count, grant_rate, check_pass_count, check_fail_count, check_pass_rate, failed_report_count
-- caveats:    the year filter is not applied so that the page can compare with the previous year; filters as in reports_in_view (queries/base/reports_in_view.sql): province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH
check_counts AS (
    SELECT * FROM report_check_counts   -- queries/base/report_check_counts.sql
),
t3 AS (
    SELECT report_id, new_received, total_processed AS processed, granted
    FROM report_applications   -- queries/base/report_applications.sql (stored per report)
)
SELECT
    v.year,
    count(*) AS report_count,
    count(DISTINCT v.agency_id) AS agency_count,
    sum(t3.new_received) AS new_received_count,
    sum(t3.processed) AS processed_count,
    sum(t3.granted) AS granted_count,
    sum(t3.granted) FILTER (WHERE t3.processed > 0) / nullif(sum(t3.processed) FILTER (WHERE t3.granted IS NOT NULL), 0) AS grant_rate,
    coalesce(sum(k.pass_count), 0) AS check_pass_count,
    coalesce(sum(k.fail_count), 0) AS check_fail_count,
    sum(k.pass_count) / nullif(sum(k.pass_count) + sum(k.fail_count), 0) AS check_pass_rate,
    count(*) FILTER (WHERE k.fail_count > 0) AS failed_report_count
-- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
FROM reports_on_year_axis(province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS v
LEFT JOIN t3 ON t3.report_id = v.report_id
LEFT JOIN check_counts AS k ON k.report_id = v.report_id
GROUP BY v.year
ORDER BY v.year
