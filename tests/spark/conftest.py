"""A local Spark Connect server for the session, and an ibis connection to it.

The server is the full pyspark in .venv-spark (or FIGURES_SPARK_HOME); the tests reach it
through the main venv's thin pyspark-client. Without it, or without java, the tests skip with
the reason, unless FIGURES_REQUIRE_SPARK is set (as `make test-spark` does): then it's a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.spark import server

if TYPE_CHECKING:
    from ibis.backends.pyspark import Backend

HERE = Path(__file__).resolve().parent

# Warnings the project's "error" filter would raise, none about this project's code: pyspark 4.2
# on pandas 3.1 (at import, and a deprecated `copy=` in every toPandas()); ibis 12 reading the
# deprecated future.infer_string option whenever it returns strings to pandas (DuckDB's results
# too); and ibis passing verifySchema=False to createDataFrame for a memtable, which a Connect
# session ignores with a warning.
SPARK_WARNINGS = (
    "ignore:PySpark does not yet fully support pandas:FutureWarning",
    "ignore:The copy keyword is deprecated:DeprecationWarning:pyspark",
    "ignore:The 'future.infer_string' option is deprecated:DeprecationWarning:ibis",
    "ignore:'verifySchema' is ignored:UserWarning:pyspark",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees every collected test, not just this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            for spec in SPARK_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))


def _required() -> bool:
    return os.environ.get("FIGURES_REQUIRE_SPARK", "") not in ("", "0")


@pytest.fixture(scope="session")
def spark_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sc://127.0.0.1:PORT address of a Spark Connect server running for this session."""
    home = server.spark_home()
    missing = []
    if home is None:
        where = os.environ.get("FIGURES_SPARK_HOME") or server.SPARK_VENV
        missing.append(f"no pyspark with bin/spark-submit in {where} (make .venv-spark/.stamp)")
    if server.java() is None:
        missing.append("no java (JAVA_HOME or PATH)")
    if missing:
        reason = "Spark Connect server unavailable: " + "; ".join(missing)
        if _required():
            pytest.fail(reason + " (FIGURES_REQUIRE_SPARK is set)")
        pytest.skip(reason)
    assert home is not None
    running = server.start(home, tmp_path_factory.mktemp("spark-connect"))
    try:
        running.wait_until_ready(timeout=120)
        yield running.remote
    finally:
        _close_clients()
        running.stop()


def _close_clients() -> None:
    """Close every Spark Connect client still open before the server stops: an open client
    cleans up at interpreter exit, and against a stopped server its retries hold the test
    run for minutes."""
    import gc

    from pyspark.sql.connect.client.core import SparkConnectClient

    for thing in gc.get_objects():
        if isinstance(thing, SparkConnectClient) and not thing.is_closed:
            thing.close()


@pytest.fixture(scope="session")
def spark_ibis(spark_remote: str) -> Iterator[Backend]:
    """An ibis pyspark backend on a Spark Connect session of the server."""
    import ibis
    from pyspark.sql import SparkSession

    session = SparkSession.builder.remote(spark_remote).create()
    con = ibis.pyspark.connect(session)
    try:
        yield con
    finally:
        con.disconnect()
