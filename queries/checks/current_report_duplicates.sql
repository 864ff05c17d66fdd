-- name:       current_report_duplicates
-- title:      同一机关同一年度有多份当前报告 / More than one current report per agency and year
-- definition: (agency_id, year) keys with more than one report WHERE is_current; roll-ups would count such an agency twice
-- unit:       offending rows
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per duplicated agency × year; zero rows = pass
-- params:     none
-- columns:    agency_id, agency_name, year, current_count, report_ids
-- caveats:    reports without agency or year cannot be keyed and are not tested
SELECT
    agency_id,
    any_value(agency_name) AS agency_name,
    year,
    count(*) AS current_count,
    string_agg(CAST(report_id AS VARCHAR), ', ' ORDER BY report_id) AS report_ids
FROM report_dims
WHERE agency_id IS NOT NULL AND year IS NOT NULL
GROUP BY agency_id, year
HAVING count(*) > 1
ORDER BY agency_id, year
