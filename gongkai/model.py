"""Shared vocabulary of a parsed report, serialised exactly as docs/parse-output.md says.

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
# Reports whose figures add up to a jurisdiction's (never the aggregates themselves: docs/report-format.md §6).
COMPONENT_SCOPES = ("agency", "government_organ")
AGGREGATE_SCOPES = ("jurisdiction_aggregate", "system_aggregate")
# The scope filter of every roll-up: the two special values (COMPONENT_SCOPES together; every report),
# then any one report scope.
SPECIAL_FILTER_SCOPES = ("components", "all")
FILTER_SCOPES = SPECIAL_FILTER_SCOPES + SCOPES
# How roll-ups group reports (the `group_by` parameter of the indicators).
GROUPINGS = ("agency", "province", "city", "county", "level", "sector", "scope", "year", "all")
# Outcomes of table 3 (the `outcome` parameter; report_outcomes rows).
OUTCOMES = ("granted", "partial_grant", "substantive", "denied_total", "denied_state_secret",
            "denied_law_prohibited", "denied_security_stability", "denied_third_party_rights",
            "denied_internal_affairs", "denied_process_info", "denied_enforcement_file",
            "denied_admin_query", "unavailable_total", "unavailable_not_held",
            "unavailable_needs_creation", "unavailable_unclear", "unavailable_not_held_share",
            "not_processed_total", "not_processed_petition", "not_processed_duplicate",
            "not_processed_publication", "not_processed_excessive", "not_processed_confirmation",
            "other_total", "other_no_correction", "other_unpaid_fee", "other_misc", "backlog")


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
    """Where a figure came from: the characters it was read from, as printed, and their place in
    the document (docs/parse-output.md, "Provenance"). `raw` is "" when the value has no printed
    characters of its own (an empty cell lost in flattening); `where` then names only the cell."""
    raw: str
    where: str    # e.g. "line 10 chars 1234-1237; text line 8 chars 1234-1237"
    span: Optional[tuple[int, int]] = None       # [start, end) of raw in `cell`
    cell: str = ""                               # the source cell's whole text as printed
    line: Optional[int] = None                   # 1-based line of ParsedReport.text holding raw
    line_span: Optional[tuple[int, int]] = None  # [start, end) of raw in that line


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
    # Additive, in the JSON only when set: the agency as printed when that differs from `agency`
    # (stored in Simplified script), and the sentence proactive_count was read from:
    # {"text": sentence, "line": 1-based line, "span": [start, end]} (offsets in the NFKC text).
    agency_printed: Optional[str] = None
    proactive_source: Optional[dict[str, Any]] = None

    def warn(self, code: str, detail: str) -> None:
        self.warnings.append(Warning(code, detail))

    def to_dict(self) -> dict[str, Any]:
        """The object of docs/parse-output.md, in its key order; the optional keys agency_printed and
        proactive_source appear (after agency and proactive_count) only when set."""
        out: dict[str, Any] = {"source": asdict(self.source), "status": self.status, "agency": self.agency}
        if self.agency_printed is not None:
            out["agency_printed"] = self.agency_printed
        out.update({
            "year": self.year,
            "format_version": self.format_version,
            "report_scope": self.report_scope,
            "published_on": self.published_on,
            "region": asdict(self.region),
            "proactive_count": self.proactive_count,
        })
        if self.proactive_source is not None:
            out["proactive_source"] = dict(self.proactive_source)
        out.update({
            "cells": dict(self.cells),
            "checks": [asdict(c) for c in self.checks],
            "warnings": [asdict(w) for w in self.warnings],
        })
        return out
