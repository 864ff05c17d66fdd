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
    FROM report_dims AS d
    WHERE d.format_version IN ('v2019', 'v2021')
      AND ($year IS NULL OR d.year = $year)
      AND ($region IS NULL
           OR d.province = $region OR d.city = $region OR d.county = $region
           OR (regexp_full_match($region, '[0-9]{6}') AND (
                CASE
                    WHEN $region LIKE '%0000' THEN left(d.region_code, 2) = left($region, 2)
                    WHEN $region LIKE '%00' THEN left(d.region_code, 4) = left($region, 4)
                    ELSE d.region_code = $region
                END)))
)

SELECT t.report_id, t.text
FROM report_texts AS t
JOIN scope_reports AS s ON s.report_id = t.report_id
ORDER BY t.report_id
