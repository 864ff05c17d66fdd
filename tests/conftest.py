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


def corpus_cases() -> list[str]:
    """Every corpus document that has expected figures."""
    base = REPO.parent / "shared" / "corpus"
    return sorted(p.name[: -len(".json")] for p in (base / "expected").glob("*.json"))


def expected_for(name: str) -> dict:
    return json.loads((corpus_dir() / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return corpus_dir()
