"""A dashboard-like reader process for the concurrency test: it queries the warehouse in a loop the
way the app does (gongkai.dashboard.data.query, i.e. store.db.Reader + run_query; and a raw
consistency query on a Reader cursor) until a stop file appears, then prints what it saw as JSON.

    python tests/reliability/reader_probe.py DB STOP_FILE
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

CONSISTENCY = """
SELECT (SELECT count(*) FROM documents) AS documents,
       (SELECT count(*) FROM reports) AS reports,
       (SELECT count(*) FROM cells) AS cells,
       (SELECT coalesce(sum(cell_count), 0) FROM reports) AS cells_declared,
       (SELECT count(*) FROM reports AS r LEFT JOIN documents AS d ON d.sha256 = r.document_sha256
         WHERE d.sha256 IS NULL) AS orphans,
       (SELECT coalesce(max(run_id), 0) FROM ingest_runs) AS run_id
"""


def main() -> int:
    db_path, stop = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ["GONGKAI_DB"] = str(db_path)
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from gongkai.dashboard import data
    from gongkai.store import db

    reader = db.Reader(db_path)
    states, app_states, errors, queries = set(), set(), [], 0
    deadline = time.monotonic() + 120
    while not stop.exists() and time.monotonic() < deadline:
        try:
            cur = reader.cursor()
            try:
                row = db.run(cur, CONSISTENCY).iloc[0]
            finally:
                cur.close()
            states.add(tuple(int(row[c]) for c in row.index))
            version = data.query("app_data_version").iloc[0]
            app_states.add((int(version["run_id"]), int(version["current_report_count"])))
            queries += 2
        except Exception as exc:  # noqa: BLE001 - what the user would see: must stay empty
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.005)
    print(json.dumps({"states": sorted(states), "app_states": sorted(app_states),
                      "errors": errors[:20], "error_count": len(errors), "queries": queries}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
