-- name:       outcome_rates_by_group
-- title:      办理结果比率 / Outcome rates of applications handled
-- definition: per group, year and outcome: Σ outcome_count ÷ Σ base_count over reports where both are known (report_outcomes_wide, i.e. report_outcomes): granted, partial_grant, substantive disclosure (granted + partial) ÷ total_processed, each denial reason, cannot-provide, not processed, other ÷ total_processed; unavailable_not_held_share ÷ unavailable_total; backlog = carried_forward ÷ (new_received + carried_over); with a 95% Wilson interval and a rank among groups with base_count ≥ min_n
-- unit:       share (0–1)
-- versions:   v2019, v2021 (other_no_correction / other_unpaid_fee / other_misc: v2021 only)
-- version:    2
-- grain:      one row per group × year × outcome
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components', outcome=NULL, min_n=30
-- columns:    group_by, group_value, year, outcome, outcome_order, outcome_zh, outcome_en, base, outcome_count, base_count, reports_count, rate, rate_lo, rate_hi, is_ranked, rate_rank, excluded_reason
-- caveats:    groups whose denominator is below min_n (default 30 applications) or whose group is unknown are not ranked (is_ranked FALSE, excluded_reason says why) but keep their rate and interval; rate_rank 1 = highest rate within year × outcome; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH group_sums AS (
    -- one row per group and year, one column triple per outcome: Σ count, Σ base and the reports
    -- where both are known (queries/base/report_outcomes_wide.sql: a pair is NULL unless both are
    -- known, and sum / count skip NULL), so 10^6 reports are summed without a 27-fold long table
    SELECT
        s.group_value,
        s.year,
        sum(o.granted) AS granted, sum(o.granted_base) AS granted_base, count(o.granted) AS granted_n,
        sum(o.partial_grant) AS partial_grant, sum(o.partial_grant_base) AS partial_grant_base, count(o.partial_grant) AS partial_grant_n,
        sum(o.substantive) AS substantive, sum(o.substantive_base) AS substantive_base, count(o.substantive) AS substantive_n,
        sum(o.denied_total) AS denied_total, sum(o.denied_total_base) AS denied_total_base, count(o.denied_total) AS denied_total_n,
        sum(o.denied_state_secret) AS denied_state_secret, sum(o.denied_state_secret_base) AS denied_state_secret_base, count(o.denied_state_secret) AS denied_state_secret_n,
        sum(o.denied_law_prohibited) AS denied_law_prohibited, sum(o.denied_law_prohibited_base) AS denied_law_prohibited_base, count(o.denied_law_prohibited) AS denied_law_prohibited_n,
        sum(o.denied_security_stability) AS denied_security_stability, sum(o.denied_security_stability_base) AS denied_security_stability_base, count(o.denied_security_stability) AS denied_security_stability_n,
        sum(o.denied_third_party_rights) AS denied_third_party_rights, sum(o.denied_third_party_rights_base) AS denied_third_party_rights_base, count(o.denied_third_party_rights) AS denied_third_party_rights_n,
        sum(o.denied_internal_affairs) AS denied_internal_affairs, sum(o.denied_internal_affairs_base) AS denied_internal_affairs_base, count(o.denied_internal_affairs) AS denied_internal_affairs_n,
        sum(o.denied_process_info) AS denied_process_info, sum(o.denied_process_info_base) AS denied_process_info_base, count(o.denied_process_info) AS denied_process_info_n,
        sum(o.denied_enforcement_file) AS denied_enforcement_file, sum(o.denied_enforcement_file_base) AS denied_enforcement_file_base, count(o.denied_enforcement_file) AS denied_enforcement_file_n,
        sum(o.denied_admin_query) AS denied_admin_query, sum(o.denied_admin_query_base) AS denied_admin_query_base, count(o.denied_admin_query) AS denied_admin_query_n,
        sum(o.unavailable_total) AS unavailable_total, sum(o.unavailable_total_base) AS unavailable_total_base, count(o.unavailable_total) AS unavailable_total_n,
        sum(o.unavailable_not_held) AS unavailable_not_held, sum(o.unavailable_not_held_base) AS unavailable_not_held_base, count(o.unavailable_not_held) AS unavailable_not_held_n,
        sum(o.unavailable_needs_creation) AS unavailable_needs_creation, sum(o.unavailable_needs_creation_base) AS unavailable_needs_creation_base, count(o.unavailable_needs_creation) AS unavailable_needs_creation_n,
        sum(o.unavailable_unclear) AS unavailable_unclear, sum(o.unavailable_unclear_base) AS unavailable_unclear_base, count(o.unavailable_unclear) AS unavailable_unclear_n,
        sum(o.unavailable_not_held_share) AS unavailable_not_held_share, sum(o.unavailable_not_held_share_base) AS unavailable_not_held_share_base, count(o.unavailable_not_held_share) AS unavailable_not_held_share_n,
        sum(o.not_processed_total) AS not_processed_total, sum(o.not_processed_total_base) AS not_processed_total_base, count(o.not_processed_total) AS not_processed_total_n,
        sum(o.not_processed_petition) AS not_processed_petition, sum(o.not_processed_petition_base) AS not_processed_petition_base, count(o.not_processed_petition) AS not_processed_petition_n,
        sum(o.not_processed_duplicate) AS not_processed_duplicate, sum(o.not_processed_duplicate_base) AS not_processed_duplicate_base, count(o.not_processed_duplicate) AS not_processed_duplicate_n,
        sum(o.not_processed_publication) AS not_processed_publication, sum(o.not_processed_publication_base) AS not_processed_publication_base, count(o.not_processed_publication) AS not_processed_publication_n,
        sum(o.not_processed_excessive) AS not_processed_excessive, sum(o.not_processed_excessive_base) AS not_processed_excessive_base, count(o.not_processed_excessive) AS not_processed_excessive_n,
        sum(o.not_processed_confirmation) AS not_processed_confirmation, sum(o.not_processed_confirmation_base) AS not_processed_confirmation_base, count(o.not_processed_confirmation) AS not_processed_confirmation_n,
        sum(o.other_total) AS other_total, sum(o.other_total_base) AS other_total_base, count(o.other_total) AS other_total_n,
        sum(o.other_no_correction) AS other_no_correction, sum(o.other_no_correction_base) AS other_no_correction_base, count(o.other_no_correction) AS other_no_correction_n,
        sum(o.other_unpaid_fee) AS other_unpaid_fee, sum(o.other_unpaid_fee_base) AS other_unpaid_fee_base, count(o.other_unpaid_fee) AS other_unpaid_fee_n,
        sum(o.other_misc) AS other_misc, sum(o.other_misc_base) AS other_misc_base, count(o.other_misc) AS other_misc_n,
        sum(o.backlog) AS backlog, sum(o.backlog_base) AS backlog_base, count(o.backlog) AS backlog_n
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_outcomes_wide AS o ON o.report_id = s.report_id
    GROUP BY s.group_value, s.year
),

