-- name:       yoy_change_by_group
-- title:      同比变化 / Year-over-year change of every count
-- definition: for every count in report_counts (t3 flows and outcomes, applicant mix, t2 comparable figures, narrative proactive_count, t4 totals): value = Σ over the group's reports in year Y, prev_value = the same for Y−1, change = value − prev_value, change_pct = change ÷ prev_value; matched_* repeat this over agencies with the measure in both years only
-- unit:       count (fees in 万元); change_pct as share (0.25 = +25%)
-- versions:   v2019, v2021 (measures are compared only where comparable: docs/report-format.md §4.4); proactive_count any version
-- version:    2
-- grain:      one row per group × year × measure
-- params:     group_by='province', year_from=NULL, year_to=NULL, province=NULL, city=NULL, county=NULL, level=NULL, sector=NULL, agency=NULL, scope='components', measure=NULL
-- columns:    group_by, group_value, year, source_table, measure, value, reports_count, prev_value, prev_reports_count, change, change_pct, matched_agencies_count, matched_value, matched_prev_value, matched_change_pct
-- caveats:    value and prev_value can cover different agencies (reports_count vs prev_reports_count): prefer matched_* (same agencies both years) when the group's membership changed; year_from / year_to select year Y, and Y−1 is always read; roll-ups use current reports only and by default scope='components' (agency + government_organ reports), so an aggregate is never added to its components; scope='all' or NULL drops that filter; filters as in reports_in_view (queries/base/reports_in_view.sql): agency = case-sensitive substring of the agency name (an exact name also finds longer names containing it), region from report_dims
WITH per_report AS (
    -- one row per report, one column per count (queries/base/report_counts_wide.sql: NULL = no value)
    SELECT s.agency_id, s.group_value, s.year, c.*
    -- current reports passing the filters, with their group (queries/base/reports_in_group.sql);
    -- every year: year_from / year_to select year Y at the end, after Y−1 has been read
    FROM reports_in_group(group_by := $group_by, province := $province, city := $city,
                          county := $county, level := $level, sector := $sector, scope := $scope,
                          agency := $agency) AS s
    JOIN report_counts_wide AS c ON c.report_id = s.report_id
),

group_sums AS (
    -- per group and year: Σ of each count and the reports that have it
    SELECT
        group_value,
        year,
        -- every count column of report_counts_wide (the one home of the measure list)
        sum(COLUMNS(* EXCLUDE (agency_id, group_value, year, report_id, agency_year_reports))) AS '\0',
        count(COLUMNS(* EXCLUDE (agency_id, group_value, year, report_id, agency_year_reports))) AS '\0_n'
    FROM per_report
    GROUP BY group_value, year
),

