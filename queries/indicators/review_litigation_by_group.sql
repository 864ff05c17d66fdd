-- name:       review_litigation_by_group
-- title:      行政复议、行政诉讼 / Administrative review and litigation
-- definition: sums of table 4 per group and year; review_correction_rate = review_corrected ÷ (review_total − review_pending); litigation_correction_rate = (lit_direct_corrected + lit_after_review_corrected) ÷ concluded litigation (totals − pending); disputes_per_100_applications = 100 × (review_total + lit_direct_total + lit_after_review_total) ÷ new_received
-- unit:       cases (count); share (0–1); cases per 100 new applications
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per group × year
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, reports_count, review_total, review_upheld, review_corrected, review_other, review_pending, review_concluded, review_correction_rate, review_rate_lo, review_rate_hi, lit_direct_total, lit_after_review_total, litigation_total, litigation_corrected, litigation_concluded, litigation_correction_rate, litigation_rate_lo, litigation_rate_hi, disputes_count, new_received, disputes_per_100_applications
-- caveats:    a case reviewed and then litigated counts once in review and once in lit_after_review (disputes are events, not people); the co-defendant rule (docs/report-format.md §1.4) means review bodies under-report litigation; correction = 纠正 (changed, annulled, confirmed unlawful, ordered to act), a practice reading (docs/report-format.md §3.3); disputes_per_100_applications uses only reports with both table 3 and table 4; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH sums AS (
    SELECT
        s.group_value,
        s.year,
        count(*) AS reports_count,
        sum(r.review_total) AS review_total,
        sum(r.review_upheld) AS review_upheld,
        sum(r.review_corrected) AS review_corrected,
        sum(r.review_other) AS review_other,
        sum(r.review_pending) AS review_pending,
        sum(r.review_total - r.review_pending) AS review_concluded,
        sum(r.lit_direct_total) AS lit_direct_total,
        sum(r.lit_after_review_total) AS lit_after_review_total,
        sum(r.lit_direct_total + r.lit_after_review_total) AS litigation_total,
        sum(r.lit_direct_corrected + r.lit_after_review_corrected) AS litigation_corrected,
        sum(r.lit_direct_total - r.lit_direct_pending
            + r.lit_after_review_total - r.lit_after_review_pending) AS litigation_concluded,
        -- CASE rather than FILTER: the same sums, computed in the scan instead of per aggregate
        sum(CASE WHEN a.new_received IS NOT NULL
                 THEN r.review_total + r.lit_direct_total + r.lit_after_review_total END)
            AS disputes_with_applications,
        sum(r.review_total + r.lit_direct_total + r.lit_after_review_total) AS disputes_count,
        sum(CASE WHEN r.review_total + r.lit_direct_total + r.lit_after_review_total IS NOT NULL
                 THEN a.new_received END) AS new_received
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
    FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                          province := $province, city := $city, county := $county, level := $level,
                          sector := $sector, scope := $scope, agency := $agency) AS s
    JOIN report_review AS r ON r.report_id = s.report_id
    LEFT JOIN report_applications AS a ON a.report_id = s.report_id
    GROUP BY s.group_value, s.year
),

rated AS (
    SELECT
        *,
        review_corrected / nullif(review_concluded, 0) AS review_correction_rate,
        litigation_corrected / nullif(litigation_concluded, 0) AS litigation_correction_rate
    FROM sums
)

SELECT
    $group_by AS group_by,
    group_value,
    year,
    reports_count,
    review_total,
    review_upheld,
    review_corrected,
    review_other,
    review_pending,
    review_concluded,
    review_correction_rate,
    wilson_lo(review_corrected, review_concluded) AS review_rate_lo,
    wilson_hi(review_corrected, review_concluded) AS review_rate_hi,
    lit_direct_total,
    lit_after_review_total,
    litigation_total,
    litigation_corrected,
    litigation_concluded,
    litigation_correction_rate,
    wilson_lo(litigation_corrected, litigation_concluded) AS litigation_rate_lo,
    wilson_hi(litigation_corrected, litigation_concluded) AS litigation_rate_hi,
    disputes_count,
    new_received,
    100 * disputes_with_applications / nullif(new_received, 0) AS disputes_per_100_applications
FROM rated
ORDER BY year, group_value
