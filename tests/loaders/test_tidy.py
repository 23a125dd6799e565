"""The shared tidy step: raw records and source descriptions -> validated tidy rows."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pandas as pd
import pytest

from loaders import schema, tidy
from loaders.errors import LoadError
from loaders.periods import Period

SOURCE = tidy.Source(
    source_id="kz-2021",
    publisher="Bureau of National Statistics",
    title="Foreign trade by country",
    kind="official_statistics",
    language="ru",
    dataset="kz",
    edition="2021",
)


def _record(**change) -> tidy.Record:
    fields = {
        "reporter": "KAZ",
        "partner": "Россия",
        "flow": "export",
        "period": Period.year(2021),
        "value": 7_018_745.76433,
        "scale": 1000.0,
        "currency": "USD",
        "locator": "sheet '2021', row 12",
    }
    fields.update(change)
    return tidy.Record(**fields)


def _rows(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows with empty cells as None, so whole rows compare as plain dicts."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def test_a_source_has_exactly_the_sources_columns():
    assert [f.name for f in fields(tidy.Source)] == schema.SOURCE_COLUMNS


def test_records_become_whole_observation_rows():
    frames = tidy.frames("kz.xls", SOURCE, [_record()])
    assert _rows(frames.observations) == [
        {
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
            # Thousands times 1000, rounded to the cent: the published figure exactly.
            "value": 7_018_745_764.33,
            "currency": "USD",
            "basis": "reported",
            "approx": False,
            "qualifier": None,
            "precision": None,
            "source_id": "kz-2021",
            "edition": "2021",
            "locator": "sheet '2021', row 12",
            "note": None,
        }
    ]
    assert frames.sources.to_dict("records")[0]["title"] == "Foreign trade by country"


def test_a_product_code_keeps_its_hs_edition():
    record = _record(product="270900", classification="HS2017")
    observations = tidy.frames("kz.xls", SOURCE, [record]).observations
    assert observations[["product", "classification"]].values.tolist() == [["270900", "HS2017"]]


def test_group_names_and_codes_are_flagged():
    records = [_record(partner="Страны СНГ"), _record(partner="WLD", flow="import")]
    observations = tidy.frames("kz.xls", SOURCE, records).observations
    assert observations[["partner", "partner_is_aggregate"]].values.tolist() == [
        ["CIS", True],
        ["WLD", True],
    ]


def test_records_of_several_sources_take_each_source_edition():
    later = tidy.Source(
        source_id="kz-2022",
        publisher="Bureau",
        title="Table",
        kind="official_statistics",
        language="ru",
        dataset="kz",
        edition="2022",
        accessed=date(2023, 1, 5),
    )
    records = [_record(source_id="kz-2021"), _record(source_id="kz-2022")]
    frames = tidy.frames("kz.xls", [SOURCE, later], records)
    assert frames.observations.edition.tolist() == ["2021", "2022"]
    assert frames.sources.accessed.tolist() == [pd.NaT, pd.Timestamp("2023-01-05")]
    with pytest.raises(ValueError, match="with several sources, a record names its own"):
        tidy.frames("kz.xls", [SOURCE, later], [_record()])


def test_every_unknown_name_is_listed_with_its_locators():
    records = [
        _record(reporter="Атлантида", partner="Оз", locator="row 2"),
        _record(partner="Оз", flow="import", locator="row 3"),
    ]
    with pytest.raises(LoadError) as error:
        tidy.frames("kz.xls", SOURCE, records)
    assert str(error.value).startswith(
        "kz.xls: expected a known country or country-group reporter or partner name; 2 unmapped"
    )
    assert error.value.details == ["'Атлантида' at row 2", "'Оз' at row 2, row 3"]


def test_rows_that_break_the_schema_are_named_by_locator():
    with pytest.raises(LoadError) as error:
        tidy.frames("kz.xls", SOURCE, [_record(value=-1.0)])
    assert error.value.details == [
        "sheet '2021', row 12: value = -1000.0, expected a figure of zero or more: "
        "trade flows are never negative"
    ]


def test_an_english_title_is_found_by_the_phrases_of_a_known_table():
    names = (("основные показатели", "Main indicators"), ("торговля", "Trade"))
    qualifiers = (("по странам", "(by country)"),)
    assert tidy.english_title("ОСНОВНЫЕ  показатели (по странам)", names, qualifiers) == (
        "Main indicators (by country)"
    )
    assert tidy.english_title("Внешняя торговля", names, qualifiers) == "Trade"
    # A table none of the names describes has no English title, never a guess.
    assert tidy.english_title("Платёжный баланс (по странам)", names, qualifiers) is None
