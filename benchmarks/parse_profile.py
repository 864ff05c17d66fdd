#!/usr/bin/env python
"""Parse throughput by CPU time (time.process_time), per document kind, with a per-stage split.

    PYTHONPATH=$PWD python benchmarks/parse_profile.py /tmp/gongkai-bench/corpus_2000 [--limit 400]
    PYTHONPATH=$PWD python benchmarks/parse_profile.py DIR --stages   # ms/doc per stage (inclusive)

Each document is parsed once, after a few warm-up documents that are not counted.

CPU time, not wall time: the machine may be shared, and wall time then measures the neighbours.
Kinds are those of benchmarks/run.py: html (*.html), text (page text, *.txt), flat (*.flat.txt).
Stage timings wrap the stage functions, so they add a little overhead of their own; run without
--stages for the headline figure.
"""
from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WARM_UP = 5
PATTERNS = {"html": "*.html", "text": "*[0-9a-f].txt", "flat": "*.flat.txt"}

# (module, attribute, stage name): the stages of parse_bytes and the known hot spots inside them.
STAGES = [
    ("gongkai.parse.sniff", "read_document", "read_document"),
    ("gongkai.parse.sniff", "_check_markup", "  sniff._check_markup"),
    ("gongkai.parse.html", "_table_rows", "  html._table_rows"),
    ("gongkai.parse", "nfkc_text", "nfkc_text(text)"),
    ("gongkai.parse", "compact", "compact(text)"),
    ("gongkai.parse", "extract_metadata", "extract_metadata"),
    ("gongkai.parse.metadata", "resolve_region", "  metadata.resolve_region"),
    ("gongkai.parse", "detect_version", "detect_version"),
    ("gongkai.parse.tables.TableReader", "read", "TableReader.read"),
    ("gongkai.parse.tokens.Tokenizer", "tokens", "  Tokenizer.tokens"),
    ("gongkai.parse.tables", "read_row", "  splitter.read_row"),
    ("gongkai.parse.tables.solver", "solve_columns", "  solver.solve_columns"),
    ("gongkai.parse", "run_checks", "run_checks"),
]


def files(folder: Path, kind: str, limit: int) -> list[tuple[str, bytes]]:
    paths = sorted(p for p in folder.rglob(PATTERNS[kind])
                   if not p.name.startswith(("README", "truth")))
    if kind == "text":
        paths = [p for p in paths if not p.name.endswith(".flat.txt")]
    return [(p.name, p.read_bytes()) for p in paths[:limit]]


def _resolve(path: str):
    import importlib
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def install_stage_timers(totals: dict[str, float]) -> None:
    """Wrap each stage function so its inclusive CPU time adds to totals[stage]."""
    for owner_path, attr, stage in STAGES:
        owner = _resolve(owner_path)
        original = getattr(owner, attr, None)
        if original is None:          # a stage this version of the parser does not have
            continue

        def timed(*args, __f=original, __s=stage, **kwargs):
            t = time.process_time()
            try:
                return __f(*args, **kwargs)
            finally:
                totals[__s] += time.process_time() - t

        setattr(owner, attr, functools.wraps(original)(timed))


def measure(docs: list[tuple[str, bytes]]) -> float:
    """CPU seconds to parse each document once. Never twice: the parser's caches (normalize,
    cell shapes) would then hand back whole-document results and flatter the figure."""
    from gongkai.parse import parse_bytes
    t = time.process_time()
    for name, data in docs:
        parse_bytes(data, name)
    return time.process_time() - t


def lexbor_floor(docs: list[tuple[str, bytes]]) -> float:
    """CPU seconds for lexbor alone to parse the same bytes (benchmarks/run.py's floor): on a
    shared machine the ratio to it moves less than the reports/s figure."""
    from selectolax.lexbor import LexborHTMLParser
    t = time.process_time()
    for _, data in docs:
        LexborHTMLParser(data.decode("utf-8", errors="replace"))
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--kinds", default="html,text")
    ap.add_argument("--limit", type=int, default=100_000)
    ap.add_argument("--stages", action="store_true",
                    help="ms/doc per stage instead (wrapped stages: a little slower overall)")
    args = ap.parse_args()

    from gongkai.parse import parse_bytes
    kinds = args.kinds.split(",")
    corpora = {k: files(args.folder, k, args.limit + WARM_UP) for k in kinds}
    for k in kinds:                      # warm-up on documents left out of the measurement
        for name, data in corpora[k][:WARM_UP]:
            parse_bytes(data, name)
    totals: dict[str, float] = defaultdict(float)
    if args.stages:
        install_stage_timers(totals)
    for k in kinds:
        docs = corpora[k][WARM_UP:]
        totals.clear()
        seconds = measure(docs)
        n = len(docs)
        floor = lexbor_floor(docs)
        print(f"{k:5} {n:5} docs  {n / seconds:7.1f} reports/s/core  {1000 * seconds / n:6.2f} ms/doc "
              f"(CPU)  {seconds / floor:5.1f}× floor ({1000 * floor / n:.2f} ms/doc)")
        if args.stages:
            for _, _, stage in STAGES:
                print(f"   {stage:28} {1000 * totals[stage] / n:6.2f} ms/doc")


if __name__ == "__main__":
    main()
