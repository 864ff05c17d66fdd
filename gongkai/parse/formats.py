"""The statutory table layouts as data (docs/report-format.md §3–4): rows, columns, labels, patterns.

Patterns match *normalised* text (see normalize.py): ASCII brackets, Simplified script, no spaces.
Every row pattern tolerates a missing or different sequence prefix (一、 / (一) / 1.), because real
reports drop, renumber or split them (docs/report-format.md §6.1, §6.3, §6.14).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# Sequence prefixes as they survive normalisation.
CN_NUM = "一二三四五六七八九十"
PAREN_N = rf"(?:\([{CN_NUM}\d]{{1,2}}\))"     # (三)
CN_DUN = rf"(?:[{CN_NUM}]{{1,2}}[、.])"        # 三、
SUB_N = r"(?:[1-9][.、])"                        # 2.


def _pre(p: str) -> str:
    return f"(?:{p})?"


@dataclass(frozen=True)
class RowDef:
    table: str                      # "t2" | "t3"
    key: str
    label: str                      # canonical label from the format
    pattern: str                    # regex on normalised text
    cols: tuple[str, ...]
    kinds: tuple[str, ...]          # per col: "int" | "signed" | "decimal"
    bare_pattern: str = ""          # a too-generic form, trusted only when it is a whole cell


@dataclass(frozen=True)
class CellDef:
    key: str
    table: str
    row: str
    col: str
    row_label: str
    col_label: str
    kind: str
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupTotal:
    """A row group some reports print as one total row instead of its numbered sub-rows (v2021
    （六）其他处理 printed like the v2019 row, docs/parse-output.md "Group-total cells"). Its cells,
    `t3.<row.key>.<col>`, exist in a report only when it prints that row."""
    group: str                 # the group label key in Format.t3_groups, e.g. "other"
    row: RowDef                # the total row as cells, e.g. other_total
    parts: tuple[str, ...]     # the sub-row keys it totals


@dataclass
class Format:
    version: str
    t2_rows: list[RowDef]
    t3_rows: list[RowDef]
    t3_groups: dict[str, str] = field(default_factory=dict)   # group label key → pattern
    group_totals: tuple[GroupTotal, ...] = ()                  # extension cells, not in `cells`

    @cached_property
    def cells(self) -> list[CellDef]:
        out = []
        for row in self.t2_rows + self.t3_rows:
            labels = T2_COL_LABELS if row.table == "t2" else T3_COL_LABELS
            for col, kind in zip(row.cols, row.kinds):
                out.append(CellDef(f"{row.table}.{row.key}.{col}", row.table, row.key, col,
                                   row.label, labels[col], kind, (self.version,)))
        for col in T4_COLS:
            out.append(CellDef(f"t4.cases.{col}", "t4", "cases", col, "",
                               T4_COL_LABELS[col], "int", (self.version,)))
        return out

    @cached_property
    def cell_keys(self) -> list[str]:
        return [c.key for c in self.cells]

    @cached_property
    def group_cells(self) -> list[CellDef]:
        """Cells of the group-total rows: present only in reports that print such a row."""
        return [CellDef(f"t3.{g.row.key}.{col}", "t3", g.row.key, col, g.row.label,
                        T3_COL_LABELS[col], kind, (self.version,))
                for g in self.group_totals for col, kind in zip(g.row.cols, g.row.kinds)]


# ---------------------------------------------------------------- table 3 (both versions)
T3_COLS = ("natural_person", "commercial_enterprise", "research_institution",
           "social_welfare_org", "legal_service_org", "other_org", "total")
T3_COL_LABELS = {"natural_person": "自然人", "commercial_enterprise": "商业企业",
                 "research_institution": "科研机构", "social_welfare_org": "社会公益组织",
                 "legal_service_org": "法律服务机构", "other_org": "其他", "total": "总计"}
INT7 = ("int",) * 7


def _t3(key: str, label: str, pattern: str, bare: str = "") -> RowDef:
    return RowDef("t3", key, label, pattern, T3_COLS, INT7, bare)


_T3_HEAD = [
    _t3("new_received", "一、本年新收政府信息公开申请数量",
        _pre(CN_DUN) + r"本年新收(?:到的?)?政府信息公开申请(?:数量|件数|数)?"),
    _t3("carried_over", "二、上年结转政府信息公开申请数量",
        _pre(CN_DUN) + r"上年结转政府信息公开申请(?:数量|件数|数)?"),
    _t3("granted", "（一）予以公开", _pre(PAREN_N) + r"予以公开"),
    _t3("partial_grant", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _pre(PAREN_N) + r"部分公开(?:\(区分处理[^)]*\)?)?"),
    _t3("denied_state_secret", "1.属于国家秘密", _pre(SUB_N) + r"属于国家秘密"),
    _t3("denied_law_prohibited", "2.其他法律行政法规禁止公开",
        _pre(SUB_N) + r"其他法律行政法规禁止公开"),
    _t3("denied_security_stability", "3.危及“三安全一稳定”",
        _pre(SUB_N) + r'危及"?三安全一稳定"?'),
    _t3("denied_third_party_rights", "4.保护第三方合法权益", _pre(SUB_N) + r"保护第三方合法权益"),
    _t3("denied_internal_affairs", "5.属于三类内部事务信息", _pre(SUB_N) + r"属于三类内部事务信息"),
    _t3("denied_process_info", "6.属于四类过程性信息", _pre(SUB_N) + r"属于四类过程性信息"),
    _t3("denied_enforcement_file", "7.属于行政执法案卷", _pre(SUB_N) + r"属于行政执法案卷"),
    _t3("denied_admin_query", "8.属于行政查询事项", _pre(SUB_N) + r"属于行政查询事项"),
    _t3("unavailable_not_held", "1.本机关不掌握相关政府信息",
        _pre(SUB_N) + r"本机关不掌握(?:相关)?(?:的)?政府信息"),
    _t3("unavailable_needs_creation", "2.没有现成信息需要另行制作",
        _pre(SUB_N) + r"没有现成信息需要另行制作"),
    _t3("unavailable_unclear", "3.补正后申请内容仍不明确", _pre(SUB_N) + r"补正后申请内容仍不明确"),
    _t3("not_processed_petition", "1.信访举报投诉类申请", _pre(SUB_N) + r"信访举报投诉类申请"),
    _t3("not_processed_duplicate", "2.重复申请", _pre(SUB_N) + r"重复申请"),
    _t3("not_processed_publication", "3.要求提供公开出版物", _pre(SUB_N) + r"要求提供公开出版物"),
    _t3("not_processed_excessive", "4.无正当理由大量反复申请",
        _pre(SUB_N) + r"无正当理由大量反复申请"),
    _t3("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息",
        _pre(SUB_N) + r"要求行政机关确认或重新出具已获取(?:的)?信息"),
]
_T3_OTHER_2021 = [
    _t3("other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _pre(SUB_N) + r"申请人无正当理由逾期不补正(?:[,、]?行政机关不再处理其政府信息公开申请)?"),
    _t3("other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _pre(SUB_N) + r"申请人逾期未按收费通知要求缴纳费用(?:[,、]?行政机关不再处理其政府信息公开申请)?"),
    _t3("other_misc", "3.其他", r"(?:\d[.、]|\(三\))其他(?![\u4e00-\u9fff])", bare=r"其他"),
]
_T3_OTHER_2019 = [
    _t3("other_total", "（六）其他处理", _pre(PAREN_N) + r"其他处理"),
]
_T3_TAIL = [
    _t3("total_processed", "（七）总计",
        r"(?:\(七\)|七[、.])(?:总计|合计)", bare=r"(?:总计|合计)"),
    _t3("carried_forward", "四、结转下年度继续办理",
        _pre(CN_DUN) + r"结转下(?:一)?年度(?:继续)?办理", bare=r"结转下(?:一)?年度"),
]

# Group labels: printed row-span cells with no figures of their own (docs/report-format.md §6.14). They end a row.
T3_GROUPS_COMMON = {
    "results": _pre(CN_DUN) + r"本年度办理结果",
    "denied": _pre(PAREN_N) + r"不予公开",
    "unavailable": _pre(PAREN_N) + r"无法提供",
    "not_processed": _pre(PAREN_N) + r"不予处理",
}

# ---------------------------------------------------------------- table 2
T2_COL_LABELS = {
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "decisions": "本年处理决定数量", "amount_wan_yuan": "本年收费金额（单位：万元）",
    "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
    "prior_year_items": "上一年项目数量", "items_change": "本年增/减",
    "procurement_projects": "采购项目数量", "procurement_amount": "采购总金额",
}


def _t2(key: str, label: str, pattern: str, cols: tuple[str, ...], kinds: tuple[str, ...]) -> RowDef:
    return RowDef("t2", key, label, pattern, cols, kinds)


_ART20_1_2021 = ("issued", "repealed", "in_force")
_ART20_1_2019 = ("new_made", "new_published", "total_published")
_ITEMS_2019 = ("prior_year_items", "items_change", "decisions")
_ITEMS_2019_KINDS = ("int", "signed", "int")

T2_2021 = [
    _t2("regulations", "规章", r"规章", _ART20_1_2021, ("int",) * 3),
    _t2("normative_documents", "行政规范性文件", r"(?:行政)?规范性文件", _ART20_1_2021, ("int",) * 3),
    _t2("administrative_license", "行政许可", r"行政许可", ("decisions",), ("int",)),
    _t2("administrative_penalty", "行政处罚", r"行政处罚", ("decisions",), ("int",)),
    _t2("administrative_compulsion", "行政强制", r"行政强制", ("decisions",), ("int",)),
    _t2("administrative_fees", "行政事业性收费", r"行政事业性收费", ("amount_wan_yuan",), ("decimal",)),
]
T2_2019 = [
    _t2("regulations", "规章", r"规章", _ART20_1_2019, ("int",) * 3),
    _t2("normative_documents", "规范性文件", r"(?:行政)?规范性文件", _ART20_1_2019, ("int",) * 3),
    _t2("administrative_license", "行政许可", r"行政许可", _ITEMS_2019, _ITEMS_2019_KINDS),
    _t2("other_external_services", "其他对外管理服务事项", r"其他对外管理服务事项",
        _ITEMS_2019, _ITEMS_2019_KINDS),
    _t2("administrative_penalty", "行政处罚", r"行政处罚", _ITEMS_2019, _ITEMS_2019_KINDS),
    _t2("administrative_compulsion", "行政强制", r"行政强制", _ITEMS_2019, _ITEMS_2019_KINDS),
    _t2("administrative_fees", "行政事业性收费", r"行政事业性收费",
        ("prior_year_items", "items_change"), ("int", "signed")),
    _t2("centralized_procurement", "政府集中采购", r"政府集中采购",
        ("procurement_projects", "procurement_amount"), ("int", "decimal")),
]

# ---------------------------------------------------------------- table 4 (both versions)
T4_COLS = ("review_upheld", "review_corrected", "review_other", "review_pending", "review_total",
           "lit_direct_upheld", "lit_direct_corrected", "lit_direct_other", "lit_direct_pending",
           "lit_direct_total",
           "lit_after_review_upheld", "lit_after_review_corrected", "lit_after_review_other",
           "lit_after_review_pending", "lit_after_review_total")
_LEAF = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
         "total": "总计"}
_GROUP = {"review": "行政复议", "lit_direct": "行政诉讼/未经复议直接起诉",
          "lit_after_review": "行政诉讼/复议后起诉"}
T4_COL_LABELS = {c: f"{_GROUP[c.rsplit('_', 1)[0]]}/{_LEAF[c.rsplit('_', 1)[1]]}" for c in T4_COLS}
T4_GROUPS = (T4_COLS[0:5], T4_COLS[5:10], T4_COLS[10:15])   # each: 4 parts then their total

# v2021 reports that print （六）其他处理 as one row (as v2019 did) instead of its three sub-rows.
GROUP_TOTALS_2021 = (GroupTotal("other", _T3_OTHER_2019[0],
                                tuple(r.key for r in _T3_OTHER_2021)),)

FORMATS: dict[str, Format] = {
    "v2021": Format("v2021", T2_2021, _T3_HEAD + _T3_OTHER_2021 + _T3_TAIL,
                    {**T3_GROUPS_COMMON, "other": _pre(PAREN_N) + r"其他处理"}, GROUP_TOTALS_2021),
    "v2019": Format("v2019", T2_2019, _T3_HEAD + _T3_OTHER_2019 + _T3_TAIL, dict(T3_GROUPS_COMMON)),
}

# ---------------------------------------------------------------- anchors and headings
# Also a caption whose item number was lost (`第二十条第`, `第二十条第()项`, docs/report-format.md
# §6.24); never `第二十条第一款` or any other numbered article reference.
T2_CAPTION = (rf"第二十条第(?:\(?[{CN_NUM}\d]{{1,2}}\)?项|\(?\)?项"
              rf"|(?![\s(\[{CN_NUM}\d零〇]))")
HEADINGS = {
    "t2": r"主动公开政府信息(?:的)?情况",
    "t3": r"收到和处理政府信息公开申请(?:的)?情况",
    "t4": r"(?:因政府信息公开(?:工作)?(?:被)?申请行政复议[、,和及]?(?:提起)?行政诉讼(?:的)?情况"
          r"|政府信息公开行政法?复议[、,和及]?行政诉讼(?:的)?情况|行政复议[、,和及]行政诉讼情况)",
    "problems": r"(?:存在的?主要问题|主要问题(?:及|和)改进)",
    "other_matters": r"其他需要报告的事项",
}
T4_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "未经复议直接起诉", "复议后起诉")

# Format signatures (docs/report-format.md §0), on text with every space removed.
SIGNATURES = {
    # 本年制发件数 also as 本年发件 / 本年(2023)制发件数, 现行有效件数 as 现行有效件 (§6.23).
    "v2021": (r"本年(?:\(\d{4}年?度?\))?制?发件", r"现行有效件", r"本年收费金额",
              r"其他处理.{0,40}?逾期不补正", r"其他处理.{0,80}?收费通知"),
    "v2019": (r"本年新制作数量", r"对外公开总数量", r"上一年项目数量", r"本年增/?减",
              r"第二十条第\(?九\)?项", r"政府集中采购", r"其他对外管理服务事项"),
    "pre2019": (r"历年累计", r"同意公开", r"否决公开"),
}
