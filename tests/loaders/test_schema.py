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


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"value": -5.0}, "value = -5.0"),
        ({"flow": "re-export"}, "flow = 're-export'"),
        ({"partner": "WLD"}, "partner_is_aggregate agrees with partner"),
        ({"partner": "RUS", "partner_is_aggregate": True}, "partner_is_aggregate agrees"),
        ({"partner": "KAZ"}, "reporter differs from partner"),
        ({"freq": "M"}, "period is a year, a month or January-to-month"),
        ({"period_end": pd.Timestamp("2021-12-30")}, "period is a year"),
        ({"currency": "XYZ"}, "currency = 'XYZ'"),
        ({"product": "27.10"}, "product = '27.10'"),
    ],
)
def test_bad_rows_name_their_locator(change, reason):
    with pytest.raises(LoadError) as error:
        schema.validate("observations", pd.DataFrame([_observation(**change)]), "in.xls")
    message = str(error.value)
    assert message.startswith("in.xls: expected observations rows that satisfy the tidy schema")
    assert reason in message
    if "agrees" not in reason and "differs" not in reason and "period is" not in reason:
        assert "sheet 'x', row 7" in message


def test_duplicate_keys_are_refused():
    frame = pd.DataFrame([_observation(), _observation(value=2.0)])
    with pytest.raises(LoadError, match="tidy schema"):
        schema.validate("observations", frame)


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