counted AS (
    -- numbers only, one row per group, year and outcome with at least one report (as many rows as
    -- summing report_outcomes gives); names and order are joined below on these few rows
    SELECT group_value, year, outcome, outcome_count, base_count, reports_count
    FROM (
        UNPIVOT group_sums
        ON (granted, granted_base, granted_n) AS granted,
        (partial_grant, partial_grant_base, partial_grant_n) AS partial_grant,
        (substantive, substantive_base, substantive_n) AS substantive,
        (denied_total, denied_total_base, denied_total_n) AS denied_total,
        (denied_state_secret, denied_state_secret_base, denied_state_secret_n) AS denied_state_secret,
        (denied_law_prohibited, denied_law_prohibited_base, denied_law_prohibited_n) AS denied_law_prohibited,
        (denied_security_stability, denied_security_stability_base, denied_security_stability_n) AS denied_security_stability,
        (denied_third_party_rights, denied_third_party_rights_base, denied_third_party_rights_n) AS denied_third_party_rights,
        (denied_internal_affairs, denied_internal_affairs_base, denied_internal_affairs_n) AS denied_internal_affairs,
        (denied_process_info, denied_process_info_base, denied_process_info_n) AS denied_process_info,
        (denied_enforcement_file, denied_enforcement_file_base, denied_enforcement_file_n) AS denied_enforcement_file,
        (denied_admin_query, denied_admin_query_base, denied_admin_query_n) AS denied_admin_query,
        (unavailable_total, unavailable_total_base, unavailable_total_n) AS unavailable_total,
        (unavailable_not_held, unavailable_not_held_base, unavailable_not_held_n) AS unavailable_not_held,
        (unavailable_needs_creation, unavailable_needs_creation_base, unavailable_needs_creation_n) AS unavailable_needs_creation,
        (unavailable_unclear, unavailable_unclear_base, unavailable_unclear_n) AS unavailable_unclear,
        (unavailable_not_held_share, unavailable_not_held_share_base, unavailable_not_held_share_n) AS unavailable_not_held_share,
        (not_processed_total, not_processed_total_base, not_processed_total_n) AS not_processed_total,
        (not_processed_petition, not_processed_petition_base, not_processed_petition_n) AS not_processed_petition,
        (not_processed_duplicate, not_processed_duplicate_base, not_processed_duplicate_n) AS not_processed_duplicate,
        (not_processed_publication, not_processed_publication_base, not_processed_publication_n) AS not_processed_publication,
        (not_processed_excessive, not_processed_excessive_base, not_processed_excessive_n) AS not_processed_excessive,
        (not_processed_confirmation, not_processed_confirmation_base, not_processed_confirmation_n) AS not_processed_confirmation,
        (other_total, other_total_base, other_total_n) AS other_total,
        (other_no_correction, other_no_correction_base, other_no_correction_n) AS other_no_correction,
        (other_unpaid_fee, other_unpaid_fee_base, other_unpaid_fee_n) AS other_unpaid_fee,
        (other_misc, other_misc_base, other_misc_n) AS other_misc,
        (backlog, backlog_base, backlog_n) AS backlog
        INTO NAME outcome VALUE outcome_count, base_count, reports_count
    )
    WHERE reports_count > 0 AND ($outcome IS NULL OR outcome = $outcome)
),

