-- name:       proactive_disclosure_by_group
-- title:      主动公开情况 / Proactive disclosure
-- definition: sum per group and year of the narrative proactive_count (主动公开信息数) and of table 2: 规章/行政规范性文件 issued, repealed, in force (v2021), 行政许可/行政处罚/行政强制 decisions (v2019 + v2021), 行政事业性收费 万元 (v2021)
-- unit:       documents / decisions (count); fees_wan_yuan in 万元
-- versions:   v2019 (decisions only), v2021; proactive_count any version
-- version:    2
-- grain:      one row per group × year
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, reports_count, v2021_reports_count, proactive_count, proactive_reports_count, regulations_issued, regulations_repealed, regulations_in_force, normative_documents_issued, normative_documents_repealed, normative_documents_in_force, license_decisions, penalty_decisions, compulsion_decisions, fees_wan_yuan
-- caveats:    each sum skips reports where the figure is NULL (unreadable or, for v2019, not comparable: docs/report-format.md §4.4), so compare a sum with its *_reports_count; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
SELECT
    $group_by AS group_by,
    s.group_value,
    s.year,
    count(*) AS reports_count,
    count(*) FILTER (WHERE s.format_version = 'v2021') AS v2021_reports_count,
    sum(p.proactive_count) AS proactive_count,
    count(p.proactive_count) AS proactive_reports_count,
    sum(p.regulations_issued) AS regulations_issued,
    sum(p.regulations_repealed) AS regulations_repealed,
    sum(p.regulations_in_force) AS regulations_in_force,
    sum(p.normative_documents_issued) AS normative_documents_issued,
    sum(p.normative_documents_repealed) AS normative_documents_repealed,
    sum(p.normative_documents_in_force) AS normative_documents_in_force,
    sum(p.license_decisions) AS license_decisions,
    sum(p.penalty_decisions) AS penalty_decisions,
    sum(p.compulsion_decisions) AS compulsion_decisions,
    sum(p.fees_wan_yuan) AS fees_wan_yuan
-- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                      province := $province, city := $city, county := $county, level := $level,
                      sector := $sector, scope := $scope, agency := $agency) AS s
JOIN report_proactive AS p ON p.report_id = s.report_id
GROUP BY s.group_value, s.year
ORDER BY s.year, s.group_value
