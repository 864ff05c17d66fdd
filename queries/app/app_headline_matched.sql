-- name:       app_headline_matched
-- title:      总览指标（两年都有报告的机构） / Headline figures of the agencies reporting in both years
-- definition: for a year and the year before, over the agencies in view with a current report in both years (matched agencies): per year, reports, agencies, t3.new_received.total, t3.total_processed.total, t3.granted.total, grant_rate = granted ÷ total_processed, identity checks passed ÷ (passed + failed); matched_agency_count = agencies reporting in both years
-- unit:       count; rate 0–1
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per year ($year − 1 and $year); no row when no agency reports in both years
-- params:     year=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL
-- columns:    year, matched_agency_count, report_count, agency_count, new_received_count, processed_count, granted_count, grant_rate, check_pass_rate
-- caveats:    a change from one year to the next compares the same agencies only, so it is not a change in which agencies reported; reports whose agency is unknown cannot be matched and are left out; filters as in reports_in_view (queries/base/reports_in_view.sql): province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions. scope 'components' (the app's default) = agency + government_organ reports; 'all' or NULL = every scope

WITH in_view AS (
    -- current reports in view with a year (queries/base/reports_on_year_axis.sql), the two years only
    SELECT *
    FROM reports_on_year_axis(province := $province, city := $city, county := $county, level := $level,
                              sector := $sector, scope := $scope, agency := $agency)
    WHERE year IN ($year, $year - 1) AND agency_id IS NOT NULL
),
matched AS (
    SELECT agency_id FROM in_view GROUP BY agency_id HAVING count(DISTINCT year) = 2
)
SELECT
    v.year,
    (SELECT count(*) FROM matched) AS matched_agency_count,
    count(*) AS report_count,
    count(DISTINCT v.agency_id) AS agency_count,
    sum(t3.new_received) AS new_received_count,
    sum(t3.total_processed) AS processed_count,
    sum(t3.granted) AS granted_count,
    sum(t3.granted) FILTER (WHERE t3.total_processed > 0)
        / nullif(sum(t3.total_processed) FILTER (WHERE t3.granted IS NOT NULL), 0) AS grant_rate,
    sum(k.pass_count) / nullif(sum(k.pass_count) + sum(k.fail_count), 0) AS check_pass_rate
FROM in_view AS v
JOIN matched AS m ON m.agency_id = v.agency_id
LEFT JOIN report_applications AS t3 ON t3.report_id = v.report_id   -- queries/base/report_applications.sql
LEFT JOIN report_check_counts AS k ON k.report_id = v.report_id     -- queries/base/report_check_counts.sql
GROUP BY v.year
ORDER BY v.year