sums AS (
    SELECT c.*, lb.outcome_order, lb.outcome_zh, lb.outcome_en, lb.base
    FROM counted AS c
    JOIN outcome_labels AS lb ON lb.outcome = c.outcome   -- queries/base/outcome_labels.sql
),

rated AS (
    SELECT
        *,
        outcome_count / nullif(base_count, 0) AS rate,
        group_value IS NOT NULL AND base_count >= $min_n AS is_ranked
    FROM sums
)

SELECT
    $group_by AS group_by,
    group_value,
    year,
    outcome,
    outcome_order,
    outcome_zh,
    outcome_en,
    base,
    outcome_count,
    base_count,
    reports_count,
    rate,
    wilson_lo(outcome_count, base_count) AS rate_lo,
    wilson_hi(outcome_count, base_count) AS rate_hi,
    is_ranked,
    CASE WHEN is_ranked THEN rank() OVER (PARTITION BY year, outcome, is_ranked ORDER BY rate DESC) END
        AS rate_rank,
    CASE
        WHEN group_value IS NULL THEN 'group unknown'
        WHEN NOT is_ranked THEN 'base_count ' || CAST(base_count AS BIGINT) || ' below min_n ' || $min_n
    END AS excluded_reason
FROM rated
ORDER BY year, outcome_order, group_value
