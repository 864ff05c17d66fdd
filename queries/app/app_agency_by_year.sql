-- name:       app_agency_by_year
-- title:      机构主要指标（按年） / An agency's figures by year
-- definition: per current report of the agency: table 3 totals (t3.new_received.total, t3.carried_over.total, t3.total_processed.total, t3.carried_forward.total, t3.granted.total, t3.partial_grant.total), grant_rate = t3.granted.total ÷ t3.total_processed.total, the narrative proactive_count, table 4 totals (t4.cases.review_total, lit_direct_total, lit_after_review_total) and its failed identity checks
-- unit:       applications / items / cases (count); grant_rate share (0–1)
-- versions:   v2019, v2021 (pre2019 reports have no table 3/4 cells: NULL)
-- version:    1
-- grain:      one row per current report of the agency with a year
-- params:     agency_id=NULL
-- columns:    year, report_id, format_version, new_received, carried_over, total_processed, carried_forward, granted, partial_grant, grant_rate, proactive_count, review_total, lit_direct_total, lit_after_review_total, fail_count
-- caveats:    the page filters do not apply (every year of the agency); grant_rate is NULL when nothing was processed; a figure is NULL when its cell was not read (report_applications / report_review)

WITH
current_of_agency AS (
    -- the agency's current reports, every year (queries/base/reports_in_view.sql, no filter)
    SELECT *
    FROM reports_in_view()
    WHERE agency_id = $agency_id AND year IS NOT NULL
),
failed AS (
    SELECT report_id, count(*) AS fail_count
    FROM checks
    WHERE status = 'fail'
    GROUP BY report_id
)
SELECT
    v.year,
    v.report_id,
    v.format_version,
    a.new_received,
    a.carried_over,
    a.total_processed,
    a.carried_forward,
    a.granted,
    a.partial_grant,
    a.granted / nullif(a.total_processed, 0) AS grant_rate,
    v.proactive_count,
    t4.review_total,
    t4.lit_direct_total,
    t4.lit_after_review_total,
    coalesce(f.fail_count, 0) AS fail_count
FROM current_of_agency AS v
LEFT JOIN report_applications AS a ON a.report_id = v.report_id
LEFT JOIN report_review AS t4 ON t4.report_id = v.report_id
LEFT JOIN failed AS f ON f.report_id = v.report_id
ORDER BY v.year, v.report_id