pairs AS (
    -- each report of year Y with its agency's report(s) of Y−1 (in view too); a count is matched
    -- where both reports have it (both values NULL otherwise); single = the agency has one current
    -- report in each of the two years, so the pair is the only one of its agency and year
    SELECT
        cur.group_value,
        cur.year,
        cur.agency_id,
        cur.agency_year_reports = 1 AND prev.agency_year_reports = 1 AS single,
        CASE WHEN prev.new_received IS NOT NULL THEN cur.new_received END AS new_received,
            CASE WHEN cur.new_received IS NOT NULL THEN prev.new_received END AS new_received_prev,
        CASE WHEN prev.carried_over IS NOT NULL THEN cur.carried_over END AS carried_over,
            CASE WHEN cur.carried_over IS NOT NULL THEN prev.carried_over END AS carried_over_prev,
        CASE WHEN prev.total_processed IS NOT NULL THEN cur.total_processed END AS total_processed,
            CASE WHEN cur.total_processed IS NOT NULL THEN prev.total_processed END AS total_processed_prev,
        CASE WHEN prev.carried_forward IS NOT NULL THEN cur.carried_forward END AS carried_forward,
            CASE WHEN cur.carried_forward IS NOT NULL THEN prev.carried_forward END AS carried_forward_prev,
        CASE WHEN prev.granted IS NOT NULL THEN cur.granted END AS granted,
            CASE WHEN cur.granted IS NOT NULL THEN prev.granted END AS granted_prev,
        CASE WHEN prev.partial_grant IS NOT NULL THEN cur.partial_grant END AS partial_grant,
            CASE WHEN cur.partial_grant IS NOT NULL THEN prev.partial_grant END AS partial_grant_prev,
        CASE WHEN prev.denied_total IS NOT NULL THEN cur.denied_total END AS denied_total,
            CASE WHEN cur.denied_total IS NOT NULL THEN prev.denied_total END AS denied_total_prev,
        CASE WHEN prev.unavailable_total IS NOT NULL THEN cur.unavailable_total END AS unavailable_total,
            CASE WHEN cur.unavailable_total IS NOT NULL THEN prev.unavailable_total END AS unavailable_total_prev,
        CASE WHEN prev.not_processed_total IS NOT NULL THEN cur.not_processed_total END AS not_processed_total,
            CASE WHEN cur.not_processed_total IS NOT NULL THEN prev.not_processed_total END AS not_processed_total_prev,
        CASE WHEN prev.other_total IS NOT NULL THEN cur.other_total END AS other_total,
            CASE WHEN cur.other_total IS NOT NULL THEN prev.other_total END AS other_total_prev,
        CASE WHEN prev.new_natural_person IS NOT NULL THEN cur.new_natural_person END AS new_natural_person,
            CASE WHEN cur.new_natural_person IS NOT NULL THEN prev.new_natural_person END AS new_natural_person_prev,
        CASE WHEN prev.new_legal_person_subtotal IS NOT NULL THEN cur.new_legal_person_subtotal END AS new_legal_person_subtotal,
            CASE WHEN cur.new_legal_person_subtotal IS NOT NULL THEN prev.new_legal_person_subtotal END AS new_legal_person_subtotal_prev,
        CASE WHEN prev.proactive_count IS NOT NULL THEN cur.proactive_count END AS proactive_count,
            CASE WHEN cur.proactive_count IS NOT NULL THEN prev.proactive_count END AS proactive_count_prev,
        CASE WHEN prev.regulations_issued IS NOT NULL THEN cur.regulations_issued END AS regulations_issued,
            CASE WHEN cur.regulations_issued IS NOT NULL THEN prev.regulations_issued END AS regulations_issued_prev,
        CASE WHEN prev.regulations_repealed IS NOT NULL THEN cur.regulations_repealed END AS regulations_repealed,
            CASE WHEN cur.regulations_repealed IS NOT NULL THEN prev.regulations_repealed END AS regulations_repealed_prev,
        CASE WHEN prev.regulations_in_force IS NOT NULL THEN cur.regulations_in_force END AS regulations_in_force,
            CASE WHEN cur.regulations_in_force IS NOT NULL THEN prev.regulations_in_force END AS regulations_in_force_prev,
        CASE WHEN prev.normative_documents_issued IS NOT NULL THEN cur.normative_documents_issued END AS normative_documents_issued,
            CASE WHEN cur.normative_documents_issued IS NOT NULL THEN prev.normative_documents_issued END AS normative_documents_issued_prev,
        CASE WHEN prev.normative_documents_repealed IS NOT NULL THEN cur.normative_documents_repealed END AS normative_documents_repealed,
            CASE WHEN cur.normative_documents_repealed IS NOT NULL THEN prev.normative_documents_repealed END AS normative_documents_repealed_prev,
        CASE WHEN prev.normative_documents_in_force IS NOT NULL THEN cur.normative_documents_in_force END AS normative_documents_in_force,
            CASE WHEN cur.normative_documents_in_force IS NOT NULL THEN prev.normative_documents_in_force END AS normative_documents_in_force_prev,
        CASE WHEN prev.license_decisions IS NOT NULL THEN cur.license_decisions END AS license_decisions,
            CASE WHEN cur.license_decisions IS NOT NULL THEN prev.license_decisions END AS license_decisions_prev,
        CASE WHEN prev.penalty_decisions IS NOT NULL THEN cur.penalty_decisions END AS penalty_decisions,
            CASE WHEN cur.penalty_decisions IS NOT NULL THEN prev.penalty_decisions END AS penalty_decisions_prev,
        CASE WHEN prev.compulsion_decisions IS NOT NULL THEN cur.compulsion_decisions END AS compulsion_decisions,
            CASE WHEN cur.compulsion_decisions IS NOT NULL THEN prev.compulsion_decisions END AS compulsion_decisions_prev,
        CASE WHEN prev.fees_wan_yuan IS NOT NULL THEN cur.fees_wan_yuan END AS fees_wan_yuan,
            CASE WHEN cur.fees_wan_yuan IS NOT NULL THEN prev.fees_wan_yuan END AS fees_wan_yuan_prev,
        CASE WHEN prev.review_total IS NOT NULL THEN cur.review_total END AS review_total,
            CASE WHEN cur.review_total IS NOT NULL THEN prev.review_total END AS review_total_prev,
        CASE WHEN prev.review_corrected IS NOT NULL THEN cur.review_corrected END AS review_corrected,
            CASE WHEN cur.review_corrected IS NOT NULL THEN prev.review_corrected END AS review_corrected_prev,
        CASE WHEN prev.lit_direct_total IS NOT NULL THEN cur.lit_direct_total END AS lit_direct_total,
            CASE WHEN cur.lit_direct_total IS NOT NULL THEN prev.lit_direct_total END AS lit_direct_total_prev,
        CASE WHEN prev.lit_after_review_total IS NOT NULL THEN cur.lit_after_review_total END AS lit_after_review_total,
            CASE WHEN cur.lit_after_review_total IS NOT NULL THEN prev.lit_after_review_total END AS lit_after_review_total_prev
    FROM per_report AS cur
    JOIN per_report AS prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
),

