-- name:       app_filter_options
-- title:      筛选项 / Filter options
-- definition: every combination of year, region, level, sector and scope present among current reports
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per distinct (year, province, city, county, level, sector, report_scope)
-- params:     none
-- columns:    year, province, city, county, level, sector, report_scope, report_count
-- caveats:    reports without a year are left out

SELECT
    r.year,
    coalesce(a.province, r.province) AS province,
    coalesce(a.city, r.city) AS city,
    coalesce(a.county, r.county) AS county,
    a.level,
    a.sector,
    r.report_scope,
    count(*) AS report_count
FROM current_reports AS r
LEFT JOIN agencies AS a ON a.agency_id = r.agency_id
WHERE r.year IS NOT NULL
GROUP BY ALL
ORDER BY ALL
