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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
