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
-- caveats:    a case in which the review body is co-defendant counts only for the original agency (docs/report-format.md §1.4); 纠正 vs 其他结果 is not defined by either format (docs/report-format.md §3.3)
PIVOT (
    -- the cells of table 4 of current reports (one pass over cells; PIVOT, not 15 FILTERs)
    SELECT c.report_id, c.col_key, c.value
    FROM cells AS c
    WHERE c.table_no = 4 AND c.row_key = 'cases'
      AND c.report_id IN (SELECT report_id FROM report_dims)
)
ON col_key IN (
    'review_upheld',
    'review_corrected',
    'review_other',
    'review_pending',
    'review_total',
    'lit_direct_upheld',
    'lit_direct_corrected',
    'lit_direct_other',
    'lit_direct_pending',
    'lit_direct_total',
    'lit_after_review_upheld',
    'lit_after_review_corrected',
    'lit_after_review_other',
    'lit_after_review_pending',
    'lit_after_review_total'
)
USING max(value)
GROUP BY report_id
