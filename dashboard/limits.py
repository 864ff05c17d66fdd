"""Every size and time limit of gongkai in one typed, validated settings object.

    from dashboard.limits import current
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
| max_upload_bytes          | 50 MiB   | GONGKAI_MAX_UPLOAD_BYTES          | import page: a larger upload is refused with a warning naming it |
| max_upload_files          | 200      | GONGKAI_MAX_UPLOAD_FILES          | import page: files past this count are refused with a warning naming them |

Byte sizes accept a plain integer or a unit: `64MiB`, `50MB`, `1GiB`, `512k` (k/M/G are powers of 1024).
A value that is not a positive number raises `LimitsError` naming the variable; `parse_bytes` then
falls back to the defaults and says so in a `limits_invalid` warning (it never raises).

The parse time budget is a watchdog (`time_budget`): a thread raises `ParseTimeout` in the parsing
thread when the budget is spent, and again every REFIRE_SECONDS until the parse stops. It interrupts
Python code at the next bytecode; a single C call already running (one regex, one lexbor parse)
finishes first. `ParseTimeout` derives from
BaseException so that a library's `except Exception` cannot swallow it.
"""
from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import os
import re
import threading
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



def _set_async_exc(tid: int, exc) -> None:
    """CPython's PyThreadState_SetAsyncExc; `exc` None clears a pending one (NULL, not Py_None)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid),
                                               ctypes.py_object(exc) if exc is not None else None)


REFIRE_SECONDS = 0.05


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout in the calling thread if the block runs longer than `seconds` (0: off).

    Wrap the *whole* `with` in `try/except ParseTimeout`: the exception can surface anywhere up to
    the end of the block, including its exit, but never after it (a late one is cancelled here).
    The watchdog raises again every REFIRE_SECONDS until the block ends: an asynchronous exception
    that lands in a garbage-collector or weakref callback is printed and dropped by Python, so a
    single shot is not enough."""
    if not seconds or seconds <= 0:
        yield
        return
    tid = threading.get_ident()
    lock = threading.Lock()
    stop = threading.Event()
    state = {"done": False, "fired": False}

    def watchdog() -> None:
        if stop.wait(seconds):
            return
        while True:
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                _set_async_exc(tid, ParseTimeout)
            if stop.wait(REFIRE_SECONDS):
                return

    thread = threading.Thread(target=watchdog, name="gongkai-parse-budget", daemon=True)
    try:
        thread.start()       # inside the try: with a tiny budget it can fire before start() returns
        yield
    finally:
        while True:      # once `done` is set under the lock nothing fires again; clear what is pending
            try:
                with lock:
                    state["done"] = True
                    if state["fired"]:
                        _set_async_exc(tid, None)
                stop.set()
                break
            except ParseTimeout:
                continue
