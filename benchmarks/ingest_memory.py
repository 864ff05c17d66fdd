"""Peak memory of ingesting one large file (issue #16 item 6: a 200 MB file peaked at 1.22 GB).

Each measurement runs in a fresh child process: it imports gongkai, notes its RSS, ingests the file
into a new warehouse and reports its peak RSS (ru_maxrss) and the extra over the baseline, as a
multiple of the file size. No timing targets; figures only.

    python benchmarks/ingest_memory.py [--mb 200] [--kind text|random] [--src DIR]

`--src DIR` runs another checkout's gongkai (e.g. the previous commit, unpacked with
`git archive HEAD | tar -x -C /tmp/old`) for a before/after comparison on the same file.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, sys.argv[1])
    import gongkai.store.ingest as ingest_mod
    from gongkai.parse import parse_bytes
    import duckdb, pandas
    def rss_mb():
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    base = rss_mb()
    t = time.perf_counter()
    summary = ingest_mod.ingest_paths([sys.argv[2]], sys.argv[3], wait_seconds=5)
    took = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"baseline_mb": base, "peak_mb": peak, "seconds": took,
                      "result": [o.result for o in summary.outcomes],
                      "module": ingest_mod.__file__}))
""")


def make_file(path: Path, mb: int, kind: str) -> None:
    line = ("二、主动公开政府信息情况 第二十条第（一）项 规章 0 0 0 行政规范性文件 12 3 45 "
            "some text 1234567890\n").encode("utf-8")
    with open(path, "wb") as fh:
        left = mb << 20
        while left > 0:
            block = os.urandom(min(left, 1 << 20)) if kind == "random" else \
                (line * ((1 << 20) // len(line) + 1))[:min(left, 1 << 20)]
            fh.write(block)
            left -= len(block)


def measure(src: Path, doc: Path, work: Path) -> dict:
    dbfile = work / f"w-{os.getpid()}-{abs(hash(str(src)))}.duckdb"
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(doc), str(dbfile)],
                         capture_output=True, text=True, env=env, cwd=work, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["file_mb"] = doc.stat().st_size / (1 << 20)
    figures["extra_mb"] = figures["peak_mb"] - figures["baseline_mb"]
    figures["extra_x_file"] = figures["extra_mb"] / figures["file_mb"]
    figures["db_mb"] = dbfile.stat().st_size / (1 << 20)
    store = dbfile.with_name(dbfile.name + ".documents")
    figures["store_mb"] = sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / (1 << 20) \
        if store.is_dir() else 0.0
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--kind", choices=("text", "random"), default="text")
    ap.add_argument("--src", type=Path, action="append",
                    help="checkout(s) whose gongkai to measure (default: this one); repeatable")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gk-mem-") as tmp:
        work = Path(tmp)
        doc = work / f"big-{args.kind}.txt"
        make_file(doc, args.mb, args.kind)
        for src in args.src or [REPO]:
            f = measure(src.resolve(), doc, work)
            print(f"{src}: {f['file_mb']:.0f} MB {args.kind} file → peak RSS {f['peak_mb']:.0f} MB "
                  f"(baseline {f['baseline_mb']:.0f} MB, extra {f['extra_mb']:.0f} MB = "
                  f"{f['extra_x_file']:.2f}× the file), {f['seconds']:.1f} s, outcome {f['result']}, "
                  f"database {f['db_mb']:.1f} MB + document store {f['store_mb']:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
