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
-- caveats:    names, order and the base of each outcome are in outcome_labels (join on outcome); rows where the outcome or its base is NULL (unreadable cells) are dropped, so a group's rate only sums reports where both are known
WITH wide AS (
    SELECT
        report_id,
        new_received,
        carried_over,
        total_processed,
        granted,
        partial_grant,
        granted + partial_grant AS substantive,
        denied_total,
        denied_state_secret,
        denied_law_prohibited,
        denied_security_stability,
        denied_third_party_rights,
        denied_internal_affairs,
        denied_process_info,
        denied_enforcement_file,
        denied_admin_query,
        unavailable_total,
        unavailable_not_held,
        unavailable_needs_creation,
        unavailable_unclear,
        unavailable_not_held AS unavailable_not_held_share,
        not_processed_total,
        not_processed_petition,
        not_processed_duplicate,
        not_processed_publication,
        not_processed_excessive,
        not_processed_confirmation,
        other_total,
        other_no_correction,
        other_unpaid_fee,
        other_misc,
        carried_forward AS backlog
    FROM report_applications
),

long AS (
    UNPIVOT wide
    ON granted, partial_grant, substantive, denied_total, denied_state_secret, denied_law_prohibited,
        denied_security_stability, denied_third_party_rights, denied_internal_affairs,
        denied_process_info, denied_enforcement_file, denied_admin_query, unavailable_total,
        unavailable_not_held, unavailable_needs_creation, unavailable_unclear,
        unavailable_not_held_share, not_processed_total, not_processed_petition,
        not_processed_duplicate, not_processed_publication, not_processed_excessive,
        not_processed_confirmation, other_total, other_no_correction, other_unpaid_fee, other_misc,
        backlog
    INTO NAME outcome VALUE outcome_count
)

SELECT
    l.report_id,
    l.outcome,
    l.outcome_count,
    CASE lb.base
        WHEN 'processed' THEN w.total_processed
        WHEN 'unavailable' THEN w.unavailable_total
        WHEN 'received' THEN w.new_received + w.carried_over
    END AS base_count
FROM long AS l
JOIN outcome_labels AS lb ON lb.outcome = l.outcome   -- queries/base/outcome_labels.sql
JOIN wide AS w ON w.report_id = l.report_id
WHERE l.outcome_count IS NOT NULL
  AND (CASE lb.base
           WHEN 'processed' THEN w.total_processed
           WHEN 'unavailable' THEN w.unavailable_total
           WHEN 'received' THEN w.new_received + w.carried_over
       END) IS NOT NULL
