-- name:       app_check_grid
-- title:      校验结果（机构×年度） / Identity checks by agency and year
-- definition: identity checks passed, failed and not applicable, per agency and year (current reports)
-- unit:       count of checks
-- versions:   v2019, v2021, pre2019
-- version:    3
-- grain:      one row per current report (agency × year)
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL, limit=NULL
-- columns:    report_id, agency_id, agency_name, year, format_version, pass_count, fail_count, na_count, check_count, pass_rate
-- caveats:    pass_rate = pass ÷ (pass + fail), NULL when no check could run; limit = keep the reports of at most that many agencies, those with the most failed checks (then by name; NULL = every agency), so a national view stays a readable grid (totals: app_view_summary); filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH
check_counts AS (
    SELECT * FROM report_check_counts   -- queries/base/report_check_counts.sql
),
graded AS (
    SELECT
        v.report_id,
        v.agency_id,
        coalesce(v.agency_name, '#' || v.report_id) AS agency_name,
        v.year,
        v.format_version,
        coalesce(k.pass_count, 0) AS pass_count,
        coalesce(k.fail_count, 0) AS fail_count,
        coalesce(k.na_count, 0) AS na_count,
        coalesce(k.pass_count + k.fail_count + k.na_count, 0) AS check_count,
        k.pass_count / nullif(k.pass_count + k.fail_count, 0) AS pass_rate
    -- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
    FROM reports_on_year_axis(years := $years, province := $province, city := $city,
                              county := $county, level := $level, sector := $sector,
                              scope := $scope, agency := $agency) AS v
    LEFT JOIN check_counts AS k ON k.report_id = v.report_id
),
kept AS (
    -- the agencies with the most failed checks (ranked once per agency, not per report)
    SELECT agency_name
    FROM graded
    GROUP BY agency_name
    ORDER BY sum(fail_count) DESC, agency_name
    LIMIT $limit
)
SELECT report_id, agency_id, agency_name, year, format_version, pass_count, fail_count, na_count,
    check_count, pass_rate
FROM graded
WHERE agency_name IN (SELECT agency_name FROM kept)
ORDER BY agency_name, year