pair_sums AS (
    -- per group, year and single: Σ over matched pairs and how many there are (plain sums: the
    -- pairs hold NULL where a count is not matched)
    SELECT
        group_value,
        year,
        single,
        sum(new_received) AS new_received, sum(new_received_prev) AS new_received_prev, count(new_received_prev) AS new_received_n,
        sum(carried_over) AS carried_over, sum(carried_over_prev) AS carried_over_prev, count(carried_over_prev) AS carried_over_n,
        sum(total_processed) AS total_processed, sum(total_processed_prev) AS total_processed_prev, count(total_processed_prev) AS total_processed_n,
        sum(carried_forward) AS carried_forward, sum(carried_forward_prev) AS carried_forward_prev, count(carried_forward_prev) AS carried_forward_n,
        sum(granted) AS granted, sum(granted_prev) AS granted_prev, count(granted_prev) AS granted_n,
        sum(partial_grant) AS partial_grant, sum(partial_grant_prev) AS partial_grant_prev, count(partial_grant_prev) AS partial_grant_n,
        sum(denied_total) AS denied_total, sum(denied_total_prev) AS denied_total_prev, count(denied_total_prev) AS denied_total_n,
        sum(unavailable_total) AS unavailable_total, sum(unavailable_total_prev) AS unavailable_total_prev, count(unavailable_total_prev) AS unavailable_total_n,
        sum(not_processed_total) AS not_processed_total, sum(not_processed_total_prev) AS not_processed_total_prev, count(not_processed_total_prev) AS not_processed_total_n,
        sum(other_total) AS other_total, sum(other_total_prev) AS other_total_prev, count(other_total_prev) AS other_total_n,
        sum(new_natural_person) AS new_natural_person, sum(new_natural_person_prev) AS new_natural_person_prev, count(new_natural_person_prev) AS new_natural_person_n,
        sum(new_legal_person_subtotal) AS new_legal_person_subtotal, sum(new_legal_person_subtotal_prev) AS new_legal_person_subtotal_prev, count(new_legal_person_subtotal_prev) AS new_legal_person_subtotal_n,
        sum(proactive_count) AS proactive_count, sum(proactive_count_prev) AS proactive_count_prev, count(proactive_count_prev) AS proactive_count_n,
        sum(regulations_issued) AS regulations_issued, sum(regulations_issued_prev) AS regulations_issued_prev, count(regulations_issued_prev) AS regulations_issued_n,
        sum(regulations_repealed) AS regulations_repealed, sum(regulations_repealed_prev) AS regulations_repealed_prev, count(regulations_repealed_prev) AS regulations_repealed_n,
        sum(regulations_in_force) AS regulations_in_force, sum(regulations_in_force_prev) AS regulations_in_force_prev, count(regulations_in_force_prev) AS regulations_in_force_n,
        sum(normative_documents_issued) AS normative_documents_issued, sum(normative_documents_issued_prev) AS normative_documents_issued_prev, count(normative_documents_issued_prev) AS normative_documents_issued_n,
        sum(normative_documents_repealed) AS normative_documents_repealed, sum(normative_documents_repealed_prev) AS normative_documents_repealed_prev, count(normative_documents_repealed_prev) AS normative_documents_repealed_n,
        sum(normative_documents_in_force) AS normative_documents_in_force, sum(normative_documents_in_force_prev) AS normative_documents_in_force_prev, count(normative_documents_in_force_prev) AS normative_documents_in_force_n,
        sum(license_decisions) AS license_decisions, sum(license_decisions_prev) AS license_decisions_prev, count(license_decisions_prev) AS license_decisions_n,
        sum(penalty_decisions) AS penalty_decisions, sum(penalty_decisions_prev) AS penalty_decisions_prev, count(penalty_decisions_prev) AS penalty_decisions_n,
        sum(compulsion_decisions) AS compulsion_decisions, sum(compulsion_decisions_prev) AS compulsion_decisions_prev, count(compulsion_decisions_prev) AS compulsion_decisions_n,
        sum(fees_wan_yuan) AS fees_wan_yuan, sum(fees_wan_yuan_prev) AS fees_wan_yuan_prev, count(fees_wan_yuan_prev) AS fees_wan_yuan_n,
        sum(review_total) AS review_total, sum(review_total_prev) AS review_total_prev, count(review_total_prev) AS review_total_n,
        sum(review_corrected) AS review_corrected, sum(review_corrected_prev) AS review_corrected_prev, count(review_corrected_prev) AS review_corrected_n,
        sum(lit_direct_total) AS lit_direct_total, sum(lit_direct_total_prev) AS lit_direct_total_prev, count(lit_direct_total_prev) AS lit_direct_total_n,
        sum(lit_after_review_total) AS lit_after_review_total, sum(lit_after_review_total_prev) AS lit_after_review_total_prev, count(lit_after_review_total_prev) AS lit_after_review_total_n
    FROM pairs
    GROUP BY group_value, year, single
),

