-- name:       t3_balance_breaks
-- title:      表三平衡关系不符 / Table 3 balance broken (recomputed from cells)
-- definition: current reports where new_received + carried_over ≠ total_processed + carried_forward in the 总计 column (the identity printed on the form), recomputed from the stored cells independently of the parser's checks
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per offending report; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, new_received, carried_over, total_processed, carried_forward, difference
-- caveats:    reports with any of the four cells NULL are not tested here (identity status na)
SELECT
    d.report_id,
    d.agency_name,
    d.year,
    a.new_received,
    a.carried_over,
    a.total_processed,
    a.carried_forward,
    (a.new_received + a.carried_over) - (a.total_processed + a.carried_forward) AS difference
FROM report_applications AS a
JOIN report_dims AS d ON d.report_id = a.report_id
WHERE (a.new_received + a.carried_over) <> (a.total_processed + a.carried_forward)
ORDER BY d.report_id
