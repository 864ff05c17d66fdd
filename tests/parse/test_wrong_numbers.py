"""Hunting wrong numbers: generated v2021/v2019 reports with known true figures, printed in the
shapes real reports come in and damaged the way real pages are, parsed end to end.

The one assertion that matters: every non-null cell equals the truth (never a wrong number). The
fraction of cells read is reported, not asserted (damage makes many cells honestly unknowable).

Quick seeded profile in CI; a large run by hand:

    .venv/bin/python tests/parse/test_wrong_numbers.py 5000 [seed]

prints documents, cells, wrong, null and the first wrong documents (shape, damage, diff).
Focused regression tests for each wrong number the generator found are at the end.
"""
from __future__ import annotations

import html as _html
import random
import sys
from dataclasses import dataclass, field

from gongkai.parse import parse_bytes
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS
from gongkai.parse.tables import TableReader
from gongkai.parse.text import read_text

SHAPES = ("html", "pipe", "flat", "per_line", "run_together")
DAMAGES = ("blanks", "collapse", "lost_label", "split_number", "truncate", "wrap_label",
           "note_cell", "merged_header", "traditional")
BLANK_MARKS = ("", "", "-", "/", "无", "—")
T3_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_HEADER = ["行政复议", "行政诉讼"]
T4_LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
END = "五、存在的主要问题及改进情况"

T2_LAYOUT = {   # caption item → (header columns, row keys), in the templates' order
    "v2021": [("一", ["本年制发件数", "本年废止件数", "现行有效件数"], ["regulations", "normative_documents"]),
              ("五", ["本年处理决定数量"], ["administrative_license"]),
              ("六", ["本年处理决定数量"], ["administrative_penalty", "administrative_compulsion"]),
              ("八", ["本年收费金额（单位：万元）"], ["administrative_fees"])],
    "v2019": [("一", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["regulations", "normative_documents"]),
              ("五", ["上一年项目数量", "本年增/减", "处理决定数量"],
               ["administrative_license", "other_external_services"]),
              ("六", ["上一年项目数量", "本年增/减", "处理决定数量"],
               ["administrative_penalty", "administrative_compulsion"]),
              ("八", ["上一年项目数量", "本年增/减"], ["administrative_fees"]),
              ("九", ["采购项目数量", "采购总金额"], ["centralized_procurement"])],
}
GROUP_CELL = {"granted": "三、本年度办理结果", "denied_state_secret": "（三）不予公开",
              "unavailable_not_held": "（四）无法提供", "not_processed_petition": "（五）不予处理",
              "other_no_correction": "（六）其他处理"}


# ---------------------------------------------------------------- truth
def _small(rng: random.Random, zero: float = 0.6) -> int:
    if rng.random() < zero:
        return 0
    return rng.choice((rng.randint(1, 9), rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 2000)))


def make_truth(rng: random.Random, version: str) -> dict:
    fmt = FORMATS[version]
    cells: dict = {}
    for r in fmt.t2_rows:
        for col, kind in zip(r.cols, r.kinds):
            v = _small(rng)
            if kind == "signed" and v and rng.random() < 0.4:
                v = -v
            if kind == "decimal" and v and rng.random() < 0.5:
                v = round(v + rng.choice((0.5, 0.25, 0.38)), 2)
            cells[f"t2.{r.key}.{col}"] = v
    keys = [r.key for r in fmt.t3_rows]
    results = [k for k in keys if k not in ("new_received", "carried_over", "total_processed",
                                            "carried_forward")]
    vals = {k: [0] * 6 for k in keys}
    for k in results:
        vals[k] = [_small(rng, 0.8) for _ in range(6)]
    vals["total_processed"] = [sum(vals[k][c] for k in results) for c in range(6)]
    vals["carried_forward"] = [_small(rng, 0.8) if rng.random() < 0.5 else 0 for _ in range(6)]
    vals["carried_over"] = [rng.randint(0, vals["total_processed"][c] + vals["carried_forward"][c])
                            if rng.random() < 0.3 else 0 for c in range(6)]
    vals["new_received"] = [vals["total_processed"][c] + vals["carried_forward"][c]
                            - vals["carried_over"][c] for c in range(6)]
    for k in keys:
        for c, col in enumerate(T3_COLS):
            cells[f"t3.{k}.{col}"] = vals[k][c] if c < 6 else sum(vals[k])
    if version == "v2021":     # the group total (only ever read from a printed （六）其他处理 row)
        for c, col in enumerate(T3_COLS):
            cells[f"t3.other_total.{col}"] = sum(cells[f"t3.{k}.{col}"] for k in
                                                 ("other_no_correction", "other_unpaid_fee", "other_misc"))
    for b in range(3):
        parts = [_small(rng, 0.7) for _ in range(4)]
        for i, v in enumerate(parts + [sum(parts)]):
            cells[f"t4.cases.{T4_COLS[b * 5 + i]}"] = v
    return cells


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


