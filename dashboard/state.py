"""Global filters, language and page widgets ↔ st.query_params, so a copied URL restores the view.

URL grammar (all optional): `?year=2021&year=2022&province=福建省&city=…&county=…&level=县&sector=商务
&scope=agency&agency=商务局&lang=en`, plus page-owned keys: `agency_id=N` (agency page), `report=ID`
(report page), `min_n=30&outcome=granted` (compare page), `t2=administrative_license.decisions`
(proactive page, repeatable).

Session state is the truth while a session lives. The filters and language are read from the URL
once, when the session starts, and written back on every run. A page widget's URL key is read when
the URL brings a value this session did not write itself (a link or st.switch_page arrived, the back
button, the first run) and written back after the widget is drawn (`take_url` / `put_url`).
The pure half (Filters, from_query, to_query, url_is_news, the UrlParam parsers) has no streamlit
and is unit-tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

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
    wanted = url_filters(filters)
    qp = _st().query_params
    for key in FILTER_URL_KEYS + (LANG_KEY,):
        value = wanted.get(key)
        current = qp.get_all(key)
        if value and current != value:
            qp[key] = value
        elif not value and current:
            del qp[key]


# --- page widgets bound to the URL ------------------------------------------------------------------
#
# A page widget (the agency and report pickers, the compare page's N and outcome, the proactive
# page's table-2 cells) has a URL key. Each run reads the URL before the widget is drawn and writes
# the widget's value back after it. The URL must not win over a widget the user just changed: the
# browser sends the URL of the previous run with every rerun, so "the URL holds a value" is no news.
# The session remembers what it last wrote under each key (_WRITTEN); the URL's value is taken only
# when it differs from that (a link or st.switch_page arrived, the back button, the session's first
# run) or when the widget has no value yet (its page was not shown on the previous run). Comparing
# with the value last *read* instead (the old page_param) put the URL's previous value back on every
# other change: pick A (URL ← A), pick B (URL still A ≠ last read → widget ← A), pick B again (works).

_WRITTEN = "_gk_url_written"


@dataclass(frozen=True)
class UrlParam:
    """A page widget's URL key. `parse` turns the URL's values (a list of strings) into the widget's
    value, None when they make no sense (dropped, never raised); `dump` turns the widget's value into
    URL values, [] leaving the key out (a default needs no key)."""
    key: str
    widget: str
    parse: Callable[[list[str]], Any]
    dump: Callable[[Any], list[str]]


def url_is_news(in_url: Sequence[str], last_written: Optional[Sequence[str]], widget_has_value: bool) -> bool:
    """Whether the URL's values for a key overwrite the widget (the pure rule, see above)."""
    if not in_url:
        return False          # no key: a page switch or a default; the widget keeps its value
    return not widget_has_value or tuple(in_url) != tuple(last_written or ())


def int_param(key: str, widget: str, low: int = 1, high: Optional[int] = None,
              default: Optional[int] = None) -> UrlParam:
    """An integer URL key (an id or a threshold); `default` is left out of the URL."""
    def parse(values: list[str]) -> Optional[int]:
        try:
            value = int(str(values[0]).strip())
        except (IndexError, TypeError, ValueError):
            return None
        return value if value >= low and (high is None or value <= high) else None

    def dump(value) -> list[str]:
        return [] if value is None or value == default else [str(int(value))]
    return UrlParam(key, widget, parse, dump)


def choice_param(key: str, widget: str, choices: Sequence[str], default: Optional[str] = None) -> UrlParam:
    """One of `choices`; `default` is left out of the URL."""
    def parse(values: list[str]) -> Optional[str]:
        return values[0] if values and values[0] in choices else None

    def dump(value) -> list[str]:
        return [] if value is None or value == default else [str(value)]
    return UrlParam(key, widget, parse, dump)


def choices_param(key: str, widget: str, choices: Sequence[str], default: Sequence[str],
                  prefix: str = "") -> UrlParam:
    """Several of `choices` (a repeated key, `prefix` left off in the URL); the default set is left
    out and an empty choice is written as one empty value (`?t2=`)."""
    def parse(values: list[str]) -> Optional[list[str]]:
        if list(values) == [""]:
            return []
        chosen = [prefix + v for v in values if prefix + v in choices]
        return list(dict.fromkeys(chosen)) or None

    def dump(value) -> list[str]:
        value = list(value or ())
        if value == list(default):
            return []
        return [v[len(prefix):] if v.startswith(prefix) else v for v in value] or [""]
    return UrlParam(key, widget, parse, dump)


def _written() -> dict:
    return _st().session_state.setdefault(_WRITTEN, {})


def take_url(param: UrlParam, default=None):
    """Before drawing `param`'s widget: put the URL's value into its session key when the URL brings
    news (url_is_news), else leave the session's value (or `default` when it has none). Returns the
    widget's value as it will be drawn."""
    st = _st()
    ss = st.session_state
    in_url = st.query_params.get_all(param.key)
    if url_is_news(in_url, _written().get(param.key), ss.get(param.widget) is not None):
        value = param.parse(list(in_url))
        if value is not None:
            ss[param.widget] = value
    if ss.get(param.widget) is None and default is not None:
        ss[param.widget] = default
    return ss.get(param.widget)


def put_url(param: UrlParam, value) -> None:
    """After drawing `param`'s widget: write its value into the URL and remember what was written."""
    _set_url(param.key, param.dump(value))


def _set_url(key: str, values: Sequence[str]) -> None:
    qp = _st().query_params
    values = [str(v) for v in values]
    if values and qp.get_all(key) != values:
        qp[key] = values
    elif not values and key in qp:
        del qp[key]
    _written()[key] = tuple(values)


def url_filters(filters: Filters) -> dict[str, list[str]]:
    """The filter and language part of a URL (what a drill-down link carries along)."""
    out = to_query(filters)
    if lang() != i18n.DEFAULT_LANG:
        out[LANG_KEY] = [lang()]
    return out


def drop_page_params(keep: Iterable[str] = ()) -> None:
    """Remove URL keys that belong to other pages (called by the frame before a page runs)."""
    qp = _st().query_params
    keep = set(keep) | set(FILTER_URL_KEYS) | {LANG_KEY, "embed", "embed_options"}
    for key in list(qp.keys()):
        if key not in keep:
            _set_url(key, ())
