-- name:       aggregate_vs_components
-- title:      汇总报告与所辖机关报告之和 / Jurisdiction aggregate against the sum of its agencies' reports
-- definition: for each current jurisdiction_aggregate report and each count in report_counts: aggregate_value vs components_sum = Σ over current agency and government_organ reports of the same year inside the aggregate's region (region_code prefix: 2 digits for a code ending 0000, 4 for one ending 00, else 6; by province/city/county names when a code is missing); coverage = agencies reporting that year ÷ agencies of the region known to the warehouse
-- unit:       count (fees in 万元); share (0–1)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per aggregate report × measure
-- params:     year_from=NULL, year_to=NULL, agency=NULL, measure=NULL
-- columns:    report_id, agency_name, year, level, region_code, measure, aggregate_value, components_sum, components_reporting_count, difference, components_share, agencies_reported_count, agencies_known_count, coverage_share
-- caveats:    never add aggregate_value to components_sum; the warehouse rarely holds every agency of a region, so components_share < 1 usually means missing reports (see coverage_share), not an error; components_share > 1 breaks A.scope (an aggregate should be at least each of its parts) or means double counting; an aggregate whose region is unknown gets no components; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH aggregates AS (
    SELECT d.*
    FROM reports_in_view(year_from := $year_from, year_to := $year_to,
                         scope := 'jurisdiction_aggregate', agency := $agency) AS d
),

-- agencies (any year) below each aggregate's region: the N of "n of N"
aggregate_keys AS (
    -- where an aggregate's components are (queries/base/region_keys.sql): its own code's place,
    -- for components that have a code; its own name's place for those without one (or for any
    -- component when the aggregate has no code)
    SELECT report_id, agency_id, region_keys(province, city, county, region_code).own_code AS place,
        TRUE AS needs_code
    FROM aggregates
    WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, agency_id, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code   -- NULL = any component
    FROM aggregates
    WHERE coalesce(county, city, province) IS NOT NULL
),

candidates AS (
    -- agencies that could report (known) and the component reports that did, with their places
    SELECT 'known' AS role, NULL::INTEGER AS report_id, agency_id, NULL::INTEGER AS year,
        province, city, county, region_code
    FROM agencies
    WHERE scope IN ('agency', 'government_organ')
    UNION ALL
    SELECT 'component' AS role, report_id, agency_id, year, province, city, county, region_code
    FROM reports_in_view(scope := 'components')
),

candidate_keys AS (
    SELECT c.role, c.report_id, c.agency_id, c.year, c.region_code IS NOT NULL AS has_code, k.place
    FROM candidates AS c,
        unnest(region_keys(c.province, c.city, c.county, c.region_code).within) AS k (place)
),

matches AS (
    -- equi-joins on the place key: one pass, no aggregate × agency cross product
    SELECT ak.report_id, ck.role, ck.report_id AS component_report_id, ck.agency_id, ck.year
    FROM aggregate_keys AS ak
    JOIN candidate_keys AS ck ON ck.place = ak.place
    WHERE ck.agency_id IS DISTINCT FROM ak.agency_id
      AND (ak.needs_code IS NULL OR ak.needs_code = ck.has_code)
),

known AS (
    SELECT report_id, agency_id FROM matches WHERE role = 'known'
),

components AS (
    SELECT m.report_id, m.component_report_id, m.agency_id
    FROM matches AS m
    JOIN aggregates AS a ON a.report_id = m.report_id
    WHERE m.role = 'component' AND m.year = a.year
),

coverage AS (
    SELECT
        a.report_id,
        coalesce(r.agencies_count, 0) AS agencies_reported_count,
        coalesce(k.agencies_count, 0) AS agencies_known_count
    FROM aggregates AS a
    LEFT JOIN (SELECT report_id, count(DISTINCT agency_id) AS agencies_count FROM components
               GROUP BY report_id) AS r ON r.report_id = a.report_id
    LEFT JOIN (SELECT report_id, count(DISTINCT agency_id) AS agencies_count FROM known
               GROUP BY report_id) AS k ON k.report_id = a.report_id
),

component_sums AS (
    SELECT c.report_id, rc.measure, sum(rc.value) AS components_sum, count(*) AS components_reporting_count
    FROM components AS c
    JOIN report_counts AS rc ON rc.report_id = c.component_report_id
    GROUP BY c.report_id, rc.measure
)

SELECT
    a.report_id,
    a.agency_name,
    a.year,
    a.level,
    a.region_code,
    ac.measure,
    ac.value AS aggregate_value,
    coalesce(cs.components_sum, 0) AS components_sum,
    coalesce(cs.components_reporting_count, 0) AS components_reporting_count,
    ac.value - coalesce(cs.components_sum, 0) AS difference,
    cs.components_sum / nullif(ac.value, 0) AS components_share,
    cov.agencies_reported_count,
    cov.agencies_known_count,
    cov.agencies_reported_count / nullif(cov.agencies_known_count, 0) AS coverage_share
FROM aggregates AS a
JOIN report_counts AS ac ON ac.report_id = a.report_id
LEFT JOIN component_sums AS cs ON cs.report_id = a.report_id AND cs.measure = ac.measure
JOIN coverage AS cov ON cov.report_id = a.report_id
WHERE $measure IS NULL OR ac.measure = $measure
ORDER BY a.year, a.agency_name, ac.source_table, ac.measure
