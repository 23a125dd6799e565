"""bench/bench_bulk.py at 20,000 rows: its synthetic BACI files ingest, and the dashboard's
four product queries give the same answers on DuckDB over the store as its pandas baseline
(no timing here: machines are noisy)."""

from __future__ import annotations

import pytest

from bench import bench_bulk


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bench-bulk")
    codes = bench_bulk.country_codes(fake=False)
    paths = bench_bulk.generate(
        directory, 20_000, years=5, seed=7, codes=codes, n_countries=60, n_products=400
    )
    timing = bench_bulk.run_ingest(paths, directory / "store")
    return directory / "store", timing, paths


def test_generator_writes_baci_files(small_store):
    _, timing, paths = small_store
    assert paths[0].name == "BACI_HS17_Y2018_V202401.csv"
    header, first = paths[0].read_text().splitlines()[:2]
    assert header == "t,i,j,k,v,q"
    assert first.split(",")[0] == "2018"
    assert timing["rows"] == 20_000


def test_duckdb_and_pandas_give_equal_answers(small_store):
    store, _, _ = small_store
    sets = bench_bulk.pick_params(store, seed=7)
    assert all(sets.values())
    ledger = bench_bulk.products(store)
    checked = bench_bulk.check_answers(ledger, bench_bulk.load_pandas(store), sets)
    assert checked == sum(len(v) for v in sets.values())
