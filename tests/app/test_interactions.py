"""Page widgets bound to the URL (issue #14): every pick sticks (no snap-back to the previous value),
every page widget is in the URL and a fresh session opened on that URL shows the same, and the
drill-down links carry the filters. AppTest sends the URL the previous run left with every rerun,
as a browser does (tests/app/test_browser.py drives the same in Chromium)."""
from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from tests.app.test_pages import rerun, run_page


def _ids(widget, last: bool) -> list[int]:
    """The ids behind a picker's labels ("name #12" on the agency page, "#12 name 2022" on the report page)."""
    return [int(re.findall(r"#(\d+)", label)[-1 if last else 0]) for label in widget.options]


def _url(app, key: str):
    value = app.query_params.get(key)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _fresh(app):
    return app.__class__.from_file(app._script_path, default_timeout=60)


def open_url(app, page: str, query: dict):
    """A new session opened on `/<page>?<query>` (a copied link pasted into a new tab)."""
    for key, value in query.items():
        app.query_params[key] = value
    app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize("page,key,last", [("agency", "agency_id", True), ("report", "report", False)])
def test_five_successive_picks_each_show_the_picked_item(app, page, key, last):
    run_page(app, page)
    first = app.selectbox(key=key).value
    picks = [i for i in _ids(app.selectbox(key=key), last) if i != first][:5]
    assert len(picks) == 5
    for pick in picks:
        app.selectbox(key=key).set_value(pick)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        assert app.selectbox(key=key).value == pick, f"picked {pick}, shown {app.selectbox(key=key).value}"
        assert _url(app, key) == str(pick)
        assert f"#{pick}" in app.selectbox(key=key).options[app.selectbox(key=key).index]


def test_five_successive_minimum_n_changes_each_stick(app):
    run_page(app, "compare")
    for n in (40, 50, 10, 70, 20):
        app.number_input(key="cmp_min_n").set_value(n)
        app.run()
        assert app.number_input(key="cmp_min_n").value == n
        assert _url(app, "min_n") == str(n)
        assert any(f"{n}" in i.value for i in app.info)
    app.number_input(key="cmp_min_n").set_value(30)           # the default leaves the URL
    app.run()
    assert app.number_input(key="cmp_min_n").value == 30 and "min_n" not in app.query_params


def test_a_link_arriving_in_the_same_session_wins_over_the_last_pick(app):
    """The URL changes outside the widget (back button, st.switch_page, st.page_link): shown."""
    run_page(app, "agency")
    ids = _ids(app.selectbox(key="agency_id"), last=True)
    app.selectbox(key="agency_id").set_value(ids[1])
    app.run()
    app.query_params["agency_id"] = str(ids[3])
    app.run()
    assert app.selectbox(key="agency_id").value == ids[3]
    app.selectbox(key="agency_id").set_value(ids[2])             # and the next pick still sticks
    app.run()
    assert app.selectbox(key="agency_id").value == ids[2] and _url(app, "agency_id") == str(ids[2])


def test_the_compare_outcome_and_minimum_n_are_in_the_url_and_restored(app):
    run_page(app, "compare")
    app.selectbox(key="cmp_outcome").set_value("granted")
    app.number_input(key="cmp_min_n").set_value(10)
    app.run()
    assert _url(app, "outcome") == "granted" and _url(app, "min_n") == "10"
    title = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    fresh = open_url(_fresh(app), "compare", dict(app.query_params))
    assert fresh.selectbox(key="cmp_outcome").value == "granted"
    assert fresh.number_input(key="cmp_min_n").value == 10
    assert json.loads(fresh.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"] == title
    fresh.switch_page("app_pages/overview.py")                      # another page drops its keys
    fresh.run()
    assert "outcome" not in fresh.query_params and "min_n" not in fresh.query_params


def test_the_proactive_table_2_cells_are_in_the_url_and_restored(app):
    run_page(app, "proactive")
    default = list(app.multiselect(key="pr_keys").value)
    wanted = [k for k in _proactive_keys() if k not in default][:2]
    assert wanted, "the bundled data offers more table 2 cells than the default"
    app.multiselect(key="pr_keys").set_value(wanted)
    app.run()
    assert app.multiselect(key="pr_keys").value == wanted
    assert app.query_params.get("t2") in ([k[3:] for k in wanted], wanted[0][3:])
    fresh = open_url(_fresh(app), "proactive", dict(app.query_params))
    assert fresh.multiselect(key="pr_keys").value == wanted
    fresh.multiselect(key="pr_keys").set_value([])                 # nothing chosen is kept too
    fresh.run()
    assert fresh.multiselect(key="pr_keys").value == [] and fresh.query_params.get("t2") in ("", [""])
    fresh.multiselect(key="pr_keys").set_value(default)            # the default leaves the URL
    fresh.run()
    assert "t2" not in fresh.query_params


def _proactive_keys() -> list[str]:
    from gongkai.dashboard import data, state

    cells = data.query("app_proactive_by_year", **state.Filters().params())
    return sorted(k for k in cells["cell_key"].unique() if k != "proactive_count")


def test_source_report_links_keep_the_current_filters(app):
    run_page(app, "applications", province="四川省", lang="en")
    sources = next(d.value for d in app.dataframe if "agency_link" in d.value.columns)
    for column in ("open", "agency_link"):
        for link in sources[column].dropna():
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
            assert query["province"] == ["四川省"] and query["lang"] == ["en"], link
            assert link.endswith("&lang=en")


def test_a_report_link_opened_in_a_new_session_keeps_filters_and_report(app):
    run_page(app, "overview", province="四川省")
    link = next(d.value for d in app.dataframe if "agency_link" in d.value.columns)["open"].iloc[0]
    query = {k: v[0] if len(v) == 1 else v
             for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).items()}
    fresh = open_url(_fresh(app), "report", query)
    assert fresh.selectbox(key="report").value == int(query["report"])
    assert fresh.session_state["f_province"] == "四川省" and _url(fresh, "province") == "四川省"


def test_filters_and_language_keep_working_after_page_widgets_changed(app):
    run_page(app, "overview")
    app.selectbox(key="f_province").set_value("四川省")
    rerun(app)
    app.selectbox(key="f_province").set_value("江苏省")
    rerun(app)
    assert app.selectbox(key="f_province").value == "江苏省" and _url(app, "province") == "江苏省"
