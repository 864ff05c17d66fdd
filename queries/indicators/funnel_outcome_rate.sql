-- name:       funnel_outcome_rate
-- title:      漏斗图数据：办理结果比率与申请量 / Funnel plot: outcome rate against volume
-- definition: per group, pooled over the selected years: rate = Σ outcome_count ÷ Σ base_count for one outcome (default substantive = (granted + partial) ÷ processed); pooled_rate over all groups; control limits pooled_rate ± z·√(pooled_rate(1 − pooled_rate)/base_count) with z = 1.96 (95%) and 3.09 (99.8%), clipped to [0, 1]
-- unit:       share (0–1); base_count in applications
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per group (years pooled)
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components', outcome='substantive'
-- columns:    group_by, group_value, outcome, outcome_count, base_count, reports_count, rate, pooled_rate, limit95_lo, limit95_hi, limit998_lo, limit998_hi, position
-- caveats:    position is above_998 / above_95 / within / below_95 / below_998 relative to the limits at the group's own volume; the limits assume binomial variation only (no over-dispersion adjustment); groups with base_count 0 are left out; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH picked AS (
    -- each report's pair for the one outcome asked for (queries/base/report_outcomes_wide.sql: NULL
    -- unless both are known), read from the wide table rather than the 27-rows-per-report long one
    SELECT
        s.group_value,
        CASE $outcome
            WHEN 'granted' THEN o.granted
            WHEN 'partial_grant' THEN o.partial_grant
            WHEN 'substantive' THEN o.substantive
            WHEN 'denied_total' THEN o.denied_total
            WHEN 'denied_state_secret' THEN o.denied_state_secret
            WHEN 'denied_law_prohibited' THEN o.denied_law_prohibited
            WHEN 'denied_security_stability' THEN o.denied_security_stability
            WHEN 'denied_third_party_rights' THEN o.denied_third_party_rights
            WHEN 'denied_internal_affairs' THEN o.denied_internal_affairs
            WHEN 'denied_process_info' THEN o.denied_process_info
            WHEN 'denied_enforcement_file' THEN o.denied_enforcement_file
            WHEN 'denied_admin_query' THEN o.denied_admin_query
            WHEN 'unavailable_total' THEN o.unavailable_total
            WHEN 'unavailable_not_held' THEN o.unavailable_not_held
            WHEN 'unavailable_needs_creation' THEN o.unavailable_needs_creation
            WHEN 'unavailable_unclear' THEN o.unavailable_unclear
            WHEN 'unavailable_not_held_share' THEN o.unavailable_not_held_share
            WHEN 'not_processed_total' THEN o.not_processed_total
            WHEN 'not_processed_petition' THEN o.not_processed_petition
            WHEN 'not_processed_duplicate' THEN o.not_processed_duplicate
            WHEN 'not_processed_publication' THEN o.not_processed_publication
            WHEN 'not_processed_excessive' THEN o.not_processed_excessive
            WHEN 'not_processed_confirmation' THEN o.not_processed_confirmation
            WHEN 'other_total' THEN o.other_total
            WHEN 'other_no_correction' THEN o.other_no_correction
            WHEN 'other_unpaid_fee' THEN o.other_unpaid_fee
            WHEN 'other_misc' THEN o.other_misc
            WHEN 'backlog' THEN o.backlog
        END AS outcome_count,
        CASE $outcome
            WHEN 'granted' THEN o.granted_base
            WHEN 'partial_grant' THEN o.partial_grant_base
            WHEN 'substantive' THEN o.substantive_base
            WHEN 'denied_total' THEN o.denied_total_base
            WHEN 'denied_state_secret' THEN o.denied_state_secret_base
            WHEN 'denied_law_prohibited' THEN o.denied_law_prohibited_base
            WHEN 'denied_security_stability' THEN o.denied_security_stability_base
            WHEN 'denied_third_party_rights' THEN o.denied_third_party_rights_base
            WHEN 'denied_internal_affairs' THEN o.denied_internal_affairs_base
            WHEN 'denied_process_info' THEN o.denied_process_info_base
            WHEN 'denied_enforcement_file' THEN o.denied_enforcement_file_base
            WHEN 'denied_admin_query' THEN o.denied_admin_query_base
            WHEN 'unavailable_total' THEN o.unavailable_total_base
            WHEN 'unavailable_not_held' THEN o.unavailable_not_held_base
            WHEN 'unavailable_needs_creation' THEN o.unavailable_needs_creation_base
            WHEN 'unavailable_unclear' THEN o.unavailable_unclear_base
            WHEN 'unavailable_not_held_share' THEN o.unavailable_not_held_share_base
            WHEN 'not_processed_total' THEN o.not_processed_total_base
            WHEN 'not_processed_petition' THEN o.not_processed_petition_base
            WHEN 'not_processed_duplicate' THEN o.not_processed_duplicate_base
            WHEN 'not_processed_publication' THEN o.not_processed_publication_base
            WHEN 'not_processed_excessive' THEN o.not_processed_excessive_base
            WHEN 'not_processed_confirmation' THEN o.not_processed_confirmation_base
            WHEN 'other_total' THEN o.other_total_base
            WHEN 'other_no_correction' THEN o.other_no_correction_base
            WHEN 'other_unpaid_fee' THEN o.other_unpaid_fee_base
            WHEN 'other_misc' THEN o.other_misc_base
            WHEN 'backlog' THEN o.backlog_base
        END AS base_count
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_outcomes_wide AS o ON o.report_id = s.report_id
),

sums AS (
    SELECT
        group_value,
        $outcome AS outcome,
        sum(outcome_count) AS outcome_count,
        sum(base_count) AS base_count,
        count(*) AS reports_count   -- reports whose count and base are both known
    FROM picked
    WHERE outcome_count IS NOT NULL
    GROUP BY group_value
    HAVING sum(base_count) > 0
),

pooled AS (
    SELECT sum(outcome_count) / nullif(sum(base_count), 0) AS pooled_rate FROM sums
),

limits AS (
    SELECT
        s.*,
        s.outcome_count / s.base_count AS rate,
        p.pooled_rate,
        sqrt(p.pooled_rate * (1 - p.pooled_rate) / s.base_count) AS se
    FROM sums AS s
    CROSS JOIN pooled AS p
)

SELECT
    $group_by AS group_by,
    group_value,
    outcome,
    outcome_count,
    base_count,
    reports_count,
    rate,
    pooled_rate,
    greatest(pooled_rate - 1.959963984540054 * se, 0) AS limit95_lo,
    least(pooled_rate + 1.959963984540054 * se, 1) AS limit95_hi,
    greatest(pooled_rate - 3.090232306167813 * se, 0) AS limit998_lo,
    least(pooled_rate + 3.090232306167813 * se, 1) AS limit998_hi,
    CASE
        WHEN rate > pooled_rate + 3.090232306167813 * se THEN 'above_998'
        WHEN rate > pooled_rate + 1.959963984540054 * se THEN 'above_95'
        WHEN rate < pooled_rate - 3.090232306167813 * se THEN 'below_998'
        WHEN rate < pooled_rate - 1.959963984540054 * se THEN 'below_95'
        ELSE 'within'
    END AS position
FROM limits
ORDER BY base_count DESC, group_value
