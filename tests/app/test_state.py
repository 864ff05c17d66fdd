"""Filters ↔ URL parameters (the pure half of dashboard/state.py) and the i18n tables."""
from __future__ import annotations

import pandas as pd

from gongkai.dashboard import i18n, state


def test_url_parameters_round_trip():
    query = {"year": ["2022", "2021"], "province": ["福建省"], "agency": ["商务局"]}
    filters = state.from_query(query)
    assert filters.years == (2021, 2022) and filters.province == "福建省"
    assert state.to_query(filters) == {"year": ["2021", "2022"], "province": ["福建省"], "agency": ["商务局"]}


def test_bad_url_values_are_dropped():
    filters = state.from_query({"year": ["abc", "2020"], "city": ["  "]})
    assert filters.years == (2020,) and filters.city is None


def test_filters_become_bound_sql_parameters_with_null_for_no_filter():
    params = state.Filters(years=(2022,), level="县").params()
    assert params["years"] == [2022] and params["level"] == "县" and params["province"] is None
    assert state.Filters().params()["years"] is None
    assert state.Filters().params()["scope"] == "components"      # no aggregate added to its parts


def test_indicator_parameters_use_a_year_range():
    params = state.Filters(years=(2019, 2022)).indicator_params()
    assert params["year_from"] == 2019 and params["year_to"] == 2022 and "years" not in params


def test_cascade_drops_a_city_outside_the_chosen_province():
    options = pd.DataFrame({"year": [2022, 2023], "province": ["四川省", "江苏省"], "city": ["遂宁市", "宿迁市"],
                            "county": ["安居区", "沭阳县"], "level": ["县", "县"], "sector": ["商务", None],
                            "report_scope": ["agency", "agency"]})
    cleaned = state.cascade(options, state.Filters(years=(2022, 1999), province="四川省", city="宿迁市"))
    assert cleaned.years == (2022,) and cleaned.province == "四川省" and cleaned.city is None


def test_every_string_has_both_languages():
    for key, (zh, en) in i18n.STRINGS.items():
        assert zh and en, key
    assert i18n.t("page_overview", "zh") == "总览" and i18n.t("page_overview", "en") == "Overview"


def test_filters_describe_themselves_in_words():
    text = state.Filters(years=(2022,), scope="agency").describe("en")
    assert "2022" in text and "Single agency" in text


def test_the_url_overwrites_a_page_widget_only_when_it_brings_news():
    # the URL still holds what this session wrote: the widget (just changed by the user) wins
    assert not state.url_is_news(["5"], ("5",), widget_has_value=True)
    # a link, st.switch_page or the back button brought another value: the URL wins
    assert state.url_is_news(["7"], ("5",), widget_has_value=True)
    # first run of the session, or the widget's page was not shown on the last run
    assert state.url_is_news(["5"], None, widget_has_value=True)
    assert state.url_is_news(["5"], ("5",), widget_has_value=False)
    # no key in the URL (a page switch, a default): the widget keeps its value
    assert not state.url_is_news([], ("5",), widget_has_value=True)


def test_page_url_keys_parse_and_dump_with_defaults_left_out():
    min_n = state.int_param("min_n", "w", low=1, high=100, default=30)
    assert min_n.parse(["40"]) == 40 and min_n.dump(40) == ["40"] and min_n.dump(30) == []
    assert min_n.parse(["abc"]) is None and min_n.parse(["0"]) is None and min_n.parse(["101"]) is None
    outcome = state.choice_param("outcome", "w", ("substantive", "granted"), default="substantive")
    assert outcome.parse(["granted"]) == "granted" and outcome.parse(["x"]) is None
    assert outcome.dump("substantive") == [] and outcome.dump("granted") == ["granted"]
    keys = ["t2.a.x", "t2.b.y", "t2.c.z"]
    t2 = state.choices_param("t2", "w", keys, default=["t2.a.x"], prefix="t2.")
    assert t2.parse(["b.y", "nope", "c.z"]) == ["t2.b.y", "t2.c.z"] and t2.parse(["nope"]) is None
    assert t2.dump(["t2.b.y", "t2.c.z"]) == ["b.y", "c.z"] and t2.dump(["t2.a.x"]) == []
    assert t2.dump([]) == [""] and t2.parse([""]) == []          # nothing chosen: `?t2=`
