"""Entry point for raw bytes: decide the document kind from content, decode text, pick a reader.

File names and server headers lie (".htm" files that are GBK text, ".pdf" links that return HTML error
pages), so the kind comes from magic bytes and markup, and the name only sharpens error messages.
Text is decoded by encoding.py, the one rule shared with harvest: BOM, a declared charset that
decodes cleanly into Chinese, UTF-8, GB18030 (the superset of GBK), Big5, detection, lossy fallback.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Optional

from .encoding import decode
from .source import Extracted, NotAReport, UnreadableDocument

_IMAGES = [(b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
           (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image")]
_OTHER = [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (.doc/.xls/.wps, OLE2); "
           "only DOCX, PDF, HTML and text are read"),
          (b"{\\rtf", "RTF document; only DOCX, PDF, HTML and text are read"),
          (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"Rar!", "RAR archive"),
          (b"\x7fELF", "executable"), (b"%!PS", "PostScript file")]
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|table|tr|td|div|p|title|span)[\s>/]", re.I)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _decode_noted(data: bytes) -> tuple[str, str, Optional[tuple[str, str]]]:
    """(text, encoding, warning) by the one rule of encoding.py; the warning says when bytes had to
    be replaced (a cut-off last character, or a page mixing two encodings). Raises NotAReport when
    no encoding fits most of the bytes."""
    got = decode(data)
    if got.fallback and got.replaced > max(8, len(got.text) // 10):
        raise NotAReport("bytes are not text in any known encoding (binary data?)")
    return got.text, got.encoding, got.note


# Pathological markup that makes the HTML parser (lexbor, C code the time budget cannot interrupt)
# slow down quadratically: block elements nested thousands deep, thousands of attributes on one tag.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_LONG_TAG_CHARS = 4000
_LONG_TAG = re.compile(rf"<[a-zA-Z][^<>]{{{_LONG_TAG_CHARS},}}")
_ATTRIBUTE = re.compile(r"""[\s"'][^\s"'=<>/]+\s*=""")
# Elements that never nest or are closed implicitly by the next one, so they add no depth.
_FLAT = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "p li dt dd tr td th option thead tbody tfoot colgroup".split())


def _may_hold_long_tag(text: str) -> bool:
    """Whether a _LONG_TAG match is possible: one needs more than _LONG_TAG_CHARS characters in a
    row without "<", and such a stretch holds a whole aligned block of half that length. A few
    C-level find() calls spare nearly every page the slower regex scan."""
    step = _LONG_TAG_CHARS // 2
    return any(text.find("<", i, i + step) == -1 for i in range(0, len(text), step))


def _check_markup(text: str, max_depth: Optional[int], max_attributes: Optional[int]) -> None:
    from gongkai.limits import LimitExceeded
    if max_attributes is not None and _may_hold_long_tag(text):
        for m in _LONG_TAG.finditer(text):
            n = len(_ATTRIBUTE.findall(m.group(0)))
            if n > max_attributes:
                raise LimitExceeded("limit_html_attributes",
                                    f"an HTML tag at character {m.start()} has {n} attributes, over the "
                                    f"limit of {max_attributes} (GONGKAI_MAX_HTML_ATTRIBUTES); not read")
    # Depth grows by at most one per "<": a page with no more "<" than the limit cannot pass it,
    # and that is nearly every page, so the tag-by-tag count below is rarely needed.
    if max_depth is not None and text.count("<") > max_depth:
        depth = 0
        for m in _TAG.finditer(text):
            if m.group(2).lower() in _FLAT:
                continue
            if m.group(1):
                depth = max(depth - 1, 0)
                continue
            depth += 1
            if depth > max_depth:
                raise LimitExceeded("limit_html_depth",
                                    f"HTML elements nest more than {max_depth} deep (at character "
                                    f"{m.start()}; GONGKAI_MAX_HTML_DEPTH); not read")


def _zip(data: bytes, name: str, limits=None) -> Extracted:
    """A zip-based file: only the directory is read here (no part is inflated); a DOCX goes to
    read_docx, which holds it to the archive caps (docx.check_package) before parsing it. Other
    packages (XLSX, PPTX, ODF, plain zip) are never inflated by the parser."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if name.lower().endswith(".docx"):
            raise UnreadableDocument(f"DOCX is corrupt: not a readable ZIP package ({exc})") from exc
        raise NotAReport(f"damaged ZIP archive ({exc})") from exc
    if "word/document.xml" not in names:
        kind = ("an Excel workbook" if "xl/workbook.xml" in names else
                "a PowerPoint deck" if "ppt/presentation.xml" in names else
                "an OpenDocument file" if "mimetype" in names else "a ZIP archive")
        raise NotAReport(f"{kind}, not a DOCX (no word/document.xml); archives are not unpacked")
    from .docx import read_docx
    return read_docx(data, limits)


def _limits(limits):
    if limits is None:
        from gongkai.limits import current_or_default
        limits, _ = current_or_default()     # a bad setting is reported by parse_bytes already
    return limits


def read_document(data: bytes, name: str = "", max_bytes: Optional[int] = None,
                  max_html_depth: Optional[int] = None,
                  max_html_attributes: Optional[int] = None, limits=None) -> Extracted:
    """Read any supported document (HTML, PDF, DOCX, plain/markdown text) into rows of cells.
    Documents over `max_bytes`, and HTML nested deeper than `max_html_depth` or with a tag holding
    more than `max_html_attributes` (gongkai.limits), are refused unread (LimitExceeded).
    `limits` (a gongkai.limits.Limits; default: the current ones) gives the archive caps a DOCX is
    held to and the PDF page cap."""
    if max_bytes is not None and len(data) > max_bytes:
        from gongkai.limits import LimitExceeded, human_bytes
        raise LimitExceeded("limit_document_bytes",
                            f"document is {human_bytes(len(data))} ({len(data)} bytes), over the "
                            f"{human_bytes(max_bytes)} limit per document (GONGKAI_MAX_DOCUMENT_BYTES); "
                            "not read")
    if not data or not data.strip():
        raise NotAReport("empty file")
    head = data[:1024]
    if b"%PDF-" in head:
        from .pdf import read_pdf
        return read_pdf(data, _limits(limits).max_pdf_pages)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(data, name, _limits(limits))
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            raise NotAReport(f"{kind}; images are not read (OCR is not supported)")
    if (data.startswith(b"RIFF") and data[8:12] == b"WEBP") or \
            (data.startswith(b"BM") and data[6:10] == bytes(4)):
        raise NotAReport("WebP/BMP image; images are not read (OCR is not supported)")
    for magic, kind in _OTHER:
        if data.startswith(magic):
            raise NotAReport(kind)

    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    sample = data[:8192]
    if not utf16 and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise NotAReport("binary data (control bytes), not a document")
    probe = sample.decode("utf-16", errors="ignore").encode("ascii", "ignore") if utf16 else sample
    html = bool(_HTML.search(probe[:4096]))
    text, encoding, note = _decode_noted(data)
    if not text.strip():
        raise NotAReport("empty file (only whitespace)")
    if html:
        from .html import read_html
        _check_markup(text, max_html_depth, max_html_attributes)
        doc = read_html(text, encoding)
    else:
        from .text import read_text
        markdown = name.lower().endswith((".md", ".markdown")) or bool(
            _MD_TABLE_RULE.search(text) or _MD_HEADING.search(text))
        doc = read_text(text, "text/markdown" if markdown else "text/plain", encoding)
    if note:
        doc.warnings.insert(0, note)
    return doc
