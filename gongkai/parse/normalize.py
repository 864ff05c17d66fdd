"""Text normalisation used before any label matching (docs/report-format.md §6.1–6.2, §3.2 quotes).

NFKC folds full-width brackets, digits and colons to ASCII; OpenCC folds Traditional script to
Simplified (mirror sites convert whole reports); quotes of every kind become ASCII `"`; whitespace
inside labels disappears, but a space *between two digit runs* survives because in flattened text it
is often the only cell boundary left.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A regex, not str.translate: translate looks every character up in a dict (slow on CJK text).
_QUOTES = re.compile("[" + re.escape("“”„‟「」『』〝〞＂'‘’") + "]")
# A space not preceded by [\d.] or not followed by [\d.+-]; written to start with the space
# itself, so the regex engine jumps from space to space instead of trying every position.
_SPACE_NOT_BETWEEN_DIGITS = re.compile(r" (?:(?<![\d.] )|(?![\d.+-]))")
# Pinyin glosses that mirror sites insert after characters: 數(shù)據(jù) (spec corpus r022).
_PINYIN_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16)   # the whole text is converted for compact() and again for the metadata
def to_simplified(text: str) -> str:
    """Traditional → Simplified; keeps length for the characters reports use, so offsets map back."""
    if not text:
        return text
    return _t2s().convert(text)


# Words OpenCC t2s leaves in their Taiwan/Hong Kong form where a Mainland report says 信息
# (政府資訊 → 政府资讯, 訊息 → 讯息). Same length, so offsets still map back to the printed text.
_INFORMATION_VARIANTS = re.compile("资讯|讯息")


def fold_variants(simplified: str) -> str:
    """For matching only (never for a stored name): 资讯/讯息 → 信息 on Simplified text."""
    if "讯" not in simplified:
        return simplified
    return _INFORMATION_VARIANTS.sub("信息", simplified)


@lru_cache(maxsize=16384)   # lines repeat across reports: row labels, headings, figures
def _nfkc_line(line: str) -> str:
    return unicodedata.normalize("NFKC", line)


def nfkc_text(text: str) -> str:
    """NFKC of a whole document, = unicodedata.normalize("NFKC", text), line by line: NFKC never
    composes or reorders across a "\n", and a line seen in an earlier report costs a lookup."""
    return "\n".join(map(_nfkc_line, text.split("\n")))


CACHED_LENGTH = 256   # cells and labels are short and repeat; a whole document never repeats


def normalize(text: str) -> str:
    """NFKC + Simplified + ASCII quotes; whitespace collapsed and dropped except between digits.
    Short strings (table cells, labels) are memoised; long ones (a whole document passed through
    compact()) are not, so a long ingest never keeps thousands of documents in the cache."""
    if len(text) <= CACHED_LENGTH:
        return _normalize_cached(text)
    return _normalize(text)


@lru_cache(maxsize=65536)   # table cells repeat ("0", labels) within and across reports
def _normalize_cached(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("\u00a0", " ").replace("\u3000", " "))
    text = _PINYIN_GLOSS.sub("", _QUOTES.sub('"', to_simplified(text)))
    text = " ".join(text.split())   # = re.sub(r"\s+", " ", text).strip(), faster (same whitespace)
    return _SPACE_NOT_BETWEEN_DIGITS.sub("", text)


def compact(text: str) -> str:
    """normalize() with every space removed: for signatures and headings."""
    return normalize(text).replace(" ", "")


@lru_cache(maxsize=256)   # the cells of one report's figures; a run-together line is mapped once
def _offset_map(raw: str) -> "tuple[tuple[int, int], ...] | None":
    """For each character of normalize(raw), the [start, end) of the printed characters it came
    from; None when a step cannot be followed character by character (then no span is claimed)."""
    raw_nb = raw.replace("\u00a0", " ").replace("\u3000", " ")
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(raw_nb):
        piece = unicodedata.normalize("NFKC", ch)
        chars.extend(piece)
        spans.extend([(i, i + 1)] * len(piece))
    text = "".join(chars)
    if text != unicodedata.normalize("NFKC", raw_nb):
        return None                    # a composition across characters: no per-character map
    text = to_simplified(text)
    if len(text) != len(spans):
        return None
    text = _QUOTES.sub('"', text)

    def drop(pattern: "re.Pattern", s: str, sp: list) -> tuple[str, list]:
        gone = [m.span() for m in pattern.finditer(s)]
        if not gone:
            return s, sp
        keep = [True] * len(s)
        for a, b in gone:
            for k in range(a, b):
                keep[k] = False
        return ("".join(c for c, k in zip(s, keep) if k), [x for x, k in zip(sp, keep) if k])

    text, spans = drop(_PINYIN_GLOSS, text, spans)
    # " ".join(text.split()): whitespace runs → one space (kept at the run's first character)
    out_c: list[str] = []
    out_s: list[tuple[int, int]] = []
    pending = None
    for c, s in zip(text, spans):
        if c.isspace():
            if pending is None:
                pending = s
            continue
        if pending is not None and out_c:
            out_c.append(" ")
            out_s.append(pending)
        pending = None
        out_c.append(c)
        out_s.append(s)
    text, spans = drop(_SPACE_NOT_BETWEEN_DIGITS, "".join(out_c), out_s)
    if text != normalize(raw):
        return None
    return tuple(spans)


def printed_span(raw: str, start: int, end: int) -> "tuple[int, int] | None":
    """The [start, end) in the printed text `raw` of the characters normalize(raw)[start:end] came
    from (positions of figures are found on normalised text, highlighted on the printed one)."""
    if end <= start:
        return None
    spans = _offset_map(raw)
    if spans is None or end > len(spans):
        return None
    return spans[start][0], spans[end - 1][1]
