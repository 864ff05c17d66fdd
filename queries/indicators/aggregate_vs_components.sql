-- name:       aggregate_vs_components
-- title:      汇总报告与所辖机关报告之和 / Jurisdiction aggregate against the sum of its agencies' reports
-- definition: for each current jurisdiction_aggregate report and each count in report_counts: aggregate_value vs components_sum = Σ over current agency and government_organ reports of the same year inside the aggregate's region (region_code prefix: 2 digits for a code ending 0000, 4 for one ending 00, else 6; by province/city/county names when a code is missing); coverage = agencies reporting that year ÷ agencies of the region known to the warehouse
-- unit:       count (fees in 万元); share (0–1)
-- versions:   v2019, v2021
-- version:    1
-- grain:      one row per aggregate report × measure
-- params:     year_from=NULL, year_to=NULL, agency=NULL, measure=NULL
-- columns:    report_id, agency_name, year, level, region_code, measure, aggregate_value, components_sum, components_reporting_count, difference, components_share, agencies_reported_count, agencies_known_count, coverage_share
-- caveats:    never add aggregate_value to components_sum; the warehouse rarely holds every agency of a region, so components_share < 1 usually means missing reports (see coverage_share), not an error; components_share > 1 breaks A.scope (an aggregate should be at least each of its parts) or means double counting; an aggregate whose region is unknown gets no components; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH aggregates AS (
    SELECT d.*
    FROM reports_in_view(year_from := $year_from, year_to := $year_to,
                         scope := 'jurisdiction_aggregate', agency := $agency) AS d
),

aggregate_keys AS (
    -- where an aggregate's components are (queries/base/region_keys.sql): its own code's place,
    -- for components that have a code; its own name's place for those without one (or for any
    -- component when the aggregate has no code). The two places of an aggregate never share a
    -- component (one needs a code, the other none), so sums over them add up
    SELECT report_id, agency_id, year, region_keys(province, city, county, region_code).own_code AS place,
        TRUE AS needs_code
    FROM aggregates
    WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, agency_id, year, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code   -- NULL = any component
    FROM aggregates
    WHERE coalesce(county, city, province) IS NOT NULL
),

components AS (
    -- component reports with their counts (report_counts_wide: one column per count, NULL =
    -- unknown); single = the only current report of its agency that year (agency_year_reports)
    SELECT c.report_id, c.agency_id, c.year, c.province, c.city, c.county, c.region_code,
        w.agency_year_reports = 1 AS single, w.* EXCLUDE (report_id, agency_year_reports)
    FROM reports_in_view(scope := 'components') AS c
    JOIN report_counts_wide AS w ON w.report_id = c.report_id
),

region_sums AS (
    -- per region as stated (the four fields region_keys reads) and year: Σ of each count, the
    -- reports that have it, and the agencies with a single report there (each is one agency)
    SELECT
        province, city, county, region_code, year,
        count(agency_id) FILTER (WHERE single) AS single_agencies_count,
        -- every count column of report_counts_wide (the one home of the measure list)
        sum(COLUMNS(* EXCLUDE (report_id, agency_id, year, province, city, county, region_code, single))) AS '\0',
        count(COLUMNS(* EXCLUDE (report_id, agency_id, year, province, city, county, region_code, single))) AS '\0_n'
    FROM components
    GROUP BY province, city, county, region_code, year
),

