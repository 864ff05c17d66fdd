-- name:       review_scope
-- title:      地区与年度覆盖 / What the warehouse holds for a region: its report years, or the closest region names
-- definition: what `gongkai review` and `gongkai aggregate` check before they write anything. kind = 'year': the current reports of the region per report year (reports_in_view's region rule: a province, city or county name, or a 6-digit division code; NULL = every region). kind = 'region': the region names and division codes the current reports carry (report_dims province, city, county, region_code), closest to $region first — a name containing it or contained in it, then by Jaro–Winkler similarity, then by name — at most 5
-- unit:       reports (count); similarity (0–1)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per report year of the region (kind = 'year'; a NULL year counts the reports without one) and per nearby region name or code (kind = 'region')
-- params:     region=NULL
-- columns:    kind, name, year, reports, similarity
-- caveats:    no 'year' row means the region is unknown or has no current report; only current reports count, so documents that are not reports (docs/warehouse.md) never make a region or year look held; 'region' rows are empty when region is NULL
WITH region_years AS (
    SELECT d.year, count(*) AS reports
    FROM reports_in_view(region := $region) AS d
    GROUP BY d.year
),

names AS (
    SELECT DISTINCT unnest([d.province, d.city, d.county, d.region_code]) AS name
    FROM report_dims AS d
),

closest AS (
    SELECT
        n.name,
        jaro_winkler_similarity(n.name, $region) AS similarity,
        row_number() OVER (
            ORDER BY (contains(n.name, $region) OR contains($region, n.name)) DESC,
                jaro_winkler_similarity(n.name, $region) DESC, n.name
        ) AS closeness
    FROM names AS n
    WHERE n.name IS NOT NULL AND jaro_winkler_similarity(n.name, $region) IS NOT NULL
)

SELECT
    'year' AS kind,
    NULL::VARCHAR AS name,
    y.year,
    y.reports,
    NULL::DOUBLE AS similarity
FROM region_years AS y

UNION ALL

SELECT
    'region' AS kind,
    c.name,
    NULL::INTEGER AS year,
    NULL::BIGINT AS reports,
    c.similarity
FROM closest AS c
WHERE c.closeness <= 5

ORDER BY kind DESC, year NULLS LAST, similarity DESC, name
