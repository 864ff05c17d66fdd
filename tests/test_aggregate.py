"""gongkai aggregate: statutory tables summed over a jurisdiction's agencies, checked against the database.

The warehouse is built by the real ingest from synthetic reports whose tables are written by
gongkai.aggregate.tables_html (so the parser also proves that the statutory HTML layout reads back).
"""
from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

import pytest

from gongkai import cli
from gongkai.aggregate import (build_aggregate, tables_html,
                                 write_docx, write_html, write_xlsx)
from gongkai.parse import parse_bytes
from gongkai.parse.formats import FORMATS, T3_COLS, T4_COLS
from gongkai.store import connect_read, run
from gongkai.store.ingest import ingest_paths


def v2021_cells(t3: dict, t2: dict | None = None, t4: dict | None = None) -> dict:
    """A consistent v2021 report: per column new / carried / granted / partial / not_held, the rest 0."""
    cells = {c.key: 0 for c in FORMATS["v2021"].cells}
    for col, spec in t3.items():
        new, carried, granted, partial, not_held = (spec.get(k, 0) for k in
                                                    ("new", "carried", "granted", "partial", "not_held"))
        tp = granted + partial + not_held
        for row, v in (("new_received", new), ("carried_over", carried), ("granted", granted),
                       ("partial_grant", partial), ("unavailable_not_held", not_held),
                       ("total_processed", tp), ("carried_forward", new + carried - tp)):
            cells[f"t3.{row}.{col}"] = v
    for row in {c.row for c in FORMATS["v2021"].cells if c.table == "t3"}:
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in T3_COLS[:-1])
    cells.update(t2 or {})
    cells.update(t4 or {})
    for group in (T4_COLS[0:5], T4_COLS[5:10], T4_COLS[10:15]):
        cells[f"t4.cases.{group[4]}"] = sum(cells[f"t4.cases.{c}"] for c in group[:4])
    return cells


def report_html(agency: str, year: int, date: str, cells: dict, tables=(2, 3, 4)) -> bytes:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><p>发布时间：{date}</p>
<p>本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自{year}年1月1日起至{year}年12月31日止。</p>
<h2>一、总体情况</h2><p>{year}年，{agency}认真贯彻落实政府信息公开工作要求。</p>
{tables_html(cells, "v2021", tables)}
<h2>五、存在的主要问题及改进情况</h2><p>公开内容还不够全面，下一步将加强培训。</p>
<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p></body></html>""".encode("utf-8")


NP, CE = "natural_person", "commercial_enterprise"

A23 = v2021_cells({NP: dict(new=10, carried=1, granted=6, partial=2, not_held=1), CE: dict(new=2, granted=2)},
                  {"t2.normative_documents.issued": 3, "t2.normative_documents.repealed": 1,
                   "t2.normative_documents.in_force": 20, "t2.administrative_license.decisions": 120,
                   "t2.administrative_fees.amount_wan_yuan": 35.5},
                  {"t4.cases.review_upheld": 1, "t4.cases.lit_direct_pending": 1})
A22 = v2021_cells({NP: dict(new=5, granted=4)}, {"t2.normative_documents.in_force": 18,
                                                  "t2.administrative_license.decisions": 100})
# 教育局: fees typed in 元 under the 万元 header, a 25-fold jump, last year's carry-forward dropped.
B23 = v2021_cells({NP: dict(new=300, granted=290)},
                  {"t2.administrative_fees.amount_wan_yuan": 52000000, "t2.administrative_penalty.decisions": 4},
                  {"t4.cases.review_corrected": 2})
B22 = v2021_cells({NP: dict(new=12, granted=9)})
# 政府办公室 (government organ): a wrong printed total, and no table 4 at all.
C23 = dict(v2021_cells({NP: dict(new=20, carried=2, granted=15, not_held=3)},
                       {"t2.regulations.issued": 1, "t2.regulations.in_force": 6}))
C23["t3.carried_forward.total"] = 9                                   # parts sum to 4
D22 = v2021_cells({NP: dict(new=7, granted=7)})                       # 财政局: 2022 only → missing in 2023
E23 = v2021_cells({NP: dict(new=500, granted=480, not_held=20)})      # the county's own aggregate
F23 = v2021_cells({NP: dict(new=4, granted=4)}, {"t2.administrative_license.decisions": 9})  # 泗阳县

REPORTS = [
    ("a23.html", "沭阳县发展和改革局", 2023, "2024-01-20", A23, (2, 3, 4)),
    ("a22.html", "沭阳县发展和改革局", 2022, "2023-01-18", A22, (2, 3, 4)),
    ("b23.html", "沭阳县教育局", 2023, "2024-02-15", B23, (2, 3, 4)),
    ("b22.html", "沭阳县教育局", 2022, "2023-01-10", B22, (2, 3, 4)),
    ("c23.html", "沭阳县人民政府办公室", 2023, "2024-01-25", C23, (2, 3)),
    ("d22.html", "沭阳县财政局", 2022, "2023-01-12", D22, (2, 3, 4)),
    ("e23.html", "沭阳县人民政府", 2023, "2024-02-10", E23, (2, 3, 4)),
    ("f23.html", "泗阳县财政局", 2023, "2024-01-15", F23, (2, 3, 4)),
]


@functools.lru_cache(maxsize=1)
def synthetic_warehouse() -> Path:
    """Built once per test process (the review tests use it too)."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-review-"))
    docs = folder / "docs"
    docs.mkdir()
    for name, agency, year, date, cells, tables in REPORTS:
        (docs / name).write_bytes(report_html(agency, year, date, cells, tables))
    db_path = folder / "g.duckdb"
    summary = ingest_paths([docs], db_path)
    assert summary.count("failed") == 0 and summary.count("new") == len(REPORTS)
    return db_path


