-- name:       report_group_value
-- title:      报告分组值 / Group value of a report under one grouping (scalar macro)
-- definition: scalar macro report_group_value(group_by, agency_name, province, city, county, level, sector, report_scope, year) → the report's group under that grouping: agency → agency_name, province / city / county / level / sector → that column, scope → report_scope, year → the year as text, all → '全部'; NULL for a grouping outside the fixed list (agency, province, city, county, level, sector, scope, year, all)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one value per call (a scalar macro); `gongkai query report_group_value` shows its definition
-- params:     none
-- columns:    function_name, parameters, macro_definition
-- caveats:    the one home of the grouping rule: report_groups stores it for every grouping, reports_in_group computes it for the one grouping a roll-up asks for (on report_dims' row, so a roll-up does not join the 9-row-per-report report_groups); group_by is a bound value, never an identifier
CREATE OR REPLACE TEMP MACRO report_group_value(group_by, agency_name, province, city, county, level, sector,
                                                report_scope, year) AS
    CASE group_by
        WHEN 'agency' THEN agency_name
        WHEN 'province' THEN province
        WHEN 'city' THEN city
        WHEN 'county' THEN county
        WHEN 'level' THEN level
        WHEN 'sector' THEN sector
        WHEN 'scope' THEN report_scope
        WHEN 'year' THEN CAST(year AS VARCHAR)
        WHEN 'all' THEN '全部'
    END
