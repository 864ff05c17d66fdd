"""`gongkai review` and `gongkai aggregate` refuse a region or year the warehouse holds nothing for.

An unknown region (火星市) or a year without reports (宿迁市 2024) is not "no problems found": the
commands print one line in Chinese and English saying what the warehouse holds (the closest region
names, or the years it has), exit with SCOPE_ERROR and write no file. Built on the synthetic
warehouse of tests/test_aggregate.py (沭阳县 and 泗阳县 in 宿迁市, years 2022 and 2023).
"""
from __future__ import annotations

import pytest

from gongkai import cli
from gongkai.runner import run_query
from gongkai.store import connect_read

from test_aggregate import synthetic_warehouse  # noqa: E402  (tests/ is on sys.path under pytest)


def _run(capsys, command: str, *extra: str):
    code = cli.main([command, "--db", str(synthetic_warehouse()), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_scope_error_is_its_own_exit_status():
    assert cli.SCOPE_ERROR not in (0, 1, 2)       # 1: aggregate without components, 2: usage / database


@pytest.mark.parametrize("command,fmt", [("review", "xlsx"), ("review", "md"), ("aggregate", "html")])
def test_an_unknown_region_is_an_error_naming_the_closest_regions(tmp_path, capsys, command, fmt):
    out_file = tmp_path / f"x.{fmt}"
    code, out, err = _run(capsys, command, "--region", "火星市", "--year", "2023", "--format", fmt,
                          "--out", str(out_file))
    assert code == cli.SCOPE_ERROR
    assert not out_file.exists() and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith(f"gongkai {command}: ")
    assert "火星市" in line and "数据库中没有" in line and "no reports" in line    # Chinese and English
    assert "宿迁市" in line                                      # the closest name the warehouse holds
    shown = line.split("closest regions held: ", 1)[1].split("、")
    assert 1 <= len(shown) <= 5


def test_an_unknown_region_without_a_year_is_an_error_too(tmp_path, capsys):
    code, out, err = _run(capsys, "review", "--region", "火星市", "--format", "md", "--out", "-")
    assert code == cli.SCOPE_ERROR and out == ""            # not "没有发现需要整改或核实的问题"
    assert "火星市" in err


@pytest.mark.parametrize("command,fmt", [("review", "csv"), ("aggregate", "xlsx")])
def test_a_year_without_reports_lists_the_years_held(tmp_path, capsys, command, fmt):
    out_file = tmp_path / f"x.{fmt}"
    code, out, err = _run(capsys, command, "--region", "宿迁市", "--year", "2024", "--format", fmt,
                          "--out", str(out_file))
    assert code == cli.SCOPE_ERROR
    assert not out_file.exists() and out == ""
    line, = err.strip().splitlines()
    assert "宿迁市" in line and "2024" in line
    assert "years held: 2022、2023" in line and "已有年度" in line


def test_a_year_without_reports_anywhere(tmp_path, capsys):
    code, _, err = _run(capsys, "review", "--year", "2031", "--format", "csv",
                        "--out", str(tmp_path / "x.csv"))
    assert code == cli.SCOPE_ERROR and not (tmp_path / "x.csv").exists()
    assert "2031" in err and "years held: 2022、2023" in err


def test_a_region_by_code_is_checked_the_same_way(tmp_path, capsys):
    code, _, err = _run(capsys, "aggregate", "--region", "321399", "--year", "2023", "--format", "html",
                        "--out", str(tmp_path / "x.html"))
    assert code == cli.SCOPE_ERROR and not (tmp_path / "x.html").exists()
    assert "321399" in err and "32132" in err              # the closest codes held: 321322, 321323


def test_regions_and_years_held_keep_working(tmp_path, capsys):
    out_file = tmp_path / "r.csv"
    code, out, _ = _run(capsys, "review", "--region", "宿迁市", "--year", "2022", "--format", "csv",
                        "--out", str(out_file))
    assert code == 0 and out_file.is_file()
    out_file = tmp_path / "a.html"
    code, out, _ = _run(capsys, "aggregate", "--region", "321300", "--year", "2023", "--format", "html",
                        "--out", str(out_file))
    assert code == 0 and out_file.is_file()
    code, out, _ = _run(capsys, "review", "--region", "泗阳县", "--format", "md", "--out", "-")
    assert code == 0 and out.startswith("# 整改清单（泗阳县）")


def test_the_lookup_is_one_query_with_bound_values():
    con = connect_read(synthetic_warehouse())
    try:
        held = run_query("review_scope", {"region": "宿迁市"}, con)
        years = held[held["kind"] == "year"]
        assert dict(zip(years["year"], years["reports"])) == {2022: 3, 2023: 5}
        unknown = run_query("review_scope", {"region": "火星市'; DROP TABLE reports; --"}, con)
        assert unknown[unknown["kind"] == "year"].empty
        assert 1 <= (unknown["kind"] == "region").sum() <= 5
        everything = run_query("review_scope", {"region": None}, con)
        assert set(everything[everything["kind"] == "year"]["year"]) == {2022, 2023}
        assert (everything["kind"] == "region").sum() == 0
    finally:
        con.close()


@pytest.mark.parametrize("command", ["review", "aggregate"])
def test_a_blank_region_is_a_usage_error(tmp_path, capsys, command):
    code, out, err = _run(capsys, command, "--region", " ", "--year", "2023", "--format", "html"
                          if command == "aggregate" else "csv", "--out", str(tmp_path / "x"))
    assert code == 2 and not (tmp_path / "x").exists() and "--region" in err
