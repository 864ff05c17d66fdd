"""Every size and time limit of gongkai in one typed, validated settings object.

    from gongkai.limits import current
    limits = current()            # defaults, overridden by GONGKAI_* environment variables

| field                     | default  | environment variable              | who enforces it, and what the user sees |
|---------------------------|----------|-----------------------------------|------------------------------------------|
| max_document_bytes        | 64 MiB   | GONGKAI_MAX_DOCUMENT_BYTES        | parse: status `unreadable`, warning `limit_document_bytes` (bytes still stored by ingest) |
| parse_seconds             | 60 s     | GONGKAI_PARSE_SECONDS             | parse: status `unreadable`, warning `limit_parse_time` (0 turns the budget off) |
| max_html_depth            | 4096     | GONGKAI_MAX_HTML_DEPTH            | parse: HTML nested deeper is `unreadable`, warning `limit_html_depth` (the HTML parser slows quadratically) |
| max_html_attributes       | 2000     | GONGKAI_MAX_HTML_ATTRIBUTES       | parse: a tag with more attributes: `unreadable`, warning `limit_html_attributes` |
| max_file_bytes            | 256 MiB  | GONGKAI_MAX_FILE_BYTES            | ingest: a file or archive member larger is `failed` with the size and the cap |
| max_archive_total_bytes   | 1 GiB    | GONGKAI_MAX_ARCHIVE_TOTAL_BYTES   | ingest: all bytes inflated from archives in one run |
| max_archive_members       | 100 000  | GONGKAI_MAX_ARCHIVE_MEMBERS       | ingest: entries in one archive |
| max_archive_depth         | 2        | GONGKAI_MAX_ARCHIVE_DEPTH         | ingest: zip inside zip |
| max_archive_ratio         | 100      | GONGKAI_MAX_ARCHIVE_RATIO         | parse: a DOCX part over 1 MiB that expands more than this many times its compressed size: `unreadable`, `limit_archive_ratio` |
| max_pdf_pages             | 500      | GONGKAI_MAX_PDF_PAGES             | parse: only the first N pages of a longer PDF are read, warning `limit_pdf_pages` |
| max_upload_bytes          | 50 MiB   | GONGKAI_MAX_UPLOAD_BYTES          | import page: a larger upload is refused with a warning naming it |
| max_upload_files          | 200      | GONGKAI_MAX_UPLOAD_FILES          | import page: files past this count are refused with a warning naming them |

Byte sizes accept a plain integer or a unit: `64MiB`, `50MB`, `1GiB`, `512k` (k/M/G are powers of 1024).
A DOCX (any zip-based document) is held to the archive caps before a byte of it is inflated:
at most GONGKAI_MAX_ARCHIVE_MEMBERS entries, no part over GONGKAI_MAX_FILE_BYTES, no part over
1 MiB expanding more than GONGKAI_MAX_ARCHIVE_RATIO times, and all parts together no more than
GONGKAI_MAX_DOCUMENT_BYTES (or GONGKAI_MAX_ARCHIVE_TOTAL_BYTES if smaller): what the parser reads
inflated is bounded like what it reads raw (`limit_archive_*` / `limit_document_bytes`).

A value that is not a positive number raises `LimitsError` naming the variable; `parse_bytes` then
falls back to the defaults and says so in a `limits_invalid` warning (it never raises).

The parse time budget (`time_budget`) is cooperative: the parser's loops call `check_time()`, which
raises `ParseTimeout` once the budget is spent. A single C call already running (one regex, one
lexbor parse, one PDF page) finishes first; the HTML size limits above bound those. `ParseTimeout`
derives from BaseException so that a library's `except Exception` cannot swallow it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Iterator, Mapping, Optional

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
ENV_PREFIX = "GONGKAI_"


class LimitsError(ValueError):
    """A limit setting (usually an environment variable) that is not a valid value."""

    def __init__(self, message: str, field: Optional[str] = None):
        super().__init__(message)
        self.field = field


class LimitExceeded(Exception):
    """A document or input went past a limit. `code` is the warning/summary code (limit_…)."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


