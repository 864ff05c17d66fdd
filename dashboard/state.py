"""Global filters and language ↔ st.query_params, so a copied URL restores the view.

URL grammar (all optional): `?year=2021&year=2022&province=福建省&city=…&county=…&level=县&sector=商务
&scope=agency&agency=商务局&lang=en`, plus page-owned keys such as `report=5` (report page) and
`min_n=30` (compare page).

Session state is the truth while a session lives; the URL is read into it once, when the session
starts, and written back from it on every run. Page-owned keys are read whenever the URL carries them
(a drill-down link such as `/report?report=5` arrives in an existing session).
The pure half (Filters, from_query, to_query) has no streamlit and is unit-tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Optional, Sequence

from gongkai.dashboard import i18n
from gongkai.model import SPECIAL_FILTER_SCOPES

TEXT_FILTERS = ("province", "city", "county", "level", "sector", "scope", "agency")
FILTER_URL_KEYS = ("year",) + TEXT_FILTERS
WIDGET_PREFIX = "f_"
ALL = ""                     # the "全部 / All" choice of a filter widget (None shows a placeholder)
LANG_KEY = "lang"
_LOADED = "_gk_url_loaded"
# Report scope: 'components' (agency + government_organ reports, so no aggregate is ever added to
# its parts; the indicator library's default too) unless the URL or the sidebar says otherwise.
DEFAULT_SCOPE = "components"
SPECIAL_SCOPES = SPECIAL_FILTER_SCOPES


@dataclass(frozen=True)
class Filters:
    years: tuple[int, ...] = ()
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    level: Optional[str] = None
    sector: Optional[str] = None
    scope: Optional[str] = None
    agency: Optional[str] = None

    def params(self) -> dict:
        """SQL parameters for the queries' filter block: NULL means no filter."""
        out: dict = {"years": list(self.years) or None}
        for name in TEXT_FILTERS:
            out[name] = getattr(self, name) or None
        out["scope"] = self.scope or DEFAULT_SCOPE
        return out

    def indicator_params(self) -> dict:
        """Parameters for queries/indicators, which take a year range and default to
        scope='components' (agency + government_organ reports: no aggregate added to its parts)."""
        out = self.params()
        years = out.pop("years")
        out["year_from"] = min(years) if years else None
        out["year_to"] = max(years) if years else None
        return out

    def is_empty(self) -> bool:
        return not self.years and not any(getattr(self, n) for n in TEXT_FILTERS)

    def describe(self, lang: str = i18n.DEFAULT_LANG) -> str:
        """The filters in words, for captions and exports."""
        parts = [f"{i18n.t('scope', lang)}: {i18n.label('scope', self.scope or DEFAULT_SCOPE, lang)}"]
        if self.years:
            parts.append(f"{i18n.t('years', lang)}: {', '.join(str(y) for y in self.years)}")
        for name in TEXT_FILTERS:
            value = getattr(self, name)
            if value and name != "scope":
                key = "agency_search" if name == "agency" else name
                shown = i18n.label("scope", value, lang) if name == "scope" else value
                parts.append(f"{i18n.t(key, lang)}: {shown}")
        return "; ".join(parts)


def from_query(query: Mapping[str, Sequence[str]]) -> Filters:
    """Filters from URL parameters given as lists of strings; bad values are dropped, never raised."""
    years = []
    for raw in query.get("year", ()):
        try:
            years.append(int(str(raw).strip()))
        except ValueError:
            continue
    text = {}
    for name in TEXT_FILTERS:
        values = [str(v).strip() for v in query.get(name, ()) if str(v).strip()]
        text[name] = values[0][:100] if values else None
    if text["scope"] == DEFAULT_SCOPE:
        text["scope"] = None
    return Filters(years=tuple(sorted(set(years))), **text)


def to_query(filters: Filters) -> dict[str, list[str]]:
    """URL parameters for `filters` (only the ones that are set)."""
    out: dict[str, list[str]] = {}
    if filters.years:
        out["year"] = [str(y) for y in filters.years]
    for name in TEXT_FILTERS:
        value = getattr(filters, name)
        if value:
            out[name] = [value]
    return out


