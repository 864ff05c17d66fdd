-- name:       app_reports_in_view
-- title:      筛选范围内的报告 / Reports in view
-- definition: current reports that pass the filters, with their identity-check counts
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    4
-- grain:      one row per current report
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL, agency_id=NULL, limit=NULL
-- columns:    report_id, agency_id, agency_name, year, province, city, county, level, sector, report_scope, format_version, status, pass_count, fail_count, na_count
-- caveats:    ordered newest year first, then by agency name; limit = at most that many rows (NULL = all): pages list the first few thousand and count the rest with app_view_summary; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); agency_id (one agency, for a chart point's drill-down); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH
check_counts AS (
    SELECT * FROM report_check_counts   -- queries/base/report_check_counts.sql
)
SELECT
    v.report_id, v.agency_id, v.agency_name, v.year, v.province, v.city, v.county, v.level, v.sector,
    v.report_scope, v.format_version, v.status,
    coalesce(k.pass_count, 0) AS pass_count,
    coalesce(k.fail_count, 0) AS fail_count,
    coalesce(k.na_count, 0) AS na_count
-- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
FROM reports_on_year_axis(years := $years, province := $province, city := $city, county := $county,
                          level := $level, sector := $sector, scope := $scope,
                          agency := $agency) AS v
LEFT JOIN check_counts AS k ON k.report_id = v.report_id
WHERE $agency_id IS NULL OR v.agency_id = $agency_id
ORDER BY v.year DESC, v.agency_name, v.report_id
LIMIT $limit
