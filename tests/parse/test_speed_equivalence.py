"""The parser's speed-ups must not change what it reads: each fast path against the slower code it
stands in for, on cells and rows made to hit the corners (hidden parts, skipped tags, several blocks)."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from gongkai.parse import html as H

CELLS = [
    "<td>12</td>", "<td></td>", "<td><p><span>1</span><span>2</span></p></td>",
    "<td><p>1</p><p>2</p></td>", "<td>1<br>2</td>", "<td><div><p>x</p></div></td>",
    "<td><span hidden>9</span>3</td>", "<td hidden>3</td>", "<td style='DISPLAY: NONE'>3</td>",
    "<td><span style='color:red;display:none'>9</span>3</td>",
    "<td><span style='display :none'>9</span>3</td>",
    "<td><script>var a=1</script>4</td>", "<td><style>p{}</style>4</td>",
    "<td><svg><text>5</text></svg>6</td>", "<td><math><mi>x</mi></math>7</td>",
    "<td><!-- c -->8<template><p>9</p></template></td>", "<th><p>本年新收</p><span>政府信息</span></th>",
    "<td><p><p>a</p></p></td>", "<td><ul><li>1</li></ul></td>", "<td><select><option>1</select></td>",
    "<td><span><span hidden><b>1</b></span></span><p>2</p></td>",
    "<td><math><style>x</style></math>1</td>", "<td><math><mtext><div>x</div></mtext></math></td>",
    "<td><math><section>x</section></math></td>", "<td><span style='Display:None'>9</span></td>",
    "<td><span style='display:block'>9</span>1</td>", "<td><p hidden>1</p></td>",
    "<td><svg><foreignObject><p>x</p></foreignObject></svg></td>", "<td><template><td>1</td></template></td>",
]


_BLOCK_SELECTOR = ",".join(sorted(H.BLOCK))
_NEEDS_WALK_SELECTOR = (",".join(sorted(H.SKIP))
                        + ',[hidden],[style*="display:none" i],[style*="display: none" i]')


def _old_fast(cell) -> bool:
    """The fast-path test as it was: two css() calls per cell."""
    return len(cell.css(_BLOCK_SELECTOR)) <= 2 and cell.css_first(_NEEDS_WALK_SELECTOR) is None


@pytest.mark.parametrize("cell", CELLS)
def test_table_level_fast_path_test_matches_per_cell_css(cell):
    tree = LexborHTMLParser(f"<table><tr>{cell}<td>0</td>{cell}</tr></table>")
    table = tree.css_first("table")
    hiding = H._hiding_nodes(table)
    for c in table.css("td, th"):
        assert _old_fast(c) == (c.mem_id not in hiding and H._plain(c))
        assert H._text_of(c) == H._text_of(c, c.mem_id in hiding)


# ---------------------------------------------------------------- splitter: one token per cell
from gongkai.parse import splitter  # noqa: E402
from gongkai.parse.tokens import BLANK, RUN, VALUE, Token  # noqa: E402

_TEXTS = {VALUE: ["12", "1,234", "-3", "+4", "0.5", "7件", "1,000.25元", "x", "00"],
          BLANK: ["", "-", "无"],
          RUN: ["0", "12", "007", "1.5", "-2", "+3", "10万元", "3件", "120", "1.", "05"]}


def _row(rng, n):
    out = []
    for i in range(n):
        kind = rng.choice((VALUE, BLANK, RUN, RUN))
        out.append(Token(kind, rng.choice(_TEXTS[kind]), i, f"cell {i}", "raw"))
    return out


def test_one_token_per_cell_matches_every_cut():
    import random
    rng = random.Random(7)
    for _ in range(3000):
        n = rng.randint(1, 7)
        kinds = tuple(rng.choice(("int", "signed", "decimal")) for _ in range(n))
        chunks = _row(rng, n)
        fast = splitter.read_row(chunks, kinds, "t3.x")
        slow = splitter.RowReading()
        splitter._read_by_cuts(list(chunks), kinds, "t3.x", slow)
        assert (fast.candidates, fast.notes, fast.capped) == (slow.candidates, slow.notes, slow.capped)


# ---------------------------------------------------------------- metadata: cpca without pandas
@pytest.mark.parametrize("name", ["上海市科委", "朝阳区教育局", "北京市朝阳区人民政府", "吉林省吉林市财政局",
                                  "平潭综合实验区管委会", "国家税务总局", "（合成）天津市和平区自然资源局", "县",
                                  "福建省泉州市洛江区万安街道办事处"])
def test_cpca_record_matches_transform(name):
    import warnings

    from gongkai.parse.metadata import _cpca_row
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    old = cpca.transform([name], pos_sensitive=True).iloc[0].to_dict()
    new = _cpca_row.__wrapped__(name)
    for key in ("省", "市", "区", "adcode"):
        assert (old[key] if isinstance(old[key], str) else None) == new[key]
    for key in ("省_pos", "市_pos", "区_pos"):
        assert int(old[key]) == new[key]


# ---------------------------------------------------------------- one NFKC pass for the whole text
import unicodedata  # noqa: E402

from gongkai.parse.normalize import _normalize  # noqa: E402  (uncached)

_TEXTS_NFKC = ["（一）主動公開\u00a0政府信息\u3000１２３條", "a\u00a0\u0301b\r\nc\u2028d\x85e\u3000\u0308",
               "「本年新收」\u2029‘２０２１’年\x1c數(shù)據(jù)", "ﾃｽﾄ\n\u0301x\u00a0\n\u3000"]


@pytest.mark.parametrize("text", _TEXTS_NFKC)
def test_whole_text_nfkc_changes_nothing_downstream(text):
    once = unicodedata.normalize("NFKC", text)
    assert _normalize(once) == _normalize(text)
    assert once.splitlines() == [unicodedata.normalize("NFKC", line) for line in text.splitlines()]


def test_metadata_reads_the_same_from_nfkc_text():
    from dataclasses import asdict

    from gongkai.parse.metadata import extract_metadata
    from gongkai.parse.sniff import read_document
    from tests.conftest import corpus_dir
    for path in sorted(corpus_dir().glob("*.*"))[:12]:
        if path.suffix not in (".txt", ".md", ".html"):
            continue
        doc = read_document(path.read_bytes(), path.name)
        once = unicodedata.normalize("NFKC", doc.text)
        assert asdict(extract_metadata(once, doc.title_hint, doc.meta)) == \
            asdict(extract_metadata(doc.text, doc.title_hint, doc.meta))


def test_whitespace_and_digit_space_rewrites_match_the_original_regexes():
    import random
    import re

    from gongkai.parse import normalize as norm
    original = re.compile(r"(?<![\d.]) | (?![\d.+-])")
    rng = random.Random(3)
    alphabet = " 1.+-a٣\n\t\u00a0\u3000\u2028\x1c"
    for _ in range(50_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert norm._SPACE_NOT_BETWEEN_DIGITS.sub("", s) == original.sub("", s)
        assert " ".join(s.split()) == re.sub(r"\s+", " ", s).strip()


def test_squeeze_matches_its_regex_definition():
    import random
    import re

    from gongkai.parse.html import _CJK, _INVISIBLE, squeeze
    soft_gap = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
    rng = random.Random(5)
    alphabet = " 中文a1\u200b\u00ad\n\t\u3000，\U00020001"
    for _ in range(50_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert squeeze(s) == soft_gap.sub("", re.sub(r"\s+", " ", _INVISIBLE.sub("", s))).strip()


def test_nfkc_line_by_line_is_nfkc_of_the_whole():
    import random

    from gongkai.parse.normalize import nfkc_text
    rng = random.Random(11)
    alphabet = "\n\r a中（）１\u0301\u0308\u0327\u00a0\u3000ﾃﾞｶﾞ\u1100\u1161\u11a8e\u2028Å"
    for _ in range(50_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert nfkc_text(s) == unicodedata.normalize("NFKC", s)


def test_long_tag_screen_never_misses_a_long_tag():
    import random

    from gongkai.parse import sniff
    rng = random.Random(1)
    for _ in range(2000):
        n = rng.randint(sniff._LONG_TAG_CHARS - 10, sniff._LONG_TAG_CHARS + 10)
        text = ("x" * rng.randint(0, 5000) + "<a" + "y" * n + rng.choice(["", "<", ">", "<b"])
                + "z" * rng.randint(0, 3000))
        if sniff._LONG_TAG.search(text):
            assert sniff._may_hold_long_tag(text)


def test_long_texts_are_normalised_without_entering_the_cache():
    from gongkai.parse.normalize import CACHED_LENGTH, _normalize_cached, normalize
    long_text = "主動公開 １２３ 條\n" * (CACHED_LENGTH // 4)
    before = _normalize_cached.cache_info().currsize
    assert normalize(long_text) == _normalize(long_text)
    assert _normalize_cached.cache_info().currsize == before
    assert normalize("１２ ３") == _normalize("１２ ３") == "12 3"
