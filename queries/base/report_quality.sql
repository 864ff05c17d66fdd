-- name:       report_quality
-- title:      报告数据质量等级 / Data-quality grade per current report, by what was read
-- definition: one row per current report: cells_read = cells of the detected format with a figure, cells_expected = cells the format has (tables 2–4), read_share = cells_read ÷ cells_expected, identity checks passed / failed / not evaluable (a cell a check needs was not read), and grade: unreadable (no figure read, status unreadable / not_a_report, or no known table format), partial (some cells not read), failed (every cell read, a check fails), unchecked (every cell read but no check could run or passed, or the format has no statutory tables: pre2019), ok (every cell read, every check ran and passed); grade_rank 1 (worst) … 5 (ok)
-- unit:       count of cells / checks; read_share 0–1
-- versions:   v2019, v2021, pre2019, unknown
-- version:    1
-- grain:      one row per current report
-- params:     none
-- columns:    report_id, cells_read, cells_expected, read_share, pass_count, fail_count, na_count, grade, grade_rank
-- caveats:    the one home of the dashboard's quality grade (queries/app/app_report_quality.sql and app_report_quality_counts.sql filter it with reports_in_view); a report is 'ok' (green on the quality page) only when every cell was read and every check ran and passed, so a report with 10 of 200 cells read is never green however many checks pass
WITH read AS (
    SELECT
        r.report_id,
        r.status,
        r.format_version,
        CAST(r.cell_count - r.null_cell_count AS BIGINT) AS cells_read,
        CAST(r.cell_count AS BIGINT) AS cells_expected,
        coalesce(k.pass_count, 0) AS pass_count,
        coalesce(k.fail_count, 0) AS fail_count,
        coalesce(k.na_count, 0) AS na_count
    FROM reports AS r
    LEFT JOIN report_check_counts AS k ON k.report_id = r.report_id   -- queries/base/report_check_counts.sql
    WHERE r.is_current
),
graded AS (
    SELECT
        *,
        cells_read / nullif(cells_expected, 0) AS read_share,
        CASE
            WHEN status IN ('unreadable', 'not_a_report') OR format_version = 'unknown'
                 OR (cells_expected > 0 AND cells_read = 0) THEN 'unreadable'
            WHEN cells_read < cells_expected OR status = 'partial' THEN 'partial'
            WHEN fail_count > 0 THEN 'failed'
            WHEN cells_expected = 0 OR pass_count = 0 OR na_count > 0 THEN 'unchecked'
            ELSE 'ok'
        END AS grade
    FROM read
)
SELECT
    report_id, cells_read, cells_expected, read_share, pass_count, fail_count, na_count, grade,
    CASE grade WHEN 'unreadable' THEN 1 WHEN 'partial' THEN 2 WHEN 'failed' THEN 3
               WHEN 'unchecked' THEN 4 ELSE 5 END AS grade_rank
FROM graded
