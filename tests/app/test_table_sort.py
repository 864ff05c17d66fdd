"""A page's main table order is in the URL (issue #14: "table sort" among the page widgets a copied
link must restore): ?sort=col / ?sort=-col on 数据质量 and 机构对比, set by the 排序 picker."""
from __future__ import annotations

import pandas as pd

from tests.app.test_pages import run_page


def _table(app, column: str) -> pd.DataFrame:
    return next(d.value for d in app.dataframe if column in d.value.columns)


def test_a_sort_in_the_url_orders_the_quality_table(app):
    run_page(app, "quality", sort="-cells_read")
    shown = _table(app, "cells_read")["cells_read"].tolist()
    assert shown == sorted(shown, reverse=True) and shown[0] > shown[-1]
    assert app.selectbox(key="dq_sort").value == "-cells_read"


def test_picking_a_sort_writes_it_to_the_url_and_the_default_order_leaves_it_out(app):
    run_page(app, "quality")
    default = _table(app, "cells_read")["cells_read"].tolist()
    assert default[0] <= default[-1]                              # worst first by default
    app.selectbox(key="dq_sort").set_value("-year").run()
    assert app.query_params["sort"] == ["-year"] or app.query_params["sort"] == "-year"
    years = _table(app, "year")["year"].dropna().tolist()
    assert years == sorted(years, reverse=True)
    app.selectbox(key="dq_sort").set_value("").run()
    assert "sort" not in app.query_params
    assert _table(app, "cells_read")["cells_read"].tolist() == default


def test_a_sort_that_names_no_column_is_ignored(app):
    run_page(app, "compare", min_n="1", sort="'; DROP TABLE reports; --")
    assert app.selectbox(key="cmp_sort").value == ""
    for sort, descending in (("processed_count", False), ("-processed_count", True)):
        run_page(app, "compare", min_n="1", sort=sort)
        counts = _table(app, "processed_count")["processed_count"].tolist()
        assert len(set(counts)) > 1 and counts == sorted(counts, reverse=descending)