matched_sums AS (
    -- per group and year: Σ over all matched pairs, and the agencies matched among single pairs
    -- (a single pair is one agency; the others are counted in multi_matched)
    SELECT
        group_value,
        year,
        sum(new_received) AS new_received, sum(new_received_prev) AS new_received_prev,
            CAST(coalesce(sum(new_received_n) FILTER (WHERE single), 0) AS BIGINT) AS new_received_n,
        sum(carried_over) AS carried_over, sum(carried_over_prev) AS carried_over_prev,
            CAST(coalesce(sum(carried_over_n) FILTER (WHERE single), 0) AS BIGINT) AS carried_over_n,
        sum(total_processed) AS total_processed, sum(total_processed_prev) AS total_processed_prev,
            CAST(coalesce(sum(total_processed_n) FILTER (WHERE single), 0) AS BIGINT) AS total_processed_n,
        sum(carried_forward) AS carried_forward, sum(carried_forward_prev) AS carried_forward_prev,
            CAST(coalesce(sum(carried_forward_n) FILTER (WHERE single), 0) AS BIGINT) AS carried_forward_n,
        sum(granted) AS granted, sum(granted_prev) AS granted_prev,
            CAST(coalesce(sum(granted_n) FILTER (WHERE single), 0) AS BIGINT) AS granted_n,
        sum(partial_grant) AS partial_grant, sum(partial_grant_prev) AS partial_grant_prev,
            CAST(coalesce(sum(partial_grant_n) FILTER (WHERE single), 0) AS BIGINT) AS partial_grant_n,
        sum(denied_total) AS denied_total, sum(denied_total_prev) AS denied_total_prev,
            CAST(coalesce(sum(denied_total_n) FILTER (WHERE single), 0) AS BIGINT) AS denied_total_n,
        sum(unavailable_total) AS unavailable_total, sum(unavailable_total_prev) AS unavailable_total_prev,
            CAST(coalesce(sum(unavailable_total_n) FILTER (WHERE single), 0) AS BIGINT) AS unavailable_total_n,
        sum(not_processed_total) AS not_processed_total, sum(not_processed_total_prev) AS not_processed_total_prev,
            CAST(coalesce(sum(not_processed_total_n) FILTER (WHERE single), 0) AS BIGINT) AS not_processed_total_n,
        sum(other_total) AS other_total, sum(other_total_prev) AS other_total_prev,
            CAST(coalesce(sum(other_total_n) FILTER (WHERE single), 0) AS BIGINT) AS other_total_n,
        sum(new_natural_person) AS new_natural_person, sum(new_natural_person_prev) AS new_natural_person_prev,
            CAST(coalesce(sum(new_natural_person_n) FILTER (WHERE single), 0) AS BIGINT) AS new_natural_person_n,
        sum(new_legal_person_subtotal) AS new_legal_person_subtotal, sum(new_legal_person_subtotal_prev) AS new_legal_person_subtotal_prev,
            CAST(coalesce(sum(new_legal_person_subtotal_n) FILTER (WHERE single), 0) AS BIGINT) AS new_legal_person_subtotal_n,
        sum(proactive_count) AS proactive_count, sum(proactive_count_prev) AS proactive_count_prev,
            CAST(coalesce(sum(proactive_count_n) FILTER (WHERE single), 0) AS BIGINT) AS proactive_count_n,
        sum(regulations_issued) AS regulations_issued, sum(regulations_issued_prev) AS regulations_issued_prev,
            CAST(coalesce(sum(regulations_issued_n) FILTER (WHERE single), 0) AS BIGINT) AS regulations_issued_n,
        sum(regulations_repealed) AS regulations_repealed, sum(regulations_repealed_prev) AS regulations_repealed_prev,
            CAST(coalesce(sum(regulations_repealed_n) FILTER (WHERE single), 0) AS BIGINT) AS regulations_repealed_n,
        sum(regulations_in_force) AS regulations_in_force, sum(regulations_in_force_prev) AS regulations_in_force_prev,
            CAST(coalesce(sum(regulations_in_force_n) FILTER (WHERE single), 0) AS BIGINT) AS regulations_in_force_n,
        sum(normative_documents_issued) AS normative_documents_issued, sum(normative_documents_issued_prev) AS normative_documents_issued_prev,
            CAST(coalesce(sum(normative_documents_issued_n) FILTER (WHERE single), 0) AS BIGINT) AS normative_documents_issued_n,
        sum(normative_documents_repealed) AS normative_documents_repealed, sum(normative_documents_repealed_prev) AS normative_documents_repealed_prev,
            CAST(coalesce(sum(normative_documents_repealed_n) FILTER (WHERE single), 0) AS BIGINT) AS normative_documents_repealed_n,
        sum(normative_documents_in_force) AS normative_documents_in_force, sum(normative_documents_in_force_prev) AS normative_documents_in_force_prev,
            CAST(coalesce(sum(normative_documents_in_force_n) FILTER (WHERE single), 0) AS BIGINT) AS normative_documents_in_force_n,
        sum(license_decisions) AS license_decisions, sum(license_decisions_prev) AS license_decisions_prev,
            CAST(coalesce(sum(license_decisions_n) FILTER (WHERE single), 0) AS BIGINT) AS license_decisions_n,
        sum(penalty_decisions) AS penalty_decisions, sum(penalty_decisions_prev) AS penalty_decisions_prev,
            CAST(coalesce(sum(penalty_decisions_n) FILTER (WHERE single), 0) AS BIGINT) AS penalty_decisions_n,
        sum(compulsion_decisions) AS compulsion_decisions, sum(compulsion_decisions_prev) AS compulsion_decisions_prev,
            CAST(coalesce(sum(compulsion_decisions_n) FILTER (WHERE single), 0) AS BIGINT) AS compulsion_decisions_n,
        sum(fees_wan_yuan) AS fees_wan_yuan, sum(fees_wan_yuan_prev) AS fees_wan_yuan_prev,
            CAST(coalesce(sum(fees_wan_yuan_n) FILTER (WHERE single), 0) AS BIGINT) AS fees_wan_yuan_n,
        sum(review_total) AS review_total, sum(review_total_prev) AS review_total_prev,
            CAST(coalesce(sum(review_total_n) FILTER (WHERE single), 0) AS BIGINT) AS review_total_n,
        sum(review_corrected) AS review_corrected, sum(review_corrected_prev) AS review_corrected_prev,
            CAST(coalesce(sum(review_corrected_n) FILTER (WHERE single), 0) AS BIGINT) AS review_corrected_n,
        sum(lit_direct_total) AS lit_direct_total, sum(lit_direct_total_prev) AS lit_direct_total_prev,
            CAST(coalesce(sum(lit_direct_total_n) FILTER (WHERE single), 0) AS BIGINT) AS lit_direct_total_n,
        sum(lit_after_review_total) AS lit_after_review_total, sum(lit_after_review_total_prev) AS lit_after_review_total_prev,
            CAST(coalesce(sum(lit_after_review_total_n) FILTER (WHERE single), 0) AS BIGINT) AS lit_after_review_total_n
    FROM pair_sums
    GROUP BY group_value, year
),

