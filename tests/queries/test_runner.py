"""gongkai/queries.py: parameters are checked and bound, and `gongkai query` works end to end."""
from __future__ import annotations

import json

import pytest

from gongkai import catalog, cli, runner


def test_unknown_parameter_is_refused(con):
    with pytest.raises(ValueError, match="unknown parameter"):
        runner.run_query("applications_by_group", {"region": "x"}, con=con)


def test_group_by_must_come_from_the_fixed_list(con):
    with pytest.raises(ValueError, match="group_by must be one of"):
        runner.run_query("applications_by_group", {"group_by": "name; DROP TABLE cells"}, con=con)


def test_unknown_query_name_is_a_lookup_error():
    with pytest.raises(catalog.QueryNotFound):
        catalog.get_query("no_such_query")


def test_values_are_bound_not_spliced(con):
    hostile = "平潭综合实验区' OR '1'='1"
    frame = runner.run_query("applications_by_group", {"group_by": "agency", "scope": "all",
                                                  "agency": hostile}, con=con)
    assert frame.empty


def test_missing_params_take_header_defaults(con):
    query = catalog.get_query("outcome_rates_by_group")
    assert query.params["min_n"] == 30 and query.params["group_by"] == "province"
    assert catalog.resolve_params(query, {"min_n": "5"})["min_n"] == 5       # CLI text → int


def test_command_line_text_is_typed_by_the_parameter():
    assert catalog.coerce_param("year_from", "2021") == 2021
    assert catalog.coerce_param("year_from", "NULL") is None
    assert catalog.coerce_param("county", "321322") == "321322"               # a code stays text
    assert catalog.coerce_param("threshold", "0.9", 0.8) == 0.9
    with pytest.raises(ValueError):
        catalog.coerce_param("min_n", "many", 30)


def test_header_parsing_reads_continuation_lines_and_defaults():
    fields, sql = catalog.parse_header("-- name: x\n-- definition: a\n--   b\n-- params: a=NULL, b='p,q', c=3\nSELECT 1")
    assert fields["definition"] == "a b" and sql == "SELECT 1"
    assert catalog.parse_params(fields["params"]) == {"a": None, "b": "p,q", "c": 3}


def test_the_base_views_a_query_reads_are_created_on_the_callers_connection(con):
    from gongkai.store.db import cursor
    cur = cursor(con)            # what Reader.cursor() hands the dashboard
    runner.run_query("outcome_rates_by_group", con=cur)
    # report_outcomes is read directly; report_applications only through it
    assert cur.execute("SELECT count(*) FROM report_applications").fetchone()[0] > 0
    views = {r[0] for r in cur.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()}
    assert "report_narratives" not in views         # not needed, not created
    cur.close()


def test_sql_script_reproduces_a_query_for_the_duckdb_cli():
    script = runner.sql_script("outcome_rates_by_group")
    assert "CREATE OR REPLACE TEMP VIEW report_dims AS" in script
    assert script.index("TEMP VIEW report_dims") < script.index("TEMP VIEW report_outcomes")
    assert "$group_by" in script


def _cli(argv):
    return cli.main(["query", *argv])


def test_query_list_shows_every_query_with_its_definition(capsys):
    assert _cli(["--list"]) == 0
    out = capsys.readouterr().out
    for query in catalog.list_queries():
        assert query.name in out and query.definition in out


def test_query_command_prints_json(warehouse, capsys):
    code = _cli(["applications_by_group", "--db", str(warehouse), "--format", "json",
                 "--param", "group_by=agency", "--param", "agency=沭阳县发展和改革局"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["group_value"], r["year"], r["new_received"]) for r in rows] == [("沭阳县发展和改革局", 2023, 26)]


def test_query_command_prints_csv_and_table(warehouse, capsys):
    assert _cli(["outcome_rates_by_group", "--db", str(warehouse), "--format", "csv",
                 "--param", "outcome=granted", "--param", "group_by=agency"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.lstrip("\ufeff").split(",") == catalog.get_query("outcome_rates_by_group").columns
    assert _cli(["identity_failures", "--db", str(warehouse)]) == 0
    assert "(no rows)" in capsys.readouterr().out


def test_query_command_usage_errors_exit_2(warehouse, capsys):
    assert _cli(["no_such_query", "--db", str(warehouse)]) == 2
    assert _cli(["applications_by_group", "--db", str(warehouse), "--param", "bogus=1"]) == 2
    assert _cli(["applications_by_group", "--db", str(warehouse), "--param", "noequals"]) == 2
    assert _cli([]) == 2
    assert "unknown parameter" in capsys.readouterr().err


def test_query_csv_is_utf8_with_a_bom_like_every_other_csv(warehouse, capfdbinary):
    """Excel opens a CSV without a BOM as the local ANSI code page: Chinese turns to mojibake."""
    assert _cli(["applications_by_group", "--db", str(warehouse), "--format", "csv",
                 "--param", "group_by=agency", "--param", "agency=沭阳县发展和改革局"]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf") and out.count(b"\xef\xbb\xbf") == 1
    lines = out.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["group_by", "group_value", "year"]    # machine names, as before
    assert lines[1].startswith("agency,沭阳县发展和改革局,2023,")


def test_query_json_and_table_have_no_bom(warehouse, capsys):
    assert _cli(["applications_by_group", "--db", str(warehouse), "--format", "json"]) == 0
    assert not capsys.readouterr().out.startswith("\ufeff")
