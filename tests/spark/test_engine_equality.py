"""The dashboard's four product queries give equal frames on DuckDB and on Spark (through
Spark Connect): the shipped product rows in memory plus a bulk store written by the ingest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.engine import Products, memory_rows
from dashboard.store import default_store
from loaders import baci
from loaders.ingest import ingest_baci

# A BACI file as CEPII names it: Kazakhstan and Russia trade with China and each other.
BULK = """t,i,j,k,v,q
2020,398,643,260111,1000.5,10
2020,398,643,720839,200.25,
2021,398,643,260111,1500.125,12
2021,398,156,10110,300,3
2021,643,398,270900,7000.75,70
2021,156,398,847130,820.5,1
2021,643,156,270900,9000,90
"""
ASKED = [
    # 2020 and 2021 from the bulk store (which supersedes the shipped 2021 extract).
    ("pair_series", {"dataset": "baci", "reporter": "KAZ", "partner": "RUS", "flow": "export"}),
    ("pair_series", {"dataset": "baci", "reporter": "KAZ", "partner": "RUS", "flow": "import"}),
    ("partner_ranking", {"dataset": "baci", "reporter": "KAZ", "year": 2021, "flow": "export"}),
    ("partner_ranking", {"dataset": "baci", "reporter": "KAZ", "year": 2021, "flow": "import"}),
    (
        "product_breakdown",
        {"dataset": "baci", "reporter": "KAZ", "partner": "RUS", "year": 2021, "flow": "export"}
        | {"level": 2},
    ),
    (
        "product_breakdown",
        {"dataset": "baci", "reporter": "KAZ", "partner": "WLD", "year": 2019, "flow": "export"}
        | {"level": 4, "within": "27"},
    ),
    (
        "product_breakdown",
        {"dataset": "baci", "reporter": "KAZ", "partner": None, "year": 2021, "flow": "export"}
        | {"level": 6, "within": "2601"},
    ),
    (
        "product_partners",
        {"dataset": "baci", "reporter": "KAZ", "code": "2601", "year": 2021, "flow": "export"},
    ),
    (
        "product_partners",
        {"dataset": "baci", "reporter": "KAZ", "code": "27", "year": 2021, "flow": "import"},
    ),
]


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bulk")
    raw = folder / "BACI_HS17_Y2021_V202401.csv"
    raw.write_text(BULK, encoding="utf-8")
    ingest_baci([raw], folder / "store")
    return folder / "store"


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return memory_rows(default_store().observations)


@pytest.mark.parametrize(
    ("name", "params"), ASKED, ids=[f"{n}-{i}" for i, (n, _p) in enumerate(ASKED)]
)
def test_duckdb_and_spark_give_equal_frames(name, params, rows, bulk, spark_remote):
    duck = Products(rows, bulk).run(name, digits=6, **params)
    spark = Products(rows, bulk, engine="spark", remote=spark_remote).run(name, digits=6, **params)
    assert not duck.empty, "a query that finds nothing proves nothing"
    pd.testing.assert_frame_equal(spark, duck, check_exact=False, rtol=1e-12)


def test_the_bulk_rows_are_in_both_answers(rows, bulk, spark_remote):
    # Kazakhstan's 2021 exports are the bulk file's: the shipped extract of that year is
    # superseded, not added (live horses to China, 300 thousand dollars).
    asked = {"dataset": "baci", "reporter": "KAZ", "year": 2021, "flow": "export", "digits": 6}
    for engine in ("duckdb", "spark"):
        products = Products(rows, bulk, engine=engine, remote=spark_remote)
        found = products.run("product_partners", code="010110", **asked)
        assert found.source_id.tolist() == ["baci-baci_hs17_y2021_v202401"], engine
        assert found.value.tolist() == [300_000.0], engine
    assert 398 in baci.country_codes()
