"""One ibis expression, run by DuckDB and by a local Spark Connect server, gives the same frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir
import pandas as pd
import pytest

if TYPE_CHECKING:  # imported at run time only by the fixture: pyspark warns on import
    from ibis.backends.pyspark import Backend as SparkBackend

FRAME = pd.DataFrame(
    {
        "year": [2021, 2021, 2021, 2022, 2022, 2022, 2022],
        "reporter": ["RU", "RU", "CN", "RU", "RU", "CN", "CN"],
        "partner": ["CN", "CN", "RU", "CN", "CN", "RU", "RU"],
        "product": ["oil", "gas", "cars", "oil", "gas", "cars", "oil"],
        "value": [1.5, 2.25, 3.0, 4.5, None, 0.75, 10.0],
    }
)


def totals(trade: ir.Table) -> ir.Table:
    by_pair = trade.group_by(["year", "reporter", "partner"])
    summed = by_pair.aggregate(value=trade.value.sum(), rows=trade.count())
    return summed.order_by(["year", "reporter", "partner"])


def _from_parquet(con: ibis.BaseBackend, path: Path) -> ir.Table:
    # The server reads the file by its local path: it runs on this machine.
    return con.read_parquet(path)


def _from_memtable(con: ibis.BaseBackend, path: Path) -> ir.Table:
    # The client sends the rows to the server (Arrow over gRPC) when the query runs.
    return ibis.memtable(FRAME)


@pytest.mark.parametrize("load", [_from_parquet, _from_memtable], ids=["parquet", "memtable"])
def test_spark_totals_equal_duckdb(
    spark_ibis: SparkBackend,
    tmp_path: Path,
    load: Callable[[ibis.BaseBackend, Path], ir.Table],
) -> None:
    path = tmp_path / "trade.parquet"
    FRAME.to_parquet(path, index=False)
    duckdb = ibis.duckdb.connect()

    expected = duckdb.execute(totals(load(duckdb, path)))
    got = spark_ibis.execute(totals(load(spark_ibis, path)))

    # Same dtypes from both (int64, str, float64): no check_dtype=False needed here.
    pd.testing.assert_frame_equal(got, expected)
    # And not equal by both being wrong: the null value is left out of the sum, not the count.
    assert got["value"].tolist() == [3.0, 3.75, 10.75, 4.5]
    assert got["rows"].tolist() == [1, 2, 2, 2]
