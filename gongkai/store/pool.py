"""Parsing documents for an ingest: the default parser, the safety net around it, and the worker pool.

Its own module because parsing is the only part of an ingest that may run in other processes: what
a worker process needs (`_warm_worker`, `_safe_parse`) must be importable without the writer, and a
parser that raises must cost one document, never the run.
"""
from __future__ import annotations

import mimetypes
from typing import Callable

from gongkai.model import ParsedReport, SourceInfo, Warning

Parser = Callable[[bytes, str], ParsedReport]


def default_parser() -> Parser:
    from gongkai.parse import parse_bytes
    return parse_bytes


def _parse_pool(workers: int):
    """Worker processes for parsing. `spawn`, not fork: the parent may hold DuckDB threads and
    locks; each worker imports the parser once and warms its caches (cpca, OpenCC) up front."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_warm_worker)


_WARM_DOC = "测试市测试局2022年政府信息公开工作年度报告\n一、总体情况\n".encode("utf-8")


def _warm_worker() -> None:
    try:
        default_parser()(_WARM_DOC, "warm.txt")
    except Exception:  # noqa: BLE001 - warming is only an optimisation
        pass


def _safe_parse(parser: Parser, data: bytes, name: str, sha: str) -> ParsedReport:
    """The parser promises never to raise; if it does, keep the document and say why.
    Runs in a worker process when ingesting with --workers."""
    try:
        return parser(data, name)
    except Exception as exc:  # noqa: BLE001 - one bad document must not lose the others
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        report = ParsedReport(source=SourceInfo(path=name, sha256=sha, media_type=media),
                              status="unreadable")
        report.warnings.append(Warning("parser_error", f"{type(exc).__name__}: {exc}"))
        return report
