"""Report metadata: agency, report year, publication date, scope, region and proactive-disclosure total.

Everything here reads the document's plain text (plus the HTML <title>/<meta> when there is one) and
prefers saying nothing to guessing: a value is set only when the document states it in the place the
rule names, and every refusal leaves a specific warning.

- agency     as printed in the report TITLE (NFKC, no whitespace, printed script kept). No title → None;
             the body and the URL are never used (spam mirrors inject junk into body text).
- year       the year the figures describe: title, else statistics period, else a "…YYYY年…报告" phrase,
             else a narrative paragraph opening "YYYY年，". Never the publication year.
- published_on  only a date the page *labels* as publication (发布时间/发布日期/公开日期/时间, meta
             PubDate); not 更新日期, not an unlabelled 落款 dateline.
- report_scope  report-format.md §1.3, decided from the agency name's ending.
- region     cpca on the (simplified) agency name, accepted only when the matched place is literally in
             the name and unambiguous. For 直辖市 cpca's placeholder city ("市辖区"/"县") is dropped, so
             city is None (上海市科委 → 上海市/None/None/310000).
- proactive_count  the year's headline figure "…主动公开/公布/发布…(政府)信息N条"; None when it is
             approximate (余/多), or a rival figure of equal standing stands next to it (r001).

All matching is done on a normalised copy: NFKC, Traditional→Simplified (OpenCC t2s, which keeps the
length of these texts, so offsets map back to the printed script) and whitespace removed.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
import warnings as _warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from typing import Optional

from gongkai.model import Region
from gongkai.parse.normalize import to_simplified

Warnings = list[tuple[str, str]]

# ── shared pieces ────────────────────────────────────────────────────────────────────────────────
_WS = re.compile(r"\s+")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_CJK = "\u4e00-\u9fff"
# The agency part of a title: Chinese characters (and bracketed notes), no digits or punctuation,
# so a sentence that merely mentions a report ("现将信访局2021年度…报告如下") never matches.
_AGENCY = rf"(?P<agency>[{_CJK}()]{{2,40}}?)"
# "政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开报告".
_REPORT = r"政府信息公开(?:工作)?(?:年度)?报告"
# What a page may append to the title: "-沭阳县发改局", "_政府信息公开年报_平潭…".
_SITE_SUFFIX = r"(?:[-_|—–·].*)?"

# ── title ────────────────────────────────────────────────────────────────────────────────────────
TITLE_AGENCY_FIRST = re.compile(rf"^{_AGENCY}{_YEAR}年度?{_REPORT}{_SITE_SUFFIX}$")
TITLE_YEAR_FIRST = re.compile(rf"^{_YEAR}年度?{_AGENCY}{_REPORT}{_SITE_SUFFIX}$")
# A split title's first line must be the agency, not a column name ("政府信息公开年报").
NOT_AN_AGENCY = re.compile(r"政府信息公开|年报|报告")
# Leading decoration of a title line: markdown "#", crawler labels "标题:", "名称 |".
TITLE_PREFIX = re.compile(r"^(?:#+|(?:标题|题目|名称|文章标题)[:|]?)")

# ── year fallbacks (on the compact simplified text) ─────────────────────────────────────────────
# "统计期限自2021年1月1日起", "统计时限为2023年1月1日", "统计周期为2024年1月1日".
STATS_PERIOD = re.compile(rf"统计(?:期限|时限|周期|区间|期间|时间)[^。]{{0,12}}?{_YEAR}年1月1日")
# "向社会公布2021年本级政府信息公开工作年度报告", "现将…2022年度政府信息公开工作报告如下".
REPORT_PHRASE = re.compile(rf"{_YEAR}年度?[^,，。;；《》]{{0,20}}?政府信息公开(?:工作)?(?:情况|年度)?报告")
# A narrative paragraph opening "2020年,…" (on the un-compacted lines).
NARRATIVE_YEAR = re.compile(rf"^{_YEAR}年度?[,，]")

# ── publication date ────────────────────────────────────────────────────────────────────────────
# Labels that mean "published": 发布时间/发布日期/公开日期/发文日期, or a bare 时间 (not 采集时间,
# 页面生成时间, 更新日期 or 成文日期 — the look-behind refuses any other Chinese word before it),
# also when run into the header field before it ("来源：平潭县人民政府时间：2016-01-12").
PUBLISHED_LABEL = rf"(?:(?:发布|公开|发文)(?:时间|日期)|(?<![{_CJK}])时间|来源[:：][^\s:：|]{{1,30}}?时间)"
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"
PUBLISHED_ON = re.compile(rf"{PUBLISHED_LABEL}[\s:|]{{0,6}}{_DATE}")
DATE = re.compile(_DATE)
META_DATE_KEYS = ("pubdate", "publishdate", "publishtime", "firstpublishedtime")

# ── scope (on the simplified agency name) ───────────────────────────────────────────────────────
SYSTEM = re.compile(r"系统$")                                   # 全省税务系统
GOVERNMENT_ORGAN = re.compile(r"政府办公[厅室]$")              # XX市人民政府办公厅
TOWNSHIP = re.compile(r"(?:镇|乡|街道|苏木)(?:人民政府|办事处)?$")  # treated like a department
JURISDICTION_GOVERNMENT = re.compile(r"(?:省|市|县|区|旗|州|盟)(?:人民)?政府$")
PLACE_ONLY = re.compile(r"(?:省|市|县|区|旗|州|盟|地区)$")      # 平潭综合实验区, XX市

# ── region ──────────────────────────────────────────────────────────────────────────────────────
# Administrative suffixes stripped before checking that cpca's place literally occurs in the name.
PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|区|县|旗|盟|州)$")
CPCA_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MIN_PLACE_STEM = 2  # a one-character stem ("县") is not evidence of anything

# ── proactive count (on the compact simplified text) ────────────────────────────────────────────
# The headline figure: a verb, an optional short qualifier that ends in 政府信息 ("我区各级单位",
# "各类公开"), or 信息 right after the verb; then the number. "政府采购项目信息188条" and
# "更新工作动态…信息162条" are not headlines.
PROACTIVE = re.compile(
    r"(?:主动公开|公布|发布)"
    r"(?:[^\d,，。;；:：、()|]{0,12}?政府信息|信息)"
    r"(?:总数|总量)?(?:共计|合计|共)?"
    r"(?P<n>\d+)(?P<approx>余|多)?[条件]"
)
# Words before a figure in its own sentence that make it one item of a breakdown.
BREAKDOWN_MARKER = re.compile(r"其中|包括|[一二三四五六七八九十]是|\d+(?:余|多)?[条件]")
# Section headings end the paragraph a headline figure belongs to: "(二)", "三、".
HEADING = re.compile(r"\([一二三四五六七八九十]{1,3}\)|(?<![一二三四五六七八九十第])[一二三四五六七八九十]{1,3}、")
SENTENCE_END = re.compile(rf"。|{HEADING.pattern}")


@dataclass
class Metadata:
    agency: Optional[str] = None
    year: Optional[int] = None
    published_on: Optional[str] = None  # ISO date
    report_scope: str = "unknown"       # agency | government_organ | jurisdiction_aggregate | system_aggregate | unknown
    region: Region = field(default_factory=Region)
    proactive_count: Optional[int] = None
    warnings: Warnings = field(default_factory=list)  # (code, specific human-readable detail)


def extract_metadata(text: str, title_hint: Optional[str] = None,
                     meta: Optional[dict[str, str]] = None) -> Metadata:
    md = Metadata()
    if unicodedata.is_normalized("NFKC", text):      # parse_bytes passes NFKC text: one test
        lines = text.splitlines()
    else:
        lines = [unicodedata.normalize("NFKC", line) for line in text.splitlines()]
    flat = "".join(_simplified("\n".join(lines)).split())   # = _WS.sub("", …): same whitespace

    title = find_title(lines, title_hint)
    if title:
        md.agency, md.year = title
    else:
        md.warnings.append(("agency_not_found", "no report title line (<agency><year>年…政府信息公开…报告)"))

    if md.year is None:
        md.year = _year_from_body(flat, lines)
    elif (stats := STATS_PERIOD.search(flat)) and int(stats["year"]) != md.year:
        md.warnings.append(("year_mismatch", f"title says {md.year}, statistics period says {stats['year']}"))
    if md.year is None:
        md.warnings.append(("year_not_found", "no year in title, statistics period or narrative"))

    md.published_on = _published_on(lines, meta or {}, md.warnings)
    if md.published_on and md.year and md.published_on < f"{md.year + 1}-01-01":
        md.warnings.append(("published_before_year_end",
                            f"published_on {md.published_on} is not after report year {md.year}; dropped"))
        md.published_on = None

    if md.agency:
        simple = _simplified(md.agency)
        md.report_scope = report_scope(simple)
        md.region = resolve_region(simple, md.warnings)

    md.proactive_count = proactive_count(flat, md.warnings)
    return md


# ── title ────────────────────────────────────────────────────────────────────────────────────────
def find_title(lines: list[str], title_hint: Optional[str] = None) -> Optional[tuple[str, int]]:
    """(agency as printed, year) from the first title: the hint, then a line, then two joined lines."""
    if title_hint and (found := _match_title(unicodedata.normalize("NFKC", title_hint))):
        return found
    # Lazily: the title is near the top, and stripping every line of a long page costs.
    compact = (TITLE_PREFIX.sub("", _WS.sub("", line)) for line in lines)
    for line, following in pairwise(chain(compact, [None])):
        if found := _match_title(line):
            return found
        # A title split over two lines (r018, r002) — unless the second line is a title by itself.
        if following is not None and not _match_title(following):
            if found := _match_title(line + following):
                return found
    return None


def _match_title(printed: str) -> Optional[tuple[str, int]]:
    printed = TITLE_PREFIX.sub("", _WS.sub("", printed))
    simple = _simplified(printed)
    for pattern in (TITLE_AGENCY_FIRST, TITLE_YEAR_FIRST):
        if (m := pattern.match(simple)) and not NOT_AN_AGENCY.search(m["agency"]):
            # t2s keeps the length, so the printed script is cut at the simplified offsets.
            return printed[m.start("agency"):m.end("agency")], int(m["year"])
    return None


def _year_from_body(flat: str, lines: list[str]) -> Optional[int]:
    for pattern in (STATS_PERIOD, REPORT_PHRASE):
        if m := pattern.search(flat):
            return int(m["year"])
    for line in lines:
        if m := NARRATIVE_YEAR.match(_WS.sub("", line)):
            return int(m["year"])
    return None


# ── publication date ────────────────────────────────────────────────────────────────────────────
def _published_on(lines: list[str], meta: dict[str, str], warnings: Warnings) -> Optional[str]:
    for key, value in meta.items():
        if key.lower() in META_DATE_KEYS and (m := DATE.search(value)) and (iso := _iso(m)):
            return iso
    for line in lines:
        for m in PUBLISHED_ON.finditer(_arabic_dates(_simplified(line))):
            if iso := _iso(m):
                return iso
            warnings.append(("bad_date", f"publication label with impossible date {m.group(0)!r}"))
    return None


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "元": 1, "正": 1}
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([元正一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")


def _cn_number(text: str) -> int:
    """一 … 九, 十, 十二, 二十, 三十一 (month and day numbers)."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _arabic_dates(text: str) -> str:
    """二〇二三年一月十二日 → 2023年1月12日, so one date pattern reads both ways of writing it."""
    def repl(m: re.Match) -> str:
        year = "".join(str(_CN_DIGIT[c]) for c in m.group(1))
        return f"{year}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日"
    return _CN_DATE.sub(repl, text) if "年" in text else text


