"""From a chart to the reports behind a point (issue #14, "Every figure traceable"): a click on a
point lists its reports, each opening its 报告 page with the filters kept. The listing is checked
with AppTest on a selection event like the one Streamlit returns; the click itself in Chromium."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from test_browser import _need_browser


def _listing(point: dict, drill: str, province=None) -> AppTest:
    """A script that sets the sidebar's filters (province) and draws the listing under a chart
    whose selection holds `point`."""
    def script(point, drill, province):
        from gongkai.dashboard import state, widgets
        state.set_filters(state.Filters(province=province))
        if drill == "year":
            how = widgets.year_of_point
        else:           # as on the agency page: the agency's reports of that year, every scope
            how = lambda p: {**widgets.year_of_point(p), "scope": "all",   # noqa: E731
                             "agency_id": int(p["customdata"][2])}
        widgets.point_reports({"selection": {"points": [point]}}, how, key="t")

    return AppTest.from_function(script, args=(point, drill, province), default_timeout=60).run()


def _open_links(at: AppTest) -> list[str]:
    frame = next(d.value for d in at.dataframe if "open" in d.value.columns)
    return list(frame["open"])


def test_a_year_point_lists_that_years_reports_in_view_with_the_filters_in_each_link(app_db):
    at = _listing({"x": 2023, "y": 5, "curve_number": 0, "point_index": 0}, "year", province="江苏省")
    assert not at.exception
    heading = " ".join(m.value for m in at.markdown)
    assert "所选数据点背后的报告" in heading and "2023年" in heading
    links = _open_links(at)
    assert links and all(link.startswith("report?report=") and "province=" in link for link in links)
    frame = next(d.value for d in at.dataframe if "open" in d.value.columns)
    assert set(frame["年度"] if "年度" in frame.columns else frame["year"]) == {2023}


def test_an_agency_point_lists_only_that_agencys_reports(app_db, pingtan_agency_id):
    at = _listing({"x": 2022, "customdata": [0, 0, pingtan_agency_id]}, "agency")
    assert not at.exception
    frame = next(d.value for d in at.dataframe if "open" in d.value.columns)
    names = frame["机构名称"] if "机构名称" in frame.columns else frame["agency_name"]
    assert set(names) == {"平潭综合实验区"} and len(frame) == 1


def test_no_point_selected_invites_a_click_and_lists_nothing(app_db):
    at = _listing({"x": "not a year"}, "year")
    assert not at.exception and not at.dataframe
    assert any("点击图中的数据点" in c.value for c in at.caption)


def test_clicking_a_point_in_the_browser_lists_its_reports(app_db):
    _need_browser()
    from playwright.sync_api import sync_playwright
    from test_browser import BROWSER_ARGS, CHROMIUM, _serving

    with _serving(app_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(f"{url}/applications?province=江苏省")
        page.get_by_text("点击图中的数据点").first.wait_for(timeout=60_000)
        page.locator(".js-plotly-plot .scatterlayer path.point").first.click(force=True)
        listed = page.get_by_text("所选数据点背后的报告").first
        listed.wait_for(timeout=30_000)
        assert "2023年，共 1 份" in listed.inner_text()     # 江苏省 holds one report, of 2023
        assert "province=" in page.url                      # the filters stay
        browser.close()
