"""Chinese throughout (issue #14): no machine code, English placeholder or Streamlit English word in
the Chinese UI. Every page is walked with AppTest and every string a person can see (titles, captions,
metrics, widget labels and options, table headers and cells, chart titles, axes, legends, hovers and
annotations) is checked against a deny-list of the warehouse's machine codes — check ids, warning codes,
scope codes, outcome and status keys, format codes — and of None/nan/null/empty/pp. The deny-list is
read from the code that produces the codes (the parser's source, gongkai.model, the labels), so a new
code without a Chinese label fails here."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from gongkai import config, model
from gongkai.dashboard import i18n
from tests.app.test_pages import PAGES, metric, run_page

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_FIELDS = {"id", "form_id", "deferred_file_id", "icon", "url", "page_script_hash", "page",
                  "query_string", "mime", "file_name", "spec", "columns", "format", "theme", "tag",
                  "type", "selection_mode", "default", "value", "arrow_data", "data", "styler"}
LANGUAGE_SWITCH = {"语言 / Language", "English", "中文"}     # the switch names both languages on purpose


# --- the codes ------------------------------------------------------------------------------------

def emitted_warning_codes() -> set[str]:
    """Every warning code the parser and the store can write, read from their source."""
    patterns = [r'\bwarn\(\s*"([a-z_0-9]+)"', r'\bWarning\(\s*"([a-z_0-9]+)"', r'_abandon\([^,]+,\s*"([a-z_0-9]+)"',
                r'(?:warnings|notes)\.(?:append|insert)\((?:0,\s*)?\(\s*"([a-z_0-9]+)"',
                r'return \("([a-z_0-9]+)", f?"', r'LimitExceeded\("([a-z_0-9]+)"',
                r'^\s*\("([a-z_0-9]+)", f"', r'Decoded\([^)]*\(\s*"([a-z_0-9]+)"', r'\bcode = "([a-z_0-9]+)"$']
    codes: set[str] = set()
    sources = [*(ROOT / "gongkai/parse").rglob("*.py"), *(ROOT / "gongkai/store").rglob("*.py"),
               ROOT / "gongkai/limits.py", ROOT / "gongkai/model.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            codes.update(re.findall(pattern, text, flags=re.M))
    # `("figure", f"…")` tuples of other kinds (cell keys, kinds) match the last patterns too: keep
    # only what the emitting code paths name as warnings
    return {c for c in codes if c not in _NOT_WARNINGS}


# names that look like (code, text) tuples in the parser's source but are not warnings
_NOT_WARNINGS = {"int", "decimal", "signed", "title", "td", "pubdate", "articletitle", "ascii"} | {
    k for kind in ("t2_row", "t2_col", "t3_row", "applicant", "t4_col") for k in i18n.LABELS[kind]}


def check_ids() -> set[str]:
    text = (ROOT / "gongkai/parse/checks.py").read_text(encoding="utf-8")
    chains = (ROOT / "queries/base/agency_year_chains.sql").read_text(encoding="utf-8")
    return set(re.findall(r'"([TN][0-9]?\.[a-z_]+)"', text)) | set(re.findall(r"'(X\.[a-z_]+)'", chains))


def deny_list() -> set[str]:
    from gongkai.parse.formats import FORMATS, T3_COLS
    codes = set(check_ids()) | emitted_warning_codes()
    codes |= set(model.SCOPES) | set(model.SPECIAL_FILTER_SCOPES) | set(model.STATUSES) | set(model.OUTCOMES)
    codes |= set(model.FORMAT_VERSIONS) | {"new", "updated", "unchanged", "failed", "pass", "fail", "na"}
    codes |= {r.key for fmt in FORMATS.values() for r in fmt.t3_rows} | set(T3_COLS) | {"cases"}
    codes |= set(i18n.LABELS["position"]) | set(i18n.LABELS["series"])
    codes -= {"n"}
    return codes | {"None", "nan", "NaN", "<NA>", "NaT", "null", "empty", "pp", "Select all", "Upload",
                    "per file", "Drag and drop", "True", "False"}


DENY = deny_list()
_DENY_RE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, DENY), key=len, reverse=True))
                      + r")(?![A-Za-z0-9_])")


def machine_words(text: str) -> list[str]:
    return _DENY_RE.findall(str(text))


# --- what a person sees ---------------------------------------------------------------------------

def _proto_strings(msg, skip=SKIPPED_FIELDS):
    from google.protobuf.message import Message
    for fd, value in msg.ListFields():
        if fd.name in skip:
            continue
        repeated = getattr(fd, "is_repeated", None)
        if repeated is None:
            repeated = fd.label == fd.LABEL_REPEATED
        values = list(value) if repeated else [value]
        for v in values:
            if isinstance(v, Message):
                yield from _proto_strings(v, skip)
            elif isinstance(v, str):
                yield fd.name, v


def _figure_strings(spec: str):
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    yield "title", (layout.get("title") or {}).get("text", "")
    for axis in ("xaxis", "yaxis"):
        yield axis, ((layout.get(axis) or {}).get("title") or {}).get("text", "")
        yield from ((axis + ".ticktext", str(t)) for t in (layout.get(axis) or {}).get("ticktext", []))
    for a in layout.get("annotations", []):
        yield "annotation", a.get("text", "")
    for trace in fig.get("data", []):
        yield "trace.name", trace.get("name") or ""
        hover = re.sub(r"%\{[^}]*\}|</?extra>|<br>|</?b>", " ", trace.get("hovertemplate") or "")
        yield "trace.hover", hover
        texts = trace.get("text")
        if isinstance(texts, list):
            yield from (("trace.text", str(t)) for row in texts for t in (row if isinstance(row, list) else [row]))


def _frame_strings(node):
    import pandas as pd
    config = json.loads(node.proto.columns or "{}")
    value = node.value
    frame = value.data if hasattr(value, "data") and not isinstance(value, pd.DataFrame) else value
    if len(frame) == 0:
        yield "dataframe", "empty"            # what Streamlit draws for a table without rows
    for col in frame.columns:
        cfg = config.get(str(col), {})
        yield "header", cfg.get("label") or str(col)
        kind = (cfg.get("type_config") or {}).get("type")
        if kind == "link":
            yield "link", (cfg.get("type_config") or {}).get("display_text") or ""
            continue
        for v in frame[col].tolist():
            if v is None or isinstance(v, bool) or (not isinstance(v, str) and pd.isna(v)):
                continue                      # blank (placeholder "") or a checkbox
            yield f"cell[{col}]", str(v)
    for v in frame.index.tolist():
        if isinstance(v, str):
            yield "row", v


def visible_texts(app, skip_text: str = ""):
    """(where, text) for everything the page shows; `skip_text`: a document's own text (st.text)."""
    from streamlit.testing.v1.element_tree import Block

    def walk(node):
        if isinstance(node, Block):
            if getattr(node, "proto", None) is not None:
                yield from ((f"block.{k}", v) for k, v in _proto_strings(node.proto))
            for child in node.children.values():
                yield from walk(child)
            return
        ty = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or ty in ("code", "html"):      # the SQL behind a figure; a stylesheet
            return
        if ty == "plotly_chart":
            yield from ((f"chart.{k}", v) for k, v in _figure_strings(proto.spec))
            return
        if ty == "dataframe":
            yield from _frame_strings(node)
            return
        if ty == "text" and skip_text and proto.body.strip() == skip_text.strip():
            return                                       # the report's own text, as parsed
        yield from ((f"{ty}.{k}", v) for k, v in _proto_strings(proto))

    for where, text in walk(app._tree):
        if text and text not in LANGUAGE_SWITCH:
            yield where, text


