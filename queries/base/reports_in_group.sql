-- name:       reports_in_group
-- title:      筛选范围内的当前报告及其分组 / Current reports in view, each with its group under one grouping
-- definition: table macro: reports_in_view(…) with each report's group for one grouping (report_group_value, the rule report_groups stores), i.e. report_dims' columns plus group_value. Arguments (all optional), passed by name: group_by (agency, province, city, county, level, sector, scope, year or all; default 'all') and every argument of reports_in_view, passed through unchanged (NULL = no filter):
--             FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to, province := $province, city := $city, county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report passing the filters
-- params:     none
-- columns:    report_id, agency_id, agency_name, year, format_version, report_scope, status, published_on, proactive_count, province, city, county, region_code, level, sector, group_value
-- caveats:    the one home of the roll-ups' "selected reports and their group" step (the *_by_group indicators and funnel_outcome_rate); the filters mean exactly what they mean in reports_in_view (queries/base/reports_in_view.sql); group_value is NULL where the report's dimension is unknown (the report is kept, in a NULL group); a group_by outside the fixed list returns nothing (queries check it against the list before they run)
CREATE OR REPLACE TEMP MACRO reports_in_group(
    group_by := 'all', years := NULL, year_from := NULL, year_to := NULL, province := NULL, city := NULL,
    county := NULL, region := NULL, level := NULL, sector := NULL, scope := NULL, agency := NULL
) AS TABLE
SELECT
    d.*,
    -- the grouping rule, computed on the report's row (queries/base/report_group_value.sql): the
    -- same value report_groups stores, without joining its one row per report and grouping
    report_group_value(group_by, d.agency_name, d.province, d.city, d.county, d.level, d.sector,
                       d.report_scope, d.year) AS group_value
FROM reports_in_view(years := years, year_from := year_from, year_to := year_to, province := province,
                     city := city, county := county, region := region, level := level, sector := sector,
                     scope := scope, agency := agency) AS d
WHERE group_by IN ('agency', 'province', 'city', 'county', 'level', 'sector', 'scope', 'year', 'all')