@pytest.fixture(scope="module")
def con():
    c = connect_read(synthetic_warehouse())
    yield c
    c.close()


def test_statutory_html_layout_reads_back_exactly():
    report = parse_bytes(report_html("沭阳县发展和改革局", 2023, "2024-01-20", A23), "a.html")
    assert report.status == "parsed" and report.format_version == "v2021"
    assert {k: report.cells[k] for k in A23} == A23


def test_county_aggregate_sums_components_only(con):
    agg = build_aggregate(con, "沭阳县", 2023)
    assert agg.version == "v2021"
    assert sorted(agg.included["agency_name"]) == ["沭阳县人民政府办公室", "沭阳县发展和改革局", "沭阳县教育局"]
    # every table 2 and 3 cell is the sum of the three components, never the county's own aggregate
    for key in [c.key for c in FORMATS["v2021"].cells if not c.key.startswith("t4.")]:
        assert agg.cells[key] == A23[key] + B23[key] + C23[key], key
    # and matches the database, summed in SQL
    db_sum = run(con, """SELECT c.cell_key, sum(c.value) AS v FROM cells c JOIN current_reports r USING (report_id)
                         JOIN agencies a ON a.agency_id = r.agency_id
                         WHERE r.year = 2023 AND r.county = '沭阳县' AND r.report_scope IN ('agency', 'government_organ')
                         GROUP BY 1""")
    for key, value in zip(db_sum["cell_key"], db_sum["v"]):
        assert agg.cells[key] == value, key
    # 办公室 has no table 4: its t4 cells are incomplete, the sums are the other two
    assert agg.cells["t4.cases.review_total"] == 3
    assert agg.incomplete["t4.cases.review_total"] == ["沭阳县人民政府办公室"]
    assert list(agg.missing["agency_name"]) == ["沭阳县财政局"]
    assert any("沭阳县人民政府" in who and "不与其组成部分相加" in why for who, why in agg.excluded)
    # identities on the sums: table 3 fails exactly where 办公室's own report fails; table 4 is na
    failed = {(c.id, c.scope) for c in agg.checks if c.status == "fail"}
    assert failed == {("T3.row_sum", "carried_forward"), ("T3.balance", "total")}
    assert {c.status for c in agg.checks if c.id.startswith("T4.")} == {"na"}
    text = "\n".join(agg.coverage_lines())
    assert "缺少本年度报告" in text and "沭阳县财政局" in text and "未纳入：沭阳县人民政府" in text


