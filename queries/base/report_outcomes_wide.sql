-- name:       report_outcomes_wide
-- title:      办理结果（宽表）按报告 / Handling outcomes per current report, wide: one column pair per outcome
-- definition: for each outcome of report_outcomes (names, order and base in outcome_labels) two columns: <outcome> = its count and <outcome>_base = the count it is a share of, both NULL unless both are known (a report's pair is exactly its row of report_outcomes, or NULL where report_outcomes has no row). Counts from report_applications (table 3, 总计 column): substantive = granted + partial_grant; unavailable_not_held_share = unavailable_not_held over unavailable_total; backlog = carried_forward over new_received + carried_over; every other outcome over total_processed
-- unit:       applications (count)
-- versions:   v2019, v2021 (other_no_correction / other_unpaid_fee / other_misc: v2021 only)
-- version:    1
-- grain:      one row per current report with table 3 cells
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, granted, granted_base, partial_grant, partial_grant_base, substantive, substantive_base, denied_total, denied_total_base, denied_state_secret, denied_state_secret_base, denied_law_prohibited, denied_law_prohibited_base, denied_security_stability, denied_security_stability_base, denied_third_party_rights, denied_third_party_rights_base, denied_internal_affairs, denied_internal_affairs_base, denied_process_info, denied_process_info_base, denied_enforcement_file, denied_enforcement_file_base, denied_admin_query, denied_admin_query_base, unavailable_total, unavailable_total_base, unavailable_not_held, unavailable_not_held_base, unavailable_needs_creation, unavailable_needs_creation_base, unavailable_unclear, unavailable_unclear_base, unavailable_not_held_share, unavailable_not_held_share_base, not_processed_total, not_processed_total_base, not_processed_petition, not_processed_petition_base, not_processed_duplicate, not_processed_duplicate_base, not_processed_publication, not_processed_publication_base, not_processed_excessive, not_processed_excessive_base, not_processed_confirmation, not_processed_confirmation_base, other_total, other_total_base, other_no_correction, other_no_correction_base, other_unpaid_fee, other_unpaid_fee_base, other_misc, other_misc_base, backlog, backlog_base
-- caveats:    the one home of the outcome rules: report_outcomes is this table unpivoted; roll-ups sum the columns per group (sum and count skip the NULL pairs) and unpivot the few result rows, instead of joining the 27-rows-per-report long table (docs/benchmarks.md)
SELECT
    report_id,
    CASE WHEN total_processed IS NOT NULL THEN granted END AS granted,
    CASE WHEN granted IS NOT NULL THEN total_processed END AS granted_base,
    CASE WHEN total_processed IS NOT NULL THEN partial_grant END AS partial_grant,
    CASE WHEN partial_grant IS NOT NULL THEN total_processed END AS partial_grant_base,
    CASE WHEN total_processed IS NOT NULL THEN granted + partial_grant END AS substantive,
    CASE WHEN granted + partial_grant IS NOT NULL THEN total_processed END AS substantive_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_total END AS denied_total,
    CASE WHEN denied_total IS NOT NULL THEN total_processed END AS denied_total_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_state_secret END AS denied_state_secret,
    CASE WHEN denied_state_secret IS NOT NULL THEN total_processed END AS denied_state_secret_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_law_prohibited END AS denied_law_prohibited,
    CASE WHEN denied_law_prohibited IS NOT NULL THEN total_processed END AS denied_law_prohibited_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_security_stability END AS denied_security_stability,
    CASE WHEN denied_security_stability IS NOT NULL THEN total_processed END AS denied_security_stability_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_third_party_rights END AS denied_third_party_rights,
    CASE WHEN denied_third_party_rights IS NOT NULL THEN total_processed END AS denied_third_party_rights_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_internal_affairs END AS denied_internal_affairs,
    CASE WHEN denied_internal_affairs IS NOT NULL THEN total_processed END AS denied_internal_affairs_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_process_info END AS denied_process_info,
    CASE WHEN denied_process_info IS NOT NULL THEN total_processed END AS denied_process_info_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_enforcement_file END AS denied_enforcement_file,
    CASE WHEN denied_enforcement_file IS NOT NULL THEN total_processed END AS denied_enforcement_file_base,
    CASE WHEN total_processed IS NOT NULL THEN denied_admin_query END AS denied_admin_query,
    CASE WHEN denied_admin_query IS NOT NULL THEN total_processed END AS denied_admin_query_base,
    CASE WHEN total_processed IS NOT NULL THEN unavailable_total END AS unavailable_total,
    CASE WHEN unavailable_total IS NOT NULL THEN total_processed END AS unavailable_total_base,
    CASE WHEN total_processed IS NOT NULL THEN unavailable_not_held END AS unavailable_not_held,
    CASE WHEN unavailable_not_held IS NOT NULL THEN total_processed END AS unavailable_not_held_base,
    CASE WHEN total_processed IS NOT NULL THEN unavailable_needs_creation END AS unavailable_needs_creation,
    CASE WHEN unavailable_needs_creation IS NOT NULL THEN total_processed END AS unavailable_needs_creation_base,
    CASE WHEN total_processed IS NOT NULL THEN unavailable_unclear END AS unavailable_unclear,
    CASE WHEN unavailable_unclear IS NOT NULL THEN total_processed END AS unavailable_unclear_base,
    CASE WHEN unavailable_total IS NOT NULL THEN unavailable_not_held END AS unavailable_not_held_share,
    CASE WHEN unavailable_not_held IS NOT NULL THEN unavailable_total END AS unavailable_not_held_share_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_total END AS not_processed_total,
    CASE WHEN not_processed_total IS NOT NULL THEN total_processed END AS not_processed_total_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_petition END AS not_processed_petition,
    CASE WHEN not_processed_petition IS NOT NULL THEN total_processed END AS not_processed_petition_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_duplicate END AS not_processed_duplicate,
    CASE WHEN not_processed_duplicate IS NOT NULL THEN total_processed END AS not_processed_duplicate_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_publication END AS not_processed_publication,
    CASE WHEN not_processed_publication IS NOT NULL THEN total_processed END AS not_processed_publication_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_excessive END AS not_processed_excessive,
    CASE WHEN not_processed_excessive IS NOT NULL THEN total_processed END AS not_processed_excessive_base,
    CASE WHEN total_processed IS NOT NULL THEN not_processed_confirmation END AS not_processed_confirmation,
    CASE WHEN not_processed_confirmation IS NOT NULL THEN total_processed END AS not_processed_confirmation_base,
    CASE WHEN total_processed IS NOT NULL THEN other_total END AS other_total,
    CASE WHEN other_total IS NOT NULL THEN total_processed END AS other_total_base,
    CASE WHEN total_processed IS NOT NULL THEN other_no_correction END AS other_no_correction,
    CASE WHEN other_no_correction IS NOT NULL THEN total_processed END AS other_no_correction_base,
    CASE WHEN total_processed IS NOT NULL THEN other_unpaid_fee END AS other_unpaid_fee,
    CASE WHEN other_unpaid_fee IS NOT NULL THEN total_processed END AS other_unpaid_fee_base,
    CASE WHEN total_processed IS NOT NULL THEN other_misc END AS other_misc,
    CASE WHEN other_misc IS NOT NULL THEN total_processed END AS other_misc_base,
    CASE WHEN new_received + carried_over IS NOT NULL THEN carried_forward END AS backlog,
    CASE WHEN carried_forward IS NOT NULL THEN new_received + carried_over END AS backlog_base
FROM report_applications
