"""`gongkai query --format csv|json` streams: rows come from DuckDB and go out a batch at a time, with
the same bytes as the whole result rendered at once; --limit/--offset page and report the total."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from gongkai import catalog, cli, runner

LISTED = [q for q in catalog.list_queries() if catalog.kind_of(q) != "base"]


class _Out:
    """stdout stand-in: the bytes written, and what had been asked of the rows at each write."""

    def __init__(self, log=None):
        self.buffer = io.BytesIO()
        self.log = log

    def flush(self):
        if self.log is not None:
            self.log.append(("written", self.buffer.tell()))


def _whole(name, fmt, params=None):
    frame = runner.run_query(name, params, db_path=_whole.db)
    text = cli.render_rows(frame, fmt)
    text += "" if text.endswith("\n") else "\n"
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")


@pytest.mark.parametrize("query", LISTED, ids=lambda q: q.name)
def test_streamed_csv_and_json_are_the_bytes_of_the_whole_result(warehouse, query):
    _whole.db = warehouse
    try:
        expected = {fmt: _whole(query.name, fmt) for fmt in ("csv", "json")}
    except (ValueError, catalog.QueryFileError):
        pytest.skip("needs a parameter without default")
    for fmt, write in (("csv", cli.write_csv_batches), ("json", cli.write_json_batches)):
        out = _Out()
        write(runner.stream_query(query.name, db_path=warehouse, batch_rows=3), out)
        assert out.buffer.getvalue() == expected[fmt], (query.name, fmt)


def test_the_stream_yields_small_batches_lazily(warehouse):
    batches = runner.stream_query("applications_by_group", {"group_by": "agency"},
                                  db_path=warehouse, batch_rows=2)
    first = next(batches)
    assert len(first) == 2 and list(first.columns) == catalog.get_query("applications_by_group").columns
    rest = list(batches)
    assert len(rest) >= 1 and all(len(b) <= 2 for b in rest)
    whole = runner.run_query("applications_by_group", {"group_by": "agency"}, db_path=warehouse)
    together = pd.concat([first, *rest], ignore_index=True)
    assert together.to_csv(index=False) == whole.to_csv(index=False)


def test_each_batch_is_written_before_the_next_is_fetched(warehouse, monkeypatch):
    log: list = []
    real = runner.stream_query

    def recording(*args, **kwargs):
        kwargs["batch_rows"] = 2
        for i, frame in enumerate(real(*args, **kwargs)):
            log.append(("fetched", i))
            yield frame

    monkeypatch.setattr(runner, "stream_query", recording)
    out = _Out(log)
    monkeypatch.setattr(cli.sys, "stdout", out)
    assert cli.main(["query", "applications_by_group", "--db", str(warehouse), "--format", "csv",
                     "--param", "group_by=agency"]) == 0
    order = [event for event, _ in log]
    fetched = [i for i, e in enumerate(order) if e == "fetched"]
    assert len(fetched) >= 3
    for a, b in zip(fetched, fetched[1:]):
        assert "written" in order[a + 1:b]      # batch n went out before batch n+1 was read
    _whole.db = warehouse
    assert out.buffer.getvalue() == _whole("applications_by_group", "csv", {"group_by": "agency"})


def test_limit_and_offset_page_the_rows_and_report_the_total(warehouse, capfdbinary):
    argv = ["query", "applications_by_group", "--db", str(warehouse), "--format", "csv",
            "--param", "group_by=agency"]
    assert cli.main(argv) == 0
    whole = capfdbinary.readouterr().out.decode("utf-8-sig").splitlines()
    total = len(whole) - 1
    assert total >= 4
    assert cli.main(argv + ["--limit", "2"]) == 0
    first = capfdbinary.readouterr()
    assert first.out.decode("utf-8-sig").splitlines() == whole[:3]
    assert f"rows 1–2 of {total}" in first.err.decode()
    assert cli.main(argv + ["--limit", "2", "--offset", "2"]) == 0
    second = capfdbinary.readouterr()
    assert second.out.decode("utf-8-sig").splitlines() == [whole[0]] + whole[3:5]
    assert f"rows 3–4 of {total}" in second.err.decode()
    assert runner.count_rows("applications_by_group", {"group_by": "agency"}, db_path=warehouse) == total
    page = runner.run_query("applications_by_group", {"group_by": "agency"}, db_path=warehouse,
                            limit=2, offset=2)
    assert len(page) == 2
    assert cli.main(argv + ["--limit", "-1"]) == 2
