-- name:       applications_by_group
-- title:      政府信息公开申请数量及申请人构成 / Applications and who made them
-- definition: sum per group and year of t3 总计: new_received (本年新收), carried_over (上年结转), total_processed (办理总计), carried_forward (结转下年); new applications by applicant (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他) and natural_person_share = new_natural_person ÷ new_received
-- unit:       applications (count); share (0–1)
-- versions:   v2019, v2021
-- version:    2
-- grain:      one row per group × year
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components'
-- columns:    group_by, group_value, year, reports_count, complete_reports_count, new_received, carried_over, total_processed, carried_forward, new_natural_person, new_commercial_enterprise, new_research_institution, new_social_welfare_org, new_legal_service_org, new_other_org, new_legal_person_subtotal, natural_person_share
-- caveats:    sums skip NULL (unreadable) cells; complete_reports_count counts reports with all four flow figures; natural_person_share uses only reports where both its figures are known; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
SELECT
    $group_by AS group_by,
    s.group_value,
    s.year,
    count(*) AS reports_count,
    count(*) FILTER (
        WHERE a.new_received IS NOT NULL AND a.carried_over IS NOT NULL
          AND a.total_processed IS NOT NULL AND a.carried_forward IS NOT NULL
    ) AS complete_reports_count,
    sum(a.new_received) AS new_received,
    sum(a.carried_over) AS carried_over,
    sum(a.total_processed) AS total_processed,
    sum(a.carried_forward) AS carried_forward,
    sum(a.new_natural_person) AS new_natural_person,
    sum(a.new_commercial_enterprise) AS new_commercial_enterprise,
    sum(a.new_research_institution) AS new_research_institution,
    sum(a.new_social_welfare_org) AS new_social_welfare_org,
    sum(a.new_legal_service_org) AS new_legal_service_org,
    sum(a.new_other_org) AS new_other_org,
    sum(a.new_legal_person_subtotal) AS new_legal_person_subtotal,
    sum(a.new_natural_person) FILTER (WHERE a.new_received IS NOT NULL)
        / nullif(sum(a.new_received) FILTER (WHERE a.new_natural_person IS NOT NULL), 0)
        AS natural_person_share
-- current reports passing the filters, with their group (queries/base/reports_in_group.sql)
FROM reports_in_group(group_by := $group_by, year_from := $year_from, year_to := $year_to,
                      province := $province, city := $city, county := $county, level := $level,
                      sector := $sector, scope := $scope, agency := $agency) AS s
JOIN report_applications AS a ON a.report_id = s.report_id
GROUP BY s.group_value, s.year
ORDER BY s.year, s.group_value
