-- name:       t3_results_sum_breaks
-- title:      表三办理结果合计不符 / Table 3 outcomes do not add up to 总计
-- definition: current reports where total_processed ≠ granted + partial_grant + denied_total + unavailable_total + not_processed_total + other_total in the 总计 column, recomputed from the stored cells
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per offending report; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, total_processed, outcomes_sum, difference
-- caveats:    reports with any outcome cell NULL are not tested here
SELECT
    d.report_id,
    d.agency_name,
    d.year,
    a.total_processed,
    a.granted + a.partial_grant + a.denied_total + a.unavailable_total + a.not_processed_total
        + a.other_total AS outcomes_sum,
    a.total_processed - outcomes_sum AS difference
FROM report_applications AS a
JOIN report_dims AS d ON d.report_id = a.report_id
WHERE a.total_processed <> a.granted + a.partial_grant + a.denied_total + a.unavailable_total
    + a.not_processed_total + a.other_total
ORDER BY d.report_id
