"""Ingest: idempotent by content, versioned by agency+year, every byte kept, figures traceable."""
from __future__ import annotations

import shutil
from pathlib import Path

from gongkai.parse import parse_bytes
from gongkai.store import db
from gongkai.store.documents import read_document
from gongkai.store.bootstrap import ensure_database
from gongkai.store.ingest import ingest_paths

SEED = "000_871f94abbc050ee9.txt"          # 遂宁市安居区商务局 2022, complete, all zeros


def corrected_seed(corpus: Path, tmp_path: Path) -> Path:
    """The seed report with one figure corrected: 行政处罚 decisions 0 → 7 (different bytes)."""
    lines = (corpus / SEED).read_bytes().split(b"\n")
    where = parse_bytes((corpus / SEED).read_bytes(), SEED).provenance[
        "t2.administrative_penalty.decisions"].where
    n = int(where.split()[1]) - 1
    assert lines[n].strip(b"\xc2\xa0 ") == b"0"
    lines[n] = lines[n].replace(b"0", b"7", 1)
    path = tmp_path / "000_corrected.txt"
    path.write_bytes(b"\n".join(lines))
    return path


def one(con, sql, params=None):
    return db.run(con, sql, params).iat[0, 0]


def test_ingesting_the_corpus_twice_yields_the_same_database(warehouse, parser, corpus_docs, tables):
    before, before_sha = tables.snapshot(warehouse), tables.sha(warehouse)
    summary = ingest_paths(corpus_docs, warehouse, parser=parser)
    assert summary.count("unchanged") == len(corpus_docs)
    assert summary.count("new") == summary.count("updated") == summary.count("failed") == 0
    assert not summary.changed
    assert tables.sha(warehouse) == before_sha
    assert tables.snapshot(warehouse) == before
    assert sum(len(rows) for rows in before.values()) > 1000


def test_stored_bytes_are_recognised_whether_looked_up_one_by_one_or_loaded(warehouse, parser,
                                                                         corpus_docs, monkeypatch,
                                                                         tmp_path):
    """A small run looks each hash up by key; past LOOKUPS_BEFORE_LOAD it loads every stored hash.
    Both see the stored bytes, and bytes repeated within the run."""
    from gongkai.store import writer
    again = tmp_path / "again.txt"
    again.write_bytes(b"\n" + corpus_docs[0].read_bytes())
    twice = tmp_path / "twice.txt"
    twice.write_bytes(again.read_bytes())
    for limit in (10_000, 3):
        monkeypatch.setattr(writer, "LOOKUPS_BEFORE_LOAD", limit)
        summary = ingest_paths(corpus_docs[:8], warehouse, parser=parser)
        assert summary.count("unchanged") == 8 and not summary.changed, limit
    summary = ingest_paths([*corpus_docs[:5], again, twice], warehouse, parser=parser)
    results = [o.result for o in summary.outcomes]
    assert results[:5] == ["unchanged"] * 5 and results[5] in ("new", "updated")
    assert results[6] == "unchanged"
    assert summary.outcomes[-1].reason == f"same bytes as {again} (this run)"
    assert summary.outcomes[0].reason == "already stored"


def test_every_corpus_document_is_stored_with_its_bytes(corpus_db, corpus_docs):
    con = db.connect_read(corpus_db)
    stored = dict(db.run(con, "SELECT original_name, sha256 FROM documents")
                  .itertuples(index=False, name=None))
    assert set(stored) == {p.name for p in corpus_docs}
    for path in corpus_docs:
        assert read_document(corpus_db, stored[path.name]) == path.read_bytes()
    assert one(con, "SELECT count(*) FROM reports") == len(corpus_docs)


def test_bytes_that_are_not_a_report_are_stored_and_never_current(warehouse, tmp_path, parser):
    junk = tmp_path / "scan.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    summary = ingest_paths([junk], warehouse, parser=parser)
    assert summary.count("new") == 1
    con = db.connect_read(warehouse)
    row = db.run(con, "SELECT d.sha256, r.status, r.is_current, r.version FROM documents d "
                      "JOIN reports r ON r.document_sha256 = d.sha256 WHERE d.original_name = ?",
                 ["scan.png"]).iloc[0]
    assert read_document(warehouse, row["sha256"]) == junk.read_bytes()
    assert row["status"] in ("not_a_report", "unreadable")
    assert not row["is_current"]


