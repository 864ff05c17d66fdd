-- name:       report_applications
-- title:      依申请公开（表三）按报告 / Table 3 figures per current report
-- definition: the 总计 column of table 3 (t3.<row>.total) pivoted to one column per row, plus derived subtotals (denied_total = 8 不予公开 rows, unavailable_total = 3 无法提供 rows, not_processed_total = 5 不予处理 rows, other_total = v2019 t3.other_total.total or v2021 sum of 3 其他处理 rows, else the v2021 group-total cell t3.other_total.total when the report prints only that row) and the applicant mix of new applications (t3.new_received.<applicant>)
-- unit:       applications (count)
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per current report with table 3 cells
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, format_version, new_received, carried_over, granted, partial_grant, denied_state_secret, denied_law_prohibited, denied_security_stability, denied_third_party_rights, denied_internal_affairs, denied_process_info, denied_enforcement_file, denied_admin_query, denied_total, unavailable_not_held, unavailable_needs_creation, unavailable_unclear, unavailable_total, not_processed_petition, not_processed_duplicate, not_processed_publication, not_processed_excessive, not_processed_confirmation, not_processed_total, other_no_correction, other_unpaid_fee, other_misc, other_total, total_processed, carried_forward, new_natural_person, new_commercial_enterprise, new_research_institution, new_social_welfare_org, new_legal_service_org, new_other_org, new_legal_person_subtotal
-- caveats:    a derived subtotal is NULL when any of its rows is NULL (unreadable), so partial reports never contribute half a subtotal (other_total falls back to the printed group total of a v2021 report that prints only （六）其他处理; its other_* rows stay NULL); v2021 other_* detail rows are NULL for v2019 reports (docs/report-format.md §4.4: compare other_total only)
WITH totals AS (
    -- 总计 column of table 3, one column per row (PIVOT: one pass over the report's cells)
    PIVOT (
        SELECT c.report_id, c.row_key, c.value
        FROM cells AS c
        WHERE c.table_no = 3 AND c.col_key = 'total'
    )
    ON row_key IN (
        'new_received', 'carried_over', 'granted', 'partial_grant', 'denied_state_secret',
        'denied_law_prohibited', 'denied_security_stability', 'denied_third_party_rights',
        'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_file',
        'denied_admin_query', 'unavailable_not_held', 'unavailable_needs_creation',
        'unavailable_unclear', 'not_processed_petition', 'not_processed_duplicate',
        'not_processed_publication', 'not_processed_excessive', 'not_processed_confirmation',
        'other_no_correction', 'other_unpaid_fee', 'other_misc', 'other_total', 'total_processed',
        'carried_forward'
    )
    USING max(value)
    GROUP BY report_id
),

applicants AS (
    -- new applications by applicant column
    PIVOT (
        SELECT c.report_id, 'new_' || c.col_key AS col_key, c.value
        FROM cells AS c
        WHERE c.table_no = 3 AND c.row_key = 'new_received' AND c.col_key <> 'total'
    )
    ON col_key IN (
        'new_natural_person', 'new_commercial_enterprise', 'new_research_institution',
        'new_social_welfare_org', 'new_legal_service_org', 'new_other_org'
    )
    USING max(value)
    GROUP BY report_id
),

t3 AS (
    SELECT totals.* EXCLUDE (other_total), totals.other_total AS other_total_printed, applicants.* EXCLUDE (report_id)
    FROM totals
    LEFT JOIN applicants ON applicants.report_id = totals.report_id
)

SELECT
    t3.report_id,
    d.format_version,
    t3.new_received,
    t3.carried_over,
    t3.granted,
    t3.partial_grant,
    t3.denied_state_secret,
    t3.denied_law_prohibited,
    t3.denied_security_stability,
    t3.denied_third_party_rights,
    t3.denied_internal_affairs,
    t3.denied_process_info,
    t3.denied_enforcement_file,
    t3.denied_admin_query,
    t3.denied_state_secret + t3.denied_law_prohibited + t3.denied_security_stability
        + t3.denied_third_party_rights + t3.denied_internal_affairs + t3.denied_process_info
        + t3.denied_enforcement_file + t3.denied_admin_query AS denied_total,
    t3.unavailable_not_held,
    t3.unavailable_needs_creation,
    t3.unavailable_unclear,
    t3.unavailable_not_held + t3.unavailable_needs_creation + t3.unavailable_unclear
        AS unavailable_total,
    t3.not_processed_petition,
    t3.not_processed_duplicate,
    t3.not_processed_publication,
    t3.not_processed_excessive,
    t3.not_processed_confirmation,
    t3.not_processed_petition + t3.not_processed_duplicate + t3.not_processed_publication
        + t3.not_processed_excessive + t3.not_processed_confirmation AS not_processed_total,
    CASE WHEN d.format_version = 'v2021' THEN t3.other_no_correction END AS other_no_correction,
    CASE WHEN d.format_version = 'v2021' THEN t3.other_unpaid_fee END AS other_unpaid_fee,
    CASE WHEN d.format_version = 'v2021' THEN t3.other_misc END AS other_misc,
    CASE
        WHEN d.format_version = 'v2021'
            -- a v2021 report that prints only the （六）其他处理 total row has the group-total cell
            -- t3.other_total.total and null sub-rows (docs/parse-output.md "Group-total cells")
            THEN coalesce(t3.other_no_correction + t3.other_unpaid_fee + t3.other_misc,
                          t3.other_total_printed)
        ELSE t3.other_total_printed
    END AS other_total,
    t3.total_processed,
    t3.carried_forward,
    t3.new_natural_person,
    t3.new_commercial_enterprise,
    t3.new_research_institution,
    t3.new_social_welfare_org,
    t3.new_legal_service_org,
    t3.new_other_org,
    t3.new_commercial_enterprise + t3.new_research_institution + t3.new_social_welfare_org
        + t3.new_legal_service_org + t3.new_other_org AS new_legal_person_subtotal
FROM t3
JOIN report_dims AS d ON d.report_id = t3.report_id
