"""Shared test fixtures: where the real corpus lives, and its expected figures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def corpus_dir() -> Path:
    """The shared real-report corpus: `../shared/corpus` beside the repository (also in CI)."""
    for candidate in (REPO.parent / "shared" / "corpus", REPO / "data" / "reports"):
        if (candidate / "expected").is_dir():
            return candidate
    pytest.skip("the shared corpus (../shared/corpus) is not present")


REAL_FIXTURES = FIXTURES / "real"


def corpus_cases() -> list[str]:
    """Every corpus document that has expected figures."""
    base = REPO.parent / "shared" / "corpus"
    return sorted(p.name[: -len(".json")] for p in (base / "expected").glob("*.json"))


def extra_real_cases() -> list[str]:
    """Real reports kept in tests/fixtures/real (shapes the shared corpus lacks)."""
    return sorted(p.name[: -len(".json")] for p in REAL_FIXTURES.glob("*.json"))


def case_path(name: str) -> Path:
    local = REAL_FIXTURES / name
    return local if local.exists() else corpus_dir() / name


def expected_for(name: str) -> dict:
    local = REAL_FIXTURES / f"{name}.json"
    if local.exists():
        return json.loads(local.read_text(encoding="utf-8"))
    return json.loads((corpus_dir() / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return corpus_dir()


@pytest.fixture(scope="session")
def parsed():
    """name → the parse of that corpus case, each parsed once per session (a copy is not made:
    tests only read the result)."""
    from gongkai.parse import parse_file

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_file(case_path(name))
        return cache[name]
    return get