multi_matched AS (
    -- agencies with more than one current report in Y or Y−1 (rare): counted once per group, year
    -- and measure however many pairs they have
    SELECT group_value, year, measure, count(DISTINCT agency_id) AS agencies_count
    FROM (
        UNPIVOT (SELECT * FROM pairs WHERE NOT single)
        ON new_received_prev AS new_received,
        carried_over_prev AS carried_over,
        total_processed_prev AS total_processed,
        carried_forward_prev AS carried_forward,
        granted_prev AS granted,
        partial_grant_prev AS partial_grant,
        denied_total_prev AS denied_total,
        unavailable_total_prev AS unavailable_total,
        not_processed_total_prev AS not_processed_total,
        other_total_prev AS other_total,
        new_natural_person_prev AS new_natural_person,
        new_legal_person_subtotal_prev AS new_legal_person_subtotal,
        proactive_count_prev AS proactive_count,
        regulations_issued_prev AS regulations_issued,
        regulations_repealed_prev AS regulations_repealed,
        regulations_in_force_prev AS regulations_in_force,
        normative_documents_issued_prev AS normative_documents_issued,
        normative_documents_repealed_prev AS normative_documents_repealed,
        normative_documents_in_force_prev AS normative_documents_in_force,
        license_decisions_prev AS license_decisions,
        penalty_decisions_prev AS penalty_decisions,
        compulsion_decisions_prev AS compulsion_decisions,
        fees_wan_yuan_prev AS fees_wan_yuan,
        review_total_prev AS review_total,
        review_corrected_prev AS review_corrected,
        lit_direct_total_prev AS lit_direct_total,
        lit_after_review_total_prev AS lit_after_review_total
        INTO NAME measure VALUE prev_value
    )
    GROUP BY group_value, year, measure
),

