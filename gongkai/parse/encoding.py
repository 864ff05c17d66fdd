"""One rule for turning the bytes of a page or text file into text, shared by the parser and harvest.

Chinese government pages are UTF-8, GBK/GB2312 or (rarely) Big5, and their declarations often lie
(a template's `<meta charset="utf-8">` kept on a GBK page). A statistical detector's answer changes
between its versions (charset-normalizer 3.5 reads short GBK pages as ISO-8859-5), so it comes last
and every step before it is a strict decode checked for Chinese text. The order:

1. a byte-order mark: UTF-8 ("utf-8-sig"), UTF-16 LE/BE;
2. each declared charset (the HTTP Content-Type header when known, then the XML declaration, then
   every `<meta charset>` / `<meta http-equiv="Content-Type" content="…charset=…">` in the first
   8 KB, in document order), only when it is a codec that can carry Chinese (UTF-8, the GB family, the Big5 family,
   HZ), decodes cleanly AND the result looks like Chinese text (`looks_chinese`);
3. strict UTF-8;
4. strict GB18030 (the superset of GB2312 and GBK: a declared gb2312/gbk is read as gb18030),
   if the result looks Chinese (a Big5 page also decodes as GB18030, as mojibake);
5. strict Big5, if the result looks Chinese;
6. the detector (charset-normalizer), its answer decoded with replacement characters;
7. a lossy fallback that never raises: UTF-8 or GB18030, whichever replaces fewer bytes.

A strict decode that fails only on the last character (a download cut off) still counts, with the
character replaced and a `truncated_character` note. Each codec decodes at most once, and the
Chinese check reads a bounded sample (the first `_SAMPLE` non-ASCII characters), so a page whose
first decode succeeds costs one decode plus a small constant. (A declared UTF-8 that decodes cleanly
is checked only when another declaration follows it: otherwise step 3 would return the same text.)
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

__all__ = ["Decoded", "decode", "decode_text", "declared_charsets", "looks_chinese", "python_codec"]

_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"))
# Read as gb18030, the superset: GBK pages carry characters GB2312 lacks, GB18030 pages ones GBK lacks.
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "ms936", "euc_cn"}
# Labels browsers accept (WHATWG Encoding) that Python's codec registry does not know.
_ALIASES = {"x-gbk": "gb18030", "gb_2312": "gb18030", "gb_2312-80": "gb18030", "csgb2312": "gb18030",
            "iso-ir-58": "gb18030", "chinese": "gb18030", "csiso58gb231280": "gb18030",
            "x-euc-cn": "gb18030", "x-x-big5": "big5", "x-big5": "big5", "cn-big5": "big5",
            "csbig5": "big5", "x-mac-chinesesimp": "gb18030"}
# Declared charsets worth trying: only these can yield Chinese text. (A page declaring Latin-1,
# Shift_JIS or EUC-KR is a Chinese page with a wrong declaration; UTF-16 is trusted only by its BOM.)
_CHINESE_CODECS = {"utf-8", "gb18030", "big5", "cp950", "big5hkscs", "hz"}
_TRUNCATABLE = {"utf-8", "gb18030", "big5", "cp950", "big5hkscs"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-.:]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([a-z0-9_\-.:]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-z0-9_\-.:]+)""", re.I)
_DECLARATION_BYTES = 8192


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str                             # the Python codec actually used ("utf-8", "gb18030" …)
    note: Optional[tuple[str, str]] = None    # (warning code, detail) when bytes were replaced
    replaced: int = 0                         # U+FFFD the lossy fallback inserted
    fallback: bool = False                    # True: no encoding fitted; the lossy last resort


def python_codec(name: str) -> Optional[str]:
    """Normalised Python codec name, the GB family widened to gb18030; None if unknown."""
    name = name.strip().strip("\"'").lower()
    if not name:
        return None
    name = _ALIASES.get(name, name)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if name.replace("-", "_") in _GB_FAMILY else name