def test_same_bytes_under_another_name_change_nothing(warehouse, tmp_path, parser, corpus, tables):
    twin = tmp_path / "renamed.html"
    shutil.copyfile(corpus / "r027.html", twin)
    before = tables.sha(warehouse)
    summary = ingest_paths([twin], warehouse, parser=parser)
    assert [o.result for o in summary.outcomes] == ["unchanged"]
    assert tables.sha(warehouse) == before


def test_a_corrected_version_supersedes_and_the_old_one_stays_in_history(warehouse, tmp_path, parser,
                                                                         corpus):
    summary = ingest_paths([corrected_seed(corpus, tmp_path)], warehouse, parser=parser)
    assert [o.result for o in summary.outcomes] == ["updated"]
    new_id = summary.outcomes[0].report_id

    con = db.connect_read(warehouse)
    history = db.run(con, "SELECT report_id, version, is_current, superseded_by, original_name "
                          "FROM report_history WHERE agency_name = ? AND year = ? ORDER BY version",
                     ["遂宁市安居区商务局", 2022])
    assert list(history["original_name"]) == [SEED, "000_corrected.txt"]
    assert list(history["version"]) == [1, 2]
    assert list(history["is_current"]) == [False, True]
    assert history["superseded_by"].iloc[0] == new_id
    current = db.run(con, 'SELECT report_id, "t2.administrative_penalty.decisions" AS penalty '
                          "FROM t2_wide WHERE is_current AND report_id IN "
                          "(SELECT report_id FROM report_history WHERE agency_name = ?)",
                     ["遂宁市安居区商务局"])
    assert current.to_dict("records") == [{"report_id": new_id, "penalty": 7.0}]
    assert one(con, "SELECT count(*) FROM ingest_runs") == 2


def test_a_partial_reading_never_replaces_a_complete_one(tmp_path, parser, corpus):
    path = tmp_path / "w.duckdb"
    ingest_paths([corpus / "p2022.html"], path, parser=parser)        # complete (parsed)
    summary = ingest_paths([corpus / "r007.txt"], path, parser=parser)  # same report, flattened text
    assert summary.outcomes[0].result == "new"
    assert "kept in the history" in summary.outcomes[0].reason
    con = db.connect_read(path)
    rows = db.run(con, "SELECT original_name, version, is_current FROM report_history ORDER BY version")
    assert rows.values.tolist() == [["p2022.html", 1, True], ["r007.txt", 2, False]]


def test_reports_without_agency_or_year_are_kept_but_supersede_nothing(warehouse, tmp_path, parser,
                                                                       corpus):
    con = db.connect_read(warehouse)
    keyless = db.run(con, "SELECT count(*) FILTER (WHERE version IS NOT NULL) AS versioned, "
                          "count(*) FILTER (WHERE NOT is_current) AS not_current, count(*) AS n "
                          "FROM reports WHERE status IN ('parsed', 'partial') "
                          "AND (agency_id IS NULL OR year IS NULL)").iloc[0]
    assert keyless["n"] >= 5            # r019, r021, r028 … in the corpus
    assert keyless["versioned"] == 0 and keyless["not_current"] == 0
    con.close()

    # another document for the same unknown agency (r028 has no year): stored, and both stay current
    edited = tmp_path / "r028b.txt"
    edited.write_bytes((corpus / "r028.txt").read_bytes() + b"\n")
    summary = ingest_paths([edited], warehouse, parser=parser)
    assert summary.outcomes[0].result == "new"
    con = db.connect_read(warehouse)
    rows = db.run(con, "SELECT d.original_name, r.is_current, r.superseded_by FROM reports r "
                       "JOIN documents d ON d.sha256 = r.document_sha256 "
                       "WHERE d.original_name IN ('r028.txt', 'r028b.txt') ORDER BY 1")
    assert rows["is_current"].tolist() == [True, True]
    assert rows["superseded_by"].isna().all()


def test_every_stored_figure_traces_back_to_its_document_and_source_cell(corpus_db):
    con = db.connect_read(corpus_db)
    cells = db.run(con, """
        SELECT d.original_name, d.sha256, c.cell_key, c.value, c.raw_text, c.source_where
        FROM cells c JOIN reports r ON r.report_id = c.report_id
        JOIN documents d ON d.sha256 = r.document_sha256
        WHERE d.original_name = ?""", ["r027.html"])
    assert len(cells) == 200
    figures = cells[cells["value"].notna()]
    assert figures["raw_text"].notna().all() and figures["source_where"].notna().all()
    # The stored bytes reproduce every stored figure and its location.
    reparsed = parse_bytes(read_document(corpus_db, cells["sha256"].iloc[0]), "r027.html")
    for row in figures.itertuples():
        assert reparsed.cells[row.cell_key] == row.value
        assert reparsed.provenance[row.cell_key].where == row.source_where
        assert reparsed.provenance[row.cell_key].raw == row.raw_text


