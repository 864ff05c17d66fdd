-- name:       app_view_summary
-- title:      筛选范围概况 / What the filters select, in counts
-- definition: current reports in view counted per year and report scope, plus one total row (is_total): reports, distinct agencies, reports failing at least one identity check, and the identity checks passed / failed / not applicable
-- unit:       count of reports / agencies
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per year × report_scope, and one total row (year and report_scope NULL, is_total TRUE)
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, report_scope, is_total, report_count, agency_count, failed_report_count, check_pass_count, check_fail_count, check_na_count
-- caveats:    pages read their headline counts and the mixed-scope warning from here instead of loading every report in view (a national view holds ~10^5 reports a year); agency_count is on the total row only (each agency once across years; NULL on the per-year rows, where a distinct count per group would cost more than the rest of the query); filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope


WITH in_view AS (
    -- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
    SELECT * FROM reports_on_year_axis(years := $years, province := $province, city := $city,
        county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
),
per_year AS (
    SELECT
        v.year,
        v.report_scope,
        count(*) AS report_count,
        count(*) FILTER (WHERE k.fail_count > 0) AS failed_report_count,
        CAST(coalesce(sum(k.pass_count), 0) AS BIGINT) AS check_pass_count,
        CAST(coalesce(sum(k.fail_count), 0) AS BIGINT) AS check_fail_count,
        CAST(coalesce(sum(k.na_count), 0) AS BIGINT) AS check_na_count
    FROM in_view AS v
    LEFT JOIN report_check_counts AS k ON k.report_id = v.report_id   -- queries/base/report_check_counts.sql
    GROUP BY v.year, v.report_scope
)
SELECT year, report_scope, FALSE AS is_total, report_count, NULL::BIGINT AS agency_count,
    failed_report_count, check_pass_count, check_fail_count, check_na_count
FROM per_year
UNION ALL
SELECT NULL AS year, NULL AS report_scope, TRUE AS is_total,
    coalesce(sum(report_count), 0)::BIGINT AS report_count,
    (SELECT count(DISTINCT agency_id) FROM in_view) AS agency_count,
    coalesce(sum(failed_report_count), 0)::BIGINT AS failed_report_count,
    coalesce(sum(check_pass_count), 0)::BIGINT AS check_pass_count,
    coalesce(sum(check_fail_count), 0)::BIGINT AS check_fail_count,
    coalesce(sum(check_na_count), 0)::BIGINT AS check_na_count
FROM per_year
ORDER BY is_total, year, report_scope
