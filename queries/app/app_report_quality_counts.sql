-- name:       app_report_quality_counts
-- title:      报告数据质量等级计数 / Reports per data-quality grade
-- definition: current reports in view counted per data-quality grade (queries/base/report_quality.sql), with their identity checks passed / failed / not evaluable
-- unit:       count of reports / checks
-- versions:   v2019, v2021, pre2019, unknown
-- version:    1
-- grain:      one row per grade present in view
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    grade, grade_rank, report_count, pass_count, fail_count, na_count
-- caveats:    the quality page's counts for the whole view (its list holds only the worst reports); filters as in reports_in_view (queries/base/reports_in_view.sql); reports without a year are counted while no year is chosen

SELECT
    q.grade,
    q.grade_rank,
    count(*) AS report_count,
    CAST(sum(q.pass_count) AS BIGINT) AS pass_count,
    CAST(sum(q.fail_count) AS BIGINT) AS fail_count,
    CAST(sum(q.na_count) AS BIGINT) AS na_count
-- current reports passing the filters (queries/base/reports_in_view.sql)
FROM reports_in_view(years := $years, province := $province, city := $city, county := $county,
                     level := $level, sector := $sector, scope := $scope, agency := $agency) AS v
JOIN report_quality AS q ON q.report_id = v.report_id   -- queries/base/report_quality.sql
GROUP BY q.grade, q.grade_rank
ORDER BY q.grade_rank
