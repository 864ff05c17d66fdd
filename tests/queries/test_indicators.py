"""Indicators on the bundled reports, checked against figures computed by hand from the reports
themselves (/work/shared/corpus/expected/*.json holds the printed figures quoted below)."""
from __future__ import annotations

import math

import pytest

from gongkai import catalog, model, runner

PINGTAN = "平潭综合实验区"          # a district aggregate (scope jurisdiction_aggregate)
SHUYANG_NDRC = "沭阳县发展和改革局"   # an agency
Z95 = 1.959963984540054


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def one(frame, **match):
    rows = frame
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, f"expected one row for {match}, got {len(rows)}"
    return rows.iloc[0]


def run(con, name, **params):
    return runner.run_query(name, params, con=con)


# --- every query runs ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", catalog.list_queries(), ids=lambda q: q.name)
def test_every_query_runs_on_the_bundled_warehouse_and_returns_its_header_columns(con, query):
    frame = runner.run_query(query.name, con=con)
    assert list(frame.columns) == query.columns


@pytest.mark.parametrize("group_by", model.GROUPINGS)
def test_every_grouping_runs_for_every_rollup(con, group_by):
    for query in catalog.list_queries("indicators"):
        if "group_by" in query.params:
            frame = runner.run_query(query.name, {"group_by": group_by, "scope": "all"}, con=con)
            assert list(frame.columns) == query.columns
            assert (frame["group_by"] == group_by).all()


@pytest.mark.parametrize("query", catalog.list_queries("checks"), ids=lambda q: q.name)
def test_data_checks_find_nothing_wrong_in_the_bundled_reports(con, query):
    assert runner.run_query(query.name, con=con).empty


# --- applications --------------------------------------------------------------------------------

def test_pingtan_application_flows_2021_and_2022(con):
    frame = run(con, "applications_by_group", group_by="agency", scope="all", agency=PINGTAN)
    y2022 = one(frame, year=2022)
    assert (y2022.new_received, y2022.carried_over, y2022.total_processed, y2022.carried_forward) \
        == (74, 1, 75, 0)
    y2021 = one(frame, year=2021)
    assert (y2021.new_received, y2021.total_processed, y2021.carried_forward) == (70, 69, 1)
    assert y2021.reports_count == 1                     # the current version only, never the copies


def test_rollups_leave_out_aggregates_unless_asked(con):
    default = run(con, "applications_by_group", group_by="agency")
    assert PINGTAN not in set(default.group_value)      # jurisdiction_aggregate: not a component
    assert one(default, group_value=SHUYANG_NDRC).new_received == 26
    only_aggregates = run(con, "applications_by_group", group_by="agency",
                          scope="jurisdiction_aggregate")
    assert PINGTAN in set(only_aggregates.group_value)


def test_applicant_mix_of_shuyang_ndrc_2023(con):
    row = one(run(con, "applications_by_group", group_by="agency", agency=SHUYANG_NDRC), year=2023)
    parts = [row.new_natural_person, row.new_commercial_enterprise, row.new_research_institution,
             row.new_social_welfare_org, row.new_legal_service_org, row.new_other_org]
    assert sum(parts) == 26
    assert row.natural_person_share == pytest.approx(row.new_natural_person / 26)


# --- outcome rates -------------------------------------------------------------------------------

def test_shuyang_ndrc_2023_granted_all_26_with_wilson_interval(con):
    frame = run(con, "outcome_rates_by_group", group_by="agency", agency=SHUYANG_NDRC,
                outcome="granted")
    row = one(frame, year=2023)
    assert (row.outcome_count, row.base_count, row.rate) == (26, 26, 1.0)
    lo, hi = wilson(26, 26)
    assert row.rate_lo == pytest.approx(lo) and row.rate_hi == pytest.approx(hi)
    assert lo == pytest.approx(0.8713, abs=1e-4)
    assert not row.is_ranked and "below min_n 30" in row.excluded_reason


def test_pingtan_2022_outcome_rates(con):
    frame = run(con, "outcome_rates_by_group", group_by="agency", scope="all", agency=PINGTAN,
                year_from=2022, year_to=2022)
    rates = {r.outcome: (r.outcome_count, r.base_count) for r in frame.itertuples()}
    # printed: granted 21, partial 9, denied 1+2+1, not held 37, other 2+2, processed 75, new 74 + 1
    assert rates["granted"] == (21, 75)
    assert rates["partial_grant"] == (9, 75)
    assert rates["substantive"] == (30, 75)
    assert rates["denied_total"] == (4, 75)
    assert rates["unavailable_total"] == (37, 75)
    assert rates["unavailable_not_held_share"] == (37, 37)
    assert rates["not_processed_total"] == (0, 75)
    assert rates["other_total"] == (4, 75)
    assert rates["other_misc"] == (2, 75)
    assert rates["backlog"] == (0, 75)
    granted = one(frame, outcome="granted")
    assert granted.rate == pytest.approx(0.28)
    assert (granted.rate_lo, granted.rate_hi) == pytest.approx(wilson(21, 75))
    assert granted.is_ranked and granted.rate_rank == 1   # 75 ≥ min_n 30


