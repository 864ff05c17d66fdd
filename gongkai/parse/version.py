"""Which statutory format a report uses, from the tables themselves (docs/report-format.md §0), never the year alone.

A report for 2018 or earlier predates the 2019 template (signed 2019-11-23): it is `pre2019` unless
the *table headers* of a newer format are printed. Some signatures of docs/report-format.md §0 are phrases a narrative
also uses ("政府集中采购", "其他对外管理服务事项", "第二十条第(九)项"); on their own they do not make an
old report v2019, and neither do they outweigh the old template's own table words (历年累计, 同意公开,
否决公开) when the year is unknown.
"""
from __future__ import annotations

import re
from typing import Optional

from gongkai.parse.formats import SIGNATURES

PRE2019_LAST_YEAR = 2018
# Signatures that can stand in running text, not only in a table header.
NARRATIVE_SIGNATURES = frozenset({r"第二十条第\(?九\)?项", r"政府集中采购", r"其他对外管理服务事项"})

_COMPILED = {v: tuple((re.compile(p), p in NARRATIVE_SIGNATURES) for p in pats)
             for v, pats in SIGNATURES.items()}


def signature_hits(compact_text: str) -> dict[str, int]:
    return {v: sum(bool(rx.search(compact_text)) for rx, _ in pats) for v, pats in _COMPILED.items()}


def _header_hits(compact_text: str) -> int:
    """How many table-header signatures of v2019/v2021 (not narrative phrases) the text holds."""
    return sum(bool(rx.search(compact_text)) for v in ("v2021", "v2019")
               for rx, narrative in _COMPILED[v] if not narrative)


def detect_version(compact_text: str, year: Optional[int]) -> str:
    """v2021 | v2019 | pre2019 | unknown. `compact_text` is normalised with spaces removed."""
    hits = signature_hits(compact_text)
    old_year = year is not None and year <= PRE2019_LAST_YEAR
    if hits["v2021"] or hits["v2019"]:
        if (old_year or (year is None and hits["pre2019"])) and not _header_hits(compact_text):
            return "pre2019"
        return "v2021" if hits["v2021"] >= hits["v2019"] else "v2019"
    if old_year:
        return "pre2019"
    if year is None and hits["pre2019"]:
        return "pre2019"
    return "unknown"
