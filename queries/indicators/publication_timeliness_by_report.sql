-- name:       publication_timeliness_by_report
-- title:      报告公布及时性（逐份） / Publication against the statutory deadline, per report
-- definition: published_on against deadline_on (report_deadlines: 31 Jan of Y+1 for agency and government_organ reports; aggregates by level 县 20 Feb, 市 10 Mar, 省 31 Mar; system aggregates 31 Mar; reports on 2018 and earlier 31 Mar); is_late = published_on > deadline_on
-- unit:       date; days
-- versions:   pre2019, v2019, v2021
-- version:    2
-- grain:      one row per current report
-- params:     year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='all'
-- columns:    report_id, agency_name, year, report_scope, level, published_on, deadline_on, deadline_rule, days_late, is_late
-- caveats:    is_late is NULL where the publication date or the deadline is unknown; the printed date can differ from the date the page went online; a listing, so scope defaults to all; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
SELECT
    s.report_id,
    s.agency_name,
    s.year,
    t.report_scope,
    t.level,
    t.published_on,
    t.deadline_on,
    t.deadline_rule,
    t.days_late,
    t.is_late
-- current reports passing the filters (queries/base/reports_in_view.sql)
FROM reports_in_view(year_from := $year_from, year_to := $year_to, province := $province,
                     city := $city, county := $county, level := $level, sector := $sector,
                     scope := $scope, agency := $agency) AS s
JOIN report_deadlines AS t ON t.report_id = s.report_id
ORDER BY s.year, s.agency_name, s.report_id
