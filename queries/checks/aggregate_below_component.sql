-- name:       aggregate_below_component
-- title:      汇总报告小于其下属报告 / Aggregate smaller than one of its components
-- definition: jurisdiction aggregate reports whose figure for a count is below the same figure of a single current agency or government_organ report inside its region in the same year (A.scope, docs/report-format.md §5); containment exactly as in aggregate_vs_components (queries/base/region_keys.sql; v3: a region name reaches only components without a code when the aggregate has one)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    3
-- grain:      one row per aggregate × measure, naming the largest component above it; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, measure, aggregate_value, component_report_id, component_agency_name, component_value
-- caveats:    a soft check; an aggregate whose region is unknown has no components and cannot fail. Components are first reduced to the largest figure per place (region-code prefix or, without a code, the place names), measure and year, so the check stays linear at national scale (v1 compared every aggregate with every component and spilled to disk at 10k reports)
WITH aggregates AS (
    SELECT * FROM reports_in_view(scope := 'jurisdiction_aggregate')
),

-- the places an aggregate covers: its region code (province 2 / city 4 / county 6 digits) or names
aggregate_places AS (
    -- the same matching as aggregate_vs_components (queries/base/region_keys.sql): the aggregate's
    -- own code reaches components with a code, its own name those without one (any, without a code)
    SELECT report_id, region_keys(province, city, county, region_code).own_code AS place,
        TRUE AS needs_code
    FROM aggregates
    WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code
    FROM aggregates
    WHERE coalesce(county, city, province) IS NOT NULL
),

component_places AS (
    SELECT c.report_id, c.agency_name, c.year, c.region_code IS NOT NULL AS has_code, k.place
    FROM reports_in_view(scope := 'components') AS c,
        unnest(region_keys(c.province, c.city, c.county, c.region_code).within) AS k (place)
),

largest AS (
    SELECT cp.place, cp.has_code, cp.year, m.measure,
           max(m.value) AS component_value,
           arg_max(cp.report_id, m.value) AS component_report_id,
           arg_max(cp.agency_name, m.value) AS component_agency_name
    FROM component_places AS cp
    JOIN report_counts AS m ON m.report_id = cp.report_id
    WHERE m.value IS NOT NULL
    GROUP BY cp.place, cp.has_code, cp.year, m.measure
),

above AS (
    SELECT a.report_id, a.agency_name, a.year, ac.measure, ac.value AS aggregate_value,
           l.component_report_id, l.component_agency_name, l.component_value,
           row_number() OVER (PARTITION BY a.report_id, ac.measure
                              ORDER BY l.component_value DESC, l.component_report_id) AS rank
    FROM aggregates AS a
    JOIN aggregate_places AS ap ON ap.report_id = a.report_id
    JOIN report_counts AS ac ON ac.report_id = a.report_id
    JOIN largest AS l ON l.place = ap.place AND l.year = a.year AND l.measure = ac.measure
    WHERE (ap.needs_code IS NULL OR ap.needs_code = l.has_code)
      AND l.component_value > ac.value AND l.component_report_id <> a.report_id
)

SELECT report_id, agency_name, year, measure, aggregate_value,
       component_report_id, component_agency_name, component_value
FROM above
WHERE rank = 1
ORDER BY report_id, measure, component_report_id
