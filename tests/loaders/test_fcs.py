"""Russian customs loader: the annual CIS table and the monthly main-partners table."""

from __future__ import annotations

import pytest

from loaders import fcs
from loaders.errors import LoadError
from tests.builders import write_xlsx


def _value(obs, partner, flow, start, freq):
    row = obs[
        (obs.partner == partner)
        & (obs.flow == flow)
        & (obs.period_start == start)
        & (obs.freq == freq)
    ]
    assert len(row) == 1, row
    return row.iloc[0]


@pytest.mark.realdata
def test_annual_cis_table_2021(realdata):
    frames = fcs.load(realdata / "fcs" / "94itog.xlsx")
    obs = frames.observations
    assert set(obs.reporter) == {"RUS"}
    assert obs.period_start.dt.year.min() == 1994
    assert obs.period_start.dt.year.max() == 2021
    assert _value(obs, "KAZ", "export", "2021-01-01", "A").value == 18_496_000_000
    assert _value(obs, "KAZ", "import", "2021-01-01", "A").value == 7_135_000_000
    turnover = _value(obs, "KAZ", "turnover", "2021-01-01", "A")
    assert turnover.value == 25_631_000_000
    assert turnover.basis == "derived"
    assert "exports plus imports" in turnover.note
    # The section lines are totals: world, far abroad, CIS, all flagged as groups.
    groups = obs[obs.partner_is_aggregate]
    assert set(groups.partner) == {"WLD", "NON_CIS", "CIS"}
    assert frames.sources.source_id[0] == "ru-fcs-trade-cis-annual-2021"
    # The table's own Russian title, and its English name beside it.
    source = frames.sources.iloc[0]
    assert (
        source.title
        == "Основные показатели экспорта и импорта Российской Федерации (по данным ФТС России)"
    )
    assert (
        source.title_en
        == "Main indicators of exports and imports of the Russian Federation (FCS data)"
    )


@pytest.mark.realdata
def test_annual_figures_are_whole_millions(realdata):
    obs = fcs.load(realdata / "fcs" / "94itog.xlsx").observations
    for flow in ("export", "import", "turnover"):
        assert _value(obs, "KAZ", flow, "2021-01-01", "A").precision == 1e6, flow
    assert obs.precision.notna().all()


@pytest.mark.realdata
def test_monthly_figures_keep_their_published_decimals(realdata):
    obs = fcs.load(realdata / "fcs" / "96stran.xlsx").observations
    january = {
        flow: _value(obs, "KAZ", flow, "2021-01-01", "M")
        for flow in ("export", "import", "turnover")
    }
    # 1,007.30869 and 413.75715 million USD: five decimals of a million, ten-dollar steps.
    assert (january["export"].value, january["export"].precision) == (1_007_308_690.0, 10.0)
    assert (january["import"].value, january["import"].precision) == (413_757_150.0, 10.0)
    assert (january["turnover"].value, january["turnover"].precision) == (1_421_065_840.0, 10.0)
    assert obs.precision.notna().all()


@pytest.mark.realdata
def test_monthly_table_reads_homoglyph_partner_names(realdata):
    obs = fcs.load(realdata / "fcs" / "96stran.xlsx").observations
    # "Китaй" and "Гермaния" carry a Latin "a"; both must resolve.
    assert {"CHN", "DEU", "KAZ", "KOR", "TWN"} <= set(obs.partner)
    assert set(obs.freq) == {"M"}
    jan_may_2021 = obs[
        (obs.partner == "KAZ")
        & (obs.period_start.dt.year == 2021)
        & (obs.period_start.dt.month <= 5)
        & (obs.flow == "turnover")
    ]
    assert len(jan_may_2021) == 5
    assert jan_may_2021.value.sum() == pytest.approx(9.4486e9, rel=1e-4)


