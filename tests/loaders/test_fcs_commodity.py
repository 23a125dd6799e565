"""Russian customs trade by HS chapter: the real 2022 publication and the layouts around it."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from loaders import detect_format, fcs_commodity, load
from loaders.errors import LoadError
from tests.builders import write_xlsx

PUBLICATION = "ПубликацияТСТВ_2022.xlsx"


def _value(obs, product, flow, year):
    row = obs[(obs["product"] == product) & (obs.flow == flow) & (obs.period_start.dt.year == year)]
    assert len(row) == 1, row
    return row.iloc[0]


@pytest.mark.realdata
def test_russia_trade_by_chapter_2021_and_2022(realdata):
    frames = fcs_commodity.load(realdata / "fcs-commodity" / PUBLICATION)
    obs = frames.observations
    assert set(obs.reporter) == {"RUS"}
    assert set(obs.partner) == {"WLD"}
    assert set(obs.freq) == {"A"}
    total = _value(obs, "TOTAL", "export", 2021)
    assert total.value == 493_096_100_000.0
    assert pd.isna(total.classification)
    oil = _value(obs, "27", "export", 2021)
    # 268,805.16 million USD, a computed cell (268805.16000000003) published to the cent
    # of a million: ten thousand dollars.
    assert (oil.value, oil.precision, oil.classification) == (
        268_805_160_000.0,
        10_000.0,
        "HS2017",
    )
    assert _value(obs, "27", "export", 2022).classification == "HS2022"
    assert _value(obs, "72", "import", 2021).value == 5_940_590_000.0
    turnover = _value(obs, "26", "turnover", 2021)
    assert (turnover.value, turnover.basis) == (9_807_690_000.0, "reported")
    # 70 chapters, each with three flows in two years, and the totals; no growth rates.
    chapters = obs[obs["product"] != "TOTAL"]
    assert chapters["product"].nunique() == 70
    assert len(obs) == (70 + 1) * 3 * 2
    assert obs.value.max() < 1e12
    source = frames.sources.iloc[0]
    assert (source.source_id, source.kind, source.language) == (
        "ru-fcs-trade-by-commodity-2022",
        "official_statistics",
        "ru",
    )
    assert "Groups of chapters left out (not HS codes): 01-24." in source.note


@pytest.mark.realdata
def test_the_publication_is_not_mistaken_for_the_by_country_tables(realdata, tmp_path):
    copy = tmp_path / "renamed.xlsx"
    shutil.copyfile(realdata / "fcs-commodity" / PUBLICATION, copy)
    assert detect_format(copy) == fcs_commodity.FORMAT
    assert detect_format(realdata / "fcs" / "94itog.xlsx") == "fcs"


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["структура122023.xlsx", "структура042024.xlsx"])
def test_tables_by_section_group_are_refused(realdata, name):
    with pytest.raises(LoadError) as error:
        load(realdata / "fcs-commodity" / name)
    message = str(error.value)
    assert "expected rows of HS chapters" in message
    assert "found '01-24'" in message
    assert "a table by section group is not loaded" in message


def _table(rows_below: list[list]) -> list[list]:
    """A sheet with the flows above the periods, codes in a column of their own and a
    column of growth rates, as a later publication might lay it out."""
    return [
        ["Экспорт и импорт товаров Российской Федерации", "", "", "", "", ""],
        ["(млрд. долл. США)", "", "", "", "", ""],
        ["", "", "Экспорт", "", "", "Импорт"],
        [
            "Код",
            "Наименование",
            "январь-май 2023",
            "январь-май 2024",
            "темп роста, %",
            "январь-май 2024",
        ],
        *rows_below,
    ]


def test_codes_in_their_own_column_and_periods_below_the_flows(tmp_path):
    rows = _table(
        [
            ["", "Всего", 200.5, 210.25, 104.9, 90.0],
            ["", "в том числе:", "", "", "", ""],
            [27, "Топливо минеральное", 100.0, 120.5, 120.5, 1.5],
            ["07", "Овощи", 1.25, "-", "", 2.0],
            ["84-90", "Машины", 5.0, 6.0, 120.0, 40.0],
        ]
    )
    path = write_xlsx(tmp_path / "by_chapter.xlsx", {"Лист1": rows})
    assert detect_format(path) == fcs_commodity.FORMAT
    obs = fcs_commodity.load(path).observations
    got = {
        (r["product"], r.flow, r.period_end.strftime("%Y-%m"), r.freq): (r.value, r.classification)
        for _, r in obs.iterrows()
    }
    assert got[("27", "export", "2024-05", "YTD")] == (120_500_000_000.0, "HS2022")
    assert got[("27", "export", "2023-05", "YTD")] == (100_000_000_000.0, "HS2022")
    assert got[("07", "import", "2024-05", "YTD")][0] == 2_000_000_000.0
    assert ("07", "export", "2024-05", "YTD") not in got  # '-': no figure
    assert got[("TOTAL", "export", "2024-05", "YTD")][0] == 210_250_000_000.0
    # No growth rates, no group of chapters.
    assert set(obs["product"]) == {"TOTAL", "27", "07"}
    assert len(obs) == 3 * 3 - 1


def test_a_row_that_is_no_chapter_is_named(tmp_path):
    rows = _table(
        [
            ["", "Всего", 200.5, 210.25, 104.9, 90.0],
            [27, "Топливо", 100.0, 120.5, 120.5, 1.5],
            ["Прочие", "", 1.0, 2.0, 200.0, 3.0],
        ]
    )
    path = write_xlsx(tmp_path / "odd.xlsx", {"Лист1": rows})
    with pytest.raises(LoadError) as error:
        fcs_commodity.load(path)
    assert "sheet 'Лист1', cell A7: expected an HS chapter" in str(error.value)
    assert "found 'Прочие'" in str(error.value)
