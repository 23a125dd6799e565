"""The tidy schema: what it accepts, what it refuses, and how failures read."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import Frames, schema
from loaders.errors import LoadError


def _observation(**change) -> dict:
    row = {
        "reporter": "KAZ",
        "partner": "RUS",
        "reporter_is_aggregate": False,
        "partner_is_aggregate": False,
        "flow": "export",
        "product": "TOTAL",
        "classification": None,
        "period_start": pd.Timestamp("2021-01-01"),
        "period_end": pd.Timestamp("2021-12-31"),
        "freq": "A",
        "value": 1.0,
        "currency": "USD",
        "basis": "reported",
        "approx": False,
        "qualifier": None,
        "precision": None,
        "source_id": "s1",
        "edition": "2021",
        "locator": "sheet 'x', row 7",
        "note": None,
    }
    row.update(change)
    return row


def test_good_row():
    frame = schema.validate("observations", pd.DataFrame([_observation()]))
    assert list(frame.columns) == schema.OBSERVATION_COLUMNS


FLAG = "true for a group code (WLD, EU27) and false for a country code (KAZ)"
EDITION_RULE = (
    "an HS edition (classification such as HS2017) with a product code, and none with TOTAL"
)
PERIOD = (
    "a period_start, period_end and freq forming a calendar year (A), a month (M) "
    "or January to a month (YTD)"
)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (
            {"value": -5.0},
            "value = -5.0, expected a figure of zero or more: trade flows are never negative",
        ),
        ({"value": 1e17}, "value = 1e+17, expected a figure below 10^16 in full units"),
        ({"value": "x"}, "value = 'x', expected a number"),
        ({"flow": "re-export"}, "flow = 're-export', expected export, import or turnover"),
        (
            {"partner": "ZZZ"},
            "partner = 'ZZZ', expected an ISO3 country code (KAZ) or a group code (WLD, EU27)",
        ),
        (
            {"partner": "WLD"},
            f"partner_is_aggregate = False, partner = 'WLD', expected partner_is_aggregate {FLAG}",
        ),
        (
            {"partner": "RUS", "partner_is_aggregate": True},
            f"partner_is_aggregate = True, partner = 'RUS', expected partner_is_aggregate {FLAG}",
        ),
        (
            {"partner": "KAZ"},
            "partner = 'KAZ', reporter = 'KAZ', expected a partner other than the reporter",
        ),
        (
            {"freq": "M"},
            f"period_start = 2021-01-01, period_end = 2021-12-31, freq = 'M', expected {PERIOD}",
        ),
        (
            {"period_end": pd.Timestamp("2021-12-30")},
            f"period_start = 2021-01-01, period_end = 2021-12-30, freq = 'A', expected {PERIOD}",
        ),
        ({"currency": "XYZ"}, "currency = 'XYZ', expected an ISO 4217 currency code such as USD"),
        (
            {"product": "27.10"},
            "product = '27.10', expected TOTAL or an HS code of 2, 4, 6, 8 or 10 digits",
        ),
        ({"source_id": None}, "source_id = empty, expected a value"),
        ({"product": "27"}, f"classification = empty, product = '27', expected {EDITION_RULE}"),
        (
            {"classification": "HS2017"},
            f"classification = 'HS2017', product = 'TOTAL', expected {EDITION_RULE}",
        ),
        (
            {"product": "27", "classification": "H5"},
            "classification = 'H5', expected an HS edition: HS1992, HS1996, HS2002, HS2007, "
            "HS2012, HS2017 or HS2022",
        ),
    ],
)
def test_bad_rows_name_their_locator(change, detail):
    with pytest.raises(LoadError) as error:
        schema.validate("observations", pd.DataFrame([_observation(**change)]), "in.xls")
    assert str(error.value) == (
        f"in.xls: expected observations rows that satisfy the tidy schema "
        f"(sheet 'x', row 7: {detail})"
    )


def test_rows_without_a_locator_are_named_by_number_and_listed_row_by_row():
    rows = [
        _observation(locator=None, partner="KAZ", flow="re-export"),
        _observation(value=-1.0),
    ]
    with pytest.raises(LoadError) as error:
        schema.validate("observations", pd.DataFrame(rows), "in.xls")
    assert error.value.details == [
        "row 1: flow = 're-export', expected export, import or turnover",
        "row 1: partner = 'KAZ', reporter = 'KAZ', expected a partner other than the reporter",
        "sheet 'x', row 7: value = -1.0, expected a figure of zero or more: trade flows are "
        "never negative",
    ]


def test_a_product_code_with_its_edition_is_valid():
    row = _observation(product="270900", classification="HS2002")
    frame = schema.validate("observations", pd.DataFrame([row]))
    assert frame[["product", "classification"]].values.tolist() == [["270900", "HS2002"]]


def test_duplicate_keys_are_refused():
    frame = pd.DataFrame([_observation(), _observation(value=2.0, locator="sheet 'x', row 8")])
    with pytest.raises(LoadError) as error:
        schema.validate("observations", frame)
    assert error.value.details == [
        "sheet 'x', row 8: expected a figure not given on an earlier row (the same reporter, "
        "partner, flow, product, period, currency, basis and source)"
    ]


def test_a_broken_row_is_not_also_called_a_repeat():
    frame = pd.DataFrame([_observation(value=-1.0), _observation()])
    with pytest.raises(LoadError) as error:
        schema.validate("observations", frame)
    assert [line.split(", expected")[0] for line in error.value.details] == [
        "sheet 'x', row 7: value = -1.0"
    ]


def test_long_reports_are_cut_with_a_count():
    frame = pd.DataFrame([_observation(value=-1.0)] * 12)
    with pytest.raises(LoadError) as error:
        schema.validate("observations", frame)
    assert len(error.value.details) == 9
    assert error.value.details[-1] == "and 4 more"


def test_press_source_needs_its_quote():
    source = {c: None for c in schema.SOURCE_COLUMNS}
    source.update(source_id="p", publisher="P", title="T", kind="press", language="ar", dataset="d")
    with pytest.raises(LoadError, match="verbatim quote"):
        schema.validate("sources", pd.DataFrame([source]))
    source.update(quote="نص", quote_en="text")
    assert len(schema.validate("sources", pd.DataFrame([source]))) == 1


def test_every_source_id_must_be_listed():
    frames = Frames(observations=pd.DataFrame([_observation()]))
    with pytest.raises(LoadError, match="observations.source_id listed in sources, found 's1'"):
        frames.validated("x")


def test_undisclosed_sector_amounts_stay_empty_and_zero_is_refused():
    row = {
        "deal_id": "d",
        "sector": "Mining",
        "sector_original": None,
        "amount": None,
        "currency": "USD",
        "source_id": "s",
    }
    assert schema.validate("deal_sectors", pd.DataFrame([row])).amount.isna().all()
    with pytest.raises(LoadError, match="amount = 0.0"):
        schema.validate("deal_sectors", pd.DataFrame([dict(row, amount=0.0)]))


def test_formula_like_text():
    assert schema.is_formula_like("=HYPERLINK(1)")
    assert schema.is_formula_like("-2+3")
    assert not schema.is_formula_like("Kazakhstan")
    assert not schema.is_formula_like(5)


def test_empty_tables_have_schema_dtypes():
    for table in schema.TABLES:
        assert schema.validate(table, schema.empty(table)).empty


def _rate(**change) -> dict:
    row = {
        "currency": "USD",
        "base": "EUR",
        "period_start": pd.Timestamp("2021-01-01"),
        "period_end": pd.Timestamp("2021-12-31"),
        "freq": "A",
        "rate": 1.1827,
        "basis": "derived",
        "source_id": "ecb",
        "note": None,
    }
    row.update(change)
    return row


def test_rates_accept_withdrawn_currencies_and_months():
    rows = [_rate(), _rate(currency="HRK", rate=7.5), _rate(period_end="2021-01-31", freq="M")]
    frame = schema.validate("rates", pd.DataFrame(rows))
    assert list(frame.columns) == schema.RATE_COLUMNS
    assert frame.currency.tolist() == ["USD", "HRK", "USD"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"rate": 0.0}, "rate = 0.0, expected a rate above zero"),
        ({"currency": "EUR"}, "expected a currency other than the base"),
        ({"currency": "XYZ"}, "currency = 'XYZ', expected an ISO 4217 currency code"),
        ({"freq": "YTD", "period_end": "2021-05-31"}, "freq = 'YTD', expected A (a calendar"),
        ({"period_end": "2021-06-30"}, "expected a period_start, period_end and freq forming"),
        ({"basis": "claim"}, "basis = 'claim', expected reported or derived"),
    ],
)
def test_rates_refuse(change, expected):
    with pytest.raises(LoadError) as error:
        schema.validate("rates", pd.DataFrame([_rate(**change)]))
    assert expected in str(error.value)


def test_a_rate_given_twice_is_refused():
    with pytest.raises(LoadError, match="row 2: expected a rate not given on an earlier row"):
        schema.validate("rates", pd.DataFrame([_rate(), _rate(rate=1.2)]))


def test_text_stored_before_a_nullable_column_existed_still_reads():
    from loaders.tables import table_from_text, to_csv_text

    stored = pd.DataFrame([_observation(product="TOTAL")]).drop(columns="classification")
    frame = table_from_text(to_csv_text(stored), "observations", "kept.csv")
    assert list(frame.columns) == schema.OBSERVATION_COLUMNS
    assert frame.classification.isna().all()
    # A required column is never made up.
    with pytest.raises(LoadError, match=r"missing \['source_id'\]"):
        table_from_text(to_csv_text(stored.drop(columns="source_id")), "observations")
