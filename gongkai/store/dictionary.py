"""Vocabulary the warehouse adds on top of the parser: agency level and sector, and labels for cell keys.

Level and sector are derived, not printed in reports, so the rules live here as small tables that
docs/warehouse.md reproduces. Cell labels come from the parser's canonical definitions
(gongkai/parse/formats.py) so there is exactly one list of cell keys in the project.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

# Sector keyword table: the first sector with a pattern found in the agency name wins, so more
# specific entries come first (教体局 is 教育; 公安局交通警察支队 is 公安; 政府办公室 before 人民政府).
# Patterns are regexes only to rule out accidents such as 民政 inside 人民政府.
SECTOR_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公安", ("公安",)),
    ("教育", ("教育", "教体")),
    ("商务", ("商务",)),
    ("发展改革", ("发展和改革", "发展改革", "发改")),
    ("科技", ("科学技术", "科技", "科委")),
    ("工业和信息化", ("工业和信息化", "经济和信息化", "工信", "经信")),
    ("民政", ("(?<!人)民政",)),
    ("司法", ("司法",)),
    ("财政", ("财政",)),
    ("人力资源和社会保障", ("人力资源和社会保障", "人社")),
    ("自然资源", ("自然资源", "国土资源")),
    ("生态环境", ("生态环境", "环境保护", "环保")),
    ("住房和城乡建设", ("住房和城乡建设", "住房城乡建设", "住建")),
    ("交通运输", ("交通运输", "交通")),
    ("水利", ("水利", "水务")),
    ("农业农村", ("农业农村", "农业", "农牧")),
    ("文化和旅游", ("文化和旅游", "文化旅游", "文旅", "文化广电")),
    ("卫生健康", ("卫生健康", "卫生和计划生育", "卫健", "卫生")),
    ("退役军人事务", ("退役军人",)),
    ("应急管理", ("应急管理", "安全生产监督")),
    ("审计", ("审计",)),
    ("市场监管", ("市场监督管理", "市场监管", "工商行政管理", "食品药品")),
    ("统计", ("统计",)),
    ("医疗保障", ("医疗保障", "医保")),
    ("信访", ("信访",)),
    ("税务", ("税务",)),
    ("政务服务和数据", ("政务服务", "大数据", "数据局", "行政审批")),
    ("城市管理", ("城市管理", "城管", "综合行政执法")),
    ("林业", ("林业", "林草")),
    ("体育", ("体育",)),
    ("民族宗教", ("民族宗教", "民宗")),
    ("政府办公厅", ("人民政府办公厅", "人民政府办公室", "政府办公厅", "政府办公室", "政府办")),
    ("人民政府", ("人民政府", "街道办事处", "管理委员会", "管委会", "街道", "实验区", "新区",
                  "(?<!城)[乡镇鄉鎮]$")),
)
_SECTOR_PATTERNS = tuple((sector, re.compile("|".join(keys))) for sector, keys in SECTOR_KEYWORDS)

# A township-level body (乡级: 乡、镇、街道) is named after its township. "城乡" must not count as 乡.
_TOWNSHIP = re.compile(r"(?<!城)(乡|镇|鄉|鎮|街道|苏木)(人民政府|政府|办事处|党委)?(办公室)?$"
                       r"|街道办事处|(?<!城)[乡鄉]人民政府|[镇鎮]人民政府")
_NAME_LEVEL = ((re.compile(r"(县|区|旗)"), "县"), (re.compile(r"(市|州|盟)"), "市"),
               (re.compile(r"(省|自治区)"), "省"))


def normalise_name(name: Optional[str]) -> Optional[str]:
    """The agency key: NFKC with all whitespace removed; None for a blank name."""
    if not name:
        return None
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    return key or None


def derive_sector(name: Optional[str]) -> Optional[str]:
    """Policy sector from the agency name by SECTOR_KEYWORDS; None when nothing matches."""
    if not name:
        return None
    for sector, pattern in _SECTOR_PATTERNS:
        if pattern.search(name):
            return sector
    return None


def derive_level(name: Optional[str], region_code: Optional[str], province: Optional[str],
                 city: Optional[str], county: Optional[str]) -> Optional[str]:
    """省/市/县/乡: a township name first, then the division code, then which region names are
    known, then words in the name. Municipalities (北京、上海…) count as 省 at their top level."""
    if name and _TOWNSHIP.search(name):
        return "乡"
    code = (region_code or "").strip()
    if re.fullmatch(r"\d{6}", code):
        if code.endswith("0000"):
            return "省"
        if code.endswith("00"):
            return "市"
        return "县"
    if county:
        return "县"
    if city and city != province:
        return "市"
    if province:
        return "省"
    for pattern, level in _NAME_LEVEL:
        if name and pattern.search(name):
            return level
    return None


# --- cell labels ----------------------------------------------------------------------------------

TABLE_LABELS = {2: ("主动公开政府信息情况", "Proactive disclosure"),
                3: ("收到和处理政府信息公开申请情况", "Applications received and handled"),
                4: ("政府信息公开行政复议、行政诉讼情况", "Administrative review and litigation")}


@dataclass(frozen=True)
class CellLabel:
    cell_key: str
    format_version: str
    table_no: int
    row_key: str
    col_key: str
    label_zh: Optional[str]
    label_en: str


def english_label(cell_key: str) -> str:
    """Readable English from the key itself, e.g. t3.new_received.natural_person →
    'Applications: new received / natural person' (the keys are English by design)."""
    table, row, col = split_key(cell_key)
    words = lambda s: s.replace("_", " ")  # noqa: E731
    return f"{TABLE_LABELS.get(table, ('', 'Table'))[1]}: {words(row)} / {words(col)}"


_CELL_KEY = re.compile(r"t([234])\.([a-z0-9_]+)\.([a-z0-9_]+)")


def split_key(cell_key: str) -> tuple[int, str, str]:
    """'t3.granted.total' → (3, 'granted', 'total'); ValueError for anything else."""
    parts = _split_known(cell_key) if isinstance(cell_key, str) else None
    if parts is None:
        raise ValueError(f"not a cell key: {cell_key!r}")
    return parts


@functools.lru_cache(maxsize=4096)   # ~400 keys exist; the ingest splits ~200 per report
def _split_known(cell_key: str) -> Optional[tuple[int, str, str]]:
    m = _CELL_KEY.fullmatch(cell_key)
    return (int(m.group(1)), m.group(2), m.group(3)) if m else None


def canonical_cells() -> list[CellLabel]:
    """Every cell key of every format version, from gongkai/parse/formats.py; [] until it exists.
    Includes the group-total cells a version may carry (v2021 `t3.other_total.*`, present only in
    reports that print the （六）其他处理 row alone: docs/parse-output.md "Group-total cells")."""
    try:
        from gongkai.parse import formats  # type: ignore[attr-defined]
    except ImportError:
        return []
    out: list[CellLabel] = []
    for version, fmt in getattr(formats, "FORMATS", {}).items():
        for cell in list(getattr(fmt, "cells", ())) + list(getattr(fmt, "group_cells", ())):
            key = cell.key
            try:
                table, row, col = split_key(key)
            except ValueError:
                continue
            zh = _zh_label(getattr(cell, "row_label", None), getattr(cell, "col_label", None))
            out.append(CellLabel(key, version, table, row, col, zh, english_label(key)))
    return out


def _zh_label(row_label: Optional[str], col_label: Optional[str]) -> Optional[str]:
    parts = [p for p in (row_label, col_label) if p]
    return " / ".join(parts) if parts else None


def cell_labels(seen: Iterable[tuple[str, str]] = ()) -> list[CellLabel]:
    """Canonical cells plus any (cell_key, format_version) found in the data but not in formats.py,
    so the dictionary covers every stored key even if the two drift apart."""
    labels = canonical_cells()
    known = {(c.cell_key, c.format_version) for c in labels}
    for key, version in sorted(set(seen)):
        if (key, version) in known:
            continue
        try:
            table, row, col = split_key(key)
        except ValueError:
            continue
        labels.append(CellLabel(key, version, table, row, col, None, english_label(key)))
    return labels
