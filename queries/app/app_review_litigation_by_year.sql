-- name:       app_review_litigation_by_year
-- title:      复议诉讼（按年） / Reviews and lawsuits by year
-- definition: sum over current reports of each table 4 cell (t4.cases.*), per year
-- unit:       cases (件)
-- versions:   v2019, v2021, pre2019
-- version:    3
-- grain:      one row per year × col_key
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, col_key, value_sum, report_count, failed_report_count
-- caveats:    failed_report_count counts reports failing a T4 identity; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope


WITH
t4_failed AS (
    SELECT DISTINCT report_id
    FROM report_identity_status   -- queries/base/report_identity_status.sql (stored)
    WHERE status = 'fail' AND check_id LIKE 'T4.%'
),
per_report AS (
    -- one row per report, one column per table 4 cell (queries/base/report_review.sql, stored)
    SELECT v.year, (f.report_id IS NOT NULL) AS t4_failed, t4.* EXCLUDE (report_id)
    -- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
    FROM reports_on_year_axis(years := $years, province := $province, city := $city,
                              county := $county, level := $level, sector := $sector,
                              scope := $scope, agency := $agency) AS v
    JOIN report_review AS t4 ON t4.report_id = v.report_id
    LEFT JOIN t4_failed AS f ON f.report_id = v.report_id
),
per_year AS (
    SELECT year, count(*) FILTER (WHERE t4_failed) AS failed_report_count
    FROM per_report
    GROUP BY year
),
sums AS (
    UNPIVOT (
        SELECT year, sum(COLUMNS(* EXCLUDE (year, t4_failed)))
        FROM per_report
        GROUP BY year
    )
    ON COLUMNS(* EXCLUDE (year))
    INTO NAME col_key VALUE value_sum
),
counts AS (
    UNPIVOT (
        SELECT year, count(COLUMNS(* EXCLUDE (year, t4_failed)))
        FROM per_report
        GROUP BY year
    )
    ON COLUMNS(* EXCLUDE (year))
    INTO NAME col_key VALUE report_count
)
SELECT
    n.year,
    n.col_key,
    s.value_sum,
    n.report_count,
    y.failed_report_count
FROM counts AS n
LEFT JOIN sums AS s ON s.year = n.year AND s.col_key = n.col_key
JOIN per_year AS y ON y.year = n.year
ORDER BY n.year, n.col_key
