"""Report metadata: agency, report year, publication date, scope, region and proactive-disclosure total.

Everything here reads the document's plain text (plus the HTML <title>/<meta> when there is one) and
prefers saying nothing to guessing: a value is set only when the document states it in the place the
rule names, and every refusal leaves a specific warning.

- agency     from the report TITLE (NFKC, no whitespace), stored in Simplified script; the printed form
             is kept in `agency_printed` when it differs (Traditional mirrors). No title → the opening
             sentence, only when it *starts* with "<agency><year>年…报告" as running text (not "现将本局…");
             else None. Other body text and the URL are never used. Spam that mirrors inject in front of
             the title ("某某体育_某某官网@:") is cut off at its separator and warned (`injected_text`);
             a name that still holds spam words, or lost its head to the cut, is refused.
- year       the year the figures describe: title, else statistics period, else a "…YYYY年…报告" phrase,
             else a narrative paragraph opening "YYYY年，" / "YYYY年我局…" / "截至YYYY年12月31日，"
             (before section 五, not a "…将…" plan). Never the publication year.
- published_on  only a date the page *labels* as publication (发布时间/发布日期/公开日期/时间, meta
             PubDate); not 更新日期, not an unlabelled 落款 dateline. A date missing only its 年
             ("20231月12日") is read with `date_garbled`; anything else unreadable is None + `bad_date`.
- report_scope  report-format.md §1.3, decided from the agency name's ending.
- region     cpca on the (simplified) agency name, accepted only when the matched place is literally in
             the name and unambiguous. For 直辖市 cpca's placeholder city ("市辖区"/"县") is dropped, so
             city is None (上海市科委 → 上海市/None/None/310000).
- proactive_count  the year's headline figure "…主动公开/公布/发布…(政府|政务)信息N条", "通过…网站公开
             政府信息N条", "主动公开…共计N条"; None when it is approximate (余/多), a rival figure of equal
             standing stands next to it (r001), or only per-platform counts (微信, 微博, 政务新媒体,
             公众号, 客户端…) are stated. The sentence it came from is kept in `proactive_source`.

All matching is done on a normalised copy: NFKC, Traditional→Simplified (OpenCC t2s, which keeps the
length of these texts, so offsets map back to the printed script), 资讯/讯息→信息 and whitespace removed.
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
from typing import Any, Optional

from gongkai.model import Region
from gongkai.parse.normalize import fold_variants, to_simplified

Warnings = list[tuple[str, str]]

# ── shared pieces ────────────────────────────────────────────────────────────────────────────────
_WS = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
_YEAR = r"(?<!\d)(?P<year>(?:19|20)\d{2})"
_CJK = "\u4e00-\u9fff"


def _any_of(*alternatives: str) -> str:
    """Alternatives that each begin with one literal character, as "[abc](?:(?<=a)…|(?<=b)…)": the
    leading set lets the engine jump between those characters instead of trying every alternative at
    every position of a long text (3-4x faster here). Matches and spans are those of "(?:a…|b…)"."""
    firsts = "".join(dict.fromkeys(a[0] for a in alternatives))
    return f"[{firsts}](?:" + "|".join(f"(?<={a[0]}){a[1:]}" for a in alternatives) + ")"


# The agency part of a title: Chinese characters (and bracketed notes), no digits or punctuation,
# so a sentence that merely mentions a report ("现将信访局2021年度…报告如下") never matches.
_AGENCY = rf"(?P<agency>[{_CJK}()]{{2,40}}?)"
# "政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开报告".
_REPORT = r"政府信息公开(?:工作)?(?:年度)?报告"
# What a page may append to the title: "-沭阳县发改局", "_政府信息公开年报_平潭…", "@XX娱乐平台".
_SITE_SUFFIX = r"(?P<suffix>[-_|—–·@].*)?"

# ── title ────────────────────────────────────────────────────────────────────────────────────────
TITLE_AGENCY_FIRST = re.compile(rf"^{_AGENCY}{_YEAR}年度?{_REPORT}{_SITE_SUFFIX}$")
TITLE_YEAR_FIRST = re.compile(rf"^{_YEAR}年度?{_AGENCY}{_REPORT}{_SITE_SUFFIX}$")
# A split title's first line must be the agency, not a column name ("政府信息公开年报").
NOT_AN_AGENCY = re.compile(r"政府信息公开|年报|报告")
# Leading decoration of a title line: markdown "#", crawler labels "标题:", "名称 |".
TITLE_PREFIX = re.compile(r"^(?:#+|(?:标题|题目|名称|文章标题)[:|]?)")
# Where the agency of an "<agency><year>年…报告" title ends: the year before the report words.
TITLE_YEAR = re.compile(rf"{_YEAR}年度?{_REPORT}")

# ── opening sentence (no title): "湛江市人民政府地方志办公室2023年政府信息公开工作年度报告根据…" ──
OPENING = re.compile(rf"^{_AGENCY}{_YEAR}年度?{_REPORT}")
OPENING_LINES = 12                      # the opening sentence is among the first lines of the text
SECTION_ONE = re.compile(r"^(?:一、|\(一\))")
# Words that begin a sentence, not a name: "现将本局2023年…报告如下", "特向社会公布…", "我局…".
NOT_A_NAME_START = re.compile(r"^(?:现将|现就|现|特向|特此|兹将|兹|根据|按照|依据|依照|关于|编制|公布|发布|以下|"
                              r"为了|为做好|将本|将我|(?:本|我|该)(?:局|委|办|院|厅|署|单位|部门|机关|镇|乡|"
                              r"街道|区|县|市|州|盟|旗|省|中心|站|所|公司|会|级))")
# An agency name ends like one (局, 委员会, 人民政府, 街道办事处, 镇, 县 …).
ORG_ENDING = re.compile(r"(?:局|委|办|室|厅|院|署|会|中心|政府|街道|办事处|镇|乡|苏木|区|县|市|旗|州|盟|省|"
                        r"所|站|队|处|馆|部|社|司|公司|集团|党校|学校|医院)$")

# ── injected text (spam mirrors) ────────────────────────────────────────────────────────────────
# Words of the gambling/entertainment spam that mirror sites inject; no agency name contains them.
SPAM_IN_NAME = re.compile(r"博彩|百家乐|葡京|赌场|赌博|投注|下注|老虎机|彩金|娱乐|官网|电竞|真人")
# Spam in front of a title, joined to it by _ @ | :, may also end a segment in a milder word
# ("某某体育_", "某某平台|"); "某市体育局|" is a site name, not spam.
SPAM_SEGMENT = re.compile(SPAM_IN_NAME.pattern + r"|(?:体育|平台|彩票|棋牌|游戏|网址|登录|注册|开户|下载|app)[_@|:]",
                          re.IGNORECASE)
SEPARATOR_RUN = re.compile(r"[_@|:]+")
# In the body: the strong words, or a spam word run into "_"/"@" ("某某体育_", "官网@:"). Not "|":
# table rows are joined with it ("区政府官网|120").
INJECTED_BODY = re.compile(_any_of("博彩", "百家乐", "葡京", "赌场", "投注", "下注", "老虎机", "彩金",
                                   "娱乐(?:平台|城|官网|[_@])", "体育[_@]", "官网[_@]", "电竞[_@]"))
# A name cut out of injected text must keep its head: "…官网@:人民政府办公室" lost its place name.
HEADLESS = re.compile(r"^(?:人民政府|政府|办公|委员会|管理|局|街道|办事处|中心)")

# ── year fallbacks (on the compact simplified text) ─────────────────────────────────────────────
# "统计期限自2021年1月1日起", "统计时限为2023年1月1日", "统计周期为2024年1月1日"; also with the 年
# lost ("统计期限自20231月1日起": the year is still determined, four digits before 1月1日).
STATS_PERIOD = re.compile(rf"统计(?:期限|时限|周期|区间|期间|时间)[^。]{{0,12}}?{_YEAR}(?P<nian>年?)1月1日")
# "向社会公布2021年本级政府信息公开工作年度报告", "现将…2022年度政府信息公开工作报告如下".
REPORT_PHRASE = re.compile(rf"{_YEAR}年度?[^,，。;；《》]{{0,20}}?政府信息公开(?:工作)?(?:情况|年度)?报告")
# A narrative paragraph opening "2020年,…" or "2019年我局…" (on the un-compacted lines), not a plan
# ("2025年，我局将…").
NARRATIVE_YEAR = re.compile(rf"^{_YEAR}年度?(?:[,，]|(?=[我本全][{_CJK}]))(?![^,，。]{{0,8}}将)")
# "截至2024年12月31日，本局…": the end of the statistics year, opening a paragraph.
PERIOD_END = re.compile(rf"^(?:截至|截止)到?{_YEAR}年12月31日[,，]")
ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")
# The heading of the problems-and-plans section: years in the narrative after it are not the report's.
PLANS_SECTION = re.compile(r"^(?:[五六七]、|存在的主要问题)")

# ── publication date ────────────────────────────────────────────────────────────────────────────
# Labels that mean "published": 发布时间/发布日期/公开日期/发文日期, or a bare 时间 (not 采集时间,
# 页面生成时间, 更新日期 or 成文日期 — the look-behind refuses any other Chinese word before it),
# also when run into the header field before it ("来源：平潭县人民政府时间：2016-01-12").
PUBLISHED_LABEL = rf"(?:(?:发布|公开|发文)(?:时间|日期)|(?<![{_CJK}])时间|来源[:：][^\s:：|]{{1,30}}?时间)"
# y-m-d with -, /, . or 年月日; the 年 alone may be missing before "N月" ("20231月12日").
_DATE = (r"(?P<y>(?:19|20)\d{2})(?:\s*[-/.年]\s*|\s*(?=\d{1,2}\s*月))"
         r"(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)")
DATE = re.compile(_DATE)
# A publication label followed by something that starts like a date ("2023-01-12", "2023年1月",
# "2023年月12日", "20231月12日"), not "2023年度".
PUBLISHED_AT = re.compile(rf"{PUBLISHED_LABEL}[\s:|]{{0,6}}"
                          r"(?=(?:19|20)\d{2}(?:\s*[-/.]|\s*年\s*[\d月]|\d{1,2}\s*月))")
DATE_TOKEN = re.compile(r"[\d\s年月日./-]{1,16}")
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
# The headline figure: a verb (主动公开/公布/发布, or 公开 after "通过…网站/门户/平台"), an optional short
# qualifier that ends in 政府信息/政务信息 ("我区各级单位", "各类公开"), or 信息 right after the verb;
# after 主动公开/主动发布 also a list closed by 各类 ("政策文件、通知公告等各类信息"); then the number.
# "政府采购项目信息188条", "更新工作动态…信息162条" and "共发布各类信息13528条" (one portal's
# items, without 主动) are not headlines.
_NOT_CLAUSE = r"\d,，。;；:：()|"
_QUALIFIER = rf"(?:[^{_NOT_CLAUSE}、]{{0,12}}?(?:政府|政务)信息|信息)"
PROACTIVE = re.compile(
    _any_of(rf"主动(?:公开|发布)[^{_NOT_CLAUSE}]{{0,30}}?各类[^{_NOT_CLAUSE}、]{{0,6}}?信息",
            "主动公开" + _QUALIFIER, "公布" + _QUALIFIER, "发布(?!会)" + _QUALIFIER,   # not 新闻发布会
            rf"通过[^{_NOT_CLAUSE}、]{{0,15}}?(?:网站|门户|平台)[^{_NOT_CLAUSE}、]{{0,4}}?"
            r"(?<!申请)(?<!不予)(?<!予以)公开" + _QUALIFIER)
    + r"(?:总数|总量)?(?:共计|合计|总计|共)?(?P<n>\d+)(?P<approx>余|多)?[条件]"
)
# "主动公开文件类信息120条、动态类信息300条，共计420条": a stated sum in a 主动公开 sentence, used
# when the figures between the verb and the sum add up to it (or there are none).
PROACTIVE_SUM = re.compile(_any_of("共计", "合计", "总计") + r"(?P<n>\d+)(?P<approx>余|多)?条")
SUM_VERB = re.compile(r"主动(?:公开|发布)")
# Words before a figure in its own sentence that make it one item of a breakdown.
BREAKDOWN_WORD = re.compile(r"其中|包括|[一二三四五六七八九十]是")
FIGURE = re.compile(r"(?P<n>\d+)(?P<approx>余|多)?[条件]")
# A count for one publishing channel other than the website: not the year's total.
PLATFORM = re.compile(r"微信|微博|新媒体|公众号|客户端|抖音|快手|头条|视频号|小程序|政务号|短信|app", re.IGNORECASE)
WEBSITE = re.compile(r"网站|门户")
CLAUSE_END = re.compile(r"[,，;；。:：]")
CLAUSE_WINDOW = 40
# Section headings end the paragraph a headline figure belongs to: "(二)", "三、".
HEADING = re.compile(r"\([一二三四五六七八九十]{1,3}\)|(?<![一二三四五六七八九十第])[一二三四五六七八九十]{1,3}、")
SENTENCE_END = re.compile(rf"。|{HEADING.pattern}")
# Where the sentence kept as the figure's source ends: a list after it is cut at its first "；".
SOURCE_END = re.compile(rf"[。;；]|{HEADING.pattern}")
# A heading line above the sentence ("主动公开情况", "主动公开方面"), not part of it.
HEADING_LINE = re.compile(r"[^\d\n,，。;；:：]{0,16}(?:情况|方面|概述|数量)\n")


@dataclass
class Metadata:
    agency: Optional[str] = None
    year: Optional[int] = None
    published_on: Optional[str] = None  # ISO date
    report_scope: str = "unknown"       # agency | government_organ | jurisdiction_aggregate | system_aggregate | unknown
    region: Region = field(default_factory=Region)
    proactive_count: Optional[int] = None
    warnings: Warnings = field(default_factory=list)  # (code, specific human-readable detail)
    agency_printed: Optional[str] = None   # the agency as printed, when that differs from `agency`
    # Where proactive_count was read: {"text": sentence, "line": 1-based line, "span": [start, end]}
    # with start/end character offsets of the sentence in the NFKC text, lines joined by "\n".
    proactive_source: Optional[dict[str, Any]] = None


@dataclass
class TitleMatch:
    printed: str                  # the agency as printed (NFKC, no whitespace)
    simplified: str               # the same in Simplified script
    year: int
    injected: Optional[str]       # spam cut from in front of / after the title
    refused: Optional[str] = None  # why the name cannot be used (still holds injected text…)


def extract_metadata(text: str, title_hint: Optional[str] = None,
                     meta: Optional[dict[str, str]] = None) -> Metadata:
    md = Metadata()
    if unicodedata.is_normalized("NFKC", text):      # parse_bytes passes NFKC text: one test
        lines = text.splitlines()
    else:
        lines = [unicodedata.normalize("NFKC", line) for line in text.splitlines()]
    joined = "\n".join(lines)
    flat = fold_variants("".join(_simplified(joined).split()))   # = _WS.sub("", …): same whitespace

    title = find_title(lines, title_hint)
    named = title or _opening_agency(lines, md.warnings)
    where = "title" if title else "opening sentence"
    if named:
        md.year = named.year
        if named.injected:
            md.warnings.append(("injected_text", f"the {where} carries injected text {named.injected!r}; "
                                                 f"not part of the agency name"))
        if named.refused:
            md.warnings.append(("agency_not_found", named.refused))
        else:
            md.agency = named.simplified
            if named.printed != named.simplified:
                md.agency_printed = named.printed
            if not title:
                md.warnings.append(("agency_from_opening_sentence",
                                    f"no title line; agency {named.printed!r} read from the opening "
                                    f"sentence '{named.printed}{named.year}年…报告…'"))
    elif not any(code == "agency_not_found" for code, _ in md.warnings):
        md.warnings.append(("agency_not_found", "no report title line (<agency><year>年…政府信息公开…报告)"))
    if not (named and named.injected) and (spam := INJECTED_BODY.search(flat)):
        md.warnings.append(("injected_text", f"the page carries injected text "
                                             f"{flat[max(0, spam.start() - 8):spam.end() + 8]!r}"))

    if md.year is None:
        md.year = _year_from_body(flat, lines, md.warnings)
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
        md.report_scope = report_scope(md.agency)
        md.region = resolve_region(md.agency, md.warnings)

    found = proactive_count(flat, md.warnings)
    if found:
        md.proactive_count, (start, end) = found
        md.proactive_source = _source(joined, start, end)
    return md


# ── title ────────────────────────────────────────────────────────────────────────────────────────
def find_title(lines: list[str], title_hint: Optional[str] = None) -> Optional[TitleMatch]:
    """The first title: the hint, then a line, then two joined lines."""
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


def _match_title(printed: str) -> Optional[TitleMatch]:
    printed = TITLE_PREFIX.sub("", _WS.sub("", printed))
    if "报告" not in printed and "報告" not in printed:     # most lines: one test
        return None
    simple = _simplified(printed)
    key = fold_variants(simple)
    cut = 0
    m = _title_pattern_match(key)
    if m is None and (cut := _injected_cut(key)):
        m = _title_pattern_match(key[cut:])
    if m is None:
        return None
    a, b = m.start("agency") + cut, m.end("agency") + cut
    # A site suffix ("_某市体育局", "_政府信息公开平台") is spam only when it holds the strong words.
    junk = [part for part, spam in ((key[:cut], SPAM_SEGMENT), (m["suffix"] or "", SPAM_IN_NAME))
            if part and spam.search(part)]
    return _checked(printed[a:b], simple[a:b], int(m["year"]), "".join(junk) or None, bool(cut))


def _title_pattern_match(key: str) -> Optional[re.Match]:
    for pattern in (TITLE_AGENCY_FIRST, TITLE_YEAR_FIRST):
        if (m := pattern.match(key)) and not NOT_AN_AGENCY.search(m["agency"]):
            return m
    return None


def _injected_cut(key: str) -> int:
    """Where a title starts after spam joined to it by _ @ | : ("某某体育_某某官网@:…"); 0 if none.
    The cut is after the last separator run before "<year>年…报告", and the text it cuts off must
    hold spam (SPAM_SEGMENT): a breadcrumb or site name in front of a title is not cut."""
    year = TITLE_YEAR.search(key)
    if year is None:
        return 0
    cut = 0
    for sep in SEPARATOR_RUN.finditer(key, 0, year.start()):
        cut = sep.end()
    return cut if cut and SPAM_SEGMENT.search(key, 0, cut) else 0


def _checked(printed: str, simple: str, year: int, junk: Optional[str], was_cut: bool) -> TitleMatch:
    found = TitleMatch(printed, simple, year, junk)
    if spam := SPAM_IN_NAME.search(simple):
        found.refused = f"the agency name {printed!r} holds injected text ({spam.group(0)!r}); not used"
        found.injected = found.injected or printed
    elif was_cut and HEADLESS.match(simple):
        found.refused = (f"{printed!r} follows injected text and has lost the start of its name; "
                         f"not used")
    return found


def _opening_agency(lines: list[str], warnings: Warnings) -> Optional[TitleMatch]:
    """An opening sentence that starts "<agency><year>年…政府信息公开…报告" as running text."""
    for line in lines[:OPENING_LINES]:
        compact = TITLE_PREFIX.sub("", _WS.sub("", line))
        if SECTION_ONE.match(compact):
            break
        if "报告" not in compact and "報告" not in compact:
            continue
        simple = _simplified(compact)
        key = fold_variants(simple)
        cut = _injected_cut(key)
        if (m := OPENING.match(key[cut:])) is None:
            continue
        a, b = m.start("agency") + cut, m.end("agency") + cut
        agency = simple[a:b]
        if NOT_AN_AGENCY.search(agency) or NOT_A_NAME_START.match(agency) or not ORG_ENDING.search(agency):
            warnings.append(("agency_not_found", f"no title line, and the opening sentence names no agency "
                                                 f"({compact[:40]!r}…)"))
            return None
        return _checked(compact[a:b], agency, int(m["year"]), key[:cut] or None, bool(cut))
    return None


def _year_from_body(flat: str, lines: list[str], warnings: Warnings) -> Optional[int]:
    for pattern in (STATS_PERIOD, REPORT_PHRASE):
        if m := pattern.search(flat):
            if pattern is STATS_PERIOD and not m["nian"]:
                warnings.append(("date_garbled", f"statistics period printed {m.group(0)[-10:]!r} "
                                                 f"(年 missing); year read as {m['year']}"))
            return int(m["year"])
    for line in lines:
        compact = _WS.sub("", line)
        if not compact[:1].isdigit() and not compact.startswith(("截至", "截止")):
            if PLANS_SECTION.match(compact):
                break
            continue
        if m := NARRATIVE_YEAR.match(compact):
            return int(m["year"])
        if m := PERIOD_END.match(compact):
            sentence = compact[m.end():].split("。", 1)[0]
            others = {y for y in ANY_YEAR.findall(sentence) if y != m["year"]}
            if not others:
                return int(m["year"])
            warnings.append(("year_conflict", f"{compact[:m.end()]!r} is followed by year(s) "
                                              f"{sorted(others)} in the same sentence; not used"))
    return None


# ── publication date ────────────────────────────────────────────────────────────────────────────
def _published_on(lines: list[str], meta: dict[str, str], warnings: Warnings) -> Optional[str]:
    for key, value in meta.items():
        if key.lower() in META_DATE_KEYS and (m := DATE.search(value)) and (iso := _iso(m)):
            return iso
    for line in lines:
        if "时" not in line and "日" not in line and "時" not in line:   # every label has one
            continue
        line = _arabic_dates(_simplified(line))
        for label in PUBLISHED_AT.finditer(line):
            m = DATE.match(line, label.end())
            raw = (m.group(0) if m else DATE_TOKEN.match(line, label.end()).group(0)).strip()
            if m and (iso := _iso(m)):
                if not line[m.end("y"):m.start("m")].strip():     # no 年, - / . between
                    warnings.append(("date_garbled", f"publication date printed {raw!r} (年 missing); "
                                                     f"read as {iso}"))
                return iso
            warnings.append(("bad_date", f"publication label with a date that cannot be read: {raw!r}"))
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
# Special zones whose names hold no division name cpca knows (or one it misreads: 横琴粤澳深度合作区 →
# 甘肃 合作市); each is placed where its territory lies, so the region filters find its reports.
SPECIAL_ZONES = {
    "平潭综合实验区": Region(province="福建省", city="福州市", county="平潭县", code="350128"),
    "横琴粤澳深度合作区": Region(province="广东省", city="珠海市", county=None, code="440400"),
}


def resolve_region(agency: str, warnings: Warnings) -> Region:
    """cpca's reading of the agency name, kept only when its deepest place is literally in the name."""
    for zone, region in SPECIAL_ZONES.items():
        if zone in agency:
            return Region(**vars(region))
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
@dataclass
class _Hit:
    m: re.Match
    n: int
    approx: bool
    total: bool          # a stated sum ("…共计N条"): never an item of a breakdown
    platform: bool       # a count for one channel (微信, 微博, 公众号…) other than the website
    part: bool = False   # one item of a breakdown (after 其中/包括/一是 or another figure)


