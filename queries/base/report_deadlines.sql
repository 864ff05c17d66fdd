-- name:       report_deadlines
-- title:      法定公布期限 / Statutory publication deadline of each current report
-- definition: deadline_on = 31 Mar of year+1 for reports on 2018 and earlier (old 条例); from 2019: 31 Jan of year+1 for agency and government_organ reports (第四十九条), and for jurisdiction aggregates by level 县 20 Feb, 市 10 Mar, 省 31 Mar (乡 31 Jan), system aggregates 31 Mar (docs/report-format.md §1.3); days_late = published_on − deadline_on
-- unit:       date; days
-- versions:   pre2019, v2019, v2021
-- version:    1
-- grain:      one row per current report
-- stored:     table (written by every ingest: a per-report fact table, see docs/indicators.md)
-- params:     none
-- columns:    report_id, year, report_scope, level, published_on, deadline_on, deadline_rule, days_late, is_late
-- caveats:    is_late is NULL when the publication date or the deadline is unknown (unknown scope, or an aggregate of unknown level); a date printed in the report can differ from when it went online
WITH rules AS (
    SELECT
        d.report_id,
        d.year,
        d.report_scope,
        d.level,
        d.published_on,
        CASE
            WHEN d.year IS NULL THEN NULL
            WHEN d.year <= 2018 THEN 'old_regulation_03_31'
            WHEN d.report_scope IN ('agency', 'government_organ') THEN 'department_01_31'
            WHEN d.report_scope = 'system_aggregate' THEN 'system_aggregate_03_31'
            WHEN d.report_scope = 'jurisdiction_aggregate' THEN
                CASE d.level
                    WHEN '乡' THEN 'township_01_31'
                    WHEN '县' THEN 'county_aggregate_02_20'
                    WHEN '市' THEN 'prefecture_aggregate_03_10'
                    WHEN '省' THEN 'province_aggregate_03_31'
                END
        END AS deadline_rule
    FROM report_dims AS d
)

SELECT
    report_id,
    year,
    report_scope,
    level,
    published_on,
    CASE deadline_rule
        WHEN 'old_regulation_03_31' THEN make_date(year + 1, 3, 31)
        WHEN 'department_01_31' THEN make_date(year + 1, 1, 31)
        WHEN 'township_01_31' THEN make_date(year + 1, 1, 31)
        WHEN 'county_aggregate_02_20' THEN make_date(year + 1, 2, 20)
        WHEN 'prefecture_aggregate_03_10' THEN make_date(year + 1, 3, 10)
        WHEN 'province_aggregate_03_31' THEN make_date(year + 1, 3, 31)
        WHEN 'system_aggregate_03_31' THEN make_date(year + 1, 3, 31)
    END AS deadline_on,
    deadline_rule,
    date_diff('day', deadline_on, published_on) AS days_late,
    published_on > deadline_on AS is_late
FROM rules
