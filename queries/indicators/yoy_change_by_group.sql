-- name:       yoy_change_by_group
-- title:      同比变化 / Year-over-year change of every count
-- definition: for every count in report_counts (t3 flows and outcomes, applicant mix, t2 comparable figures, narrative proactive_count, t4 totals): value = Σ over the group's reports in year Y, prev_value = the same for Y−1, change = value − prev_value, change_pct = change ÷ prev_value; matched_* repeat this over agencies with the measure in both years only
-- unit:       count (fees in 万元); change_pct as share (0.25 = +25%)
-- versions:   v2019, v2021 (measures are compared only where comparable: docs/report-format.md §4.4); proactive_count any version
-- version:    2
-- grain:      one row per group × year × measure
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components', measure=NULL
-- columns:    group_by, group_value, year, source_table, measure, value, reports_count, prev_value, prev_reports_count, change, change_pct, matched_agencies_count, matched_value, matched_prev_value, matched_change_pct
-- caveats:    value and prev_value can cover different agencies (reports_count vs prev_reports_count): prefer matched_* (same agencies both years) when the group's membership changed; year_from / year_to select year Y, and Y−1 is always read; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH per_report AS (
    SELECT s.report_id, s.agency_id, s.group_value, s.year, c.source_table, c.measure, c.value
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql);
    -- every year: year_from / year_to select year Y at the end, after Y−1 has been read
    FROM reports_in_group(group_by := $group_by, province := $province, city := $city,
                          county := $county, level := $level, sector := $sector, scope := $scope,
                          agency := $agency) AS s
    JOIN report_counts AS c ON c.report_id = s.report_id
    WHERE $measure IS NULL OR c.measure = $measure
),

sums AS (
    SELECT
        group_value,
        year,
        measure,
        any_value(source_table) AS source_table,
        sum(value) AS value,
        count(*) AS reports_count
    FROM per_report
    GROUP BY group_value, year, measure
),

matched AS (
    SELECT
        cur.group_value,
        cur.year,
        cur.measure,
        count(DISTINCT cur.agency_id) AS matched_agencies_count,
        sum(cur.value) AS matched_value,
        sum(prev.value) AS matched_prev_value
    FROM per_report AS cur
    JOIN per_report AS prev
        ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.measure = cur.measure
    GROUP BY cur.group_value, cur.year, cur.measure
)

SELECT
    $group_by AS group_by,
    cur.group_value,
    cur.year,
    cur.source_table,
    cur.measure,
    cur.value,
    cur.reports_count,
    prev.value AS prev_value,
    prev.reports_count AS prev_reports_count,
    cur.value - prev.value AS change,
    (cur.value - prev.value) / nullif(prev.value, 0) AS change_pct,
    coalesce(m.matched_agencies_count, 0) AS matched_agencies_count,
    m.matched_value,
    m.matched_prev_value,
    (m.matched_value - m.matched_prev_value) / nullif(m.matched_prev_value, 0) AS matched_change_pct
FROM sums AS cur
LEFT JOIN sums AS prev
    ON prev.group_value IS NOT DISTINCT FROM cur.group_value
   AND prev.year = cur.year - 1
   AND prev.measure = cur.measure
LEFT JOIN matched AS m
    ON m.group_value IS NOT DISTINCT FROM cur.group_value
   AND m.year = cur.year
   AND m.measure = cur.measure
WHERE ($year_from IS NULL OR cur.year >= $year_from)
  AND ($year_to IS NULL OR cur.year <= $year_to)
ORDER BY cur.year, cur.group_value, cur.source_table, cur.measure
