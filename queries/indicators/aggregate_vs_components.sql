-- name:       aggregate_vs_components
-- title:      汇总报告与所辖机关报告之和 / Jurisdiction aggregate against the sum of its agencies' reports
-- definition: for each current jurisdiction_aggregate report and each count in report_counts: aggregate_value vs components_sum = Σ over current agency and government_organ reports of the same year inside the aggregate's region (region_code prefix: 2 digits for a code ending 0000, 4 for one ending 00, else 6; by province/city/county names when a code is missing); coverage = agencies reporting that year ÷ agencies of the region known to the warehouse
-- unit:       count (fees in 万元); share (0–1)
-- versions:   v2019, v2021
-- version:    2
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
known AS (
    SELECT a.report_id, ag.agency_id
    FROM aggregates AS a
    JOIN agencies AS ag
        ON ag.scope IN ('agency', 'government_organ')
       AND ag.agency_id IS DISTINCT FROM a.agency_id
       AND CASE
               WHEN a.region_code IS NOT NULL AND ag.region_code IS NOT NULL THEN
                   CASE
                       WHEN a.region_code LIKE '__0000' THEN left(ag.region_code, 2) = left(a.region_code, 2)
                       WHEN a.region_code LIKE '____00' THEN left(ag.region_code, 4) = left(a.region_code, 4)
                       ELSE ag.region_code = a.region_code
                   END
               WHEN a.county IS NOT NULL THEN ag.county = a.county AND ag.city IS NOT DISTINCT FROM a.city
               WHEN a.city IS NOT NULL THEN ag.city = a.city
               WHEN a.province IS NOT NULL THEN ag.province = a.province
               ELSE FALSE
           END
),

-- current component reports of the same year (same containment rule, on the report's region)
components AS (
    SELECT a.report_id, c.report_id AS component_report_id, c.agency_id
    FROM aggregates AS a
    JOIN reports_in_view(scope := 'components') AS c
        ON c.year = a.year
       AND c.agency_id IS DISTINCT FROM a.agency_id
       AND CASE
               WHEN a.region_code IS NOT NULL AND c.region_code IS NOT NULL THEN
                   CASE
                       WHEN a.region_code LIKE '__0000' THEN left(c.region_code, 2) = left(a.region_code, 2)
                       WHEN a.region_code LIKE '____00' THEN left(c.region_code, 4) = left(a.region_code, 4)
                       ELSE c.region_code = a.region_code
                   END
               WHEN a.county IS NOT NULL THEN c.county = a.county AND c.city IS NOT DISTINCT FROM a.city
               WHEN a.city IS NOT NULL THEN c.city = a.city
               WHEN a.province IS NOT NULL THEN c.province = a.province
               ELSE FALSE
           END
),

coverage AS (
    SELECT
        a.report_id,
        (SELECT count(DISTINCT c.agency_id) FROM components AS c WHERE c.report_id = a.report_id)
            AS agencies_reported_count,
        (SELECT count(DISTINCT k.agency_id) FROM known AS k WHERE k.report_id = a.report_id)
            AS agencies_known_count
    FROM aggregates AS a
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
