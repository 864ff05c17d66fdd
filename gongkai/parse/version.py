"""Which statutory format a report uses, from the tables themselves (spec §0), never the year alone."""
from __future__ import annotations

import re
from typing import Optional

from gongkai.parse.formats import SIGNATURES

PRE2019_LAST_YEAR = 2018


def signature_hits(compact_text: str) -> dict[str, int]:
    return {v: sum(bool(re.search(p, compact_text)) for p in pats) for v, pats in SIGNATURES.items()}


def detect_version(compact_text: str, year: Optional[int]) -> str:
    """v2021 | v2019 | pre2019 | unknown. `compact_text` is normalised with spaces removed."""
    hits = signature_hits(compact_text)
    if hits["v2021"] or hits["v2019"]:
        return "v2021" if hits["v2021"] >= hits["v2019"] else "v2019"
    if year is not None and year <= PRE2019_LAST_YEAR:
        return "pre2019"
    if year is None and hits["pre2019"]:
        return "pre2019"
    return "unknown"
