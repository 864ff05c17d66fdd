"""The synthetic corpus (benchmarks/synth.py): parses to its own truth, is always marked synthetic,
never lands in data/reports; `ingest --workers 2` stores the same database as one worker."""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import pytest

from benchmarks import synth
from gongkai import config
from gongkai.store import stored
from gongkai.parse import parse_bytes
from gongkai.store import db
from gongkai.store.ingest import ingest_paths


def _sample(n_per_year: int = 15, seed: int = 11) -> list[synth.SynthReport]:
    mix = {"html": 1.0, "text": 1.0, "flat": 1.0}
    return list(synth.generate(n_per_year, [2020, 2023], seed=seed, kind_mix=mix))


@pytest.fixture(scope="module")
def sample() -> list[synth.SynthReport]:
    reps = _sample()
    # make sure every kind of identity break is in the sample
    rng = random.Random(3)
    agencies = synth.make_agencies(6, rng)
    for i, kind in enumerate(("row_total", "review_total", "carried_forward") * 2):
        while True:
            seed = rng.getrandbits(32)
            rep = synth.make_report(agencies[i], 2022 if i < 3 else 2020, random.Random(seed),
                                    ("html", "text")[i % 2], seed)
            if rep.break_kind == kind:
                reps.append(rep)
                break
    return reps


def test_exact_documents_parse_to_the_truth(sample):
    exact = [r for r in sample if r.kind in ("html", "text")]
    assert {r.format_version for r in exact} == {"v2019", "v2021"}
    for rep in exact:
        name, data = synth.render(rep)
        parsed = parse_bytes(data, name)
        assert parsed.status == "parsed", name
        assert parsed.format_version == rep.format_version
        assert parsed.cells == rep.cells, name
        assert parsed.agency == rep.agency_name_normalised
        assert parsed.year == rep.year
        assert parsed.report_scope == rep.agency.scope
        assert parsed.proactive_count == rep.proactive_count
        assert parsed.published_on == rep.published_on
        # the parser refuses one-character place stems (洋县); otherwise the region is the truth
        assert parsed.region.code in (None, rep.agency.place.code)
        failed = {(c.id, c.scope) for c in parsed.checks if c.status == "fail"}
        assert failed == rep.expected_failures, name


def test_identity_breaks_fail_as_intended(sample):
    kinds = {r.break_kind for r in sample if r.break_kind}
    assert kinds == {"row_total", "review_total", "carried_forward"}
    assert all(r.expected_failures for r in sample if r.break_kind)


def test_flattened_text_never_reads_a_wrong_figure(sample):
    flat = [r for r in sample if r.kind == "flat"]
    assert flat
    complete = 0
    for rep in flat:
        name, data = synth.render(rep)
        parsed = parse_bytes(data, name)
        assert parsed.status in ("parsed", "partial")
        wrong = {k: (v, rep.cells[k]) for k, v in parsed.cells.items() if v is not None and v != rep.cells[k]}
        assert not wrong, name
        complete += parsed.status == "parsed"
    assert complete > 0


def test_everything_is_marked_synthetic(sample):
    for rep in sample[:12]:
        name, data = synth.render(rep)
        text = data.decode("utf-8")
        assert synth.SYNTH_MARKER in text
        assert rep.agency.name.startswith(synth.SYNTH_PREFIX)
        assert parse_bytes(data, name).agency.startswith(synth.SYNTH_PREFIX_NORMALISED)


def test_bundled_reports_hold_no_synthetic_file_and_refuse_them():
    bundled = Path(config.BUNDLED_REPORTS_DIR)
    for path in bundled.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert synth.SYNTH_MARKER_KEY.encode() not in data, path
            assert synth.SYNTH_PREFIX.encode() not in data, path
    with pytest.raises(ValueError):
        synth.refuse_bundled(bundled / "synthetic")
    parser = synth.add_synth_arguments(argparse.ArgumentParser())
    assert synth.synth_main(parser.parse_args(["--reports", "2", "--out", str(bundled / "x")])) == 2
    assert not (bundled / "x").exists()


def test_cli_writes_a_marked_corpus_and_ingest_flags_it(tmp_path):
    parser = synth.add_synth_arguments(argparse.ArgumentParser())
    out = tmp_path / "corpus"
    assert synth.synth_main(parser.parse_args(["--reports", "6", "--years", "2", "--out", str(out),
                                                "--truth"])) == 0
    docs = sorted(p for p in out.rglob("synth_*"))
    assert len(docs) == 12 and (out / "truth.jsonl").is_file()
    inputs = [out / "2023", out / "2024"]
    one, two = tmp_path / "w1.duckdb", tmp_path / "w2.duckdb"
    s1 = ingest_paths(inputs, one)
    s2 = ingest_paths(inputs, two, workers=2)
    assert s1.count("new") == s2.count("new") == 12
    dumps = []
    for path in (one, two):
        con = db.connect_read(path)
        try:
            assert db.run(con, "SELECT bool_and(is_synthetic) AS s FROM reports").iat[0, 0]
            dumps.append([db.run(con, f"SELECT * EXCLUDE (received_at) FROM {t} ORDER BY ALL")
                          .to_dict("records") if t == "documents" else
                          db.run(con, f"SELECT * FROM {t} ORDER BY ALL").to_dict("records")
                          for t in ("reports", "cells", "checks", "warnings", "agencies", "documents")])
        finally:
            con.close()
    assert dumps[0] == dumps[1]


def test_warehouse_rows_go_through_the_real_schema(tmp_path):
    from gongkai.runner import run_query
    path = tmp_path / "wh.duckdb"
    info = synth.build_warehouse(path, 601, years=(2020, 2021, 2022), seed=2, chunk=250)
    assert info["reports"] == 601
    con = db.connect_read(path)
    try:
        r = db.run(con, "SELECT count(*) AS n, bool_and(is_synthetic) AS s, "
                        "bool_and(starts_with(agency_name, '(合成)')) AS p FROM reports")
        assert (int(r.n[0]), bool(r.s[0]), bool(r.p[0])) == (601, True, True)
        # like a real warehouse: at most one current report per agency and year (601 = 3 × 200 + 1)
        twice = db.run(con, "SELECT count(*) AS n FROM (SELECT agency_id, year FROM reports "
                            "WHERE is_current GROUP BY ALL HAVING count(*) > 1)").n[0]
        assert twice == 0
        assert stored.stored_tables_fresh(con)      # built like an ingest: the stored base tables too
        cells = db.run(con, "SELECT count(DISTINCT cell_key) AS k FROM cells").k[0]
        assert cells > 190
        fails = db.run(con, "SELECT count(DISTINCT report_id) AS n FROM checks WHERE status = 'fail'").n[0]
        assert 0 < fails < 601 * 0.15
        by_year = run_query("app_headline_by_year", None, con) if _has("app_headline_by_year") else None
        assert by_year is None or len(by_year) == 3
    finally:
        con.close()


def _has(name: str) -> bool:
    from gongkai.catalog import list_queries
    return any(q.name == name for q in list_queries())
