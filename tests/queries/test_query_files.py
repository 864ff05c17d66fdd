"""Every queries/**/*.sql states what it measures, and its parameters are exactly the ones it binds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai import config
from gongkai import catalog

PY_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}|\{\}|%\([A-Za-z_]+\)s|%s\b")
ALL = catalog.list_queries()
IDS = [q.name for q in ALL]


def test_the_query_library_has_base_views_indicators_and_checks():
    kinds = {catalog.kind_of(q) for q in ALL}
    assert {"base", "indicators", "checks"} <= kinds
    assert len(catalog.list_queries("indicators")) >= 12


@pytest.mark.parametrize("path", sorted(Path(config.QUERIES_DIR).rglob("*.sql")), ids=lambda p: p.stem)
def test_every_query_file_has_every_header_field(path):
    fields, sql = catalog.parse_header(path.read_text(encoding="utf-8"))
    missing = [f for f in catalog.HEADER_FIELDS if not fields.get(f)]
    assert not missing, f"{path} lacks {missing}"
    assert sql, f"{path} has no SQL after its header"


@pytest.mark.parametrize("query", ALL, ids=IDS)
def test_query_name_matches_its_file_and_title_has_both_languages(query):
    assert query.name == query.path.stem
    assert catalog.kind_of(query) in catalog.query_kinds()      # lives in a subfolder of queries/
    assert query.title_zh and query.title_en, "title must be '中文 / English'"
    assert query.columns


def test_query_names_are_unique():
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("query", ALL, ids=IDS)
def test_declared_params_are_exactly_the_bound_params(query):
    assert set(catalog.referenced_params(query.sql)) == set(query.params)


def test_base_views_take_no_parameters():
    assert all(not q.params for q in catalog.list_queries("base"))


@pytest.mark.parametrize("query", ALL, ids=IDS)
def test_sql_has_no_python_formatting_placeholders(query):
    # values are bound as $name; a {placeholder} or %s would mean someone formats values into SQL
    # (regex quantifiers such as [0-9]{6} are fine)
    assert not PY_PLACEHOLDER.search(query.sql)


def test_rollups_default_to_components_and_expose_the_fixed_groupings():
    for query in catalog.list_queries("indicators"):
        if "group_by" in query.params:
            assert query.params["scope"] == "components", query.name
            for name in ("year_from", "year_to", "province", "city", "county", "level", "sector",
                         "agency"):
                assert name in query.params and query.params[name] is None, (query.name, name)