sums AS (
    -- one row per group, year and measure with at least one value (as the long form gives)
    SELECT group_value, year, measure, value, reports_count
    FROM (
        UNPIVOT group_sums
        ON (new_received, new_received_n) AS new_received,
        (carried_over, carried_over_n) AS carried_over,
        (total_processed, total_processed_n) AS total_processed,
        (carried_forward, carried_forward_n) AS carried_forward,
        (granted, granted_n) AS granted,
        (partial_grant, partial_grant_n) AS partial_grant,
        (denied_total, denied_total_n) AS denied_total,
        (unavailable_total, unavailable_total_n) AS unavailable_total,
        (not_processed_total, not_processed_total_n) AS not_processed_total,
        (other_total, other_total_n) AS other_total,
        (new_natural_person, new_natural_person_n) AS new_natural_person,
        (new_legal_person_subtotal, new_legal_person_subtotal_n) AS new_legal_person_subtotal,
        (proactive_count, proactive_count_n) AS proactive_count,
        (regulations_issued, regulations_issued_n) AS regulations_issued,
        (regulations_repealed, regulations_repealed_n) AS regulations_repealed,
        (regulations_in_force, regulations_in_force_n) AS regulations_in_force,
        (normative_documents_issued, normative_documents_issued_n) AS normative_documents_issued,
        (normative_documents_repealed, normative_documents_repealed_n) AS normative_documents_repealed,
        (normative_documents_in_force, normative_documents_in_force_n) AS normative_documents_in_force,
        (license_decisions, license_decisions_n) AS license_decisions,
        (penalty_decisions, penalty_decisions_n) AS penalty_decisions,
        (compulsion_decisions, compulsion_decisions_n) AS compulsion_decisions,
        (fees_wan_yuan, fees_wan_yuan_n) AS fees_wan_yuan,
        (review_total, review_total_n) AS review_total,
        (review_corrected, review_corrected_n) AS review_corrected,
        (lit_direct_total, lit_direct_total_n) AS lit_direct_total,
        (lit_after_review_total, lit_after_review_total_n) AS lit_after_review_total
        INTO NAME measure VALUE value, reports_count
    )
    WHERE reports_count > 0 AND ($measure IS NULL OR measure = $measure)
),

