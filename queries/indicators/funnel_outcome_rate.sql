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
WITH sums AS (
    SELECT
        s.group_value,
        o.outcome,
        sum(o.outcome_count) AS outcome_count,
        sum(o.base_count) AS base_count,
        count(*) AS reports_count   -- one row per report and outcome
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_outcomes AS o ON o.report_id = s.report_id
    WHERE o.outcome = $outcome
    GROUP BY s.group_value, o.outcome
    HAVING sum(o.base_count) > 0
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
