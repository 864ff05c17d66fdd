"""Where a small warehouse's disk space goes (issue #16 item 8: 321 small reports, 1.5 MB of documents,
made a 178 MiB file with 30 % free blocks).

Builds a warehouse of N distinct small documents (the bundled reports of data/reports, each copy
made distinct by a trailing comment line) in ingests of --batch documents, as uploads through the
dashboard do, then prints the file size, DuckDB's block accounting (PRAGMA database_size), the
document store's size and the blocks each table needs on its own. Each build runs in a child
process, so `--src` can point at another checkout for a before/after comparison.

    python benchmarks/warehouse_size.py [--docs 321] [--batch 10] [--src DIR ...]
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
    import json, os, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from gongkai.store.ingest import ingest_paths
    docs = json.loads(Path(sys.argv[2]).read_text())
    dbfile, batch = Path(sys.argv[3]), int(sys.argv[4])
    t = time.perf_counter()
    for i in range(0, len(docs), batch):
        ingest_paths(docs[i:i + batch], dbfile, wait_seconds=60)
    print(json.dumps({"seconds": time.perf_counter() - t}))
""")


def make_docs(folder: Path, n: int) -> list[str]:
    sys.path.insert(0, str(REPO))
    from gongkai.store.bootstrap import bundled_report_files
    bundled = bundled_report_files()
    out = []
    for i in range(n):
        src = bundled[i % len(bundled)]
        copy = i // len(bundled)
        target = folder / f"{copy:03d}-{src.name}"
        data = src.read_bytes()
        if copy and src.suffix.lower() in (".html", ".htm", ".txt", ".md"):
            data += f"\n<!-- copy {copy} -->\n".encode()
        elif copy:
            continue                      # binary formats: one copy only (a comment would break them)
        target.write_bytes(data)
        out.append(str(target))
    return out


def describe(dbfile: Path) -> dict:
    import duckdb
    con = duckdb.connect(str(dbfile), read_only=True)
    try:
        size, total, free = con.execute(
            "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size() "
            "WHERE database_name = current_database()").fetchone()
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()]
        per_table = {}
        for t in tables:
            per_table[t] = con.execute(
                "SELECT count(DISTINCT block_id) FROM pragma_storage_info(?) WHERE block_id >= 0",
                [t]).fetchone()[0]
        raw = con.execute("SELECT sum(strlen(raw_text)) FROM cells").fetchone()[0] or 0
        docs = con.execute("SELECT count(*), sum(size_bytes) FROM documents").fetchone()
    finally:
        con.close()
    store = dbfile.with_name(dbfile.name + ".documents")
    return {"file": dbfile.stat().st_size, "block_size": size, "blocks": total, "free": free,
            "per_table": per_table, "cells_raw_text": raw, "documents": docs[0],
            "document_bytes": docs[1] or 0,
            "store": sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
            if store.is_dir() else 0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=321)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--src", type=Path, action="append")
    args = ap.parse_args()
    mib = 1 << 20
    with tempfile.TemporaryDirectory(prefix="gk-size-") as tmp:
        work = Path(tmp)
        (work / "docs").mkdir()
        docs = make_docs(work / "docs", args.docs)
        listing = work / "docs.json"
        listing.write_text(json.dumps(docs))
        for n, src in enumerate(args.src or [REPO]):
            dbfile = work / f"w{n}.duckdb"
            out = subprocess.run([sys.executable, "-c", CHILD, str(src.resolve()), str(listing),
                                  str(dbfile), str(args.batch)], capture_output=True, text=True,
                                 env=dict(os.environ, PYTHONPATH=str(src.resolve())), check=True)
            took = json.loads(out.stdout.strip().splitlines()[-1])["seconds"]
            d = describe(dbfile)
            print(f"{src}: {d['documents']} documents ({d['document_bytes'] / mib:.1f} MiB) in "
                  f"{-(-len(docs) // args.batch)} ingests of {args.batch}, {took:.0f} s")
            print(f"  file {d['file'] / mib:.1f} MiB: {d['blocks']} blocks of {d['block_size'] // 1024} KiB, "
                  f"{d['free']} free ({d['free'] / max(d['blocks'], 1):.0%}); "
                  f"document store {d['store'] / mib:.1f} MiB; cells.raw_text {d['cells_raw_text'] / mib:.1f} MiB")
            top = sorted(d["per_table"].items(), key=lambda kv: -kv[1])
            print("  blocks per table: " + ", ".join(f"{t} {b}" for t, b in top if b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
