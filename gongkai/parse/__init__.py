"""parse_file(path) / parse_bytes(data, name) → ParsedReport: the one public entry to parsing.

Never raises on bad input: whatever the bytes, the result says what they were (`status`) and why.
Stages: sniff.read_document (bytes → rows of cells) → metadata → version → tables → checks.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from gongkai import limits as _limits
from gongkai.model import ParsedReport, SourceInfo
from gongkai.parse.checks import run_checks
from gongkai.parse.formats import FORMATS
from gongkai.parse.metadata import extract_metadata
from gongkai.parse.normalize import compact, nfkc_text
from gongkai.parse.source import NotAReport, UnreadableDocument
from gongkai.parse.tables import TableReader
from gongkai.parse.version import detect_version, signature_hits

REPORT_WORDS = ("政府信息公开", "政务公开")
REPORT_TITLE_WORDS = ("年度报告", "年报", "工作报告", "工作情况")
# Section markers of the statutory outline (docs/report-format.md §2, §7); a report shows several of them.
SECTION_MARKERS = ("总体情况", "概述", "主动公开", "依申请公开", "收到和处理", "行政复议",
                   "存在的主要问题", "其他需要报告的事项")
MIN_SECTION_MARKERS = 2
# The largest figure kept: beyond 2**53 a number cannot be stored exactly (DOUBLE, JSON in browsers)
# and no count or sum of money in a report comes near it; a longer digit run is a misreading.
MAX_FIGURE = 2 ** 53 - 1


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """A hash of the parser's own source: figures stored by a different parser may differ."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def parse_file(path: str | Path) -> ParsedReport:
    """Read and parse one file. OSError (missing, unreadable file) is the caller's to handle."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), str(path))


def parse_bytes(data: bytes, name: str = "", *,
                limits: "_limits.Limits | None" = None) -> ParsedReport:
    """Parse one document. `limits` (default: gongkai.limits.current()) bounds its size and the
    time spent on it; a document past a limit is `unreadable` with a `limit_…` warning."""
    report = ParsedReport(SourceInfo(path=name, sha256=hashlib.sha256(data).hexdigest(),
                                     media_type="application/octet-stream"))
    if limits is None:
        limits, problem = _limits.current_or_default()
        if problem:
            report.warn("limits_invalid", f"{problem}; using the default limits")
    try:
        with _limits.time_budget(limits.parse_seconds):
            _parse_into(report, data, name, limits)
    except _limits.ParseTimeout:
        _abandon(report, "limit_parse_time",
                 f"parsing took longer than the {limits.parse_seconds:g} s budget per document "
                 f"(GONGKAI_PARSE_SECONDS); stopped, no figures kept")
    except _limits.LimitExceeded as exc:
        _abandon(report, exc.code, exc.detail)
    except NotAReport as exc:
        report.status = "not_a_report"
        report.warn("not_a_report", str(exc))
    except UnreadableDocument as exc:
        report.status = "unreadable"
        report.warn("unreadable", str(exc))
    except Exception as exc:  # a parser bug must not lose the document or stop a batch
        report.status = "unreadable"
        report.warn("internal_error", f"{type(exc).__name__}: {exc}")
    return report


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} digits)"


def _abandon(report: ParsedReport, code: str, detail: str) -> None:
    """A limit stopped the parse: keep what identifies the document, drop half-read figures."""
    report.status = "unreadable"
    report.format_version = "unknown"
    report.cells, report.checks, report.provenance = {}, [], {}
    report.warn(code, detail)


def _flag_checks_that_rely_on_blanks(report: ParsedReport, blank_cells: set[str]) -> None:
    """Spec §5: flag a report whenever a check passes only because blanks were read as 0."""
    if not blank_cells:
        return
    unknown = {k: (None if k in blank_cells else v) for k, v in report.cells.items()}
    without = {(c.id, c.scope): c.status for c in run_checks(report.format_version, unknown)}
    relying = [f"{c.id}[{c.scope}]" for c in report.checks
               if c.status == "pass" and without.get((c.id, c.scope)) == "na"]
    if relying:
        shown = ", ".join(relying[:8]) + (f" and {len(relying) - 8} more" if len(relying) > 8 else "")
        report.warn("checks_rely_on_blanks", f"{len(relying)} check(s) pass only because blank "
                    f"cells were read as 0: {shown}")


def _parse_into(report: ParsedReport, data: bytes, name: str,
                limits: "_limits.Limits" = _limits.DEFAULTS) -> None:
    from gongkai.parse.sniff import read_document  # heavy readers load only when parsing

    doc = read_document(data, name, max_bytes=limits.max_document_bytes,
                        max_html_depth=limits.max_html_depth,
                        max_html_attributes=limits.max_html_attributes, limits=limits)
    report.source.media_type = doc.media_type
    report.source.encoding = doc.encoding
    for code, detail in doc.warnings:
        report.warn(code, detail)
    report.text = doc.text
    # One NFKC pass over the whole text, shared: compact() and the metadata's line-by-line NFKC
    # give the same results on it as on the raw text (NFKC is idempotent, keeps line breaks and
    # already turns U+00A0/U+3000 into spaces), and the checks find compact(text) in its cache.
    text = nfkc_text(report.text)
    flat = compact(text)

    meta = extract_metadata(text, doc.title_hint, doc.meta)
    report.agency, report.year, report.published_on = meta.agency, meta.year, meta.published_on
    report.report_scope, report.region, report.proactive_count = (
        meta.report_scope, meta.region, meta.proactive_count)
    report.agency_printed, report.proactive_source = meta.agency_printed, meta.proactive_source
    for code, detail in meta.warnings:
        report.warn(code, detail)
    if report.proactive_count is not None and not 0 <= report.proactive_count <= MAX_FIGURE:
        report.warn("figure_out_of_range", f"proactive_count read as {_short(report.proactive_count)}, "
                    f"outside 0…{MAX_FIGURE}; left null")
        report.proactive_count = None
        report.proactive_source = None

    version = detect_version(flat, report.year)
    report.format_version = version
    looks_like_report = (any(w in flat for w in REPORT_WORDS)
                         and sum(m in flat for m in SECTION_MARKERS) >= MIN_SECTION_MARKERS
                         and (any(w in flat for w in REPORT_TITLE_WORDS)
                              or any(signature_hits(flat).values())))
    if version in FORMATS:
        tables = TableReader(version).read(doc.rows)
        report.cells = tables.cells
        report.provenance = tables.provenance
        for code, detail in tables.warnings:
            report.warn(code, detail)
        for key, value in report.cells.items():
            if value is not None and abs(value) > MAX_FIGURE:
                report.warn("figure_out_of_range", f"{key} read as {_short(value)}, beyond "
                            f"{MAX_FIGURE}: not a figure (digits run together?); left null")
                report.cells[key] = None
        report.checks = run_checks(version, report.cells, text)
        _flag_checks_that_rely_on_blanks(report, tables.blank_cells)
        missing = [k for k, v in report.cells.items() if v is None]
        for table in ("t2", "t3", "t4"):
            if table not in tables.found:
                report.warn("table_missing", f"table {table[1]} ({version}) was not found or not read")
        report.status = "partial" if missing else "parsed"
    elif version == "pre2019" and looks_like_report:
        report.status = "parsed"
        report.warn("pre2019", "report predates the 2019 format: narrative kept, no statutory tables")
    elif looks_like_report:
        report.status = "partial"
        report.warn("tables_missing", "reads as an annual report but no table of the 2019 or 2021 "
                    "format was found (tables may be images or missing from the page)")
    else:
        report.status = "not_a_report"
        report.format_version = "unknown"
        report.warn("not_a_report", "no sign of a 政府信息公开工作年度报告: no table of the statutory "
                    "format and not enough of its title words and section headings")
    try:        # provenance of the metadata fields: auxiliary, never a reason to fail a parse
        from gongkai.parse.provenance import field_sources
        report.provenance.update(field_sources(report, report.text, text, doc.title_hint, doc.meta))
    except Exception:  # noqa: BLE001
        pass