# ---------------------------------------------------------------- document as logical rows
@dataclass
class Doc:
    version: str
    shape: str
    damage: list[str]
    truth: dict
    rows: list = field(default_factory=list)    # ("text", str) | ("row", [cells], kind)
    notes: list[str] = field(default_factory=list)


def build_rows(doc: Doc, rng: random.Random) -> None:
    v, t = doc.version, doc.truth
    fmt = FORMATS[v]
    d = set(doc.damage)
    blank_p = 0.5 if "blanks" in d else 0.0
    rows = doc.rows

    def fig(key: str, value) -> str:
        if value == 0 and rng.random() < blank_p:
            return rng.choice(BLANK_MARKS)
        return _fmt(value)

    rows.append(("text", f"某某市某某局{2022 if v == 'v2021' else 2020}年政府信息公开工作年度报告"))
    rows.append(("text", "一、总体情况"))
    rows.append(("text", "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条。"))
    rows.append(("text", "二、主动公开政府信息情况"))
    t2defs = {r.key: r for r in fmt.t2_rows}
    for item, header, keys in T2_LAYOUT[v]:
        rows.append(("row", [f"第二十条第（{item}）项"], "caption"))
        rows.append(("row", ["信息内容"] + header, "header"))
        for k in keys:
            r = t2defs[k]
            rows.append(("row", [r.label] + [fig(f"t2.{k}.{c}", t[f"t2.{k}.{c}"]) for c in r.cols],
                         "t2:" + k))
    rows.append(("text", "三、收到和处理政府信息公开申请情况"))
    if "merged_header" in d:
        rows.append(("row", ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                             "申请人情况"], "header"))
        rows.append(("row", ["自然人", "法人或其他组织", "总计"], "header_merged"))
        rows.append(("row", T3_HEADER[2:7], "header"))
    else:
        rows.append(("row", T3_HEADER, "header"))
    for r in fmt.t3_rows:
        cells = [r.label] + [fig(f"t3.{r.key}.{c}", t[f"t3.{r.key}.{c}"]) for c in T3_COLS]
        if r.key in GROUP_CELL and rng.random() < 0.5:
            cells = [GROUP_CELL[r.key] if not (v == "v2019" and r.key == "other_no_correction")
                     else GROUP_CELL[r.key]] + cells
        rows.append(("row", cells, "t3:" + r.key))
    rows.append(("text", "四、政府信息公开行政复议、行政诉讼情况"))
    if "merged_header" in d:
        rows.append(("row", ["行政复议", "行政诉讼"], "header_merged"))
        rows.append(("row", ["未经复议直接起诉", "复议后起诉"], "header_merged"))
    else:
        rows.append(("row", T4_HEADER, "header"))
    rows.append(("row", T4_LEAVES * 3, "header"))
    rows.append(("row", [fig(f"t4.cases.{c}", t[f"t4.cases.{c}"]) for c in T4_COLS], "t4"))
    rows.append(("text", END))
    rows.append(("text", "本机关政府信息公开工作仍存在一些不足。"))
    rows.append(("text", "六、其他需要报告的事项"))
    rows.append(("text", "无。"))