def test_min_n_decides_who_is_ranked(con):
    frame = run(con, "outcome_rates_by_group", group_by="agency", scope="all", outcome="granted",
                min_n=100)
    ranked = frame[frame.is_ranked]
    assert set(ranked.group_value) == {PINGTAN, "沐阳县人民政府"}   # 2025: 148 and 718 processed
    assert frame[~frame.is_ranked].excluded_reason.notna().all()


def test_v2019_other_total_is_used_and_v2021_detail_rows_are_not_invented(con):
    frame = run(con, "outcome_rates_by_group", group_by="agency", scope="all", agency=PINGTAN,
                year_from=2019, year_to=2019)
    outcomes = set(frame.outcome)
    assert "other_total" in outcomes and "other_misc" not in outcomes
    assert one(frame, outcome="substantive").outcome_count == 8        # 7 granted + 1 partial


def test_funnel_limits_surround_the_pooled_rate(con):
    frame = run(con, "funnel_outcome_rate", group_by="agency", scope="all", outcome="granted")
    pooled = frame.outcome_count.sum() / frame.base_count.sum()
    assert frame.pooled_rate.iloc[0] == pytest.approx(pooled)
    row = one(frame, group_value=SHUYANG_NDRC)
    se = math.sqrt(pooled * (1 - pooled) / 26)
    assert row.limit95_hi == pytest.approx(min(pooled + Z95 * se, 1))
    assert row.limit998_lo == pytest.approx(max(pooled - 3.090232306167813 * se, 0))
    assert row.position == "above_998"                  # 26 of 26 granted against ~35% overall


# --- proactive disclosure -----------------------------------------------------------------------

def test_pingtan_2022_table_2_and_narrative_count(con):
    row = one(run(con, "proactive_disclosure_by_group", group_by="agency", scope="all",
                  agency=PINGTAN), year=2022)
    assert row.proactive_count == 14571
    assert (row.normative_documents_issued, row.normative_documents_repealed,
            row.normative_documents_in_force) == (88, 55, 698)
    assert (row.license_decisions, row.penalty_decisions, row.compulsion_decisions) == (10690, 2113, 0)
    assert row.fees_wan_yuan == pytest.approx(9116.36)


def test_v2019_table_2_keeps_decisions_and_drops_incomparable_columns(con):
    row = one(run(con, "proactive_disclosure_by_group", group_by="agency", scope="all",
                  agency=PINGTAN), year=2019)
    assert (row.license_decisions, row.penalty_decisions, row.compulsion_decisions) == (181, 430, 25)
    assert math.isnan(row.regulations_issued) and math.isnan(row.fees_wan_yuan)
    assert row.v2021_reports_count == 0


# --- review and litigation ------------------------------------------------------------------------

def test_pingtan_review_and_litigation(con):
    frame = run(con, "review_litigation_by_group", group_by="agency", scope="all", agency=PINGTAN)
    y2022 = one(frame, year=2022)   # review 2 (1 corrected, 1 other); direct litigation 1 (upheld)
    assert (y2022.review_total, y2022.review_corrected, y2022.review_concluded) == (2, 1, 2)
    assert y2022.review_correction_rate == pytest.approx(0.5)
    assert y2022.litigation_correction_rate == 0
    assert y2022.disputes_per_100_applications == pytest.approx(100 * 3 / 74)
    y2025 = one(frame, year=2025)   # review 36 (3 corrected); litigation 6 direct (3 corrected) + 3
    assert y2025.review_correction_rate == pytest.approx(3 / 36)
    assert y2025.litigation_correction_rate == pytest.approx(3 / 9)
    assert (y2025.review_rate_lo, y2025.review_rate_hi) == pytest.approx(wilson(3, 36))


def test_pending_only_review_has_no_correction_rate(con):
    row = one(run(con, "review_litigation_by_group", group_by="agency", agency=SHUYANG_NDRC), year=2023)
    assert (row.review_total, row.review_pending, row.review_concluded) == (1, 1, 0)
    assert math.isnan(row.review_correction_rate)
    assert row.disputes_per_100_applications == pytest.approx(100 / 26)


