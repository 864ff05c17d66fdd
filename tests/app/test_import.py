"""The import page previews what the parser reads from uploaded files and adds them to the
warehouse with the store's ingest (run here against a copy, so other tests keep their data)."""
from __future__ import annotations

import shutil

from gongkai import config


def test_uploaded_files_are_previewed_then_added(app, app_db, tmp_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(app_db, copy)
    monkeypatch.setenv("GONGKAI_DB", str(copy))
    app.run()
    app.switch_page("app_pages/upload.py")
    app.run()
    content = (config.BUNDLED_REPORTS_DIR / "r012.txt").read_bytes()
    hostile = b"<script>alert(1)</script> not a report"
    app.file_uploader(key="up_files").set_value([("new_report.txt", content + b"\n", "text/plain"),
                                                  ("hostile.html", hostile, "text/html")])
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    preview = next(d.value for d in app.dataframe if "file" in d.value.columns)
    assert list(preview["file"]) == ["new_report.txt", "hostile.html"]
    assert preview.loc[0, "agency"] == "桂花坪街道"
    app.button(key="up_ingest").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success and "新增" in app.success[0].value
    result = next(d.value for d in app.dataframe if "result" in d.value.columns)
    assert set(result["result"]) <= {"新增", "更新"} and len(result) == 2      # new / updated, named
    assert not any("<script>" in m.value for m in app.markdown)