place_sums AS (
    -- the same per place a region lies in (its code's province, city and county, its names)
    SELECT
        k.place, f.region_code IS NOT NULL AS has_code, f.year,
        sum(f.single_agencies_count) AS single_agencies_count,
        sum(COLUMNS(f.* EXCLUDE (province, city, county, region_code, year, single_agencies_count))) AS '\0'
    FROM region_sums AS f,
        unnest(region_keys(f.province, f.city, f.county, f.region_code).within) AS k (place)
    GROUP BY k.place, f.region_code IS NOT NULL, f.year
),

matched AS (
    -- per aggregate: Σ over its places, before its own agency is taken off
    SELECT
        ak.report_id,
        sum(ps.single_agencies_count) AS single_agencies_count,
        sum(COLUMNS(ps.* EXCLUDE (place, has_code, year, single_agencies_count))) AS '\0'
    FROM aggregate_keys AS ak
    JOIN place_sums AS ps
        ON ps.place = ak.place AND ps.year = ak.year AND (ak.needs_code IS NULL OR ak.needs_code = ps.has_code)
    GROUP BY ak.report_id
),

own AS (
    -- component reports of the aggregate's own agency inside its places: summed above, but an
    -- agency is never its own component, so they are taken off again (a NULL agency matches a
    -- NULL agency here, as "IS DISTINCT FROM" left those pairs out). Read again from the tables
    -- (a handful of reports), so that the 10^6-row components above are streamed, not kept
    SELECT
        ak.report_id,
        sum(COLUMNS(w.* EXCLUDE (report_id, agency_year_reports))) AS '\0',
        count(COLUMNS(w.* EXCLUDE (report_id, agency_year_reports))) AS '\0_n'
    FROM aggregate_keys AS ak
    JOIN reports_in_view(scope := 'components') AS c
        ON c.agency_id IS NOT DISTINCT FROM ak.agency_id AND c.year = ak.year
    JOIN report_counts_wide AS w ON w.report_id = c.report_id
    WHERE list_contains(region_keys(c.province, c.city, c.county, c.region_code).within, ak.place)
      AND (ak.needs_code IS NULL OR ak.needs_code = (c.region_code IS NOT NULL))
    GROUP BY ak.report_id
),

multi_places AS (
    -- agencies with more than one current report that year (rare), with the places of each report
    SELECT c.agency_id, c.year, c.region_code IS NOT NULL AS has_code, k.place
    FROM reports_in_view(scope := 'components') AS c
    JOIN report_counts_wide AS w ON w.report_id = c.report_id,
        unnest(region_keys(c.province, c.city, c.county, c.region_code).within) AS k (place)
    WHERE w.agency_year_reports <> 1
),

multi_agencies AS (
    -- ... counted once per aggregate however many of their reports it covers
    SELECT ak.report_id, count(DISTINCT mp.agency_id) AS agencies_count
    FROM aggregate_keys AS ak
    JOIN multi_places AS mp ON mp.place = ak.place AND mp.year = ak.year
    WHERE mp.agency_id IS DISTINCT FROM ak.agency_id
      AND (ak.needs_code IS NULL OR ak.needs_code = mp.has_code)
    GROUP BY ak.report_id
),

known_regions AS (
    -- agencies that could report (any year), per region as stated: the N of "n of N"
    SELECT province, city, county, region_code, count(*) AS agencies_count
    FROM agencies
    WHERE scope IN ('agency', 'government_organ')
    GROUP BY province, city, county, region_code
),

known_places AS (
    SELECT k.place, f.region_code IS NOT NULL AS has_code, sum(f.agencies_count) AS agencies_count
    FROM known_regions AS f,
        unnest(region_keys(f.province, f.city, f.county, f.region_code).within) AS k (place)
    GROUP BY k.place, f.region_code IS NOT NULL
),

known AS (
    -- agencies below each aggregate's places (its own agency is taken off in coverage)
    SELECT ak.report_id, sum(kp.agencies_count) AS agencies_count
    FROM aggregate_keys AS ak
    JOIN known_places AS kp
        ON kp.place = ak.place AND (ak.needs_code IS NULL OR ak.needs_code = kp.has_code)
    GROUP BY ak.report_id
),

own_known AS (
    SELECT ak.report_id, count(*) AS agencies_count
    FROM aggregate_keys AS ak
    JOIN agencies AS g ON g.agency_id = ak.agency_id
    WHERE g.scope IN ('agency', 'government_organ')
      AND list_contains(region_keys(g.province, g.city, g.county, g.region_code).within, ak.place)
      AND (ak.needs_code IS NULL OR ak.needs_code = (g.region_code IS NOT NULL))
    GROUP BY ak.report_id
),

compared AS (
    -- each aggregate's counts next to the components' sums and how many reports have them, wide
    SELECT
        a.report_id,
        w.new_received, coalesce(m.new_received, 0) - coalesce(o.new_received, 0) AS new_received_sum,
            coalesce(m.new_received_n, 0) - coalesce(o.new_received_n, 0) AS new_received_n,
        w.carried_over, coalesce(m.carried_over, 0) - coalesce(o.carried_over, 0) AS carried_over_sum,
            coalesce(m.carried_over_n, 0) - coalesce(o.carried_over_n, 0) AS carried_over_n,
        w.total_processed, coalesce(m.total_processed, 0) - coalesce(o.total_processed, 0) AS total_processed_sum,
            coalesce(m.total_processed_n, 0) - coalesce(o.total_processed_n, 0) AS total_processed_n,
        w.carried_forward, coalesce(m.carried_forward, 0) - coalesce(o.carried_forward, 0) AS carried_forward_sum,
            coalesce(m.carried_forward_n, 0) - coalesce(o.carried_forward_n, 0) AS carried_forward_n,
        w.granted, coalesce(m.granted, 0) - coalesce(o.granted, 0) AS granted_sum,
            coalesce(m.granted_n, 0) - coalesce(o.granted_n, 0) AS granted_n,
        w.partial_grant, coalesce(m.partial_grant, 0) - coalesce(o.partial_grant, 0) AS partial_grant_sum,
            coalesce(m.partial_grant_n, 0) - coalesce(o.partial_grant_n, 0) AS partial_grant_n,
        w.denied_total, coalesce(m.denied_total, 0) - coalesce(o.denied_total, 0) AS denied_total_sum,
            coalesce(m.denied_total_n, 0) - coalesce(o.denied_total_n, 0) AS denied_total_n,
        w.unavailable_total, coalesce(m.unavailable_total, 0) - coalesce(o.unavailable_total, 0) AS unavailable_total_sum,
            coalesce(m.unavailable_total_n, 0) - coalesce(o.unavailable_total_n, 0) AS unavailable_total_n,
        w.not_processed_total, coalesce(m.not_processed_total, 0) - coalesce(o.not_processed_total, 0) AS not_processed_total_sum,
            coalesce(m.not_processed_total_n, 0) - coalesce(o.not_processed_total_n, 0) AS not_processed_total_n,
        w.other_total, coalesce(m.other_total, 0) - coalesce(o.other_total, 0) AS other_total_sum,
            coalesce(m.other_total_n, 0) - coalesce(o.other_total_n, 0) AS other_total_n,
        w.new_natural_person, coalesce(m.new_natural_person, 0) - coalesce(o.new_natural_person, 0) AS new_natural_person_sum,
            coalesce(m.new_natural_person_n, 0) - coalesce(o.new_natural_person_n, 0) AS new_natural_person_n,
        w.new_legal_person_subtotal, coalesce(m.new_legal_person_subtotal, 0) - coalesce(o.new_legal_person_subtotal, 0) AS new_legal_person_subtotal_sum,
            coalesce(m.new_legal_person_subtotal_n, 0) - coalesce(o.new_legal_person_subtotal_n, 0) AS new_legal_person_subtotal_n,
        w.proactive_count, coalesce(m.proactive_count, 0) - coalesce(o.proactive_count, 0) AS proactive_count_sum,
            coalesce(m.proactive_count_n, 0) - coalesce(o.proactive_count_n, 0) AS proactive_count_n,
        w.regulations_issued, coalesce(m.regulations_issued, 0) - coalesce(o.regulations_issued, 0) AS regulations_issued_sum,
            coalesce(m.regulations_issued_n, 0) - coalesce(o.regulations_issued_n, 0) AS regulations_issued_n,
        w.regulations_repealed, coalesce(m.regulations_repealed, 0) - coalesce(o.regulations_repealed, 0) AS regulations_repealed_sum,
            coalesce(m.regulations_repealed_n, 0) - coalesce(o.regulations_repealed_n, 0) AS regulations_repealed_n,
        w.regulations_in_force, coalesce(m.regulations_in_force, 0) - coalesce(o.regulations_in_force, 0) AS regulations_in_force_sum,
            coalesce(m.regulations_in_force_n, 0) - coalesce(o.regulations_in_force_n, 0) AS regulations_in_force_n,
        w.normative_documents_issued, coalesce(m.normative_documents_issued, 0) - coalesce(o.normative_documents_issued, 0) AS normative_documents_issued_sum,
            coalesce(m.normative_documents_issued_n, 0) - coalesce(o.normative_documents_issued_n, 0) AS normative_documents_issued_n,
        w.normative_documents_repealed, coalesce(m.normative_documents_repealed, 0) - coalesce(o.normative_documents_repealed, 0) AS normative_documents_repealed_sum,
            coalesce(m.normative_documents_repealed_n, 0) - coalesce(o.normative_documents_repealed_n, 0) AS normative_documents_repealed_n,
        w.normative_documents_in_force, coalesce(m.normative_documents_in_force, 0) - coalesce(o.normative_documents_in_force, 0) AS normative_documents_in_force_sum,
            coalesce(m.normative_documents_in_force_n, 0) - coalesce(o.normative_documents_in_force_n, 0) AS normative_documents_in_force_n,
        w.license_decisions, coalesce(m.license_decisions, 0) - coalesce(o.license_decisions, 0) AS license_decisions_sum,
            coalesce(m.license_decisions_n, 0) - coalesce(o.license_decisions_n, 0) AS license_decisions_n,
        w.penalty_decisions, coalesce(m.penalty_decisions, 0) - coalesce(o.penalty_decisions, 0) AS penalty_decisions_sum,
            coalesce(m.penalty_decisions_n, 0) - coalesce(o.penalty_decisions_n, 0) AS penalty_decisions_n,
        w.compulsion_decisions, coalesce(m.compulsion_decisions, 0) - coalesce(o.compulsion_decisions, 0) AS compulsion_decisions_sum,
            coalesce(m.compulsion_decisions_n, 0) - coalesce(o.compulsion_decisions_n, 0) AS compulsion_decisions_n,
        w.fees_wan_yuan, coalesce(m.fees_wan_yuan, 0) - coalesce(o.fees_wan_yuan, 0) AS fees_wan_yuan_sum,
            coalesce(m.fees_wan_yuan_n, 0) - coalesce(o.fees_wan_yuan_n, 0) AS fees_wan_yuan_n,
        w.review_total, coalesce(m.review_total, 0) - coalesce(o.review_total, 0) AS review_total_sum,
            coalesce(m.review_total_n, 0) - coalesce(o.review_total_n, 0) AS review_total_n,
        w.review_corrected, coalesce(m.review_corrected, 0) - coalesce(o.review_corrected, 0) AS review_corrected_sum,
            coalesce(m.review_corrected_n, 0) - coalesce(o.review_corrected_n, 0) AS review_corrected_n,
        w.lit_direct_total, coalesce(m.lit_direct_total, 0) - coalesce(o.lit_direct_total, 0) AS lit_direct_total_sum,
            coalesce(m.lit_direct_total_n, 0) - coalesce(o.lit_direct_total_n, 0) AS lit_direct_total_n,
        w.lit_after_review_total, coalesce(m.lit_after_review_total, 0) - coalesce(o.lit_after_review_total, 0) AS lit_after_review_total_sum,
            coalesce(m.lit_after_review_total_n, 0) - coalesce(o.lit_after_review_total_n, 0) AS lit_after_review_total_n
    FROM aggregates AS a
    JOIN report_counts_wide AS w ON w.report_id = a.report_id
    LEFT JOIN matched AS m ON m.report_id = a.report_id
    LEFT JOIN own AS o ON o.report_id = a.report_id
),

component_sums AS (
    -- one row per aggregate and count it states (the rows report_counts has for it)
    UNPIVOT compared
    ON (new_received, new_received_sum, new_received_n) AS new_received,
        (carried_over, carried_over_sum, carried_over_n) AS carried_over,
        (total_processed, total_processed_sum, total_processed_n) AS total_processed,
        (carried_forward, carried_forward_sum, carried_forward_n) AS carried_forward,
        (granted, granted_sum, granted_n) AS granted,
        (partial_grant, partial_grant_sum, partial_grant_n) AS partial_grant,
        (denied_total, denied_total_sum, denied_total_n) AS denied_total,
        (unavailable_total, unavailable_total_sum, unavailable_total_n) AS unavailable_total,
        (not_processed_total, not_processed_total_sum, not_processed_total_n) AS not_processed_total,
        (other_total, other_total_sum, other_total_n) AS other_total,
        (new_natural_person, new_natural_person_sum, new_natural_person_n) AS new_natural_person,
        (new_legal_person_subtotal, new_legal_person_subtotal_sum, new_legal_person_subtotal_n) AS new_legal_person_subtotal,
        (proactive_count, proactive_count_sum, proactive_count_n) AS proactive_count,
        (regulations_issued, regulations_issued_sum, regulations_issued_n) AS regulations_issued,
        (regulations_repealed, regulations_repealed_sum, regulations_repealed_n) AS regulations_repealed,
        (regulations_in_force, regulations_in_force_sum, regulations_in_force_n) AS regulations_in_force,
        (normative_documents_issued, normative_documents_issued_sum, normative_documents_issued_n) AS normative_documents_issued,
        (normative_documents_repealed, normative_documents_repealed_sum, normative_documents_repealed_n) AS normative_documents_repealed,
        (normative_documents_in_force, normative_documents_in_force_sum, normative_documents_in_force_n) AS normative_documents_in_force,
        (license_decisions, license_decisions_sum, license_decisions_n) AS license_decisions,
        (penalty_decisions, penalty_decisions_sum, penalty_decisions_n) AS penalty_decisions,
        (compulsion_decisions, compulsion_decisions_sum, compulsion_decisions_n) AS compulsion_decisions,
        (fees_wan_yuan, fees_wan_yuan_sum, fees_wan_yuan_n) AS fees_wan_yuan,
        (review_total, review_total_sum, review_total_n) AS review_total,
        (review_corrected, review_corrected_sum, review_corrected_n) AS review_corrected,
        (lit_direct_total, lit_direct_total_sum, lit_direct_total_n) AS lit_direct_total,
        (lit_after_review_total, lit_after_review_total_sum, lit_after_review_total_n) AS lit_after_review_total
    INTO NAME measure VALUE aggregate_value, components_sum, components_reporting_count
),

coverage AS (
    SELECT
        a.report_id,
        -- the aggregate's own agency is never in either count: with the aggregate and a component
        -- report in one year it is not single, and multi_agencies leaves it out
        coalesce(m.single_agencies_count, 0) + coalesce(x.agencies_count, 0) AS agencies_reported_count,
        coalesce(k.agencies_count, 0) - coalesce(ok.agencies_count, 0) AS agencies_known_count
    FROM aggregates AS a
    LEFT JOIN matched AS m ON m.report_id = a.report_id
    LEFT JOIN multi_agencies AS x ON x.report_id = a.report_id
    LEFT JOIN known AS k ON k.report_id = a.report_id
    LEFT JOIN own_known AS ok ON ok.report_id = a.report_id
),

measures AS (
    -- the table each count comes from (report_counts.source_table), for the order of the rows
    SELECT * FROM (VALUES ('new_received', 't3'), ('carried_over', 't3'), ('total_processed', 't3'), ('carried_forward', 't3'), ('granted', 't3'), ('partial_grant', 't3'), ('denied_total', 't3'), ('unavailable_total', 't3'), ('not_processed_total', 't3'), ('other_total', 't3'), ('new_natural_person', 't3'), ('new_legal_person_subtotal', 't3'),
        ('proactive_count', 't2'), ('regulations_issued', 't2'), ('regulations_repealed', 't2'), ('regulations_in_force', 't2'), ('normative_documents_issued', 't2'), ('normative_documents_repealed', 't2'), ('normative_documents_in_force', 't2'), ('license_decisions', 't2'), ('penalty_decisions', 't2'), ('compulsion_decisions', 't2'), ('fees_wan_yuan', 't2'),
        ('review_total', 't4'), ('review_corrected', 't4'), ('lit_direct_total', 't4'), ('lit_after_review_total', 't4')) AS m (measure, source_table)
)

SELECT
    a.report_id,
    a.agency_name,
    a.year,
    a.level,
    a.region_code,
    cs.measure,
    cs.aggregate_value,
    cs.components_sum,
    CAST(cs.components_reporting_count AS BIGINT) AS components_reporting_count,
    cs.aggregate_value - cs.components_sum AS difference,
    CASE WHEN cs.components_reporting_count > 0 THEN cs.components_sum / nullif(cs.aggregate_value, 0) END
        AS components_share,
    CAST(cov.agencies_reported_count AS BIGINT) AS agencies_reported_count,
    CAST(cov.agencies_known_count AS BIGINT) AS agencies_known_count,
    cov.agencies_reported_count / nullif(cov.agencies_known_count, 0) AS coverage_share
FROM aggregates AS a
JOIN component_sums AS cs ON cs.report_id = a.report_id
JOIN measures AS ms ON ms.measure = cs.measure
JOIN coverage AS cov ON cov.report_id = a.report_id
WHERE $measure IS NULL OR cs.measure = $measure
ORDER BY a.year, a.agency_name, ms.source_table, cs.measure