def cascade(options, filters: Filters) -> Filters:
    """Drop filter values that the data cannot have (a city outside the chosen province, …).

    `options` is the app_filter_options frame; returns the cleaned filters."""
    def pick(value, column, frame):
        if value is None:
            return None
        return value if value in set(frame[column].dropna()) else None

    frame = options
    province = pick(filters.province, "province", frame)
    if province:
        frame = frame[frame["province"] == province]
    city = pick(filters.city, "city", frame)
    if city:
        frame = frame[frame["city"] == city]
    county = pick(filters.county, "county", frame)
    all_years = set(int(y) for y in options["year"].dropna())
    return replace(filters,
                   years=tuple(y for y in filters.years if y in all_years),
                   province=province, city=city, county=county,
                   level=pick(filters.level, "level", options),
                   sector=pick(filters.sector, "sector", options),
                   scope=filters.scope if filters.scope in SPECIAL_SCOPES
                   else pick(filters.scope, "report_scope", options))


# --- the streamlit half ---------------------------------------------------------------------------

def _st():
    import streamlit as st
    return st


def _query_dict() -> dict[str, list[str]]:
    qp = _st().query_params
    return {k: qp.get_all(k) for k in qp.keys()}


def load_url_once() -> None:
    """At the start of a session, copy the URL's filters and language into session state."""
    st = _st()
    if st.session_state.get(_LOADED):
        return
    query = _query_dict()
    filters = from_query(query)
    st.session_state[WIDGET_PREFIX + "years"] = list(filters.years)
    for name in TEXT_FILTERS:
        st.session_state[WIDGET_PREFIX + name] = getattr(filters, name) or ALL
    st.session_state[WIDGET_PREFIX + "scope"] = filters.scope or DEFAULT_SCOPE
    lang = (query.get(LANG_KEY) or [i18n.DEFAULT_LANG])[0]
    st.session_state[LANG_KEY] = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    st.session_state[_LOADED] = True


def lang() -> str:
    value = _st().session_state.get(LANG_KEY, i18n.DEFAULT_LANG)
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def tr(key: str, **fmt) -> str:
    """i18n.t in the session's language."""
    return i18n.t(key, lang(), **fmt)


def lab(kind: str, key) -> str:
    return i18n.label(kind, key, lang())


def current_filters() -> Filters:
    ss = _st().session_state
    text = {n: (ss.get(WIDGET_PREFIX + n) or None) for n in TEXT_FILTERS}
    if text["scope"] == DEFAULT_SCOPE:
        text["scope"] = None
    if text["agency"]:
        text["agency"] = text["agency"].strip()[:100] or None
    years = tuple(sorted(int(y) for y in ss.get(WIDGET_PREFIX + "years") or ()))
    return Filters(years=years, **text)


def set_filters(filters: Filters) -> None:
    """Put `filters` into the widgets' session keys (call before the widgets are drawn)."""
    ss = _st().session_state
    ss[WIDGET_PREFIX + "years"] = list(filters.years)
    for name in TEXT_FILTERS:
        ss[WIDGET_PREFIX + name] = getattr(filters, name) or ALL
    ss[WIDGET_PREFIX + "scope"] = filters.scope or DEFAULT_SCOPE


def clear_filters() -> None:
    set_filters(Filters())


def write_url(filters: Filters) -> None:
    """Write the filters and language into the URL, leaving page-owned keys alone."""
    qp = _st().query_params
    wanted = to_query(filters)
    if lang() != i18n.DEFAULT_LANG:
        wanted[LANG_KEY] = [lang()]
    for key in FILTER_URL_KEYS + (LANG_KEY,):
        value = wanted.get(key)
        current = qp.get_all(key)
        if value and current != value:
            qp[key] = value
        elif not value and current:
            del qp[key]


def page_param(key: str, session_key: str, cast=str):
    """A page-owned URL key: when the URL carries it (a link arrived), it wins over session state."""
    st = _st()
    raw = st.query_params.get(key)
    if raw is not None:
        try:
            value = cast(raw)
        except (TypeError, ValueError):
            value = None
        if value is not None and st.session_state.get(f"_url_{session_key}") != raw:
            st.session_state[session_key] = value
            st.session_state[f"_url_{session_key}"] = raw
    return st.session_state.get(session_key)


def set_page_param(key: str, value) -> None:
    st = _st()
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
        return
    if st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def drop_page_params(keep: Iterable[str] = ()) -> None:
    """Remove URL keys that belong to other pages (called by the frame before a page runs)."""
    qp = _st().query_params
    keep = set(keep) | set(FILTER_URL_KEYS) | {LANG_KEY}
    for key in list(qp.keys()):
        if key not in keep:
            del qp[key]