@pytest.mark.realdata
def test_annual_and_monthly_tables_agree_on_2021(realdata):
    annual = fcs.load(realdata / "fcs" / "94itog.xlsx").observations
    monthly = fcs.load(realdata / "fcs" / "96stran.xlsx").observations
    months = monthly[
        (monthly.partner == "KAZ")
        & (monthly.flow == "export")
        & (monthly.period_start.dt.year == 2021)
    ]
    assert months.value.sum() == pytest.approx(
        _value(annual, "KAZ", "export", "2021-01-01", "A").value, rel=0.01
    )


def _monthly_sheet(flow_title: str, cells: list[list]) -> list[list]:
    return [
        ["К содержанию"],
        [flow_title],
        ["(по данным ФТС России)"],
        ["(млн долларов США)"],
        ["", "Китaй", "Казахстан", "Гермaния"],
        *cells,
    ]


def test_monthly_layout_synthetic(tmp_path):
    cells = [[2023], ["  январь", 1.5, 2.0, 3.0], ["  февраль", 1.0, "", 2.5]]
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Содержание": [["Содержание"], ["Внешняя торговля с основными странами"]],
            "Экспорт": _monthly_sheet("Экспорт Российской Федерации в основные страны", cells),
            "Импорт": _monthly_sheet("Импорт Российской Федерации из основных стран", cells),
        },
    )
    obs = fcs.load(path).observations
    assert _value(obs, "KAZ", "export", "2023-01-01", "M").value == 2_000_000
    assert _value(obs, "KAZ", "turnover", "2023-01-01", "M").value == 4_000_000
    assert obs[(obs.partner == "KAZ") & (obs.period_start == "2023-02-01")].empty


def test_turnover_is_as_precise_as_its_coarser_part(tmp_path):
    exports = [[2023], ["январь", 1.25, 2.5, "3.000"]]
    imports = [[2023], ["январь", 1, 2.25, 3.5]]
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Экспорт": _monthly_sheet("Экспорт Российской Федерации", exports),
            "Импорт": _monthly_sheet("Импорт Российской Федерации", imports),
        },
    )
    obs = fcs.load(path).observations

    def step(partner, flow):
        return _value(obs, partner, flow, "2023-01-01", "M").precision

    assert (step("KAZ", "export"), step("KAZ", "import"), step("KAZ", "turnover")) == (
        100_000.0,
        10_000.0,
        100_000.0,
    )
    assert (step("CHN", "export"), step("CHN", "import"), step("CHN", "turnover")) == (
        10_000.0,
        1_000_000.0,
        1_000_000.0,
    )
    # A number stored as text keeps the decimals written: "3.000" million, a $1,000 step.
    assert step("DEU", "export") == 1_000.0


def test_month_before_any_year_is_refused(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {"Экспорт": _monthly_sheet("Экспорт Российской Федерации", [["январь", 1, 2, 3]])},
    )
    with pytest.raises(LoadError, match=r"sheet 'Экспорт', row 6: expected a year row"):
        fcs.load(path)


def test_text_in_a_monthly_cell(tmp_path):
    cells = [[2023], ["январь", 1, "н/д", 3]]
    path = write_xlsx(tmp_path / "m.xlsx", {"Экспорт": _monthly_sheet("Экспорт", cells)})
    with pytest.raises(LoadError) as error:
        fcs.load(path)
    assert str(error.value) == "m.xlsx: sheet 'Экспорт', cell C7: expected a number, found 'н/д'"


def test_annual_layout_needs_units(tmp_path):
    rows = [["Основные показатели"], ["", 2023], ["Экспорт", 10], ["Казахстан", 5]]
    with pytest.raises(LoadError, match=r"units cell such as '\(млн долларов США\)'"):
        fcs.load(write_xlsx(tmp_path / "a.xlsx", {"2023": rows}))


def test_workbook_with_no_customs_sheet(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Содержание": [["Содержание"], ["", "год", 2021]]})
    with pytest.raises(LoadError, match="sheets: Содержание"):
        fcs.load(path)
