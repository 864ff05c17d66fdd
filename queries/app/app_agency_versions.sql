-- name:       app_agency_versions
-- title:      机构报告版本历史 / An agency's report versions
-- definition: every stored version of every report of one agency, current or superseded
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per stored report of the agency
-- params:     agency_id=NULL
-- columns:    year, report_id, version, is_current, superseded_by, status, format_version, original_name, received_at
-- caveats:    a newer document for the same agency and year supersedes the older one (docs/warehouse.md); the page filters do not apply

SELECT
    r.year,
    r.report_id,
    r.version,
    r.is_current,
    r.superseded_by,
    r.status,
    r.format_version,
    d.original_name,
    d.received_at
FROM reports AS r
JOIN documents AS d ON d.sha256 = r.document_sha256
WHERE r.agency_id = $agency_id
ORDER BY r.year NULLS LAST, r.version NULLS LAST, r.report_id
