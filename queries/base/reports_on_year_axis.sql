-- name:       reports_on_year_axis
-- title:      筛选范围内有年度的当前报告 / Current reports in view that can be placed on a year axis
-- definition: table macro: reports_in_view(…) WHERE year IS NOT NULL, i.e. report_dims' columns for the current reports that pass the filters and state a report year. Arguments (all optional, NULL = no filter), passed by name and through to reports_in_view unchanged:
--             FROM reports_on_year_axis(years := $years, province := $province, city := $city, county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
-- unit:       none (dimensions)
-- versions:   pre2019, v2019, v2021, unknown
-- version:    1
-- grain:      one row per current report with a year passing the filters
-- params:     none
-- columns:    report_id, agency_id, agency_name, year, format_version, report_scope, status, published_on, proactive_count, province, city, county, region_code, level, sector
-- caveats:    the one home of the dashboard pages' "reports in view" step (queries/app: "Only current report versions with a year"): a report without a year cannot be placed on a year axis, so the pages leave it out even when no year argument is given (reports_in_view alone keeps it then); the filters mean exactly what they mean in reports_in_view (queries/base/reports_in_view.sql)
CREATE OR REPLACE TEMP MACRO reports_on_year_axis(
    years := NULL, year_from := NULL, year_to := NULL, province := NULL, city := NULL,
    county := NULL, region := NULL, level := NULL, sector := NULL, scope := NULL, agency := NULL
) AS TABLE
SELECT d.*
FROM reports_in_view(years := years, year_from := year_from, year_to := year_to, province := province,
                     city := city, county := county, region := region, level := level, sector := sector,
                     scope := scope, agency := agency) AS d
WHERE d.year IS NOT NULL
