-- name:       report_outcomes
-- title:      办理结果（长表）按报告 / Handling outcomes per current report, long form
-- definition: one row per report and outcome of table 3 (总计 column) with the count it is a share of: outcomes over total_processed (granted, partial_grant, substantive = granted + partial_grant, each denial reason and denied_total, each cannot-provide reason and unavailable_total, each not-processed reason and not_processed_total, other_total and the v2021 other_* rows); unavailable_not_held_share = unavailable_not_held ÷ unavailable_total; backlog = carried_forward ÷ (new_received + carried_over)
-- unit:       applications (count) for outcome_count and base_count
-- versions:   v2019, v2021 (other_no_correction / other_unpaid_fee / other_misc: v2021 only)
-- version:    1
-- grain:      one row per current report × outcome whose count and base are both known
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, outcome, outcome_order, outcome_zh, outcome_en, base, outcome_count, base_count
-- caveats:    rows where the outcome or its base is NULL (unreadable cells) are dropped, so a group's rate only sums reports where both are known
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
),

labels (outcome, outcome_order, outcome_zh, outcome_en, base) AS (
    VALUES
        ('granted', 1, '予以公开', 'granted', 'processed'),
        ('partial_grant', 2, '部分公开', 'partially granted', 'processed'),
        ('substantive', 3, '实质公开（予以公开+部分公开）', 'substantive disclosure (granted + partial)', 'processed'),
        ('denied_total', 4, '不予公开', 'denied (all reasons)', 'processed'),
        ('denied_state_secret', 5, '不予公开：国家秘密', 'denied: state secret', 'processed'),
        ('denied_law_prohibited', 6, '不予公开：法律行政法规禁止', 'denied: prohibited by law', 'processed'),
        ('denied_security_stability', 7, '不予公开：三安全一稳定', 'denied: security and stability', 'processed'),
        ('denied_third_party_rights', 8, '不予公开：第三方合法权益', 'denied: third-party rights', 'processed'),
        ('denied_internal_affairs', 9, '不予公开：内部事务信息', 'denied: internal affairs', 'processed'),
        ('denied_process_info', 10, '不予公开：过程性信息', 'denied: process information', 'processed'),
        ('denied_enforcement_file', 11, '不予公开：行政执法案卷', 'denied: enforcement file', 'processed'),
        ('denied_admin_query', 12, '不予公开：行政查询事项', 'denied: administrative query', 'processed'),
        ('unavailable_total', 13, '无法提供', 'cannot be provided (all reasons)', 'processed'),
        ('unavailable_not_held', 14, '无法提供：本机关不掌握', 'cannot provide: not held', 'processed'),
        ('unavailable_needs_creation', 15, '无法提供：需另行制作', 'cannot provide: would need creating', 'processed'),
        ('unavailable_unclear', 16, '无法提供：补正后仍不明确', 'cannot provide: still unclear', 'processed'),
        ('unavailable_not_held_share', 17, '无法提供中本机关不掌握占比', 'share of cannot-provide that is not held', 'unavailable'),
        ('not_processed_total', 18, '不予处理', 'not processed (all reasons)', 'processed'),
        ('not_processed_petition', 19, '不予处理：信访举报投诉', 'not processed: petition/complaint', 'processed'),
        ('not_processed_duplicate', 20, '不予处理：重复申请', 'not processed: duplicate', 'processed'),
        ('not_processed_publication', 21, '不予处理：公开出版物', 'not processed: publication', 'processed'),
        ('not_processed_excessive', 22, '不予处理：大量反复申请', 'not processed: excessive', 'processed'),
        ('not_processed_confirmation', 23, '不予处理：确认或重新出具', 'not processed: confirmation', 'processed'),
        ('other_total', 24, '其他处理', 'other handling (all)', 'processed'),
        ('other_no_correction', 25, '其他处理：逾期不补正', 'other: no correction in time', 'processed'),
        ('other_unpaid_fee', 26, '其他处理：逾期未缴费', 'other: fee unpaid', 'processed'),
        ('other_misc', 27, '其他处理：其他', 'other: misc', 'processed'),
        ('backlog', 28, '结转下年度（积压率）', 'backlog: carried forward ÷ (new + carried over)', 'received')
)

SELECT
    l.report_id,
    l.outcome,
    lb.outcome_order,
    lb.outcome_zh,
    lb.outcome_en,
    lb.base,
    l.outcome_count,
    CASE lb.base
        WHEN 'processed' THEN w.total_processed
        WHEN 'unavailable' THEN w.unavailable_total
        WHEN 'received' THEN w.new_received + w.carried_over
    END AS base_count
FROM long AS l
JOIN labels AS lb ON lb.outcome = l.outcome
JOIN wide AS w ON w.report_id = l.report_id
WHERE l.outcome_count IS NOT NULL
  AND (CASE lb.base
           WHEN 'processed' THEN w.total_processed
           WHEN 'unavailable' THEN w.unavailable_total
           WHEN 'received' THEN w.new_received + w.carried_over
       END) IS NOT NULL
