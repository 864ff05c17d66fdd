"""What every parse result and every ingest must satisfy, whatever the input (shared by the hostile
suite, the hypothesis tests and benchmarks/fuzz.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Iterable, Optional, Sequence

from gongkai.model import FORMAT_VERSIONS, SCOPES, STATUSES, ParsedReport

KEYS = ["source", "status", "agency", "year", "format_version", "report_scope", "published_on",
        "region", "proactive_count", "cells", "checks", "warnings"]
# Keys present only when they carry something, each right after the key it qualifies.
OPTIONAL_KEYS = {"agency_printed": "agency", "proactive_source": "proactive_count"}
CELL_KEY = re.compile(r"^t[234]\.[a-z0-9_]+\.[a-z0-9_]+$")
CHECK_STATUSES = ("pass", "fail", "na")


class ContractError(AssertionError):
    pass


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise ContractError(what)


def _opt(value, kind) -> bool:
    return value is None or (isinstance(value, kind) and not isinstance(value, bool))


def check_output(report: ParsedReport, data: bytes, name: str) -> dict:
    """Keys, types and invariants of docs/parse-output.md; returns the dict."""
    from gongkai.parse.formats import FORMATS

    _need(isinstance(report, ParsedReport), f"not a ParsedReport: {type(report)}")
    d = report.to_dict()
    _need([k for k in d if k not in OPTIONAL_KEYS] == KEYS, f"keys {list(d)}")
    for key, after in OPTIONAL_KEYS.items():
        if key in d:
            _need(list(d)[list(d).index(after) + 1] == key, f"{key} not right after {after}")
    if "agency_printed" in d:
        _need(isinstance(d["agency_printed"], str) and d["agency_printed"] != d["agency"], "agency_printed")
    if "proactive_source" in d:
        src_ = d["proactive_source"]
        _need(d["proactive_count"] is not None and set(src_) == {"text", "line", "span"}
              # a figure wrapped over two lines of a PDF is read whole: compare without spaces
              and str(d["proactive_count"]) in re.sub(r"[,\s]", "", src_["text"]), "proactive_source")
    src = d["source"]
    _need(set(src) == {"path", "sha256", "media_type", "encoding"}, f"source keys {set(src)}")
    _need(src["path"] == name, "source.path is not the name given")
    _need(src["sha256"] == hashlib.sha256(data).hexdigest(), "source.sha256 is not the bytes' hash")
    _need(isinstance(src["media_type"], str) and src["media_type"], "media_type")
    _need(_opt(src["encoding"], str), "encoding")
    _need(d["status"] in STATUSES, f"status {d['status']!r}")
    _need(_opt(d["agency"], str) and (d["agency"] is None or d["agency"].strip() != ""), "agency")
    _need(_opt(d["year"], int), f"year {d['year']!r}")
    _need(d["format_version"] in FORMAT_VERSIONS, f"format_version {d['format_version']!r}")
    _need(d["report_scope"] in SCOPES, f"report_scope {d['report_scope']!r}")
    if d["published_on"] is not None:
        _need(isinstance(d["published_on"], str), "published_on type")
        dt.date.fromisoformat(d["published_on"])
    _need(set(d["region"]) == {"province", "city", "county", "code"}, "region keys")
    _need(all(_opt(v, str) for v in d["region"].values()), "region values")
    _need(_opt(d["proactive_count"], int), f"proactive_count {d['proactive_count']!r}")
    _need(isinstance(d["cells"], dict), "cells")
    for key, value in d["cells"].items():
        _need(bool(CELL_KEY.match(key)), f"cell key {key!r}")
        _need(_opt(value, (int, float)), f"cell {key} = {value!r}")
        _need(value is None or math.isfinite(value), f"cell {key} = {value!r} is not finite")
    if d["format_version"] in FORMATS:
        if d["status"] in ("parsed", "partial"):
            fmt = FORMATS[d["format_version"]]
            expected = set(fmt.cell_keys)
            # group-total cells (docs/parse-output.md "Group-total cells"): a whole group or none
            extra = set(d["cells"]) - expected
            groups = {}
            for c in fmt.group_cells:
                groups.setdefault(c.key.rsplit(".", 1)[0], set()).add(c.key)
            _need(expected <= set(d["cells"]) and all(keys <= extra or not keys & extra
                                                      for keys in groups.values())
                  and extra <= set().union(*groups.values()),
                  "cells are not exactly the detected format's keys (and whole group totals)")
        if d["status"] == "parsed":
            _need(all(v is not None for v in d["cells"].values()), "parsed but some cells are null")
    for c in d["checks"]:
        _need(set(c) == {"id", "scope", "status", "detail"}, f"check keys {set(c)}")
        _need(c["status"] in CHECK_STATUSES and all(isinstance(c[k], str) for k in c), f"check {c}")
    for w in d["warnings"]:
        _need(set(w) == {"code", "detail"}, f"warning keys {set(w)}")
        _need(isinstance(w["code"], str) and w["code"] and isinstance(w["detail"], str)
              and w["detail"], f"warning {w}")
    if d["status"] in ("not_a_report", "unreadable"):
        _need(bool(d["warnings"]), f"{d['status']} without a warning saying why")
    _check_provenance(report)
    json.dumps(d, ensure_ascii=False, allow_nan=False)       # the JSON Lines output can be written
    return d


def _check_provenance(report: ParsedReport) -> None:
    """docs/parse-output.md "Provenance": a source's span holds exactly its raw characters, in its
    cell and in its line of the document text; where says the same."""
    from gongkai.parse.provenance import parse_where

    lines = None
    for key, src in report.provenance.items():
        _need(isinstance(src.raw, str) and isinstance(src.where, str) and src.where, f"provenance {key}")
        if src.span is not None:
            _need(src.cell[src.span[0]:src.span[1]] == src.raw, f"provenance {key}: span {src.span} "
                  f"of the cell does not hold {src.raw!r}")
        if src.line is not None:
            lines = report.text.split("\n") if lines is None else lines
            a, b = src.line_span
            _need(0 < src.line <= len(lines) and lines[src.line - 1][a:b] == src.raw,
                  f"provenance {key}: text line {src.line} [{a}:{b}] does not hold {src.raw!r}")
            where = parse_where(src.where)
            _need((where["line"], where["line_span"]) == (src.line, src.line_span),
                  f"provenance {key}: where {src.where!r} names another place")


def verify_ingest(summary, db_path: Path, inputs: Sequence[Path],
                  expect_failed: Iterable[str] = ()) -> dict:
    """Every input is accounted for: stored (retrievable by sha256, same bytes) or reported failed
    with a reason. Returns figures: {'inputs', 'stored', 'failed', 'lost'}; raises on a loss."""
    from gongkai.store import db
    from gongkai.store.documents import DocumentCorrupt, DocumentMissing, read_document

    outcomes = summary.outcomes
    origins = {o.origin for o in outcomes}
    lost = []
    for path in inputs:
        if path.suffix.lower() == ".zip":
            if not any(o.origin == str(path) or o.origin.startswith(f"{path}!") for o in outcomes):
                lost.append(str(path))
        elif str(path) not in origins:
            lost.append(str(path))
    con = db.connect_read(db_path)
    try:
        stored, failed = 0, 0
        for o in outcomes:
            _need(o.result in ("new", "updated", "unchanged", "failed", "skipped"),
                  f"result {o.result!r}")
            if o.result in ("failed", "skipped"):       # skipped: a link or special file in a folder
                failed += 1
                _need(bool(o.reason), f"{o.origin} {o.result} without a reason")
                continue
            _need(o.sha256 is not None and len(o.sha256) == 64, f"{o.origin}: no sha256")
            row = db.run(con, "SELECT d.size_bytes, r.status FROM documents AS d "
                              "JOIN reports AS r ON r.document_sha256 = d.sha256 WHERE d.sha256 = ?",
                         [o.sha256])
            if len(row) != 1:
                lost.append(o.origin)
                continue
            try:
                content = read_document(db_path, o.sha256, con)
            except (DocumentMissing, DocumentCorrupt):
                lost.append(o.origin)
                continue
            _need(hashlib.sha256(content).hexdigest() == o.sha256, f"{o.origin}: stored bytes differ")
            if "!" not in o.origin:
                _need(content == Path(o.origin).read_bytes(), f"{o.origin}: stored bytes differ")
            stored += 1
        unexpected = [o.origin for o in outcomes if o.result == "failed"
                      and not any(tag in o.origin for tag in expect_failed)]
        _need(not unexpected, f"unexpected failures: {unexpected}")
    finally:
        con.close()
    _need(not lost, f"documents lost: {lost}")
    return {"inputs": len(inputs), "stored": stored, "failed": failed, "lost": len(lost)}


def first_warning(report: ParsedReport, codes: Sequence[str]) -> Optional[str]:
    for w in report.warnings:
        if w.code in codes:
            return w.detail
    return None