def proactive_count(flat: str, warnings: Warnings) -> Optional[tuple[int, tuple[int, int]]]:
    """(the first headline figure that is not itself one item of a breakdown nor one platform's count,
    the span of its sentence in `flat`), checked against rivals; None with a warning otherwise.

    Later figures of the same kind in the same paragraph (up to the next "(二)"/"三、" heading) must
    repeat it or add up to it (a breakdown spread over sentences, p2015: 2275 + 674 = 2949);
    otherwise they are rival totals (r001: 4511 on the portal vs 3044 by departments) → None.
    Per-platform counts are neither headlines nor rivals ("微信公众号发布信息120条").
    """
    hits = _proactive_hits(flat)
    if not hits:
        warnings.append(("proactive_not_found", "no headline figure '…主动公开/公布/发布…信息N条' in the text"))
        return None
    # Sentence ends up to the last figure are all that is needed (a match cut by the bound would
    # start after every figure anyway).
    sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(flat, 0, hits[-1].m.start() + 1)]
    platform_figures = {h.m.start("n") for h in hits if h.platform}
    for hit in hits:
        hit.part = not hit.total and _in_breakdown(flat, hit.m.start(), sentence_starts, platform_figures)
    headline = next((h for h in hits if not h.part and not h.platform), None)
    if headline is None:
        platforms = [h for h in hits if h.platform and not h.part]
        if platforms:
            shown = ", ".join(repr(_clause(flat, h)) for h in platforms)
            warnings.append(("proactive_platform_only", f"only per-platform counts are stated ({shown}), "
                                                        f"no total of the proactive disclosure"))
        else:
            warnings.append(("proactive_not_found",
                             "no headline figure '…主动公开/公布/发布…信息N条' in the text"))
        return None
    if headline.approx:
        warnings.append(("proactive_approximate",
                         f"proactive figure is approximate: {headline.m.group(0)!r}"))
        return None
    total = headline.n
    heading = HEADING.search(flat, headline.m.end())
    end = heading.start() if heading else len(flat)
    rivals = [h for h in hits if headline.m.end() <= h.m.start() < end and h.n != total and not h.platform]
    if any(h.approx for h in rivals):
        warnings.append(("proactive_approximate", f"a figure next to {headline.m.group(0)!r} is approximate"))
        return None
    if any(not h.part for h in rivals) and sum(h.n for h in rivals) != total:
        shown = ", ".join(repr(h.m.group(0)) for h in rivals)
        warnings.append(("proactive_competing", f"{headline.m.group(0)!r} competes with {shown}"))
        return None
    start = sentence_starts[bisect.bisect_right(sentence_starts, headline.m.start()) - 1]
    stop = SOURCE_END.search(flat, headline.m.end())
    if stop is None:
        end = len(flat)
    else:                                   # the sentence keeps its "。"/"；", not the next heading
        end = stop.start() if HEADING.match(flat, stop.start()) else stop.end()
    return total, (start, end)


