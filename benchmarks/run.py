#!/usr/bin/env python
"""gongkai at national scale (issue 6): parse, ingest and query benchmarks, printed as one table.

    python benchmarks/run.py --quick                 # < 5 minutes: small corpus, 10k-report warehouse
    python benchmarks/run.py                         # full: 10k, 100k and 1M-report warehouses
    python benchmarks/run.py --sizes 1000000 --skip-parse --skip-ingest   # only the 1M queries

Not a test suite: it prints timings. Every step runs in its own Python process so its peak memory
(RSS, including worker processes) is measured alone. Everything it makes is SYNTHETIC
(benchmarks/synth.py) and lives in --work (default /tmp/gongkai-bench), never in data/.
Method and the latest results: docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULT = "BENCH_RESULT "
TARGETS = {"parse_per_core": 300.0, "ingest_100k_minutes": 10.0, "query_median_ms": 300.0,
           "page_ms": 1000.0, "rss_mb": 2048.0, "add_10_docs_s": 60.0}


# ============================================================================ steps (child processes)

def _peak_rss_mb() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(me, kids) / 1024.0


def step_corpus(out: str, per_year: str, years: str) -> dict:
    import synth
    t = time.perf_counter()
    counts = synth.write_corpus(Path(out), int(per_year), synth.year_list(years), seed=7)
    return {"counts": counts, "seconds": time.perf_counter() - t}


def step_pdf(corpus: str, out: str, count: str) -> dict:
    """A few PDFs printed by headless Chromium from generated HTML (the way real PDFs are made)."""
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome:
        return {"skipped": "no chromium on PATH"}
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = 0
    for html in sorted(Path(corpus).rglob("*.html"))[: int(count)]:
        target = out_dir / (html.stem + ".pdf")
        if not target.exists():
            subprocess.run([chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={target}", html.resolve().as_uri()],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        made += target.exists()
    return {"pdfs": made}


def _files(folder: str, kind: str) -> list[Path]:
    pattern = {"html": "*.html", "text": "*[0-9a-f].txt", "flat": "*.flat.txt", "pdf": "*.pdf"}[kind]
    return sorted(p for p in Path(folder).rglob(pattern) if not p.name.startswith(("README", "truth")))


def step_parse(folder: str, kind: str, limit: str) -> dict:
    """Single-process parse throughput, and the floor: lexbor tokenising the same bytes."""
    from selectolax.lexbor import LexborHTMLParser

    from gongkai.parse import parse_bytes
    files = _files(folder, kind)[: int(limit)]
    if not files:
        return {"skipped": f"no {kind} documents"}
    docs = [(p.name, p.read_bytes()) for p in files]
    parse_bytes(docs[0][1], docs[0][0])                       # imports, cpca and OpenCC tables
    statuses: dict[str, int] = {}
    t = time.perf_counter()
    for name, data in docs:
        r = parse_bytes(data, name)
        statuses[r.status] = statuses.get(r.status, 0) + 1
    seconds = time.perf_counter() - t
    floor = None
    if kind != "pdf":
        t = time.perf_counter()
        for _, data in docs:
            LexborHTMLParser(data.decode("utf-8"))
        floor = time.perf_counter() - t
    return {"docs": len(docs), "seconds": seconds, "per_s": len(docs) / seconds,
            "ms_per_doc": 1000 * seconds / len(docs), "floor_ms_per_doc": floor and 1000 * floor / len(docs),
            "ratio_to_floor": floor and seconds / floor, "statuses": statuses,
            "mean_bytes": sum(len(d) for _, d in docs) / len(docs)}


def step_ingest(corpus: str, workers: str, db_file: str) -> dict:
    from gongkai.store.ingest import ingest_paths
    db_path = Path(db_file)
    for old in db_path.parent.glob(db_path.name + "*"):
        old.unlink()
    inputs = sorted(str(p) for p in Path(corpus).iterdir() if p.is_dir())
    t = time.perf_counter()
    summary = ingest_paths(inputs, db_path, workers=int(workers), wait_seconds=5)
    seconds = time.perf_counter() - t
    n = len(summary.outcomes)
    return {"docs": n, "new": summary.count("new"), "seconds": seconds, "per_s": n / seconds,
            "minutes_per_100k": 100_000 / (n / seconds) / 60, "db_mb": db_path.stat().st_size / 2**20}


def step_incremental(db_file: str, work: str) -> dict:
    """benchmarks/incremental_ingest.py on a copy of the largest warehouse: three ingests of 10 new
    documents (standby mode: the store as it is) while a reader process queries the live file."""
    import incremental_ingest
    return incremental_ingest.measure(Path(work), reuse=db_file, docs=10, rounds=3, modes="standby")


def step_warehouse(size: str, db_file: str) -> dict:
    import synth
    path = Path(db_file)
    if path.exists():
        from gongkai.store import db
        from gongkai.store.stored import stored_tables_fresh
        from gongkai.store.bootstrap import refresh_stored_tables
        con = db.connect_read(path)
        fresh = stored_tables_fresh(con)
        con.close()
        out = {"reused": True}
        if not fresh:      # queries/base changed since it was built: rewrite its stored tables
            t = time.perf_counter()
            refresh_stored_tables(path)
            out["refresh_seconds"] = time.perf_counter() - t
        return {**out, "db_mb": path.stat().st_size / 2**20}
    t = time.perf_counter()
    info = synth.build_warehouse(path, int(size), threads=1)
    return {"reused": False, "seconds": time.perf_counter() - t, "db_mb": info["bytes"] / 2**20}


def _page_queries() -> dict[str, list[tuple[str, dict]]]:
    """Queries each dashboard page runs, with the literal arguments the page passes (e.g.
    `group_by="all"`, `limit=widgets.LIST_LIMIT`), read from the sources on every run: every .py
    under a sub-folder of dashboard/ is a page, and main.py runs on every page. A call of an
    app helper (widgets.sources_block, data.data_version, widgets.versions_block("name", …)) counts
    the queries the helper runs. Arguments that are not literals (the filters, a picked agency or
    report) are left to `params_for` below."""
    app = ROOT / "dashboard"
    constants = _int_constants(app.glob("**/*.py"))
    helpers = {node.name: node for path in app.glob("*.py")
               for node in ast.parse(path.read_text(encoding="utf-8")).body
               if isinstance(node, ast.FunctionDef)}

    def run(path: Path) -> list[tuple[str, dict]]:
        return _query_calls(ast.parse(path.read_text(encoding="utf-8")), constants, helpers)

    common = run(app / "main.py")
    pages = {}
    for page in sorted(app.glob("*/*.py")):
        if page.name.startswith("_"):
            continue
        calls = run(page)
        if calls:
            pages[page.stem] = common + [c for c in calls if c not in common]
    return pages


def _int_constants(paths) -> dict[str, int]:
    """Module-level `NAME = <int>` assignments of the app (LIST_LIMIT, GRID_AGENCIES, …)."""
    found: dict[str, int] = {}
    for path in paths:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, int)):
                found[node.targets[0].id] = node.value.value
    return found


def _query_calls(tree: ast.AST, constants: dict[str, int], helpers: dict[str, ast.FunctionDef],
                 bound: Optional[dict[str, str]] = None, seen: frozenset = frozenset()
                 ) -> list[tuple[str, dict]]:
    """`query(name, key=<literal>)` calls under `tree`, in order, with their literal keywords;
    calls of a helper in `helpers` add the helper's own query calls, its first parameter bound to
    the caller's first argument when that is a string (a query name handed to the helper)."""
    calls: list[tuple[str, dict]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        first = node.args[0] if node.args else None
        literal = (first.value if isinstance(first, ast.Constant) and isinstance(first.value, str)
                   else (bound or {}).get(first.id) if isinstance(first, ast.Name) else None)
        if name == "query":
            found = [(literal, _literal_kwargs(node, constants))] if literal else []
        elif name in helpers and name not in seen:
            helper = helpers[name]
            params = [a.arg for a in helper.args.args]
            binding = {params[0]: literal} if literal and params else {}
            found = _query_calls(helper, constants, helpers, binding, seen | {name})
        else:
            continue
        calls += [c for c in found if c not in calls]
    return calls


def _literal_kwargs(node: ast.Call, constants: dict[str, int]) -> dict:
    kwargs = {}
    for kw in node.keywords:
        if kw.arg is None:
            continue
        value = kw.value
        if isinstance(value, ast.Constant):
            kwargs[kw.arg] = value.value
        elif isinstance(value, (ast.Name, ast.Attribute)):
            name = value.id if isinstance(value, ast.Name) else value.attr
            if name in constants:
                kwargs[kw.arg] = constants[name]
    return kwargs


class _Timeout:
    """Interrupt a DuckDB query that runs longer than `seconds` (con.interrupt from a timer)."""

    def __init__(self, con, seconds: float):
        self.timer = threading.Timer(seconds, con.interrupt)

    def __enter__(self):
        self.timer.start()

    def __exit__(self, *exc):
        self.timer.cancel()


def _timed(fn, con, timeout: float):
    t = time.perf_counter()
    with _Timeout(con, timeout):
        rows = len(fn())
    return time.perf_counter() - t, rows


def step_queries(db_file: str, repeats: str, threads: str, timeout: str, tmp: str, memory: str,
                 kinds: str = "all", part: str = "both") -> dict:
    """Time every query (`part` = queries), every page's data (pages), or both; the driver runs the
    two parts in separate processes so that each one's peak memory is its own."""
    from gongkai.catalog import list_queries
    from gongkai.runner import run_query
    from gongkai.store import db
    repeats_n, limit = int(repeats), float(timeout)
    con = db.connect_read(db_file)
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET temp_directory = ?", [tmp]).fetchall()
    con.execute("SET max_temp_directory_size = '20GB'").fetchall()
    if memory != "default":
        con.execute("SET memory_limit = ?", [memory]).fetchall()
    report_id, agency_id, agency_name = con.execute(
        "SELECT report_id, agency_id, agency_name FROM reports WHERE is_current AND agency_id IS NOT NULL "
        "ORDER BY report_id DESC LIMIT 1").fetchone()
    picked = {"report_id": report_id, "agency_id": agency_id}

    def params_for(q, given=None):
        """A page's literal arguments, plus the report / agency a page would have picked (the
        newest current report) and, for the agency page's chain query, that agency's name."""
        params = {k: v for k, v in picked.items() if k in q.params}
        params.update({k: v for k, v in (given or {}).items() if k in q.params})
        if q.name == "cross_year_chains_by_agency_year":
            params["agency"] = agency_name
        return params or None

    out: dict[str, dict] = {}
    queries = {q.name: q for q in list_queries()}
    for name, q in sorted(queries.items(), key=lambda kv: (str(kv[1].path.parent.name), kv[0])):
        kind = q.path.parent.name
        if part == "pages" or (kinds != "all" and kind not in kinds.split(",")):
            continue
        fn = lambda q=q: run_query(q.name, params_for(q), con)   # noqa: E731
        times, rows, error = [], None, None
        try:
            _timed(fn, con, limit)                                 # warm-up (plans, OS cache)
            for _ in range(repeats_n):
                dt, rows = _timed(fn, con, limit)
                times.append(dt)
        except Exception as exc:  # noqa: BLE001 - a broken or slow query is a result, not a crash
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            if "interrupt" in str(exc).lower():
                error = f"timeout > {limit:g} s"
        out[name] = {"kind": kind, "rows": rows, "error": error, **_stats(times)}
    pages: dict[str, dict] = {}
    for page, calls in (_page_queries().items() if part != "queries" else ()):
        known = [(n, given) for n, given in calls if n in queries]

        def load(known=known):
            return [0] * sum(len(run_query(n, params_for(queries[n], given), con)) for n, given in known)
        times, error = [], None
        try:
            _timed(load, con, limit)
            for _ in range(repeats_n):
                times.append(_timed(load, con, limit)[0])
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        pages[page] = {"queries": [n for n, _ in known], "error": error, **_stats(times)}
    return {"queries": out, "pages": pages, "reports": con.execute("SELECT count(*) FROM reports").fetchone()[0]}


def _stats(times: list[float]) -> dict:
    if not times:
        return {"median_ms": None, "p95_ms": None}
    s = sorted(times)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {"median_ms": 1000 * statistics.median(s), "p95_ms": 1000 * p95}


# Roll-ups done both ways: the SQL query (timed in step_queries) and the same sums in pandas.
PANDAS_PAIRS = (("app_headline_by_year", "headline_by_year"),
                ("outcome_rates_by_group", "outcome_sums_by_province_year"))


def step_pandas(db_file: str, repeats: str) -> dict:
    """Load what the roll-ups need into pandas (timed apart; cell keys as small integer codes so a
    1M-report load fits in memory), then group in pandas."""
    from gongkai.parse.formats import FORMATS
    from gongkai.store import db
    con = db.connect_read(db_file)
    rows = list(dict.fromkeys(r.key for f in FORMATS.values() for r in f.t3_rows))
    t = time.perf_counter()
    reports = db.run(con, "SELECT r.report_id, r.agency_id, r.year, r.is_current, r.report_scope, "
                          "coalesce(a.province, r.province) AS province "
                          "FROM reports AS r LEFT JOIN agencies AS a USING (agency_id)")
    cells = db.run(con, "SELECT report_id, list_position(?::VARCHAR[], row_key)::TINYINT AS k, value "
                        "FROM cells WHERE table_no = 3 AND col_key = 'total'", [rows])
    load = time.perf_counter() - t
    code = {r: i + 1 for i, r in enumerate(rows)}

    def wide():
        return cells.pivot_table(index="report_id", columns="k", values="value", aggfunc="max")

    def headline_by_year():
        cur = reports[reports["is_current"]]
        w = wide()[[code["new_received"], code["total_processed"], code["granted"]]]
        m = cur.merge(w, left_on="report_id", right_index=True, how="left")
        g = m.groupby("year").agg(report_count=("report_id", "size"), agency_count=("agency_id", "nunique"),
                                  new=(code["new_received"], "sum"), processed=(code["total_processed"], "sum"),
                                  granted=(code["granted"], "sum"))
        g["grant_rate"] = g["granted"] / g["processed"]
        return g

    def outcome_sums_by_province_year():
        cur = reports[reports["is_current"] & reports["report_scope"].isin(["agency", "government_organ"])]
        m = cur[["report_id", "province", "year"]].merge(wide(), left_on="report_id", right_index=True)
        g = m.drop(columns="report_id").groupby(["province", "year"]).sum()
        return g.div(g[code["total_processed"]], axis=0)

    out = {"load_ms": 1000 * load, "rows_loaded": len(cells) + len(reports)}
    for sql_name, fn in ((PANDAS_PAIRS[0][0], headline_by_year), (PANDAS_PAIRS[1][0], outcome_sums_by_province_year)):
        fn()
        times = []
        for _ in range(int(repeats)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[sql_name] = _stats(times)
    return out


STEPS = {"incremental": step_incremental, "corpus": step_corpus, "pdf": step_pdf, "parse": step_parse, "ingest": step_ingest,
         "warehouse": step_warehouse, "queries": step_queries, "pandas": step_pandas}


# ============================================================================ driver (parent process)

def run_step(name: str, *args, timeout: float = 7200) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", name, *map(str, args)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=str(ROOT))
    wall = time.perf_counter() - t
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT)]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": f"step {name} failed (exit {proc.returncode}): {' | '.join(tail)}", "wall_s": wall}
    result = json.loads(lines[-1][len(RESULT):])
    result["wall_s"] = wall
    return result


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    return (f"{platform.node()} · {os.cpu_count()} cores ({cpu}) · {mem:.0f} GiB RAM · "
            f"Python {platform.python_version()} · DuckDB {duckdb.__version__} · {platform.system()} {platform.release()}")


