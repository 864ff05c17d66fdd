-- name:       app_agency_detail
-- title:      机构信息 / Agency details
-- definition: one agency's name, region, level, sector and scope, with how many current reports (years) and stored versions it has
-- unit:       none
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row (none if the id is unknown)
-- params:     agency_id=NULL
-- columns:    agency_id, agency_name, province, city, county, region_code, level, sector, agency_scope, current_report_count, first_year, last_year, version_count
-- caveats:    the region, level and sector are the agency's own (agencies table, from its latest report); a single report may state another region (report_dims)

WITH
current_of_agency AS (
    -- the agency's current reports, every year (queries/base/reports_in_view.sql, no filter)
    SELECT report_id, year
    FROM reports_in_view()
    WHERE agency_id = $agency_id
)
SELECT
    a.agency_id,
    a.name AS agency_name,
    a.province,
    a.city,
    a.county,
    a.region_code,
    a.level,
    a.sector,
    a.scope AS agency_scope,
    (SELECT count(*) FROM current_of_agency) AS current_report_count,
    (SELECT min(year) FROM current_of_agency) AS first_year,
    (SELECT max(year) FROM current_of_agency) AS last_year,
    (SELECT count(*) FROM reports AS r WHERE r.agency_id = a.agency_id) AS version_count
FROM agencies AS a
WHERE a.agency_id = $agency_id