def test_ensure_database_builds_from_the_bundled_reports_once(tmp_path, parser, corpus_docs, tables):
    path = tmp_path / "first-run.duckdb"
    assert ensure_database(path, parser=parser) == path
    con = db.connect_read(path)
    names = set(db.run(con, "SELECT original_name FROM documents")["original_name"])
    assert names == {p.name for p in corpus_docs}       # data/reports mirrors the corpus
    assert "SOURCES.md" not in names
    con.close()
    before = tables.sha(path)
    calls = parser.calls
    ensure_database(path, parser=parser)
    assert tables.sha(path) == before and parser.calls == calls


def test_manifests_readmes_and_json_are_stored_but_never_reports(tmp_path, parser, corpus, repo, capsys):
    """A folder as people hand it over: two real reports plus the corpus' MANIFEST.tsv, README.md and
    a JSON file of expected figures (the parser reads the manifest and the JSON as partial reports)."""
    import json as _json

    from gongkai.cli import format_ingest_summary, main
    from gongkai.review import build_review
    from gongkai.runner import run_query
    from gongkai.store.ingest import READABLE

    folder = tmp_path / "handed-over"
    folder.mkdir()
    reports = ("r027.html", SEED)
    for name in reports:
        shutil.copyfile(repo / "data" / "reports" / name, folder / name)
    for name in ("MANIFEST.tsv", "README.md"):
        shutil.copyfile(corpus / name, folder / name)
    shutil.copyfile(corpus / "expected" / "r005.txt.json", folder / "r005.txt.json")
    assert parse_bytes((folder / "MANIFEST.tsv").read_bytes(), "MANIFEST.tsv").status in READABLE
    assert parse_bytes((folder / "r005.txt.json").read_bytes(), "r005.txt.json").status in READABLE

    path = tmp_path / "w.duckdb"
    summary = ingest_paths([folder], path, parser=parser)
    assert summary.count("new") == 5 and summary.count("failed") == 0
    not_reports = {Path(o.origin).name: o for o in summary.outcomes if o.parse_status not in READABLE}
    assert set(not_reports) == {"MANIFEST.tsv", "README.md", "r005.txt.json"}
    assert "TSV data" in not_reports["MANIFEST.tsv"].reason
    assert "JSON data" in not_reports["r005.txt.json"].reason
    text = format_ingest_summary(summary)
    assert "3 of the stored documents are not reports" in text

    con = db.connect_read(path)
    try:
        documents = db.run(con, "SELECT original_name, sha256 FROM documents")
        assert len(documents) == 5                                   # every byte is kept
        for row in documents.itertuples():
            assert read_document(path, row.sha256) == (folder / row.original_name).read_bytes()
        current = db.run(con, "SELECT d.original_name FROM current_reports r "
                              "JOIN documents d ON d.sha256 = r.document_sha256")
        assert sorted(current["original_name"]) == sorted(reports)
        stored = db.run(con, "SELECT d.original_name, r.status, r.agency_id, r.cell_count FROM reports r "
                             "JOIN documents d ON d.sha256 = r.document_sha256 WHERE NOT r.is_current")
        assert set(stored["original_name"]) == set(not_reports)
        assert set(stored["status"]) == {"not_a_report"} and stored["agency_id"].isna().all()
        assert (stored["cell_count"] == 0).all()                     # no figures from a non-report
        assert one(con, "SELECT count(*) FROM cells c JOIN reports r USING (report_id) "
                        "WHERE r.status = 'not_a_report'") == 0
        review = build_review(con)
        assert set(review["document"]) <= set(reports)
        in_scope = run_query("review_reports", {"region": None, "year": None}, con)
        assert sorted(in_scope["original_name"]) == sorted(reports)     # what the review list covers
    finally:
        con.close()

    capsys.readouterr()
    assert main(["query", "applications_by_group", "--param", "group_by=year", "--param", "scope=all",
                 "--format", "json", "--db", str(path)]) == 0
    rows = _json.loads(capsys.readouterr().out)
    assert {r["group_value"]: r["reports_count"] for r in rows} == {"2022": 1, "2023": 1}