def damage_rows(doc: Doc, rng: random.Random) -> None:
    d = set(doc.damage)
    rows = doc.rows
    data = [i for i, r in enumerate(rows) if r[0] == "row" and r[2].startswith(("t2:", "t3:"))]
    if "lost_label" in d:
        for i in rng.sample(data, rng.randint(1, 2)):
            kind, cells, tag = rows[i]
            label_at = _label_index(cells)
            cells = list(cells)
            cells[label_at] = ""
            rows[i] = (kind, cells, tag + ":nolabel")
            doc.notes.append(f"lost label {tag}")
    if "note_cell" in d:
        for i in rng.sample(data, rng.randint(1, 3)):
            kind, cells, tag = rows[i]
            rows[i] = (kind, list(cells) + [rng.choice(("详见附件", "备注：无变化", "（单位：件）"))], tag)
            doc.notes.append(f"note cell {tag}")
    if "split_number" in d and doc.shape in ("flat", "per_line", "run_together"):
        for i in data:
            kind, cells, tag = rows[i]
            j = _label_index(cells)
            if cells[j][:1].isdigit() and cells[j][1:2] in ".、" and rng.random() < 0.4:
                cells = list(cells)
                num, rest = cells[j][0], cells[j][1:]
                cells[j] = rest
                if j:       # after a group cell the number stays on the group cell's line
                    cells[0] = f"{cells[0]} {num}"
                    rows[i] = (kind, cells, tag + ":split")
                else:       # the number ends the line before: `… 0 0 2` / `.其他法律…`
                    rows[i] = (kind, cells, tag + ":split")
                    prev = rows[i - 1]
                    rows[i - 1] = (prev[0], list(prev[1]) + [num], prev[2] + ":carries_number")
                doc.notes.append(f"number split {tag}")
    if "wrap_label" in d:
        for i in rng.sample(data, rng.randint(1, 2)):
            kind, cells, tag = rows[i]
            j = _label_index(cells)
            if len(cells[j]) >= 4:
                cut = rng.randint(2, len(cells[j]) - 2)
                rows[i] = (kind, cells, tag + f":wrap{cut}")
                doc.notes.append(f"wrap label {tag} at {cut}")


# ---------------------------------------------------------------- rendering
def _label_index(cells: list[str]) -> int:
    """1 when the row starts with a group cell before its own label (（六）其他处理 is both the
    v2019 row label and the v2021 group cell: a group cell only when a label follows it)."""
    return 1 if (len(cells) > 2 and cells[0] in GROUP_CELL.values()
                 and not _is_figure(cells[1])) else 0


def render(doc: Doc, rng: random.Random) -> tuple[bytes, str]:
    shape = doc.shape
    d = set(doc.damage)
    if shape == "html":
        out = ["<html><head><meta charset='utf-8'></head><body>"]
        in_table = False
        for kind, *rest in doc.rows:
            if kind == "text":
                if in_table:
                    out.append("</table>")
                    in_table = False
                out.append(f"<p>{_html.escape(rest[0])}</p>")
                continue
            cells, tag = rest
            if not in_table:
                out.append("<table border='1'>")
                in_table = True
            if tag == "header_merged":
                tds = "".join(f"<td colspan='{rng.choice((2, 5, 6))}'>{_html.escape(c)}</td>" for c in cells)
            else:
                tds = "".join(f"<td>{_html.escape(c)}</td>" for c in cells)
            out.append(f"<tr>{tds}</tr>")
        if in_table:
            out.append("</table>")
        out.append("</body></html>")
        text, name = "\n".join(out), "doc.html"
    else:
        lines: list[str] = []
        for kind, *rest in doc.rows:
            if kind == "text":
                lines.append(rest[0])
                continue
            cells, tag = rest
            cells = list(cells)
            wrap = None
            if ":wrap" in tag:
                j = _label_index(cells)
                cut = int(tag.rsplit(":wrap", 1)[1].split(":")[0])
                wrap = (cells[j][:cut], cells[j][cut:])
                cells[j] = ""
            if shape == "pipe":
                kept = [c for c in cells if c != ""] if "collapse" in d else cells
                body = "| " + " | ".join(kept) + " |"
            elif shape == "per_line":
                body = "\n".join(c for c in cells if c != "")
            else:
                kept = [c for c in cells if c != ""]
                if shape == "run_together" and rng.random() < 0.7:
                    merged: list[str] = []
                    for c in kept:
                        if merged and c.isdigit() and merged[-1].isdigit():
                            merged[-1] += c
                        else:
                            merged.append(c)
                    kept = merged
                body = " ".join(kept)
            if wrap:
                if shape == "per_line" or rng.random() < 0.5:
                    body = wrap[0] + "\n" + body.lstrip("| ").rstrip() + "\n" + wrap[1]
                    if shape == "pipe":
                        body = wrap[0] + "\n| " + " | ".join(c for c in cells if c) + " |\n" + wrap[1]
                else:
                    body = wrap[0] + "\n" + wrap[1] + " " + body.strip("| ")
            lines.append(body)
        sep = "\n\n" if shape == "per_line" and rng.random() < 0.5 else "\n"
        text, name = sep.join(lines), ("doc.md" if shape == "pipe" else "doc.txt")
    if "traditional" in d:
        text = _s2t(text)
    if "truncate" in d:
        start = text.find("第二十条")
        if start > 0:
            cut = rng.randint(start + 10, len(text) - 1)
            text = text[:cut]
            doc.notes.append(f"truncated at {cut}/{len(text)}")
    return text.encode("utf-8"), name