def offending(app, skip_text: str = "") -> list[tuple[str, str, list[str]]]:
    return [(where, text[:120], words) for where, text in visible_texts(app, skip_text)
            if (words := machine_words(text))]


# --- fixtures -------------------------------------------------------------------------------------

def _one(app_db, sql: str, params: list):
    from gongkai.store import connect_read, run
    con = connect_read(app_db)
    try:
        return run(con, sql, params).iloc[0, 0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def pre2019_report_id(app_db) -> int:
    """平潭综合实验区 2015: no statutory tables, so no checks (an empty checks table)."""
    return int(_one(app_db, "SELECT report_id FROM reports WHERE format_version = 'pre2019' AND is_current", []))


def reports_covering_every_warning(app_db) -> list[int]:
    """Current reports that between them carry every warning code stored in the test warehouse."""
    from gongkai.store import connect_read, run
    con = connect_read(app_db)
    try:
        frame = run(con, "SELECT min(w.report_id) AS report_id FROM warnings w JOIN reports r USING (report_id) "
                         "WHERE r.is_current GROUP BY w.code", [])
    finally:
        con.close()
    return sorted({int(r) for r in frame["report_id"]})


def _report_text(app_db, report_id: int) -> str:
    return str(_one(app_db, "SELECT text FROM report_texts WHERE report_id = ?", [report_id]))


# --- the deny-list walk ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", [p for p in PAGES if p != "upload"])
def test_no_machine_code_or_placeholder_on_any_page_in_chinese(app, app_db, page, broken_report_id,
                                                                  pingtan_agency_id):
    query = {}
    if page == "report":
        query["report"] = str(broken_report_id)
    if page == "agency":
        query["agency_id"] = str(pingtan_agency_id)
    run_page(app, page, scope="all", **query)          # every scope: aggregates' codes too
    skip = _report_text(app_db, broken_report_id) if page == "report" else ""
    assert not offending(app, skip), offending(app, skip)


def test_no_machine_code_in_any_warning_or_check_of_the_reports(app_db):
    """Every stored check and warning of the test warehouse, through the page's translator."""
    from gongkai.store import connect_read, run
    con = connect_read(app_db)
    try:
        checks = run(con, "SELECT DISTINCT check_id, scope, detail FROM checks", [])
        warnings = run(con, "SELECT DISTINCT code, detail FROM warnings", [])
    finally:
        con.close()
    shown = [i18n.value_label(c, v, "zh") for frame in (checks, warnings)
             for c in frame.columns for v in frame[c]]
    bad = [(v, machine_words(v)) for v in shown if machine_words(v)]
    assert not bad, bad[:10]


@pytest.mark.parametrize("which", range(8))
def test_no_machine_code_on_the_reports_with_warnings(app, app_db, which):
    ids = reports_covering_every_warning(app_db)
    if which >= len(ids):
        pytest.skip("fewer reports cover every warning code")
    run_page(app, "report", report=str(ids[which]))
    skip = _report_text(app_db, ids[which])
    assert not offending(app, skip), offending(app, skip)


def test_no_machine_code_on_a_report_without_tables(app, app_db, pre2019_report_id):
    run_page(app, "report", report=str(pre2019_report_id))
    skip = _report_text(app_db, pre2019_report_id)
    assert not offending(app, skip), offending(app, skip)
    assert any("无记录" in c.value for c in app.caption)        # no checks: said so, no "empty" grid


def test_the_walk_catches_machine_codes():
    """The deny-list itself: the words the issue names are on it."""
    for word in ("T3.row_sum", "new_received", "jurisdiction_aggregate", "blank_as_zero", "granted",
                 "None", "nan", "empty", "pp", "Select all", "pre2019", "X.carry"):
        assert machine_words(f"x {word} y") == [word], word
    assert machine_words("gongkai.duckdb，第 2 次导入 HTML、PDF n=30 N ≥ 30 queries/app/x.sql") == []


def test_no_select_all_in_multiselects(app):
    run_page(app, "proactive")
    keys = [w.key for w in app.multiselect]
    assert {"f_years", "pr_keys"} <= set(keys), keys
    assert all(w.proto.select_all == 0 for w in app.multiselect)


def test_the_upload_box_is_named_in_chinese_and_left_alone_in_english(app):
    run_page(app, "upload")
    css = " ".join(h.proto.body for h in app.get("html"))
    assert "stFileUploaderDropzoneInstructions" in css and "选择文件" in css and "50 MB" in css
    app2 = type(app).from_file(str(config.APP_ENTRY), default_timeout=60)
    run_page(app2, "upload", lang="en")
    assert not app2.get("html")


def test_the_import_page_names_statuses_warnings_and_results(app, app_db, tmp_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(app_db, copy)
    monkeypatch.setenv("GONGKAI_DB", str(copy))
    run_page(app, "upload")
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("inner.txt", "x")
    content = (config.BUNDLED_REPORTS_DIR / "r012.txt").read_bytes()
    app.file_uploader(key="up_files").set_value([
        ("new_report.txt", content + b"\n\n", "text/plain"),
        ("hostile.html", b"<script>alert(1)</script> not a report", "text/html"),
        ("bundle.zip", archive.getvalue(), "application/zip")])
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    preview = next(d.value for d in app.dataframe if "file" in d.value.columns)
    assert set(preview["status"]) <= {i18n.label("status", s) for s in model.STATUSES} | {"压缩包（导入时展开）"}
    assert list(preview["status"])[1:] == ["非年报", "压缩包（导入时展开）"]
    assert "不是政府信息公开年度报告" in preview.loc[1, "warnings"]
    assert preview.loc[1, "format"] == "未识别"
    assert not offending(app), offending(app)
    app.button(key="up_ingest").click()
    app.run()
    result = next(d.value for d in app.dataframe if "result" in d.value.columns)
    assert set(result["result"]) <= {"新增", "更新", "未变化", "失败"}
    assert not offending(app), offending(app)


# --- every code has a label, in both languages -------------------------------------------------------

def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_warning_code_the_parser_emits_has_a_label():
    codes = emitted_warning_codes()
    assert {"blank_as_zero", "table_missing", "region_unresolved", "unreadable_row", "limit_parse_time",
            "truncated_character", "pdf_pages_without_text", "bad_cell_key"} <= codes
    for code in codes:
        assert code in i18n.LABELS["warning"], code
        assert _cjk(i18n.label("warning", code, "zh")) and not _cjk(i18n.label("warning", code, "en")), code


def test_every_check_id_has_a_label():
    for check in check_ids():
        assert check in i18n.LABELS["check"], check
        assert _cjk(i18n.check_name(check, "zh")) and not _cjk(i18n.check_name(check, "en"))


def test_every_query_a_page_shows_has_a_chinese_definition():
    names = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'info\(\s*"([a-z0-9_]+)"', text))
        names |= set(re.findall(r'versions_block\(\s*"([a-z0-9_]+)"', text))
    assert len(names) >= 15
    for name in names:
        assert name in i18n.QUERY_TEXT, name
        definition, unit, caveats = i18n.QUERY_TEXT[name]
        assert _cjk(definition) and not machine_words(definition + unit + caveats), name
        assert not re.search(r"[a-z]+_[a-z_]+", definition + caveats), name     # no column names


