-- name:       report_counts_wide
-- title:      全部计数（宽表）按报告 / Every comparable count per current report, wide: one column per measure
-- definition: the measures of report_counts as columns, one row per current report: table 3 总计 flows, outcomes and applicant subtotals (report_applications), the narrative proactive_count and the comparable table 2 figures (report_proactive), table 4 totals (report_review); NULL where report_counts has no row (unreadable, not comparable, or the report has no such table); agency_year_reports = how many current reports the report's agency has in the report's year (1 for all but duplicates, see checks/current_report_duplicates; NULL without an agency or a year)
-- unit:       count (fees_wan_yuan in 万元)
-- versions:   v2019, v2021 (v2021-only measures are NULL for v2019 reports); proactive_count for every version
-- version:    1
-- grain:      one row per current report
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, agency_year_reports, new_received, carried_over, total_processed, carried_forward, granted, partial_grant, denied_total, unavailable_total, not_processed_total, other_total, new_natural_person, new_legal_person_subtotal, proactive_count, regulations_issued, regulations_repealed, regulations_in_force, normative_documents_issued, normative_documents_repealed, normative_documents_in_force, license_decisions, penalty_decisions, compulsion_decisions, fees_wan_yuan, review_total, review_corrected, lit_direct_total, lit_after_review_total
-- caveats:    the one home of the measure list: report_counts is this table unpivoted; roll-ups (yoy_change_by_group, aggregate_vs_components, aggregate_below_component) sum or compare the columns and unpivot the few result rows instead of reading the 25-rows-per-report long table; agency_year_reports reads only the report's own agency's rows (the stored-table rule, gongkai/store/stored.py)
WITH agency_years AS (
    -- current reports per agency and year (only the report's own agency is read)
    SELECT agency_id, year, count(*) AS agency_year_reports
    FROM report_dims
    WHERE agency_id IS NOT NULL AND year IS NOT NULL
    GROUP BY agency_id, year
)

SELECT
    d.report_id,
    y.agency_year_reports,
    -- table 3 (report_applications)
    a.new_received,
    a.carried_over,
    a.total_processed,
    a.carried_forward,
    a.granted,
    a.partial_grant,
    a.denied_total,
    a.unavailable_total,
    a.not_processed_total,
    a.other_total,
    a.new_natural_person,
    a.new_legal_person_subtotal,
    -- the narrative count and table 2 (report_proactive: one row per current report)
    CAST(p.proactive_count AS DOUBLE) AS proactive_count,
    p.regulations_issued,
    p.regulations_repealed,
    p.regulations_in_force,
    p.normative_documents_issued,
    p.normative_documents_repealed,
    p.normative_documents_in_force,
    p.license_decisions,
    p.penalty_decisions,
    p.compulsion_decisions,
    p.fees_wan_yuan,
    -- table 4 (report_review)
    r.review_total,
    r.review_corrected,
    r.lit_direct_total,
    r.lit_after_review_total
FROM report_dims AS d
LEFT JOIN agency_years AS y ON y.agency_id = d.agency_id AND y.year = d.year
LEFT JOIN report_proactive AS p ON p.report_id = d.report_id
LEFT JOIN report_applications AS a ON a.report_id = d.report_id
LEFT JOIN report_review AS r ON r.report_id = d.report_id
