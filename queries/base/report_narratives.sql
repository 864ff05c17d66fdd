-- name:       report_narratives
-- title:      报告正文（去表格） / Narrative text of each current report
-- definition: report_texts.text from the first 总体情况 heading on (whole text if none), with table lines (cells joined by " | ") and all whitespace removed
-- unit:       text (characters)
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per current report with stored text
-- params:     none
-- columns:    report_id, agency_id, year, narrative, narrative_chars
-- caveats:    page furniture after the report (site footers) stays in; flattened-text reports keep their tables as runs of digits
WITH lines AS (
    SELECT
        d.report_id,
        d.agency_id,
        d.year,
        array_to_string(
            list_filter(string_split(t.text, chr(10)), lambda l: NOT contains(l, ' | ')), ''
        ) AS body
    FROM report_dims AS d
    JOIN report_texts AS t ON t.report_id = d.report_id
),

trimmed AS (
    SELECT
        report_id,
        agency_id,
        year,
        regexp_replace(
            CASE WHEN strpos(body, '总体情况') > 0 THEN substr(body, strpos(body, '总体情况')) ELSE body END,
            '\s+', '', 'g'
        ) AS narrative
    FROM lines
)

SELECT report_id, agency_id, year, narrative, length(narrative) AS narrative_chars
FROM trimmed
