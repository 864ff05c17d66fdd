-- name:       t4_sum_breaks
-- title:      表四合计不符 / Table 4 totals do not add up
-- definition: current reports where review_total, lit_direct_total or lit_after_review_total ≠ upheld + corrected + other + pending of its group (T4.review_sum, T4.direct_sum, T4.after_sum), recomputed from the stored cells
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per offending report × group; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, check_id, printed_total, parts_sum
-- caveats:    groups with a NULL cell are not tested here
WITH sums AS (
    SELECT report_id, 'T4.review_sum' AS check_id, review_total AS printed_total,
        review_upheld + review_corrected + review_other + review_pending AS parts_sum
    FROM report_review
    UNION ALL
    SELECT report_id, 'T4.direct_sum', lit_direct_total,
        lit_direct_upheld + lit_direct_corrected + lit_direct_other + lit_direct_pending
    FROM report_review
    UNION ALL
    SELECT report_id, 'T4.after_sum', lit_after_review_total,
        lit_after_review_upheld + lit_after_review_corrected + lit_after_review_other
            + lit_after_review_pending
    FROM report_review
)

SELECT d.report_id, d.agency_name, d.year, s.check_id, s.printed_total, s.parts_sum
FROM sums AS s
JOIN report_dims AS d ON d.report_id = s.report_id
WHERE s.printed_total <> s.parts_sum
ORDER BY d.report_id, s.check_id
