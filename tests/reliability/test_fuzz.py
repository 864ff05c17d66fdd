"""Property-based fuzzing of the parsers and of ingest (hypothesis).

Profiles (GONGKAI_FUZZ_PROFILE): `ci` (default: a few hundred inputs, well under 60 s) and `long`
(≥ 10,000 parser inputs). The long run with figures for docs/reliability.md is benchmarks/fuzz.py,
which draws from the same generators (fuzzgen.py).

Properties: parse_bytes never raises, always returns an object satisfying the parse-output
contract (contract.check_output) and never reports an internal error; every document handed to
ingest is afterwards retrievable by its sha256 with the same bytes, or reported failed with a reason.
"""
from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from contract import check_output, verify_ingest
from fuzzgen import FAMILIES, generate, mutated_seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.parse import parse_bytes
from gongkai.store.ingest import ingest_paths

settings.register_profile("ci", max_examples=120, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=4000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("GONGKAI_FUZZ_PROFILE", "ci")
settings.load_profile(PROFILE)
INGEST_EXAMPLES = {"ci": 6, "long": 100}[PROFILE]

NAMES = st.sampled_from(["x.html", "x.htm", "x.txt", "x.md", "x.pdf", "x.docx", "x", "报告.html"])


def _parse_ok(data: bytes, name: str):
    report = parse_bytes(data, name)
    check_output(report, data, name)
    assert not [w for w in report.warnings if w.code == "internal_error"], report.warnings
    return report


@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes_never_break_the_parser(data, name):
    _parse_ok(data, name)


@given(text=st.text(max_size=2000), name=NAMES,
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_random_text_in_any_encoding_never_breaks_the_parser(text, name, encoding):
    _parse_ok(text.encode(encoding, errors="replace"), name)


@given(family=st.sampled_from(sorted(FAMILIES)), seed=st.integers(0, 2 ** 32 - 1))
def test_generated_and_mutated_documents_never_break_the_parser(family, seed):
    name, data = FAMILIES[family](random.Random(seed))
    _parse_ok(data, name)


@given(seed=st.integers(0, 2 ** 32 - 1))
def test_mutated_real_reports_never_break_the_parser(seed):
    name, data = mutated_seed(random.Random(seed))
    _parse_ok(data, name)


@settings(max_examples=INGEST_EXAMPLES)
@given(seeds=st.lists(st.integers(0, 2 ** 32 - 1), min_size=1, max_size=10),
       repeat=st.booleans())
def test_every_ingested_document_is_retrievable_afterwards(seeds, repeat):
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as tmp:
        folder = Path(tmp)
        paths = []
        for i, seed in enumerate(seeds):
            _family, name, data = generate(seed)
            path = folder / f"{i:03d}-{name}"
            path.write_bytes(data)
            paths.append(path)
        if repeat:                      # the same bytes twice: the second is `unchanged`, not lost
            copy = folder / f"again-{paths[0].name}"
            copy.write_bytes(paths[0].read_bytes())
            paths.append(copy)
        dbfile = folder / "fuzz.duckdb"
        summary = ingest_paths(paths, dbfile, wait_seconds=5)
        verify_ingest(summary, dbfile, paths, expect_failed=[".zip!"])
        if repeat:
            assert summary.outcomes[-1].result == "unchanged"
