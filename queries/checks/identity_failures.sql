-- name:       identity_failures
-- title:      不符合勾稽关系的报告 / Current reports failing a hard identity
-- definition: the parser's checks with status fail on current reports for the H identities of docs/report-format.md §5 (T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3.int, T4.review_sum, T4.direct_sum, T4.after_sum, T4.int)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per failing check (report × check_id × scope); zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, check_id, scope, detail
-- caveats:    the printed figures stay the truth; a failure flags the report, it does not correct it
SELECT d.report_id, d.agency_name, d.year, k.check_id, k.scope, k.detail
FROM checks AS k
JOIN report_dims AS d ON d.report_id = k.report_id
WHERE k.status = 'fail'
ORDER BY d.report_id, k.seq
