"""Human-readable `gongkai parse` output: the three tables as aligned text, failed checks, warnings."""
from __future__ import annotations

import unicodedata

from gongkai.model import ParsedReport
from gongkai.parse.formats import FORMATS, T2_COL_LABELS, T3_COL_LABELS, T3_COLS, T4_GROUPS

_SHORT_T3 = {"natural_person": "自然人", "commercial_enterprise": "商业企业",
             "research_institution": "科研机构", "social_welfare_org": "社会公益",
             "legal_service_org": "法律服务", "other_org": "其他", "total": "总计"}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int, right: bool = False) -> str:
    fill = " " * max(0, w - _width(s))
    return fill + s if right else s + fill


def _fmt(v) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [header] + rows) for i in range(len(header))]
    out = ["  ".join(_pad(h, widths[i], i > 0) for i, h in enumerate(header))]
    out += ["  ".join(_pad(c, widths[i], i > 0) for i, c in enumerate(r)) for r in rows]
    return ["  " + line for line in out]


def _clip(label: str, n: int = 16) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def render_text(report: ParsedReport) -> str:
    r = report
    region = "/".join(x for x in (r.region.province, r.region.city, r.region.county) if x) or "?"
    lines = [
        f"{r.source.path}",
        f"  status {r.status} · {r.format_version} · {r.source.media_type}"
        + (f" ({r.source.encoding})" if r.source.encoding else ""),
        f"  agency {r.agency or '?'} · year {r.year or '?'} · scope {r.report_scope} · "
        f"published {r.published_on or '?'}",
        f"  region {region} ({r.region.code or '?'}) · proactive count {_fmt(r.proactive_count)}",
    ]
    fmt = FORMATS.get(r.format_version)
    if fmt:
        c = r.cells
        lines.append("")
        lines.append("表二 主动公开政府信息情况")
        t2 = [[_clip(row.label), " / ".join(f"{T2_COL_LABELS[col]} {_fmt(c.get(f't2.{row.key}.{col}'))}"
                                            for col in row.cols)] for row in fmt.t2_rows]
        lines += _table(["行", "数值"], t2)
        lines.append("")
        lines.append("表三 收到和处理政府信息公开申请情况")
        t3 = [[_clip(row.label)] + [_fmt(c.get(f"t3.{row.key}.{col}")) for col in T3_COLS]
              for row in fmt.t3_rows]
        lines += _table(["行"] + [_SHORT_T3[k] for k in T3_COLS], t3)
        lines.append("")
        lines.append("表四 行政复议、行政诉讼情况")
        t4 = [[name] + [_fmt(c.get(f"t4.cases.{col}")) for col in block]
              for name, block in zip(("行政复议", "诉讼·未经复议直接起诉", "诉讼·复议后起诉"), T4_GROUPS)]
        lines += _table(["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], t4)
    failed = [ch for ch in r.checks if ch.status == "fail"]
    passed = sum(ch.status == "pass" for ch in r.checks)
    na = sum(ch.status == "na" for ch in r.checks)
    lines.append("")
    lines.append(f"checks: {passed} pass, {len(failed)} fail, {na} n/a")
    for ch in failed:
        lines.append(f"  FAIL {ch.id} [{ch.scope}] {ch.detail}")
    if r.warnings:
        lines.append(f"warnings: {len(r.warnings)}")
        for w in r.warnings:
            lines.append(f"  {w.code}: {w.detail}")
    return "\n".join(lines)


assert set(_SHORT_T3) == set(T3_COL_LABELS)
