-- name:       app_report_cells
-- title:      报告表格单元格 / Report table cells
-- definition: every stored cell of one report, flagged when an identity check touching its row, column or table failed
-- unit:       count (t2 fees: 万元)
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per cell of the report
-- params:     report_id=NULL
-- columns:    table_no, row_key, col_key, cell_key, value, raw_text, source_where, is_failed_check, failed_checks
-- caveats:    a check touches a cell when its scope names the cell's row, its column, or its whole table (t2/t3/t4) within the same table; this is how the parser names scopes (spec report-format.md §5)

WITH failed AS (
    SELECT
        report_id,
        CAST(substr(check_id, 2, 1) AS INTEGER) AS table_no,
        check_id,
        scope,
        detail
    FROM checks
    WHERE report_id = $report_id AND status = 'fail'
)
SELECT
    c.table_no,
    c.row_key,
    c.col_key,
    c.cell_key,
    c.value,
    c.raw_text,
    c.source_where,
    count(f.check_id) > 0 AS is_failed_check,
    string_agg(f.check_id || ' ' || f.scope || ': ' || f.detail, '; ') AS failed_checks
FROM cells AS c
LEFT JOIN failed AS f
    ON f.report_id = c.report_id
    AND f.table_no = c.table_no
    AND (f.scope = c.row_key OR f.scope = c.col_key OR f.scope = 't' || c.table_no)
WHERE c.report_id = $report_id
GROUP BY ALL
ORDER BY c.table_no, c.cell_key
