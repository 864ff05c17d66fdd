"""Time saved by refreshing the stored base tables only for the reports an ingest changed (issue #15).

Builds a synthetic warehouse of N reports (benchmarks/synth.py build_warehouse), copies it twice and
ingests the same K new synthetic documents into each copy: once as the store does it (only the rows
of the changed reports are recomputed, gongkai.store.stored.refresh_stored_tables) and once forcing
the full rewrite of every stored table (what every ingest did before). Prints the seconds of the
stored-table step and of the whole ingest for both, and checks that both copies end with the same
rows in every stored table.

    python benchmarks/stored_refresh.py [--reports 20000] [--docs 10] 
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=20_000, help="reports in the warehouse")
    ap.add_argument("--docs", type=int, default=10, help="new documents ingested")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads for building the warehouse")
    args = ap.parse_args(argv)

    from benchmarks import synth
    from gongkai import catalog
    from gongkai.store import db, stored
    from gongkai.store.ingest import ingest_paths

    timings: dict[str, float] = {}
    real_refresh = stored.refresh_stored_tables      # the stored step of every ingest, either way

    def timed(label, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - t
        return wrapper

    with tempfile.TemporaryDirectory(prefix="gongkai-stored-", dir=REPO / "out" if (REPO / "out").is_dir() else None) as tmp:
        tmp = Path(tmp)
        base = tmp / "base.duckdb"
        t = time.perf_counter()
        info = synth.build_warehouse(base, args.reports, threads=args.threads)
        print(f"synthetic warehouse: {info['reports']:,} reports, {info['agencies']:,} agencies, "
              f"{info['bytes'] / 2**20:.0f} MiB, built in {time.perf_counter() - t:.1f} s")
        synth.mark_as_ingested(base)     # else the first ingest would (rightly) rewrite everything
        docs = tmp / "docs"
        docs.mkdir()
        files = []
        for rep in synth.generate(args.docs, [2024], seed=4242):
            name, data = synth.render(rep)
            (docs / name).write_bytes(data)
            files.append(docs / name)

        results = {}
        for mode in ("refresh", "full"):
            path = tmp / f"{mode}.duckdb"
            shutil.copyfile(base, path)
            timings.clear()
            import gongkai.store.derived as derived
            derived.refresh_stored_tables = timed("stored", real_refresh)
            stored.FULL_REWRITE_SHARE = 0.2 if mode == "refresh" else -1.0
            t = time.perf_counter()
            summary = ingest_paths(files, path)
            total = time.perf_counter() - t
            derived.refresh_stored_tables = real_refresh
            results[mode] = (timings.get("stored", 0.0), total, summary.count("new"))
        stored.FULL_REWRITE_SHARE = 0.2

        con = db.connect_write(tmp / "refresh.duckdb")
        try:
            con.execute(f"ATTACH '{tmp / 'full.duckdb'}' AS other (READ_ONLY)").fetchall()
            differ = []
            for q in catalog.base_view_order():
                if q.stored == "table" and not catalog.is_macro(q):
                    n = con.execute(f"SELECT (SELECT count(*) FROM (SELECT * FROM main.{q.name} EXCEPT ALL "
                                    f"SELECT * FROM other.main.{q.name})) + (SELECT count(*) FROM ("
                                    f"SELECT * FROM other.main.{q.name} EXCEPT ALL SELECT * FROM "
                                    f"main.{q.name}))").fetchone()[0]
                    if n:
                        differ.append(q.name)
        finally:
            con.close()

    (s_ref, t_ref, n_ref), (s_full, t_full, _) = results["refresh"], results["full"]
    print(f"ingest of {n_ref} new documents into {args.reports:,} reports (2-core machine):")
    print(f"  stored tables, full rewrite   {s_full:8.2f} s   whole ingest {t_full:8.2f} s")
    print(f"  stored tables, refreshed rows {s_ref:8.2f} s   whole ingest {t_ref:8.2f} s")
    print(f"  saved                         {s_full - s_ref:8.2f} s   ({s_full / max(s_ref, 1e-9):.0f}× faster stored step)")
    print("  stored tables identical: " + ("yes" if not differ else "NO: " + ", ".join(differ)))
    return 0 if not differ else 1


if __name__ == "__main__":
    raise SystemExit(main())
