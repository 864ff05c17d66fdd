-- name:       app_report_versions
-- title:      版本历史 / Version history
-- definition: every stored version of the same agency and year as one report
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per version
-- params:     report_id=NULL
-- columns:    report_id, version, is_current, superseded_by, status, format_version, original_name, sha256, received_at
-- caveats:    reports with no agency or year have no history: the report itself is returned

WITH target AS (
    SELECT report_id, agency_id, year FROM reports WHERE report_id = $report_id
)
SELECT
    r.report_id, r.version, r.is_current, r.superseded_by, r.status, r.format_version,
    d.original_name, d.sha256, d.received_at
FROM reports AS r
JOIN documents AS d ON d.sha256 = r.document_sha256
JOIN target AS t
    ON (t.agency_id IS NOT NULL AND t.year IS NOT NULL AND r.agency_id = t.agency_id AND r.year = t.year)
    OR r.report_id = t.report_id
ORDER BY r.version NULLS LAST, r.report_id
