-- name:       current_report_duplicates
-- title:      同一机关同一年度有多份当前报告 / More than one current report per agency and year
-- definition: (agency_id, year) keys with more than one report WHERE is_current; roll-ups would count such an agency twice
-- unit:       offending rows
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per duplicated agency × year; zero rows = pass
-- params:     none
-- columns:    agency_id, agency_name, year, current_count, report_ids
-- caveats:    reports without agency or year cannot be keyed and are not tested; the count per agency and year is report_counts_wide.agency_year_reports (written per report at ingest), so the check reads only the duplicated reports
WITH duplicated AS (
    -- reports whose agency has more than one current report that year (report_counts_wide stores
    -- that number per report: queries/base/report_counts_wide.sql), so only they are grouped
    SELECT d.report_id, d.agency_id, d.agency_name, d.year
    FROM report_counts_wide AS w
    JOIN report_dims AS d ON d.report_id = w.report_id
    WHERE w.agency_year_reports > 1
)

SELECT
    agency_id,
    any_value(agency_name) AS agency_name,
    year,
    count(*) AS current_count,
    string_agg(CAST(report_id AS VARCHAR), ', ' ORDER BY report_id) AS report_ids
FROM duplicated
GROUP BY agency_id, year
ORDER BY agency_id, year
