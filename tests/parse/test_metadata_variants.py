"""Metadata from the shapes portals and mirrors give reports (issue 13 §3, §4), on small made-up texts.

The rule above all: never a wrong value. Where the text does not determine a field it is None and a
warning says why. Every document here is written for the test; none is copied from a real page.
"""
from __future__ import annotations

import json
import unicodedata

import pytest

from gongkai.model import ParsedReport, SourceInfo
from gongkai.parse import parse_bytes
from gongkai.parse.metadata import extract_metadata
from gongkai.parse.normalize import compact
from gongkai.parse.version import detect_version

TITLE = "云岭县统计局2023年政府信息公开工作年度报告\n"
UNDATED_BODY = "一、总体情况\n我局认真落实条例要求。\n"


def codes(md) -> list[str]:
    return [code for code, _ in md.warnings]


# ── §4 proactive_count: the phrasings portals use ───────────────────────────────────────────────
@pytest.mark.parametrize("sentence, n", [
    ("全年主动公开政务信息356条，涵盖政策文件和工作动态。", 356),
    ("本年度我局主动公开政府信息共1024条。", 1024),
    ("全年累计主动公开政策文件、通知公告、工作动态等各类信息1890条。", 1890),
    ("依托门户网站发布信息共412条。", 412),
    ("2023年，我县主动发布各类政府信息2231条，解读信息发布6条。", 2231),
    ("全年通过政府网站公开政府信息608条。", 608),
    ("全年主动公开文件类信息120条、动态类信息300条，共计420条。", 420),
    ("全年主动公开政府信息90条，受理政府信息公开申请共计12条。", 90),
])
def test_proactive_phrasings(sentence, n):
    md = extract_metadata(TITLE + "一、总体情况\n" + sentence)
    assert md.proactive_count == n, md.warnings


def test_proactive_in_traditional_script_with_zixun():
    md = extract_metadata("雲嶺縣統計局2023年政府資訊公開工作年度報告\n一、總體情況\n"
                          "全年主動公開政府資訊538條，均經審核。")
    assert md.proactive_count == 538
    # the printed script, NFKC (full-width "，" → ","), the heading line above left out
    assert md.proactive_source["text"] == "全年主動公開政府資訊538條,均經審核。"


def test_a_stated_sum_counts_only_when_its_items_add_up():
    md = extract_metadata(TITLE + "全年主动公开文件类信息120条、动态类信息301条，共计420条。")
    assert md.proactive_count is None
    md = extract_metadata(TITLE + "全年主动公开政府信息500条，开展政策解读共计20条。")
    assert md.proactive_count == 500
    md = extract_metadata(TITLE + "全年主动公开政府信息120条，微信发布信息50条，共计170条。")
    assert md.proactive_count is None and "proactive_competing" in codes(md)   # 120 or 170: not said


def test_a_press_conference_count_is_not_the_total():
    md = extract_metadata(TITLE + "通过召开新闻发布会公开政府信息5条。")
    assert md.proactive_count is None


def test_only_platform_counts_give_none_with_a_warning():
    md = extract_metadata(TITLE + "全年通过微信公众号发布信息120条，政务微博发布信息80条。")
    assert md.proactive_count is None
    assert "proactive_platform_only" in codes(md)
    md = extract_metadata(TITLE + "通过政务新媒体发布信息75条。")
    assert md.proactive_count is None and "proactive_platform_only" in codes(md)


@pytest.mark.parametrize("text", [
    "全年主动公开政府信息500条。通过微信公众号发布信息120条。",
    "通过微信公众号发布信息120条，全年共主动公开政府信息500条。",
    "全年主动公开政府信息500条，其中通过客户端发布信息120条。",
])
def test_a_platform_count_next_to_the_total_gives_the_total(text):
    md = extract_metadata(TITLE + text)
    assert md.proactive_count == 500, md.warnings


def test_a_website_and_new_media_total_is_not_a_platform_count():
    md = extract_metadata(TITLE + "通过门户网站、微信公众号等平台主动公开政府信息共1234条。")
    assert md.proactive_count == 1234


def test_disclosure_on_application_is_not_proactive():
    md = extract_metadata(TITLE + "全年通过网上依申请公开政府信息30条。")
    assert md.proactive_count is None and "proactive_not_found" in codes(md)


def test_one_portal_s_items_without_zhudong_are_not_the_total():
    md = extract_metadata(TITLE + "外文网站新增两个语种，共发布各类信息3300条。")
    assert md.proactive_count is None


def test_proactive_source_keeps_the_sentence_its_line_and_span():
    text = (TITLE + "一、总体情况\n(一)主动公开情况\n2023年，我局在政府网站\n主动公开政府信息 87 条，"
            "其中政策文件12条；工作动态75条。\n(二)依申请公开情况\n")
    md = extract_metadata(text)
    assert md.proactive_count == 87
    src = md.proactive_source
    nfkc = unicodedata.normalize("NFKC", text)
    # the sentence up to the first "；" of its list, as printed (NFKC), line breaks kept
    assert src["text"] == "2023年,我局在政府网站\n主动公开政府信息 87 条,其中政策文件12条;"
    assert nfkc[src["span"][0]:src["span"][1]] == src["text"]    # offsets in the NFKC text
    assert src["line"] == 4 and text.splitlines()[src["line"] - 1].startswith("2023年，我局")
    assert json.loads(json.dumps(src)) == src


