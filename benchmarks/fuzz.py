"""The long fuzz run: N generated inputs through parse_bytes, then all of them through ingest.

    python benchmarks/fuzz.py [--n 10000] [--start 0] [--batch 1000] [--json out/fuzz.json]

Inputs come from tests/reliability/fuzzgen.py (real reports from data/reports with random byte
flips, truncation, splices, cell deletions, digit insertions, number-form and hostile-markup
insertions, re-encodings, DOCX XML edits; plus generated report text, random HTML and random bytes);
input i is `generate(start + i)`, so any case replays from its number.

Phase 1 parses each input in this process and counts:
  crashes          an exception escaping parse_bytes (must be 0)
  contract errors  a result that breaks docs/parse-output.md (tests/reliability/contract.py; must be 0)
  internal errors  a parser exception that parse_bytes caught (`internal_error` warning: a bug, kept)
Phase 2 ingests every input, `--batch` per fresh warehouse file, and checks each document is
retrievable by sha256 with the same bytes (`lost` must be 0). Exit status 1 if any must-be-0 is not.
The hypothesis profile `GONGKAI_FUZZ_PROFILE=long pytest tests/reliability/test_fuzz.py` runs the
same properties under hypothesis.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "reliability")]

from contract import ContractError, check_output, verify_ingest  # noqa: E402
from fuzzgen import generate  # noqa: E402

from gongkai.parse import parse_bytes  # noqa: E402
from gongkai.store.ingest import ingest_paths  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args(argv)

    figures: dict = {"inputs": args.n, "first_seed": args.start, "crashes": 0, "contract_errors": 0,
                     "internal_errors": 0, "by_family": collections.Counter(),
                     "by_status": collections.Counter(), "limit_warnings": collections.Counter(),
                     "bytes": 0, "max_parse_seconds": 0.0, "slowest_seed": None, "problems": []}
    started = time.monotonic()
    for i in range(args.n):
        seed = args.start + i
        family, name, data = generate(seed)
        figures["by_family"][family] += 1
        figures["bytes"] += len(data)
        t0 = time.monotonic()
        try:
            report = parse_bytes(data, name)
        except BaseException as exc:  # noqa: BLE001 - that is what we count
            figures["crashes"] += 1
            figures["problems"].append({"seed": seed, "kind": "crash", "name": name,
                                        "error": "".join(traceback.format_exception(exc))[-2000:]})
            continue
        took = time.monotonic() - t0
        if took > figures["max_parse_seconds"]:
            figures["max_parse_seconds"], figures["slowest_seed"] = round(took, 3), seed
        try:
            check_output(report, data, name)
        except (ContractError, ValueError, TypeError) as exc:
            figures["contract_errors"] += 1
            figures["problems"].append({"seed": seed, "kind": "contract", "name": name, "error": str(exc)})
        figures["by_status"][report.status] += 1
        for w in report.warnings:
            if w.code == "internal_error":
                figures["internal_errors"] += 1
                figures["problems"].append({"seed": seed, "kind": "internal_error", "name": name,
                                            "error": w.detail})
                print(f"internal_error at seed {seed} ({name}): {w.detail}", flush=True)
            elif w.code.startswith("limit_"):
                figures["limit_warnings"][w.code] += 1
        if (i + 1) % 500 == 0:
            print(f"parsed {i + 1}/{args.n} in {time.monotonic() - started:.0f} s; "
                  f"crashes {figures['crashes']}, contract {figures['contract_errors']}, "
                  f"internal {figures['internal_errors']}", flush=True)
    figures["parse_seconds"] = round(time.monotonic() - started, 1)

    ingest = {"stored": 0, "failed": 0, "lost": 0, "batches": 0, "errors": []}
    if not args.skip_ingest:
        t1 = time.monotonic()
        for lo in range(0, args.n, args.batch):
            with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as tmp:
                folder = Path(tmp)
                paths = []
                for seed in range(args.start + lo, args.start + min(lo + args.batch, args.n)):
                    _family, name, data = generate(seed)
                    path = folder / f"{seed:07d}-{name}"
                    path.write_bytes(data)
                    paths.append(path)
                dbfile = folder / "fuzz.duckdb"
                try:
                    summary = ingest_paths(paths, dbfile, wait_seconds=5)
                    got = verify_ingest(summary, dbfile, paths)
                    ingest["stored"] += got["stored"]
                    ingest["failed"] += got["failed"]
                except Exception as exc:  # noqa: BLE001 - a loss or an ingest crash: record it
                    ingest["lost"] += len(paths)
                    ingest["errors"].append(f"batch at {lo}: {type(exc).__name__}: {exc}"[:2000])
                ingest["batches"] += 1
            print(f"ingested {min(lo + args.batch, args.n)}/{args.n}: stored {ingest['stored']}, "
                  f"failed {ingest['failed']}, lost {ingest['lost']}", flush=True)
        ingest["seconds"] = round(time.monotonic() - t1, 1)
    figures["ingest"] = ingest
    figures["seconds"] = round(time.monotonic() - started, 1)
    for key in ("by_family", "by_status", "limit_warnings"):
        figures[key] = dict(figures[key])
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    bad = figures["crashes"] + figures["contract_errors"] + ingest["lost"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