def declared_charsets(data: bytes, header: Optional[str] = None) -> list[str]:
    """Charset labels in the order they are tried: the HTTP header (a bare label or a whole
    Content-Type value), then the XML declaration, then each `<meta … charset=…>` (both forms) in
    the first 8 KB."""
    out = []
    if header:
        m = _HEADER_CHARSET.search(header)
        if m:
            out.append(m.group(1))
        elif "/" not in header and ";" not in header:     # a bare label, not "text/html"
            out.append(header)
    head = data[:_DECLARATION_BYTES]
    m = _XML_ENCODING.match(head)
    if m:
        out.append(m.group(1).decode("ascii"))
    out.extend(m.group(1).decode("ascii") for m in _META_CHARSET.finditer(head))
    return out


# --- is it Chinese? --------------------------------------------------------------------------------
_SAMPLE = 512               # non-ASCII characters read by looks_chinese
_MAX_BAD_SHARE = 0.1        # of the distinct telling characters; see looks_chinese
_NON_ASCII_GAP = re.compile(r"[\x00-\x7f]+")
# Characters that are neither evidence for nor against: punctuation, symbols, digits and letters
# that Chinese pages and mojibake both contain (fullwidth forms, ①, ㈠, Ⅱ, pinyin à, ˉ, ※ …).
_NEUTRAL = re.compile("[\u0080-\u036f\u2000-\u2bff\u2e00-\u2e7f\u3000-\u303f\u3100-\u312f"
                      "\u31a0-\u31bf\u3200-\u33ff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef]")
_KIND: dict[str, int] = {}  # character → 1 common hanzi, 0 neutral, -1 evidence of mojibake


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The hanzi of GB2312 (both levels: the 6,763 of simplified text) and of Big5 level 1 (the
    5,401 frequent traditional ones). Real Chinese text is almost only these; GB18030 read from Big5
    bytes (or Big5 from GBK, or GB18030 from UTF-8) lands mostly on rare hanzi, private-use codes
    and kana."""
    def block(leads, trails: bytes) -> bytes:
        # a space after each pair keeps an unassigned code from shifting the pairs after it
        row = b"".join(b"\0" + bytes((trail,)) + b" " for trail in trails)
        return b"".join(row.replace(b"\0", bytes((lead,))) for lead in leads)

    gb_trails = bytes(range(0xA1, 0xFF))
    big5_trails = bytes((*range(0x40, 0x7F), *range(0xA1, 0xFF)))
    text = (block(range(0xB0, 0xF8), gb_trails).decode("gb2312", errors="ignore")
            + block(range(0xA4, 0xC6), big5_trails).decode("big5", errors="ignore")
            + block([0xC6], big5_trails[:63]).decode("big5", errors="ignore"))   # level 1 ends at C67E
    return frozenset(text) - {" "}           # every assigned code of these rows is a hanzi


def _kind(ch: str) -> int:
    kind = _KIND.get(ch)
    if kind is None:
        kind = 1 if ch in _common_hanzi() else 0 if _NEUTRAL.match(ch) else -1
        if len(_KIND) < 100_000:
            _KIND[ch] = kind
    return kind


def _sample(text: str) -> str:
    """The first `_SAMPLE` non-ASCII characters of `text`, reading only as far as needed."""
    out, start, width = "", 0, 4096
    while len(out) < _SAMPLE and start < len(text):
        chunk = text[start:start + width]
        if not chunk.isascii():
            out += _NON_ASCII_GAP.sub("", chunk)
        start += width
        width *= 2
    return out[:_SAMPLE]


def looks_chinese(text: str) -> bool:
    """Whether decoded text reads as Chinese, not mojibake. Among the distinct characters of the
    first `_SAMPLE` non-ASCII ones, leaving out neutral punctuation and symbols: some are common
    hanzi (`_common_hanzi`), and at most 10% (or one, on a tiny page) are not (rare hanzi,
    private-use codes, kana, hangul, Greek/Cyrillic, U+FFFD). Distinct characters, so a style
    attribute repeating one font name cannot outvote the text. On the real corpus every window of
    512 such characters scores ≥ 97% common, read as Traditional too; GBK read as Big5, Big5 as
    GB18030 and UTF-8 as either score ≤ 80%."""
    if text.isascii():
        return False
    common = bad = 0
    for ch in set(_sample(text)):
        kind = _kind(ch)
        if kind > 0:
            common += 1
        elif kind < 0:
            bad += 1
    return common > 0 and bad <= max(1, _MAX_BAD_SHARE * (common + bad))


# --- the decision ---------------------------------------------------------------------------------

def _strict(data: bytes, enc: str) -> Optional[Decoded]:
    """Strict decode; a failure only in the last character (a cut-off file) still counts."""
    try:
        return Decoded(data.decode(enc), enc)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4 and enc in _TRUNCATABLE:
            try:
                head = data[:exc.start].decode(enc)
            except UnicodeDecodeError:
                return None
            return Decoded(head + "\ufffd", enc,
                           ("truncated_character", f"the last {len(data) - exc.start} byte(s) are an "
                            f"incomplete {enc} character (file cut off?); replaced"))
        return None
    except LookupError:
        return None


def _detect(data: bytes) -> Optional[str]:
    """charset-normalizer's best guess as a Python codec name, or None (also if it fails)."""
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:               # a detector bug or a missing package must not stop a batch
        return None
    return python_codec(best.encoding) if best is not None else None


