-- name:       review_identity_failures
-- title:      勾稽关系不符（逐项） / Failed identity checks, one row per failing scope
-- definition: rows of the checks table with status = 'fail' for the current reports of review_reports (T3.row_sum, T3.results_sum, T3.balance, T4.*_sum, T2.nonneg, T3/T4.int, N.narrative)
-- unit:       none (check outcomes)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report × check_id × scope that fails
-- params:     region=NULL, year=NULL
-- columns:    report_id, check_id, scope, detail
-- caveats:    the parser writes each identity's arithmetic in detail (e.g. 70+0 ≠ 69+1); checks marked na (a cell is NULL) are not failures and are listed under missing cells instead
WITH scope_reports AS (
    SELECT d.report_id
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
)

SELECT k.report_id, k.check_id, k.scope, k.detail
FROM checks AS k
JOIN scope_reports AS s ON s.report_id = k.report_id
WHERE k.status = 'fail'
ORDER BY k.report_id, k.seq
