"""Entrypoint: `streamlit run dashboard/main.py` (what `gongkai serve` runs).

Frame and router only: language switch, global filters (bound to the URL), data version, then
st.navigation runs the chosen page. The warehouse path comes from $GONGKAI_DB.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from gongkai.dashboard import data, i18n, state
from gongkai.dashboard.state import tr

PAGES_DIR = Path(__file__).with_name("app_pages")   # not pages/: that name turns on the old auto-discovery
# url_path → (file, title key, URL keys the page owns)
PAGES = {
    "overview": ("overview.py", "page_overview", ("compare",)),
    "applications": ("applications.py", "page_applications", ()),
    "proactive": ("proactive.py", "page_proactive", ("t2",)),
    "litigation": ("litigation.py", "page_litigation", ()),
    "compare": ("compare.py", "page_compare", ("min_n", "outcome", "sort")),
    "quality": ("quality.py", "page_quality", ("sort",)),
    "agency": ("agency.py", "page_agency", ("agency_id",)),
    "report": ("report.py", "page_report", ("report", "cell")),
    "import": ("upload.py", "page_import", ()),
}
SECTIONS = {"section_analysis": ("overview", "applications", "proactive", "litigation", "compare"),
            "section_data": ("quality", "agency", "report", "import")}
ICONS = {"overview": ":material/dashboard:", "applications": ":material/inbox:",
         "proactive": ":material/campaign:", "litigation": ":material/gavel:",
         "compare": ":material/scatter_plot:", "quality": ":material/fact_check:",
         "agency": ":material/account_balance:", "report": ":material/description:", "import": ":material/upload_file:"}


# The browser tab's icon, inline: a `:material/…:` page icon makes the browser fetch an SVG from
# fonts.gstatic.com (Streamlit builds the favicon URL there), which fails offline. SVG markup becomes a
# data: URL, so the page asks nothing of any host but this server. (The `:material/…:` icons inside
# the page are drawn with the Material Symbols font Streamlit serves itself.)
PAGE_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
             '<rect x="1" y="1" width="22" height="22" rx="4" fill="#1565c0"/>'
             '<rect x="5" y="12" width="3" height="7" fill="#fff"/>'
             '<rect x="10.5" y="8" width="3" height="11" fill="#fff"/>'
             '<rect x="16" y="5" width="3" height="14" fill="#fff"/></svg>')


def _pages() -> dict:
    out = {}
    for section, names in SECTIONS.items():
        out[tr(section)] = [
            st.Page(PAGES_DIR / PAGES[n][0], title=tr(PAGES[n][1]), url_path=n, icon=ICONS[n],
                    default=(n == "overview"))
            for n in names]
    return out


def _select(label: str, key: str, values: list) -> None:
    values = [v for v in values if v]
    if st.session_state.get(key) not in values:
        st.session_state[key] = state.ALL
    all_label = tr("all")     # bound now: format_func may be called outside this script run
    st.selectbox(label, [state.ALL, *values], key=key,
                 format_func=lambda v: all_label if v == state.ALL else str(v))


def _sidebar_filters() -> state.Filters:
    options = data.query("app_filter_options")
    # Clean what the URL or an earlier choice left behind before the widgets are drawn.
    state.set_filters(state.cascade(options, state.current_filters()))
    sb = st.sidebar
    with sb:
        st.subheader(tr("filters"))
        st.multiselect(tr("years"), sorted(int(y) for y in options["year"].dropna().unique()),
                       key=state.WIDGET_PREFIX + "years", placeholder=tr("all"),
                       select_all=False)     # Streamlit's "Select all" has no Chinese label
        years_note = st.empty()    # filled below: the years that hold data in the current scope
        _select(tr("province"), state.WIDGET_PREFIX + "province",
                sorted(options["province"].dropna().unique()))
        chosen = options
        if st.session_state.get(state.WIDGET_PREFIX + "province"):
            chosen = chosen[chosen["province"] == st.session_state[state.WIDGET_PREFIX + "province"]]
        _select(tr("city"), state.WIDGET_PREFIX + "city", sorted(chosen["city"].dropna().unique()))
        if st.session_state.get(state.WIDGET_PREFIX + "city"):
            chosen = chosen[chosen["city"] == st.session_state[state.WIDGET_PREFIX + "city"]]
        _select(tr("county"), state.WIDGET_PREFIX + "county", sorted(chosen["county"].dropna().unique()))
        _select(tr("level"), state.WIDGET_PREFIX + "level", sorted(options["level"].dropna().unique()))
        _select(tr("sector"), state.WIDGET_PREFIX + "sector", sorted(options["sector"].dropna().unique()))
        scopes = [*state.SPECIAL_SCOPES, *sorted(options["report_scope"].dropna().unique())]
        key = state.WIDGET_PREFIX + "scope"
        if st.session_state.get(key) not in scopes:
            st.session_state[key] = state.DEFAULT_SCOPE
        names = {s: state.lab("scope", s) for s in scopes}
        st.selectbox(tr("scope"), scopes, key=key, format_func=names.get)
        st.text_input(tr("agency_search"), key=state.WIDGET_PREFIX + "agency", max_chars=100)
        st.button(tr("reset_filters"), on_click=state.clear_filters, key="f_reset")
    filters = state.current_filters()
    _years_with_data(years_note, filters)
    return filters


def _years_with_data(slot, filters: state.Filters) -> None:
    """Under the year list: which years hold reports in the current scope (every filter but the years)."""
    from dataclasses import replace

    summary = data.query("app_view_summary", **replace(filters, years=()).params())
    years = sorted(int(y) for y in summary.loc[~summary["is_total"], "year"].dropna().unique())
    sep = "、" if state.lang() == "zh" else ", "
    slot.caption(tr("years_with_data", years=sep.join(str(y) for y in years) if years else "—"))


def main() -> None:
    st.set_page_config(page_title=i18n.t("app_title"), page_icon=PAGE_ICON,
                       layout="wide")
    state.load_url_once()
    with st.sidebar:
        st.radio(i18n.t("language"), list(i18n.LANGS), key=state.LANG_KEY, horizontal=True,
                 format_func=lambda v: "中文" if v == "zh" else "English")
    page = st.navigation(_pages())
    st.sidebar.caption(tr("app_title"))
    filters = _sidebar_filters()
    state.write_url(filters)
    owned = PAGES.get(page.url_path or "overview", ((), (), ()))[2]
    state.drop_page_params(keep=owned)
    version = data.data_version()
    st.sidebar.caption(f"{tr('data_version')}: {version.text(state.lang())}")
    st.sidebar.caption(tr("share_hint"))
    page.run()


main()
