-- name:       report_failed_checks
-- title:      未通过的勾稽核验按报告 / The parser's failed identity checks, per current report
-- definition: per current report with at least one check (checks table): failed_checks_count = its checks with status fail, and failed_checks, the list of them as JSON text: [{seq, check_id, scope, detail}, …] in seq order ('[]' when none)
-- unit:       count of checks
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report that has at least one check
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, failed_checks_count, failed_checks
-- caveats:    JSON text rather than a LIST column, so the table compares and exports like every other; checks/identity_failures lists these, so it reads one row per report instead of every check of the warehouse; the counts by status of every check are report_check_counts (every stored report, current or not)
SELECT
    k.report_id,
    count(*) FILTER (WHERE k.status = 'fail') AS failed_checks_count,
    coalesce(
        to_json(list({'seq': k.seq, 'check_id': k.check_id, 'scope': k.scope, 'detail': k.detail}
                     ORDER BY k.seq) FILTER (WHERE k.status = 'fail'))::VARCHAR,
        '[]'
    ) AS failed_checks
FROM checks AS k
JOIN report_dims AS d ON d.report_id = k.report_id
GROUP BY k.report_id
