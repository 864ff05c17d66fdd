"""Document bytes: a content-addressed store beside the DuckDB file, `<db>.documents/ab/cd/<sha256>`.

Every byte an ingest receives is kept, but not inside the database: each distinct byte string is one
file named by its SHA-256, gzip-compressed (the standard library's zlib; `zcat` reads it), written in
chunks while it is hashed, fsync'd and renamed into place **before** the database commit that names
it, and never rewritten. The database keeps the hash, size, media type, name, origin and time
(`documents`). So:

- a killed ingest leaves at most files no row names (orphans); `gongkai gc` (`collect_garbage`)
  removes them, and nothing a committed row names is ever deleted or changed;
- readers never need the writer: a file in the store is complete or absent (rename is atomic);
- `read_document` is the one way to get a document's bytes back (whatever needs them: re-parsing,
  a download of the original, the tests); it checks the hash of what it returns. Export, the report
  page and review read parsed rows and texts, not bytes. A warehouse written before the store existed still
  has `documents.content` until its next ingest moves the bytes out (`migrate_inline_content`);
  until then `read_document` reads them from there.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import itertools
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from gongkai.store.db import fsync_path

CHUNK = 1 << 20                    # bytes read, hashed and compressed at a time
GZIP_WBITS = 31                    # zlib's gzip container: files are plain .gz streams
LEVEL = 6
PROBE_BYTES = 64 << 10            # how much of a document decides whether it is worth deflating
TMP_DIR = "tmp"                    # `<store>/tmp/`: objects being written, renamed when complete
_SHA = frozenset("0123456789abcdef")


class DocumentMissing(LookupError):
    """No bytes for this hash: neither in the document store nor (old files) in the database."""


class DocumentCorrupt(ValueError):
    """The stored object does not decompress to bytes with its own hash."""


def store_dir(db_path: Union[str, Path]) -> Path:
    """The document store of the warehouse at `db_path`: `<db>.documents/` beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".documents")


def object_path(root: Path, sha256: str) -> Path:
    if len(sha256) != 64 or not set(sha256) <= _SHA:
        raise ValueError(f"not a sha256: {sha256!r}")
    return root / sha256[:2] / sha256[2:4] / sha256


def hash_chunks(chunks: Iterable[bytes]) -> tuple[str, int]:
    """SHA-256 (hex) and length of a stream, one chunk in memory at a time."""
    h, size = hashlib.sha256(), 0
    for chunk in chunks:
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def bytes_chunks(data: bytes, size: int = CHUNK) -> Iterator[memoryview]:
    """Slices of `data` without copying it."""
    view = memoryview(data)
    for start in range(0, len(view), size):
        yield view[start:start + size]


@dataclass
class DocumentStore:
    """Writer side of one warehouse's store. `put` writes an object (unless a good one is there);
    `sync` makes everything written durable, once, before the database commits."""
    root: Path
    written: list[Path] = field(default_factory=list)
    _seq: Iterator[int] = field(default_factory=itertools.count)

    def put(self, chunks: Iterable[bytes], expect_sha256: Optional[str] = None) -> tuple[str, int]:
        """Compress `chunks` into the object named by their hash; returns (sha256, size). Streams:
        one chunk and zlib's window in memory. An object already present is kept as it is when it
        reads back to its hash (the store never rewrites a good object); a damaged one (a crash
        before its data reached the disk) is replaced. Raises ValueError when `expect_sha256` is
        given and the bytes are not those (a file changed while it was being read)."""
        tmp_dir = self.root / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{os.getpid()}-{next(self._seq)}"
        h, size = hashlib.sha256(), 0
        chunks = iter(chunks)
        first = next(chunks, b"")
        comp = zlib.compressobj(_level_for(first), zlib.DEFLATED, GZIP_WBITS)
        try:
            with open(tmp, "wb") as out:
                for chunk in itertools.chain([first], chunks):
                    h.update(chunk)
                    size += len(chunk)
                    out.write(comp.compress(chunk))
                out.write(comp.flush())
            sha = h.hexdigest()
            if expect_sha256 is not None and sha != expect_sha256:
                raise ValueError(f"the bytes changed while being read (sha256 {expect_sha256[:12]}… "
                                 f"then {sha[:12]}…)")
            final = object_path(self.root, sha)
            if final.exists() and _object_ok(final, sha):
                tmp.unlink()
                return sha, size
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            self.written.append(final)
            return sha, size
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise

    def put_bytes(self, data: bytes, expect_sha256: Optional[str] = None) -> tuple[str, int]:
        return self.put(bytes_chunks(data), expect_sha256)

    def sync(self) -> None:
        """Make every object written by this store durable (data and directory entries) before the
        database commit that names them: one syncfs of the store's filesystem where Linux has it,
        else an fsync per object and per directory."""
        if not self.written:
            return
        if not _syncfs(self.root):
            dirs = set()
            for path in self.written:
                fsync_path(path)
                dirs.add(path.parent)
                dirs.add(path.parent.parent)
                dirs.add(path.parent.parent.parent)
            for d in sorted(dirs):
                fsync_path(d)
        self.written = []


def _level_for(sample: bytes) -> int:
    """LEVEL, or 0 (stored, no deflate work) when a sample of the document does not compress (PDF
    streams, DOCX/zip, images are compressed already): deflating them costs time and saves nothing."""
    probe = bytes(sample[:PROBE_BYTES])
    if len(probe) < 4096:
        return LEVEL
    return LEVEL if len(zlib.compress(probe, 1)) < 0.9 * len(probe) else 0


