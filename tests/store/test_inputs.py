"""Inputs: folders are walked, zip archives are read in memory with their names and sizes guarded."""
from __future__ import annotations

import zipfile

from gongkai.store import db
from gongkai.store.documents import read_document
from gongkai.store.ingest import ingest_paths
from gongkai.store.inputs import ArchiveLimits


def results(summary) -> dict[str, str]:
    return {o.origin.rsplit("!", 1)[-1].rsplit("/", 1)[-1]: o.result for o in summary.outcomes}


def test_a_folder_is_read_recursively_and_hidden_files_are_skipped(tmp_path, corpus, parser):
    (tmp_path / "in" / "2023" / ".cache").mkdir(parents=True)
    (tmp_path / "in" / "2023" / "r027.html").write_bytes((corpus / "r027.html").read_bytes())
    (tmp_path / "in" / "r004.txt").write_bytes((corpus / "r004.txt").read_bytes())
    (tmp_path / "in" / ".DS_Store").write_bytes(b"junk")
    (tmp_path / "in" / "2023" / ".cache" / "x.txt").write_bytes(b"junk")
    summary = ingest_paths([tmp_path / "in"], tmp_path / "w.duckdb", parser=parser)
    assert results(summary) == {"r027.html": "new", "r004.txt": "new"}


def test_zip_members_are_stored_under_their_archive_name(tmp_path, corpus, parser):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(corpus / "r027.html", "2023/r027.html")
        zf.write(corpus / "p2022.pdf", "p2022.pdf")
        zf.writestr("__MACOSX/._p2022.pdf", b"resource fork")
    path = tmp_path / "w.duckdb"
    summary = ingest_paths([archive], path, parser=parser)
    assert results(summary) == {"r027.html": "new", "p2022.pdf": "new"}
    con = db.connect_read(path)
    rows = db.run(con, "SELECT original_name, origin, sha256 FROM documents ORDER BY 1")
    assert rows["original_name"].tolist() == ["p2022.pdf", "r027.html"]
    assert rows["origin"].tolist() == [f"{archive}!p2022.pdf", f"{archive}!2023/r027.html"]
    assert read_document(path, rows["sha256"].iloc[1]) == (corpus / "r027.html").read_bytes()
    statuses = db.run(con, "SELECT status FROM reports")["status"].tolist()
    assert statuses == ["parsed", "parsed"]


def test_zip_entries_that_climb_out_of_the_archive_are_refused(tmp_path, corpus, parser):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/cron.d/evil.txt", b"x")
        zf.writestr("/abs/evil2.txt", b"x")
        zf.writestr("ok/../../evil3.txt", b"x")
        zf.write(corpus / "r004.txt", "fine/r004.txt")
    summary = ingest_paths([archive], tmp_path / "w.duckdb", parser=parser)
    failed = [o for o in summary.outcomes if o.result == "failed"]
    assert len(failed) == 3 and all("unsafe name" in o.reason for o in failed)
    assert results(summary)["r004.txt"] == "new"


def test_zip_bombs_stop_at_the_size_caps(tmp_path, corpus, parser):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a_big.txt", b"0" * 3_000_000)          # ~3 KB compressed, 3 MB inflated
        zf.writestr("b.txt", b"1" * 600_000)
        zf.writestr("c.txt", b"2" * 600_000)
        zf.write(corpus / "r004.txt", "d_r004.txt")
    limits = ArchiveLimits(max_total_bytes=1_000_000, max_member_bytes=2_000_000)
    summary = ingest_paths([archive], tmp_path / "w.duckdb", parser=parser, limits=limits)
    by_name = {o.origin.rsplit("!", 1)[-1]: o for o in summary.outcomes}
    assert by_name["a_big.txt"].result == "failed" and "cap" in by_name["a_big.txt"].reason
    assert by_name["b.txt"].result == "new"
    assert by_name["c.txt"].result == "failed" and "total size cap" in by_name["c.txt"].reason
    assert by_name["d_r004.txt"].result == "failed"          # budget already spent


def test_a_zip_inside_a_zip_is_read_and_a_broken_zip_fails_clearly(tmp_path, corpus, parser):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.write(corpus / "r010.txt", "r010.txt")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, "nested/inner.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    summary = ingest_paths([outer, broken, tmp_path / "missing.pdf"], tmp_path / "w.duckdb",
                           parser=parser)
    outcomes = {o.origin: (o.result, o.reason) for o in summary.outcomes}
    assert outcomes[f"{outer}!nested/inner.zip!r010.txt"][0] == "new"
    assert outcomes[str(broken)][0] == "failed" and "zip" in outcomes[str(broken)][1]
    assert outcomes[str(tmp_path / "missing.pdf")] == ("failed", "no such file or directory")


