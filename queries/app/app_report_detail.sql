-- name:       app_report_detail
-- title:      报告信息 / Report details
-- definition: one report's metadata, its document and its check counts
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    2
-- grain:      one row (none if the id is unknown)
-- params:     report_id=NULL
-- columns:    report_id, agency_id, agency_name, year, status, format_version, report_scope, published_on, proactive_count, province, city, county, region_code, level, sector, version, is_current, superseded_by, cell_count, null_cell_count, parser_version, document_sha256, original_name, media_type, encoding, size_bytes, received_at, pass_count, fail_count, na_count
-- caveats:    any report, current or not; document_sha256 names the stored bytes (gongkai.store.read_document)

WITH
check_counts AS (
    SELECT * FROM report_check_counts   -- queries/base/report_check_counts.sql
)
SELECT
    r.report_id, r.agency_id, coalesce(a.name, r.agency_name) AS agency_name, r.year, r.status,
    r.format_version, r.report_scope, r.published_on, r.proactive_count,
    coalesce(a.province, r.province) AS province, coalesce(a.city, r.city) AS city,
    coalesce(a.county, r.county) AS county, coalesce(a.region_code, r.region_code) AS region_code,
    a.level, a.sector, r.version, r.is_current, r.superseded_by, r.cell_count, r.null_cell_count,
    r.parser_version, d.sha256 AS document_sha256, d.original_name, d.media_type, d.encoding, d.size_bytes, d.received_at,
    coalesce(k.pass_count, 0) AS pass_count, coalesce(k.fail_count, 0) AS fail_count,
    coalesce(k.na_count, 0) AS na_count
FROM reports AS r
JOIN documents AS d ON d.sha256 = r.document_sha256
LEFT JOIN agencies AS a ON a.agency_id = r.agency_id
LEFT JOIN check_counts AS k ON k.report_id = r.report_id
WHERE r.report_id = $report_id
