-- name:       identity_failure_rates_by_group
-- title:      勾稽关系不符报告占比 / Share of reports failing each identity
-- definition: per group, year and identity (T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3.int, T4.*_sum, T4.int, and the cross-year X.carry, X.stock): reports_failed ÷ reports_checked, where checked = the identity passed or failed (report_identity_status), with a 95% Wilson interval
-- unit:       share of reports (0–1)
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per group × year × check_id
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, check_id, severity, reports_count, reports_checked, reports_failed, reports_na, fail_share, rate_lo, rate_hi
-- caveats:    H identities must hold in a correctly filled table; S (X.carry, X.stock) are soft: amendments or a changed 口径 break them; na = a needed cell unreadable or no usable previous-year report; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH sums AS (
    SELECT
        s.group_value,
        s.year,
        i.check_id,
        any_value(i.severity) AS severity,
        count(*) AS reports_count,
        count(*) FILTER (WHERE i.status IN ('pass', 'fail')) AS reports_checked,
        count(*) FILTER (WHERE i.status = 'fail') AS reports_failed,
        count(*) FILTER (WHERE i.status = 'na') AS reports_na
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_identity_status AS i ON i.report_id = s.report_id
    GROUP BY s.group_value, s.year, i.check_id
),

rated AS (
    SELECT
        *,
        reports_failed / nullif(reports_checked, 0) AS fail_share
    FROM sums
)

SELECT
    $group_by AS group_by,
    group_value,
    year,
    check_id,
    severity,
    reports_count,
    reports_checked,
    reports_failed,
    reports_na,
    fail_share,
    wilson_lo(reports_failed, reports_checked) AS rate_lo,
    wilson_hi(reports_failed, reports_checked) AS rate_hi
FROM rated
ORDER BY year, group_value, check_id
