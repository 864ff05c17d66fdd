-- name:       app_filter_options
-- title:      筛选项 / Filter options
-- definition: the values each sidebar filter can take among current reports: the region hierarchy (province, city, county together, for the cascade), and years, levels, sectors and scopes each on their own rows
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    3
-- grain:      one row per distinct (province, city, county), per year, per level, per sector and per report_scope (GROUPING SETS: option_kind = region | year | level | sector | scope says which; the other columns of a row are NULL)
-- params:     none
-- columns:    option_kind, year, province, city, county, level, sector, report_scope, report_count
-- caveats:    reports without a year are left out; the region is report_dims' (the report's own when it states any, else its agency's), the same columns reports_in_view filters on, so every option offered can match; report_count counts the reports behind each row, so summing it over all rows counts every report five times. One row per option rather than per combination keeps the frame a few thousand rows at national scale
SELECT
    CASE
        WHEN grouping(d.province) = 0 THEN 'region'
        WHEN grouping(d.year) = 0 THEN 'year'
        WHEN grouping(d.level) = 0 THEN 'level'
        WHEN grouping(d.sector) = 0 THEN 'sector'
        ELSE 'scope'
    END AS option_kind,
    d.year,
    d.province,
    d.city,
    d.county,
    d.level,
    d.sector,
    d.report_scope,
    count(*) AS report_count
FROM report_dims AS d
WHERE d.year IS NOT NULL
GROUP BY GROUPING SETS ((d.province, d.city, d.county), (d.year), (d.level), (d.sector), (d.report_scope))
ORDER BY ALL
