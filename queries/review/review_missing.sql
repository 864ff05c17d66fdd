-- name:       review_missing
-- title:      表格缺失与未能读取的单元格 / Missing tables and unreadable cells
-- definition: parser warnings table_missing / tables_missing / pre2019 for the current reports of review_reports, and every cell whose value is NULL (unreadable or ambiguous), with its raw text
-- unit:       none
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per warning (kind = 'warning') or per NULL cell (kind = 'null_cell')
-- params:     region=NULL, year=NULL
-- columns:    report_id, kind, code, cell_key, table_no, detail
-- caveats:    a table that is missing also leaves its cells NULL; the review reports the table once and skips its cells
WITH scope_reports AS (
    SELECT d.report_id
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
)

SELECT w.report_id, 'warning' AS kind, w.code, NULL AS cell_key, NULL AS table_no, w.detail
FROM warnings AS w
JOIN scope_reports AS s ON s.report_id = w.report_id
WHERE w.code IN ('table_missing', 'tables_missing')

UNION ALL

SELECT c.report_id, 'null_cell' AS kind, NULL AS code, c.cell_key, c.table_no, coalesce(c.raw_text, '') AS detail
FROM cells AS c
JOIN scope_reports AS s ON s.report_id = c.report_id
WHERE c.value IS NULL

ORDER BY report_id, kind, cell_key