matched AS (
    SELECT
        u.group_value, u.year, u.measure,
        u.single_agencies_count + coalesce(x.agencies_count, 0) AS matched_agencies_count,
        u.matched_value, u.matched_prev_value
    FROM (
        UNPIVOT matched_sums
        ON (new_received, new_received_prev, new_received_n) AS new_received,
        (carried_over, carried_over_prev, carried_over_n) AS carried_over,
        (total_processed, total_processed_prev, total_processed_n) AS total_processed,
        (carried_forward, carried_forward_prev, carried_forward_n) AS carried_forward,
        (granted, granted_prev, granted_n) AS granted,
        (partial_grant, partial_grant_prev, partial_grant_n) AS partial_grant,
        (denied_total, denied_total_prev, denied_total_n) AS denied_total,
        (unavailable_total, unavailable_total_prev, unavailable_total_n) AS unavailable_total,
        (not_processed_total, not_processed_total_prev, not_processed_total_n) AS not_processed_total,
        (other_total, other_total_prev, other_total_n) AS other_total,
        (new_natural_person, new_natural_person_prev, new_natural_person_n) AS new_natural_person,
        (new_legal_person_subtotal, new_legal_person_subtotal_prev, new_legal_person_subtotal_n) AS new_legal_person_subtotal,
        (proactive_count, proactive_count_prev, proactive_count_n) AS proactive_count,
        (regulations_issued, regulations_issued_prev, regulations_issued_n) AS regulations_issued,
        (regulations_repealed, regulations_repealed_prev, regulations_repealed_n) AS regulations_repealed,
        (regulations_in_force, regulations_in_force_prev, regulations_in_force_n) AS regulations_in_force,
        (normative_documents_issued, normative_documents_issued_prev, normative_documents_issued_n) AS normative_documents_issued,
        (normative_documents_repealed, normative_documents_repealed_prev, normative_documents_repealed_n) AS normative_documents_repealed,
        (normative_documents_in_force, normative_documents_in_force_prev, normative_documents_in_force_n) AS normative_documents_in_force,
        (license_decisions, license_decisions_prev, license_decisions_n) AS license_decisions,
        (penalty_decisions, penalty_decisions_prev, penalty_decisions_n) AS penalty_decisions,
        (compulsion_decisions, compulsion_decisions_prev, compulsion_decisions_n) AS compulsion_decisions,
        (fees_wan_yuan, fees_wan_yuan_prev, fees_wan_yuan_n) AS fees_wan_yuan,
        (review_total, review_total_prev, review_total_n) AS review_total,
        (review_corrected, review_corrected_prev, review_corrected_n) AS review_corrected,
        (lit_direct_total, lit_direct_total_prev, lit_direct_total_n) AS lit_direct_total,
        (lit_after_review_total, lit_after_review_total_prev, lit_after_review_total_n) AS lit_after_review_total
        INTO NAME measure VALUE matched_value, matched_prev_value, single_agencies_count
    ) AS u
    LEFT JOIN multi_matched AS x
        ON x.group_value IS NOT DISTINCT FROM u.group_value AND x.year = u.year AND x.measure = u.measure
),

