-- name:       late_publication_rate_by_group
-- title:      逾期公布报告占比 / Share of reports published after the deadline
-- definition: per group and year: late_count ÷ dated_count, where dated = reports with a known publication date and deadline (report_deadlines) and late = published_on > deadline_on; 95% Wilson interval
-- unit:       share of reports (0–1); days
-- versions:   pre2019, v2019, v2021
-- version:    2
-- grain:      one row per group × year
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, reports_count, dated_count, late_count, late_share, rate_lo, rate_hi, max_days_late
-- caveats:    reports without a publication date are left out of the share (see dated_count); roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH sums AS (
    SELECT
        s.group_value,
        s.year,
        count(*) AS reports_count,
        count(t.is_late) AS dated_count,
        count(*) FILTER (WHERE t.is_late) AS late_count,
        max(t.days_late) FILTER (WHERE t.is_late) AS max_days_late
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_deadlines AS t ON t.report_id = s.report_id
    GROUP BY s.group_value, s.year
),

rated AS (
    SELECT *, late_count / nullif(dated_count, 0) AS late_share
    FROM sums
)

SELECT
    $group_by AS group_by,
    group_value,
    year,
    reports_count,
    dated_count,
    late_count,
    late_share,
    wilson_lo(late_count, dated_count) AS rate_lo,
    wilson_hi(late_count, dated_count) AS rate_hi,
    max_days_late
FROM rated
ORDER BY year, group_value