class ParseTimeout(BaseException):
    """Raised asynchronously in a parsing thread whose time budget is spent (see time_budget)."""


@dataclass(frozen=True)
class Limits:
    max_document_bytes: int = 64 * MiB
    parse_seconds: float = 60.0
    max_html_depth: int = 4096
    max_html_attributes: int = 2000
    max_file_bytes: int = 256 * MiB
    max_archive_total_bytes: int = 1 * GiB
    max_archive_members: int = 100_000
    max_archive_depth: int = 2
    max_archive_ratio: int = 100
    max_pdf_pages: int = 500
    max_upload_bytes: int = 50 * MiB
    max_upload_files: int = 200

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise LimitsError(f"{f.name} must be a number, got {value!r}", f.name)
            if f.name == "parse_seconds":
                if value < 0 or value != value or value == float("inf"):
                    raise LimitsError(f"parse_seconds must be >= 0 (0 = no budget), got {value!r}",
                                      f.name)
            elif not isinstance(value, int) or value < 1:
                raise LimitsError(f"{f.name} must be a positive integer, got {value!r}", f.name)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Limits":
        """Defaults overridden by GONGKAI_<FIELD> variables; LimitsError names a bad one."""
        env = os.environ if env is None else env
        values = {}
        for f in dataclasses.fields(cls):
            var = env_var(f.name)
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            try:
                values[f.name] = (_seconds(raw) if f.name == "parse_seconds"
                                  else _size(raw) if f.name.endswith("_bytes") else _count(raw))
            except ValueError as exc:
                raise LimitsError(f"{var}={raw!r}: {exc}", f.name) from None
        try:
            return cls(**values)
        except LimitsError as exc:
            var = env_var(exc.field) if exc.field else f"{ENV_PREFIX}*"
            raise LimitsError(f"{var}={env.get(var)!r}: {exc}", exc.field) from None

    def replace(self, **changes) -> "Limits":
        return dataclasses.replace(self, **changes)

    def describe(self) -> dict[str, object]:
        """Field → value, for summaries and docs."""
        return dataclasses.asdict(self)


DEFAULTS = Limits()


def env_var(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def current() -> Limits:
    """The limits in force now (environment read on each call, so tests and servers can change it)."""
    return Limits.from_env()


def current_or_default() -> tuple[Limits, Optional[str]]:
    """(limits, problem): never raises; a bad setting gives the defaults and the reason."""
    try:
        return current(), None
    except LimitsError as exc:
        return DEFAULTS, str(exc)


_UNITS = {"": 1, "b": 1, "k": KiB, "kb": 1000, "kib": KiB, "m": MiB, "mb": 1000 ** 2, "mib": MiB,
          "g": GiB, "gb": 1000 ** 3, "gib": GiB}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.I)


def _size(raw: str) -> int:
    m = _SIZE.match(raw)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError("not a byte size (e.g. 67108864, 64MiB, 50MB)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _count(raw: str) -> int:
    try:
        return int(raw.strip().replace("_", ""))
    except ValueError:
        raise ValueError("not an integer") from None


def _seconds(raw: str) -> float:
    try:
        return float(raw.strip().rstrip("s"))
    except ValueError:
        raise ValueError("not a number of seconds") from None


def human_bytes(n: int) -> str:
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


# --- the parse time budget ------------------------------------------------------------------------



_budget = threading.local()


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Give the block `seconds` (0: no limit); check_time() inside it raises ParseTimeout after.

    Cooperative on purpose: the parser's loops (rows, table cells, cuts of a digit run, solver
    combinations, PDF pages, HTML nodes) call check_time(), so a timeout surfaces at one of those
    points and nowhere else: never inside a library's cleanup, a garbage-collector callback or a
    caller's code after the block, as an asynchronous exception could."""
    previous = getattr(_budget, "deadline", None)
    _budget.deadline = (time.monotonic() + seconds) if seconds and seconds > 0 else None
    try:
        yield
    finally:
        _budget.deadline = previous


def check_time() -> None:
    """Raise ParseTimeout when the current thread's time budget is spent (cheap: call it often)."""
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise ParseTimeout()
