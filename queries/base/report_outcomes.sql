-- name:       report_outcomes
-- title:      办理结果（长表）按报告 / Handling outcomes per current report, long form
-- definition: one row per report and outcome of table 3 (总计 column) with the count it is a share of: outcomes over total_processed (granted, partial_grant, substantive = granted + partial_grant, each denial reason and denied_total, each cannot-provide reason and unavailable_total, each not-processed reason and not_processed_total, other_total and the v2021 other_* rows); unavailable_not_held_share = unavailable_not_held ÷ unavailable_total; backlog = carried_forward ÷ (new_received + carried_over)
-- unit:       applications (count) for outcome_count and base_count
-- versions:   v2019, v2021 (other_no_correction / other_unpaid_fee / other_misc: v2021 only)
-- version:    2
-- grain:      one row per current report × outcome whose count and base are both known
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, outcome, outcome_count, base_count
-- caveats:    report_outcomes_wide unpivoted (the outcome rules live there; roll-ups read the wide table); names, order and the base of each outcome are in outcome_labels (join on outcome); rows where the outcome or its base is NULL (unreadable cells) are dropped, so a group's rate only sums reports where both are known
-- the wide table's column pairs, one row per outcome whose pair is known
-- (queries/base/report_outcomes_wide.sql: a pair is NULL unless both its count and base are known)
WITH long AS (
    UNPIVOT report_outcomes_wide
    ON (granted, granted_base) AS granted,
    (partial_grant, partial_grant_base) AS partial_grant,
    (substantive, substantive_base) AS substantive,
    (denied_total, denied_total_base) AS denied_total,
    (denied_state_secret, denied_state_secret_base) AS denied_state_secret,
    (denied_law_prohibited, denied_law_prohibited_base) AS denied_law_prohibited,
    (denied_security_stability, denied_security_stability_base) AS denied_security_stability,
    (denied_third_party_rights, denied_third_party_rights_base) AS denied_third_party_rights,
    (denied_internal_affairs, denied_internal_affairs_base) AS denied_internal_affairs,
    (denied_process_info, denied_process_info_base) AS denied_process_info,
    (denied_enforcement_file, denied_enforcement_file_base) AS denied_enforcement_file,
    (denied_admin_query, denied_admin_query_base) AS denied_admin_query,
    (unavailable_total, unavailable_total_base) AS unavailable_total,
    (unavailable_not_held, unavailable_not_held_base) AS unavailable_not_held,
    (unavailable_needs_creation, unavailable_needs_creation_base) AS unavailable_needs_creation,
    (unavailable_unclear, unavailable_unclear_base) AS unavailable_unclear,
    (unavailable_not_held_share, unavailable_not_held_share_base) AS unavailable_not_held_share,
    (not_processed_total, not_processed_total_base) AS not_processed_total,
    (not_processed_petition, not_processed_petition_base) AS not_processed_petition,
    (not_processed_duplicate, not_processed_duplicate_base) AS not_processed_duplicate,
    (not_processed_publication, not_processed_publication_base) AS not_processed_publication,
    (not_processed_excessive, not_processed_excessive_base) AS not_processed_excessive,
    (not_processed_confirmation, not_processed_confirmation_base) AS not_processed_confirmation,
    (other_total, other_total_base) AS other_total,
    (other_no_correction, other_no_correction_base) AS other_no_correction,
    (other_unpaid_fee, other_unpaid_fee_base) AS other_unpaid_fee,
    (other_misc, other_misc_base) AS other_misc,
    (backlog, backlog_base) AS backlog
    INTO NAME outcome VALUE outcome_count, base_count
)

SELECT report_id, outcome, outcome_count, base_count
FROM long
WHERE outcome_count IS NOT NULL AND base_count IS NOT NULL
