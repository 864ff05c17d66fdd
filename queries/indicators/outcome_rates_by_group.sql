-- name:       outcome_rates_by_group
-- title:      办理结果比率 / Outcome rates of applications handled
-- definition: per group, year and outcome: Σ outcome_count ÷ Σ base_count over reports where both are known (report_outcomes): granted, partial_grant, substantive disclosure (granted + partial) ÷ total_processed, each denial reason, cannot-provide, not processed, other ÷ total_processed; unavailable_not_held_share ÷ unavailable_total; backlog = carried_forward ÷ (new_received + carried_over); with a 95% Wilson interval and a rank among groups with base_count ≥ min_n
-- unit:       share (0–1)
-- versions:   v2019, v2021 (other_no_correction / other_unpaid_fee / other_misc: v2021 only)
-- version:    2
-- grain:      one row per group × year × outcome
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components', outcome=NULL, min_n=30
-- columns:    group_by, group_value, year, outcome, outcome_order, outcome_zh, outcome_en, base, outcome_count, base_count, reports_count, rate, rate_lo, rate_hi, is_ranked, rate_rank, excluded_reason
-- caveats:    groups whose denominator is below min_n (default 30 applications) or whose group is unknown are not ranked (is_ranked FALSE, excluded_reason says why) but keep their rate and interval; rate_rank 1 = highest rate within year × outcome; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH counted AS (
    -- numbers only: names and order are joined on the few result rows, not on every report's row
    SELECT
        s.group_value,
        s.year,
        o.outcome,
        sum(o.outcome_count) AS outcome_count,
        sum(o.base_count) AS base_count,
        count(*) AS reports_count
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_outcomes AS o ON o.report_id = s.report_id
    WHERE $outcome IS NULL OR o.outcome = $outcome
    GROUP BY s.group_value, s.year, o.outcome
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
