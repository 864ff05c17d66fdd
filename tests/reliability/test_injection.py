"""Injection: filter values, URL parameters, CLI parameters and document content reach SQL only as
bound parameters and reach the page only as escaped text.

Payloads go through every input: the app's URL query parameters on every page (AppTest), the
sidebar's agency search box, `gongkai query --param`, and an uploaded document whose name, agency
and text carry `<script>` and `'; DROP TABLE reports; --` (ingested, then its report page rendered).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from tests.reliability.conftest import DROP, PAYLOAD_AGENCY, SCRIPT, payload_report

from gongkai import config
from gongkai.store import db

SQL_PAYLOADS = ["' OR 1=1 --", "'; DROP TABLE reports; --", "1; DELETE FROM cells", '" OR ""="',
                "%' OR '%'='"]
HTML_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                 "[x](javascript:alert(1))", "**bold** <b>b</b>"]
TABLES = ("documents", "reports", "cells", "checks", "warnings", "agencies", "report_texts")
PAGES = ["app_pages/overview.py", "app_pages/applications.py", "app_pages/proactive.py",
         "app_pages/litigation.py", "app_pages/compare.py", "app_pages/quality.py",
         "app_pages/agency.py", "app_pages/report.py", "app_pages/upload.py"]
# markdown sources may carry a payload only with its specials escaped (widgets.plain)
RAW_MARKUP = re.compile(r"(?<!\\)<\s*(script|img|iframe|b)\b|(?<!\\)\]\((?!http)", re.I)


def table_counts(path: Path) -> dict[str, int]:
    con = db.connect_read(path)
    try:
        return {t: int(db.run(con, f"SELECT count(*) AS n FROM {db.quote_ident(t)}")["n"].iloc[0])
                for t in TABLES}
    finally:
        con.close()


def markdown_elements(at):
    """Every element whose body Streamlit renders as markdown, with its proto."""
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "error", "info",
                 "success", "latex"):
        yield from getattr(at, kind, [])


def assert_rendered_safely(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for el in markdown_elements(at):
        proto = getattr(el, "proto", None)
        assert not getattr(proto, "allow_html", False), f"unsafe_allow_html on {el.value!r}"
        body = el.value if isinstance(el.value, str) else str(el.value)
        assert not RAW_MARKUP.search(body), f"unescaped markup reached the page: {body!r}"


# The one reviewed raw-HTML call: the import page's constant stylesheet that puts Chinese words on
# Streamlit's upload box. Its only inputs are i18n strings and the configured size limit.
REVIEWED_RAW_HTML = {("app_pages/upload.py", "st.html(css)")}


def test_no_page_or_widget_enables_raw_html():
    pattern = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\([^)]*\)|components\.v1|st\.components")
    offenders = []
    for path in config.APP_DIR.rglob("*.py"):
        rel = path.relative_to(config.APP_DIR).as_posix()
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            if (rel, match.group(0)) not in REVIEWED_RAW_HTML:
                offenders.append(f"{rel}: {match.group(0)}")
    assert offenders == []


def test_the_upload_box_stylesheet_carries_only_constant_words():
    from gongkai.dashboard import i18n
    for key in ("upload_button", "upload_hint"):     # the English view uses no stylesheet
        text = i18n.t(key, "zh", mb="50")
        assert not re.search(r"[<>{}\"\\]", text), (key, text)   # cannot leave the CSS string


# That no .py file formats values into SQL text is tests/queries/test_no_sql_formatting.py (AST check).


@pytest.mark.parametrize("page", PAGES)
def test_url_query_params_with_payloads_on_every_page(app_test, rel_db, page):
    before = table_counts(rel_db)
    at = app_test()
    at.query_params.update({"province": SQL_PAYLOADS[0], "agency": HTML_PAYLOADS[0],
                            "city": SQL_PAYLOADS[1], "county": SQL_PAYLOADS[2],
                            "sector": HTML_PAYLOADS[1], "level": HTML_PAYLOADS[2],
                            "scope": SQL_PAYLOADS[3], "year": ["2022", "1 OR 1=1"],
                            "report": "1 OR 1=1", "agency_id": "1; DROP TABLE agencies",
                            "min_n": "<script>", "lang": "<b>en</b>"})
    at.run()
    at.switch_page(page)
    at.run()
    assert_rendered_safely(at)
    assert table_counts(rel_db) == before


@pytest.mark.parametrize("payload", SQL_PAYLOADS + HTML_PAYLOADS)
def test_agency_search_payloads_match_nothing_and_render_as_text(app_test, rel_db, payload):
    at = app_test()
    at.query_params["agency"] = payload
    at.query_params["scope"] = "all"
    at.run()
    assert_rendered_safely(at)
    # the value was bound as a substring to look for: no report name contains it, so no rows
    from gongkai.dashboard import i18n
    assert not at.metric and any(i.value == i18n.t("no_data", "zh") for i in at.info)
    assert at.text_input(key="f_agency").value == payload          # kept as typed, as text


def test_gongkai_query_param_values_are_bound(rel_db, capsys):
    from gongkai.cli import main

    def run(*params: str) -> tuple[int, list]:
        args = ["query", "applications_by_group", "--db", str(rel_db), "--format", "json",
                "--param", "group_by=all"]
        for p in params:
            args += ["--param", p]
        code = main(args)
        out = capsys.readouterr().out
        return code, (json.loads(out) if code == 0 and out.strip() else [])

    before = table_counts(rel_db)
    code, everything = run("scope=all")
    assert code == 0 and everything
    for payload in SQL_PAYLOADS + HTML_PAYLOADS:
        for key in ("province", "agency", "sector"):
            code, rows = run("scope=all", f"{key}={payload}")
            assert code == 0
            assert rows == [], (key, payload, rows)          # a value to match, never SQL
    # a payload as a parameter *name* is a usage error, not SQL
    assert main(["query", "applications_by_group", "--db", str(rel_db),
                 "--param", "x) OR 1=1 --=1"]) == 2
    capsys.readouterr()
    assert table_counts(rel_db) == before


def test_stored_payloads_are_kept_literally(rel_db):
    con = db.connect_read(rel_db)
    try:
        names = db.run(con, "SELECT agency_name FROM reports WHERE agency_name = ?", [PAYLOAD_AGENCY])
        texts = db.run(con, "SELECT count(*) AS n FROM report_texts WHERE contains(text, ?)", [DROP])
        files = db.run(con, "SELECT count(*) AS n FROM documents WHERE contains(original_name, ?)",
                       [DROP[:3]])
    finally:
        con.close()
    assert len(names) == 1
    assert int(texts["n"].iloc[0]) >= 2 and int(files["n"].iloc[0]) >= 2


def _report_id(path: Path, agency: str) -> int:
    con = db.connect_read(path)
    try:
        return int(db.run(con, "SELECT report_id FROM reports WHERE agency_name = ?", [agency])
                   ["report_id"].iloc[0])
    finally:
        con.close()


def test_report_page_shows_a_payload_agency_and_text_only_as_text(app_test, rel_db):
    rid = _report_id(rel_db, PAYLOAD_AGENCY)
    at = app_test()
    at.run()
    at.query_params["report"] = str(rid)
    at.switch_page("app_pages/report.py")
    at.run()
    assert_rendered_safely(at)
    heading = [s.value for s in at.subheader if "DROP" in s.value]
    assert at.selectbox(key="report").value == rid, [s.value for s in at.subheader]
    assert heading and "\\<script\\>" in heading[0]                     # escaped, shown literally
    texts = [t.value for t in at.text if SCRIPT in t.value]
    assert texts and DROP in texts[0]                                   # the document text, as text
    assert all(n > 0 for n in table_counts(rel_db).values())


def test_agency_page_shows_a_payload_agency_name_only_escaped(app_test, rel_db):
    con = db.connect_read(rel_db)
    try:
        agency_id = int(db.run(con, "SELECT agency_id FROM agencies WHERE name = ?",
                               [db_name(PAYLOAD_AGENCY)])["agency_id"].iloc[0])
    finally:
        con.close()
    at = app_test()
    at.run()
    at.query_params["agency_id"] = str(agency_id)
    at.switch_page("app_pages/agency.py")
    at.run()
    assert_rendered_safely(at)
    heading = [s.value for s in at.subheader if "DROP" in s.value]
    assert heading and "\\<script\\>" in heading[0]
    assert all(n > 0 for n in table_counts(rel_db).values())


def db_name(agency: str) -> str:
    from gongkai.store.dictionary import normalise_name
    return normalise_name(agency)


def test_an_uploaded_payload_document_is_stored_and_its_report_page_is_safe(app_test, rel_db,
                                                                            tmp_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(rel_db, copy)
    monkeypatch.setenv("GONGKAI_DB", str(copy))
    doc = payload_report(tmp_path, "\n(uploaded)")
    at = app_test()
    at.run()
    at.switch_page("app_pages/upload.py")
    at.run()
    at.file_uploader(key="up_files").set_value([(doc.name, doc.read_bytes(), "text/plain")])
    at.run()
    assert_rendered_safely(at)
    at.button(key="up_ingest").click()
    at.run()
    assert_rendered_safely(at)
    result = next(d.value for d in at.dataframe if "result" in d.value.columns)
    assert list(result["result"]) == ["新增"]          # the ingest result "new", in Chinese
    rid = int(result["report_id"].iloc[0])
    at.query_params["report"] = str(rid)
    at.switch_page("app_pages/report.py")
    at.run()
    assert_rendered_safely(at)
    assert any(SCRIPT in t.value and DROP in t.value for t in at.text)
    counts = table_counts(copy)
    assert all(n > 0 for n in counts.values())
    con = db.connect_read(copy)
    try:
        name = db.run(con, "SELECT original_name FROM documents AS d JOIN reports AS r "
                           "ON r.document_sha256 = d.sha256 WHERE r.report_id = ?", [rid])
    finally:
        con.close()
    assert name["original_name"].iloc[0] == doc.name                    # stored literally
