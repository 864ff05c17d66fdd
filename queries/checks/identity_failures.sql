-- name:       identity_failures
-- title:      不符合勾稽关系的报告 / Current reports failing a hard identity
-- definition: the parser's checks with status fail on current reports for the H identities of docs/report-format.md §5 (T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3.int, T4.review_sum, T4.direct_sum, T4.after_sum, T4.int)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per failing check (report × check_id × scope); zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, check_id, scope, detail
-- caveats:    read from report_failed_checks (one row per report, written at ingest); the printed figures stay the truth; a failure flags the report, it does not correct it
WITH failed AS (
    -- the failed checks of each current report (queries/base/report_failed_checks.sql, stored per
    -- report at ingest), so only reports that fail are unnested, not every check read
    SELECT
        report_id,
        unnest(from_json(failed_checks, '[{"seq": "INTEGER", "check_id": "VARCHAR", "scope": "VARCHAR",
                                           "detail": "VARCHAR"}]')) AS k
    FROM report_failed_checks
    WHERE failed_checks_count > 0
)

SELECT d.report_id, d.agency_name, d.year, f.k.check_id, f.k.scope, f.k.detail
FROM failed AS f
JOIN report_dims AS d ON d.report_id = f.report_id
ORDER BY d.report_id, f.k.seq
