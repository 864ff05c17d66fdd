-- name:       invalid_counts
-- title:      负数或非整数的计数 / Counts that are negative or not whole numbers
-- definition: cells of current reports in tables 3 and 4 that are negative or fractional, and table 2 cells that are negative except v2019 items_change (本年增/减, which may be negative) (T2.nonneg, T3.int, T4.int)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per offending cell; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, cell_key, value, raw_text, source_where
-- caveats:    money cells (fees 万元, procurement amounts) may be fractional and are only tested for sign
SELECT d.report_id, d.agency_name, d.year, c.cell_key, c.value, c.raw_text, c.source_where
FROM cells AS c
JOIN report_dims AS d ON d.report_id = c.report_id
WHERE c.value IS NOT NULL
  AND (
      (c.table_no IN (3, 4) AND (c.value < 0 OR c.value <> floor(c.value)))
      OR (c.table_no = 2 AND c.value < 0 AND c.col_key <> 'items_change')
  )
ORDER BY d.report_id, c.cell_key
