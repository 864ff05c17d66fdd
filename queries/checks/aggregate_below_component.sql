-- name:       aggregate_below_component
-- title:      汇总报告小于其下属报告 / Aggregate smaller than one of its components
-- definition: jurisdiction aggregate reports whose figure for a count is below the same figure of a single current agency or government_organ report inside its region in the same year (A.scope, docs/report-format.md §5); containment exactly as in aggregate_vs_components (queries/base/region_keys.sql; v3: a region name reaches only components without a code when the aggregate has one)
-- unit:       offending rows
-- versions:   v2019, v2021
-- version:    3
-- grain:      one row per aggregate × measure, naming the largest component above it; zero rows = pass
-- params:     none
-- columns:    report_id, agency_name, year, measure, aggregate_value, component_report_id, component_agency_name, component_value
-- caveats:    a soft check; an aggregate whose region is unknown has no components and cannot fail. Components are first reduced to the largest figure per region as stated and year (one column per count, report_counts_wide), then per place (region-code prefix or, without a code, the place names), so the check stays linear at national scale (v1 compared every aggregate with every component and spilled to disk at 10k reports; v3 read the 25-rows-per-report long report_counts and timed out at 10^6); where two components tie for the largest figure, which one is named is not defined
WITH aggregates AS (
    SELECT * FROM reports_in_view(scope := 'jurisdiction_aggregate')
),

-- the places an aggregate covers: its region code (province 2 / city 4 / county 6 digits) or names
aggregate_places AS (
    -- the same matching as aggregate_vs_components (queries/base/region_keys.sql): the aggregate's
    -- own code reaches components with a code, its own name those without one (any, without a code)
    SELECT report_id, year, region_keys(province, city, county, region_code).own_code AS place,
        TRUE AS needs_code
    FROM aggregates
    WHERE region_code IS NOT NULL
    UNION ALL
    SELECT report_id, year, region_keys(province, city, county, region_code).own_name AS place,
        CASE WHEN region_code IS NOT NULL THEN FALSE END AS needs_code
    FROM aggregates
    WHERE coalesce(county, city, province) IS NOT NULL
),

region_largest AS (
    -- per region as stated (the four fields region_keys reads) and year: the largest figure of
    -- each count among the components there, and a report that has it (report_counts_wide: one
    -- column per count, NULL = unknown), so the places below are reached from a few thousand
    -- regions instead of from every report
    SELECT
        c.province, c.city, c.county, c.region_code, c.year,
        max(w.new_received) AS new_received, arg_max(c.report_id, w.new_received) AS new_received_id,
        max(w.carried_over) AS carried_over, arg_max(c.report_id, w.carried_over) AS carried_over_id,
        max(w.total_processed) AS total_processed, arg_max(c.report_id, w.total_processed) AS total_processed_id,
        max(w.carried_forward) AS carried_forward, arg_max(c.report_id, w.carried_forward) AS carried_forward_id,
        max(w.granted) AS granted, arg_max(c.report_id, w.granted) AS granted_id,
        max(w.partial_grant) AS partial_grant, arg_max(c.report_id, w.partial_grant) AS partial_grant_id,
        max(w.denied_total) AS denied_total, arg_max(c.report_id, w.denied_total) AS denied_total_id,
        max(w.unavailable_total) AS unavailable_total, arg_max(c.report_id, w.unavailable_total) AS unavailable_total_id,
        max(w.not_processed_total) AS not_processed_total, arg_max(c.report_id, w.not_processed_total) AS not_processed_total_id,
        max(w.other_total) AS other_total, arg_max(c.report_id, w.other_total) AS other_total_id,
        max(w.new_natural_person) AS new_natural_person, arg_max(c.report_id, w.new_natural_person) AS new_natural_person_id,
        max(w.new_legal_person_subtotal) AS new_legal_person_subtotal, arg_max(c.report_id, w.new_legal_person_subtotal) AS new_legal_person_subtotal_id,
        max(w.proactive_count) AS proactive_count, arg_max(c.report_id, w.proactive_count) AS proactive_count_id,
        max(w.regulations_issued) AS regulations_issued, arg_max(c.report_id, w.regulations_issued) AS regulations_issued_id,
        max(w.regulations_repealed) AS regulations_repealed, arg_max(c.report_id, w.regulations_repealed) AS regulations_repealed_id,
        max(w.regulations_in_force) AS regulations_in_force, arg_max(c.report_id, w.regulations_in_force) AS regulations_in_force_id,
        max(w.normative_documents_issued) AS normative_documents_issued, arg_max(c.report_id, w.normative_documents_issued) AS normative_documents_issued_id,
        max(w.normative_documents_repealed) AS normative_documents_repealed, arg_max(c.report_id, w.normative_documents_repealed) AS normative_documents_repealed_id,
        max(w.normative_documents_in_force) AS normative_documents_in_force, arg_max(c.report_id, w.normative_documents_in_force) AS normative_documents_in_force_id,
        max(w.license_decisions) AS license_decisions, arg_max(c.report_id, w.license_decisions) AS license_decisions_id,
        max(w.penalty_decisions) AS penalty_decisions, arg_max(c.report_id, w.penalty_decisions) AS penalty_decisions_id,
        max(w.compulsion_decisions) AS compulsion_decisions, arg_max(c.report_id, w.compulsion_decisions) AS compulsion_decisions_id,
        max(w.fees_wan_yuan) AS fees_wan_yuan, arg_max(c.report_id, w.fees_wan_yuan) AS fees_wan_yuan_id,
        max(w.review_total) AS review_total, arg_max(c.report_id, w.review_total) AS review_total_id,
        max(w.review_corrected) AS review_corrected, arg_max(c.report_id, w.review_corrected) AS review_corrected_id,
        max(w.lit_direct_total) AS lit_direct_total, arg_max(c.report_id, w.lit_direct_total) AS lit_direct_total_id,
        max(w.lit_after_review_total) AS lit_after_review_total, arg_max(c.report_id, w.lit_after_review_total) AS lit_after_review_total_id
    FROM reports_in_view(scope := 'components') AS c
    JOIN report_counts_wide AS w ON w.report_id = c.report_id
    GROUP BY c.province, c.city, c.county, c.region_code, c.year
),

