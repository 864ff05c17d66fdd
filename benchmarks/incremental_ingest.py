"""Adding a few documents to a large warehouse while the dashboard reads it (issue #15).

Builds (or copies, `--reuse FILE`) a synthetic warehouse of N reports, then ingests `--rounds` batches
of `--docs` new synthetic documents, each ingest in a child process (`gongkai ingest`, so its peak RSS
is its own), while a reader process queries the live file the way the dashboard does (a fresh
READ_ONLY connection per request, `app_view_summary` and `app_headline_by_year` with their defaults)
and records every answer's latency and every error. Two modes, on separate copies of the same file:

- `standby` (the store as it is): the first ingest makes the standby file by copying the live file
  once; every later ingest catches it up by copying the last ingest's rows (gongkai/store/standby.py);
- `copy` (the previous design, for comparison): the standby is deleted before every ingest, so every
  ingest copies the whole file.

Prints, per ingest: seconds end to end, how the standby was reached, bytes it wrote to disk
(`/proc/self/io` write_bytes: the copy, the rows, the WAL and checkpoint), peak RSS; and for the reader:
answers, errors and the slowest answer during the ingests. All data SYNTHETIC.

    python benchmarks/incremental_ingest.py --reports 100000 [--docs 10] [--rounds 3]
    python benchmarks/incremental_ingest.py --reuse /tmp/gongkai-bench/wh_1000000.duckdb [--cold]

`--cold` drops the page cache before each ingest (needs root), as when the warehouse is larger than
memory: then the copy reads and writes the whole file from disk while the catch-up reads only the
row groups of the reports the last ingest changed.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

READER_QUERIES = ("app_view_summary", "app_headline_by_year")

CHILD = r"""
import json, sys, time
from gongkai.store.ingest import ingest_paths
t = time.perf_counter()
summary = ingest_paths(sys.argv[2:], sys.argv[1], workers=1)
seconds = time.perf_counter() - t
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) // 1024
io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
print(json.dumps({"seconds": seconds, "standby": summary.standby,
                  "new": summary.count("new") + summary.count("updated"), "peak_rss_mb": hwm,
                  "written_mb": int(io["write_bytes"]) / 2**20}))
"""


def reader_loop(path: str, stop, out) -> None:
    """The dashboard's side: one fresh read-only connection per request, until told to stop."""
    from gongkai.runner import run_query
    from gongkai.store import db
    latencies, errors = [], []
    while not stop.is_set():
        for name in READER_QUERIES:
            t = time.perf_counter()
            try:
                con = db.connect_read(path)
                try:
                    run_query(name, None, con=con)
                finally:
                    con.close()
                latencies.append(time.perf_counter() - t)
            except Exception as exc:   # noqa: BLE001 - counted and reported, never hidden
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
        time.sleep(0.05)
    out.put({"latencies": latencies, "errors": errors})


def prepare(work: Path, reuse: str | None, reports: int) -> Path:
    from benchmarks import synth
    base = work / "base.duckdb"
    if reuse:
        shutil.copyfile(reuse, base)
        print(f"copied {reuse} ({base.stat().st_size / 2**20:,.0f} MiB)")
    elif not base.exists():
        t = time.perf_counter()
        info = synth.build_warehouse(base, reports, threads=2)
        print(f"synthetic warehouse: {info['reports']:,} reports, {info['bytes'] / 2**20:,.0f} MiB, "
              f"built in {time.perf_counter() - t:.0f} s")
    synth.mark_as_ingested(base)
    # stored tables up to date once, so the timed ingests measure the steady state
    from gongkai.store.ingest import ingest_paths
    t = time.perf_counter()
    if ingest_paths([], base).changed:
        print(f"stored tables brought up to date in {time.perf_counter() - t:.0f} s")
    for leftover in base.parent.glob(base.name + ".standby*"):
        leftover.unlink()         # each mode's first ingest makes its own standby
    return base


