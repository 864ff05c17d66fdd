"""Agency level and sector come from small documented rules; check them on real names."""
from __future__ import annotations

import pytest

from gongkai.store.dictionary import derive_level, derive_sector, normalise_name

# (name, region_code, province, city, county) → level
LEVELS = [
    (("遂宁市安居区商务局", "510904", "四川省", "遂宁市", "安居区"), "县"),
    (("上海市科学技术委员会", "310000", "上海市", None, None), "省"),
    (("桃江县松木塘镇人民政府", "430922", "湖南省", "益阳市", "桃江县"), "乡"),
    (("广州市荔湾区人民政府南源街道办事处", "440103", "广东省", "广州市", "荔湾区"), "乡"),
    (("双塔区前进街道", None, None, None, None), "乡"),
    (("興國縣良村鎮", None, None, None, None), "乡"),
    (("遂宁市住房和城乡建设局", "510900", "四川省", "遂宁市", None), "市"),
    (("XX县乡村振兴局", None, "四川省", "遂宁市", "安居区"), "县"),
    (("四川省教育厅", None, "四川省", None, None), "省"),
    (("平潭综合实验区", None, None, None, None), "县"),
    (("某机构", None, None, None, None), None),
]

SECTORS = [
    ("遂宁市安居区商务局", "商务"),
    ("沭阳县发展和改革局", "发展改革"),
    ("沭阳县人民政府", "人民政府"),          # not 民政, although 人民政府 contains it
    ("XX县民政局", "民政"),
    ("上海市科委", "科技"),
    ("XX市公安局交通警察支队", "公安"),
    ("XX区教育体育局", "教育"),
    ("来凤县政务服务和大数据管理局", "政务服务和数据"),
    ("高平市人民政府办公室", "政府办公厅"),
    ("大通县信访局", "信访"),
    ("绥滨县连生乡人民政府", "人民政府"),
    ("某协会", None),
]


@pytest.mark.parametrize("args,level", LEVELS, ids=[a[0] for a, _ in LEVELS])
def test_level_is_derived_from_name_then_region(args, level):
    assert derive_level(*args) == level


@pytest.mark.parametrize("name,sector", SECTORS, ids=[n for n, _ in SECTORS])
def test_sector_comes_from_the_keyword_table(name, sector):
    assert derive_sector(name) == sector


def test_agency_names_are_keyed_without_width_or_spaces():
    assert normalise_name(" 沭阳县 发展和改革局（全称）") == "沭阳县发展和改革局(全称)"
    assert normalise_name("   ") is None and normalise_name(None) is None