largest AS (
    -- the same per place a region lies in (its code's province, city and county, its names)
    SELECT
        k.place, f.region_code IS NOT NULL AS has_code, f.year,
        max(f.new_received) AS new_received, arg_max(f.new_received_id, f.new_received) AS new_received_id,
        max(f.carried_over) AS carried_over, arg_max(f.carried_over_id, f.carried_over) AS carried_over_id,
        max(f.total_processed) AS total_processed, arg_max(f.total_processed_id, f.total_processed) AS total_processed_id,
        max(f.carried_forward) AS carried_forward, arg_max(f.carried_forward_id, f.carried_forward) AS carried_forward_id,
        max(f.granted) AS granted, arg_max(f.granted_id, f.granted) AS granted_id,
        max(f.partial_grant) AS partial_grant, arg_max(f.partial_grant_id, f.partial_grant) AS partial_grant_id,
        max(f.denied_total) AS denied_total, arg_max(f.denied_total_id, f.denied_total) AS denied_total_id,
        max(f.unavailable_total) AS unavailable_total, arg_max(f.unavailable_total_id, f.unavailable_total) AS unavailable_total_id,
        max(f.not_processed_total) AS not_processed_total, arg_max(f.not_processed_total_id, f.not_processed_total) AS not_processed_total_id,
        max(f.other_total) AS other_total, arg_max(f.other_total_id, f.other_total) AS other_total_id,
        max(f.new_natural_person) AS new_natural_person, arg_max(f.new_natural_person_id, f.new_natural_person) AS new_natural_person_id,
        max(f.new_legal_person_subtotal) AS new_legal_person_subtotal, arg_max(f.new_legal_person_subtotal_id, f.new_legal_person_subtotal) AS new_legal_person_subtotal_id,
        max(f.proactive_count) AS proactive_count, arg_max(f.proactive_count_id, f.proactive_count) AS proactive_count_id,
        max(f.regulations_issued) AS regulations_issued, arg_max(f.regulations_issued_id, f.regulations_issued) AS regulations_issued_id,
        max(f.regulations_repealed) AS regulations_repealed, arg_max(f.regulations_repealed_id, f.regulations_repealed) AS regulations_repealed_id,
        max(f.regulations_in_force) AS regulations_in_force, arg_max(f.regulations_in_force_id, f.regulations_in_force) AS regulations_in_force_id,
        max(f.normative_documents_issued) AS normative_documents_issued, arg_max(f.normative_documents_issued_id, f.normative_documents_issued) AS normative_documents_issued_id,
        max(f.normative_documents_repealed) AS normative_documents_repealed, arg_max(f.normative_documents_repealed_id, f.normative_documents_repealed) AS normative_documents_repealed_id,
        max(f.normative_documents_in_force) AS normative_documents_in_force, arg_max(f.normative_documents_in_force_id, f.normative_documents_in_force) AS normative_documents_in_force_id,
        max(f.license_decisions) AS license_decisions, arg_max(f.license_decisions_id, f.license_decisions) AS license_decisions_id,
        max(f.penalty_decisions) AS penalty_decisions, arg_max(f.penalty_decisions_id, f.penalty_decisions) AS penalty_decisions_id,
        max(f.compulsion_decisions) AS compulsion_decisions, arg_max(f.compulsion_decisions_id, f.compulsion_decisions) AS compulsion_decisions_id,
        max(f.fees_wan_yuan) AS fees_wan_yuan, arg_max(f.fees_wan_yuan_id, f.fees_wan_yuan) AS fees_wan_yuan_id,
        max(f.review_total) AS review_total, arg_max(f.review_total_id, f.review_total) AS review_total_id,
        max(f.review_corrected) AS review_corrected, arg_max(f.review_corrected_id, f.review_corrected) AS review_corrected_id,
        max(f.lit_direct_total) AS lit_direct_total, arg_max(f.lit_direct_total_id, f.lit_direct_total) AS lit_direct_total_id,
        max(f.lit_after_review_total) AS lit_after_review_total, arg_max(f.lit_after_review_total_id, f.lit_after_review_total) AS lit_after_review_total_id
    FROM region_largest AS f,
        unnest(region_keys(f.province, f.city, f.county, f.region_code).within) AS k (place)
    GROUP BY k.place, f.region_code IS NOT NULL, f.year
),

compared AS (
    -- each aggregate's counts next to the largest of its components', per place it covers
    SELECT
        a.report_id, a.agency_name, a.year,
        w.new_received, l.new_received AS new_received_max, l.new_received_id,
        w.carried_over, l.carried_over AS carried_over_max, l.carried_over_id,
        w.total_processed, l.total_processed AS total_processed_max, l.total_processed_id,
        w.carried_forward, l.carried_forward AS carried_forward_max, l.carried_forward_id,
        w.granted, l.granted AS granted_max, l.granted_id,
        w.partial_grant, l.partial_grant AS partial_grant_max, l.partial_grant_id,
        w.denied_total, l.denied_total AS denied_total_max, l.denied_total_id,
        w.unavailable_total, l.unavailable_total AS unavailable_total_max, l.unavailable_total_id,
        w.not_processed_total, l.not_processed_total AS not_processed_total_max, l.not_processed_total_id,
        w.other_total, l.other_total AS other_total_max, l.other_total_id,
        w.new_natural_person, l.new_natural_person AS new_natural_person_max, l.new_natural_person_id,
        w.new_legal_person_subtotal, l.new_legal_person_subtotal AS new_legal_person_subtotal_max, l.new_legal_person_subtotal_id,
        w.proactive_count, l.proactive_count AS proactive_count_max, l.proactive_count_id,
        w.regulations_issued, l.regulations_issued AS regulations_issued_max, l.regulations_issued_id,
        w.regulations_repealed, l.regulations_repealed AS regulations_repealed_max, l.regulations_repealed_id,
        w.regulations_in_force, l.regulations_in_force AS regulations_in_force_max, l.regulations_in_force_id,
        w.normative_documents_issued, l.normative_documents_issued AS normative_documents_issued_max, l.normative_documents_issued_id,
        w.normative_documents_repealed, l.normative_documents_repealed AS normative_documents_repealed_max, l.normative_documents_repealed_id,
        w.normative_documents_in_force, l.normative_documents_in_force AS normative_documents_in_force_max, l.normative_documents_in_force_id,
        w.license_decisions, l.license_decisions AS license_decisions_max, l.license_decisions_id,
        w.penalty_decisions, l.penalty_decisions AS penalty_decisions_max, l.penalty_decisions_id,
        w.compulsion_decisions, l.compulsion_decisions AS compulsion_decisions_max, l.compulsion_decisions_id,
        w.fees_wan_yuan, l.fees_wan_yuan AS fees_wan_yuan_max, l.fees_wan_yuan_id,
        w.review_total, l.review_total AS review_total_max, l.review_total_id,
        w.review_corrected, l.review_corrected AS review_corrected_max, l.review_corrected_id,
        w.lit_direct_total, l.lit_direct_total AS lit_direct_total_max, l.lit_direct_total_id,
        w.lit_after_review_total, l.lit_after_review_total AS lit_after_review_total_max, l.lit_after_review_total_id
    FROM aggregates AS a
    JOIN aggregate_places AS ap ON ap.report_id = a.report_id
    JOIN report_counts_wide AS w ON w.report_id = a.report_id
    JOIN largest AS l ON l.place = ap.place AND l.year = a.year
    WHERE ap.needs_code IS NULL OR ap.needs_code = l.has_code
),

above AS (
    SELECT report_id, agency_name, year, measure, aggregate_value, component_report_id, component_value,
           row_number() OVER (PARTITION BY report_id, measure
                              ORDER BY component_value DESC, component_report_id) AS rank
    FROM (
        UNPIVOT compared
        ON (new_received, new_received_max, new_received_id) AS new_received,
        (carried_over, carried_over_max, carried_over_id) AS carried_over,
        (total_processed, total_processed_max, total_processed_id) AS total_processed,
        (carried_forward, carried_forward_max, carried_forward_id) AS carried_forward,
        (granted, granted_max, granted_id) AS granted,
        (partial_grant, partial_grant_max, partial_grant_id) AS partial_grant,
        (denied_total, denied_total_max, denied_total_id) AS denied_total,
        (unavailable_total, unavailable_total_max, unavailable_total_id) AS unavailable_total,
        (not_processed_total, not_processed_total_max, not_processed_total_id) AS not_processed_total,
        (other_total, other_total_max, other_total_id) AS other_total,
        (new_natural_person, new_natural_person_max, new_natural_person_id) AS new_natural_person,
        (new_legal_person_subtotal, new_legal_person_subtotal_max, new_legal_person_subtotal_id) AS new_legal_person_subtotal,
        (proactive_count, proactive_count_max, proactive_count_id) AS proactive_count,
        (regulations_issued, regulations_issued_max, regulations_issued_id) AS regulations_issued,
        (regulations_repealed, regulations_repealed_max, regulations_repealed_id) AS regulations_repealed,
        (regulations_in_force, regulations_in_force_max, regulations_in_force_id) AS regulations_in_force,
        (normative_documents_issued, normative_documents_issued_max, normative_documents_issued_id) AS normative_documents_issued,
        (normative_documents_repealed, normative_documents_repealed_max, normative_documents_repealed_id) AS normative_documents_repealed,
        (normative_documents_in_force, normative_documents_in_force_max, normative_documents_in_force_id) AS normative_documents_in_force,
        (license_decisions, license_decisions_max, license_decisions_id) AS license_decisions,
        (penalty_decisions, penalty_decisions_max, penalty_decisions_id) AS penalty_decisions,
        (compulsion_decisions, compulsion_decisions_max, compulsion_decisions_id) AS compulsion_decisions,
        (fees_wan_yuan, fees_wan_yuan_max, fees_wan_yuan_id) AS fees_wan_yuan,
        (review_total, review_total_max, review_total_id) AS review_total,
        (review_corrected, review_corrected_max, review_corrected_id) AS review_corrected,
        (lit_direct_total, lit_direct_total_max, lit_direct_total_id) AS lit_direct_total,
        (lit_after_review_total, lit_after_review_total_max, lit_after_review_total_id) AS lit_after_review_total
        INTO NAME measure VALUE aggregate_value, component_value, component_report_id
    )
    WHERE component_value > aggregate_value AND component_report_id <> report_id
)

SELECT b.report_id, b.agency_name, b.year, b.measure, b.aggregate_value,
       b.component_report_id, d.agency_name AS component_agency_name, b.component_value
FROM above AS b
JOIN report_dims AS d ON d.report_id = b.component_report_id
WHERE b.rank = 1
ORDER BY b.report_id, b.measure, b.component_report_id
