"""The `gongkai` command: every subcommand's arguments, each handler calling one library function and
printing what it returns. Progress bars and summaries live here; the library reports through return
values and `logging`. Heavy modules are imported inside the handlers so that `gongkai --help` is quick.
"""
from __future__ import annotations

import argparse
import json
import os
import logging
import sys
from pathlib import Path
from typing import Callable, TextIO

from gongkai import __version__, config

DB_HELP = "DuckDB file (default: data/gongkai.duckdb in a checkout; built from the sample reports if missing)"
AGGREGATE_FORMATS = ("xlsx", "docx", "html")
REVIEW_FORMATS = ("xlsx", "csv", "md")
# `review` / `aggregate`: the region or year asked for holds no current report (nothing is written).
# 1 stays "aggregate written, but nothing could be summed", 2 a usage or database error.
NOTHING_WRITTEN = 3         # exit status: the command refused before writing anything
SCOPE_ERROR = NOTHING_WRITTEN   # review/aggregate: the warehouse holds no report for the region/year


# --- parse ----------------------------------------------------------------------------------------

def cmd_parse(args: argparse.Namespace) -> int:
    """0 when every file could be opened, 1 otherwise (a report that cannot be read still prints)."""
    from gongkai.parse import parse_file
    from gongkai.render import render_text

    exit_code = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"gongkai parse: cannot open {one_line(name)}: no such file", file=sys.stderr)
            exit_code = 1
            continue
        try:
            report = parse_file(path)
        except OSError as exc:
            print(f"gongkai parse: cannot open {one_line(name)}: {exc.strerror or exc}", file=sys.stderr)
            exit_code = 1
            continue
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            print(render_text(report))
    return exit_code