def test_check_details_and_warnings_read_as_chinese():
    cases = {
        "null+null = null+null (a cell is null)": "空+空 = 空+空（有单元格为空）",
        "t3.new_received.commercial_enterprise was blank (line 22 cell 3); read as 0":
            "表三「一、本年新收政府信息公开申请数量」×「商业企业」空白（第 22 行第 3 格），按 0 读取",
        "table 3 (v2019) was not found or not read": "未找到或未能读取表三（2019 年版）",
        "parsed; new current version of 遂宁市安居区商务局 2022": "完整解析；成为 遂宁市安居区商务局 2022 年的当前版本",
    }
    for raw, zh in cases.items():
        assert i18n.detail_text(raw, "zh") == zh
        assert i18n.detail_text(raw, "en") == raw
    mixed = i18n.detail_text("3 check(s) pass only because blank cells were read as 0: "
                             "T3.row_sum[new_received], T3.balance[total]", "zh")
    assert mixed.startswith("3 项校验") and not machine_words(mixed)


def test_the_report_page_names_checks_scopes_and_warnings(app, app_db):
    report_id = int(_one(app_db, "SELECT min(report_id) FROM warnings WHERE code = 'blank_as_zero'", []))
    run_page(app, "report", report=str(report_id))
    checks = next(d.value for d in app.dataframe if "check_id" in d.value.columns)
    assert "表三行合计（总计 = 各类申请人之和）" in set(checks["check_id"])
    assert "一、本年新收政府信息公开申请数量" in set(checks["scope"])
    warnings = next(d.value for d in app.dataframe if "code" in d.value.columns)
    assert "空白单元格按 0 读取" in set(warnings["code"])
    assert any(d.startswith("表三「") and "按 0 读取" in d for d in warnings["detail"])