def _iso(m: re.Match) -> Optional[str]:
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


# ── scope ───────────────────────────────────────────────────────────────────────────────────────
def report_scope(agency: str) -> str:
    """report-format.md §1.3 from the (simplified) agency name; the order of the tests matters."""
    if SYSTEM.search(agency):
        return "system_aggregate"
    if GOVERNMENT_ORGAN.search(agency):
        return "government_organ"
    if TOWNSHIP.search(agency):
        return "agency"
    if JURISDICTION_GOVERNMENT.search(agency) or PLACE_ONLY.search(agency):
        return "jurisdiction_aggregate"
    return "agency"


# ── region ──────────────────────────────────────────────────────────────────────────────────────
def resolve_region(agency: str, warnings: Warnings) -> Region:
    """cpca's reading of the agency name, kept only when its deepest place is literally in the name."""
    row = _cpca_row(agency)
    levels = [(row[name], row[f"{name}_pos"]) for name in ("省", "市", "区")]
    literal = [(place, pos) for place, pos in levels if _present(place) and pos >= 0]
    if not _present(row["adcode"]) or not literal:
        warnings.append(("region_unresolved", f"cpca finds no place in {agency!r}"))
        return Region()
    place, pos = literal[-1]
    stem = PLACE_SUFFIX.sub("", place)
    if len(stem) < MIN_PLACE_STEM or not agency.startswith(stem, pos):
        warnings.append(("region_unresolved", f"cpca matched {place!r}, which is not written in {agency!r}"))
        return Region()
    if len(literal) == 1 and _place_name_counts()[place] > 1:
        warnings.append(("region_ambiguous",
                         f"{place!r} names {_place_name_counts()[place]} places and {agency!r} gives no parent"))
        return Region()
    province, city, county = (p if _present(p) and p not in CPCA_PLACEHOLDERS else None
                              for p, _ in levels)
    return Region(province=province, city=city, county=county, code=str(row["adcode"])[:6])


