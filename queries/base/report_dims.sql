-- name:       report_dims
-- title:      当前报告及其分组维度 / Current reports with their grouping dimensions
-- definition: reports WHERE is_current (current_reports), with the agency's region, level and sector and the report's own scope
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, agency_id, agency_name, year, format_version, report_scope, status, published_on, proactive_count, province, city, county, region_code, level, sector
-- caveats:    the region is the report's own when it states any region field, else the agency's (from its latest report); level and sector are derived from the agency name (docs/warehouse.md); reports whose agency is unknown have NULL agency, level and sector
WITH region_source AS (
    SELECT
        r.*,
        (r.province IS NOT NULL OR r.city IS NOT NULL OR r.county IS NOT NULL
         OR r.region_code IS NOT NULL) AS has_own_region
    FROM current_reports AS r
)

SELECT
    r.report_id,
    r.agency_id,
    coalesce(a.name, r.agency_name) AS agency_name,
    r.year,
    r.format_version,
    r.report_scope,
    r.status,
    r.published_on,
    r.proactive_count,
    CASE WHEN r.has_own_region THEN r.province ELSE a.province END AS province,
    CASE WHEN r.has_own_region THEN r.city ELSE a.city END AS city,
    CASE WHEN r.has_own_region THEN r.county ELSE a.county END AS county,
    CASE WHEN r.has_own_region THEN r.region_code ELSE a.region_code END AS region_code,
    a.level,
    a.sector
FROM region_source AS r
LEFT JOIN agencies AS a ON a.agency_id = r.agency_id
