"""Format detection from content, not from file names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import detect_format, load
from loaders.errors import LoadError
from loaders.formats import workbook_fits
from tests.builders import BULLETIN_FRONT, bns_sheet, write_xlsx


@pytest.mark.realdata
def test_every_real_file_is_detected(realdata, tmp_path):
    expected = {
        "bns": "bns",
        "fcs": "fcs",
        "eurostat": "eurostat",
        "comtrade": "comtrade",
        "rates": "rates",
    }
    for folder, fmt in expected.items():
        for path in (realdata / folder).iterdir():
            # A renamed copy must be detected the same way: content decides.
            copy = tmp_path / f"renamed{path.suffix}"
            shutil.copyfile(path, copy)
            assert detect_format(copy) == fmt, path.name


@pytest.mark.realdata
def test_the_imf_imts_message_loads_by_format_auto(realdata):
    path = realdata / "sdmx" / "IMF" / "openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml"
    assert detect_format(path) == "sdmx"
    obs = load(path).observations
    world = obs[obs.partner == "WLD"]
    assert dict(zip(world.period_start.dt.year, world.value, strict=True)) == {
        2023: 2_019_551_635_133.0,
        2024: 2_065_411_250_609.0,
    }


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        # The only format that recognises an SDMX message says what it holds instead.
        ("sdmx/ESTAT/sdmx-test-data__footer.xml", "Eurostat answered that the query is too large"),
        ("sdmx/ESTAT/sdmx-test-data__NAMA_10_GDP-ss.xml", "dataflow NAMA_10_GDP"),
        ("hs/harmonized-system.csv", "expected a file in a known format"),
        ("baci/country_codes_V202301.csv", "expected a file in a known format"),
        # Read as a table by HS chapter, which says why it is not one.
        ("fcs-commodity/структура122023.xlsx", "a table by section group is not loaded"),
        ("baci/kaz_exports_oil_2021.csv", "missing a product column k"),
    ],
)
def test_real_files_of_no_known_format_say_why(realdata, relative, expected):
    with pytest.raises(LoadError) as error:
        load(realdata / relative)
    assert expected in str(error.value)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("relative", "fmt"),
    [
        ("baci/kaz_partners_2021.csv", "baci"),
        ("baci/kaz_exports_2019.csv", "baci"),
        ("baci/kaz_exports_2021.csv", "baci"),
        ("fcs-commodity/ПубликацияТСТВ_2022.xlsx", "fcs-commodity"),
    ],
)
def test_product_files_are_detected_and_load(realdata, tmp_path, relative, fmt):
    copy = tmp_path / f"renamed{Path(relative).suffix}"
    shutil.copyfile(realdata / relative, copy)
    assert detect_format(copy) == fmt
    obs = load(realdata / relative).observations
    assert (obs["product"] != "TOTAL").any()
    assert obs[obs["product"] != "TOTAL"].classification.notna().all()


def test_press_yaml_is_detected():
    assert detect_format("data/press/2022-10-27-democracy-central-asia.yaml") == "press"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "expected a non-empty file"),
        ("blank.csv", b"  \n\n", "expected a non-empty file"),
        ("notes.md", b"# Notes\nsome text", "a file in a known format"),
        ("other.csv", b"a,b,c\n1,2,3\n", "found 'a,b,c'"),
        ("data.json", b'{"rows": []}', "a Comtrade+ JSON response"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary data"),
        ("fake.xlsx", b"PK\x03\x04garbage", "a readable Excel workbook"),
    ],
)
def test_unknown_or_broken_files(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=name.replace(".", r"\.")) as error:
        load(path)
    assert expected in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="expected an existing file"):
        load(tmp_path / "nowhere.xls")


def _customs_minded_bulletin(tmp_path: Path) -> Path:
    """A later bulletin edition: front sheets whose methodology speaks of customs, country
    names in title case, small territories, and one name no catalogue knows."""
    sheets = dict(BULLETIN_FRONT)
    sheets["Методология"] = [
        ["Методологические пояснения"],
        ["Данные о торговле со странами вне ЕАЭС формируются на основе таможенных деклараций"],
        ["(ФТС, таможенная статистика); экспорт учитывается по стране назначения."],
    ]
    figures = [
        ("Всего", 1000.0, 600.0, 400.0),
        ("Российская Федерация", 250.0, 80.0, 170.0),
        ("Китайская Народная Республика", 400.0, 300.0, 100.0),
        ("Остров Рождества", 1.5, 1.0, 0.5),
        ("Острова Уоллис И Футуна", 0.3, 0.3, 0.0),
        ("Остров Невезения", 0.2, 0.1, 0.1),
    ]
    sheets["Таблица 1"] = bns_sheet(period="2024 год", blank_rows_before_header=3, figures=figures)
    return write_xlsx(tmp_path / "bulletin.xlsx", sheets)


def test_a_bulletin_that_speaks_of_customs_is_detected_by_its_structure(tmp_path):
    path = _customs_minded_bulletin(tmp_path)
    assert detect_format(path) == "bns"
    frames = load(path)
    obs = frames.observations
    assert set(obs.partner) == {"WLD", "RUS", "CHN", "CXR", "WLF"}
    assert obs[(obs.partner == "CXR") & (obs.flow == "export")].value.tolist() == [1000.0]
    # The one unknown name is reported with its place; its figures are not loaded.
    assert {item.names for item in frames.unmapped} == {("Остров Невезения",)}
    assert {item.locator for item in frames.unmapped} == {"sheet 'Таблица 1', row 14"}


def test_each_workbook_format_says_what_it_found(tmp_path):
    fits = {f.format: f for f in workbook_fits(_customs_minded_bulletin(tmp_path))}
    assert fits["bns"].complete
    assert fits["bns"].where == "sheet 'Таблица 1'"
    assert "partner countries across a header row" in fits["fcs"].missing
    assert not fits["tidy"].complete


def test_no_fit_lists_what_each_format_missed(tmp_path):
    rows = [["Внешняя торговля"], ["тыс. долларов США"], ["Город", "Экспорт"], ["Астана", 5]]
    path = write_xlsx(tmp_path / "odd.xlsx", {"Лист1": rows})
    with pytest.raises(LoadError) as error:
        detect_format(path)
    message = str(error.value)
    assert message.startswith("odd.xlsx: expected a file in a known format (")
    assert (
        "as Kazakhstan statistics bureau workbook (sheet 'Лист1'): found a units cell such as "
        "'тыс. долларов США'; missing a header row naming Товарооборот, Экспорт and Импорт"
    ) in message
    assert "as Russian customs (FCS) table (sheet 'Лист1'): found" in message