# --- data quality ---------------------------------------------------------------------------------

def test_pingtan_carry_chain_2021_to_2022_holds(con):
    frame = run(con, "cross_year_chains_by_agency_year", agency=PINGTAN, check_id="X.carry")
    total = one(frame, year=2022, scope="total")
    assert (total.expected_value, total.value, total.status) == (1, 1, "holds")
    assert set(frame[frame.year == 2022].status) == {"holds"}
    # 2019 and 2025 have no current report for the year before
    assert set(frame[frame.year.isin([2019, 2025])].status) == {"no_previous_report"}


def test_in_force_stock_chain_uses_v2021_years_only(con):
    frame = run(con, "cross_year_chains_by_agency_year", agency=PINGTAN, check_id="X.stock")
    regs = one(frame, year=2022, scope="regulations")
    assert (regs.expected_value, regs.value, regs.status) == (0, 0, "holds")
    # 2021's normative-document cells were run together in the page text (ambiguous → NULL)
    assert one(frame, year=2022, scope="normative_documents").status == "missing_value"


def test_identity_failure_shares_count_only_checked_reports(con):
    frame = run(con, "identity_failure_rates_by_group", group_by="agency", scope="all", agency=PINGTAN)
    assert (frame.reports_failed == 0).all()
    carry = one(frame, year=2022, check_id="X.carry")
    assert (carry.reports_checked, carry.fail_share) == (1, 0)
    assert one(frame, year=2025, check_id="X.carry").reports_checked == 0
    balance = one(frame, year=2022, check_id="T3.balance")
    assert (balance.reports_checked, balance.severity) == (1, "H")


# --- timeliness and copying ------------------------------------------------------------------------

def test_publication_deadlines_follow_scope_and_level(con):
    frame = run(con, "publication_timeliness_by_report")
    late = one(frame, agency_name=PINGTAN, year=2025)       # county aggregate: due 20 Feb 2026
    assert (str(late.deadline_on.date()), str(late.published_on.date()), late.days_late, late.is_late) \
        == ("2026-02-20", "2026-03-10", 18, True)
    on_time = one(frame, agency_name="遂宁市安居区商务局", year=2022)   # agency: due 31 Jan 2023
    assert (str(on_time.deadline_on.date()), on_time.days_late, on_time.is_late) == ("2023-01-31", -19, False)
    old = one(frame, agency_name=PINGTAN, year=2015)       # old 条例: 31 March for everyone
    assert str(old.deadline_on.date()) == "2016-03-31"


def test_late_share_by_group(con):
    frame = run(con, "late_publication_rate_by_group", group_by="agency", scope="all", agency=PINGTAN)
    assert (one(frame, year=2025).late_count, one(frame, year=2025).dated_count) == (1, 1)
    assert one(frame, year=2022).late_share == 0        # published 2023-02-20, the last allowed day


def test_narrative_similarity_is_the_jaccard_of_character_trigrams(con):
    frame = run(con, "narrative_similarity_by_agency_year", agency=PINGTAN)
    row = one(frame, year=2022)
    texts = runner.run_query("report_narratives", con=con).set_index("report_id").narrative
    grams = [{t[i:i + 3] for i in range(len(t) - 2)} for t in (texts[row.report_id], texts[row.prev_report_id])]
    expected = len(grams[0] & grams[1]) / len(grams[0] | grams[1])
    assert row.similarity == pytest.approx(expected)
    assert row.shared_trigrams == len(grams[0] & grams[1])
    assert not row.is_copied


# --- year over year ---------------------------------------------------------------------------------

def test_year_over_year_change_of_new_applications(con):
    frame = run(con, "yoy_change_by_group", group_by="agency", scope="all", agency=PINGTAN,
                measure="new_received")
    row = one(frame, year=2022)
    assert (row.value, row.prev_value, row.change) == (74, 70, 4)
    assert row.change_pct == pytest.approx(4 / 70)
    assert (row.matched_agencies_count, row.matched_value, row.matched_prev_value) == (1, 74, 70)
    assert math.isnan(one(frame, year=2025).prev_value)     # no 2024 report


def test_year_filter_keeps_the_previous_year_for_comparison(con):
    frame = run(con, "yoy_change_by_group", group_by="agency", scope="all", agency=PINGTAN,
                measure="license_decisions", year_from=2022)
    row = one(frame, year=2022)
    assert (row.value, row.prev_value) == (10690, 2293)
    assert set(frame.year) == {2022, 2025}