def test_city_aggregate_by_name_and_code(con):
    by_name = build_aggregate(con, "宿迁市", 2023)
    by_code = build_aggregate(con, "321300", 2023)
    assert len(by_name.included) == 4 and by_name.cells == by_code.cells
    assert by_name.cells["t3.new_received.total"] == sum(x["t3.new_received.total"] for x in (A23, B23, C23, F23))
    county_only = build_aggregate(con, "321322", 2023)
    assert len(county_only.included) == 3


def test_xlsx_docx_html_open_with_chinese_and_merged_headers(con, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    agg = build_aggregate(con, "沭阳县", 2023)
    wb = load_workbook(io.BytesIO(write_xlsx(agg)))
    assert wb.sheetnames[:3] == ["表二", "表三", "表四"]
    t3 = wb["表三"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert "A3:C5" in merged and "D3:J3" in merged and "E4:I4" in merged     # note, 申请人情况, 法人或其他组织
    assert t3["A3"].value.startswith("（本列数据的勾稽关系")
    labels = {t3.cell(r, c).value: r for r in range(1, t3.max_row + 1) for c in (1, 2, 3)}
    row = labels["一、本年新收政府信息公开申请数量"]
    assert t3.cell(row, 10).value == agg.cells["t3.new_received.total"] == 332
    assert t3.cell(labels["（七）总计"], 4).value == agg.cells["t3.total_processed.natural_person"]
    t2 = wb["表二"]
    fee_row = next(r for r in range(1, t2.max_row + 1) if t2.cell(r, 1).value == "行政事业性收费")
    assert t2.cell(fee_row, 2).value == 35.5 + 52000000
    assert "沭阳县财政局" in " ".join(str(c.value) for c in wb["覆盖说明"]["A"])

    doc = Document(io.BytesIO(write_docx(agg)))
    t4 = doc.tables[2]
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(0, 5).text == "行政诉讼"
    assert t4.cell(0, 0)._tc is t4.cell(0, 4)._tc                      # merged across five columns
    assert t4.cell(3, 4).text == "3"
    assert "沭阳县财政局" in "\n".join(p.text for p in doc.paragraphs)

    page = write_html(agg).decode("utf-8")
    assert '<th colspan="5">行政复议</th>' in page and "沭阳县财政局" in page
    # the HTML output parses back to the same sums (statutory layout)
    back = parse_bytes(page.replace(agg.title, "沭阳县2023年政府信息公开工作年度报告").encode(), "agg.html")
    assert back.cells["t3.new_received.total"] == 332


def test_html_escapes_everything(con):
    agg = build_aggregate(con, "沭阳县", 2023)
    agg.region = "<script>alert(1)</script>"
    agg.excluded.append(("<b>坏</b>", "x & y"))
    page = write_html(agg).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>坏" not in page


def test_cli_aggregate(tmp_path, capsys):
    out = tmp_path / "agg.docx"
    args = ["aggregate", "--region", "沭阳县", "--year", "2023", "--db", str(synthetic_warehouse()),
            "--format", "docx", "--out", str(out)]
    assert cli.main(args) == 0 and out.is_file()
    assert "沭阳县财政局" in capsys.readouterr().out
    args = ["aggregate", "--region", "不存在县", "--year", "2023", "--db", str(synthetic_warehouse()),
            "--format", "html", "--out", str(tmp_path / "x.html")]
    assert cli.main(args) == cli.SCOPE_ERROR           # an unknown region: an error, and no file
    assert not (tmp_path / "x.html").exists()
    assert "不存在县" in capsys.readouterr().err