def _f(v, fmt="{:.0f}") -> str:
    return "—" if v is None else fmt.format(v)


def _ok(value, target, lower_is_better=True) -> str:
    if value is None:
        return "n/a"
    good = value <= target if lower_is_better else value >= target
    return "meets" if good else "MISSES"


def render(results: dict) -> str:
    out = [f"gongkai benchmarks ({results['mode']}, {results['date']}) — all data SYNTHETIC",
           f"machine: {results['machine']}", ""]
    out.append("## Parse throughput (one process = one core)")
    out.append("| kind | docs | mean KB | reports/s/core | ms/report | lexbor floor ms | × floor | peak RSS MB | statuses | target ≥ 300/s |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for kind, r in results.get("parse", {}).items():
        if "skipped" in r or "error" in r:
            out.append(f"| {kind} | — | — | — | — | — | — | — | {r.get('skipped') or r.get('error')} | n/a |")
            continue
        target = _ok(r["per_s"], TARGETS["parse_per_core"], False) if kind in ("html", "text") else "no target"
        out.append(f"| {kind} | {r['docs']} | {r['mean_bytes'] / 1024:.1f} | {r['per_s']:.0f} | {r['ms_per_doc']:.1f} | "
                   f"{_f(r['floor_ms_per_doc'], '{:.2f}')} | {_f(r['ratio_to_floor'], '{:.1f}')} | "
                   f"{r['peak_rss_mb']:.0f} | {', '.join(f'{k} {v}' for k, v in sorted(r['statuses'].items()))} | {target} |")
    out.append("")
    out.append("## Ingest end to end (`gongkai ingest --workers N`, fresh database)")
    out.append("| workers | docs | seconds | docs/s | 100k reports (projected) | DB MB | peak RSS MB (all processes) | target 100k ≤ 10 min (2 workers) |")
    out.append("|---|---|---|---|---|---|---|---|")
    for w, r in results.get("ingest", {}).items():
        if "error" in r:
            out.append(f"| {w} | {r['error']} |||||||")
            continue
        target = _ok(r["minutes_per_100k"], TARGETS["ingest_100k_minutes"]) if w == "2" else ""
        out.append(f"| {w} | {r['docs']} | {r['seconds']:.1f} | {r['per_s']:.1f} | {r['minutes_per_100k']:.1f} min | "
                   f"{r['db_mb']:.1f} | {r['peak_rss_mb']:.0f} | {target} |")
    out.append("")
    sizes = list(results.get("warehouses", {}))
    if sizes:
        out.append("## Synthetic warehouses (rows generated directly, `synth.build_warehouse`)")
        out.append("| reports | build s (rows + stored base tables) | stored-table rewrite s (reused file, stale tables) | DB MB | peak RSS MB |")
        out.append("|---|---|---|---|---|")
        for s in sizes:
            w = results["warehouses"][s]
            out.append(f"| {int(s):,} | {'reused' if w.get('reused') else _f(w.get('seconds'), '{:.0f}')} | "
                       f"{_f(w.get('refresh_seconds'))} | "
                       f"{_f(w.get('db_mb'), '{:.0f}')} | {_f(w.get('peak_rss_mb'))} |")
        out.append("")
        out.append("## Query latency, ms (median / p95; `run_query` on a read-only connection)")
        head = "| query | kind | " + " | ".join(f"{int(s):,}" for s in sizes) + " | rows at largest | target median ≤ 300 ms at largest |"
        out.append(head)
        out.append("|---|---|" + "---|" * len(sizes) + "---|---|")
        names = sorted({n for s in sizes for n in results["queries"].get(s, {}).get("queries", {})},
                       key=lambda n: (results["queries"][sizes[-1]]["queries"].get(n, {}).get("kind", ""), n))
        for n in names:
            cells, last, kind = [], None, ""
            for s in sizes:
                q = results["queries"].get(s, {}).get("queries", {}).get(n)
                if q is None:
                    cells.append("—")
                    continue
                kind = q["kind"]
                last = q
                cells.append(q["error"] if q["error"] else f"{q['median_ms']:.0f} / {q['p95_ms']:.0f}")
            rows = _f(last.get("rows"), "{:,}") if last else "—"
            verdict = "MISSES" if last and (last["error"] or last["median_ms"] > TARGETS["query_median_ms"]) else "meets"
            out.append(f"| {n} | {kind} | " + " | ".join(cells) + f" | {rows} | {verdict} |")
        out.append("")
        out.append("## Page data loading, ms (median / p95; every query a page runs, in order, no cache)")
        out.append("| page | queries | " + " | ".join(f"{int(s):,}" for s in sizes) + " | target ≤ 1000 ms |")
        out.append("|---|---|" + "---|" * len(sizes) + "---|")
        pages = sorted({p for s in sizes for p in results["queries"].get(s, {}).get("pages", {})})
        for p in pages:
            cells, last, qn = [], None, 0
            for s in sizes:
                r = results["queries"].get(s, {}).get("pages", {}).get(p)
                if r is None:
                    cells.append("—")
                    continue
                last, qn = r, len(r["queries"])
                cells.append(r["error"] or f"{r['median_ms']:.0f} / {r['p95_ms']:.0f}")
            verdict = "MISSES" if last and (last["error"] or last["median_ms"] > TARGETS["page_ms"]) else "meets"
            out.append(f"| {p} | {qn} | " + " | ".join(cells) + f" | {verdict} |")
        out.append("")
        out.append("## Same roll-ups in pandas (data loaded once; ratio = pandas ÷ DuckDB median)")
        out.append("| reports | pandas load ms | roll-up | pandas median ms | DuckDB median ms | ratio |")
        out.append("|---|---|---|---|---|---|")
        for s in sizes:
            pd_r = results.get("pandas", {}).get(s)
            if not pd_r or "error" in pd_r:
                out.append(f"| {int(s):,} | {(pd_r or {}).get('error', 'not run')} |||||")
                continue
            for n, _ in PANDAS_PAIRS:
                sql = results["queries"].get(s, {}).get("queries", {}).get(n, {})
                ratio = (pd_r[n]["median_ms"] / sql["median_ms"]) if sql.get("median_ms") else None
                out.append(f"| {int(s):,} | {pd_r['load_ms']:.0f} | {n} ({dict(PANDAS_PAIRS)[n]}) | {pd_r[n]['median_ms']:.0f} | "
                           f"{_f(sql.get('median_ms'))} | {_f(ratio, '{:.2f}')} |")
        out.append("")
        inc = results.get("incremental")
        if inc:
            out.append(f"## Adding 10 documents to the {inc.get('reports', 0):,}-report warehouse "
                       "(target ≤ 60 s each, the dashboard answering throughout)")
            if "error" in inc:
                out.append(inc["error"])
            else:
                import incremental_ingest
                out.append(incremental_ingest.render(inc))
                mode = inc["modes"].get("standby", {})
                steady = [x for x in mode.get("ingests", []) if not x["standby"].startswith("copied")]
                worst = max((x["seconds"] for x in steady), default=None)
                rss = max((x["peak_rss_mb"] for x in mode.get("ingests", [])), default=None)
                answered = not mode.get("reader", {}).get("errors") and mode.get("reader", {}).get("answers")
                verdict = ("not measured (no caught-up ingest)" if worst is None else
                           ("meets" if worst <= TARGETS["add_10_docs_s"] and answered else "MISSES"))
                out.append(f"\ncaught-up ingests: slowest {_f(worst, '{:.1f}')} s, reader errors "
                           f"{len(mode.get('reader', {}).get('errors', []))}, peak RSS {_f(rss)} MB: "
                           f"target {verdict}")
            out.append("")
        out.append("## Peak memory per step (RSS, MB; target ≤ 2048)")
        out.append("| step | " + " | ".join(f"{int(s):,}" for s in sizes) + " |")
        out.append("|---|" + "---|" * len(sizes))
        for label, key, field in (("warehouse build", "warehouses", "peak_rss_mb"),
                                  ("every query (listings return up to millions of rows)", "queries", "peak_rss_mb"),
                                  ("page data (what the dashboard loads)", "queries", "pages_peak_rss_mb"),
                                  ("pandas roll-ups", "pandas", "peak_rss_mb")):
            vals = [results.get(key, {}).get(s, {}).get(field) for s in sizes]
            out.append(f"| {label} | " + " | ".join(_f(v) for v in vals) + " |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small run (< 5 min): 300 docs, 10k warehouse")
    ap.add_argument("--work", type=Path, default=Path("/tmp/gongkai-bench"), help="scratch folder")
    ap.add_argument("--sizes", default=None, help="warehouse sizes in reports, comma-separated")
    ap.add_argument("--docs", type=int, default=None, help="documents in the parse/ingest corpus")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs per query")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads for the query step")
    ap.add_argument("--timeout", type=float, default=None, help="seconds before a query is interrupted")
    ap.add_argument("--memory-limit", default="1536MB",
                    help="DuckDB memory_limit for the query step (default 1536MB, the 2 GB RSS budget "
                         "minus Python; 'default' = DuckDB's own, 80%% of RAM)")
    ap.add_argument("--kinds", default="all",
                    help="query folders to time, e.g. app,indicators (pages are always timed)")
    ap.add_argument("--skip-parse", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-incremental", action="store_true",
                    help="do not time adding 10 documents to the largest warehouse")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the table here")
    ap.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.step:
        name, *params = args.step
        result = STEPS[name](*params)
        result["peak_rss_mb"] = _peak_rss_mb()
        print(RESULT + json.dumps(result, ensure_ascii=False))
        return 0

    quick = args.quick
    docs = args.docs or (300 if quick else 2000)
    sizes = [int(s) for s in (args.sizes or ("10000" if quick else "10000,100000,1000000")).split(",")]
    repeats = args.repeats or (3 if quick else 7)
    timeout = args.timeout or (20 if quick else 120)
    work = args.work
    from synth import refuse_bundled
    refuse_bundled(work)
    work.mkdir(parents=True, exist_ok=True)
    results = {"mode": "quick" if quick else "full", "date": time.strftime("%Y-%m-%d %H:%M"),
               "machine": machine(), "parse": {}, "ingest": {}, "warehouses": {}, "queries": {}, "pandas": {}}

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    corpus = work / f"corpus_{docs}"
    if not (args.skip_parse and args.skip_ingest):
        if not corpus.exists():
            log(f"writing {docs} synthetic documents to {corpus}")
            r = run_step("corpus", corpus, docs // 2, "2020-2020")
            r2 = run_step("corpus", corpus, docs - docs // 2, "2023-2023")
            if "error" in r or "error" in r2:
                log(f"corpus: {r.get('error') or r2.get('error')}")
    if not args.skip_parse:
        pdf_dir = work / "pdf"
        log("printing PDFs with headless chromium")
        pdf = run_step("pdf", corpus, pdf_dir, 3 if quick else 10, timeout=900)
        for kind in ("html", "text", "flat", "pdf"):
            log(f"parse {kind}")
            folder = pdf_dir if kind == "pdf" else corpus
            results["parse"][kind] = (run_step("parse", folder, kind, 10_000)
                                      if "skipped" not in pdf or kind != "pdf" else {"skipped": pdf["skipped"]})
    if not args.skip_ingest:
        for w in (1, 2):
            log(f"ingest with {w} worker(s)")
            results["ingest"][str(w)] = run_step("ingest", corpus, w, work / f"ingest_w{w}.duckdb")
    for size in sizes:
        path = work / f"wh_{size}.duckdb"
        log(f"warehouse {size:,} reports")
        results["warehouses"][str(size)] = run_step("warehouse", size, path)
        log(f"queries on {size:,}")
        tmp = work / "duckdb_tmp"
        tmp.mkdir(exist_ok=True)
        every = run_step("queries", path, repeats, args.threads, timeout, tmp, args.memory_limit,
                         args.kinds, "queries")
        log(f"page data on {size:,}")
        pages = run_step("queries", path, repeats, args.threads, timeout, tmp, args.memory_limit,
                         args.kinds, "pages")
        results["queries"][str(size)] = {**every, "pages": pages.get("pages", {}),
                                         "pages_peak_rss_mb": pages.get("peak_rss_mb")}
        log(f"pandas on {size:,}")
        results["pandas"][str(size)] = run_step("pandas", path, repeats)
    if not args.skip_incremental:
        largest = max(sizes)
        log(f"adding 10 documents to the {largest:,}-report warehouse, 3 times, a reader answering")
        results["incremental"] = {"reports": largest, **run_step(
            "incremental", work / f"wh_{largest}.duckdb", work / "incremental", timeout=7200)}
    table = render(results)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
