-- name:       review_late_reports
-- title:      逾期公开 / Reports published after their statutory deadline
-- definition: report_deadlines rows with is_late for the current reports of review_reports (第四十九条: departments 1-31; aggregates by level 县 2-20, 市 3-10, 省 3-31; old 条例 3-31)
-- unit:       days
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per late current report
-- params:     region=NULL, year=NULL
-- columns:    report_id, published_on, deadline_on, deadline_rule, days_late
-- caveats:    the publication date is the one printed in the document; reports without a date or of unknown scope are not judged
WITH scope_reports AS (
    SELECT d.report_id
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
)

SELECT l.report_id, l.published_on, l.deadline_on, l.deadline_rule, l.days_late
FROM report_deadlines AS l
JOIN scope_reports AS s ON s.report_id = l.report_id
WHERE l.is_late
ORDER BY l.report_id
