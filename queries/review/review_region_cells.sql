-- name:       review_region_cells
-- title:      汇总所用单元格 / Cells of the component reports of a region and year
-- definition: every cell (t2/t3/t4) of the current reports of review_reports whose report_scope is agency or government_organ and whose format is v2019 or v2021: the parts a jurisdiction's aggregate tables are summed from
-- unit:       cell value (count, or 万元 / 元 as the cell says)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per component report × cell
-- params:     region=NULL, year=NULL
-- columns:    report_id, format_version, cell_key, table_no, row_key, col_key, value
-- caveats:    jurisdiction and system aggregates are left out on purpose (never add an aggregate to its components); value is NULL where the parser could not read the cell
WITH scope_reports AS (
    SELECT d.report_id, d.format_version
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region,
                         scope := 'components') AS d
    WHERE d.format_version IN ('v2019', 'v2021')
)

SELECT s.report_id, s.format_version, c.cell_key, c.table_no, c.row_key, c.col_key, c.value
FROM cells AS c
JOIN scope_reports AS s ON s.report_id = c.report_id
ORDER BY s.report_id, c.cell_key