def _proactive_hits(flat: str) -> list[_Hit]:
    hits = [_Hit(m, int(m["n"]), bool(m["approx"]), False, _is_platform(flat, m.start(), m.start("n")))
            for m in PROACTIVE.finditer(flat)]
    taken = {h.m.start("n") for h in hits}
    for m in PROACTIVE_SUM.finditer(flat):
        if m.start("n") in taken:           # "主动公开政府信息共计120条" is a headline already
            continue
        sentence = flat.rfind("。", 0, m.start()) + 1
        verb = None
        for verb in SUM_VERB.finditer(flat, sentence, m.start()):
            pass
        if verb is None:
            continue
        parts = list(FIGURE.finditer(flat, verb.end(), m.start()))
        if any(p["approx"] for p in parts):             # 余/多: nothing to check against
            continue
        if parts and sum(int(p["n"]) for p in parts) != int(m["n"]):
            continue                        # "…500条，开展政策解读共计20条": not this verb's sum
        # A channel named before the verb ("在公众号主动发布…，共计N条") or in the sum's own clause.
        platform = _is_platform(flat, verb.start(), verb.end()) or _is_platform(flat, m.start(), m.start("n"))
        hits.append(_Hit(m, int(m["n"]), bool(m["approx"]), True, platform))
    hits.sort(key=lambda h: h.m.start())
    return hits


