"""Every page renders on the bundled data; filters in the URL change what is shown; the language
switch changes the labels; the report page marks failed-check cells."""
from __future__ import annotations

import pytest

PAGES = ["overview", "applications", "proactive", "litigation", "compare", "quality", "agency", "report",
         "upload"]


PAGE_KEYS = {"report", "min_n", "agency_id", "sort"}     # URL keys a page owns; they arrive with a link to that page


def run_page(app, page: str, **query):
    """Load the app with `query` in the URL, then go to `page` (AppTest always starts on the
    default page; the page's own keys are added as a link to it would carry them)."""
    for key, value in query.items():
        if key not in PAGE_KEYS:
            app.query_params[key] = value
    app.run()
    if page != "overview":
        for key, value in query.items():
            if key in PAGE_KEYS:
                app.query_params[key] = value
        app.switch_page(f"app_pages/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def rerun(app):
    """Rerun after a widget change on the default page. AppTest (streamlit 1.67) re-requests the
    page it finished on by its hash, which makes it drop the entrypoint's own elements (the sidebar)
    from the tree; a real browser keeps them (tests/app/test_browser.py). Requesting the entrypoint
    again, as a fresh browser load does, keeps the sidebar in the tree."""
    app._finished_page_script_hash = ""
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_bundled_data(app, page):
    run_page(app, page)
    assert app.title, f"{page} shows no title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_english(app, page):
    run_page(app, page, lang="en")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in t.value) for t in app.title)


def test_the_default_page_is_the_overview_in_chinese(app):
    run_page(app, "overview")
    assert app.title[0].value == "总览"
    assert metric(app, "报告数") == "8"        # scope 'components': single agencies and organs only
    assert not app.warning


def test_scope_all_in_the_url_counts_every_report_and_warns_about_double_counting(app):
    run_page(app, "overview", scope="all")
    assert metric(app, "报告数") == "23"
    assert app.warning and "重复计算" in app.warning[0].value


@pytest.mark.parametrize("page,expander", [("applications", "来源报告 (1)"), ("quality", None),
                                           ("litigation", "来源报告 (1)")])
def test_a_filter_in_the_url_applies_on_every_page(app, page, expander):
    run_page(app, page, province="江苏省")
    assert "江苏省" in app.caption[0].value
    if expander:
        assert expander in [e.label for e in app.expander]


def test_a_province_in_the_url_narrows_the_overview(app):
    run_page(app, "overview", province="江苏省")
    assert app.selectbox(key="f_province").value == "江苏省"
    assert metric(app, "报告数") == "1"          # 沭阳县发展和改革局 2023 only
    assert app.query_params["province"] == ["江苏省"] or app.query_params["province"] == "江苏省"


def test_an_agency_search_in_the_url_narrows_the_overview(app):
    run_page(app, "overview", agency="商务局")
    assert app.text_input(key="f_agency").value == "商务局"
    assert metric(app, "报告数") == "1"


def test_years_in_the_url_select_the_years_and_the_focus_year(app):
    app.query_params["year"] = ["2021", "2022"]
    run_page(app, "overview")
    assert app.multiselect(key="f_years").value == [2021, 2022]
    assert app.subheader[0].value.startswith("2022")


def test_a_value_the_data_cannot_have_is_dropped_not_raised(app):
    run_page(app, "overview", province="火星省", year="abc")
    assert app.selectbox(key="f_province").value == ""
    assert metric(app, "报告数") == "8"


def test_choosing_a_filter_writes_it_to_the_url(app):
    run_page(app, "overview")
    app.selectbox(key="f_province").set_value("四川省")
    rerun(app)
    assert "四川省" in str(app.query_params.get("province"))
    assert metric(app, "报告数") == "1"


def test_the_language_switch_changes_the_labels(app):
    run_page(app, "overview")
    assert app.title[0].value == "总览"
    app.radio(key="lang").set_value("en")
    rerun(app)
    assert app.title[0].value == "Overview"
    assert any(m.label == "Reports" for m in app.metric)
    assert "en" in str(app.query_params.get("lang"))


def test_the_report_page_opens_the_report_named_in_the_url(app, app_db, broken_report_id):
    run_page(app, "report", report=str(broken_report_id))
    assert app.selectbox(key="report").value == broken_report_id
    assert "遂宁市安居区商务局" in app.subheader[0].value
    assert metric(app, "未通过") == "2"


def test_the_report_page_marks_failed_check_cells(app, broken_report_id):
    run_page(app, "report", report=str(broken_report_id))
    def styles(first_row_label: str) -> str:
        frame = next(d for d in app.dataframe if list(d.value.index)[:1] == [first_row_label])
        return frame.proto.arrow_data.styler.styles

    assert "#ffcdd2" in styles("一、本年新收政府信息公开申请数量")     # T3.row_sum / T3.balance failed
    assert "#ffcdd2" not in styles("规章")                              # table 2 passed


def test_the_report_page_shows_the_version_history(app, broken_report_id):
    run_page(app, "report", report=str(broken_report_id))
    versions = next(d.value for d in app.dataframe if "superseded_by" in d.value.columns)
    assert len(versions) == 2 and versions["is_current"].sum() == 1


def test_an_unknown_report_id_says_so(app):
    run_page(app, "report", report="999999")
    assert app.warning and "999999" in app.warning[0].value


def test_the_quality_page_counts_the_failed_checks(app):
    run_page(app, "quality")
    assert metric(app, "未通过") == "2"


def test_the_compare_page_states_the_min_n_rule_and_reads_it_from_the_url(app):
    run_page(app, "compare", min_n="100")
    assert app.number_input(key="cmp_min_n").value == 100
    assert any("100" in i.value for i in app.info)


def test_every_chart_and_table_has_csv_and_xlsx_exports(app):
    run_page(app, "applications")
    names = [b.proto.label for b in app.get("download_button")]
    assert names.count("CSV") >= 3 and names.count("XLSX") >= 3


def test_text_from_the_url_is_shown_literally_not_as_markdown(app):
    run_page(app, "overview", agency="[x](javascript:alert(1))")
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in app.caption[0].value