def _object_ok(path: Path, sha256: str) -> bool:
    try:
        return hash_chunks(_decompressed_chunks(path))[0] == sha256
    except (OSError, zlib.error, EOFError):
        return False


def _decompressed_chunks(path: Path) -> Iterator[bytes]:
    d = zlib.decompressobj(GZIP_WBITS)
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            out = d.decompress(chunk)
            if out:
                yield out
        tail = d.flush()
        if tail:
            yield tail
        if not d.eof:
            raise EOFError(f"{path}: compressed stream is truncated")


def read_document(db_path: Union[str, Path], sha256: str, con=None) -> bytes:
    """The bytes of the document with this SHA-256, checked against it. The one way to read a
    stored document. `con` is a connection to the same
    warehouse, used only for a file written before the document store (bytes still inline in
    `documents.content` until its next ingest). Raises DocumentMissing or DocumentCorrupt."""
    path = object_path(store_dir(db_path), sha256)
    if path.exists():
        try:
            data = b"".join(_decompressed_chunks(path))
        except (zlib.error, EOFError) as exc:
            raise DocumentCorrupt(f"{path}: {exc}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DocumentCorrupt(f"{path}: the bytes do not have their own hash")
        return data
    data = _inline_content(db_path, sha256, con)
    if data is None:
        raise DocumentMissing(f"no stored bytes for document {sha256} (looked in {path})")
    return data


def _inline_content(db_path, sha256: str, con) -> Optional[bytes]:
    """Bytes from `documents.content` of a warehouse not yet migrated, else None."""
    from gongkai.store import db
    own = con is None
    if own:
        if not Path(db_path).is_file():
            return None
        con = db.connect_read(db_path)
    try:
        if not has_inline_content(con):
            return None
        row = con.execute("SELECT content FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None
    finally:
        if own:
            con.close()


def has_inline_content(con) -> bool:
    """The warehouse on `con` still keeps bytes in `documents.content` (written before the store)."""
    found = con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'documents' "
                        "AND column_name = 'content' AND database_name = current_database()"
                        ).fetchone()
    return bool(found and found[0])


MIGRATE_BATCH = 64                 # documents read from the old column at a time


def migrate_inline_content(con, store: DocumentStore) -> int:
    """Move the bytes of a warehouse written before the document store out of `documents.content`
    into `store`, then drop the column; inside the ingest's transaction, on its working copy, so a
    failure or a kill leaves the live file as it was (and at most orphan objects). Every object is
    written and synced before the column goes. Returns the number of documents moved."""
    from gongkai.store import db
    if not has_inline_content(con):
        return 0
    moved = 0
    top = con.execute("SELECT coalesce(max(rowid), -1) FROM documents").fetchone()[0]
    for start in range(0, int(top) + 1, MIGRATE_BATCH):     # rowid ranges: each batch reads its rows only
        rows = con.execute("SELECT sha256, content FROM documents WHERE rowid >= ? AND rowid < ?",
                           [start, start + MIGRATE_BATCH]).fetchall()
        for sha, content in rows:
            got, _size = store.put_bytes(bytes(content))
            if got != sha:
                raise DocumentCorrupt(f"documents.content of {sha} has sha256 {got}; not migrated")
            moved += 1
    total = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    if moved != total:
        raise RuntimeError(f"migration read {moved} of {total} documents; nothing changed")
    store.sync()
    db.execute(con, "ALTER TABLE documents DROP COLUMN content")
    db.execute(con, "COMMENT ON COLUMN documents.size_bytes IS "
                    "'length of the document in bytes (before compression in the document store)'")
    return moved


@dataclass
class GcResult:
    kept: int = 0
    removed: list[Path] = field(default_factory=list)
    removed_bytes: int = 0


def collect_garbage(db_path: Union[str, Path], wait_seconds: float = 60.0,
                    dry_run: bool = False) -> GcResult:
    """Remove objects of the store that no `documents` row names (left by killed or failed ingests)
    and unfinished temporary objects. Holds the ingest lock, so no ingest is between writing its
    objects and committing the rows that name them."""
    from gongkai.store import db
    db_path = Path(db_path)
    root = store_dir(db_path)
    result = GcResult()
    if not db_path.is_file():       # never read "no rows" as "no object is needed"
        raise FileNotFoundError(f"no warehouse at {db_path}; nothing removed")
    with db.ingest_lock(db_path, wait_seconds):
        con = db.connect_read(db_path)
        try:
            named = {r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()}
        finally:
            con.close()
        if not root.is_dir():
            return result
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            in_tmp = path.parent == root / TMP_DIR
            if not in_tmp and path.name in named and path == object_path(root, path.name):
                # (a name in `named` is a sha256, so object_path accepts it)
                result.kept += 1
                continue
            with contextlib.suppress(FileNotFoundError):
                size = path.stat().st_size
                if not dry_run:
                    path.unlink()
                result.removed.append(path)
                result.removed_bytes += size
        if not dry_run:
            for d in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
                with contextlib.suppress(OSError):
                    d.rmdir()          # only empty ones go
    return result


_libc = None


def _syncfs(path: Path) -> bool:
    """syncfs(2) on the filesystem holding `path`; False where it is not available."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = _libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        return fn(fd) == 0
    finally:
        os.close(fd)


