"""Shared vocabulary of a parsed report, serialised exactly as ../shared/spec/parse-output.md says.

Everything downstream (store, queries, dashboard, `gongkai parse --json`) reads these objects, so
keys are stable and only ever added to.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional, Union

Number = Union[int, float]

STATUSES = ("parsed", "partial", "not_a_report", "unreadable")
FORMAT_VERSIONS = ("v2019", "v2021", "pre2019", "unknown")
SCOPES = ("agency", "government_organ", "jurisdiction_aggregate", "system_aggregate", "unknown")


@dataclass
class SourceInfo:
    path: str
    sha256: str
    media_type: str
    encoding: Optional[str] = None


@dataclass
class Region:
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    code: Optional[str] = None


@dataclass
class Check:
    id: str          # identity id from report-format.md §5, e.g. "T3.balance"
    scope: str       # the column / row / table it was checked on, e.g. "total"
    status: str      # pass | fail | na
    detail: str


@dataclass
class Warning:
    code: str        # machine-readable, e.g. "blank_as_zero", "ambiguous_split"
    detail: str      # human-readable and specific


@dataclass
class CellSource:
    """Where a figure came from: the raw text it was read from and its place in the document."""
    raw: str
    where: str


@dataclass
class ParsedReport:
    source: SourceInfo
    status: str = "not_a_report"
    agency: Optional[str] = None
    year: Optional[int] = None
    format_version: str = "unknown"
    report_scope: str = "unknown"
    published_on: Optional[str] = None
    region: Region = field(default_factory=Region)
    proactive_count: Optional[int] = None
    cells: dict[str, Optional[Number]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    # Not part of the JSON contract: provenance per cell and the document's text, kept for the store.
    provenance: dict[str, CellSource] = field(default_factory=dict)
    text: str = ""

    def warn(self, code: str, detail: str) -> None:
        self.warnings.append(Warning(code, detail))

    def to_dict(self) -> dict[str, Any]:
        """The object of spec/parse-output.md, in its key order."""
        return {
            "source": asdict(self.source),
            "status": self.status,
            "agency": self.agency,
            "year": self.year,
            "format_version": self.format_version,
            "report_scope": self.report_scope,
            "published_on": self.published_on,
            "region": asdict(self.region),
            "proactive_count": self.proactive_count,
            "cells": dict(self.cells),
            "checks": [asdict(c) for c in self.checks],
            "warnings": [asdict(w) for w in self.warnings],
        }
