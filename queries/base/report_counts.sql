-- name:       report_counts
-- title:      全部计数（长表）按报告 / Every comparable count per current report, long form
-- definition: report_counts_wide (report_applications, report_proactive and report_review) unpivoted: one row per report and count measure (table 2 comparable cells, the narrative proactive_count, table 3 总计 rows and subtotals, table 4 cells)
-- unit:       count (fees_wan_yuan in 万元)
-- versions:   v2019, v2021 (v2021-only measures are absent for v2019 reports); proactive_count for every version
-- version:    1
-- grain:      one row per current report × measure with a known value
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, source_table, measure, value
-- caveats:    NULL (unreadable or not comparable) values are dropped rather than counted as 0; the measures are the columns of report_counts_wide (queries/base/report_counts_wide.sql), which roll-ups read instead of this long table
-- the columns of the wide table (queries/base/report_counts_wide.sql), one row per known value
WITH applications AS (
    UNPIVOT (SELECT report_id, new_received, carried_over, total_processed, carried_forward,
        granted, partial_grant, denied_total, unavailable_total, not_processed_total,
        other_total, new_natural_person, new_legal_person_subtotal FROM report_counts_wide)
    ON new_received, carried_over, total_processed, carried_forward, granted, partial_grant,
        denied_total, unavailable_total, not_processed_total, other_total, new_natural_person,
        new_legal_person_subtotal
    INTO NAME measure VALUE value
),

proactive AS (
    UNPIVOT (SELECT report_id, proactive_count, regulations_issued, regulations_repealed,
        regulations_in_force, normative_documents_issued, normative_documents_repealed,
        normative_documents_in_force, license_decisions, penalty_decisions,
        compulsion_decisions, fees_wan_yuan FROM report_counts_wide)
    ON proactive_count, regulations_issued, regulations_repealed, regulations_in_force,
        normative_documents_issued, normative_documents_repealed, normative_documents_in_force,
        license_decisions, penalty_decisions, compulsion_decisions, fees_wan_yuan
    INTO NAME measure VALUE value
),

review AS (
    UNPIVOT (SELECT report_id, review_total, review_corrected, lit_direct_total,
        lit_after_review_total FROM report_counts_wide)
    ON review_total, review_corrected, lit_direct_total, lit_after_review_total
    INTO NAME measure VALUE value
)

SELECT report_id, 't3' AS source_table, measure, value FROM applications
UNION ALL
SELECT report_id, 't2' AS source_table, measure, value FROM proactive
UNION ALL
SELECT report_id, 't4' AS source_table, measure, value FROM review
