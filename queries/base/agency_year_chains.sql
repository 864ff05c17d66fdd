-- name:       agency_year_chains
-- title:      跨年度勾稽（结转、现行有效件数） / Cross-year chains per agency-year
-- definition: X.carry: t3.carried_over.<col>(Y) = t3.carried_forward.<col>(Y−1) for each of the 7 applicant columns; X.stock: t2.<row>.in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y) for regulations and normative_documents (both years v2021); compared between an agency's current reports of consecutive years (docs/report-format.md §5)
-- unit:       applications / documents (count)
-- versions:   v2019, v2021 (X.stock: v2021 → v2021 only)
-- version:    1
-- grain:      one row per agency × year × check_id × scope (column or row)
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    agency_id, agency_name, year, report_id, prev_report_id, check_id, scope, expected_value, value, difference, status
-- caveats:    both are soft (S) identities: amendments break X.stock, and a change of 口径 between years breaks X.carry; status is holds | broken | missing_value | no_previous_report | not_comparable (previous report not v2021 for X.stock)
WITH cur AS (
    SELECT d.report_id, d.agency_id, d.agency_name, d.year, d.format_version
    FROM report_dims AS d
    WHERE d.agency_id IS NOT NULL AND d.year IS NOT NULL AND d.format_version IN ('v2019', 'v2021')
),

carried AS (
    -- the two rows X.carry compares, one row per report and applicant column (read once from cells)
    SELECT
        c.report_id,
        c.col_key,
        max(c.value) FILTER (WHERE c.row_key = 'carried_over') AS carried_over,
        max(c.value) FILTER (WHERE c.row_key = 'carried_forward') AS carried_forward
    FROM cells AS c
    WHERE c.table_no = 3 AND c.row_key IN ('carried_over', 'carried_forward')
    GROUP BY c.report_id, c.col_key
),

carry AS (
    SELECT
        cur.agency_id,
        cur.agency_name,
        cur.year,
        cur.report_id,
        prev.report_id AS prev_report_id,
        'X.carry' AS check_id,
        cols.col_key AS scope,
        pc.carried_forward AS expected_value,
        cc.carried_over AS value,
        CASE
            WHEN prev.report_id IS NULL THEN 'no_previous_report'
            WHEN pc.carried_forward IS NULL OR cc.carried_over IS NULL THEN 'missing_value'
            WHEN pc.carried_forward = cc.carried_over THEN 'holds'
            ELSE 'broken'
        END AS status
    FROM cur
    CROSS JOIN (
        VALUES ('natural_person'), ('commercial_enterprise'), ('research_institution'),
            ('social_welfare_org'), ('legal_service_org'), ('other_org'), ('total')
    ) AS cols (col_key)
    LEFT JOIN report_dims AS prev
        ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
    LEFT JOIN carried AS cc ON cc.report_id = cur.report_id AND cc.col_key = cols.col_key
    LEFT JOIN carried AS pc ON pc.report_id = prev.report_id AND pc.col_key = cols.col_key
),

stock_cells AS (
    SELECT
        c.report_id,
        c.row_key,
        max(c.value) FILTER (WHERE c.col_key = 'issued') AS issued,
        max(c.value) FILTER (WHERE c.col_key = 'repealed') AS repealed,
        max(c.value) FILTER (WHERE c.col_key = 'in_force') AS in_force
    FROM cells AS c
    WHERE c.table_no = 2 AND c.row_key IN ('regulations', 'normative_documents')
    GROUP BY c.report_id, c.row_key
),

stock AS (
    SELECT
        cur.agency_id,
        cur.agency_name,
        cur.year,
        cur.report_id,
        prev.report_id AS prev_report_id,
        'X.stock' AS check_id,
        rows_.row_key AS scope,
        ps.in_force + cs.issued - cs.repealed AS expected_value,
        cs.in_force AS value,
        CASE
            WHEN prev.report_id IS NULL THEN 'no_previous_report'
            WHEN prev.format_version <> 'v2021' THEN 'not_comparable'
            WHEN ps.in_force IS NULL OR cs.issued IS NULL OR cs.repealed IS NULL OR cs.in_force IS NULL
                THEN 'missing_value'
            WHEN ps.in_force + cs.issued - cs.repealed = cs.in_force THEN 'holds'
            ELSE 'broken'
        END AS status
    FROM cur
    CROSS JOIN (VALUES ('regulations'), ('normative_documents')) AS rows_ (row_key)
    LEFT JOIN report_dims AS prev
        ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
    LEFT JOIN stock_cells AS cs ON cs.report_id = cur.report_id AND cs.row_key = rows_.row_key
    LEFT JOIN stock_cells AS ps ON ps.report_id = prev.report_id AND ps.row_key = rows_.row_key
    WHERE cur.format_version = 'v2021'
),

chains AS (
    SELECT * FROM carry
    UNION ALL
    SELECT * FROM stock
)

SELECT
    agency_id,
    agency_name,
    year,
    report_id,
    prev_report_id,
    check_id,
    scope,
    expected_value,
    value,
    value - expected_value AS difference,
    status
FROM chains
