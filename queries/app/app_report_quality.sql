-- name:       app_report_quality
-- title:      报告数据质量（按读取情况评分） / Report data quality, scored by what was read
-- definition: one row per current report in view with its data-quality grade (queries/base/report_quality.sql): cells read and expected, share read, identity checks passed / failed / not evaluable, grade (unreadable, partial, failed, unchecked, ok) and grade_rank (1 worst … 5 ok); worst first
-- unit:       count of cells / checks; read_share 0–1
-- versions:   v2019, v2021, pre2019, unknown
-- version:    1
-- grain:      one row per current report in view (reports without a year or an agency included)
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL, limit=NULL
-- columns:    report_id, agency_id, agency_name, year, report_scope, status, format_version, grade, grade_rank, cells_read, cells_expected, read_share, pass_count, fail_count, na_count, report_total
-- caveats:    a report is 'ok' (green) only when every cell was read and every check ran and passed; order = grade_rank, then read_share ascending, failed checks descending, not-evaluable checks descending, year descending, report_id; limit = keep the first that many rows (NULL = all), report_total = every report the filters select; agency_name is '#' || report_id when the parser found no agency; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county, level, sector, scope ('all' or NULL = every scope; the quality page passes 'all' unless a scope is chosen, so aggregates and unknown scopes are in), agency (case-sensitive substring of the name); NULL = no filter. Only current report versions; reports without a year are kept while no year is chosen

WITH in_view AS (
    -- current reports passing the filters (queries/base/reports_in_view.sql); no-year reports too
    SELECT * FROM reports_in_view(years := $years, province := $province, city := $city,
        county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
)
SELECT
    v.report_id, v.agency_id, coalesce(v.agency_name, '#' || v.report_id) AS agency_name, v.year,
    v.report_scope, v.status, v.format_version, q.grade, q.grade_rank, q.cells_read, q.cells_expected,
    q.read_share, q.pass_count, q.fail_count, q.na_count,
    count(*) OVER () AS report_total
FROM in_view AS v
JOIN report_quality AS q ON q.report_id = v.report_id   -- queries/base/report_quality.sql
ORDER BY q.grade_rank, q.read_share NULLS FIRST, q.fail_count DESC, q.na_count DESC,
    v.year DESC NULLS FIRST, v.report_id
LIMIT $limit