measures AS (
    -- the table each measure comes from (report_counts.source_table)
    SELECT * FROM (VALUES ('new_received', 't3'), ('carried_over', 't3'), ('total_processed', 't3'), ('carried_forward', 't3'), ('granted', 't3'), ('partial_grant', 't3'), ('denied_total', 't3'), ('unavailable_total', 't3'), ('not_processed_total', 't3'), ('other_total', 't3'), ('new_natural_person', 't3'), ('new_legal_person_subtotal', 't3'),
        ('proactive_count', 't2'), ('regulations_issued', 't2'), ('regulations_repealed', 't2'), ('regulations_in_force', 't2'), ('normative_documents_issued', 't2'), ('normative_documents_repealed', 't2'), ('normative_documents_in_force', 't2'), ('license_decisions', 't2'), ('penalty_decisions', 't2'), ('compulsion_decisions', 't2'), ('fees_wan_yuan', 't2'),
        ('review_total', 't4'), ('review_corrected', 't4'), ('lit_direct_total', 't4'), ('lit_after_review_total', 't4')) AS m (measure, source_table)
)

SELECT
    $group_by AS group_by,
    cur.group_value,
    cur.year,
    ms.source_table,
    cur.measure,
    cur.value,
    cur.reports_count,
    prev.value AS prev_value,
    prev.reports_count AS prev_reports_count,
    cur.value - prev.value AS change,
    (cur.value - prev.value) / nullif(prev.value, 0) AS change_pct,
    coalesce(m.matched_agencies_count, 0) AS matched_agencies_count,
    m.matched_value,
    m.matched_prev_value,
    (m.matched_value - m.matched_prev_value) / nullif(m.matched_prev_value, 0) AS matched_change_pct
FROM sums AS cur
JOIN measures AS ms ON ms.measure = cur.measure
LEFT JOIN sums AS prev
    ON prev.group_value IS NOT DISTINCT FROM cur.group_value
   AND prev.year = cur.year - 1
   AND prev.measure = cur.measure
LEFT JOIN matched AS m
    ON m.group_value IS NOT DISTINCT FROM cur.group_value
   AND m.year = cur.year
   AND m.measure = cur.measure
WHERE ($year_from IS NULL OR cur.year >= $year_from)
  AND ($year_to IS NULL OR cur.year <= $year_to)
ORDER BY cur.year, cur.group_value, ms.source_table, cur.measure
