-- name:       app_report_text
-- title:      报告原文 / Report source text
-- definition: the document text as the parser read it
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row (none if no text)
-- params:     report_id=NULL
-- columns:    report_id, text
-- caveats:    table cells are joined by ' | '; shown as plain text, never as HTML

SELECT report_id, text
FROM report_texts
WHERE report_id = $report_id
