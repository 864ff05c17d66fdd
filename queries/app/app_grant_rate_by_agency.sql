-- name:       app_grant_rate_by_agency
-- title:      各机构予以公开率 / Share of applications granted, by agency
-- definition: per agency over the selected years: granted_count = Σ t3.granted.total, processed_count = Σ t3.total_processed.total, grant_rate = granted ÷ processed
-- unit:       rate 0–1; counts in applications (件)
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per agency
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    agency_id, agency_name, years, report_count, granted_count, processed_count, grant_rate, failed_report_count, report_ids
-- caveats:    agencies with processed_count = 0 are left out; the page does not rank agencies below the minimum N; reports failing T3 checks are included and counted in failed_report_count; filters: years (list), province/city/county, level, sector, scope, agency (substring of the name); NULL = no filter. Only current report versions. Aggregates (jurisdiction_aggregate) are counted like any report unless scope is filtered: never add an aggregate to its parts

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
      AND ($scope IS NULL OR r.report_scope = $scope)
      AND ($agency IS NULL OR contains(coalesce(a.name, r.agency_name, ''), $agency))
),
t3 AS (
    SELECT
        report_id,
        max(value) FILTER (WHERE cell_key = 't3.granted.total') AS granted,
        max(value) FILTER (WHERE cell_key = 't3.total_processed.total') AS processed
    FROM cells
    WHERE table_no = 3
    GROUP BY report_id
),
t3_failed AS (
    SELECT DISTINCT report_id FROM checks WHERE status = 'fail' AND check_id LIKE 'T3.%'
)
SELECT
    v.agency_id,
    coalesce(v.agency_name, '#' || min(v.report_id)) AS agency_name,
    string_agg(DISTINCT CAST(v.year AS VARCHAR), ',' ORDER BY CAST(v.year AS VARCHAR)) AS years,
    count(*) AS report_count,
    sum(t3.granted) AS granted_count,
    sum(t3.processed) AS processed_count,
    sum(t3.granted) / sum(t3.processed) AS grant_rate,
    count(f.report_id) AS failed_report_count,
    string_agg(CAST(v.report_id AS VARCHAR), ',' ORDER BY v.report_id) AS report_ids
FROM in_view AS v
JOIN t3 ON t3.report_id = v.report_id
LEFT JOIN t3_failed AS f ON f.report_id = v.report_id
WHERE t3.granted IS NOT NULL AND t3.processed > 0
GROUP BY v.agency_id, v.agency_name
ORDER BY processed_count DESC
