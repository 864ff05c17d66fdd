-- name:       app_filter_options
-- title:      筛选项 / Filter options
-- definition: every combination of year, region, level, sector and scope present among current reports
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    2
-- grain:      one row per distinct (year, province, city, county, level, sector, report_scope)
-- params:     none
-- columns:    year, province, city, county, level, sector, report_scope, report_count
-- caveats:    reports without a year are left out; the region is report_dims' (the report's own when it states any, else its agency's), the same columns reports_in_view filters on, so every option offered can match

SELECT
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
GROUP BY ALL
ORDER BY ALL
