-- name:       app_t3_cells_by_year
-- title:      依申请公开表格汇总（按年） / Applications table totals by year
-- definition: sum over current reports of each table 3 cell (row × applicant column), per year
-- unit:       applications (件)
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per year × row_key × col_key
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, format_version, row_key, col_key, value_sum, report_count, failed_report_count
-- caveats:    reports failing any T3 identity check still count; failed_report_count says how many; filters: years (list), province/city/county, level, sector, scope, agency (substring of the name); NULL = no filter. Only current report versions. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH
in_view AS (
    -- current reports that pass the page filters (every filter NULL = no filter)
    SELECT
        r.report_id,
        r.agency_id,
        coalesce(a.name, r.agency_name) AS agency_name,
        r.year,
        r.format_version,
        r.report_scope,
        r.status,
        r.proactive_count,
        coalesce(a.province, r.province) AS province,
        coalesce(a.city, r.city) AS city,
        coalesce(a.county, r.county) AS county,
        a.level,
        a.sector
    FROM current_reports AS r
    LEFT JOIN agencies AS a ON a.agency_id = r.agency_id
    WHERE r.year IS NOT NULL
      AND ($years IS NULL OR list_contains($years, r.year))
      AND ($province IS NULL OR coalesce(a.province, r.province) = $province)
      AND ($city IS NULL OR coalesce(a.city, r.city) = $city)
      AND ($county IS NULL OR coalesce(a.county, r.county) = $county)
      AND ($level IS NULL OR a.level = $level)
      AND ($sector IS NULL OR a.sector = $sector)
      AND ($scope IS NULL OR $scope = 'all' OR r.report_scope = $scope
           OR ($scope = 'components' AND r.report_scope IN ('agency', 'government_organ')))
      AND ($agency IS NULL OR contains(coalesce(a.name, r.agency_name, ''), $agency))
),
t3_failed AS (
    SELECT DISTINCT report_id FROM checks WHERE status = 'fail' AND check_id LIKE 'T3.%'
)
SELECT
    v.year,
    string_agg(DISTINCT v.format_version, ',' ORDER BY v.format_version) AS format_version,
    c.row_key,
    c.col_key,
    sum(c.value) AS value_sum,
    count(DISTINCT c.report_id) FILTER (WHERE c.value IS NOT NULL) AS report_count,
    count(DISTINCT f.report_id) AS failed_report_count
FROM in_view AS v
JOIN cells AS c ON c.report_id = v.report_id AND c.table_no = 3
LEFT JOIN t3_failed AS f ON f.report_id = v.report_id
GROUP BY v.year, c.row_key, c.col_key
ORDER BY v.year, c.row_key, c.col_key
