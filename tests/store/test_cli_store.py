"""`gongkai ingest` and `gongkai export` end to end, in-process."""
from __future__ import annotations

from gongkai.cli import main
from gongkai.store import db


def test_ingest_prints_a_summary_and_plain_progress_when_not_a_tty(tmp_path, corpus, capsys):
    path = tmp_path / "w.duckdb"
    # the PDF first: the HTML rendering of the same report then becomes current (docs/warehouse.md)
    code = main(["ingest", str(corpus / "r027.pdf"), str(corpus / "r027.html"),
                 str(tmp_path / "missing.txt"), "--db", str(path)])
    out, err = capsys.readouterr()
    assert code == 1                                  # one input failed
    assert "1 new, 1 updated, 0 unchanged, 1 failed" in out
    assert "missing.txt: no such file or directory" in out
    assert "ingest 3/3" in err and "\r" not in err

    assert main(["ingest", str(corpus / "r027.html"), "--db", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "0 new, 0 updated, 1 unchanged, 0 failed" in out and "database unchanged" in out
    assert "fresh copy" not in out

    # the first ingest into an existing file makes the standby by copying it, and says so
    other = tmp_path / "other.duckdb"
    assert main(["ingest", str(corpus / "r027.html"), "--db", str(other)]) == 0
    assert main(["ingest", str(corpus / "r004.txt"), "--db", str(other)]) == 0
    out, _ = capsys.readouterr()
    assert out.count("fresh copy") == 1
    assert "written on a fresh copy of the warehouse (no standby file yet)" in out


def test_export_writes_parquet_files_and_lists_them(tmp_path, corpus, capsys):
    path = tmp_path / "w.duckdb"
    main(["ingest", str(corpus / "r004.txt"), "--db", str(path)])
    capsys.readouterr()
    out_dir = tmp_path / "open-data"
    assert main(["export", "--format", "parquet", "--out", str(out_dir), "--db", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "14 file(s) written" in out
    assert (out_dir / "cells.parquet").is_file() and (out_dir / "dictionary_cells.parquet").is_file()
    con = db.connect_read(path)
    assert db.run(con, "SELECT count(*) AS n FROM cells")["n"][0] == 200
