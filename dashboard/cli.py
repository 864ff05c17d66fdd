"""The `gongkai` command: read arguments, call one function, print. No logic lives here."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard import __version__


def _cmd_parse(args: argparse.Namespace) -> int:
    from dashboard.parse import parse_file
    from dashboard.render import render_text

    exit_code = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"gongkai parse: cannot open {name}: no such file", file=sys.stderr)
            exit_code = 1
            continue
        try:
            report = parse_file(path)
        except OSError as exc:
            print(f"gongkai parse: cannot open {name}: {exc.strerror or exc}", file=sys.stderr)
            exit_code = 1
            continue
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            print(render_text(report))
    return exit_code


def _cmd_ingest(args: argparse.Namespace) -> int:
    from dashboard.store.db import IngestBusy
    from dashboard.store.ingest import ProgressBar, format_summary, ingest_paths

    try:
        summary = ingest_paths(args.paths, args.db, progress=ProgressBar(sys.stderr),
                               wait_seconds=args.wait, workers=args.workers)
    except IngestBusy as exc:
        print(f"gongkai ingest: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 1 if summary.count("failed") else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from dashboard.store.export import export
    from dashboard.store.ingest import ensure_database

    written = export(args.format, args.out, ensure_database(args.db))
    print(f"{len(written)} file(s) written to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作年度报告 → canonical figures, DuckDB and a dashboard.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse report files and print their figures")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help="JSON Lines, one object per file (spec/parse-output.md)")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("ingest", help="store report files, folders and .zip archives in the warehouse")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", type=Path, default=None, metavar="FILE",
                   help="DuckDB file (default: data/gongkai.duckdb; created on first use)")
    p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                   help="how long to wait for another running ingest before giving up (default 60)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="parse in N worker processes (writes stay in one transaction; default 1)")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("export", help="write the warehouse tables and a data dictionary as open data")
    p.add_argument("--format", choices=("parquet", "csv", "xlsx"), required=True)
    p.add_argument("--out", type=Path, default=Path("out") / "export", metavar="DIR",
                   help="output folder (default: out/export)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE",
                   help="DuckDB file (default: data/gongkai.duckdb; built from data/reports if missing)")
    p.set_defaults(func=_cmd_export)
    for name, module, help_text in (
            ("synth", "dashboard.synth", "write a SYNTHETIC corpus for scale work (never real data)"),
            ("harvest", "dashboard.harvest", "collect reports from a portal column page (politely)"),
            ("review", "dashboard.review", "rectification list (整改清单) of every problem, per agency"),
            ("aggregate", "dashboard.aggregate", "a jurisdiction's tables 2–4 summed, statutory layout")):
        p = sub.add_parser(name, help=help_text)
        _lazy(module, f"add_{name}_arguments")(p)
        p.set_defaults(func=_lazy_cmd(module, f"{name}_main"))

    p = sub.add_parser("serve", help="open the dashboard (builds the database from data/reports on first run)")
    p.add_argument("--db", type=Path, default=None, metavar="FILE",
                   help="DuckDB file (default: data/gongkai.duckdb)")
    p.add_argument("--port", type=int, default=8501, metavar="N", help="port (default: 8501)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.set_defaults(func=lambda a: _lazy("dashboard.serve", "serve")(a.db, a.port, a.host))

    p = sub.add_parser("query", help="run an indicator or view from queries/ (--list shows them)")
    _lazy("dashboard.queries", "add_query_arguments")(p)
    p.set_defaults(func=_lazy_cmd("dashboard.queries", "cli_query"))
    return parser


def _lazy(module: str, name: str):
    """Import a command's module only when the command line is built or run (keeps startup cheap)."""
    import importlib
    return getattr(importlib.import_module(module), name)


def _lazy_cmd(module: str, name: str):
    return lambda args: _lazy(module, name)(args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
