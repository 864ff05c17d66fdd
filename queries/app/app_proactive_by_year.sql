-- name:       app_proactive_by_year
-- title:      主动公开（按年） / Proactive disclosure by year
-- definition: proactive_count (items proactively disclosed, from the narrative) and each table 2 cell, summed per year and format
-- unit:       items (条/件); administrative_fees.amount_wan_yuan in 万元
-- versions:   v2019, v2021, pre2019
-- version:    3
-- grain:      one row per year × format_version × cell_key
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, format_version, cell_key, row_key, col_key, value_sum, report_count
-- caveats:    table 2 changed in 2021 (v2019 → v2021): row and column keys differ, so series break there; cell_key 'proactive_count' carries the narrative count; a cell key appears for a year and format when at least one report has a readable figure for it; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope


WITH in_view AS (
    -- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
    SELECT * FROM reports_on_year_axis(years := $years, province := $province, city := $city,
        county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
),
per_report AS (
    -- one row per report, one column per table 2 cell (queries/base/report_table2.sql, stored)
    SELECT v.year, v.format_version, t2.* EXCLUDE (report_id)
    FROM in_view AS v
    JOIN report_table2 AS t2 ON t2.report_id = v.report_id
),
sums AS (
    -- aggregate wide (a few rows per year), then turn the cell columns into rows
    UNPIVOT (
        SELECT year, format_version, sum(COLUMNS(* EXCLUDE (year, format_version)))
        FROM per_report
        GROUP BY ALL
    )
    ON COLUMNS(* EXCLUDE (year, format_version))
    INTO NAME cell_key VALUE value_sum
),
counts AS (
    UNPIVOT (
        SELECT year, format_version, count(COLUMNS(* EXCLUDE (year, format_version)))
        FROM per_report
        GROUP BY ALL
    )
    ON COLUMNS(* EXCLUDE (year, format_version))
    INTO NAME cell_key VALUE report_count
)
SELECT
    n.year,
    n.format_version,
    n.cell_key,
    split_part(n.cell_key, '.', 2) AS row_key,
    split_part(n.cell_key, '.', 3) AS col_key,
    s.value_sum,
    n.report_count
FROM counts AS n
LEFT JOIN sums AS s
    ON s.year = n.year AND s.format_version = n.format_version AND s.cell_key = n.cell_key
WHERE n.report_count > 0
UNION ALL
SELECT
    v.year,
    v.format_version,
    'proactive_count' AS cell_key,
    'proactive_count' AS row_key,
    'count' AS col_key,
    sum(v.proactive_count) AS value_sum,
    count(v.proactive_count) AS report_count
FROM in_view AS v
GROUP BY ALL
ORDER BY year, format_version, cell_key
