-- name:       review_suspicious_values
-- title:      可疑数值 / Suspicious values: magnitudes and jumps from last year
-- definition: (1) fee_magnitude: t2.administrative_fees.amount_wan_yuan > $fee_limit 万元 (docs/report-format.md §8: likely 元 entered under the 万元 header); (2) agency_volume: t3.new_received.total > $count_limit at an agency or government organ; (3) year_jump: a headline cell differs from the same agency's previous-year value by a factor ≥ $ratio (or one of them is 0) while the larger is ≥ $min_count
-- unit:       cell value (count, or 万元 for fees)
-- versions:   v2019, v2021 (fees: v2021)
-- version:    1
-- grain:      one row per current report × rule × cell
-- params:     region=NULL, year=NULL, fee_limit=10000000.0, count_limit=100000.0, ratio=10.0, min_count=50.0
-- columns:    report_id, rule, cell_key, value, prev_report_id, prev_value, factor
-- caveats:    plausibility only (docs/report-format.md §5 severity S): a real change (reorganisation, a campaign) also moves figures; headline cells are t3 new_received/total_processed totals, t2 行政许可/处罚/强制 decisions, t2 fees (v2021 → v2021) and t4 totals
WITH scope_reports AS (
    SELECT d.report_id, d.agency_id, d.year, d.report_scope, d.format_version
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
),

headline (cell_key) AS (
    VALUES ('t3.new_received.total'), ('t3.total_processed.total'),
        ('t2.administrative_license.decisions'), ('t2.administrative_penalty.decisions'),
        ('t2.administrative_compulsion.decisions'), ('t2.administrative_fees.amount_wan_yuan'),
        ('t4.cases.review_total'), ('t4.cases.lit_direct_total'), ('t4.cases.lit_after_review_total')
),

fee AS (
    SELECT s.report_id, 'fee_magnitude' AS rule, c.cell_key, c.value,
        NULL::INTEGER AS prev_report_id, NULL::DOUBLE AS prev_value, NULL::DOUBLE AS factor
    FROM scope_reports AS s
    JOIN cells AS c ON c.report_id = s.report_id
    WHERE c.cell_key = 't2.administrative_fees.amount_wan_yuan' AND c.value > $fee_limit
),

volume AS (
    SELECT s.report_id, 'agency_volume' AS rule, c.cell_key, c.value,
        NULL::INTEGER AS prev_report_id, NULL::DOUBLE AS prev_value, NULL::DOUBLE AS factor
    FROM scope_reports AS s
    JOIN cells AS c ON c.report_id = s.report_id
    WHERE s.report_scope IN ('agency', 'government_organ')
      AND c.cell_key = 't3.new_received.total' AND c.value > $count_limit
),

pairs AS (
    SELECT
        s.report_id,
        c.cell_key,
        c.value,
        p.report_id AS prev_report_id,
        pc.value AS prev_value
    FROM scope_reports AS s
    JOIN report_dims AS p
        ON p.agency_id = s.agency_id AND p.year = s.year - 1
    JOIN headline AS h ON TRUE
    JOIN cells AS c ON c.report_id = s.report_id AND c.cell_key = h.cell_key
    JOIN cells AS pc ON pc.report_id = p.report_id AND pc.cell_key = h.cell_key
    WHERE s.agency_id IS NOT NULL
      AND c.value IS NOT NULL AND pc.value IS NOT NULL
      AND c.value >= 0 AND pc.value >= 0
      AND (h.cell_key <> 't2.administrative_fees.amount_wan_yuan'
           OR (s.format_version = 'v2021' AND p.format_version = 'v2021'))
),

jump AS (
    SELECT
        report_id, 'year_jump' AS rule, cell_key, value, prev_report_id, prev_value,
        CASE WHEN least(value, prev_value) = 0 THEN NULL
             ELSE greatest(value, prev_value) / least(value, prev_value) END AS factor
    FROM pairs
    WHERE greatest(value, prev_value) >= $min_count
      AND (least(value, prev_value) = 0 OR greatest(value, prev_value) / least(value, prev_value) >= $ratio)
)

SELECT * FROM fee
UNION ALL
SELECT * FROM volume
UNION ALL
SELECT * FROM jump
ORDER BY report_id, rule, cell_key
