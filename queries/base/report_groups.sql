-- name:       report_groups
-- title:      报告分组键 / Group key of each current report for every grouping
-- definition: report_dims × the fixed list of groupings (agency, province, city, county, level, sector, scope, year, all), group_value by report_group_value (queries/base/report_group_value.sql)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report × grouping
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, group_by, group_value
-- caveats:    indicators pick one grouping with `group_by = $group_by` (a bound value, never an identifier); group_value is NULL where the dimension is unknown; 'year' and 'all' put every report of a year in one group (rows are per year anyway)
SELECT
    d.report_id,
    k.group_by,
    -- the grouping rule (queries/base/report_group_value.sql)
    report_group_value(k.group_by, d.agency_name, d.province, d.city, d.county, d.level, d.sector,
                       d.report_scope, d.year) AS group_value
FROM report_dims AS d
CROSS JOIN (
    VALUES ('agency'), ('province'), ('city'), ('county'), ('level'), ('sector'), ('scope'), ('year'), ('all')
) AS k (group_by)
