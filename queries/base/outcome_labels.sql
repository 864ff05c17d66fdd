-- name:       outcome_labels
-- title:      办理结果名称与分母 / Outcome names, order and base
-- definition: the 28 handling outcomes of table 3 that report_outcomes counts: display order, Chinese and English names, and the count each is a share of (processed = t3.total_processed.total, unavailable = unavailable_total, received = new_received + carried_over)
-- unit:       none (labels)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per outcome
-- params:     none
-- columns:    outcome, outcome_order, outcome_zh, outcome_en, base
-- caveats:    a constant list, kept apart from report_outcomes so that the 10^7-row fact table holds no repeated text
SELECT *
FROM (
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
) AS labels (outcome, outcome_order, outcome_zh, outcome_en, base)
