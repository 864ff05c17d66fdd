"""The agency page (`/agency?agency_id=N`): region/level/sector, every year's current report with
its checks, figures over time, cross-year chains, every version; and the links that lead to it
from the other pages (region → agency → report)."""
from __future__ import annotations

import json

from tests.app.test_pages import metric, run_page


def _frame(app, column: str):
    return next(d.value for d in app.dataframe if column in d.value.columns)


def test_the_agency_page_opens_the_agency_named_in_the_url(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id))
    assert app.selectbox(key="agency_id").value == pingtan_agency_id
    assert "平潭综合实验区" in app.subheader[0].value
    assert metric(app, "层级") == "县级"
    assert metric(app, "报告范围") == "本行政区汇总"
    assert str(app.query_params.get("agency_id")) in (str(pingtan_agency_id), f"['{pingtan_agency_id}']")


def test_the_agency_page_lists_every_year_with_links_status_and_versions(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id))
    years = _frame(app, "version_count")
    assert list(years["year"]) == [2015, 2019, 2021, 2022, 2025]
    assert all(link.startswith("report?report=") for link in years["open"])
    assert set(years["status"]) <= {"完整解析", "部分解析"}
    assert years.loc[years["year"] == 2022, "version_count"].item() == 3
    versions = _frame(app, "superseded_by")
    assert len(versions) == 8 and versions["is_current"].sum() == 5


def test_the_agency_page_draws_its_figures_and_chains(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id))
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    assert len(charts) == 4
    grant = next(c for c in charts if c["layout"]["yaxis"].get("tickformat") == ".0%")
    names = [t.get("name") for t in grant["data"]]
    assert names[0] == "予以公开率" and "样本过少（n < 30）" in names   # 2019: 23 processed
    chains = _frame(app, "prev_report_id")
    assert set(chains["check_id"]) <= {"跨年度结转（本年上年结转 = 上年结转下年）",     # X.carry, X.stock
                                       "跨年度现行有效件数（本年 = 上年 + 本年制发 − 本年废止）"} and len(chains) > 0
    assert "自然人" in set(chains["scope"])               # applicant keys are labelled


def test_the_agency_page_in_english(app, pingtan_agency_id):
    run_page(app, "agency", agency_id=str(pingtan_agency_id), lang="en")
    assert app.title[0].value == "Agency"
    assert metric(app, "Level") == "County"


def test_an_unknown_agency_id_says_so(app):
    run_page(app, "agency", agency_id="999999")
    assert app.warning and "999999" in app.warning[0].value


def test_source_lists_quality_and_compare_tables_link_to_the_agency_page(app):
    run_page(app, "quality")
    grid = _frame(app, "agency_link")
    # the quality list includes reports whose agency is unknown (#id, issue #14): they have no agency page
    known = grid[~grid["agency_name"].str.startswith("#")]
    assert known["agency_link"].str.match(r"agency\?agency_id=\d+$").all()
    assert grid.loc[grid["agency_name"].str.startswith("#"), "agency_link"].isna().all()
    app2 = app.__class__.from_file(app._script_path, default_timeout=60)
    run_page(app2, "compare", min_n="10")
    ranked = _frame(app2, "rank")
    assert ranked["agency_link"].str.match(r"agency\?agency_id=\d+$").all()
    assert ranked["open"].str.match(r"report\?report=\d+$").all()


def test_the_overview_sources_link_to_agency_and_report(app):
    run_page(app, "overview", lang="en")
    sources = _frame(app, "agency_link")
    assert sources["agency_link"].dropna().str.endswith("&lang=en").all()
    assert sources["open"].str.startswith("report?report=").all()
