-- name:       report_applications
-- title:      依申请公开（表三）按报告 / Table 3 figures per current report
-- definition: the 总计 column of table 3 (t3.<row>.total) pivoted to one column per row, plus derived subtotals (denied_total = 8 不予公开 rows, unavailable_total = 3 无法提供 rows, not_processed_total = 5 不予处理 rows, other_total = v2019 t3.other_total.total or v2021 sum of 3 其他处理 rows) and the applicant mix of new applications (t3.new_received.<applicant>)
-- unit:       applications (count)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report with table 3 cells
-- params:     none
-- columns:    report_id, format_version, new_received, carried_over, granted, partial_grant, denied_state_secret, denied_law_prohibited, denied_security_stability, denied_third_party_rights, denied_internal_affairs, denied_process_info, denied_enforcement_file, denied_admin_query, denied_total, unavailable_not_held, unavailable_needs_creation, unavailable_unclear, unavailable_total, not_processed_petition, not_processed_duplicate, not_processed_publication, not_processed_excessive, not_processed_confirmation, not_processed_total, other_no_correction, other_unpaid_fee, other_misc, other_total, total_processed, carried_forward, new_natural_person, new_commercial_enterprise, new_research_institution, new_social_welfare_org, new_legal_service_org, new_other_org, new_legal_person_subtotal
-- caveats:    a derived subtotal is NULL when any of its rows is NULL (unreadable), so partial reports never contribute half a subtotal; v2021 other_* detail rows are NULL for v2019 reports (spec §4.4: compare other_total only)
WITH t3 AS (
    SELECT
        c.report_id,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.total') AS new_received,
        max(c.value) FILTER (WHERE c.cell_key = 't3.carried_over.total') AS carried_over,
        max(c.value) FILTER (WHERE c.cell_key = 't3.granted.total') AS granted,
        max(c.value) FILTER (WHERE c.cell_key = 't3.partial_grant.total') AS partial_grant,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_state_secret.total') AS denied_state_secret,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_law_prohibited.total') AS denied_law_prohibited,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_security_stability.total') AS denied_security_stability,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_third_party_rights.total') AS denied_third_party_rights,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_internal_affairs.total') AS denied_internal_affairs,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_process_info.total') AS denied_process_info,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_enforcement_file.total') AS denied_enforcement_file,
        max(c.value) FILTER (WHERE c.cell_key = 't3.denied_admin_query.total') AS denied_admin_query,
        max(c.value) FILTER (WHERE c.cell_key = 't3.unavailable_not_held.total') AS unavailable_not_held,
        max(c.value) FILTER (WHERE c.cell_key = 't3.unavailable_needs_creation.total') AS unavailable_needs_creation,
        max(c.value) FILTER (WHERE c.cell_key = 't3.unavailable_unclear.total') AS unavailable_unclear,
        max(c.value) FILTER (WHERE c.cell_key = 't3.not_processed_petition.total') AS not_processed_petition,
        max(c.value) FILTER (WHERE c.cell_key = 't3.not_processed_duplicate.total') AS not_processed_duplicate,
        max(c.value) FILTER (WHERE c.cell_key = 't3.not_processed_publication.total') AS not_processed_publication,
        max(c.value) FILTER (WHERE c.cell_key = 't3.not_processed_excessive.total') AS not_processed_excessive,
        max(c.value) FILTER (WHERE c.cell_key = 't3.not_processed_confirmation.total') AS not_processed_confirmation,
        max(c.value) FILTER (WHERE c.cell_key = 't3.other_no_correction.total') AS other_no_correction,
        max(c.value) FILTER (WHERE c.cell_key = 't3.other_unpaid_fee.total') AS other_unpaid_fee,
        max(c.value) FILTER (WHERE c.cell_key = 't3.other_misc.total') AS other_misc,
        max(c.value) FILTER (WHERE c.cell_key = 't3.other_total.total') AS other_total_printed,
        max(c.value) FILTER (WHERE c.cell_key = 't3.total_processed.total') AS total_processed,
        max(c.value) FILTER (WHERE c.cell_key = 't3.carried_forward.total') AS carried_forward,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.natural_person') AS new_natural_person,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.commercial_enterprise') AS new_commercial_enterprise,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.research_institution') AS new_research_institution,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.social_welfare_org') AS new_social_welfare_org,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.legal_service_org') AS new_legal_service_org,
        max(c.value) FILTER (WHERE c.cell_key = 't3.new_received.other_org') AS new_other_org
    FROM cells AS c
    WHERE c.table_no = 3
    GROUP BY c.report_id
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
            THEN t3.other_no_correction + t3.other_unpaid_fee + t3.other_misc
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
