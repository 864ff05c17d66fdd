-- name:       invalid_counts
-- title:      负数或非整数的计数 / Counts that are negative or not whole numbers
-- definition: cells of current reports in tables 3 and 4 that are negative or fractional, and table 2 cells that are negative except v2019 items_change (本年增/减, which may be negative) (T2.nonneg, T3.int, T4.int)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per offending cell; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, cell_key, value, raw_text, source_where
-- caveats:    the rule lives in report_cell_validity (the failing cells of each report, stored at ingest), so the check reads one row per report instead of every cell; tests/queries/test_wide_rollups.py checks it finds what the scan of every cell found; money cells (fees 万元, procurement amounts) may be fractional and are only tested for sign
WITH failing AS (
    -- the reports with at least one such cell, and those cells (queries/base/report_cell_validity.sql,
    -- the rule's home, written per report at ingest): no scan of every cell of the warehouse
    SELECT
        report_id,
        unnest(from_json(invalid_cells, '[{"cell_key": "VARCHAR", "value": "DOUBLE", "raw_text": "VARCHAR",
                                          "source_where": "VARCHAR"}]')) AS cell
    FROM report_cell_validity
    WHERE invalid_cells_count > 0
)

SELECT d.report_id, d.agency_name, d.year, f.cell.cell_key, f.cell.value, f.cell.raw_text, f.cell.source_where
FROM failing AS f
JOIN report_dims AS d ON d.report_id = f.report_id
ORDER BY d.report_id, f.cell.cell_key
