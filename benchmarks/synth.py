"""Synthetic corpus for scale work ONLY: `python benchmarks/synth.py --reports N --years Y [--out DIR]`.

Everything made here is fake and says so twice, so it can never pass for real data:
- every agency name starts with SYNTH_PREFIX `（合成）` (NFKC `(合成)`; the parser keeps it in the
  agency name, so `agencies.name` and `reports.agency_name` carry it);
- every document carries the line SYNTH_MARKER, and the store sets `reports.is_synthetic` from it
  (store/writer.py).
`synth_main` refuses to write into the bundled sample folder (data/reports), which feeds the default
dashboard database.

Two products:
1. Documents (`generate` → `SynthReport` truth → `render_html` / `render_text` / `render_flat`):
   real report documents in the v2019 and v2021 layouts (docs/report-format.md §3–4): HTML with the
   statutory tables (Word-export style markup), one-cell-per-line page text, and run-together
   flattened text (docs/report-format.md §6.12; the parser can only partly recover those, as with real ones).
   The truth holds every cell, the metadata and the identity checks that are meant to fail.
2. Warehouse rows (`build_warehouse`): the store's tables filled directly (DuckDB bulk insert from
   Arrow), for query benchmarks at 10^5–10^6 reports without parsing that many documents.

Distributions (documented in docs/benchmarks.md): agency mix by level (county departments most,
then townships, cities, provinces; one government-organ and one jurisdiction-aggregate report per
government), places drawn from cpca's bundled division table (real names and codes), applications
heavy-tailed (a third receive none, most under 100, aggregates thousands), a few identity breaks.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import unicodedata
import warnings as _warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Sequence

SYNTH_PREFIX = "（合成）"                       # printed agency-name prefix; NFKC → "(合成)"
SYNTH_PREFIX_NORMALISED = "(合成)"
SYNTH_MARKER = "【合成数据 SYNTHETIC DATA】本文件由 gongkai synth 生成，仅供性能测试，不是真实的政府公开报告。"
SYNTH_MARKER_KEY = "SYNTHETIC DATA"              # what the store looks for (ASCII: survives any reader)
KINDS = ("html", "text", "flat")
DEFAULT_KIND_MIX = {"html": 0.6, "text": 0.3, "flat": 0.1}
LAST_YEAR = 2024
BREAK_RATE = 0.04                                # share of reports with a deliberate identity break
OLD_LAYOUT_RATE = 0.03                           # 2021+ reports that keep the v2019 layout (docs/report-format.md §0)

# ----------------------------------------------------------------------------- places (cpca)

@dataclass(frozen=True)
class Place:
    province: str
    city: Optional[str]          # None for a province, and for 直辖市 districts
    county: Optional[str]
    code: str                    # 6-digit division code of the most specific level
    level: str                   # 省 | 市 | 县


MUNICIPALITIES = ("11", "12", "31", "50")


@lru_cache(maxsize=1)
def places() -> dict[str, list[Place]]:
    """Provinces, prefectures and counties from cpca's bundled division table (real names/codes)."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        import cpca
    names = {code[:6]: info.name for code, info in cpca.ad_2_addr_dict.items()}
    out: dict[str, list[Place]] = {"省": [], "市": [], "县": []}
    for code, name in sorted(names.items()):
        prov = names.get(code[:2] + "0000")
        if prov is None or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code[2:] == "0000":
            out["省"].append(Place(name, None, None, code, "省"))
        elif code[4:] == "00":
            if code[:2] not in MUNICIPALITIES:
                out["市"].append(Place(prov, name, None, code, "市"))
        else:
            city = None if code[:2] in MUNICIPALITIES else names.get(code[:4] + "00")
            if city in (None, "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                city = None
                if code[:2] not in MUNICIPALITIES:
                    continue         # county-level units directly under a province: skip (rare)
            out["县"].append(Place(prov, city, name, code, "县"))
    return out


# Departments per level: (name suffix, relative weight). Names follow the usual 机构改革 names.
COUNTY_DEPTS = ("发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
                "财政局", "人力资源和社会保障局", "自然资源局", "生态环境分局", "住房和城乡建设局",
                "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局", "卫生健康局",
                "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
                "信访局", "林业局", "城市管理局", "行政审批局", "体育局", "民族宗教事务局",
                "机关事务服务中心", "粮食和物资储备局", "乡村振兴局", "数据资源局", "人民防空办公室",
                "地震局", "档案馆", "国有资产监督管理局", "政务服务管理局", "公共资源交易中心",
                "投资促进局", "能源局", "气象局", "科学技术协会", "交通运输综合行政执法大队")
CITY_DEPTS = tuple(d.replace("生态环境分局", "生态环境局") for d in COUNTY_DEPTS) + (
    "地方金融监督管理局", "人民防空办公室", "住房公积金管理中心")
PROVINCE_DEPTS = ("发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "公安厅", "民政厅",
                  "司法厅", "财政厅", "人力资源和社会保障厅", "自然资源厅", "生态环境厅",
                  "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅", "商务厅", "文化和旅游厅",
                  "卫生健康委员会", "退役军人事务厅", "应急管理厅", "审计厅", "市场监督管理局",
                  "统计局", "医疗保障局", "信访局", "林业局")
# Township names are not in cpca; these are the commonest real ones (一个县几乎都有).
TOWNSHIPS = ("城关镇", "城郊乡", "新城街道办事处", "东城街道办事处", "西城街道办事处", "南关街道办事处",
             "北关镇", "城南镇", "城北镇", "新华街道办事处", "人民路街道办事处", "和平乡",
             "太平镇", "新集镇", "长安镇", "永安镇", "大同镇", "兴隆镇", "双河镇", "金山镇", "青山乡",
             "白沙镇", "石桥镇", "龙泉镇", "新兴街道办事处", "东风街道办事处", "红星乡", "团结乡",
             "平安镇", "清河镇")


@dataclass
class Agency:
    name: str                    # printed, with SYNTH_PREFIX
    scope: str                   # agency | government_organ | jurisdiction_aggregate
    place: Place
    level: str                   # 省 | 市 | 县 | 乡
    size: float                  # scale factor for the figures


def _place_prefix(p: Place) -> str:
    if p.level == "省":
        return p.province
    if p.level == "市":
        return p.city or p.province
    # county: the prefecture (or the municipality) names the parent so cpca is unambiguous
    return (p.city or p.province) + p.county


def make_agencies(n: int, rng: random.Random) -> list[Agency]:
    """n agencies in a national mix: ~66% county departments, 18% townships, 8% city departments,
    2% province departments, 6% government reports (organ + jurisdiction aggregate, each level)."""
    pl = places()
    out, seen = [], set()
    misses = 0
    while len(out) < n:
        if misses > 10_000 + n:
            raise ValueError(f"cannot make {n} distinct agency names (about 250,000 exist); "
                             "use fewer reports per year or more years")
        u = rng.random()
        if u < 0.66:
            p = rng.choice(pl["县"]); name = _place_prefix(p) + rng.choice(COUNTY_DEPTS)
            a = Agency(name, "agency", p, "县", rng.lognormvariate(0, 1.0))
        elif u < 0.84:
            p = rng.choice(pl["县"]); name = _place_prefix(p) + rng.choice(TOWNSHIPS)
            if name.endswith("镇") or name.endswith("乡"):
                name += "人民政府"
            a = Agency(name, "agency", p, "乡", rng.lognormvariate(-0.7, 0.8))
        elif u < 0.92:
            p = rng.choice(pl["市"]); name = _place_prefix(p) + rng.choice(CITY_DEPTS)
            a = Agency(name, "agency", p, "市", rng.lognormvariate(1.2, 1.0))
        elif u < 0.94:
            p = rng.choice(pl["省"]); name = _place_prefix(p) + rng.choice(PROVINCE_DEPTS)
            a = Agency(name, "agency", p, "省", rng.lognormvariate(2.2, 1.0))
        else:
            level = rng.choices(("县", "市", "省"), (0.85, 0.13, 0.02))[0]
            p = rng.choice(pl[level])
            base = _place_prefix(p)
            if rng.random() < 0.5:
                name, scope, mult = base + "人民政府办公室", "government_organ", 1.5
            else:
                name, scope, mult = base + "人民政府", "jurisdiction_aggregate", 40.0
            mult *= {"县": 1, "市": 8, "省": 40}[level]
            a = Agency(name, scope, p, level, mult * rng.lognormvariate(0, 0.6))
        a.name = SYNTH_PREFIX + a.name
        if a.name in seen:
            misses += 1
            continue
        seen.add(a.name)
        out.append(a)
    return out


# ----------------------------------------------------------------------------- figures (truth)

@dataclass
class SynthReport:
    agency: Agency
    year: int
    format_version: str           # v2019 | v2021
    kind: str                     # html | text | flat
    cells: dict[str, float]       # every cell key of the format → value (truth)
    proactive_count: int
    published_on: str
    expected_failures: set = field(default_factory=set)   # {(check_id, scope)} meant to fail
    break_kind: Optional[str] = None
    seed: int = 0

    @property
    def agency_name_normalised(self) -> str:
        return unicodedata.normalize("NFKC", self.agency.name)

    @property
    def file_stem(self) -> str:
        return f"synth_{self.year}_{self.agency.place.code}_{self.seed:08x}"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def truth(self) -> dict:
        return {"file": self.file_stem + (".html" if self.kind == "html" else ".txt"),
                "agency": self.agency_name_normalised, "year": self.year,
                "format_version": self.format_version, "kind": self.kind,
                "report_scope": self.agency.scope, "region_code": self.agency.place.code,
                "proactive_count": self.proactive_count, "published_on": self.published_on,
                "break": self.break_kind, "expected_failures": sorted(map(list, self.expected_failures)),
                "cells": self.cells}


def _formats():
    from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS
    return FORMATS, T3_COLS, T4_COLS


# Outcome shares of processed applications (rows 3–23), roughly as national reports show them.
RESULT_WEIGHTS = {
    "granted": 40, "partial_grant": 8,
    "denied_state_secret": 0.3, "denied_law_prohibited": 0.6, "denied_security_stability": 0.3,
    "denied_third_party_rights": 1.0, "denied_internal_affairs": 1.0, "denied_process_info": 1.5,
    "denied_enforcement_file": 0.7, "denied_admin_query": 0.8,
    "unavailable_not_held": 22, "unavailable_needs_creation": 3, "unavailable_unclear": 2,
    "not_processed_petition": 3, "not_processed_duplicate": 3, "not_processed_publication": 0.5,
    "not_processed_excessive": 1, "not_processed_confirmation": 0.8,
    "other_no_correction": 4, "other_unpaid_fee": 0.2, "other_misc": 6, "other_total": 10.2,
}
APPLICANT_WEIGHTS = (70, 14, 1, 1.5, 4, 9.5)      # natural person, then the five org columns


def _multinomial(rng: random.Random, n: int, weights: Sequence[float]) -> list[int]:
    """n items split by weights (sequential binomials; exact sum)."""
    out, left, wleft = [], n, float(sum(weights))
    for w in weights[:-1]:
        if left <= 0 or wleft <= 0:
            out.append(0)
            continue
        p = min(1.0, w / wleft)
        k = _binomial(rng, left, p)
        out.append(k)
        left -= k
        wleft -= w
    out.append(left)
    return out


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n < 60:
        return sum(rng.random() < p for _ in range(n))
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    return max(0, min(n, int(round(rng.gauss(mean, sd)))))


def _applications(rng: random.Random, size: float) -> int:
    """New applications: a third none, most under 100, a heavy tail scaled by the agency's size."""
    if rng.random() < 0.33 / max(1.0, size ** 0.5):
        return 0
    return max(0, int(rng.lognormvariate(math.log(4 * size + 1), 1.1)))


def make_report(agency: Agency, year: int, rng: random.Random, kind: str, seed: int,
                carried_over: Optional[list[int]] = None) -> SynthReport:
    FORMATS, T3_COLS, T4_COLS = _formats()
    version = "v2021" if year >= 2021 else "v2019"
    if version == "v2021" and rng.random() < OLD_LAYOUT_RATE:
        version = "v2019"
    fmt = FORMATS[version]
    cells: dict[str, float] = {}
    size = agency.size

    # ---- table 3: per applicant column, balance and results hold exactly
    new_total = _applications(rng, size)
    new = _multinomial(rng, new_total, APPLICANT_WEIGHTS)
    carried = carried_over if carried_over is not None else [
        _binomial(rng, max(0, n // 8), 0.5) for n in new]
    result_rows = [r.key for r in fmt.t3_rows
                   if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    weights = [RESULT_WEIGHTS[k] for k in result_rows]
    per_col: dict[str, list[int]] = {k: [] for k in result_rows}
    forward, processed = [], []
    for c in range(6):
        avail = new[c] + carried[c]
        fwd = _binomial(rng, avail, 0.06)
        proc = avail - fwd
        split = _multinomial(rng, proc, weights)
        for k, v in zip(result_rows, split):
            per_col[k].append(v)
        forward.append(fwd)
        processed.append(proc)

    def put_t3(row: str, values: list[int]) -> None:
        for col, v in zip(T3_COLS[:-1], values):
            cells[f"t3.{row}.{col}"] = v
        cells[f"t3.{row}.total"] = sum(values)

    put_t3("new_received", new)
    put_t3("carried_over", carried)
    for k in result_rows:
        put_t3(k, per_col[k])
    put_t3("total_processed", processed)
    put_t3("carried_forward", forward)

    # ---- table 2
    big = size * (3 if agency.scope == "jurisdiction_aggregate" else 1)
    gov = agency.level in ("省", "市") and agency.scope != "agency"
    lic = int(rng.lognormvariate(math.log(30 * big + 1), 1.3)) if rng.random() < 0.7 else 0
    pen = int(rng.lognormvariate(math.log(10 * big + 1), 1.3)) if rng.random() < 0.6 else 0
    com = int(rng.lognormvariate(math.log(big + 1), 1.0)) if rng.random() < 0.3 else 0
    reg_issued = rng.randint(0, 6) if gov else 0
    norm_issued = _binomial(rng, 12, min(0.9, 0.05 * (1 + big)))
    for row in fmt.t2_rows:
        for col, kindname in zip(row.cols, row.kinds):
            key = f"t2.{row.key}.{col}"
            if row.key == "regulations":
                base = reg_issued
            elif row.key == "normative_documents":
                base = norm_issued
            else:
                base = {"administrative_license": lic, "administrative_penalty": pen,
                        "administrative_compulsion": com}.get(row.key, 0)
            if col in ("issued", "new_made", "new_published", "decisions"):
                v = base
            elif col == "repealed":
                v = _binomial(rng, base, 0.3)
            elif col in ("in_force", "total_published"):
                v = base + int(rng.lognormvariate(math.log(base * 5 + 1), 0.5)) if base else 0
            elif col == "prior_year_items":
                v = int(rng.lognormvariate(math.log(5 * big + 1), 0.8)) if base or rng.random() < 0.5 else 0
            elif col == "items_change":
                v = rng.randint(-5, 5) if rng.random() < 0.3 else 0
            elif col == "amount_wan_yuan":
                v = (round(rng.lognormvariate(math.log(20 * big + 1), 1.5), rng.choice((0, 2, 2, 4, 6)))
                     if rng.random() < 0.35 else 0)
            elif col == "procurement_projects":
                v = rng.randint(0, 30) if rng.random() < 0.3 else 0
            elif col == "procurement_amount":
                v = round(rng.lognormvariate(math.log(2e5 * big), 1.0), rng.choice((0, 2))) \
                    if cells.get("t2.centralized_procurement.procurement_projects") else 0
            else:
                v = 0
            if kindname == "int" and v < 0:
                v = 0
            cells[key] = int(v) if float(v).is_integer() else float(v)

    # ---- table 4: rare, small
    review = new_total > 0 and rng.random() < min(0.6, 0.02 * new_total ** 0.5 + 0.02)
    for group in ("review", "lit_direct", "lit_after_review"):
        parts = [0, 0, 0, 0]
        if review and (group == "review" or rng.random() < 0.4):
            n = max(1, int(rng.lognormvariate(math.log(1 + new_total / 60), 0.8)))
            parts = _multinomial(rng, n, (6, 1.2, 1.5, 1.3))
        for leaf, v in zip(("upheld", "corrected", "other", "pending"), parts):
            cells[f"t4.cases.{group}_{leaf}"] = v
        cells[f"t4.cases.{group}_total"] = sum(parts)

    # every cell key of the format, nothing else
    assert set(cells) == set(fmt.cell_keys), set(fmt.cell_keys) ^ set(cells)

    report = SynthReport(agency, year, version, kind, cells,
                         proactive_count=int(rng.lognormvariate(math.log(60 * size + 10), 0.7)),
                         published_on=f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
                         seed=seed)
    if rng.random() < BREAK_RATE:
        _break_identity(report, rng, result_rows)
    return report


def _break_identity(report: SynthReport, rng: random.Random, result_rows: list[str]) -> None:
    """A typical filling mistake, and the checks it is meant to fail (docs/report-format.md §5)."""
    cells = report.cells
    kind = rng.choice(("row_total", "review_total", "carried_forward"))
    if kind == "row_total":
        row = rng.choice(result_rows)
        cells[f"t3.{row}.total"] += 1
        report.expected_failures = {("T3.row_sum", row), ("T3.results_sum", "total")}
    elif kind == "review_total":
        cells["t4.cases.review_total"] += 1
        report.expected_failures = {("T4.review_sum", "cases")}
    else:
        cells["t3.carried_forward.natural_person"] += 1
        cells["t3.carried_forward.total"] += 1
        report.expected_failures = {("T3.balance", "natural_person"), ("T3.balance", "total")}
    report.break_kind = kind


def year_list(years: str | int) -> list[int]:
    """`3` → the last three years up to 2024; `2019-2024` → that range; `2022` alone is a year."""
    text = str(years).strip()
    if "-" in text:
        a, b = (int(x) for x in text.split("-", 1))
        return list(range(min(a, b), max(a, b) + 1))
    n = int(text)
    if n >= 1900:
        return [n]
    if not 1 <= n <= LAST_YEAR - 2019 + 1:
        raise ValueError(f"--years {n}: give 1–{LAST_YEAR - 2019 + 1} years or a range like 2019-2024")
    return list(range(LAST_YEAR - n + 1, LAST_YEAR + 1))


def generate(reports_per_year: int, years: Sequence[int], seed: int = 1,
             kind_mix: Optional[dict[str, float]] = None) -> Iterator[SynthReport]:
    """Each agency reports every year (carried_over follows last year's carried_forward)."""
    rng = random.Random(seed)
    mix = kind_mix or DEFAULT_KIND_MIX
    kinds, kweights = list(mix), list(mix.values())
    agencies = make_agencies(reports_per_year, rng)
    agency_kind = [rng.choices(kinds, kweights)[0] for _ in agencies]
    last_forward: dict[int, list[int]] = {}
    _, T3_COLS, _ = _formats()
    for year in years:
        for i, agency in enumerate(agencies):
            rseed = rng.getrandbits(32)
            rep = make_report(agency, year, random.Random(rseed), agency_kind[i], rseed,
                              last_forward.get(i))
            last_forward[i] = [int(rep.cells[f"t3.carried_forward.{c}"]) for c in T3_COLS[:-1]]
            yield rep


# ----------------------------------------------------------------------------- rendering

def _num(v) -> str:
    if isinstance(v, float) and not v.is_integer():
        return repr(v)
    return str(int(v))


def _narrative(rep: SynthReport) -> list[tuple[str, str]]:
    """(kind, text) paragraphs before the tables: kind 'h' heading, 'p' paragraph."""
    a, y = rep.agency, rep.year
    who = a.name.replace(SYNTH_PREFIX, "")
    new_total = int(rep.cells["t3.new_received.total"])
    apply = (f"{y}年，本机关共收到政府信息公开申请{new_total}件，均在法定期限内答复。" if new_total
             else f"{y}年，本机关未收到政府信息公开申请。")
    rnd = random.Random(rep.seed ^ 0x5EED)
    fill = [
        "坚持以人民为中心的发展思想，严格落实《中华人民共和国政府信息公开条例》，围绕中心工作做好政策发布、解读和回应，不断提升政务公开质量和实效。",
        "健全政府信息公开工作机制，明确分管领导和具体工作人员，落实公开前保密审查和合法性审查，确保公开内容准确、规范、及时。",
        "依托政府门户网站信息公开专栏、政务新媒体和公开栏等渠道，及时更新机构职能、政策文件、财政预决算、重点领域信息等内容。",
        "加强对政务公开工作的日常监督检查，将政务公开纳入年度目标考核，开展业务培训，提升工作人员的政策水平和业务能力。",
        "规范依申请公开办理流程，做好登记、审核、答复、归档各环节工作，做到件件有回应、事事有着落。",
    ]
    rnd.shuffle(fill)
    return [
        ("p", f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"),
        ("h", "一、总体情况"),
        ("h", "（一）主动公开"),
        ("p", f"{y}年，{who}通过政府信息公开平台累计主动公开政府信息{rep.proactive_count}条。" + fill[0]),
        ("h", "（二）依申请公开"),
        ("p", apply + fill[1]),
        ("h", "（三）政府信息管理"),
        ("p", fill[2] + fill[3]),
        ("h", "（四）政府信息公开平台建设"),
        ("p", fill[4]),
        ("h", "（五）监督保障"),
        ("p", fill[3]),
    ]


def _closing(rep: SynthReport) -> list[tuple[str, str]]:
    return [
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "一是政策解读形式不够丰富；二是公开内容的针对性有待加强。下一步，将丰富解读形式，加强重点领域信息公开，拓宽公开渠道。"),
        ("h", "六、其他需要报告的事项"),
        ("p", f"{rep.year}年，本机关未收取信息处理费。无其他需要报告的事项。"),
    ]


# A table is a list of rows; a row is a list of (text, colspan, rowspan).
TCell = tuple[str, int, int]


def _t2_tables(rep: SynthReport) -> list[list[TCell]]:
    FORMATS, _, _ = _formats()
    from gongkai.parse.formats import T2_COL_LABELS
    fmt = FORMATS[rep.format_version]
    blocks = {"v2021": [("（一）", ["regulations", "normative_documents"]),
                        ("（五）", ["administrative_license"]),
                        ("（六）", ["administrative_penalty", "administrative_compulsion"]),
                        ("（八）", ["administrative_fees"])],
              "v2019": [("（一）", ["regulations", "normative_documents"]),
                        ("（五）", ["administrative_license", "other_external_services"]),
                        ("（六）", ["administrative_penalty", "administrative_compulsion"]),
                        ("（八）", ["administrative_fees"]),
                        ("（九）", ["centralized_procurement"])]}[rep.format_version]
    defs = {r.key: r for r in fmt.t2_rows}
    width = 4
    rows: list[list[TCell]] = []
    for caption, keys in blocks:
        cols = defs[keys[0]].cols
        rows.append([(f"第二十条第{caption}项", width, 1)])
        head = [("信息内容", 1, 1)] + [(T2_COL_LABELS[c], 1, 1) for c in cols]
        if len(cols) < width - 1:
            head[-1] = (head[-1][0], width - len(cols), 1)
        rows.append(head)
        for k in keys:
            row = [(defs[k].label, 1, 1)]
            for c in cols:
                v = rep.cells[f"t2.{k}.{c}"]
                text = _num(v)
                if c == "procurement_amount" and v:
                    text += "元"
                row.append((text, 1, 1))
            if len(cols) < width - 1:
                row[-1] = (row[-1][0], width - len(cols), 1)
            rows.append(row)
    return [rows]


def _t3_table(rep: SynthReport, blank_zeros: bool = False) -> list[list[TCell]]:
    FORMATS, T3_COLS, _ = _formats()
    fmt = FORMATS[rep.format_version]
    rows: list[list[TCell]] = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
    ]
    keys = [r.key for r in fmt.t3_rows]
    labels = {r.key: r.label for r in fmt.t3_rows}
    groups = {"denied_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
              "not_processed_petition": ("（五）不予处理", 5)}
    if rep.format_version == "v2021":
        groups["other_no_correction"] = ("（六）其他处理", 3)
    n_results = len(keys) - 3  # rows 3 … total_processed
    for k in keys:
        row: list[TCell] = []
        if k == "granted":
            row.append(("三、本年度办理结果", 1, n_results))
        if k in ("new_received", "carried_over", "carried_forward"):
            row.append((labels[k], 3, 1))
        elif k in groups:
            row.append((groups[k][0], 1, groups[k][1]))
            row.append((labels[k], 1, 1))
        elif k.startswith(("denied_", "unavailable_", "not_processed_")) or \
                k in ("other_unpaid_fee", "other_misc"):
            row.append((labels[k], 1, 1))
        else:
            row.append((labels[k], 2, 1))
        for c in T3_COLS:
            v = rep.cells[f"t3.{k}.{c}"]
            text = "" if (blank_zeros and v == 0 and c != "total") else _num(v)
            row.append((text, 1, 1))
        rows.append(row)
    return rows


def _t4_table(rep: SynthReport) -> list[list[TCell]]:
    _, _, T4_COLS = _formats()
    leaves = [("结果维持", 1, 1), ("结果纠正", 1, 1), ("其他结果", 1, 1), ("尚未审结", 1, 1), ("总计", 1, 1)]
    return [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [(t, 1, 2) for t, _, _ in leaves] + [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        leaves + leaves,
        [(_num(rep.cells[f"t4.cases.{c}"]), 1, 1) for c in T4_COLS],
    ]


_TD = ('<td style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt" valign="center"{span}>'
       '<p class="MsoNormal" style="text-align:center;line-height:20pt"><span style="font-family:仿宋_GB2312;'
       'font-size:12pt">{text}</span></p></td>')
_P = ('<p class="MsoNormal" style="text-indent:32pt;line-height:28pt"><span style="font-family:仿宋_GB2312;'
      'font-size:16pt">{text}</span></p>')
_H = ('<p class="MsoNormal" style="text-indent:32pt;line-height:28pt"><span style="font-family:黑体;'
      'font-size:16pt">{text}</span></p>')


def _html_table(rows: list[list[TCell]]) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none" width="100%"><tbody>']
    for row in rows:
        out.append("<tr>")
        for text, colspan, rowspan in row:
            span = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            out.append(_TD.format(span=span, text=text))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_html(rep: SynthReport) -> bytes:
    blank = random.Random(rep.seed ^ 0xB1A7).random() < 0.05
    nav = "".join(f'<li><a href="/col{i}/index.html">栏目{i}</a></li>' for i in range(1, 13))
    body = [f'<div class="synthetic-notice" style="color:#c00;font-weight:bold">{_esc(SYNTH_MARKER)}</div>',
            f'<div class="nav"><ul>{nav}</ul></div>',
            f'<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>',
            f'<h1 class="title">{_esc(rep.title)}</h1>',
            f'<div class="info"><span>来源：{_esc(rep.agency.name)}</span> <span>发布时间：{rep.published_on} 09:30</span></div>',
            '<div class="TRS_Editor">']
    for k, t in _narrative(rep):
        body.append((_H if k == "h" else _P).format(text=_esc(t)))
    body.append(_H.format(text="二、主动公开政府信息情况"))
    for table in _t2_tables(rep):
        body.append(_html_table(table))
    body.append(_H.format(text="三、收到和处理政府信息公开申请情况"))
    body.append(_html_table(_t3_table(rep, blank_zeros=blank)))
    body.append(_H.format(text="四、政府信息公开行政复议、行政诉讼情况"))
    body.append(_html_table(_t4_table(rep)))
    for k, t in _closing(rep):
        body.append((_H if k == "h" else _P).format(text=_esc(t)))
    body.append("</div>")
    body.append('<div class="footer">主办单位：（合成数据，非真实网站） 技术支持：gongkai synth</div>')
    head = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_esc(rep.title)}</title>'
            f'<meta name="ArticleTitle" content="{_esc(rep.title)}">'
            f'<meta name="PubDate" content="{rep.published_on} 09:30">'
            f'<meta name="generator" content="gongkai synth (SYNTHETIC DATA)">'
            '<style>body{font-family:SimSun}.nav li{display:inline}</style></head><body>')
    return (head + "\n".join(body) + "</body></html>").encode("utf-8")


def _table_lines(rows: list[list[TCell]]) -> list[str]:
    return [text for row in rows for text, _, _ in row]


def _sections(rep: SynthReport) -> list[tuple[str, object]]:
    parts: list[tuple[str, object]] = list(_narrative(rep))
    parts.append(("h", "二、主动公开政府信息情况"))
    for t in _t2_tables(rep):
        parts.append(("t", t))
    parts.append(("h", "三、收到和处理政府信息公开申请情况"))
    parts.append(("t", _t3_table(rep)))
    parts.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
    parts.append(("t", _t4_table(rep)))
    parts.extend(_closing(rep))
    return parts


def render_text(rep: SynthReport) -> bytes:
    """Page text as a crawler saves it: one table cell per line (like data/reports/000_*.txt)."""
    lines = ["政府信息公开", "", SYNTH_MARKER, "", rep.title, "",
             f"来源:{rep.agency.name} 发布时间:{rep.published_on} 09:30 浏览次数: 字体: [ ] 打印", ""]
    for kind, item in _sections(rep):
        if kind == "t":
            for cell in _table_lines(item):
                lines.extend([cell + " ", ""])
        else:
            lines.extend([item, ""])
    return "\n".join(lines).encode("utf-8")


def render_flat(rep: SynthReport) -> bytes:
    """Run-together page text (docs/report-format.md §6.12, like data/reports/r004.txt): cell boundaries are lost."""
    head = [f"标题: {rep.title}", f"发布时间: {rep.published_on} 09:30", SYNTH_MARKER,
            "==================== 正文 ===================="]
    body = []
    for kind, item in _sections(rep):
        body.append("".join(_table_lines(item)) if kind == "t" else item)
    return ("\n".join(head) + "\n" + "".join(body) + "\n").encode("utf-8")


def render(rep: SynthReport) -> tuple[str, bytes]:
    """(file name, bytes) in the report's kind."""
    if rep.kind == "html":
        return rep.file_stem + ".html", render_html(rep)
    if rep.kind == "text":
        return rep.file_stem + ".txt", render_text(rep)
    return rep.file_stem + ".flat.txt", render_flat(rep)


# ----------------------------------------------------------------------------- writing a corpus

def refuse_bundled(out: Path) -> None:
    """Synthetic files must never land where the default dashboard data is built from."""
    from gongkai import config
    bundled = Path(config.BUNDLED_REPORTS_DIR).resolve()
    target = out.resolve()
    if target == bundled or bundled in target.parents or target in bundled.parents:
        raise ValueError(f"refusing to write synthetic reports into or above {bundled} "
                         "(the bundled sample that builds the default database); choose another --out")


def write_corpus(out: Path, reports_per_year: int, years: Sequence[int], seed: int = 1,
                 kind_mix: Optional[dict[str, float]] = None, truth: bool = False,
                 progress=None) -> dict[str, int]:
    """Write documents under out/<year>/, plus out/README.txt and (with truth) out/truth.jsonl."""
    out = Path(out)
    refuse_bundled(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.txt").write_text(
        "SYNTHETIC DATA — 合成数据，仅供性能测试，不是真实的政府信息公开年度报告。\n"
        "Written by benchmarks/synth.py; every agency name starts with （合成） and every document carries\n"
        f"the line: {SYNTH_MARKER}\n", encoding="utf-8")
    counts: dict[str, int] = {}
    truth_fh = (out / "truth.jsonl").open("w", encoding="utf-8") if truth else None
    total = reports_per_year * len(years)
    try:
        for i, rep in enumerate(generate(reports_per_year, years, seed, kind_mix), 1):
            name, data = render(rep)
            folder = out / str(rep.year)
            folder.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
            counts[rep.kind] = counts.get(rep.kind, 0) + 1
            if truth_fh:
                t = rep.truth()
                t["file"] = f"{rep.year}/{name}"
                truth_fh.write(json.dumps(t, ensure_ascii=False) + "\n")
            if progress:
                progress(i, total)
    finally:
        if truth_fh:
            truth_fh.close()
    return counts


# ----------------------------------------------------------------------------- warehouse rows

def mark_as_ingested(db_path: Path) -> None:
    """build_warehouse writes rows no parser read and no ingest stamped: record the running parser
    and a generation id, as an ingest does, so a timed ingest into the file measures the steady state
    (per-report refresh of the stored tables; a standby made once, then caught up) instead of the
    full rewrite a file from another parser gets."""
    from gongkai.parse import parser_fingerprint
    from gongkai.store import db, standby
    con = db.connect_write(db_path)
    try:
        db.execute(con, "DELETE FROM meta WHERE key = 'parser_fingerprint'")
        db.insert_rows(con, "meta", [("parser_fingerprint", parser_fingerprint())])
        if standby.read_generation(con).generation is None:
            standby.stamp(con, None, None)
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()


def build_warehouse(db_path: Path, n_reports: int, years: Sequence[int] = (2019, 2020, 2021, 2022, 2023, 2024),
                    seed: int = 1, chunk: int = 50_000, progress=None,
                    threads: Optional[int] = None) -> dict:
    """Fill a NEW warehouse file with synthetic rows through the real schema (schema.sql), without
    parsing documents: numpy draws the figures (identities hold, BREAK_RATE of reports break one),
    DuckDB bulk-inserts them from Arrow. Every agency name carries SYNTH_PREFIX, every report has
    is_synthetic = TRUE, every document's content is the SYNTH_MARKER line. Report texts are short
    (a few hundred characters, not the ~5 KB of a real report) and documents hold no real bytes, so
    the file is smaller than a real corpus of the same size would be (docs/benchmarks.md)."""
    import numpy as np
    import pyarrow as pa

    from gongkai.store import db
    from gongkai.store.dictionary import derive_level, derive_sector
    from gongkai.store.derived import write_derived

    FORMATS, T3_COLS, T4_COLS = _formats()
    db_path = Path(db_path)
    refuse_bundled(db_path.parent)
    if db_path.exists():
        raise FileExistsError(f"{db_path} exists; build_warehouse only makes new files")
    rng = np.random.default_rng(seed)
    years = list(years)
    n_agencies = max(1, -(-n_reports // len(years)))   # ceil: one report per agency and year, never two
    agencies = make_agencies(n_agencies, random.Random(seed))
    con = db.connect_write(db_path)
    try:
        con.execute("SET preserve_insertion_order = false")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        # agencies
        a_rows = []
        for i, a in enumerate(agencies, 1):
            name = unicodedata.normalize("NFKC", a.name)
            p = a.place
            a_rows.append((i, name, p.province, p.city, p.county, p.code,
                           derive_level(name, p.code, p.province, p.city, p.county),
                           derive_sector(name), a.scope))
        _insert_arrow(con, "agencies", a_rows)
        sizes = np.array([a.size for a in agencies])
        scopes = np.array([a.scope for a in agencies], dtype=object)
        a_names = np.array([unicodedata.normalize("NFKC", a.name) for a in agencies], dtype=object)
        a_prov = np.array([a.place.province for a in agencies], dtype=object)
        a_city = np.array([a.place.city for a in agencies], dtype=object)
        a_county = np.array([a.place.county for a in agencies], dtype=object)
        a_code = np.array([a.place.code for a in agencies], dtype=object)
        now = np.datetime64("2025-04-01T00:00:00")
        db.insert_rows(con, "ingest_runs", [(1, now.astype(object), now.astype(object),
                                             "synthetic (synth.build_warehouse)", n_reports,
                                             0, 0, 0, "synthetic")])
        report_id = 0
        done = 0
        while done < n_reports:
            m = min(chunk, n_reports - done)
            ids = np.arange(report_id + 1, report_id + m + 1)
            idx = (ids - 1) % n_agencies                 # agency index
            yr = np.array(years)[np.minimum((ids - 1) // n_agencies, len(years) - 1)]
            version = np.where(yr >= 2021, "v2021", "v2019")
            old = (yr >= 2021) & (rng.random(m) < OLD_LAYOUT_RATE)
            version[old] = "v2019"
            _chunk_rows(con, rng, ids, idx, yr, version, sizes, scopes, a_names, a_prov, a_city,
                        a_county, a_code, FORMATS, T3_COLS, T4_COLS, np, pa)
            report_id += m
            done += m
            if progress:
                progress(done, n_reports)
        write_derived(con)
        con.execute("CHECKPOINT").fetchall()
    except BaseException:
        con.close()
        for leftover in (db_path, db_path.with_name(db_path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    con.close()
    return {"reports": n_reports, "agencies": n_agencies, "bytes": db_path.stat().st_size}


def _insert_arrow(con, table: str, rows_or_table) -> None:
    import pyarrow as pa

    from gongkai.store import db
    if isinstance(rows_or_table, list):
        cols = db.TABLE_COLUMNS[table]
        rows_or_table = pa.table({c: [r[i] for r in rows_or_table] for i, c in enumerate(cols)})
    con.register("_synth_arrow", rows_or_table)
    try:
        cols = ", ".join(db.quote_ident(c) for c in rows_or_table.column_names)
        con.execute(f"INSERT INTO {db.quote_ident(table)} ({cols}) SELECT {cols} FROM _synth_arrow"
                    ).fetchall()
    finally:
        con.unregister("_synth_arrow")


def _chunk_rows(con, rng, ids, idx, yr, version, sizes, scopes, a_names, a_prov, a_city, a_county,
                a_code, FORMATS, T3_COLS, T4_COLS, np, pa) -> None:
    m = len(ids)
    size = sizes[idx]
    # ---- T3 per applicant column: new, carried, results, forward (identities hold)
    zero = rng.random(m) < 0.33 / np.maximum(1.0, np.sqrt(size))
    new_total = np.where(zero, 0, np.floor(rng.lognormal(np.log(4 * size + 1), 1.1))).astype(np.int64)
    app_p = np.array(APPLICANT_WEIGHTS) / sum(APPLICANT_WEIGHTS)
    new = rng.multinomial(new_total, app_p)                                 # m × 6
    carried = rng.binomial(new // 8, 0.5)
    avail = new + carried
    forward = rng.binomial(avail, 0.06)
    proc = avail - forward
    t3: dict[str, np.ndarray] = {"new_received": new, "carried_over": carried,
                                 "total_processed": proc, "carried_forward": forward}
    rows21 = [r.key for r in FORMATS["v2021"].t3_rows
              if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    w21 = np.array([RESULT_WEIGHTS[k] for k in rows21]); w21 = w21 / w21.sum()
    split = np.stack([rng.multinomial(proc[:, c], w21) for c in range(6)], axis=1)  # m × 6 × R
    for j, k in enumerate(rows21):
        t3[k] = split[:, :, j]
    t3["other_total"] = t3["other_no_correction"] + t3["other_unpaid_fee"] + t3["other_misc"]
    # ---- T2 / T4 values per key (vectorised, like make_report)
    big = size * np.where(scopes[idx] == "jurisdiction_aggregate", 3, 1)
    lic = np.where(rng.random(m) < 0.7, np.floor(rng.lognormal(np.log(30 * big + 1), 1.3)), 0)
    pen = np.where(rng.random(m) < 0.6, np.floor(rng.lognormal(np.log(10 * big + 1), 1.3)), 0)
    com = np.where(rng.random(m) < 0.3, np.floor(rng.lognormal(np.log(big + 1), 1.0)), 0)
    fee = np.where(rng.random(m) < 0.35, np.round(rng.lognormal(np.log(20 * big + 1), 1.5), 2), 0)
    norm = rng.binomial(12, np.minimum(0.9, 0.05 * (1 + big)))
    t2vals = {"administrative_license": lic, "administrative_penalty": pen,
              "administrative_compulsion": com, "normative_documents": norm,
              "regulations": np.zeros(m)}
    review = (new_total > 0) & (rng.random(m) < np.minimum(0.6, 0.02 * np.sqrt(new_total) + 0.02))
    t4: dict[str, np.ndarray] = {}
    for group in ("review", "lit_direct", "lit_after_review"):
        on = review & ((rng.random(m) < 0.4) | (group == "review"))
        n = np.where(on, np.maximum(1, np.floor(rng.lognormal(np.log(1 + new_total / 60), 0.8))), 0)
        parts = rng.multinomial(n.astype(np.int64), np.array((6, 1.2, 1.5, 1.3)) / 10.0)
        for j, leaf in enumerate(("upheld", "corrected", "other", "pending")):
            t4[f"{group}_{leaf}"] = parts[:, j]
        t4[f"{group}_total"] = parts.sum(axis=1)
    # ---- identity breaks (BREAK_RATE): a row total off by one
    broken = rng.random(m) < BREAK_RATE
    # ---- long-form cells, one format at a time
    is21 = version == "v2021"
    cell_tables = []
    for fv, mask in (("v2021", is21), ("v2019", ~is21)):
        sel = np.nonzero(mask)[0]
        if len(sel) == 0:
            continue
        fmt = FORMATS[fv]
        keys, values = [], []
        for c in fmt.cells:
            if c.table == "t3":
                arr = t3[c.row]
                if c.col == "total":
                    v = arr.sum(axis=1)[sel].astype(np.float64)
                    if c.row == "granted":
                        v = v + broken[sel]
                else:
                    v = arr[sel, T3_COLS.index(c.col)].astype(np.float64)
            elif c.table == "t4":
                v = t4[c.col][sel].astype(np.float64)
            else:
                base = t2vals.get(c.row, np.zeros(m))[sel]
                if c.col in ("issued", "new_made", "new_published", "decisions"):
                    v = base.astype(np.float64)
                elif c.col in ("in_force", "total_published"):
                    v = (base * 6).astype(np.float64)
                elif c.col == "amount_wan_yuan":
                    v = fee[sel].astype(np.float64)
                else:
                    v = np.zeros(len(sel))
            keys.append(c)
            values.append(v)
        nk = len(keys)
        rid = np.repeat(ids[sel], nk).astype(np.int32)          # report-major order
        val = np.stack(values, axis=1).reshape(-1)
        key_idx = np.tile(np.arange(nk, dtype=np.int32), len(sel))
        ck = pa.DictionaryArray.from_arrays(key_idx, pa.array([c.key for c in keys]))
        tb = pa.DictionaryArray.from_arrays(key_idx, pa.array([int(c.table[1]) for c in keys], pa.int8()))
        rk = pa.DictionaryArray.from_arrays(key_idx, pa.array([c.row for c in keys]))
        cl = pa.DictionaryArray.from_arrays(key_idx, pa.array([c.col for c in keys]))
        wh = pa.DictionaryArray.from_arrays(key_idx, pa.array(
            [f"table {c.table[1]} cell {i + 1}" for i, c in enumerate(keys)]))
        cell_tables.append(pa.table({"report_id": rid, "cell_key": ck, "table_no": tb, "row_key": rk,
                                     "col_key": cl, "value": val, "source_where": wh}))
    for t in cell_tables:
        con.register("_synth_cells", t)
        con.execute('INSERT INTO cells SELECT report_id, cell_key::VARCHAR, table_no::TINYINT, '
                    'row_key::VARCHAR, col_key::VARCHAR, value, '
                    "CASE WHEN value = floor(value) THEN CAST(value::BIGINT AS VARCHAR) ELSE CAST(value AS VARCHAR) END, "
                    'source_where::VARCHAR FROM _synth_cells').fetchall()
        con.unregister("_synth_cells")
    # ---- reports, documents, texts (report-level rows)
    sha = np.array([hashlib.sha256(f"synthetic-{i}".encode()).hexdigest() for i in ids], dtype=object)
    ncells = np.where(is21, len(FORMATS["v2021"].cells), len(FORMATS["v2019"].cells)).astype(np.int32)
    proactive = np.floor(rng.lognormal(np.log(60 * size + 10), 0.7)).astype(np.int64)
    pub = np.array([f"{y + 1}-0{1 + (i % 3)}-{1 + (i % 28):02d}" for y, i in zip(yr, ids)],
                   dtype="datetime64[D]")
    reports = pa.table({
        "report_id": ids.astype(np.int32), "document_sha256": sha, "status": np.full(m, "parsed", object),
        "agency_id": (idx + 1).astype(np.int32), "agency_name": a_names[idx], "year": yr.astype(np.int32),
        "format_version": version.astype(object), "report_scope": scopes[idx],
        "published_on": pub, "proactive_count": proactive,
        "province": a_prov[idx], "city": a_city[idx], "county": a_county[idx], "region_code": a_code[idx],
        "cell_count": ncells, "null_cell_count": np.zeros(m, np.int32),
        "version": np.ones(m, np.int32), "is_current": np.ones(m, bool),
        "superseded_by": pa.nulls(m, pa.int32()), "parser_version": np.full(m, "synthetic", object),
        "is_synthetic": np.ones(m, bool)})
    con.register("_synth_reports", reports)
    cols = ", ".join(f'"{c}"' for c in reports.column_names)
    con.execute(f"INSERT INTO reports ({cols}) SELECT {cols} FROM _synth_reports").fetchall()
    marker = SYNTH_MARKER.encode("utf-8")
    con.register("_synth_docs", pa.table({"sha256": sha, "report_id": ids.astype(np.int32)}))
    # no bytes in the document store: a synthetic document is only its marker line (read_document
    # raises DocumentMissing for it; its sha256 is a label, not the hash of any bytes)
    con.execute("INSERT INTO documents (sha256, size_bytes, original_name, origin, media_type, encoding, "
                "received_at, run_id) SELECT sha256, ?, 'synthetic_' || report_id || '.html', "
                "'synthetic', 'text/html', 'utf-8', TIMESTAMP '2025-04-01', 1 FROM _synth_docs",
                [len(marker)]).fetchall()
    # short report texts: the marker plus a narrative line with the figures the queries quote
    con.execute(
        "INSERT INTO report_texts SELECT r.report_id, ? || chr(10) || r.agency_name || r.year || "
        "'年政府信息公开工作年度报告' || chr(10) || r.year || '年，累计主动公开政府信息' || r.proactive_count || "
        "'条。本年共收到政府信息公开申请' || coalesce(CAST(c.value::BIGINT AS VARCHAR), '0') || '件。' "
        "FROM _synth_reports AS r LEFT JOIN cells AS c ON c.report_id = r.report_id "
        "AND c.cell_key = 't3.new_received.total'", [SYNTH_MARKER]).fetchall()
    con.unregister("_synth_docs")
    # checks: the parser's set (docs/report-format.md §5), evaluated in SQL on the cells just written
    _checks_sql(con, int(ids[0]), int(ids[-1]))
    con.execute(
        "INSERT INTO warnings SELECT report_id, 1, 'synthetic', ? FROM _synth_reports",
        ["synthetic report generated by synth.build_warehouse"]).fetchall()
    con.unregister("_synth_reports")
    con.execute("INSERT INTO field_sources SELECT report_id, 'proactive_count', "
                "CAST(proactive_count AS VARCHAR) || '条', 'line 4' FROM reports "
                "WHERE report_id BETWEEN ? AND ?", [int(ids[0]), int(ids[-1])]).fetchall()


def _checks_sql(con, lo: int, hi: int) -> None:
    """T3.row_sum per row, T3.results_sum and T3.balance per column, T4 sums, as run_checks does."""
    _, T3_COLS, _ = _formats()
    con.execute("""
        INSERT INTO checks
        WITH c AS (SELECT report_id, row_key, col_key, value FROM cells
                   WHERE report_id BETWEEN $lo AND $hi AND table_no IN (3, 4)),
        row_sum AS (
            SELECT report_id, 'T3.row_sum' AS check_id, row_key AS scope,
                   max(value) FILTER (WHERE col_key = 'total') AS lhs,
                   sum(value) FILTER (WHERE list_contains($parts, col_key)) AS rhs
            FROM c WHERE row_key NOT IN ('cases') GROUP BY report_id, row_key),
        results AS (
            SELECT report_id, 'T3.results_sum', col_key,
                   max(value) FILTER (WHERE row_key = 'total_processed'),
                   sum(value) FILTER (WHERE row_key NOT IN ('new_received', 'carried_over',
                                                             'total_processed', 'carried_forward'))
            FROM c WHERE row_key <> 'cases' GROUP BY report_id, col_key),
        balance AS (
            SELECT report_id, 'T3.balance', col_key,
                   sum(value) FILTER (WHERE row_key IN ('new_received', 'carried_over')),
                   sum(value) FILTER (WHERE row_key IN ('total_processed', 'carried_forward'))
            FROM c WHERE row_key <> 'cases' GROUP BY report_id, col_key),
        t4 AS (
            SELECT report_id,
                   CASE split_part(col_key, '_', 1) || CASE WHEN col_key LIKE 'lit_direct%' THEN 'd'
                        WHEN col_key LIKE 'lit_after%' THEN 'a' ELSE '' END
                        WHEN 'review' THEN 'T4.review_sum' WHEN 'litd' THEN 'T4.direct_sum'
                        ELSE 'T4.after_sum' END AS check_id,
                   'cases',
                   max(value) FILTER (WHERE col_key LIKE '%total'),
                   sum(value) FILTER (WHERE col_key NOT LIKE '%total')
            FROM c WHERE row_key = 'cases' GROUP BY ALL),
        allc AS (SELECT * FROM row_sum UNION ALL SELECT * FROM results UNION ALL
                 SELECT * FROM balance UNION ALL SELECT * FROM t4)
        SELECT report_id,
               row_number() OVER (PARTITION BY report_id ORDER BY check_id, scope)::INTEGER,
               check_id, scope,
               CASE WHEN lhs IS NULL OR rhs IS NULL THEN 'na' WHEN lhs = rhs THEN 'pass' ELSE 'fail' END,
               CAST(lhs AS VARCHAR) || CASE WHEN lhs = rhs THEN ' = ' ELSE ' ≠ ' END || CAST(rhs AS VARCHAR)
        FROM allc""", {"lo": lo, "hi": hi, "parts": list(T3_COLS[:-1])}).fetchall()


# ----------------------------------------------------------------------------- command line

def add_synth_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Arguments of `python benchmarks/synth.py`."""
    parser.add_argument("--reports", type=int, required=True, metavar="N",
                        help="reports per year (one per agency; N agencies report every year)")
    parser.add_argument("--years", default="1", metavar="Y",
                        help="number of years ending in 2024 (e.g. 3 → 2022–2024) or a range 2019-2024")
    parser.add_argument("--out", type=Path, default=Path("out") / "synth", metavar="DIR",
                        help="output folder (default out/synth; never data/reports)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed → same corpus)")
    parser.add_argument("--kinds", default="html=0.6,text=0.3,flat=0.1", metavar="MIX",
                        help="document kinds and shares: html, text (one cell per line), flat "
                             "(run-together text); default html=0.6,text=0.3,flat=0.1")
    parser.add_argument("--truth", action="store_true",
                        help="also write truth.jsonl (every cell, metadata and intended check failures)")
    parser.add_argument("--warehouse", type=Path, default=None, metavar="FILE",
                        help="instead of documents, write a NEW DuckDB warehouse with --reports × years "
                             "synthetic report rows (for query benchmarks)")
    return parser


def parse_kind_mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        k, _, v = part.partition("=")
        k = k.strip()
        if k not in KINDS:
            raise ValueError(f"unknown document kind {k!r} (use {', '.join(KINDS)})")
        mix[k] = float(v or 1)
    return mix


def synth_main(args: argparse.Namespace) -> int:
    """Write a synthetic corpus (or warehouse); returns the exit status."""
    try:
        years = year_list(args.years)
        if args.reports < 1:
            raise ValueError("--reports must be at least 1")
        if args.warehouse is not None:
            info = build_warehouse(args.warehouse, args.reports * len(years), years, seed=args.seed)
            print(f"{args.warehouse}: SYNTHETIC warehouse, {info['reports']} reports of "
                  f"{info['agencies']} agencies ({', '.join(map(str, years))}), {info['bytes']:,} bytes")
            return 0
        counts = write_corpus(args.out, args.reports, years, args.seed, parse_kind_mix(args.kinds),
                              truth=args.truth)
    except (ValueError, FileExistsError) as exc:
        print(f"benchmarks/synth.py: {exc}", file=sys.stderr)
        return 2
    total = sum(counts.values())
    print(f"{args.out}: {total} SYNTHETIC report documents ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))}) "
          f"for {', '.join(map(str, years))}; agency names start with {SYNTH_PREFIX}")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/synth.py", description=__doc__.splitlines()[0])
    add_synth_arguments(parser)
    return synth_main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
