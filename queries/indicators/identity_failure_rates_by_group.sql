-- name:       identity_failure_rates_by_group
-- title:      勾稽关系不符报告占比 / Share of reports failing each identity
-- definition: per group, year and identity (T2.nonneg, T3.row_sum, T3.results_sum, T3.balance, T3.int, T4.*_sum, T4.int, and the cross-year X.carry, X.stock): reports_failed ÷ reports_checked, where checked = the identity passed or failed (report_identity_status, read through its wide form report_identity_wide), with a 95% Wilson interval
-- unit:       share of reports (0–1)
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per group × year × check_id
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, check_id, severity, reports_count, reports_checked, reports_failed, reports_na, fail_share, rate_lo, rate_hi
-- caveats:    H identities must hold in a correctly filled table; S (X.carry, X.stock) are soft: amendments or a changed 口径 break them; na = a needed cell unreadable or no usable previous-year report; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH selected AS (
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    SELECT s.report_id, s.group_value, s.year
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
),

known_sums AS (
    -- per group and year, for each identity with a column in report_identity_wide (status codes:
    -- 0 = na, 1 = pass, 2 = fail, NULL = no status): reports with a status, checked, failed, na
    SELECT
        s.group_value,
        s.year,
        count(t2_nonneg) AS t2_nonneg_n, count_if(t2_nonneg >= 1) AS t2_nonneg_checked,
            count_if(t2_nonneg = 2) AS t2_nonneg_failed, count_if(t2_nonneg = 0) AS t2_nonneg_na,
        count(t3_row_sum) AS t3_row_sum_n, count_if(t3_row_sum >= 1) AS t3_row_sum_checked,
            count_if(t3_row_sum = 2) AS t3_row_sum_failed, count_if(t3_row_sum = 0) AS t3_row_sum_na,
        count(t3_results_sum) AS t3_results_sum_n, count_if(t3_results_sum >= 1) AS t3_results_sum_checked,
            count_if(t3_results_sum = 2) AS t3_results_sum_failed, count_if(t3_results_sum = 0) AS t3_results_sum_na,
        count(t3_balance) AS t3_balance_n, count_if(t3_balance >= 1) AS t3_balance_checked,
            count_if(t3_balance = 2) AS t3_balance_failed, count_if(t3_balance = 0) AS t3_balance_na,
        count(t3_int) AS t3_int_n, count_if(t3_int >= 1) AS t3_int_checked,
            count_if(t3_int = 2) AS t3_int_failed, count_if(t3_int = 0) AS t3_int_na,
        count(t4_review_sum) AS t4_review_sum_n, count_if(t4_review_sum >= 1) AS t4_review_sum_checked,
            count_if(t4_review_sum = 2) AS t4_review_sum_failed, count_if(t4_review_sum = 0) AS t4_review_sum_na,
        count(t4_direct_sum) AS t4_direct_sum_n, count_if(t4_direct_sum >= 1) AS t4_direct_sum_checked,
            count_if(t4_direct_sum = 2) AS t4_direct_sum_failed, count_if(t4_direct_sum = 0) AS t4_direct_sum_na,
        count(t4_after_sum) AS t4_after_sum_n, count_if(t4_after_sum >= 1) AS t4_after_sum_checked,
            count_if(t4_after_sum = 2) AS t4_after_sum_failed, count_if(t4_after_sum = 0) AS t4_after_sum_na,
        count(t4_int) AS t4_int_n, count_if(t4_int >= 1) AS t4_int_checked,
            count_if(t4_int = 2) AS t4_int_failed, count_if(t4_int = 0) AS t4_int_na,
        count(n_narrative) AS n_narrative_n, count_if(n_narrative >= 1) AS n_narrative_checked,
            count_if(n_narrative = 2) AS n_narrative_failed, count_if(n_narrative = 0) AS n_narrative_na,
        count(x_carry) AS x_carry_n, count_if(x_carry >= 1) AS x_carry_checked,
            count_if(x_carry = 2) AS x_carry_failed, count_if(x_carry = 0) AS x_carry_na,
        count(x_stock) AS x_stock_n, count_if(x_stock >= 1) AS x_stock_checked,
            count_if(x_stock = 2) AS x_stock_failed, count_if(x_stock = 0) AS x_stock_na
    FROM selected AS s
    JOIN report_identity_wide AS w ON w.report_id = s.report_id
    GROUP BY s.group_value, s.year
),

known AS (
    SELECT group_value, year, check_id, reports_count, reports_checked, reports_failed, reports_na
    FROM (
        UNPIVOT known_sums
        ON (t2_nonneg_n, t2_nonneg_checked, t2_nonneg_failed, t2_nonneg_na) AS "T2.nonneg",
        (t3_row_sum_n, t3_row_sum_checked, t3_row_sum_failed, t3_row_sum_na) AS "T3.row_sum",
        (t3_results_sum_n, t3_results_sum_checked, t3_results_sum_failed, t3_results_sum_na) AS "T3.results_sum",
        (t3_balance_n, t3_balance_checked, t3_balance_failed, t3_balance_na) AS "T3.balance",
        (t3_int_n, t3_int_checked, t3_int_failed, t3_int_na) AS "T3.int",
        (t4_review_sum_n, t4_review_sum_checked, t4_review_sum_failed, t4_review_sum_na) AS "T4.review_sum",
        (t4_direct_sum_n, t4_direct_sum_checked, t4_direct_sum_failed, t4_direct_sum_na) AS "T4.direct_sum",
        (t4_after_sum_n, t4_after_sum_checked, t4_after_sum_failed, t4_after_sum_na) AS "T4.after_sum",
        (t4_int_n, t4_int_checked, t4_int_failed, t4_int_na) AS "T4.int",
        (n_narrative_n, n_narrative_checked, n_narrative_failed, n_narrative_na) AS "N.narrative",
        (x_carry_n, x_carry_checked, x_carry_failed, x_carry_na) AS "X.carry",
        (x_stock_n, x_stock_checked, x_stock_failed, x_stock_na) AS "X.stock"
        INTO NAME check_id VALUE reports_count, reports_checked, reports_failed, reports_na
    )
    WHERE reports_count > 0
),

other AS (
    -- identities without a column (none today): the long table, for the reports that have them
    SELECT
        s.group_value,
        s.year,
        i.check_id,
        count(*) AS reports_count,
        count(*) FILTER (WHERE i.status IN ('pass', 'fail')) AS reports_checked,
        count(*) FILTER (WHERE i.status = 'fail') AS reports_failed,
        count(*) FILTER (WHERE i.status = 'na') AS reports_na
    FROM selected AS s
    JOIN report_identity_wide AS w ON w.report_id = s.report_id AND w.other_checks_count > 0
    JOIN report_identity_status AS i ON i.report_id = s.report_id
    WHERE i.check_id NOT IN ('T2.nonneg', 'T3.row_sum', 'T3.results_sum', 'T3.balance', 'T3.int', 'T4.review_sum', 'T4.direct_sum', 'T4.after_sum', 'T4.int', 'N.narrative', 'X.carry', 'X.stock')
    GROUP BY s.group_value, s.year, i.check_id
),

sums AS (
    -- severity from the identity's name, as report_identity_status gives it: the parser's
    -- X./N./A. checks and the cross-year chains are soft (S), the others hard (H)
    SELECT
        *,
        CASE WHEN check_id LIKE 'X.%' OR check_id LIKE 'N.%' OR check_id LIKE 'A.%' THEN 'S' ELSE 'H' END
            AS severity
    FROM (SELECT * FROM known UNION ALL SELECT * FROM other)
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