@lru_cache(maxsize=4096)   # agencies report every year: the same name recurs across a decade
def _cpca_row(name: str) -> dict:
    """cpca's record for one name: 省/市/区, their *_pos and adcode. cpca.transform() wraps the same
    record in a pandas DataFrame, which costs far more than the matching for a single name."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # cpca imports pkg_resources, which warns on import
        import cpca
        one = getattr(cpca, "_get_one_addr", None)
        if one is None:                   # another cpca version: the public, slower way
            return cpca.transform([name], pos_sensitive=True).iloc[0].to_dict()
        return one(name, True, {})


@lru_cache(maxsize=1)
def _place_name_counts() -> Counter:
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        import cpca
    return Counter(info.name for info in cpca.ad_2_addr_dict.values())


def _present(value) -> bool:
    return isinstance(value, str) and value != ""


# ── proactive count ─────────────────────────────────────────────────────────────────────────────
def proactive_count(flat: str, warnings: Warnings) -> Optional[int]:
    """The first headline figure that is not itself one item of a breakdown, checked against rivals.

    Later figures of the same kind in the same paragraph (up to the next "(二)"/"三、" heading) must
    repeat it or add up to it (a breakdown spread over sentences, p2015: 2275 + 674 = 2949);
    otherwise they are rival totals (r001: 4511 on the portal vs 3044 by departments) → None.
    """
    sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(flat)]
    hits = [(m, _in_breakdown(flat, m.start(), sentence_starts)) for m in PROACTIVE.finditer(flat)]
    headline = next((m for m, part in hits if not part), None)
    if headline is None:
        warnings.append(("proactive_not_found", "no headline figure '…主动公开/公布/发布…信息N条' in the text"))
        return None
    if headline["approx"]:
        warnings.append(("proactive_approximate", f"proactive figure is approximate: {headline.group(0)!r}"))
        return None
    total = int(headline["n"])
    heading = HEADING.search(flat, headline.end())
    end = heading.start() if heading else len(flat)
    rivals = [(m, part) for m, part in hits if headline.end() <= m.start() < end and int(m["n"]) != total]
    if any(m["approx"] for m, _ in rivals):
        warnings.append(("proactive_approximate", f"a figure next to {headline.group(0)!r} is approximate"))
        return None
    if any(not part for _, part in rivals) and sum(int(m["n"]) for m, _ in rivals) != total:
        shown = ", ".join(repr(m.group(0)) for m, _ in rivals)
        warnings.append(("proactive_competing", f"{headline.group(0)!r} competes with {shown}"))
        return None
    return total


def _in_breakdown(flat: str, start: int, sentence_starts: list[int]) -> bool:
    """Whether a figure at `start` follows 其中/包括/一是 or another figure in its own sentence."""
    sentence_start = sentence_starts[bisect.bisect_right(sentence_starts, start) - 1]
    return bool(BREAKDOWN_MARKER.search(flat, sentence_start, start))


# ── helpers ─────────────────────────────────────────────────────────────────────────────────────
def _simplified(text: str) -> str:
    """t2s, guaranteed to keep the length (offsets are shared with the printed text)."""
    simple = to_simplified(text)
    if len(simple) != len(text):
        simple = "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in text)
    return simple
