"""Collecting inputs: the documents an ingest is asked to store, from files, folders and .zip archives.

Its own module because reading hostile input is a job of its own: folders are walked in a stable
order, archives are read in memory and never extracted, and `ArchiveLimits` stops a zip bomb while it
inflates. Each input comes out as an `Item` (its bytes are loaded later, by the writer) or, when it
cannot be read at all, as a failed `Outcome` with the reason shown in the summary.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from gongkai import limits as gk_limits


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps that stop a zip bomb: bytes are counted as they are inflated, not taken from headers.
    Defaults and GONGKAI_* overrides live in gongkai/limits.py (`from_settings`)."""
    max_total_bytes: int = 1 << 30      # all members of one ingest together (1 GiB)
    max_member_bytes: int = 256 << 20   # one member (256 MiB)
    max_members: int = 100_000          # entries in one archive
    max_depth: int = 2                  # zip inside zip inside zip stops here
    max_file_bytes: int = 256 << 20     # one plain file on disk (256 MiB)

    @classmethod
    def from_settings(cls, settings: Optional[gk_limits.Limits] = None) -> "ArchiveLimits":
        s = settings or gk_limits.current()
        return cls(max_total_bytes=s.max_archive_total_bytes, max_member_bytes=s.max_file_bytes,
                   max_members=s.max_archive_members, max_depth=s.max_archive_depth,
                   max_file_bytes=s.max_file_bytes)


class InputError(Exception):
    """An input that cannot be read; the message is the reason shown in the summary."""


@dataclass
class Item:
    origin: str                         # path, or archive!member
    name: str                           # file name handed to the parser
    load: Callable[[], bytes]


@dataclass
class Outcome:
    """What happened to one input (a line of the summary). Defined here, below the writer, because an
    input that cannot be read is already an outcome; the writer makes all the others."""
    origin: str
    result: str                         # new | updated | unchanged | failed
    reason: str = ""
    sha256: Optional[str] = None
    report_id: Optional[int] = None
    parse_status: Optional[str] = None


class _Budget:
    def __init__(self, limit: int):
        self.left = limit

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise InputError("archives expand beyond the total size cap; not read")


def collect(paths: Iterable[Union[str, Path]], limits: ArchiveLimits) -> Iterator[Union[Item, Outcome]]:
    """Every input document in a stable order: files as given, folders recursively (sorted, hidden
    entries skipped), zip members by name. Unreadable inputs come out as failed Outcomes."""
    budget = _Budget(limits.max_total_bytes)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(_walk(path)):
                yield from _file_items(sub, str(sub), limits, budget)
        elif path.is_file():
            yield from _file_items(path, str(raw), limits, budget)
        else:
            yield Outcome(str(raw), "failed", "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def _file_items(path: Path, origin: str, limits: ArchiveLimits, budget: _Budget):
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                yield from _zip_items(zf, origin, lambda: zipfile.ZipFile(path), limits, budget, 1)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Outcome(origin, "failed", f"not a readable zip archive ({exc})")
        return
    try:
        size = path.stat().st_size
    except OSError:
        size = 0                        # _read_file reports the error
    if size > limits.max_file_bytes:
        yield Outcome(origin, "failed", f"file is {size} bytes (cap {limits.max_file_bytes}, "
                                        "GONGKAI_MAX_FILE_BYTES); not read")
        return
    yield Item(origin, path.name, lambda: _read_file(path))


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def _zip_items(zf: zipfile.ZipFile, origin: str, reopen: Callable[[], zipfile.ZipFile],
               limits: ArchiveLimits, budget: _Budget, depth: int):
    infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    if len(infos) > limits.max_members:
        yield Outcome(origin, "failed", f"archive has {len(infos)} entries (cap {limits.max_members})")
        return
    for info in sorted(infos, key=lambda i: i.filename):
        member = f"{origin}!{info.filename}"
        if not _safe_member_name(info.filename):
            yield Outcome(member, "failed", "unsafe name in archive (absolute or '..' path); skipped")
            continue
        if info.file_size > limits.max_member_bytes:
            yield Outcome(member, "failed", f"declares {info.file_size} bytes (cap {limits.max_member_bytes})")
            continue
        name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if name.startswith("."):
            continue
        load = _member_loader(reopen, info.filename, limits, budget)
        if name.lower().endswith(".zip"):
            if depth >= limits.max_depth:
                yield Outcome(member, "failed", f"archive nested deeper than {limits.max_depth}")
                continue
            try:
                data = load()
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _zip_items(inner, member, lambda d=data: zipfile.ZipFile(io.BytesIO(d)),
                                          limits, budget, depth + 1)
            except InputError as exc:
                yield Outcome(member, "failed", str(exc))
            except zipfile.BadZipFile as exc:
                yield Outcome(member, "failed", f"not a readable zip archive ({exc})")
            continue
        yield Item(member, name, load)


def _safe_member_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts
                or "\x00" in name)


def _member_loader(reopen: Callable[[], zipfile.ZipFile], member: str, limits: ArchiveLimits,
                   budget: _Budget) -> Callable[[], bytes]:
    def load() -> bytes:
        chunks, total = [], 0
        try:
            with reopen() as zf, zf.open(member) as fh:
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > limits.max_member_bytes:
                        raise InputError(f"expands beyond {limits.max_member_bytes} bytes; not read")
                    budget.take(len(chunk))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise InputError(f"cannot inflate: {exc}") from None
        return b"".join(chunks)
    return load