# --- symbolic links and special files in a folder (issue #16 item 2) ------------------------------

def test_links_inside_a_folder_are_skipped_with_the_reason(tmp_path, corpus, parser):
    """`ln -s /etc/passwd d/passwd.html; gongkai ingest d` must not store the password file."""
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    secret = outside / "secret.txt"
    secret.write_bytes((corpus / "r004.txt").read_bytes())     # a report, so it would be stored
    (outside / "sub" / "r010.txt").write_bytes((corpus / "r010.txt").read_bytes())
    d = tmp_path / "d"
    d.mkdir()
    (d / "r027.html").write_bytes((corpus / "r027.html").read_bytes())
    (d / "passwd.html").symlink_to("/etc/passwd")
    (d / "secret.txt").symlink_to(secret)
    (d / "linked_folder").symlink_to(outside / "sub", target_is_directory=True)
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (d / "bundle.zip").symlink_to(tmp_path / "nowhere.zip")
    summary = ingest_paths([d], tmp_path / "w.duckdb", parser=parser)
    by = {o.origin: o for o in summary.outcomes}
    assert by[str(d / "r027.html")].result == "new"
    for name, kind, target in (("passwd.html", "file", "/etc/passwd"), ("secret.txt", "file", secret),
                               ("linked_folder", "folder", outside / "sub"),
                               ("dangling.txt", "file", tmp_path / "nowhere.txt"),
                               ("bundle.zip", "file", tmp_path / "nowhere.zip")):
        o = by[str(d / name)]
        assert o.result == "skipped" and o.sha256 is None, o
        assert f"symbolic link to {kind} {target}" in o.reason and "not followed" in o.reason
    assert not any("r010" in origin for origin in by)          # the linked folder was not entered
    assert summary.count("skipped") == 5 and summary.count("new") == 1
    con = db.connect_read(tmp_path / "w.duckdb")
    try:
        assert db.run(con, "SELECT count(*) AS n FROM documents")["n"][0] == 1
    finally:
        con.close()


def test_a_link_named_on_the_command_line_is_followed(tmp_path, corpus, parser):
    """The user named it: a link given directly (to a file or a folder) is read; links inside that
    folder still are not."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "r004.txt").write_bytes((corpus / "r004.txt").read_bytes())
    (real / "inner_link.txt").symlink_to(corpus / "r010.txt")
    (tmp_path / "file_link.html").symlink_to(corpus / "r027.html")
    (tmp_path / "folder_link").symlink_to(real, target_is_directory=True)
    summary = ingest_paths([tmp_path / "file_link.html", tmp_path / "folder_link"], tmp_path / "w.duckdb",
                           parser=parser)
    got = {o.origin: o.result for o in summary.outcomes}
    assert got == {str(tmp_path / "file_link.html"): "new",
                   str(tmp_path / "folder_link" / "r004.txt"): "new",
                   str(tmp_path / "folder_link" / "inner_link.txt"): "skipped"}


def test_special_files_in_a_folder_are_not_read(tmp_path, corpus, parser):
    import os
    d = tmp_path / "d"
    d.mkdir()
    os.mkfifo(d / "pipe.txt")                   # reading it would block the ingest for ever
    (d / "r004.txt").write_bytes((corpus / "r004.txt").read_bytes())
    summary = ingest_paths([d, d / "pipe.txt"], tmp_path / "w.duckdb", parser=parser)
    got = [(o.origin, o.result, o.reason) for o in summary.outcomes]
    assert (str(d / "pipe.txt"), "skipped", "not a regular file (a FIFO, socket or device); not read") in got
    assert (str(d / "pipe.txt"), "failed", "not a regular file (a FIFO, socket or device); not read") in got
    assert (str(d / "r004.txt"), "new") in [(o, r) for o, r, _ in got]


def test_a_file_swapped_for_a_link_after_the_walk_is_refused(tmp_path, corpus):
    from gongkai.store.inputs import InputError, collect
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_bytes(b"report")
    (item,) = list(collect([d], ArchiveLimits()))
    (d / "a.txt").unlink()
    (d / "a.txt").symlink_to("/etc/passwd")
    try:
        item.load()
    except InputError as exc:
        assert "symbolic link" in str(exc)
    else:
        raise AssertionError("a link swapped in after the walk was followed")
