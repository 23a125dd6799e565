"""Kazakhstan statistics bureau loader: real editions, later bulletin layouts, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import bns, load
from loaders.errors import LoadError
from tests.builders import BULLETIN_FRONT, bns_sheet, write_xls, write_xlsx

EDITIONS = {
    "Основные показатели внешней торговли_2019.xls": (2019, 2018),
    "Основные показатели внешней торговли_2020.xls": (2020, 2019),
    "Основные показатели внешней торговли_2021.xls": (2021, 2020),
    "Основные показатели внешней торговли по странам_2022.xls": (2022, 2021),
}


def _figure(obs: pd.DataFrame, partner: str, flow: str, year: int) -> float:
    row = obs[(obs.partner == partner) & (obs.flow == flow) & (obs.period_start.dt.year == year)]
    assert len(row) == 1, row
    return float(row.value.iloc[0])


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_every_sheet_of_every_edition_loads(realdata, name):
    frames = bns.load(realdata / "bns" / name)
    obs = frames.observations
    assert sorted(obs.period_start.dt.year.unique()) == sorted(EDITIONS[name])
    assert set(obs.freq) == {"A"}
    assert set(obs.reporter) == {"KAZ"}
    assert set(obs.currency) == {"USD"}
    assert set(obs.flow) == {"turnover", "export", "import"}
    # One source per edition, named after its latest year.
    assert list(frames.sources.source_id) == [f"{bns.DATASET}-{max(EDITIONS[name])}"]
    assert set(obs.source_id) == set(frames.sources.source_id)
    # The bulletin's Russian title as it reads (the edition is a column of its own) and the
    # Bureau's English name of it.
    source = frames.sources.iloc[0]
    assert source.title == "Основные показатели внешней торговли Республики Казахстан (по странам)"
    assert source.title_en == (
        "Main indicators of foreign trade of the Republic of Kazakhstan (by country)"
    )
    # Groups are flagged, countries are not; Russia and China are in every edition.
    groups = set(obs[obs.partner_is_aggregate].partner)
    assert {"WLD", "CIS", "EAEU"} <= groups
    assert {"RUS", "CHN", "QAT"} <= set(obs[~obs.partner_is_aggregate].partner)


@pytest.mark.realdata
def test_known_values_2021(realdata):
    obs = bns.load(realdata / "bns" / "Основные показатели внешней торговли_2021.xls").observations
    assert _figure(obs, "RUS", "export", 2021) == 7_018_745_764.33
    assert _figure(obs, "RUS", "import", 2021) == 17_605_534_201.24
    assert _figure(obs, "RUS", "turnover", 2021) == 24_624_279_965.57
    row = obs[
        (obs.partner == "RUS") & (obs.flow == "turnover") & (obs.period_start.dt.year == 2021)
    ]
    assert row.locator.iloc[0] == "sheet '12_2021', row 12"


@pytest.mark.realdata
def test_every_figure_has_the_precision_its_cell_was_published_at(realdata):
    obs = bns.load(realdata / "bns" / "Основные показатели внешней торговли_2021.xls").observations
    turnover = obs[
        (obs.partner == "RUS") & (obs.flow == "turnover") & (obs.period_start.dt.year == 2021)
    ].iloc[0]
    # 24,624,279.96543 thousand USD: five decimals of a thousand, a step of one cent.
    assert (turnover.value, turnover.precision) == (24_624_279_965.57, 0.01)
    assert obs.precision.notna().all()
    # The 2019 edition printed its 2018 column with fewer decimals: $100 steps there.
    ed2019 = bns.load(realdata / "bns" / "Основные показатели внешней торговли_2019.xls")
    afghanistan = ed2019.observations.set_index(["partner", "flow", "period_start"])
    row = afghanistan.loc[("AFG", "export", pd.Timestamp("2018-01-01"))]
    assert (row.value, row.precision) == (517_578_600.0, 100.0)


def test_precision_follows_each_cell_and_the_units(tmp_path):
    rows = bns_sheet(unit="млн. долларов США")
    qatar = next(r for r in rows if r[0] == "Катар")
    qatar[1], qatar[5] = "6.50", "0.500"  # numbers stored as text: their written decimals
    obs = bns.load(write_xlsx(tmp_path / "p.xlsx", {"2023": rows})).observations
    steps = obs[obs.partner == "QAT"].set_index("flow").precision.to_dict()
    assert steps == {"turnover": 10_000.0, "export": 1_000_000.0, "import": 1_000.0}
    assert _figure(obs, "QAT", "turnover", 2023) == 6_500_000.0


@pytest.mark.realdata
def test_editions_keep_their_own_vintage_of_2020(realdata):
    ed2020 = bns.load(realdata / "bns" / "Основные показатели внешней торговли_2020.xls")
    ed2021 = bns.load(realdata / "bns" / "Основные показатели внешней торговли_2021.xls")
    assert _figure(ed2020.observations, "RUS", "turnover", 2020) == 18_775_351_500.0
    assert _figure(ed2021.observations, "RUS", "turnover", 2020) == 18_775_351_559.57
    assert ed2020.sources.source_id[0] != ed2021.sources.source_id[0]


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_groups_add_up_to_their_members_where_the_layout_says_so(realdata, name):
    obs = bns.load(realdata / "bns" / name).observations
    for year in EDITIONS[name]:
        year_obs = obs[(obs.period_start.dt.year == year) & (obs.flow == "turnover")]
        value = year_obs.set_index("partner").value
        eaeu_members = value[["ARM", "BLR", "KGZ", "RUS"]].sum()
        # The bureau rounds each cell, so a group can differ from its members by rounding.
        assert value["EAEU"] == pytest.approx(eaeu_members, abs=1_000)
        assert value["CIS"] == pytest.approx(value["EAEU"] + value["CIS_X_EAEU"], abs=1_000)
        assert value["WLD"] == pytest.approx(value["CIS"] + value["NON_CIS"], abs=1_000)
        # And no country total includes a group: countries sum to the world total.
        countries = year_obs[~year_obs.partner_is_aggregate].value.sum()
        assert countries == pytest.approx(value["WLD"], rel=1e-4)


@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_bulletin_layout_with_front_matter_and_moved_header(tmp_path, writer):
    sheets = dict(BULLETIN_FRONT)
    sheets["Таблица 1"] = bns_sheet(period="2023 год", blank_rows_before_header=4)
    sheets["Таблица 2"] = bns_sheet(
        period="за январь-декабрь 2022 года", blank_rows_before_header=0
    )
    suffix = ".xlsx" if writer is write_xlsx else ".xls"
    frames = bns.load(writer(tmp_path / f"bulletin{suffix}", sheets))
    obs = frames.observations
    assert sorted(obs.period_start.dt.year.unique()) == [2022, 2023]
    assert _figure(obs, "RUS", "turnover", 2023) == 250_000.0
    assert _figure(obs, "QAT", "import", 2022) == 500.0
    assert frames.sources.edition[0] == "2023"
    assert not obs[obs.partner == "CIS"].empty
    assert obs[obs.partner == "CIS"].partner_is_aggregate.all()


def test_year_to_date_and_unit_wording(tmp_path):
    sheet = bns_sheet(period="за январь-май 2022 года", unit="млн. долларов США")
    obs = bns.load(write_xlsx(tmp_path / "ytd.xlsx", {"1": sheet})).observations
    assert set(obs.freq) == {"YTD"}
    assert obs.period_end.iloc[0] == pd.Timestamp("2022-05-31")
    assert _figure(obs, "RUS", "export", 2022) == 80_000_000.0


def test_header_moved_below_the_data_is_refused(tmp_path):
    rows = bns_sheet()
    header = rows.index(next(r for r in rows if r[1] == "Товарооборот"))
    moved = rows[:header] + rows[header + 2 :] + rows[header : header + 2]
    path = write_xlsx(tmp_path / "moved.xlsx", {"2023": moved})
    with pytest.raises(LoadError) as error:
        bns.load(path)
    message = str(error.value)
    assert "moved.xlsx" in message
    assert "sheet '2023'" in message
    assert "header row" in message
    assert "above the country rows" in message


def test_header_shifted_off_its_columns_is_refused(tmp_path):
    rows = bns_sheet()
    index = next(i for i, r in enumerate(rows) if r[1] == "Товарооборот")
    # The two header rows moved one column right: each "Всего" now sits over a share column.
    rows[index] = [rows[index][0], "", *rows[index][1:]]
    rows[index + 1] = ["", "", *rows[index + 1][1:]]
    with pytest.raises(
        LoadError, match=r"sheet '2023', row 7: expected turnover equal to exports plus imports"
    ):
        bns.load(write_xlsx(tmp_path / "shifted.xlsx", {"2023": rows}))


def test_flow_without_a_total_column_is_refused(tmp_path):
    rows = bns_sheet()
    index = next(i for i, r in enumerate(rows) if r[1] == "Товарооборот")
    rows[index + 1] = ["", "Всего", "доля", "доля", "доля", "Всего", "доля"]
    with pytest.raises(LoadError, match=r"'Всего' \(total\) column under the export heading"):
        bns.load(write_xlsx(tmp_path / "nototal.xlsx", {"2023": rows}))


def test_sheet_without_header_is_refused_not_skipped(tmp_path):
    rows = [r for r in bns_sheet() if r[1] not in ("Товарооборот", "Всего")]
    path = write_xlsx(tmp_path / "noheader.xlsx", {"Обложка": [["Бюллетень"]], "2023": rows})
    with pytest.raises(LoadError, match=r"sheet '2023'.*header row naming Товарооборот"):
        bns.load(path)


def test_text_where_a_number_belongs(tmp_path):
    rows = bns_sheet()
    russia = next(r for r in rows if r[0] == "Россия")
    russia[3] = "80 тыс."
    with pytest.raises(LoadError) as error:
        bns.load(write_xlsx(tmp_path / "text.xlsx", {"2023": rows}))
    assert str(error.value) == (
        "text.xlsx: sheet '2023', cell D9: expected a number, found '80 тыс.'"
    )


def test_statistical_symbols_mean_no_figure(tmp_path):
    rows = bns_sheet()
    qatar = next(r for r in rows if r[0] == "Катар")
    qatar[5] = "-"
    qatar[1] = "6.0"  # numbers stored as text in a re-saved file still read
    qatar[3] = 6.0
    obs = bns.load(write_xlsx(tmp_path / "symbols.xlsx", {"2023": rows})).observations
    assert set(obs[obs.partner == "QAT"].flow) == {"turnover", "export"}


def test_unknown_country_names_are_all_listed(tmp_path):
    figures = [
        ("Всего", 30.0, 20.0, 10.0),
        ("Атлантида", 10.0, 5.0, 5.0),
        ("Россия", 10.0, 5.0, 5.0),
        ("Эльдорадо", 10.0, 10.0, 0.0),
    ]
    path = write_xlsx(tmp_path / "unknown.xlsx", {"2023": bns_sheet(figures=figures)})
    frames = bns.load(path)
    # The known rows load; each figure of an unknown name is listed with its place.
    assert set(frames.observations.partner) == {"WLD", "RUS"}
    left_out = {(item.names, item.locator, item.flow, item.value) for item in frames.unmapped}
    assert left_out == {
        (("Атлантида",), "sheet '2023', row 8", "turnover", 10_000.0),
        (("Атлантида",), "sheet '2023', row 8", "export", 5_000.0),
        (("Атлантида",), "sheet '2023', row 8", "import", 5_000.0),
        (("Эльдорадо",), "sheet '2023', row 10", "turnover", 10_000.0),
        (("Эльдорадо",), "sheet '2023', row 10", "export", 10_000.0),
        (("Эльдорадо",), "sheet '2023', row 10", "import", 0.0),
    }
    with pytest.raises(LoadError) as error:
        load(path, strict=True)
    message = str(error.value)
    assert "2 unmapped" in message
    assert "'Атлантида' at sheet '2023', row 8" in message
    assert "'Эльдорадо' at sheet '2023', row 10" in message


def test_turnover_that_is_not_exports_plus_imports_is_refused(tmp_path):
    figures = [("Всего", 1000.0, 600.0, 400.0), ("Россия", 250.0, 170.0, 170.0)]
    path = write_xlsx(tmp_path / "swapped.xlsx", {"2023": bns_sheet(figures=figures)})
    with pytest.raises(LoadError, match="turnover equal to exports plus imports"):
        bns.load(path)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"period": "Основные показатели"}, "a period above the header"),
        ({"unit": "в процентах"}, "a units cell above the header"),
    ],
)
def test_missing_period_or_units(tmp_path, change, expected):
    path = write_xlsx(tmp_path / "x.xlsx", {"2023": bns_sheet(**change)})
    with pytest.raises(LoadError, match=expected):
        bns.load(path)


def test_two_sheets_for_one_period_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "dup.xlsx", {"a": bns_sheet(), "b": bns_sheet()})
    with pytest.raises(LoadError, match="one sheet per period"):
        bns.load(path)


def test_truncated_and_foreign_files(tmp_path, realdata):
    original = (realdata / "bns" / "Основные показатели внешней торговли_2021.xls").read_bytes()
    truncated = tmp_path / "truncated.xls"
    truncated.write_bytes(original[: len(original) // 3])
    with pytest.raises(LoadError, match=r"truncated\.xls: expected a readable Excel workbook"):
        bns.load(truncated)
    text = tmp_path / "notes.xls"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(LoadError, match="readable Excel workbook"):
        bns.load(text)


def test_workbook_without_any_data_sheet(tmp_path):
    path = write_xlsx(tmp_path / "front.xlsx", dict(BULLETIN_FRONT))
    with pytest.raises(LoadError, match="sheets: Обложка, Условные обозначения"):
        bns.load(path)
