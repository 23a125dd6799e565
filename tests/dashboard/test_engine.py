"""The product ledger's four queries on DuckDB: answers, orientation of a symmetric dataset,
the world, HS levels, threads and the environment's engine settings."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from dashboard.engine import QUERIES, EngineError, Products, memory_rows, tidy_result
from loaders import ingest


def product_rows(rows: list[tuple]) -> pd.DataFrame:
    """Product rows from (dataset, reporter, partner, flow, product, year, value)."""
    frame = pd.DataFrame(
        rows, columns=["dataset", "reporter", "partner", "flow", "product", "year", "value"]
    )
    return frame.assign(
        classification="HS2002",
        year=frame.year.astype("int32"),
        value=frame.value.astype("float64"),
        quantity=float("nan"),
        source_id=frame.dataset + "-" + frame.year.astype(str),
    )


ROWS = product_rows(
    [
        ("baci", "KAZ", "RUS", "export", "260111", 2021, 100.0),
        ("baci", "KAZ", "RUS", "export", "260112", 2021, 50.0),
        ("baci", "KAZ", "RUS", "export", "720839", 2021, 30.0),
        ("baci", "KAZ", "RUS", "export", "260111", 2020, 80.0),
        ("baci", "KAZ", "CHN", "export", "260111", 2021, 500.0),
        ("baci", "KAZ", "WLD", "export", "260111", 2021, 900.0),
        ("baci", "RUS", "KAZ", "export", "270900", 2021, 70.0),
        ("baci", "CHN", "KAZ", "export", "847130", 2021, 40.0),
        # A national table by chapter: not symmetric, two digits.
        ("fcs", "RUS", "WLD", "import", "26", 2021, 1000.0),
        ("fcs", "RUS", "WLD", "export", "27", 2021, 2000.0),
    ]
)


@pytest.fixture(scope="module")
def products() -> Products:
    return Products(ROWS)


def test_pair_series_sums_products_by_year(products):
    answer = products.run(
        "pair_series", dataset="baci", reporter="KAZ", partner="RUS", flow="export", digits=6
    )
    pd.testing.assert_frame_equal(
        answer, pd.DataFrame({"year": [2020, 2021], "value": [80.0, 180.0]})
    )


def test_partner_ranking_leaves_the_world_out(products):
    answer = products.run(
        "partner_ranking", dataset="baci", reporter="KAZ", year=2021, flow="export", digits=6
    )
    assert answer.partner.tolist() == ["CHN", "RUS"]
    assert answer.value.tolist() == [500.0, 180.0]


def test_imports_of_a_symmetric_dataset_are_its_exports_read_backwards(products):
    answer = products.run(
        "partner_ranking", dataset="baci", reporter="KAZ", year=2021, flow="import", digits=6
    )
    assert list(zip(answer.partner, answer.value, strict=True)) == [("RUS", 70.0), ("CHN", 40.0)]


def test_imports_of_a_national_table_are_its_own_rows(products):
    answer = products.run(
        "product_breakdown",
        dataset="fcs",
        reporter="RUS",
        partner="WLD",
        year=2021,
        flow="import",
        digits=2,
        level=2,
    )
    assert answer[["code", "value"]].values.tolist() == [["26", 1000.0]]


def test_breakdown_by_chapter_with_the_year_before(products):
    answer = products.run(
        "product_breakdown",
        dataset="baci",
        reporter="KAZ",
        partner="RUS",
        year=2021,
        flow="export",
        digits=6,
        level=2,
    )
    expected = pd.DataFrame(
        {
            "code": ["26", "26", "72"],
            "year": [2020, 2021, 2021],
            "source_id": ["baci-2020", "baci-2021", "baci-2021"],
            "value": [80.0, 150.0, 30.0],
        }
    )
    pd.testing.assert_frame_equal(answer, expected)


def test_breakdown_inside_a_chapter_and_over_every_partner(products):
    inside = products.run(
        "product_breakdown",
        dataset="baci",
        reporter="KAZ",
        partner=None,
        year=2021,
        flow="export",
        digits=6,
        level=6,
        within="2601",
    )
    current = inside[inside.year == 2021]
    # The world's own row (900) is not added to the partners' (100 + 500, 50).
    assert current[["code", "value"]].values.tolist() == [["260111", 600.0], ["260112", 50.0]]


def test_product_partners(products):
    answer = products.run(
        "product_partners",
        dataset="baci",
        reporter="KAZ",
        code="2601",
        year=2021,
        flow="export",
        digits=6,
    )
    assert answer[["partner", "value"]].values.tolist() == [["CHN", 500.0], ["RUS", 150.0]]


def test_codes_of_other_lengths_are_not_summed_in(products):
    answer = products.run(
        "product_breakdown",
        dataset="fcs",
        reporter="RUS",
        partner="WLD",
        year=2021,
        flow="export",
        digits=6,
        level=2,
    )
    assert answer.empty


def test_each_thread_has_its_own_connection_and_the_same_answers(products):
    def ask(_index):
        return products.run(
            "pair_series", dataset="baci", reporter="KAZ", partner="RUS", flow="export", digits=6
        )

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ask, range(16)))
    for answer in answers:
        pd.testing.assert_frame_equal(answer, answers[0])


def test_summary_lists_what_is_held_with_importers_of_a_symmetric_dataset(products):
    held = products.summary.set_index(["dataset", "reporter", "flow", "digits"])
    assert held.loc[("baci", "KAZ", "export", 6), "years"] == [2020, 2021]
    assert held.loc[("baci", "KAZ", "import", 6), "years"] == [2021]
    assert held.loc[("baci", "RUS", "import", 6), "years"] == [2020, 2021]
    assert held.loc[("fcs", "RUS", "import", 2), "years"] == [2021]
    assert ("fcs", "WLD", "import", 2) not in held.index


def test_memory_rows_take_annual_dollar_product_figures_of_the_latest_edition():
    observations = pd.DataFrame(
        {
            "dataset": ["baci", "baci", "baci", "bns"],
            "reporter": ["KAZ"] * 4,
            "partner": ["RUS"] * 4,
            "flow": ["export"] * 4,
            "product": ["260111", "260111", "TOTAL", "260111"],
            "classification": ["HS2002", "HS2002", None, "HS2002"],
            "period_start": pd.to_datetime(["2021-01-01"] * 4),
            "freq": ["A", "A", "A", "M"],
            "currency": ["USD"] * 4,
            "is_latest": [True, False, True, True],
            "value": [1.0, 2.0, 3.0, 4.0],
            "source_id": ["a", "b", "c", "d"],
        }
    )
    rows = memory_rows(observations)
    assert rows[["source_id", "year", "value"]].values.tolist() == [["a", 2021, 1.0]]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"FIGURES_ENGINE": "oracle"}, "expected duckdb or spark"),
        ({"FIGURES_ENGINE": "spark"}, "needs SPARK_REMOTE=sc://host:port"),
    ],
)
def test_the_environment_names_a_known_engine(environ, message):
    with pytest.raises(EngineError, match=message):
        Products.from_env(ROWS, None, environ)


def test_an_unreachable_spark_server_is_one_clear_error():
    products = Products.from_env(
        ROWS, None, {"FIGURES_ENGINE": "spark", "SPARK_REMOTE": "sc://127.0.0.1:9"}
    )
    with pytest.raises(EngineError, match=r"Spark Connect at sc://127\.0\.0\.1:9"):
        products.run(
            "pair_series", dataset="baci", reporter="KAZ", partner="RUS", flow="export", digits=6
        )


def test_a_bulk_store_is_read_from_its_database_file_or_else_its_parquet(tmp_path):
    raw = tmp_path / "BACI_HS17_Y2021_V202401.csv"
    raw.write_text(
        "t,i,j,k,v,q\n2021,398,643,260111,1.5,1\n2021,398,156,260111,2,1\n"
        "2021,643,398,270900,7,1\n",
        encoding="utf-8",
    )
    ingest.ingest_baci([raw], tmp_path / "store")
    asked = {"dataset": "baci", "reporter": "KAZ", "year": 2021, "flow": "export", "digits": 6}
    native = Products(ROWS, tmp_path / "store").run("partner_ranking", **asked)
    # The shipped rows of Kazakhstan's 2021 exports give way to the store's.
    assert native[["partner", "value"]].values.tolist() == [["CHN", 2000.0], ["RUS", 1500.0]]
    (tmp_path / "store" / ingest.DATABASE).unlink()
    parquet = Products(ROWS, tmp_path / "store").run("partner_ranking", **asked)
    pd.testing.assert_frame_equal(parquet, native)
    imports = Products(ROWS, tmp_path / "store").run(
        "partner_ranking", **(asked | {"flow": "import"})
    )
    assert imports[["partner", "value"]].values.tolist() == [["RUS", 7000.0], ["CHN", 40.0]]


ASKED = [
    ("pair_series", {"reporter": "KAZ", "partner": "RUS", "flow": "export"}),
    ("pair_series", {"reporter": "KAZ", "partner": "CHN", "flow": "import"}),
    ("partner_ranking", {"reporter": "KAZ", "year": 2021, "flow": "export"}),
    ("partner_ranking", {"reporter": "RUS", "year": 2021, "flow": "import"}),
    (
        "product_breakdown",
        {"reporter": "KAZ", "partner": "RUS", "year": 2021, "flow": "export", "level": 2},
    ),
    (
        "product_breakdown",
        {
            "reporter": "KAZ",
            "partner": None,
            "year": 2021,
            "flow": "export",
            "level": 4,
            "within": "26",
        },
    ),
    (
        "product_breakdown",
        {"reporter": "KAZ", "partner": "RUS", "year": 2020, "flow": "import", "level": 6},
    ),
    ("product_partners", {"reporter": "KAZ", "code": "2601", "year": 2021, "flow": "export"}),
    ("product_partners", {"reporter": "KAZ", "code": "27", "year": 2021, "flow": "import"}),
]


@pytest.mark.parametrize(("name", "params"), ASKED)
def test_a_prepared_query_answers_as_its_ibis_expression(products, name, params):
    # The SQL is compiled once per shape with stand-ins for the values, then bound: the
    # answers must be those of the expression itself, for this and for other values.
    params = {"dataset": "baci", "digits": 6, **params}
    backend, tables = products._connection()
    direct = tidy_result(backend.to_pyarrow(QUERIES[name](tables, **params)).to_pandas())
    pd.testing.assert_frame_equal(products.run(name, **params), direct)
    other = {**params, "reporter": "RUS" if params["reporter"] == "KAZ" else "KAZ"}
    direct = tidy_result(backend.to_pyarrow(QUERIES[name](tables, **other)).to_pandas())
    pd.testing.assert_frame_equal(products.run(name, **other), direct)