def _is_figure(c: str) -> bool:
    return c in BLANK_MARKS or c.lstrip("+-").replace(".", "", 1).isdigit()


_CONVERTER = None


def _s2t(text: str) -> str:
    global _CONVERTER
    if _CONVERTER is None:
        import opencc
        _CONVERTER = opencc.OpenCC("s2t")
    return _CONVERTER.convert(text)


# ---------------------------------------------------------------- one document, one run
def make_doc(rng: random.Random) -> Doc:
    version = rng.choice(("v2021", "v2019"))
    shape = rng.choice(SHAPES)
    damage = [x for x in DAMAGES if rng.random() < 0.3]
    doc = Doc(version, shape, damage, make_truth(rng, version))
    build_rows(doc, rng)
    damage_rows(doc, rng)
    return doc


@dataclass
class Tally:
    documents: int = 0
    cells: int = 0
    read: int = 0
    wrong: int = 0
    version_wrong: int = 0
    known_limit: int = 0           # wrong cells in the known-limit shape (run together + lost blank)
    failures: list = field(default_factory=list)
    known_failures: list = field(default_factory=list)


def check_one(seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    doc = make_doc(rng)
    data, name = render(doc, rng)
    report = parse_bytes(data, name)
    tally.documents += 1
    if report.format_version in ("v2019", "v2021") and report.format_version != doc.version:
        tally.version_wrong += 1
    bad = {}
    for k, v in report.cells.items():
        if k.startswith("t3.other_total") and k not in doc.truth:
            continue
        if v is None:
            continue
        truth = doc.truth.get(k)
        if truth is None or abs(float(v) - float(truth)) > 1e-9:
            bad[k] = (v, truth)
    n = sum(1 for k in doc.truth if not k.startswith("t3.other_total"))
    tally.cells += n
    tally.read += sum(1 for k in doc.truth if not k.startswith("t3.other_total")
                      and report.cells.get(k) is not None)
    if bad and doc.shape == "run_together" and "blanks" in doc.damage:
        # Known limit (docs/parsing.md): digits run together AND an empty cell lost on the same
        # line; a cut of the run that satisfies the row's sums is taken for the figures.
        tally.known_limit += len(bad)
        tally.known_failures.append((seed, doc.version, doc.shape, doc.damage, doc.notes, bad))
    elif bad:
        tally.wrong += len(bad)
        tally.failures.append((seed, doc.version, doc.shape, doc.damage, doc.notes, bad))


def run(n: int, seed: int = 0, progress: bool = False) -> Tally:
    tally = Tally()
    for i in range(n):
        check_one(seed * 1_000_003 + i, tally)
        if progress and (i + 1) % 250 == 0:
            print(f"… {i + 1} documents, {tally.cells} cells, {tally.read} read, {tally.wrong} "
                  f"wrong, {tally.known_limit} known-limit", flush=True)
    return tally


def show(seed: int) -> str:
    """The document a seed builds (for debugging a failure by hand)."""
    rng = random.Random(seed)
    doc = make_doc(rng)
    data, _ = render(doc, rng)
    return data.decode("utf-8")


# ---------------------------------------------------------------- the CI profile
QUICK_DOCS = 40


def test_generated_reports_never_get_a_wrong_number():
    tally = run(QUICK_DOCS, seed=1)
    print(f"\n{tally.documents} documents, {tally.cells} cells, {tally.read} read "
          f"({tally.read / max(tally.cells, 1):.1%}), {tally.wrong} wrong, "
          f"{tally.known_limit} in the known-limit shape")
    assert not tally.failures, tally.failures[:3]
    assert tally.read / tally.cells > 0.5          # the generator is not reading nothing


def test_undamaged_reports_are_read_whole_in_every_shape():
    for shape in SHAPES:
        for version in ("v2021", "v2019"):
            rng = random.Random(7)
            doc = Doc(version, shape, [], make_truth(rng, version))
            build_rows(doc, rng)
            data, name = render(doc, rng)
            report = parse_bytes(data, name)
            got = {k: v for k, v in report.cells.items() if v is not None}
            missing = [k for k in doc.truth if not k.startswith("t3.other_total") and k not in got]
            assert all(abs(float(v) - float(doc.truth[k])) < 1e-9 for k, v in got.items()), shape
            assert not missing or shape == "run_together", (shape, version, missing[:5])


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    base = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    t = run(count, base, progress=True)
    print(f"documents {t.documents} cells {t.cells} read {t.read} ({t.read / max(t.cells, 1):.2%}) "
          f"null {t.cells - t.read} wrong {t.wrong} in {len(t.failures)} documents; "
          f"version mismatches {t.version_wrong}; known-limit wrong {t.known_limit} in "
          f"{len(t.known_failures)} documents")
    for f in t.failures[:15]:
        print(f)


# ---------------------------------------------------------------- regressions (one per wrong number found)
def _read(lines: list[str], version: str = "v2021"):
    return TableReader(version).read(read_text("\n".join(lines)).rows)


def _codes(result, code: str) -> list[str]:
    return [d for c, d in result.warnings if c == code]


_T2_HEAD = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数",
            "规章 1 0 5", "行政规范性文件 2 0 8", "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 3",
            "第二十条第（六）项", "信息内容 本年处理决定数量"]
