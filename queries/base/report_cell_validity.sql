-- name:       report_cell_validity
-- title:      计数单元格有效性按报告 / Cells that cannot be counts, per current report
-- definition: per current report: the cells that break the count rules of checks/invalid_counts (tables 3 and 4: negative or not a whole number; table 2: negative, except v2019 items_change, which may be negative): invalid_cells_count (0 when none) and invalid_cells, the list of them as JSON text: [{cell_key, value, raw_text, source_where}, …] in cell_key order ('[]' when none)
-- unit:       cells (count)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, invalid_cells_count, invalid_cells
-- caveats:    JSON text rather than a LIST column, so the table compares and exports like every other; the one home of the rule: checks/invalid_counts lists these cells, so it reads one row per report instead of scanning every cell of the warehouse (2×10^8 at 10^6 reports)
WITH invalid AS (
    SELECT
        c.report_id,
        count(*) AS invalid_cells_count,
        to_json(list({'cell_key': c.cell_key, 'value': c.value, 'raw_text': c.raw_text,
                      'source_where': c.source_where} ORDER BY c.cell_key))::VARCHAR AS invalid_cells
    FROM cells AS c
    WHERE c.value IS NOT NULL
      AND (
          (c.table_no IN (3, 4) AND (c.value < 0 OR c.value <> floor(c.value)))
          OR (c.table_no = 2 AND c.value < 0 AND c.col_key <> 'items_change')
      )
    GROUP BY c.report_id
)

SELECT
    d.report_id,
    coalesce(i.invalid_cells_count, 0) AS invalid_cells_count,
    coalesce(i.invalid_cells, '[]') AS invalid_cells
FROM report_dims AS d
LEFT JOIN invalid AS i ON i.report_id = d.report_id
