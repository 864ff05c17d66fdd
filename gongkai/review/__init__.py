"""Rectification list (整改清单): per agency, everything in its current reports that needs fixing or checking.

    gongkai review [--region R] [--year Y] [--db FILE] --format xlsx|csv|md [--out FILE]

build   `build_review(con, region=None, year=None) -> DataFrame`, one row per finding (pure data)
write   `review_xlsx_bytes`, `review_csv_bytes`, `review_markdown`; `COLUMN_LABELS` (Chinese headers)

The command line is gongkai.cli; the Chinese labels of cells are gongkai.parse.labels.
"""
from gongkai.review.build import CATEGORIES, COLUMNS, build_review
from gongkai.review.write import (COLUMN_LABELS, chinese_headers, review_csv_bytes, review_markdown,
                                  review_xlsx_bytes, summary_frame)

__all__ = ["CATEGORIES", "COLUMNS", "build_review",
           "COLUMN_LABELS", "chinese_headers", "review_csv_bytes", "review_markdown", "review_xlsx_bytes",
           "summary_frame"]
