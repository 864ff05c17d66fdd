"""Memory of `gongkai query --format csv` on a long listing: the whole result as one DataFrame
(what the CLI did before issue #15) against the rows streamed in batches (runner.stream_query).

Builds a synthetic warehouse of N reports (benchmarks/synth.py), then in two child processes writes
the CSV of each QUERY (default `report_outcomes`, ~27 rows per report, and `report_groups`, 9) to a file both ways and prints
the peak RSS, the seconds and whether the two files are the same bytes (or, for a query without
ORDER BY such as the base tables, the same rows).

    python benchmarks/query_stream.py [--reports 20000] [--query NAME ...]
"""
from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from gongkai import cli, runner
    from gongkai.store import db as store_db
    mode, path, name, out = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    db = store_db.connect_read(path)      # the query's memory, not the first-run checks'
    t = time.perf_counter()
    with open(out, "wb") as fh:
        class Stream:
            buffer = fh
            def flush(self): pass
        if mode == "frame":
            frame = runner.run_query(name, con=db)
            fh.write(cli.render_rows(frame, "csv").encode("utf-8-sig"))
            rows = len(frame)
        else:
            rows = cli.write_csv_batches(runner.stream_query(name, con=db), Stream())
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork+exec, so a child would report the
    # parent's peak (the warehouse build)
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    print(json.dumps({"rows": rows, "seconds": time.perf_counter() - t,
                      "rss_mb": int(status["VmHWM"].split()[0]) / 1024}))
""")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=20_000)
    ap.add_argument("--query", nargs="+", default=["report_outcomes", "report_groups"])
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from benchmarks import synth

    with tempfile.TemporaryDirectory(prefix="gongkai-stream-") as tmp:
        tmp = Path(tmp)
        db = tmp / "w.duckdb"
        synth.build_warehouse(db, args.reports)
        ok = True
        for query in args.query:
            results = {}
            for mode in ("frame", "stream"):
                out = tmp / f"{mode}.csv"
                done = subprocess.run([sys.executable, "-c", CHILD, str(REPO), mode, str(db), query,
                                       str(out)], check=True, capture_output=True, text=True)
                results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
            same = filecmp.cmp(tmp / "frame.csv", tmp / "stream.csv", shallow=False)
            # a base query has no ORDER BY: DuckDB's parallel scan may order rows differently per run
            same_rows = same or (sorted((tmp / "frame.csv").read_bytes().splitlines())
                                 == sorted((tmp / "stream.csv").read_bytes().splitlines()))
            size = (tmp / "stream.csv").stat().st_size
            print(f"`{query}` as CSV on {args.reports:,} synthetic reports "
                  f"({results['stream']['rows']:,} rows, {size / 2**20:.0f} MiB):")
            for mode, label in (("frame", "whole DataFrame (before)"), ("stream", "streamed in batches")):
                r = results[mode]
                print(f"  {label:26s} peak RSS {r['rss_mb']:7.0f} MB   {r['seconds']:6.1f} s")
            print("  same bytes: " + ("yes" if same else "no (row order of an unordered query)"
                                      if same_rows else "NO: other rows"))
            ok = ok and same_rows
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