def test_no_source_when_no_count():
    md = extract_metadata(TITLE + "全年主动公开政府信息7700余条。")
    assert md.proactive_count is None and md.proactive_source is None
    assert "proactive_approximate" in codes(md)


# ── §3(a) injected text on mirror pages ─────────────────────────────────────────────────────────
def test_spam_in_front_of_the_title_is_cut_and_warned():
    md = extract_metadata("某某体育_某某官网@:云岭县统计局2023年政府信息公开工作年度报告\n" + UNDATED_BODY)
    assert (md.agency, md.year) == ("云岭县统计局", 2023)
    assert "injected_text" in codes(md)


def test_spam_after_the_title_is_warned_and_not_in_the_name():
    md = extract_metadata(UNDATED_BODY, title_hint="云岭县统计局2023年政府信息公开工作年度报告_某某娱乐平台")
    assert md.agency == "云岭县统计局" and "injected_text" in codes(md)
    md = extract_metadata(UNDATED_BODY, title_hint="云岭县统计局2023年政府信息公开工作年度报告@某某博彩官网")
    assert md.agency == "云岭县统计局" and "injected_text" in codes(md)


def test_spam_run_into_the_name_refuses_the_name():
    md = extract_metadata("某某娱乐平台云岭县统计局2023年政府信息公开工作年度报告\n" + UNDATED_BODY)
    assert md.agency is None and md.year == 2023
    assert "injected_text" in codes(md) and "agency_not_found" in codes(md)


def test_a_name_that_lost_its_head_to_the_spam_is_refused():
    md = extract_metadata("云岭县某某体育_某某官网@:人民政府办公室2023年政府信息公开工作年度报告\n" + UNDATED_BODY)
    assert md.agency is None and "agency_not_found" in codes(md)


def test_spam_in_the_body_is_warned_and_never_becomes_the_agency():
    md = extract_metadata("一、总体情况\n2020年，在区委的领导下，某某博彩官网区人民政府某某街道办事处认真落实条例。\n"
                          "某某街道办事处全年主动公开政府信息41条。")
    assert md.agency is None and "injected_text" in codes(md)
    assert md.proactive_count == 41


@pytest.mark.parametrize("title", [
    "云岭县文化广电体育局2023年政府信息公开工作年度报告_云岭县体育局",
    "云岭县统计局2023年政府信息公开工作年度报告_政府信息公开平台_云岭县",
])
def test_site_names_and_sport_bureaus_are_not_spam(title):
    md = extract_metadata(UNDATED_BODY, title_hint=title)
    assert md.agency and md.agency.startswith("云岭县")
    assert "injected_text" not in codes(md)


def test_a_breadcrumb_without_spam_is_not_cut():
    md = extract_metadata("首页|政务公开|云岭县统计局2023年政府信息公开工作年度报告\n" + UNDATED_BODY)
    assert md.agency is None and "injected_text" not in codes(md)


# ── §3(b) Traditional script: stored Simplified, printed form kept ──────────────────────────────
def test_traditional_agency_is_simplified_with_its_printed_form_kept():
    md = extract_metadata("雲嶺縣統計局2023年政府信息公開工作年度報告\n" + UNDATED_BODY)
    assert (md.agency, md.agency_printed, md.year) == ("云岭县统计局", "雲嶺縣統計局", 2023)
    assert md.report_scope == "agency"


def test_simplified_agency_has_no_printed_form():
    md = extract_metadata(TITLE + UNDATED_BODY)
    assert (md.agency, md.agency_printed) == ("云岭县统计局", None)


# ── §3(c) metadata only in the narrative ────────────────────────────────────────────────────────
def test_year_from_a_narrative_opening_naming_the_agency():
    assert extract_metadata("一、总体情况\n2019年我局认真贯彻条例。\n").year == 2019
    assert extract_metadata("一、总体情况\n2021年本单位持续推进公开。\n").year == 2021


def test_year_from_the_end_of_the_statistics_year():
    md = extract_metadata("一、总体情况\n截止2024年12月31日，本局2024年度主动公开政府信息15条。\n")
    assert md.year == 2024


def test_a_statistics_year_end_followed_by_another_year_is_not_used():
    md = extract_metadata("一、总体情况\n截至2024年12月31日，本局2023年度的事项均已办结。\n")
    assert md.year is None and "year_conflict" in codes(md)


def test_a_plan_for_next_year_is_not_the_report_year():
    md = extract_metadata("一、总体情况\n我局认真落实条例。\n五、存在的主要问题及改进情况\n2024年，我局将继续…\n")
    assert md.year is None
    assert extract_metadata("一、总体情况\n2024年我局将进一步规范公开。\n").year is None


