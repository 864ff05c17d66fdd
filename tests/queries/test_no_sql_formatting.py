"""No .py file builds SQL by formatting values into it: values are bound, identifiers are quoted.

An f-string, str.format or % whose literal text looks like SQL may interpolate only identifiers:
`quote_ident(...)`, `int(...)`, the catalog constant, or a variable assigned a string literal or an
expression that calls quote_ident. The few reviewed exceptions are listed with their reason.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|WHERE|ATTACH|COMMENT ON|FROM|VALUES)\b")
SAFE_CALLS = re.compile(r"^(db\.)?(quote_ident|quote_catalog|int)\(")
SAFE_NAMES = {"CATALOG", "db.CATALOG"}
REVIEWED = {
    # CREATE VIEW DDL cannot bind values; table numbers come from WIDE_TABLES and keys pass split_key
    ("gongkai/store/derived.py", "table"): "table number 2/3/4 from WIDE_TABLES",
    ("gongkai/store/derived.py", "k"): "cell key validated by split_key, inside view DDL",
    # the standby catch-up (store/standby.py): fixed names, integer id lists, catalog text
    ("gongkai/store/standby.py", "LIVE"): "module constant: the alias of the attached live file",
    ("gongkai/store/standby.py", "CHANGES_TABLE"): "module constant: the name last_run_changes",
    ("gongkai/store/standby.py", "t_mine"): "_sync_keyed's argument: quote_catalog(...).main.quote_ident(...)",
    ("gongkai/store/standby.py", "t_live"): "_sync_keyed's argument: quote_ident(LIVE).main.quote_ident(...)",
    ("gongkai/store/standby.py", "where"): "' WHERE … IN (' + integer ids (_in_list) or a quoted column = ? (bound)",
    ("gongkai/store/standby.py", "_literal(comment)"): "a view comment copied from the live file's catalog; COMMENT ON cannot bind",
}


def _sql_builders(tree: ast.AST):
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] + [tree]:
        assigned = {}
        for node in ast.walk(func):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned[target.id] = ast.unparse(node.value)
        for node in ast.walk(func):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if SQL_WORDS.search(text):
                    yield node.lineno, [ast.unparse(v.value) for v in node.values
                                        if isinstance(v, ast.FormattedValue)], assigned
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
                  and isinstance(node.func.value.value, str) and SQL_WORDS.search(node.func.value.value)):
                yield node.lineno, ["<str.format>"], assigned
            elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)
                  and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
                  and SQL_WORDS.search(node.left.value)):
                yield node.lineno, ["<% formatting>"], assigned


def test_no_python_file_formats_values_into_sql():
    offences = set()
    root = REPO
    for path in sorted([*(root / "gongkai").rglob("*.py"), *(root / "dashboard").rglob("*.py")]):
        rel = path.relative_to(root).as_posix()
        for lineno, exprs, assigned in _sql_builders(ast.parse(path.read_text(encoding="utf-8"))):
            for expr in exprs:
                if SAFE_CALLS.match(expr) or expr in SAFE_NAMES or (rel, expr) in REVIEWED:
                    continue
                value = assigned.get(expr, "")
                if "quote_ident" in value or "quote_catalog" in value or value[:1] in ("'", '"'):
                    continue
                offences.add(f"{rel}:{lineno}: {expr}")
    assert not offences, "SQL built with formatted values:\n" + "\n".join(sorted(offences))


@pytest.mark.parametrize("module", ["catalog.py", "runner.py", "store/stored.py"])
def test_the_query_runner_builds_no_sql_from_format_strings_at_all(module):
    tree = ast.parse((REPO / "gongkai" / module).read_text(encoding="utf-8"))
    assert [lineno for lineno, exprs, _ in _sql_builders(tree) if exprs] == []
