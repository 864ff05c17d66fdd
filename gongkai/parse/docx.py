"""DOCX reader: Word tables keep exact cell boundaries, paragraphs become loose lines.

The body is walked in document order (paragraphs and tables interleaved). python-docx repeats a merged
cell in `row.cells` (once per spanned grid column, and again in every row of a vertical merge); each
physical cell (`_tc`) is emitted once, in the first row where it appears, like an HTML td with
rowspan/colspan. Empty cells stay "" (blank = zero). Nested tables follow the row that holds them.

A DOCX is a zip package, so nothing of it is parsed before `check_package` has held it to the archive
caps (gongkai/limits.py): the zip directory first (entries, each part's declared size and compression
ratio, the declared total), then every part streamed through a counter with hard limits, so a header
that understates a size cannot get past them. python-docx reads every part into memory and lxml then
builds a tree several times the XML's size: a 1.9 MB DOCX whose document.xml inflates to 768 MiB
took 8.4 GB and 248 s before this check (docs/reliability.md, Round 2).
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Optional

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gongkai.limits import Limits, LimitExceeded, MiB, check_time, current_or_default, human_bytes

from .html import squeeze
from .source import Cell, Extracted, UnreadableDocument


class _Reader:
    def __init__(self, document):
        self.doc = document
        self.rows: list[list[Cell]] = []
        self.n_lines = 0
        self.n_tables = 0

    def blocks(self, parent) -> None:
        """Paragraphs and tables under a body / content-control element, in order."""
        for el in parent.iterchildren():
            check_time()
            if el.tag == qn("w:p"):
                text = squeeze(Paragraph(el, self.doc).text)
                if text:
                    self.n_lines += 1
                    self.rows.append([Cell(text, False, f"line {self.n_lines}")])
            elif el.tag == qn("w:tbl"):
                self.table(Table(el, self.doc))
            elif el.tag in (qn("w:sdt"), qn("w:customXml")):      # content controls wrap blocks
                content = el.find(qn("w:sdtContent"))
                self.blocks(content if content is not None else el)

    def table(self, table: Table) -> None:
        self.n_tables += 1
        t_no, r_no, seen = self.n_tables, 0, set()
        for row in table.rows:
            check_time()
            cells, nested = [], []
            try:
                row_cells = row.cells
            except ValueError:   # a vertical-merge continuation with no cell above it (irregular table)
                row_cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
            for cell in row_cells:
                if cell._tc in seen:          # the set keeps each lxml proxy alive, so identity holds
                    continue
                seen.add(cell._tc)
                text = squeeze("\n".join(p.text for p in cell.paragraphs))
                cells.append(Cell(text, True, f"table {t_no} row {r_no + 1} col {len(cells) + 1}"))
                nested.extend(cell.tables)
            if cells:
                r_no += 1
                self.rows.append(cells)
            for inner in nested:
                self.table(inner)


# Parts smaller than this are not held to the compression ratio: tiny XML parts (styles, settings,
# runs of empty cells) can compress 100-fold and more, and cannot hurt whatever their ratio.
RATIO_FLOOR = 1 * MiB
_CHUNK = 1 * MiB
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def _shown(name: str) -> str:
    """A part name as it may appear in a message (hostile names: no control bytes, bounded length)."""
    name = _UNPRINTABLE.sub("?", name)
    return name if len(name) <= 80 else name[:77] + "..."


def check_package(data: bytes, limits: Optional[Limits] = None, kind: str = "DOCX") -> None:
    """Refuse a zip package whose parts would inflate past the archive caps; raises LimitExceeded
    (status `unreadable`, a `limit_…` warning naming the GONGKAI_* variable) or UnreadableDocument.

    1. The directory, before anything is inflated: at most `max_archive_members` entries, no part
       declaring more than `max_file_bytes`, no part over RATIO_FLOOR declaring more than
       `max_archive_ratio` times its compressed size, the declared sizes together within the smaller
       of `max_document_bytes` and `max_archive_total_bytes` (what the parser reads inflated is held
       to what it would read raw).
    2. Every part inflated in 1 MiB steps and counted, with the same caps as hard limits and each
       part also held to its declared size: a header that lies is caught while inflating, never after.
       Memory stays at one step; the parse time budget is checked at each step."""
    if limits is None:
        limits, _ = current_or_default()
    if limits.max_archive_total_bytes < limits.max_document_bytes:
        total_cap, total_var, total_code = (limits.max_archive_total_bytes,
                                            "GONGKAI_MAX_ARCHIVE_TOTAL_BYTES", "limit_archive_total_bytes")
    else:
        total_cap, total_var, total_code = (limits.max_document_bytes, "GONGKAI_MAX_DOCUMENT_BYTES",
                                            "limit_document_bytes")
    member_cap = limits.max_file_bytes

    def over_member(name: str, size: int, how: str) -> LimitExceeded:
        return LimitExceeded("limit_archive_member_bytes",
                             f"{kind} part {_shown(name)} {how} {human_bytes(size)} ({size} bytes), over "
                             f"the {human_bytes(member_cap)} limit per archive member "
                             "(GONGKAI_MAX_FILE_BYTES); not read")

    def over_total(size: int, how: str) -> LimitExceeded:
        return LimitExceeded(total_code, f"{kind} parts {how} {human_bytes(size)} ({size} bytes) in all, "
                                         f"over the {human_bytes(total_cap)} limit per document "
                                         f"({total_var}); not read")

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"{kind} is corrupt: not a readable ZIP package ({exc})") from exc
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.max_archive_members:
            raise LimitExceeded("limit_archive_members",
                                f"{kind} has {len(infos)} entries, over the limit of "
                                f"{limits.max_archive_members} per archive (GONGKAI_MAX_ARCHIVE_MEMBERS); "
                                "not read")
        declared = 0
        for info in infos:
            if info.file_size > member_cap:
                raise over_member(info.filename, info.file_size, "declares")
            if info.file_size > RATIO_FLOOR and \
                    info.file_size > limits.max_archive_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise LimitExceeded(
                    "limit_archive_ratio",
                    f"{kind} part {_shown(info.filename)} expands {ratio:,.0f} times "
                    f"({human_bytes(info.compress_size)} to {human_bytes(info.file_size)}), over the "
                    f"limit of {limits.max_archive_ratio} times (GONGKAI_MAX_ARCHIVE_RATIO; a zip bomb?); "
                    "not read")
            declared += info.file_size
        if declared > total_cap:
            raise over_total(declared, "declare")
        inflated = 0
        for info in infos:
            got = 0
            try:
                with zf.open(info) as fh:
                    while True:
                        check_time()
                        chunk = fh.read(_CHUNK)
                        if not chunk:
                            break
                        got += len(chunk)
                        inflated += len(chunk)
                        if got > member_cap:
                            raise over_member(info.filename, got, "inflates to more than")
                        if got > info.file_size:
                            raise LimitExceeded(
                                "limit_archive_member_bytes",
                                f"{kind} part {_shown(info.filename)} declares {info.file_size} bytes "
                                f"but inflates to more; the header lies (a zip bomb?); not read")
                        if inflated > total_cap:
                            raise over_total(inflated, "inflate to more than")
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError,
                    NotImplementedError, zipfile.LargeZipFile, zlib.error) as exc:   # CRC, encryption, method
                raise UnreadableDocument(f"{kind} is corrupt: part {_shown(info.filename)} cannot be "
                                         f"inflated ({type(exc).__name__}: {exc})") from exc


def read_docx(data: bytes, limits: Optional[Limits] = None) -> Extracted:
    """Rows of a Word document in reading order; a damaged package is unreadable, one past the
    archive caps is refused before it is parsed (check_package; `limits` default: the current ones)."""
    check_package(data, limits, "DOCX")
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(
            f"DOCX cannot be opened: corrupt package ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:        # lxml XMLSyntaxError and python-docx's own errors
        raise UnreadableDocument(f"DOCX cannot be opened: {type(exc).__name__}: {exc}") from exc
    reader = _Reader(document)
    reader.blocks(document.element.body)
    out = Extracted(media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    rows=reader.rows)
    props = document.core_properties
    title = (props.title or "").strip()
    out.title_hint = title or None
    for key in ("title", "author", "created", "modified"):
        value = getattr(props, key, None)
        if value:
            out.meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    return out
