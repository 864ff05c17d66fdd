-- name:       review_report_texts
-- title:      报告正文（章节核对用） / Report text for the section check
-- definition: report_texts.text of the current reports of review_reports whose format is v2019 or v2021 (the statutory outline applies)
-- unit:       none (text)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per current report
-- params:     region=NULL, year=NULL
-- columns:    report_id, text
-- caveats:    archived page excerpts are cut short, so their later sections are reported missing; that is what the stored document holds
WITH scope_reports AS (
    SELECT d.report_id
    FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
    WHERE d.format_version IN ('v2019', 'v2021')
)

SELECT t.report_id, t.text
FROM report_texts AS t
JOIN scope_reports AS s ON s.report_id = t.report_id
ORDER BY t.report_id