def documents(work: Path, rounds: int, per_round: int) -> list[list[Path]]:
    from benchmarks import synth
    folder = work / "docs"
    folder.mkdir(exist_ok=True)
    batches = []
    reports = list(synth.generate(rounds * per_round, [2024], seed=9151))
    for r in range(rounds):
        batch = []
        for rep in reports[r * per_round:(r + 1) * per_round]:
            name, data = synth.render(rep)
            (folder / name).write_bytes(data)
            batch.append(folder / name)
        batches.append(batch)
    return batches


def drop_caches() -> None:
    """Write back and drop the page cache (root only), so the next ingest reads the warehouse from
    disk as it would when the file is larger than memory."""
    subprocess.run(["sync"], check=False)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def run_mode(mode: str, base: Path, work: Path, batches, cold: bool = False) -> list[dict]:
    path = work / f"{mode}.duckdb"
    for old in work.glob(f"{mode}.duckdb*"):
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    shutil.copyfile(base, path)
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=reader_loop, args=(str(path), stop, out))
    reader.start()
    time.sleep(2)
    rows = []
    for batch in batches:
        if mode == "copy":
            (path.parent / (path.name + ".standby")).unlink(missing_ok=True)
        if cold:
            drop_caches()
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), *map(str, batch)],
                              cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-2000:])
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    stop.set()
    result = out.get(timeout=120)
    reader.join()
    rows.append(result)
    return rows


def measure(work: Path, *, reports: int = 100_000, reuse: str | None = None, docs: int = 10,
            rounds: int = 3, modes: str = "standby,copy", cold: bool = False) -> dict:
    """Run the benchmark; returns {"warehouse_mb", "modes": {mode: {"ingests": [...], "reader": {...}}}}."""
    work.mkdir(parents=True, exist_ok=True)
    base = prepare(work, reuse, reports)
    batches = documents(work, rounds, docs)
    out = {"warehouse_mb": base.stat().st_size / 2**20, "docs": docs, "modes": {}}
    for mode in modes.split(","):
        rows = run_mode(mode, base, work, batches, cold)
        reader = rows.pop()
        lat = sorted(reader["latencies"])
        out["modes"][mode] = {"ingests": rows, "reader": {
            "answers": len(lat), "errors": reader["errors"],
            "median_ms": statistics.median(lat) * 1000 if lat else None,
            "slowest_ms": lat[-1] * 1000 if lat else None}}
    return out


def render(result: dict, cold: bool = False) -> str:
    lines = [f"warehouse {result['warehouse_mb']:,.0f} MiB; ingests of {result['docs']} new documents "
             "each (target: ≤ 60 s each at 10^6 reports with the reader answering)"]
    for mode, r in result["modes"].items():
        lines.append(f"\nmode {mode}{' (page cache dropped before each ingest)' if cold else ''}:")
        lines.append("| ingest | new or updated | seconds | standby | written to disk MB | peak RSS MB |")
        lines.append("|---|---|---|---|---|---|")
        for i, x in enumerate(r["ingests"], 1):
            lines.append(f"| {i} | {x['new']} | {x['seconds']:.1f} | {x['standby']} | "
                         f"{x['written_mb']:,.0f} | {x['peak_rss_mb']:,} |")
        rd = r["reader"]
        if rd["answers"]:
            lines.append(f"reader: {rd['answers']} answers, {len(rd['errors'])} errors, median "
                         f"{rd['median_ms']:.0f} ms, slowest {rd['slowest_ms']:.0f} ms")
        else:
            lines.append(f"reader: no answer, {len(rd['errors'])} errors")
        lines.extend(f"  error: {e}" for e in rd["errors"][:5])
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--reuse", help="copy this warehouse instead of building one")
    ap.add_argument("--docs", type=int, default=10, help="new documents per ingest")
    ap.add_argument("--rounds", type=int, default=3, help="ingests per mode")
    ap.add_argument("--modes", default="standby,copy")
    ap.add_argument("--work", default="/tmp/gongkai-incremental")
    ap.add_argument("--cold", action="store_true",
                    help="drop the page cache before each ingest (root): a warehouse larger than memory")
    args = ap.parse_args(argv)
    result = measure(Path(args.work), reports=args.reports, reuse=args.reuse, docs=args.docs,
                     rounds=args.rounds, modes=args.modes, cold=args.cold)
    print(render(result, args.cold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