def one_line(text: str) -> str:
    """A file name or reason as it may be printed on one line: control characters (a newline in a
    file name) shown escaped, so a name can never split or forge a line of the output."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


# --- ingest and export ----------------------------------------------------------------------------

class ProgressBar:
    """A bar on a terminal; plain lines otherwise (at most ~100 of them, so logs stay short)."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30):
        self.stream, self.width = stream, width
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {one_line(name)[-40:]:<40}")
            if done == total:
                self.stream.write("\n")
        elif total <= 100 or done == total or done % max(total // 100, 1) == 0:
            self.stream.write(f"ingest {done}/{total} {one_line(name)}\n")
        self.stream.flush()


def format_ingest_summary(summary) -> str:
    """What the CLI prints after an ingest: counts, then one line per failure and per new version."""
    from gongkai.store.ingest import READABLE

    lines = [f"{summary.db_path}: " + ", ".join(
        f"{summary.count(r)} {r}" for r in ("new", "updated", "unchanged", "failed"))
        + (f", {summary.count('skipped')} skipped" if summary.count("skipped") else "")]
    statuses: dict[str, int] = {}
    for o in summary.outcomes:
        if o.result in ("new", "updated") and o.parse_status:
            statuses[o.parse_status] = statuses.get(o.parse_status, 0) + 1
    if statuses:
        lines.append("stored documents by parse status: " +
                     ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    not_reports = sum(1 for o in summary.outcomes
                      if o.result in ("new", "updated") and o.parse_status not in READABLE)
    if not_reports:
        lines.append(f"{not_reports} of the stored documents are not reports: kept with their bytes, "
                     "never current, never in roll-ups or review lists")
    for o in summary.outcomes:
        if o.result in ("updated", "failed", "skipped") or (o.result == "new" and o.parse_status not in READABLE):
            lines.append(f"  {o.result:<8} {one_line(o.origin)}: {one_line(o.reason)}")
    if not summary.changed:
        lines.append("database unchanged")
    elif summary.standby.startswith("copied"):
        # the one slow path of an ingest: say why it copied the whole file (docs/warehouse.md)
        lines.append(f"written on a fresh copy of the warehouse ({summary.standby[len('copied: '):]})")
    return "\n".join(lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    """0 when every input was stored, 1 when some failed, 2 when another ingest held the lock,
    3 (NOTHING_WRITTEN) when the disk has no room: the warehouse is as it was."""
    from gongkai.store.db import DiskFull, IngestBusy
    from gongkai.store.ingest import ingest_paths

    try:
        summary = ingest_paths(args.paths, args.db, progress=ProgressBar(sys.stderr),
                               wait_seconds=args.wait, workers=args.workers)
    except IngestBusy as exc:
        print(f"gongkai ingest: {exc}", file=sys.stderr)
        return 2
    except DiskFull as exc:
        print(f"gongkai ingest: {exc}", file=sys.stderr)
        return NOTHING_WRITTEN
    print(format_ingest_summary(summary))
    return 1 if summary.count("failed") else 0


def cmd_gc(args: argparse.Namespace) -> int:
    """Remove document-store objects no row names (what a killed ingest leaves); 2 when an ingest
    held the lock for longer than --wait."""
    from gongkai.store.db import IngestBusy
    from gongkai.store.documents import collect_garbage

    db_path = args.db or config.default_db_path()
    try:
        result = collect_garbage(db_path, wait_seconds=args.wait, dry_run=args.dry_run)
    except IngestBusy as exc:
        print(f"gongkai gc: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"gongkai gc: {exc}", file=sys.stderr)
        return NOTHING_WRITTEN
    verb = "would remove" if args.dry_run else "removed"
    print(f"{verb} {len(result.removed)} unreferenced object(s) ({result.removed_bytes:,} bytes); "
          f"kept {result.kept}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from gongkai.store import ensure_database
    from gongkai.store.export import export

    written = export(args.format, args.out, ensure_database(args.db))
    print(f"{len(written)} file(s) written to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    return 0


# --- query ----------------------------------------------------------------------------------------

def format_listing(queries: list) -> str:
    """`gongkai query --list`: each query under its folder, with title, definition and parameters."""
    from gongkai.catalog import kind_of, query_kinds

    lines: list[str] = []
    root = Path(config.QUERIES_DIR)
    for kind in query_kinds():
        group = [q for q in queries if kind_of(q, root) == kind]
        if not group:
            continue
        lines.append(f"{kind}/")
        for q in group:
            lines.append(f"  {q.name}  {q.title_zh} / {q.title_en}")
            lines.append(f"      {q.definition}")
            if q.params:
                shown = ", ".join(f"{k}={_show_default(v)}" for k, v in q.params.items())
                lines.append(f"      params: {shown}")
    return "\n".join(lines)


def _show_default(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def parse_param_args(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param wants key=value, got {item!r}")
        params[key.strip()] = value
    return params


def render_rows(frame, fmt: str) -> str:
    import pandas as pd

    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
        return json.dumps(records, ensure_ascii=False, indent=1)
    if frame.empty:
        return "(no rows) columns: " + ", ".join(map(str, frame.columns))
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 250, "display.max_colwidth", 60):
        return frame.to_string(index=False)


def cmd_query(args: argparse.Namespace) -> int:
    """0 on success, 2 on a usage error (unknown query or parameter). CSV and JSON are streamed:
    rows are fetched from DuckDB and written a batch at a time (runner.stream_query), so a listing
    of any length never sits in memory whole; the bytes are those of the whole result rendered at
    once. --limit/--offset take one page of the rows (the total goes to stderr)."""
    from gongkai.catalog import QueryNotFound, get_query, list_queries
    from gongkai.runner import count_rows, run_query, sql_script, stream_query

    if args.list:
        print(format_listing(list_queries()))
        return 0
    if not args.name:
        print("gongkai query: give a query NAME or --list", file=sys.stderr)
        return 2
    paged = args.limit is not None or args.offset
    try:
        if args.sql:
            get_query(args.name)
            print(sql_script(args.name), end="")
            return 0
        params = parse_param_args(args.param)
        if args.format in ("csv", "json"):
            batches = stream_query(args.name, params, db_path=args.db, limit=args.limit,
                                   offset=args.offset or 0)
            first = next(batches)           # parameters are checked here, before any output
        else:
            frame = run_query(args.name, params, db_path=args.db, limit=args.limit,
                              offset=args.offset or 0)
        total = count_rows(args.name, params, db_path=args.db) if paged else None
    except QueryNotFound as exc:
        print(f"gongkai query: {exc.args[0]}", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError) as exc:
        print(f"gongkai query: {exc}", file=sys.stderr)
        return 2
    if args.format in ("csv", "json"):
        write = write_csv_batches if args.format == "csv" else write_json_batches
        try:
            shown = write(_chain(first, batches))
        except BrokenPipeError:         # the reader stopped early (| head): not an error
            batches.close()
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    else:
        text = render_rows(frame, args.format)
        print(text + ("" if text.endswith("\n") else "\n"), end="")
        shown = len(frame)
    if total is not None:
        start = (args.offset or 0) + 1
        print(f"gongkai query: rows {start}–{start + shown - 1} of {total}" if shown else
              f"gongkai query: no rows after row {start - 1} of {total}", file=sys.stderr)
    return 0


def _chain(first, rest):
    yield first
    yield from rest


def write_csv_batches(batches, stream: TextIO | None = None) -> int:
    """CSV of DataFrame batches, each written (and flushed) before the next is fetched: UTF-8 with a
    BOM, like every CSV gongkai writes (Excel reads it), header from the first batch; byte for byte
    what render_rows gives for all the rows at once. Returns the number of rows."""
    rows = 0
    for i, frame in enumerate(batches):
        text = frame.to_csv(index=False, header=(i == 0))
        write_bytes(text.encode("utf-8-sig" if i == 0 else "utf-8"), stream)
        rows += len(frame)
    return rows


def write_json_batches(batches, stream: TextIO | None = None) -> int:
    """A JSON array of the rows of DataFrame batches, written a batch at a time; the same bytes as
    render_rows(…, 'json') of all the rows, plus the final newline. Returns the number of rows."""
    rows = 0
    for frame in batches:
        records = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
        if not records:
            continue
        items = [" " + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n ") for r in records]
        write_bytes((("[\n" if rows == 0 else ",\n") + ",\n".join(items)).encode("utf-8"), stream)
        rows += len(records)
    write_bytes(("\n]\n" if rows else "[]\n").encode("utf-8"), stream)
    return rows


def write_bytes(data: bytes, stream: TextIO | None = None) -> None:
    """Bytes to stdout as they are (a BOM stays a BOM whatever the terminal's encoding)."""
    stream = stream or sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:                      # a text-only stream (e.g. io.StringIO)
        stream.write(data.decode("utf-8"))
        return
    buffer.write(data)
    buffer.flush()


# --- harvest, review, aggregate -------------------------------------------------------------------

def format_harvest_summary(summary) -> str:
    from gongkai import harvest

    docs = summary.documents()
    lines = [f"harvest into {summary.out_dir}: {len(summary.found)} found, {len(summary.fetched)} fetched, "
             f"{len(summary.already)} done in an earlier run, {len(summary.skipped)} skipped, "
             f"{len(summary.failed)} failed ({summary.requests} HTTP requests)",
             f"documents saved so far (report pages and attachments): {len(docs)}; "
             f"manifest: {summary.out_dir / harvest.MANIFEST_NAME}"]
    if summary.stopped:
        lines.append(f"stopped early: {summary.stopped}")
    for entry in summary.failed:
        lines.append(f"  failed   {entry.url}: {entry.reason}")
    for url, why in summary.skipped:
        lines.append(f"  skipped  {url}: {why}")
    if summary.ingest is not None:
        lines.append("ingest: " + format_ingest_summary(summary.ingest))
    return "\n".join(lines)


def cmd_harvest(args: argparse.Namespace) -> int:
    """0 when everything found was fetched (or skipped by rule), 1 when something failed or the crawl
    stopped early, 2 on a usage error."""
    from urllib.parse import urlsplit

    from gongkai.harvest import HarvestOptions, harvest

    if urlsplit(args.url).scheme not in ("http", "https"):
        print(f"gongkai harvest: not an http(s) URL: {args.url}", file=sys.stderr)
        return 2
    opts = HarvestOptions(start_url=args.url, out_dir=args.out, depth=args.depth, since=args.since,
                          rate=args.rate, timeout=args.timeout, retries=args.retries,
                          max_pages=args.max_pages, max_fetches=args.max_fetches,
                          retry_failed=args.retry_failed, same_host=not args.all_hosts)
    try:
        summary = harvest(opts, ingest=args.ingest, db_path=args.db, log=_stderr_line)
    except Exception as exc:  # noqa: BLE001 - the store's busy lock etc.: one clear line
        print(f"gongkai harvest: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(format_harvest_summary(summary))
    failed_ingest = summary.ingest is not None and summary.ingest.count("failed")
    return 1 if summary.failed or summary.stopped or failed_ingest else 0


def _stderr_line(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def scope_problem(con, region: str | None, year: int | None) -> str | None:
    """None when the warehouse holds current reports for `region` (None = every region) in `year`
    (None = any year); otherwise the one-line message (Chinese / English) saying what it holds: the
    closest region names, or the years of the region. The lookup is queries/review/review_scope.sql."""
    from gongkai.runner import run_query

    held = run_query("review_scope", {"region": region}, con)
    years = sorted(int(y) for y in held.loc[held["kind"] == "year", "year"].dropna())
    has_reports = bool((held["kind"] == "year").any())
    if not has_reports and region is None:
        return "数据库中没有任何报告 / the warehouse holds no reports"
    if not has_reports:
        names = held[held["kind"] == "region"]
        close = names[names["similarity"] > 0]["name"].tolist()
        message = f"数据库中没有地区“{region}”的报告 / the warehouse holds no reports for region “{region}”"
        if close:
            return message + f"；最接近的地区 / closest regions held: {'、'.join(close)}"
        if len(names):
            return message + f"；数据库中的地区如 / regions held include: {'、'.join(names['name'])}"
        return message
    if year is not None and year not in years:
        where_zh, where_en = (f"地区“{region}”", f" for region “{region}”") if region else ("数据库", "")
        held_years = "、".join(_year_runs(years)) or "无 / none"
        return (f"{where_zh}没有{year}年度的报告 / the warehouse holds no {year} reports{where_en}；"
                f"已有年度 / years held: {held_years}")
    return None


def _year_runs(years: list[int]) -> list[str]:
    """2019, 2020, 2021, 2023 → ['2019–2021', '2023'] (pairs stay apart: 2022、2023)."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    out: list[str] = []
    for run in runs:
        out.extend([f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(y) for y in run])
    return out


def _blank_region(command: str, region: str | None) -> bool:
    """An explicitly blank --region (e.g. an empty shell variable) is a usage error, not 'everywhere'."""
    if region is not None and not region.strip():
        print(f"gongkai {command}: --region 不能为空 / --region must not be blank", file=sys.stderr)
        return True
    return False


def cmd_review(args: argparse.Namespace) -> int:
    """0 when the list was written (whether or not it has findings); 2 on a usage or database error;
    SCOPE_ERROR (3), with nothing written, when the warehouse holds no report for the region / year."""
    from gongkai.review import build_review, review_csv_bytes, review_markdown, review_xlsx_bytes
    from gongkai.store import open_warehouse

    if _blank_region("review", args.region):
        return 2
    region = args.region.strip() if args.region else None
    try:
        with open_warehouse(args.db) as con:
            problem = scope_problem(con, region, args.year)
            frame = None if problem else build_review(con, region, args.year)
    except (FileNotFoundError, OSError) as exc:
        print(f"gongkai review: {exc}", file=sys.stderr)
        return 2
    if problem:
        print(f"gongkai review: {problem}", file=sys.stderr)
        return SCOPE_ERROR
    title = "整改清单" + "".join(f"（{x}）" for x in (region, f"{args.year}年度" if args.year else None) if x)
    if args.format == "md" and str(args.out) == "-":
        sys.stdout.write(review_markdown(frame, title))
        return 0
    writers: dict[str, Callable[[], bytes]] = {
        "xlsx": lambda: review_xlsx_bytes(frame, title),
        "csv": lambda: review_csv_bytes(frame),
        "md": lambda: review_markdown(frame, title).encode("utf-8"),
    }
    out = args.out or config.output_path("review", region, args.year, suffix=args.format)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(writers[args.format]())
    counts = frame["category_zh"].value_counts().to_dict() if len(frame) else {}
    shown = "，".join(f"{k} {v}" for k, v in counts.items()) or "无"
    print(f"{out}: {len(frame)} 项（{shown}），涉及 {frame['report_id'].nunique() if len(frame) else 0} 份报告")
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    """0 when written; 1 when the region has reports that year but none that can be summed (only
    aggregates, or of unknown scope or format: the file is written with its coverage note); 2 on a
    usage or database error; SCOPE_ERROR (3), with nothing written, when the warehouse holds no report for
    the region / year."""
    from gongkai.aggregate import WRITERS, build_aggregate
    from gongkai.store import open_warehouse

    if _blank_region("aggregate", args.region):
        return 2
    region = args.region.strip()
    try:
        with open_warehouse(args.db) as con:
            problem = scope_problem(con, region, args.year)
            agg = None if problem else build_aggregate(con, region, args.year)
    except (FileNotFoundError, OSError) as exc:
        print(f"gongkai aggregate: {exc}", file=sys.stderr)
        return 2
    if problem:
        print(f"gongkai aggregate: {problem}", file=sys.stderr)
        return SCOPE_ERROR
    out = args.out or config.output_path("aggregate", region, args.year, suffix=args.format)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(WRITERS[args.format](agg))
    print(f"{out}: {agg.title}")
    for line in agg.coverage_lines():
        print(f"  {line}")
    return 0 if len(agg.included) else 1


# --- serve ----------------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    from gongkai.serve import serve

    return serve(args.db, args.port, args.host)


# --- the parser -----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作年度报告 → canonical figures, DuckDB and a dashboard.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse report files and print their figures")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help="JSON Lines, one object per file (docs/parse-output.md)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="store report files, folders and .zip archives in the warehouse")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                   help="how long to wait for another running ingest before giving up (default 60)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="parse in N worker processes (writes stay in one transaction; default 1)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("gc", help="remove stored document bytes that no warehouse row names")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                   help="how long to wait for a running ingest (default 60)")
    p.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")
    p.set_defaults(func=cmd_gc)

    p = sub.add_parser("export", help="write the warehouse tables and a data dictionary as open data")
    p.add_argument("--format", choices=("parquet", "csv", "xlsx"), required=True)
    p.add_argument("--out", type=Path, default=Path("out") / "export", metavar="DIR",
                   help="output folder (default: out/export)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("query", help="run an indicator or view from queries/ (--list shows them)")
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (see --list)")
    p.add_argument("--list", action="store_true",
                   help="list every query with its title and one-line definition")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="set a parameter (repeatable); NULL means no filter")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="output format (default: table); csv and json are written in batches as "
                        "the rows are read, so any number of rows fits in memory")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="show at most N rows (a page; the total goes to stderr)")
    p.add_argument("--offset", type=int, default=0, metavar="N",
                   help="skip the first N rows (with --limit: the next page)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--sql", action="store_true",
                   help="print the SQL (with the base views it reads) instead of running it")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("harvest", help="collect reports from a portal column page (politely)")
    p.add_argument("url", metavar="URL", help="the portal column page listing the annual reports")
    p.add_argument("--depth", type=int, default=2, metavar="N",
                   help="link hops to follow from the column page: 1 = report pages, "
                        "2 = also their attachments (default 2; pagination does not count)")
    p.add_argument("--since", type=int, default=None, metavar="YEAR",
                   help="skip reports whose link names a year before YEAR")
    p.add_argument("--out", type=Path, default=Path("out/harvest"), metavar="DIR",
                   help="folder for the documents and manifest.jsonl (default out/harvest); "
                        "rerunning with the same folder resumes")
    p.add_argument("--ingest", action="store_true",
                   help="store the saved report pages and attachments in the warehouse")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--rate", type=float, default=1.0, metavar="SECONDS",
                   help="minimum seconds between requests to one host (default 1)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="per-request timeout (default 30)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="extra attempts after a timeout, connection error, 429 or 5xx (default 3)")
    p.add_argument("--max-pages", type=int, default=200, metavar="N",
                   help="list pages (pagination) to follow at most (default 200)")
    p.add_argument("--max-fetches", type=int, default=None, metavar="N",
                   help="stop after N fetches (rerun to continue)")
    p.add_argument("--retry-failed", action="store_true",
                   help="also re-request URLs that failed permanently (e.g. 404) in an earlier run")
    p.add_argument("--all-hosts", action="store_true",
                   help="follow report pages on other hosts too (default: the start page's host)")
    p.set_defaults(func=cmd_harvest)

    p = sub.add_parser("review", help="rectification list (整改清单) of every problem, per agency")
    _region_year_arguments(p, required=False, formats=REVIEW_FORMATS,
                           out_help="output file (default out/review[-region][-year].<format>; md: '-' prints)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("aggregate", help="a jurisdiction's tables 2–4 summed, statutory layout")
    _region_year_arguments(p, required=True, formats=AGGREGATE_FORMATS,
                           out_help="output file (default out/aggregate-<region>-<year>.<format>)")
    p.set_defaults(func=cmd_aggregate)

    p = sub.add_parser("serve", help="open the dashboard (builds the database from the sample reports on first run)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--port", type=int, default=8501, metavar="N", help="port (default: 8501)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.set_defaults(func=cmd_serve)
    return parser


def _region_year_arguments(p: argparse.ArgumentParser, *, required: bool, formats: tuple[str, ...],
                           out_help: str) -> None:
    """--region, --year, --db, --format, --out: what `review` and `aggregate` share."""
    p.add_argument("--region", required=required, default=None, metavar="R",
                   help="province, city or county name as stored (e.g. 沭阳县), or a 6-digit division code")
    p.add_argument("--year", required=required, type=int, default=None, metavar="Y",
                   help="report year" if required else "report year (default: all)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE", help=DB_HELP)
    p.add_argument("--format", choices=formats, default="xlsx", help="output format (default xlsx)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help=out_help)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Library modules report through `logging` (gongkai.*); the command shows their messages.
    logging.basicConfig(level=logging.INFO, format="gongkai: %(message)s", stream=sys.stderr)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
