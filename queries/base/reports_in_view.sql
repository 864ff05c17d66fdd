-- name:       reports_in_view
-- title:      筛选范围内的当前报告 / Current reports in view (the one filter every query uses)
-- definition: table macro over report_dims: the current reports that pass the dashboard / indicator filters. Arguments (all optional, NULL = no filter), passed by name:
--             FROM reports_in_view(years := $years, year_from := $year_from, year_to := $year_to, province := $province, city := $city, county := $county, region := $region, level := $level, sector := $sector, scope := $scope, agency := $agency)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report passing the filters
-- params:     none
-- columns:    report_id, agency_id, agency_name, year, format_version, report_scope, status, published_on, proactive_count, province, city, county, region_code, level, sector
-- caveats:    one semantics for every chart and indicator: years = list of report years (list_contains; an empty list keeps nothing); year_from / year_to = inclusive bounds (both kinds may be combined); reports without a year are kept only while no year argument is given;
--             province / city / county = exact match on report_dims' region (the report's own region when it states any, else its agency's); region (the review pages' one box) = a province, city or county name equal to any of the three, or a 6-digit code: xx0000 matches the province's 2-digit prefix of region_code, xxxx00 the city's 4-digit prefix, else the exact code; level / sector = exact match on the agency's;
--             scope: NULL or 'all' = every scope, 'components' = agency + government_organ reports (the roll-up default, so an aggregate is never added to its parts), any other value = that report_scope exactly;
--             agency = case-sensitive substring of the agency name (contains(agency_name, agency); what someone typing into a search box expects, so '商务局' finds every 商务局; an exact name also finds longer names that contain it, e.g. …人民政府 finds …人民政府办公室); reports without an agency name never match an agency filter
CREATE OR REPLACE TEMP MACRO reports_in_view(
    years := NULL,
    year_from := NULL,
    year_to := NULL,
    province := NULL,
    city := NULL,
    county := NULL,
    region := NULL,
    level := NULL,
    sector := NULL,
    scope := NULL,
    agency := NULL
) AS TABLE
SELECT d.*
FROM report_dims AS d
WHERE (years IS NULL OR list_contains(years, d.year))
  AND (year_from IS NULL OR d.year >= year_from)
  AND (year_to IS NULL OR d.year <= year_to)
  AND (province IS NULL OR d.province = province)
  AND (city IS NULL OR d.city = city)
  AND (county IS NULL OR d.county = county)
  AND (region IS NULL
       OR d.province = region OR d.city = region OR d.county = region
       OR (regexp_full_match(region, '[0-9]{6}') AND (
            CASE
                WHEN region LIKE '%0000' THEN left(d.region_code, 2) = left(region, 2)
                WHEN region LIKE '%00' THEN left(d.region_code, 4) = left(region, 4)
                ELSE d.region_code = region
            END)))
  AND (level IS NULL OR d.level = level)
  AND (sector IS NULL OR d.sector = sector)
  AND (CASE
           WHEN scope IS NULL OR scope = 'all' THEN TRUE
           WHEN scope = 'components' THEN d.report_scope IN ('agency', 'government_organ')
           ELSE d.report_scope = scope
       END)
  AND (agency IS NULL OR contains(d.agency_name, agency))
