"""Every real report in ../shared/corpus parses to its expected figures, cell by cell."""
from __future__ import annotations

import pytest

from tests.conftest import corpus_cases, corpus_dir, expected_for, extra_real_cases

CASES = corpus_cases() + extra_real_cases()
METADATA_KEYS = ("agency", "year", "format_version", "published_on", "proactive_count")


def test_every_corpus_document_is_a_case():
    documents = {p.name for p in corpus_dir().iterdir()
                 if p.is_file() and p.name not in ("README.md", "MANIFEST.tsv")}
    assert documents and documents == set(corpus_cases())


@pytest.mark.parametrize("name", CASES)
def test_every_expected_cell_is_read_exactly(name, parsed):
    exp = expected_for(name)
    report = parsed(name)
    ambiguous = set(exp.get("ambiguous", []))
    wrong = {k: (v, report.cells.get(k)) for k, v in exp["cells"].items()
             if report.cells.get(k) != v and not (k in ambiguous and report.cells.get(k) is None)}
    assert not wrong, f"{name}: expected vs got {wrong}"


@pytest.mark.parametrize("name", CASES)
def test_no_figure_is_invented(name, parsed):
    """A cell the document does not contain stays null: partial excerpts must not grow figures."""
    exp = expected_for(name)
    extra = {k: v for k, v in parsed(name).cells.items() if v is not None and k not in exp["cells"]}
    assert not extra


@pytest.mark.parametrize("name", CASES)
def test_metadata_matches_where_the_document_states_it(name, parsed):
    exp = expected_for(name)
    report = parsed(name)
    for key in METADATA_KEYS:
        if key in exp:
            assert getattr(report, key) == exp[key], f"{name}: {key}"


@pytest.mark.parametrize("name", CASES)
def test_status_says_whether_every_cell_was_read(name, parsed):
    report = parsed(name)
    has_null = any(v is None for v in report.cells.values())
    if report.format_version in ("v2019", "v2021"):
        assert report.status == ("partial" if has_null else "parsed")
    elif report.format_version == "pre2019":
        assert report.status == "parsed" and not report.cells
    else:
        assert report.status == "partial" and not report.cells


@pytest.mark.parametrize("name", CASES)
def test_exactly_the_identities_the_printed_figures_break_fail(name, parsed):
    """Most real reports are consistent, so a failed check is a misread; a few print figures that
    break an identity themselves (listed as `failing_checks`), and those checks must fail."""
    failed = {c.id for c in parsed(name).checks if c.status == "fail"}
    assert failed == set(expected_for(name).get("failing_checks", [])), failed


def test_the_seed_report_end_to_end(parsed):
    report = parsed("000_871f94abbc050ee9.txt")
    assert report.agency == "遂宁市安居区商务局"
    assert report.year == 2022
    assert report.format_version == "v2021"
    assert report.published_on == "2023-01-12"
    assert (report.region.province, report.region.city, report.region.county, report.region.code) \
        == ("四川省", "遂宁市", "安居区", "510904")
    assert report.proactive_count == 145
    assert len(report.cells) == 200 and all(v == 0 for v in report.cells.values())
    assert report.status == "parsed"
    assert report.checks and all(c.status == "pass" for c in report.checks)


def test_a_report_whose_checks_pass_only_through_blank_cells_is_flagged(parsed):
    """Spec §5: r027 leaves the five 法人或其他组织 columns blank, so its row sums hold only with
    blanks read as 0; the seed prints every 0 and is not flagged."""
    flagged = [w for w in parsed("r027.html").warnings if w.code == "checks_rely_on_blanks"]
    assert flagged and "T3.row_sum[new_received]" in flagged[0].detail
    assert not [w for w in parsed("000_871f94abbc050ee9.txt").warnings
                if w.code == "checks_rely_on_blanks"]


@pytest.mark.parametrize("name", CASES)
def test_no_report_trips_the_internal_error_safety_net(name, parsed):
    assert not [w for w in parsed(name).warnings if w.code == "internal_error"]
