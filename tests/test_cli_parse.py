"""`gongkai parse` end to end, in-process: JSON Lines contract, human output, exit codes."""
from __future__ import annotations

import json

from gongkai.cli import main


def test_parse_json_prints_one_object_per_file_in_input_order(corpus, capsys):
    files = [corpus / "000_871f94abbc050ee9.txt", corpus / "r027.html"]
    assert main(["parse", "--json", *map(str, files)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    objs = [json.loads(line) for line in lines]
    assert [o["source"]["path"] for o in objs] == [str(f) for f in files]
    seed = objs[0]
    assert seed["status"] == "parsed" and seed["format_version"] == "v2021"
    assert seed["region"] == {"province": "四川省", "city": "遂宁市", "county": "安居区", "code": "510904"}
    assert len(seed["cells"]) == 200 and seed["proactive_count"] == 145
    assert all(c["status"] == "pass" for c in seed["checks"])
    assert objs[1]["cells"]["t4.cases.review_total"] == 1


def test_parse_human_output_shows_tables_checks_and_warnings(corpus, capsys):
    assert main(["parse", str(corpus / "r004.txt")]) == 0
    out = capsys.readouterr().out
    assert "表三" in out and "表四" in out and "checks:" in out
    assert "ambiguous_split" in out          # 行政规范性文件693665 cannot be split


def test_parse_exits_1_when_a_file_cannot_be_opened_but_still_parses_the_rest(corpus, capsys, tmp_path):
    code = main(["parse", "--json", str(tmp_path / "missing.html"), str(corpus / "r012.txt")])
    captured = capsys.readouterr()
    assert code == 1
    assert "missing.html" in captured.err
    assert json.loads(captured.out)["status"] == "partial"
