"""Fixtures of the reliability suite: hostile inputs written to disk, a warmed parser."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:          # contract.py, fuzzgen.py, hostile.py are plain modules here
    sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session", autouse=True)
def _warm_parser():
    """Import every reader once, so no time budget in a test can fire during a first import."""
    from hostile import image_pdf, report_bytes

    from gongkai.parse import parse_bytes
    for name in ("r027.html", "r027.docx", "p2022.pdf", "000_871f94abbc050ee9.txt"):
        parse_bytes(report_bytes(name), name)
    parse_bytes(image_pdf(1), "warm.pdf")


# --- a warehouse for the app tests: the bundled reports plus documents carrying payloads --------

SCRIPT = "<script>alert('xss')</script>"
DROP = "'; DROP TABLE reports; --"
PAYLOAD_AGENCY = f"遂宁市{SCRIPT}{DROP}商务局"


def payload_report(folder: Path, suffix: str = "") -> Path:
    """The seed report (遂宁市安居区商务局 2022) retitled so its agency name and text carry an HTML
    script and an SQL statement."""
    from hostile import seed_text
    text = seed_text().replace("遂宁市安居区商务局2022年", f"{PAYLOAD_AGENCY}2022年", 1)
    text = text.replace("一、总体情况", f"一、总体情况\n{SCRIPT} {DROP} <img src=x onerror=alert(1)>", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"payload{DROP[:3]}<b>.txt"
    path.write_text(text + suffix, encoding="utf-8")
    return path


def payload_parser(data: bytes, name: str):
    from gongkai.parse import parse_bytes
    report = parse_bytes(data, name)
    report.agency = PAYLOAD_AGENCY
    return report


@pytest.fixture(scope="session")
def rel_db(tmp_path_factory):
    from gongkai.store.bootstrap import bundled_report_files
    from gongkai.store.ingest import ingest_paths
    folder = tmp_path_factory.mktemp("rel_db")
    dbfile = folder / "gongkai.duckdb"
    summary = ingest_paths(bundled_report_files() + [payload_report(folder)], dbfile)
    assert summary.count("failed") == 0
    # The parser only takes CJK agency names from a title, so a payload cannot come through it;
    # a parser that returns one anyway checks the store and the pages do not depend on that.
    ingest_paths([payload_report(folder / "again", "\n(second copy)")], dbfile, parser=payload_parser)
    with pytest.MonkeyPatch.context() as patch:    # session-scoped: the function fixture cannot
        patch.setenv("GONGKAI_DB", str(dbfile))
        yield dbfile


@pytest.fixture
def app_test(rel_db):
    """Factory of fresh AppTests of the entrypoint, reading the rel_db warehouse."""
    from streamlit.testing.v1 import AppTest

    from gongkai import config
    main = str(config.APP_ENTRY)
    return lambda: AppTest.from_file(main, default_timeout=60)