def test_agency_from_an_opening_sentence_in_running_text():
    md = extract_metadata("云岭县档案馆2023年政府信息公开工作年度报告依据条例编制，数据统计期限自2023年1月1日起。\n"
                          + UNDATED_BODY)
    assert (md.agency, md.year) == ("云岭县档案馆", 2023)
    assert "agency_from_opening_sentence" in codes(md)


def test_an_opening_sentence_that_says_only_ben_ju_gives_no_agency():
    md = extract_metadata("现将本局2023年政府信息公开工作年度报告公布如下。\n" + UNDATED_BODY)
    assert md.agency is None and md.year == 2023
    assert "agency_not_found" in codes(md)
    md = extract_metadata("本局2023年政府信息公开工作年度报告依据条例编制。\n" + UNDATED_BODY)
    assert md.agency is None


def test_the_opening_sentence_is_not_looked_for_after_section_one():
    md = extract_metadata(UNDATED_BODY + "云岭县档案馆2023年政府信息公开工作年度报告已经审定。\n")
    assert md.agency is None


def test_a_publication_date_missing_only_its_nian_is_read_and_warned():
    md = extract_metadata("发布时间：20231月12日\n" + UNDATED_BODY)
    assert md.published_on == "2023-01-12" and "date_garbled" in codes(md)


@pytest.mark.parametrize("line", ["发布时间：2023年1月", "发布日期：2023年13月5日", "发布时间：2023年月12日"])
def test_an_undeterminable_publication_date_is_none_with_a_warning(line):
    md = extract_metadata(line + "\n" + UNDATED_BODY)
    assert md.published_on is None and "bad_date" in codes(md)


def test_a_garbled_statistics_period_still_gives_the_year():
    md = extract_metadata("本报告统计期限自20231月1日起至202312月31日止。\n" + UNDATED_BODY)
    assert md.year == 2023 and "date_garbled" in codes(md)


# ── §3(d) reports before the 2019 format ────────────────────────────────────────────────────────
PRE2019_DOC = (
    "云岭县民政局2017年政府信息公开工作年度报告\n"
    "一、概述\n2017年，我局认真做好政府信息公开工作，及时公开政府集中采购、低保救助等信息。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息64条。\n"
    "三、依申请公开政府信息情况\n全年未收到依申请公开。\n"
    "四、政府信息公开的收费及减免情况\n未收取费用。\n"
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
    "附表\n指标名称 | 计量单位 | 本年度 | 历年累计\n主动公开信息数 | 条 | 64 | 512\n"
)


def test_an_old_report_mentioning_a_v2019_phrase_is_pre2019():
    flat = compact(PRE2019_DOC)
    assert detect_version(flat, 2017) == "pre2019"
    assert detect_version(flat, None) == "pre2019"     # 历年累计 outweighs a narrative phrase
    report = parse_bytes(PRE2019_DOC.encode("utf-8"), "old.txt")
    assert (report.format_version, report.status, report.year) == ("pre2019", "parsed", 2017)
    assert report.proactive_count == 64 and not report.cells


def test_v2019_table_headers_still_decide_the_format():
    flat = compact("信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n规章 | 0 | 0 | 0\n")
    assert detect_version(flat, 2020) == "v2019"
    assert detect_version(flat, 2018) == "v2019"        # the table itself, not the year (docs/report-format.md §0)


def test_a_narrative_phrase_alone_does_not_make_a_2019_report_pre2019():
    flat = compact("2019年，我局公开政府集中采购信息。")
    assert detect_version(flat, 2019) == "v2019"


# ── JSON: the new keys are additive and appear only when set ────────────────────────────────────
def test_new_keys_appear_only_when_set_and_in_place():
    report = ParsedReport(SourceInfo(path="x", sha256="0" * 64, media_type="text/plain"))
    assert list(report.to_dict()) == ["source", "status", "agency", "year", "format_version",
                                      "report_scope", "published_on", "region", "proactive_count",
                                      "cells", "checks", "warnings"]
    report.agency, report.agency_printed = "云岭县统计局", "雲嶺縣統計局"
    report.proactive_count = 87
    report.proactive_source = {"text": "全年主动公开政府信息87条。", "line": 3, "span": [40, 54]}
    d = report.to_dict()
    keys = list(d)
    assert keys.index("agency_printed") == keys.index("agency") + 1
    assert keys.index("proactive_source") == keys.index("proactive_count") + 1
    assert d["proactive_source"]["span"] == [40, 54] and json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize("agency, province, city, code", [
    ("平潭综合实验区", "福建省", "福州市", "350128"),
    ("平潭综合实验区管委会经济发展局", "福建省", "福州市", "350128"),
    ("横琴粤澳深度合作区执行委员会", "广东省", "珠海市", "440400"),
])
def test_special_zones_resolve_to_the_province_they_lie_in(agency, province, city, code):
    from gongkai.parse.metadata import resolve_region
    warnings: list = []
    region = resolve_region(agency, warnings)
    assert (region.province, region.city, region.code) == (province, city, code) and warnings == []
