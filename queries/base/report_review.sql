-- name:       report_review
-- title:      行政复议、行政诉讼（表四）按报告 / Table 4 figures per current report
-- definition: the 15 cells of table 4 (t4.cases.<col>), one column each
-- unit:       cases (count)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report with table 4 cells
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, review_upheld, review_corrected, review_other, review_pending, review_total, lit_direct_upheld, lit_direct_corrected, lit_direct_other, lit_direct_pending, lit_direct_total, lit_after_review_upheld, lit_after_review_corrected, lit_after_review_other, lit_after_review_pending, lit_after_review_total
-- caveats:    a case in which the review body is co-defendant counts only for the original agency (spec §1.4); 纠正 vs 其他结果 is not defined by either format (spec §3.3)
SELECT
    c.report_id,
    max(c.value) FILTER (WHERE c.col_key = 'review_upheld') AS review_upheld,
    max(c.value) FILTER (WHERE c.col_key = 'review_corrected') AS review_corrected,
    max(c.value) FILTER (WHERE c.col_key = 'review_other') AS review_other,
    max(c.value) FILTER (WHERE c.col_key = 'review_pending') AS review_pending,
    max(c.value) FILTER (WHERE c.col_key = 'review_total') AS review_total,
    max(c.value) FILTER (WHERE c.col_key = 'lit_direct_upheld') AS lit_direct_upheld,
    max(c.value) FILTER (WHERE c.col_key = 'lit_direct_corrected') AS lit_direct_corrected,
    max(c.value) FILTER (WHERE c.col_key = 'lit_direct_other') AS lit_direct_other,
    max(c.value) FILTER (WHERE c.col_key = 'lit_direct_pending') AS lit_direct_pending,
    max(c.value) FILTER (WHERE c.col_key = 'lit_direct_total') AS lit_direct_total,
    max(c.value) FILTER (WHERE c.col_key = 'lit_after_review_upheld') AS lit_after_review_upheld,
    max(c.value) FILTER (WHERE c.col_key = 'lit_after_review_corrected') AS lit_after_review_corrected,
    max(c.value) FILTER (WHERE c.col_key = 'lit_after_review_other') AS lit_after_review_other,
    max(c.value) FILTER (WHERE c.col_key = 'lit_after_review_pending') AS lit_after_review_pending,
    max(c.value) FILTER (WHERE c.col_key = 'lit_after_review_total') AS lit_after_review_total
FROM cells AS c
JOIN report_dims AS d ON d.report_id = c.report_id
WHERE c.table_no = 4 AND c.row_key = 'cases'
GROUP BY c.report_id
