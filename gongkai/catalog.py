"""The catalogue of named SQL queries: find `queries/**/*.sql`, read their headers, check parameters,
order the base views. Pure: it reads files and imports nothing from the store, so the store can use it
to write the stored base tables and the runner (gongkai/runner.py) can sit on both.

Every file opens with a header of `-- field: value` lines (docs/indicators.md). The SQL below it is
passed to DuckDB unchanged; parameter values are always bound as `$name`, never written into SQL text.

Queries in `queries/base/` take no parameters. Before any query runs, each base query it reads is created
on the connection: a SELECT file as a TEMP VIEW named after it (`CREATE OR REPLACE TEMP VIEW report_dims AS
<file>`), so indicators and checks can read `report_dims`, `report_applications`, … like tables; a file whose
SQL is `CREATE OR REPLACE TEMP MACRO <its name>(…) AS …` is run as written, so queries can call it
(`FROM reports_in_view(scope := $scope, …)`, the one home of the report filters).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from gongkai import config
from gongkai.model import FILTER_SCOPES, GROUPINGS, OUTCOMES

KINDS = ("base", "indicators", "checks", "app")   # the usual folders; any other subfolder is a kind too
HEADER_FIELDS = ("name", "title", "definition", "unit", "versions", "version", "grain", "params",
                 "columns", "caveats")
# Optional header fields. `stored: table` (base queries only) = written as a table by every ingest
# (docs/indicators.md, "Stored base tables"); the default, `view`, is computed when read.
OPTIONAL_FIELDS = ("stored",)
STORED_KINDS = ("view", "table")

# Parameters whose values come from a fixed list (validated before the query runs).
PARAM_CHOICES: dict[str, tuple[str, ...]] = {
    "group_by": GROUPINGS,
    "scope": FILTER_SCOPES,
    "outcome": OUTCOMES,
}
# Parameters that are NULL by default but must be integers when given.
INT_PARAMS = frozenset({"year_from", "year_to", "year", "min_n", "report_id", "agency_id", "limit"})

_FIELD_LINE = re.compile(r"^--\s*(" + "|".join(HEADER_FIELDS + OPTIONAL_FIELDS) + r"):\s*(.*)$")
_PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_MACRO = re.compile(r"^CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\s+([a-z][a-z0-9_]*)\s*\(", re.IGNORECASE)


class QueryNotFound(LookupError):
    """No query file has this name."""


class QueryFileError(ValueError):
    """A query file whose header is missing a field or cannot be read."""


@dataclass(frozen=True)
class Query:
    name: str
    title_zh: str
    title_en: str
    definition: str
    unit: str
    versions: str
    definition_version: str
    grain: str
    params: dict[str, object]      # name -> default
    columns: list[str]
    caveats: str
    sql: str
    path: Path
    stored: str = "view"


# --- reading files --------------------------------------------------------------------------------

def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split a query file into its header fields and the SQL after them.

    The header is the leading block of `--` lines; a `-- field: value` line starts a field and the
    `--` lines after it that name no field continue it. Whatever follows the block is the SQL."""
    fields: dict[str, str] = {}
    current: Optional[str] = None
    lines = text.splitlines()
    body_start = len(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("--"):
            body_start = i
            break
        match = _FIELD_LINE.match(stripped)
        if match:
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif current is not None:
            more = stripped[2:].strip()
            if more:
                fields[current] = (fields[current] + " " + more).strip()
    return fields, "\n".join(lines[body_start:]).strip()


def parse_value(text: str) -> object:
    """A header default or a command-line value: NULL, TRUE/FALSE, an integer, a number, or a string
    ('quoted' or bare)."""
    text = text.strip()
    upper = text.upper()
    if upper in ("NULL", "NONE", ""):
        return None
    if upper in ("TRUE", "FALSE"):
        return upper == "TRUE"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", text):
        return float(text)
    return text


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside quotes."""
    parts, buf, quote = [], [], None
    for ch in text:
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            buf.append(ch)
        elif ch == ",":
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    if "".join(buf).strip():
        parts.append("".join(buf).strip())
    return parts


def parse_params(text: str) -> dict[str, object]:
    """`year_from=NULL, group_by='province', min_n=30` → {name: default}; `none` → {}."""
    if text.strip().lower() in ("none", "-", ""):
        return {}
    params: dict[str, object] = {}
    for part in _split_top_level(text):
        name, sep, default = part.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not _NAME.match(name):
            raise QueryFileError(f"bad parameter declaration {part!r} (expected name=default)")
        params[name] = parse_value(default)
    return params


def load_query(path: Path) -> Query:
    fields, sql = parse_header(path.read_text(encoding="utf-8"))
    missing = [f for f in HEADER_FIELDS if not fields.get(f)]
    if missing:
        raise QueryFileError(f"{path}: header lacks {', '.join(missing)}")
    stored = (fields.get("stored", "").split() or ["view"])[0].lower()   # first word; a note may follow
    if stored not in STORED_KINDS:
        raise QueryFileError(f"{path}: stored must be one of {', '.join(STORED_KINDS)}, not {stored!r}")
    title_zh, _, title_en = fields["title"].partition(" / ")
    columns = [c.strip() for c in fields["columns"].split(",") if c.strip()]
    return Query(name=fields["name"], title_zh=title_zh.strip(), title_en=title_en.strip(),
                 definition=fields["definition"], unit=fields["unit"], versions=fields["versions"],
                 definition_version=fields["version"], grain=fields["grain"],
                 params=parse_params(fields["params"]), columns=columns,
                 caveats=fields["caveats"], sql=sql, path=path, stored=stored)


def kind_of(query: Query, root: Optional[Path] = None) -> str:
    """The subfolder of queries/ the file lives in: base | indicators | checks | app."""
    root = Path(root or config.QUERIES_DIR)
    try:
        return query.path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return ""


_cache: dict[Path, tuple[int, Query]] = {}


def _load_cached(path: Path) -> Query:
    mtime = path.stat().st_mtime_ns
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    query = load_query(path)
    _cache[path] = (mtime, query)
    return query


def list_queries(kind: str | None = None) -> list[Query]:
    """Every query under queries/ (recursively), sorted by folder then name; `kind` picks a folder."""
    root = Path(config.QUERIES_DIR)
    paths = sorted(root.rglob("*.sql"), key=lambda p: (p.relative_to(root).parts[0], p.stem))
    queries = [_load_cached(p) for p in paths]
    if kind is not None:
        if kind not in KINDS and not (root / kind).is_dir():
            raise ValueError(f"unknown query kind {kind!r}; one of {', '.join(query_kinds())}")
        queries = [q for q in queries if kind_of(q, root) == kind]
    return queries


def query_kinds() -> list[str]:
    """The usual kinds first, then any other subfolder of queries/ holding .sql files."""
    root = Path(config.QUERIES_DIR)
    found = {p.relative_to(root).parts[0] for p in root.rglob("*.sql") if len(p.relative_to(root).parts) > 1}
    return [k for k in KINDS if k in found] + sorted(found - set(KINDS))


def get_query(name: str) -> Query:
    for query in list_queries():
        if query.name == name:
            return query
    raise QueryNotFound(f"no query named {name!r} (gongkai query --list shows them)")


# --- parameters -----------------------------------------------------------------------------------

def referenced_params(sql: str) -> list[str]:
    """Names of the `$name` parameters the SQL uses, in order of first use."""
    return list(dict.fromkeys(_PARAM_REF.findall(sql)))


def coerce_param(name: str, value: object, default: object = None) -> object:
    """Turn a command-line string into the type the parameter needs (the default's type, or an
    integer for year_from/year_to/min_n…). Other values pass through unchanged."""
    if not isinstance(value, str):
        return value
    parsed = parse_value(value)
    if parsed is None:
        return None
    wants_int = isinstance(default, int) and not isinstance(default, bool) or name in INT_PARAMS
    if isinstance(default, bool):
        if not isinstance(parsed, bool):
            raise ValueError(f"parameter {name}: expected TRUE or FALSE, got {value!r}")
        return parsed
    if wants_int:
        if isinstance(parsed, float) and parsed.is_integer():
            parsed = int(parsed)
        if not isinstance(parsed, int) or isinstance(parsed, bool):
            raise ValueError(f"parameter {name}: expected an integer, got {value!r}")
        return parsed
    if isinstance(default, float):
        if not isinstance(parsed, (int, float)) or isinstance(parsed, bool):
            raise ValueError(f"parameter {name}: expected a number, got {value!r}")
        return float(parsed)
    # a text parameter: keep the text as written (a county code stays '110105', not 110105)
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value


def resolve_params(query: Query, params: Optional[dict] = None) -> dict[str, object]:
    """Header defaults overlaid with `params`; unknown names and values outside a fixed list raise
    ValueError. Returns the values to bind, by name."""
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        known = ", ".join(query.params) or "none"
        raise ValueError(f"query {query.name}: unknown parameter(s) {', '.join(unknown)} "
                         f"(parameters: {known})")
    values: dict[str, object] = {}
    for name, default in query.params.items():
        value = coerce_param(name, params[name], default) if name in params else default
        choices = PARAM_CHOICES.get(name)
        if choices is not None and isinstance(value, str) and value not in choices:
            raise ValueError(f"query {query.name}: {name} must be one of {', '.join(choices)}; "
                             f"got {value!r}")
        if (name in INT_PARAMS or (isinstance(default, int) and not isinstance(default, bool))) \
                and value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"query {query.name}: {name} must be an integer; got {value!r}")
        values[name] = value
    return values


# --- the base views -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _BaseGraph:
    """The base queries as they are on disk now: creation order, and for each the base views it
    reads directly or through others. Rebuilt only when a base file changes (run_query consults it
    on every call, so it must cost a lookup, not a parse)."""
    files: tuple[Query, ...]
    ordered: tuple[Query, ...]
    reads: dict[str, frozenset[str]]
    stored_fingerprint: str


_graph: Optional[_BaseGraph] = None


def _base_graph() -> _BaseGraph:
    global _graph
    files = tuple(list_queries("base"))
    if _graph is not None and len(files) == len(_graph.files) and all(
            a is b for a, b in zip(files, _graph.files)):   # _load_cached keeps unchanged Query objects
        return _graph
    ordered = tuple(base_view_order(list(files)))
    reads: dict[str, frozenset[str]] = {}
    for query in ordered:                 # dependencies come first, so their closure is known
        direct = {n for n in reads if re.search(rf"\b{n}\b", query.sql) and n != query.name}
        reads[query.name] = frozenset(direct.union(*(reads[n] for n in direct)))
    _graph = _BaseGraph(files, ordered, reads, _stored_fingerprint(ordered, reads))
    return _graph


def base_view_order(base: Optional[list[Query]] = None) -> list[Query]:
    """Base queries in an order where each comes after the base views it reads."""
    if base is None:
        return list(_base_graph().ordered)
    by_name = {q.name: q for q in base}
    deps = {q.name: {n for n in by_name if n != q.name and re.search(rf"\b{n}\b", q.sql)}
            for q in base}
    ordered: list[Query] = []
    done: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in stack:
            raise QueryFileError(f"base views refer to each other in a cycle: {' → '.join(stack)}")
        for dep in sorted(deps[name]):
            visit(dep, stack + (name,))
        done.add(name)
        ordered.append(by_name[name])

    for name in sorted(by_name):
        visit(name, ())
    return ordered


def is_macro(query: Query) -> bool:
    """A base file whose SQL creates a table macro of its own name (rather than a SELECT for a view)."""
    match = _MACRO.match(query.sql)
    if match and match.group(1) != query.name:
        raise QueryFileError(f"{query.path}: the macro is named {match.group(1)!r}, not {query.name!r}")
    return bool(match)


def check_name(query: Query) -> None:
    # Names become identifiers in DDL: only plain lower-case identifiers pass.
    if not _NAME.match(query.name):
        raise QueryFileError(f"{query.path}: base query name {query.name!r} is not an identifier")


def view_statement(query: Query) -> str:
    # The name is checked against _NAME (a plain identifier) and the body is the file's own text.
    check_name(query)
    if is_macro(query):
        return query.sql
    return "CREATE OR REPLACE TEMP VIEW " + query.name + " AS\n" + query.sql


def runnable_sql(query: Query) -> str:
    """The SELECT that shows a query's rows: its own SQL; for a table macro file the macro called
    with every argument at its default (NULL: no filter); for a scalar macro file its definition."""
    if not is_macro(query):
        return query.sql
    if is_table_macro(query):
        return "SELECT * FROM " + query.name + "()"
    check_name(query)   # a plain identifier, so it can stand in the string literal
    return ("SELECT function_name, parameters, macro_definition FROM duckdb_functions() "
            "WHERE function_type = 'macro' AND function_name = '" + query.name + "'")


def is_table_macro(query: Query) -> bool:
    """A macro file whose macro returns a table (`… AS TABLE SELECT …`), not a value."""
    return is_macro(query) and re.search(r"\)\s*AS\s+TABLE\b", query.sql, re.IGNORECASE) is not None


def base_views_needed(sql: str) -> list[Query]:
    """The base views `sql` reads, directly or through other base views, in creation order."""
    graph = _base_graph()
    direct = {q.name for q in graph.ordered if re.search(rf"\b{q.name}\b", sql)}
    needed = direct.union(*(graph.reads[n] for n in direct))
    return [q for q in graph.ordered if q.name in needed]



# --- stored base tables ---------------------------------------------------------------------------

STORED_FINGERPRINT_KEY = "stored_tables_fingerprint"


def stored_fingerprint() -> str:
    """Hash of the name, storage and SQL of every stored base query and of every base query it
    reads. Tables written under another value no longer match the files (a definition they depend
    on changed since the last ingest); editing a view or macro no stored table reads changes nothing."""
    return _base_graph().stored_fingerprint


def _stored_fingerprint(ordered, reads) -> str:
    stored = {q.name for q in ordered if q.stored == "table"}
    inputs = stored.union(*(reads[n] for n in stored))
    digest = hashlib.sha256()
    for query in ordered:
        if query.name in inputs:
            for part in (query.name, query.stored, query.sql):
                digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]