_T2_TAIL = ["第二十条第（八）项", "信息内容 本年收费金额（单位：万元）", "行政事业性收费 0"]


def _t2(result, key: str):
    return result.cells[f"t2.{key}.decisions"]


def test_a_lone_label_whose_figure_may_be_the_next_rows_is_not_read():
    """`行政处罚` / `7` and no 行政强制 label while the table goes on: 行政处罚 blank (dropped) and
    行政强制's label lost reads the same as 行政处罚 7. Null, never 7 for the wrong row."""
    result = _read(_T2_HEAD + ["行政处罚", "7"] + _T2_TAIL)
    assert _t2(result, "administrative_penalty") is None
    assert _t2(result, "administrative_compulsion") is None
    assert any(d.startswith("t2.administrative_penalty:") and "t2.administrative_compulsion" in d
               for d in _codes(result, "unreadable_row"))
    # … also when table 3 follows (the next row could be 行政事业性收费 with its label lost)
    result = _read(_T2_HEAD + ["行政处罚 0", "行政强制", "7", "三、收到和处理政府信息公开申请情况",
                               "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0"])
    assert _t2(result, "administrative_compulsion") is None


def test_a_lone_label_keeps_its_figure_when_nothing_else_could_own_it():
    # the next label printed (on its own line or with its figure)
    for after in (["行政强制", "2"], ["行政强制 2"]):
        result = _read(_T2_HEAD + ["行政处罚", "7"] + after + _T2_TAIL)
        assert (_t2(result, "administrative_penalty"), _t2(result, "administrative_compulsion")) == (7, 2)
    # the next row's figure printed too (its label lost): one figure each
    result = _read(_T2_HEAD + ["行政处罚", "7", "2"] + _T2_TAIL)
    assert (_t2(result, "administrative_penalty"), _t2(result, "administrative_compulsion")) == (7, 2)
    # a cut-off excerpt that ends after the figure (the corpus shape: r015, r024, r025 …)
    result = _read(_T2_HEAD + ["行政处罚", "7", "第二十条第（八）项", "信息内容"])
    assert _t2(result, "administrative_penalty") == 7
    # more figures than the next row has cells: they cannot be its
    result = _read(_T2_HEAD[:4] + ["行政规范性文件", "2", "0", "8", "第二十条第（五）项", "信息内容",
                                   "本年处理决定数量", "行政处罚 1"] + _T2_TAIL)
    assert [result.cells[f"t2.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] \
        == [2, 0, 8]


def test_blank_marks_between_the_figures_of_a_flattened_row_are_blank_cells():
    """`0 / - 72 0 — 72`: the marks used to be text that ended the row after its first figure,
    and the row (`0`) was then read as all zeros."""
    result = _read(["三、收到和处理政府信息公开申请情况", "5.属于三类内部事务信息 0 / — 72 0 — 72", END])
    assert [result.cells[f"t3.denied_internal_affairs.{c}"] for c in T3_COLS] == [0, 0, 0, 72, 0, 0, 72]
    # `- 72` normalises to `-72` (docs/parsing.md, known limits): never read as the figure 72's
    # neighbour nor as -72 in a count column
    result = _read(["三、收到和处理政府信息公开申请情况", "5.属于三类内部事务信息 0 / - 72 0 — 72", END])
    got = [result.cells[f"t3.denied_internal_affairs.{c}"] for c in T3_COLS]
    assert all(v is None or v == t for v, t in zip(got, [0, 0, 0, 72, 0, 0, 72]))
    result = _read(["三、收到和处理政府信息公开申请情况", "8.属于行政查询事项 0 1 — / 9 0 10", END])
    assert [result.cells[f"t3.denied_admin_query.{c}"] for c in T3_COLS] == [0, 1, 0, 0, 9, 0, 10]


def test_a_table_3_line_with_a_stray_figure_that_breaks_the_sum_is_not_read():
    """`… 0 0 5 3 0 0 8 1`: the 1 is the split-off number of `1.属于国家秘密` (after a group cell);
    the last seven (0 5 3 0 0 8 1) break the row's sum: null, not the shared cells."""
    result = _read(["三、收到和处理政府信息公开申请情况",
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 5 3 0 0 8 1",
                    "（三）不予公开 .属于国家秘密 0 0 0 0 0 0 0", END])
    assert [result.cells[f"t3.partial_grant.{c}"] for c in T3_COLS] == [None] * 7
    assert any(d.startswith("t3.partial_grant:") for d in _codes(result, "unreadable_row"))


def test_a_row_gathered_over_loose_lines_that_breaks_its_sum_is_not_read():
    """`3.危及…` ends its line, `4.` (a label wrapped after its number) gives one more figure."""
    result = _read(["三、收到和处理政府信息公开申请情况", "3.危及“三安全一稳定” — 0 无 — 0 0", "4.",
                    "2 无 0 9 - 0 11", "保护第三方合法权益", END])
    assert [result.cells[f"t3.denied_security_stability.{c}"] for c in T3_COLS] == [None] * 7


def test_a_run_that_fills_every_column_does_not_take_the_next_line():
    """`0000202` can be cut into all seven cells; `1766000001766` after it is a row whose label
    was lost, never part of this one."""
    result = _read(["三、收到和处理政府信息公开申请情况", "4.无正当理由大量反复申请 0000202", "1766000001766",
                    END])
    got = [result.cells[f"t3.not_processed_excessive.{c}"] for c in T3_COLS]
    assert got == [0, 0, 0, 0, 2, 0, 2]
    assert any(d.startswith("t3.not_processed_excessive:") for d in _codes(result, "row_overflow"))


def test_an_html_page_cut_inside_a_cell_tag_leaves_the_row_cut():
    """`<td>84</` at the end of the file: the row is cut off (its total is not the sum of the
    cells before the cut)."""
    page = ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
            "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td></tr>"
            "<tr><td>一、本年新收政府信息公开申请数量</td><td>1702</td><td>1417</td><td>1942</td><td>84</")
    report = parse_bytes(page.encode("utf-8"), "cut.html")
    assert report.cells.get("t3.new_received.total") is None


def test_a_document_ending_on_a_lone_digit_leaves_the_row_cut_not_zero():
    """One cell per line, empty cells dropped, the file cut after `9`: the 9 may be the next
    label's number (not read) or the row's figure; either way the row is cut off, so the cells
    after its printed zeros are unknown, never 0 (`zero_row`)."""
    result = _read(["三、收到和处理政府信息公开申请情况", "4.无正当理由大量反复申请", "0", "0", "0", "0", "0", "0",
                    "0", "5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "9"])
    got = [result.cells[f"t3.not_processed_confirmation.{c}"] for c in T3_COLS]
    assert got[4:] == [None, None, None] and all(v in (0, None) for v in got[:4])
