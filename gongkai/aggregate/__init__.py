"""Aggregate tables: a jurisdiction's tables 2, 3 and 4 summed over its agencies' reports.

    gongkai aggregate --region R --year Y [--db FILE] --format xlsx|docx|html [--out FILE]

build   `build_aggregate(con, region, year) -> Aggregate`: the sums, coverage and checks (pure data)
grids   the statutory layout as a grid; `tables_html(cells, version)` as an HTML fragment
write   `write_xlsx / write_docx / write_html(agg) -> bytes`, `WRITERS` by format name

The command line is gongkai.cli; the Chinese labels of cells are gongkai.parse.labels.
"""
from gongkai.aggregate.build import Aggregate, build_aggregate, by_report_value
from gongkai.aggregate.grids import (SECTION_TITLES, Grid, GridCell, grid_html, grid_t2, grid_t3, grid_t4,
                                     statutory_grids, tables_html)
from gongkai.aggregate.write import WRITERS, write_docx, write_html, write_xlsx

__all__ = ["Aggregate", "build_aggregate", "by_report_value",
           "SECTION_TITLES", "Grid", "GridCell", "grid_html", "grid_t2", "grid_t3", "grid_t4",
           "statutory_grids", "tables_html",
           "WRITERS", "write_docx", "write_html", "write_xlsx"]
