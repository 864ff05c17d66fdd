-- name:       aggregate_below_component
-- title:      汇总报告小于其下属报告 / Aggregate smaller than one of its components
-- definition: jurisdiction aggregate reports whose figure for a count is below the same figure of a single current agency or government_organ report inside its region in the same year (A.scope, spec §5); containment as in aggregate_vs_components
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per aggregate × component × measure; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, measure, aggregate_value, component_report_id, component_agency_name, component_value
-- caveats:    a soft check; an aggregate whose region is unknown has no components and cannot fail
WITH aggregates AS (
    SELECT * FROM reports_in_view(scope := 'jurisdiction_aggregate')
),

components AS (
    SELECT a.report_id, c.report_id AS component_report_id, c.agency_name AS component_agency_name
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
)

SELECT
    a.report_id,
    a.agency_name,
    a.year,
    ac.measure,
    ac.value AS aggregate_value,
    comp.component_report_id,
    comp.component_agency_name,
    cc.value AS component_value
FROM aggregates AS a
JOIN components AS comp ON comp.report_id = a.report_id
JOIN report_counts AS ac ON ac.report_id = a.report_id
JOIN report_counts AS cc ON cc.report_id = comp.component_report_id AND cc.measure = ac.measure
WHERE cc.value > ac.value
ORDER BY a.report_id, ac.measure, comp.component_report_id