def _clause_start(flat: str, pos: int) -> int:
    """Start of the clause holding `pos`: after the last ，；。: before it, looking back 40 characters."""
    window = max(0, pos - CLAUSE_WINDOW)
    last = None
    for last in CLAUSE_END.finditer(flat, window, pos):
        pass
    return last.end() if last else window


def _is_platform(flat: str, start: int, figure: int) -> bool:
    """A figure whose clause names a channel such as 微信/微博/公众号 and not the website."""
    clause = _clause_start(flat, start)
    return bool(PLATFORM.search(flat, clause, figure)) and not WEBSITE.search(flat, clause, figure)


def _clause(flat: str, hit: _Hit) -> str:
    return flat[_clause_start(flat, hit.m.start()):hit.m.end()]


def _in_breakdown(flat: str, start: int, sentence_starts: list[int], platform_figures: set[int]) -> bool:
    """Whether a figure at `start` follows 其中/包括/一是 or another figure in its own sentence
    (one platform's count before it does not: "微信发布信息120条，全年主动公开政府信息500条")."""
    sentence_start = sentence_starts[bisect.bisect_right(sentence_starts, start) - 1]
    if BREAKDOWN_WORD.search(flat, sentence_start, start):
        return True
    return any(m.start() not in platform_figures for m in FIGURE.finditer(flat, sentence_start, start))


def _source(joined: str, start: int, end: int) -> dict[str, Any]:
    """The sentence flat[start:end] as it stands in the (NFKC) text: its text, line and span."""
    a, b = _unflatten(joined, start, end)
    simple = _simplified(joined[a:b])      # headings are matched in Simplified script
    cut = 0
    while (heading := HEADING_LINE.match(simple, cut)) and heading.end() < len(simple):
        cut = heading.end()
    a += cut
    return {"text": joined[a:b], "line": joined.count("\n", 0, a) + 1, "span": [a, b]}


def _unflatten(joined: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in `joined` of the characters at start and end-1 of its whitespace-free copy."""
    seen = 0
    a = None
    for run in _NON_SPACE.finditer(joined):
        length = run.end() - run.start()
        if a is None and seen + length > start:
            a = run.start() + (start - seen)
        if seen + length >= end:
            return a, run.start() + (end - seen)
        seen += length
    return (a if a is not None else len(joined)), len(joined)


# ── helpers ─────────────────────────────────────────────────────────────────────────────────────
def _simplified(text: str) -> str:
    """t2s, guaranteed to keep the length (offsets are shared with the printed text)."""
    simple = to_simplified(text)
    if len(simple) != len(text):
        simple = "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in text)
    return simple