def _least_damaged(data: bytes) -> Decoded:
    """No single encoding fits (e.g. UTF-8 and GBK pasted together): the Chinese encoding that needs
    the fewest replacements; the note says how much was lost."""
    best = None
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[2]:
            best = (text, enc, bad)
    text, enc, bad = best
    return Decoded(text, enc, ("mixed_encoding",
                               f"no single encoding decodes every byte (parts in different encodings?); "
                               f"read as {enc} with {bad} undecodable byte sequence(s) replaced by U+FFFD"),
                   replaced=bad, fallback=True)


def decode(data: bytes, declared: Optional[str] = None) -> Decoded:
    """The text of `data` by the module's rule; `declared` is an HTTP charset or Content-Type.
    Never raises."""
    for bom, enc, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), name)
            except UnicodeDecodeError:
                break
    strict: dict[str, Optional[Decoded]] = {}     # each codec decodes at most once
    chinese: dict[str, bool] = {}

    def attempt(enc: str, check: bool = True) -> Optional[Decoded]:
        if enc not in strict:
            strict[enc] = _strict(data, enc)
        got = strict[enc]
        if got is None or not check:
            return got
        if enc not in chinese:
            chinese[enc] = looks_chinese(got.text)
        return got if chinese[enc] else None

    named = [enc for enc in map(python_codec, declared_charsets(data, declared)) if enc in _CHINESE_CODECS]
    for i, enc in enumerate(named):
        # A clean UTF-8 decode that fails the Chinese check would be taken by the UTF-8 step below
        # anyway, so the check only matters when another declared codec comes after it.
        got = attempt(enc, check=enc != "utf-8" or any(e != "utf-8" for e in named[i + 1:]))
        if got is not None:
            return got
    for enc, check in (("utf-8", False), ("gb18030", True), ("big5", True)):
        got = attempt(enc, check)
        if got is not None:
            return got
    enc = _detect(data)
    if enc is not None:
        try:
            return Decoded(data.decode(enc, errors="replace"), enc)
        except (LookupError, UnicodeError, ValueError):
            pass
    return _least_damaged(data)


def decode_text(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """(text, encoding name) of a page or text file; see the module docstring for the order."""
    got = decode(data, declared)
    return got.text, got.encoding
