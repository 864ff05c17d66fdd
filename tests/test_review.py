"""gongkai review (整改清单) on the synthetic warehouse of tests/test_aggregate.py."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from gongkai import cli
from gongkai.review import (COLUMN_LABELS, build_review, review_csv_bytes,
                              review_markdown, review_xlsx_bytes)
from gongkai.store import connect_read, run

from test_aggregate import synthetic_warehouse  # noqa: E402  (tests/ is on sys.path under pytest)


@pytest.fixture(scope="module")
def con():
    c = connect_read(synthetic_warehouse())
    yield c
    c.close()


@pytest.fixture(scope="module")
def review(con) -> pd.DataFrame:
    return build_review(con, "沭阳县", 2023)


def _rows(frame, agency, category):
    return frame[(frame["agency_name"] == agency) & (frame["category"] == category)]


def test_failed_identities_with_cells_and_chinese_explanation(review, con):
    rows = _rows(review, "沭阳县人民政府办公室", "identity")
    assert set(rows["check_id"]) == {"T3.row_sum", "T3.balance"}
    balance = rows[rows["check_id"] == "T3.balance"].iloc[0]
    assert balance["severity"] == "必须整改"
    assert "表3「四、结转下年度继续办理」×「总计」" in balance["cells"]
    assert "本年新收 + 上年结转 应等于" in balance["explanation"]
    # the figures quoted are the database's
    detail = run(con, "SELECT detail FROM checks JOIN current_reports USING (report_id) "
                      "WHERE agency_name = '沭阳县人民政府办公室' AND check_id = 'T3.balance' AND scope = 'total'")
    assert balance["values"] == detail["detail"].iloc[0]
    assert "9" in balance["values"]


def test_missing_table_late_suspicious_and_chain(review):
    missing = _rows(review, "沭阳县人民政府办公室", "missing_table")
    assert len(missing) == 1 and "表4" in missing.iloc[0]["explanation"]
    assert _rows(review, "沭阳县人民政府办公室", "missing_cells").empty   # its table-4 cells are not repeated

    late = _rows(review, "沭阳县教育局", "late").iloc[0]
    assert "2024-02-15" in late["explanation"] and "逾期 15 天" in late["explanation"]

    suspicious = _rows(review, "沭阳县教育局", "suspicious")
    rules = dict(zip(suspicious["check_id"], suspicious["explanation"]))
    assert "疑似按“元”而非“万元”填报" in rules["fee_magnitude"]
    jump = suspicious[suspicious["check_id"] == "year_jump"]
    assert "本年 300，上年 12" in " ".join(jump["explanation"])

    chain = _rows(review, "沭阳县教育局", "chain")
    assert set(chain["check_id"]) == {"X.carry"}
    assert "2022年报告的“四、结转下年度继续办理”为 3" in " ".join(chain["explanation"])
    # the clean agency has nothing to fix; the county aggregate (late: 2-10 ≤ 2-20) neither
    assert review[review["agency_name"] == "沭阳县发展和改革局"].empty
    assert review[review["agency_name"] == "沭阳县人民政府"].empty
    assert set(review["county"]) == {"沭阳县"} and set(review["year"]) == {2023}


def test_filters(con):
    everything = build_review(con)
    assert {"泗阳县财政局"} - set(everything["agency_name"]) == {"泗阳县财政局"}   # nothing to fix there
    assert set(build_review(con, "宿迁市", 2022)["year"].dropna()) <= {2022}
    assert build_review(con, "不存在县").empty


def test_xlsx_csv_md_keep_chinese(review):
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(review_xlsx_bytes(review)))
    ws = wb["整改清单"]
    header = [c.value for c in ws[1]]
    assert header == [COLUMN_LABELS[c] for c in review.columns]
    assert ws.max_row == len(review) + 1
    explanations = [ws.cell(r, header.index("说明") + 1).value for r in range(2, ws.max_row + 1)]
    assert explanations == list(review["explanation"])
    cover = wb["按机构汇总"]
    assert cover["A1"].value == "机构"

    csv = review_csv_bytes(review)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert list(back["说明"]) == list(review["explanation"])

    md = review_markdown(review, "整改清单（沭阳县）")
    assert md.startswith("# 整改清单（沭阳县）") and "## 沭阳县教育局（2023年度" in md


def test_cli_review(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    args = ["review", "--region", "沭阳县", "--year", "2023", "--db", str(synthetic_warehouse()),
            "--format", "xlsx", "--out", str(out)]
    assert cli.main(args) == 0 and out.is_file()
    assert "逾期公开" in capsys.readouterr().out
    assert cli.main(["review", "--db", str(synthetic_warehouse()), "--format", "md", "--out", "-"]) == 0
    assert "沭阳县教育局" in capsys.readouterr().out


def _imports(package: str) -> dict[str, set[str]]:
    """Module file → the modules it imports (anywhere in the file, lazy imports included)."""
    import ast
    from importlib import resources
    out = {}
    for path in resources.files(package).iterdir():
        if path.name.endswith(".py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            out[path.name] = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
                             {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return out


@pytest.mark.parametrize("package", ["gongkai.review", "gongkai.aggregate"])
def test_build_apart_from_write_and_labels_from_parse(package):
    imports = _imports(package)
    assert {"__init__.py", "build.py", "write.py"} <= set(imports)
    # build makes data only: no file libraries, nothing of its writer
    assert not {m.split(".")[0] for m in imports["build.py"]} & {"openpyxl", "docx", "io"}
    assert f"{package}.write" not in imports["build.py"]
    # cell labels come from gongkai.parse.labels, never from the other package
    other = "gongkai.aggregate" if package == "gongkai.review" else "gongkai.review"
    assert not any(m.startswith(other) for mods in imports.values() for m in mods)
