-- name:       app_reports_in_view
-- title:      筛选范围内的报告 / Reports in view
-- definition: current reports that pass the filters, with their identity-check counts
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per current report
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    report_id, agency_id, agency_name, year, province, city, county, level, sector, report_scope, format_version, status, pass_count, fail_count, na_count
-- caveats:    filters: years (list), province/city/county, level, sector, scope, agency (substring of the name); NULL = no filter. Only current report versions. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

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
check_counts AS (
    SELECT
        report_id,
        count(*) FILTER (WHERE status = 'pass') AS pass_count,
        count(*) FILTER (WHERE status = 'fail') AS fail_count,
        count(*) FILTER (WHERE status = 'na') AS na_count
    FROM checks
    GROUP BY report_id
)
SELECT
    v.report_id, v.agency_id, v.agency_name, v.year, v.province, v.city, v.county, v.level, v.sector,
    v.report_scope, v.format_version, v.status,
    coalesce(k.pass_count, 0) AS pass_count,
    coalesce(k.fail_count, 0) AS fail_count,
    coalesce(k.na_count, 0) AS na_count
FROM in_view AS v
LEFT JOIN check_counts AS k ON k.report_id = v.report_id
ORDER BY v.year DESC, v.agency_name, v.report_id
