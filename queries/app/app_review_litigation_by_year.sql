-- name:       app_review_litigation_by_year
-- title:      复议诉讼（按年） / Reviews and lawsuits by year
-- definition: sum over current reports of each table 4 cell (t4.cases.*), per year
-- unit:       cases (件)
-- versions:   v2019, v2021, pre2019
-- version:    2
-- grain:      one row per year × col_key
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, col_key, value_sum, report_count, failed_report_count
-- caveats:    failed_report_count counts reports failing a T4 identity; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH
in_view AS (
    -- current reports that pass the page filters (queries/base/reports_in_view.sql; NULL = no
    -- filter); reports without a year cannot be placed on a year axis
    SELECT *
    FROM reports_in_view(years := $years, province := $province, city := $city, county := $county,
                         level := $level, sector := $sector, scope := $scope, agency := $agency)
    WHERE year IS NOT NULL
),
t4_failed AS (
    SELECT DISTINCT report_id FROM checks WHERE status = 'fail' AND check_id LIKE 'T4.%'
)
SELECT
    v.year,
    c.col_key,
    sum(c.value) AS value_sum,
    count(DISTINCT c.report_id) FILTER (WHERE c.value IS NOT NULL) AS report_count,
    count(DISTINCT f.report_id) AS failed_report_count
FROM in_view AS v
JOIN cells AS c ON c.report_id = v.report_id AND c.table_no = 4
LEFT JOIN t4_failed AS f ON f.report_id = v.report_id
GROUP BY ALL
ORDER BY v.year, c.col_key
