-- name:       report_check_counts
-- title:      校验结果计数按报告 / Identity checks passed, failed and not applicable per report
-- definition: count of the parser's checks (checks table, docs/report-format.md §5 identities) by status, per report (every stored report, current or not)
-- unit:       count of checks
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per report that has at least one check
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, pass_count, fail_count, na_count
-- caveats:    reports without a check (pre2019, not a report, unreadable) have no row: join with LEFT JOIN and coalesce to 0
SELECT
    report_id,
    count(*) FILTER (WHERE status = 'pass') AS pass_count,
    count(*) FILTER (WHERE status = 'fail') AS fail_count,
    count(*) FILTER (WHERE status = 'na') AS na_count
FROM checks
GROUP BY report_id