def test_the_report_page_in_english_names_checks_in_english(app, broken_report_id):
    run_page(app, "report", report=str(broken_report_id), lang="en")
    checks = next(d.value for d in app.dataframe if "check_id" in d.value.columns)
    assert "Table 3 row sum (total = sum of applicants)" in set(checks["check_id"])
    assert not any(_cjk(str(v)) for v in checks["check_id"])


# --- agency search: Simplified and Traditional -----------------------------------------------------

@pytest.mark.parametrize("typed", ["兴国", "興國", "興國縣良村鎮"])
def test_agency_search_matches_simplified_and_traditional(app, typed):
    run_page(app, "overview", agency=typed)
    assert metric(app, "报告数") == "1"          # 兴国县良村镇 2024 (printed 興國縣良村鎮)
    assert app.text_input(key="f_agency").value == typed     # the box keeps what was typed


def test_fold_search_is_the_parsers_folding():
    from gongkai.parse.normalize import to_simplified
    assert i18n.fold_search("興國縣") == "兴国县" == to_simplified("興國縣")
    assert i18n.fold_search("商务局") == "商务局"
    assert i18n.fold_search("  ") == "  " and i18n.fold_search(None) is None


# --- in a real browser: the upload box ---------------------------------------------------------------

from tests.app.test_browser import browser, live_app  # noqa: E402,F401  (module-scoped fixtures)


def test_the_upload_box_shows_chinese_words_in_a_browser(live_app, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{live_app}/import")
    box = page.locator('[data-testid="stFileUploaderDropzone"]').first
    box.wait_for(timeout=30_000)
    page.wait_for_function("() => getComputedStyle(document.querySelector("
                           "'[data-testid=stFileUploaderDropzoneInstructions] span'), '::after').content"
                           ".includes('MB')", timeout=30_000)
    shown = box.evaluate("""b => {
        const after = e => getComputedStyle(e, '::after').content;
        const span = b.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span');
        const p = b.querySelector('button p');
        return [after(span), getComputedStyle(span).fontSize, after(p), getComputedStyle(p).fontSize];
    }""")
    assert "单个文件不超过 50 MB" in shown[0] or "不超过 50 MB" in shown[0]
    assert shown[1] == "0px" and shown[3] == "0px"                 # "50MB per file", "Upload" hidden
    assert "选择文件" in shown[2]
    page.close()
