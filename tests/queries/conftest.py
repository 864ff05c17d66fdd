"""One warehouse built from the bundled reports (data/reports) per test session, shared by the query tests."""
from __future__ import annotations

import pytest

from gongkai.store import connect_read, ensure_database


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    """Path of a warehouse built with the store's own ingest from data/reports."""
    return ensure_database(tmp_path_factory.mktemp("queries") / "bundled.duckdb")


@pytest.fixture(scope="session")
def con(warehouse):
    connection = connect_read(warehouse)
    yield connection
    connection.close()
