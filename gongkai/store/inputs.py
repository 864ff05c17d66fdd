"""Collecting inputs: the documents an ingest is asked to store, from files, folders and .zip archives.

Its own module because reading hostile input is a job of its own: folders are walked in a stable
order, archives are read in memory and never extracted, and `ArchiveLimits` stops a zip bomb while it
inflates. Each input comes out as an `Item` (its bytes are loaded later, by the writer) or, when it
cannot be read at all, as a failed `Outcome` with the reason shown in the summary.

Symbolic links: a path named by the caller (the command line, an upload) is read even when it is a
link: the user chose it. Inside a folder being walked, links are never followed, to files or to
folders (`ln -s /etc/passwd d/passwd.html` would otherwise store the password file): each comes out
as a `skipped` Outcome saying where it points. Nor is anything but a regular file read there (a FIFO
would block the ingest, a device never end). Files found by the walk are opened with O_NOFOLLOW, so
one swapped for a link between the walk and the read is refused too.
"""
from __future__ import annotations

import errno
import io
import os
import re
import stat
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
    url: Optional[str] = None           # where it was fetched from (harvest), else None


@dataclass
class Outcome:
    """What happened to one input (a line of the summary). Defined here, below the writer, because an
    input that cannot be read is already an outcome; the writer makes all the others."""
    origin: str
    result: str                         # new | updated | unchanged | failed | skipped
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
    entries skipped, symbolic links and special files skipped with the reason), zip members by name.
    Unreadable inputs come out as failed Outcomes."""
    budget = _Budget(limits.max_total_bytes)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():                       # named by the caller: walked even if it is a link
            for sub, why in sorted(_walk_entries(path)):
                if why:
                    yield Outcome(str(sub), "skipped" if why.startswith(_SKIPPED) else "failed", why)
                else:
                    yield from _file_items(sub, str(sub), limits, budget, follow=False)
        elif path.is_file():                    # named by the caller: read even if it is a link
            yield from _file_items(path, str(raw), limits, budget, follow=True)
        elif path.exists():
            yield Outcome(str(raw), "failed", _SPECIAL)
        else:
            yield Outcome(str(raw), "failed", "no such file or directory")


_SKIPPED = ("symbolic link", "not a regular file")
_SPECIAL = "not a regular file (a FIFO, socket or device); not read"


def _link_reason(path: Path, kind: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (f"symbolic link to {kind} {target}; links inside a folder are not followed "
            "(name the target itself to ingest it)")


def _walk(folder: Path) -> Iterator[Path]:
    """The regular files under `folder` (hidden entries, links and special files left out)."""
    return (path for path, why in _walk_entries(folder) if not why)


def _walk_entries(folder: Path) -> Iterator[tuple[Path, str]]:
    """(path, "") for every regular file under `folder`, (path, why) for what is not read: links
    (to files or folders; os.walk does not descend into linked folders), special files, and
    folders that cannot be listed (os.walk would drop those silently)."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        keep = []
        for name in dirs:
            if name.startswith("."):
                continue
            full = Path(root) / name
            if full.is_symlink():
                yield full, _link_reason(full, "folder")
            else:
                keep.append(name)
        dirs[:] = keep
        for name in files:
            if name.startswith("."):
                continue
            full = Path(root) / name
            try:
                mode = full.lstat().st_mode
            except OSError:
                yield full, ""                  # _read_file reports the error
                continue
            if stat.S_ISLNK(mode):
                yield full, _link_reason(full, "file")
            elif not stat.S_ISREG(mode):
                yield full, _SPECIAL
            else:
                yield full, ""
    for exc in errors:
        yield Path(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}"


def _file_items(path: Path, origin: str, limits: ArchiveLimits, budget: _Budget, follow: bool = True):
    if path.suffix.lower() == ".zip":
        try:
            with _OwnedZip(_open_regular(path, follow)) as zf:
                yield from _zip_items(zf, origin, lambda: _OwnedZip(_open_regular(path, follow)),
                                      limits, budget, 1)
        except InputError as exc:
            yield Outcome(origin, "failed", str(exc))
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
    yield Item(origin, path.name, lambda: _read_file(path, follow, limits.max_file_bytes))


def _open_regular(path: Path, follow: bool):
    """A binary file object on `path`, which must be a regular file; with follow=False a link as the
    last component is refused (O_NOFOLLOW), so a file swapped for a link after the walk is not read.
    O_NONBLOCK keeps a FIFO from blocking the open; fstat then refuses it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise InputError("became a symbolic link after the folder was read; not followed") from None
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise InputError(_SPECIAL)
    return fh


class _OwnedZip(zipfile.ZipFile):
    """A ZipFile on a file object it closes with itself (ZipFile leaves a file object it was given open)."""

    def __init__(self, fh):
        self._owned = fh
        try:
            super().__init__(fh)
        except BaseException:
            fh.close()
            raise

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._owned.close()


def _read_file(path: Path, follow: bool = True, cap: Optional[int] = None) -> bytes:
    """The file's bytes; at most `cap` (a file that grew past it since it was listed is refused)."""
    with _open_regular(path, follow) as fh:
        try:
            data = fh.read() if cap is None else fh.read(cap + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if cap is not None and len(data) > cap:
        raise InputError(f"file is over {cap} bytes (cap {cap}, GONGKAI_MAX_FILE_BYTES); not read")
    return data


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
