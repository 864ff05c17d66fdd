-- name:       app_agencies_in_view
-- title:      筛选范围内的机构 / Agencies in view
-- definition: agencies with at least one current report in view: their reports in view (count, ids, the latest), and how many of those fail an identity check
-- unit:       count of reports
-- versions:   v2019, v2021, pre2019
-- version:    1
-- grain:      one row per agency (reports without an agency are left out)
-- params:     years=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, scope=NULL, agency=NULL, limit=NULL
-- columns:    agency_id, agency_name, report_count, failed_report_count, latest_report_id, report_ids
-- caveats:    ordered by agency name; limit = at most that many rows (NULL = all), for pickers that cannot offer 10^5 choices; report_ids is the comma-separated list in id order; filters as in reports_in_view (queries/base/reports_in_view.sql): years (list), province/city/county (report_dims' region: the report's own, else its agency's), level, sector, scope, agency (case-sensitive substring of the name); NULL = no filter. Only current report versions with a year. scope 'components' (the app's default) = agency + government_organ reports, so an aggregate is never added to its parts; 'all' or NULL = every scope

WITH in_view AS (
    -- current reports in view that have a year (queries/base/reports_on_year_axis.sql)
    SELECT * FROM reports_on_year_axis(years := $years, province := $province, city := $city,
        county := $county, level := $level, sector := $sector, scope := $scope, agency := $agency)
    WHERE agency_id IS NOT NULL
),

kept AS (
    -- with a limit: the first `limit` agencies by name, chosen before the per-agency lists are built
    SELECT agency_id, any_value(agency_name) AS agency_name
    FROM in_view
    WHERE $limit IS NOT NULL
    GROUP BY agency_id
    ORDER BY agency_name, agency_id
    LIMIT $limit
),

listed AS (
    -- every report of the agencies listed: all of them without a limit (no second pass), else those
    -- of the kept agencies
    SELECT v.* FROM in_view AS v WHERE $limit IS NULL
    UNION ALL
    SELECT v.* FROM in_view AS v JOIN kept ON kept.agency_id = v.agency_id WHERE $limit IS NOT NULL
)

SELECT
    v.agency_id,
    any_value(v.agency_name) AS agency_name,
    count(*) AS report_count,
    count(*) FILTER (WHERE k.fail_count > 0) AS failed_report_count,
    arg_max(v.report_id, v.year) AS latest_report_id,
    -- the ids in id order: list_sort of one list per agency costs a third of an ordered string_agg
    array_to_string(list_sort(list(v.report_id)), ',') AS report_ids
FROM listed AS v
LEFT JOIN report_check_counts AS k ON k.report_id = v.report_id   -- queries/base/report_check_counts.sql
GROUP BY v.agency_id
ORDER BY agency_name, v.agency_id
LIMIT $limit
