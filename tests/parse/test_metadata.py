"""gongkai.parse.metadata against the real corpus and against small hand-made cases, one per rule."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.parse.metadata import extract_metadata

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.is_dir():  # the worktree may sit elsewhere; the shared corpus is at a fixed place
    CORPUS = Path("/work/shared/corpus")
EXPECTED = sorted((CORPUS / "expected").glob("*.json")) if CORPUS.is_dir() else []
KEYS = ("agency", "year", "published_on", "proactive_count")
TEXT_SUFFIXES = (".txt", ".md")

# Values the expected files leave out on purpose (see their `notes`): a number or a name here would
# be a guess, so the parser must say None.
DELIBERATELY_NONE = {
    "r001.md": {"proactive_count": "competing totals 4511 (portal) vs 3044 (departments)",
                "published_on": "only an unlabelled 落款 dateline"},
    "r010.txt": {"proactive_count": "approximate '7700余条' and competing figures"},
    "r031.txt": {"proactive_count": "only a subset '全年更新工作动态…信息162条'"},
    "r019.txt": {"proactive_count": "'政府信息公开566条' is not clearly a proactive total",
                 "agency": "no title; body sentence only"},
    "r015.txt": {"published_on": "'更新日期' is not a publication date"},
    "r024.txt": {"published_on": "'发布时间:' printed empty", "agency": "no title"},
    "r013.txt": {"agency": "no title; spam-injected body"},
    "r021.txt": {"agency": "no title"},
    "r022.txt": {"agency": "no title"},
    "r023.txt": {"agency": "no title"},
    "r025.txt": {"agency": "no title"},
    "r028.txt": {"agency": "no title", "year": "no year in the excerpt"},
    "r032.txt": {"agency": "no title"},
}


def _read(path: Path):
    """(text, title_hint, meta) for a corpus file: text files directly, others via sniff."""
    data = path.read_bytes()
    if path.suffix in TEXT_SUFFIXES:
        return data.decode("utf-8"), None, None
    try:
        from gongkai.parse.sniff import read_document
    except ImportError as exc:
        pytest.skip(f"gongkai.parse.sniff.read_document not importable yet ({exc})")
    doc = read_document(data, path.name)
    return doc.text, doc.title_hint, doc.meta


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name[:-len(".json")])
def test_corpus_file(expected_path: Path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    name = expected["file"]
    md = extract_metadata(*_read(CORPUS / name))
    for key in KEYS:
        if key in expected:
            assert getattr(md, key) == expected[key], f"{name}: {key}"
    for key, why in DELIBERATELY_NONE.get(name, {}).items():
        assert getattr(md, key) is None, f"{name}: {key} must be None ({why})"
    if md.agency is None:
        assert md.report_scope == "unknown"
        assert md.region.code is None


def test_corpus_seed_region_and_scope():
    md = extract_metadata((CORPUS / "000_871f94abbc050ee9.txt").read_text(encoding="utf-8"))
    assert (md.region.province, md.region.city, md.region.county, md.region.code) == (
        "四川省", "遂宁市", "安居区", "510904")
    assert md.report_scope == "agency"


def test_corpus_traditional_title_is_stored_simplified_with_its_printed_form_kept():
    md = extract_metadata((CORPUS / "r033.txt").read_text(encoding="utf-8"))
    assert (md.agency, md.agency_printed) == ("兴国县良村镇", "興國縣良村鎮")
    assert md.region.county == "兴国县" and md.report_scope == "agency"


def test_corpus_pingtan_is_a_jurisdiction_aggregate():
    md = extract_metadata((CORPUS / "r004.txt").read_text(encoding="utf-8"))
    assert md.report_scope == "jurisdiction_aggregate"


# ── agency / title ───────────────────────────────────────────────────────────────────────────────
BODY = "一、总体情况\n2022年,我局全年主动公开政府信息12条。\n"
UNDATED_BODY = "一、总体情况\n我局全年主动公开政府信息12条。\n"


def test_two_line_title():
    md = extract_metadata("2022年政府信息公开工作年度报告\n桃江县松木塘镇人民政府\n"
                          "2022年政府信息公开工作年度报告\n" + BODY)
    assert (md.agency, md.year, md.report_scope) == ("桃江县松木塘镇人民政府", 2022, "agency")


def test_title_split_inside_report_words_with_spaces():
    md = extract_metadata("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n" + BODY)
    assert (md.agency, md.year) == ("上海市科委", 2024)
    assert (md.region.province, md.region.city, md.region.county, md.region.code) == (
        "上海市", None, None, "310000")


def test_traditional_title():
    md = extract_metadata("興國縣良村鎮2024年政府信息公開工作年度報告\n累計主動公開政府信息222條。")
    assert (md.agency, md.year, md.proactive_count) == ("兴国县良村镇", 2024, 222)
    assert md.agency_printed == "興國縣良村鎮"


def test_year_first_title():
    md = extract_metadata("2022年遂宁市政府信息公开工作年度报告\n" + BODY)
    assert (md.agency, md.year, md.report_scope) == ("遂宁市", 2022, "jurisdiction_aggregate")
    assert (md.region.province, md.region.city, md.region.code) == ("四川省", "遂宁市", "510900")


def test_site_suffix_and_markdown_heading_are_not_part_of_the_title():
    md = extract_metadata("# 沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局\n" + BODY)
    assert md.agency == "沭阳县发展和改革局"
    md = extract_metadata(BODY, title_hint="平潭综合实验区2015年度政府信息公开工作年度报告_政府信息公开年报_平潭")
    assert (md.agency, md.year) == ("平潭综合实验区", 2015)


def test_title_after_a_column_name_line_is_not_joined_to_it():
    md = extract_metadata("政府信息公开年报\n平潭综合实验区2015年度政府信息公开工作年度报告\n" + BODY)
    assert md.agency == "平潭综合实验区"


def test_no_title_means_no_agency_even_if_the_body_names_one():
    md = extract_metadata("现将茅坪回族镇2022年度政府信息公开工作报告如下:\n" + BODY)
    assert md.agency is None and md.report_scope == "unknown" and md.region.code is None
    assert md.year == 2022
    assert any(code == "agency_not_found" for code, _ in md.warnings)


# ── scope ────────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("title, scope", [
    ("四川省人民政府办公厅2022年政府信息公开工作年度报告", "government_organ"),
    ("遂宁市人民政府办公室2022年政府信息公开工作年度报告", "government_organ"),
    ("沭阳县人民政府2025年政府信息公开工作年度报告", "jurisdiction_aggregate"),
    ("平潭综合实验区2021年度政府信息公开工作年度报告", "jurisdiction_aggregate"),
    ("2022年全省税务系统政府信息公开工作年度报告", "system_aggregate"),
    ("长沙市天心区桂花坪街道办事处2020年政府信息公开工作年度报告", "agency"),
    ("双塔区前进街道2020年政府信息公开工作年度报告", "agency"),
    ("遂宁市安居区商务局2022年政府信息公开工作年度报告", "agency"),
])
def test_scope(title, scope):
    assert extract_metadata(title + "\n" + BODY).report_scope == scope


# ── region ───────────────────────────────────────────────────────────────────────────────────────
def test_ambiguous_county_without_parent_gives_nulls_and_a_warning():
    md = extract_metadata("朝阳区民政局2022年政府信息公开工作年度报告\n" + BODY)
    assert md.agency == "朝阳区民政局"
    assert md.region.code is None and md.region.province is None
    assert any(code == "region_ambiguous" for code, _ in md.warnings)


def test_county_with_parent_in_a_municipality():
    md = extract_metadata("北京市朝阳区民政局2022年政府信息公开工作年度报告\n" + BODY)
    assert (md.region.province, md.region.city, md.region.county, md.region.code) == (
        "北京市", None, "朝阳区", "110105")


def test_cpca_guess_not_written_in_the_name_is_refused():
    md = extract_metadata("沐阳县人民政府2025年政府信息公开工作年度报告\n" + BODY)  # cpca: 重庆市/县
    assert md.region.code is None
    assert any(code == "region_unresolved" for code, _ in md.warnings)


# ── year ─────────────────────────────────────────────────────────────────────────────────────────
def test_year_from_statistics_period_not_publication_date():
    md = extract_metadata("发布时间:2023-01-12\n本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
    assert (md.year, md.published_on) == (2022, "2023-01-12")


def test_year_from_report_phrase_and_from_narrative():
    assert extract_metadata("向社會公布2021年本級政府信息公開工作年度報告。").year == 2021
    assert extract_metadata("一、总体情况\n2020年,在区委的正确领导下,…").year == 2020
    assert extract_metadata("发布时间:2023-01-12\n一、总体情况\n我局积极落实。").year is None


def test_title_year_disagreeing_with_statistics_period_is_warned():
    md = extract_metadata("某市某局2022年政府信息公开工作年度报告\n统计期限为2021年1月1日至2021年12月31日")
    assert md.year == 2022
    assert any(code == "year_mismatch" for code, _ in md.warnings)


# ── published_on ─────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("line, iso", [
    ("来源:安居区商务局 发布时间:2023-01-12 15:06 浏览次数:", "2023-01-12"),
    ("来源：平潭县人民政府 时间：2016-01-12 16:08", "2016-01-12"),
    ("来源：平潭县人民政府时间：2016-01-12 16:08", "2016-01-12"),
    ("公开日期 2024-01-17", "2024-01-17"),
    ("发布日期 | 2023-01-30 | 文 号 |", "2023-01-30"),
    ("发布时间 : 2021/1/25 来源:桂花坪街道", "2021-01-25"),
    ("發佈時間：2023年1月12日", "2023-01-12"),
    ("发布时间：2023.01.12", "2023-01-12"),
])
def test_published_on_labels_and_forms(line, iso):
    assert extract_metadata(line + "\n" + UNDATED_BODY).published_on == iso


@pytest.mark.parametrize("line", [
    "更新日期:2021-01-20 信息来源:双塔区政务公开办",
    "采集时间：2025-12-30T21:37:37+08:00",
    "成文日期：2023-01-10",
    "发布时间:\n根据《条例》2021年1月1日起",
    "沐阳县人民政府\n(2026年1月23日)",
])
def test_dates_that_are_not_publication_dates(line):
    assert extract_metadata(line + "\n" + UNDATED_BODY).published_on is None


def test_publication_date_inside_the_report_year_is_dropped():
    md = extract_metadata("发布时间:2022-06-01\n" + BODY)  # a 2022 report cannot be out in 2022-06
    assert md.published_on is None
    assert any(code == "published_before_year_end" for code, _ in md.warnings)


def test_meta_pubdate_wins():
    md = extract_metadata(BODY, meta={"PubDate": "2023-02-20 15:07", "others": "页面生成时间 2024-05-28"})
    assert md.published_on == "2023-02-20"


# ── proactive_count ──────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("sentence, n", [
    ("2022年,通过政府信息公开目录管理系统累计主动公开政府信息145条。", 145),
    ("全年主动公开我区各级单位政府信息2645条。", 2645),
    ("今年，我区政府信息公开单位共公布政府信息2599条，(其中机构职能类信息25条，其他应主动公开政府信息856条)", 2599),
    ("全年共审核发布各类公开政府信息249条，其中发布行政公文和政策解读信息9条；政府网站信息185条。", 249),
    ("截至 2024 年 12 月\n31 日，市科委通过部门网站当年发布政府信息 393 件，其中包\n括：", 393),
    ("(一)主动公开情况。全年主动公开政府信息总数171条:基层政务公开领域信息124条", 171),
    ("2021年通过政府网站主动公开信息73条,其中:统计数据12条", 73),
    ("2015年主动公开政府信息2949条。其中，区直各部门主动公开政府信息2275条，占77%。"
     "各乡镇主动公开政府信息674条，占23%。(二)主要类别", 2949),
])
def test_proactive_count(sentence, n):
    assert extract_metadata(sentence).proactive_count == n


@pytest.mark.parametrize("sentence, code", [
    ("2025年，通过门户网站累计主动公开政府信息7700余条，公众号发布信息672条。", "proactive_approximate"),
    ("全年主动公开政府信息多条。", "proactive_not_found"),
    ("全年通过县政府门户网站主动公开政府信息4511条，开展意见征集9期。"
     "督促县直部门在信息公开页面发布信息3044条，确保信息传递无死角。", "proactive_competing"),
    ("全年更新工作动态、养老服务和社会救助信息162条。", "proactive_not_found"),
    ("2022年，全镇政府信息公开566条，一是利用平台公开政务信息38条；二是通过微信等发布信息168条。",
     "proactive_not_found"),
    ("我区累计在政府采购信息网上主动公开政府采购项目信息188条。", "proactive_not_found"),
])
def test_proactive_count_refused(sentence, code):
    md = extract_metadata(sentence)
    assert md.proactive_count is None
    assert any(c == code and detail for c, detail in md.warnings), md.warnings
