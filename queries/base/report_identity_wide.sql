-- name:       report_identity_wide
-- title:      勾稽关系核验结果（宽表）按报告 / Identity check outcome per current report, wide: one column per identity
-- definition: report_identity_status with one column per known identity (T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3.int, T4.review_sum, T4.direct_sum, T4.after_sum, T4.int, N.narrative, X.carry, X.stock), holding that identity's status as a code: 0 = na, 1 = pass, 2 = fail, NULL = the report has no row for it; other_checks_count = the report's rows of report_identity_status for any other check_id (0 for every report the parser and the chains write today)
-- unit:       status code
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report with at least one identity status
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, t2_nonneg, t3_row_sum, t3_results_sum, t3_balance, t3_int, t4_review_sum, t4_direct_sum, t4_after_sum, t4_int, n_narrative, x_carry, x_stock, other_checks_count
-- caveats:    codes, not text, so a roll-up of 10^6 reports compares small integers; identity_failure_rates_by_group counts these columns per group and unpivots the few result rows, and reads the long report_identity_status only for reports with other_checks_count > 0 (a check id added to the parser later), so nothing is left out
SELECT
    report_id,
    max(CASE WHEN check_id = 'T2.nonneg' THEN code END) AS t2_nonneg,
    max(CASE WHEN check_id = 'T3.row_sum' THEN code END) AS t3_row_sum,
    max(CASE WHEN check_id = 'T3.results_sum' THEN code END) AS t3_results_sum,
    max(CASE WHEN check_id = 'T3.balance' THEN code END) AS t3_balance,
    max(CASE WHEN check_id = 'T3.int' THEN code END) AS t3_int,
    max(CASE WHEN check_id = 'T4.review_sum' THEN code END) AS t4_review_sum,
    max(CASE WHEN check_id = 'T4.direct_sum' THEN code END) AS t4_direct_sum,
    max(CASE WHEN check_id = 'T4.after_sum' THEN code END) AS t4_after_sum,
    max(CASE WHEN check_id = 'T4.int' THEN code END) AS t4_int,
    max(CASE WHEN check_id = 'N.narrative' THEN code END) AS n_narrative,
    max(CASE WHEN check_id = 'X.carry' THEN code END) AS x_carry,
    max(CASE WHEN check_id = 'X.stock' THEN code END) AS x_stock,
    count(*) FILTER (WHERE check_id NOT IN ('T2.nonneg', 'T3.row_sum', 'T3.results_sum', 'T3.balance', 'T3.int', 'T4.review_sum', 'T4.direct_sum', 'T4.after_sum', 'T4.int', 'N.narrative', 'X.carry', 'X.stock')) AS other_checks_count
FROM (
    SELECT report_id, check_id, CASE status WHEN 'na' THEN 0 WHEN 'pass' THEN 1 WHEN 'fail' THEN 2 END AS code
    FROM report_identity_status
)
GROUP BY report_id
