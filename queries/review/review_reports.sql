-- name:       review_reports
-- title:      整改清单与汇总所涉报告 / Current reports of a region and year (review and aggregate scope)
-- definition: report_dims (current reports) filtered to a region and a year, with the document name; region matches the province, city or county name, or a 6-digit division code (xx0000 = the province, xxxx00 = the prefecture, else the county)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report
-- params:     region=NULL, year=NULL
-- columns:    report_id, agency_id, agency_name, year, format_version, report_scope, status, published_on, province, city, county, region_code, level, original_name, null_cell_count
-- caveats:    NULL region / year means no filter; reports whose region is unknown never match a region; the region is the report's own when it states one, else its agency's (report_dims)
SELECT
    d.report_id,
    d.agency_id,
    d.agency_name,
    d.year,
    d.format_version,
    d.report_scope,
    d.status,
    d.published_on,
    d.province,
    d.city,
    d.county,
    d.region_code,
    d.level,
    doc.original_name,
    r.null_cell_count
FROM reports_in_view(year_from := $year, year_to := $year, region := $region) AS d
JOIN reports AS r ON r.report_id = d.report_id
JOIN documents AS doc ON doc.sha256 = r.document_sha256
ORDER BY d.province, d.city, d.county, d.agency_name, d.year, d.report_id
