"""CEPII BACI loader: the real Kazakhstan extracts, CEPII's full-file layout, and bad input."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from loaders import baci, detect_format, load
from loaders.countries import is_country
from loaders.errors import LoadError

FULL_HEADER = "t,i,j,k,v,q\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.realdata
def test_kazakhstan_exports_to_russia_2021(realdata):
    path = realdata / "baci" / "kaz_partners_2021.csv"
    obs = baci.load(path).observations
    russia = obs[obs.partner == "RUS"]
    assert len(russia) == 2_447
    # 6,021,824.075 thousand USD in the file: whole dollars, summed to the cent.
    assert round(russia.value.sum(), 2) == 6_021_824_075.0
    assert set(russia.reporter) == {"KAZ"}
    assert set(russia.classification) == {"HS2002"}
    # The top chapters, read from the file itself with the csv module, exactly.
    by_chapter: dict[str, Decimal] = defaultdict(Decimal)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["j"] == "643":
                by_chapter[row["k"].zfill(6)[:2]] += Decimal(row["v"])
    expected = sorted(by_chapter, key=lambda chapter: -by_chapter[chapter])[:5]
    loaded = russia.groupby(russia["product"].str[:2]).value.sum().sort_values(ascending=False)
    assert list(loaded.index[:5]) == expected
    assert expected[:2] == ["26", "72"]  # ores; iron and steel
    assert loaded["26"] == pytest.approx(float(by_chapter["26"]) * 1000, abs=0.01)


@pytest.mark.realdata
def test_extracts_without_an_importer_are_exports_to_the_world(realdata):
    frames = baci.load(realdata / "baci" / "kaz_exports_2021.csv")
    obs = frames.observations
    assert len(obs) == 3_237
    assert set(obs.partner) == {"WLD"}
    assert obs.partner_is_aggregate.all()
    # The file lost the leading zero of 010110; codes are six digits again.
    first = obs.iloc[0]
    assert (first["product"], first.value, first.precision) == ("010110", 6_765.0, 1.0)
    assert (first.classification, first.edition) == ("HS2002", "V202301")
    assert first.locator == "kaz_exports_2021.csv, row 2"
    source = frames.sources.iloc[0]
    assert (source.source_id, source.publisher, source.dataset) == (
        "baci-kaz_exports_2021",
        "CEPII",
        "baci",
    )
    assert source.licence == "Etalab Open Licence 2.0"
    assert "Gaulier, G. and Zignago, S. (2010)" in source.note


@pytest.mark.realdata
def test_country_numbers_agree_with_baci_own_list(realdata):
    codes = baci.country_codes()
    with (realdata / "baci" / "country_codes_V202301.csv").open(encoding="utf-8") as handle:
        listed = {int(r["country_code"]): r["iso_3digit_alpha"] for r in csv.DictReader(handle)}
    current = {number: iso3 for number, iso3 in listed.items() if is_country(iso3)}
    assert {number: codes.get(number) for number in current} == current
    # The rest are no countries today (Czechoslovakia, the USSR, 'areas nes'): not mapped.
    assert {n for n in listed if n not in current and n in codes} == set()


@pytest.mark.realdata
def test_a_file_without_product_codes_is_refused(realdata):
    path = realdata / "baci" / "kaz_exports_oil_2021.csv"
    assert detect_format(path) == "baci"
    with pytest.raises(LoadError, match="missing a product column k"):
        load(path)


def test_full_file_layout_and_baci_own_country_numbers(tmp_path):
    path = _write(
        tmp_path / "BACI_HS17_Y2021_V202401.csv",
        FULL_HEADER
        + "2021,398,251,10121,1.5,           NA\n"
        + "2021,842,490,270900,1234567.891,  12.000\n"
        + "2021,757,699,710812,0.001,0.5\n",
    )
    assert detect_format(path) == "baci"
    frames = load(path)
    obs = frames.observations
    assert obs[["reporter", "partner", "product"]].values.tolist() == [
        ["KAZ", "FRA", "010121"],
        ["USA", "TWN", "270900"],
        ["CHE", "IND", "710812"],
    ]
    assert obs.value.tolist() == [1_500.0, 1_234_567_891.0, 1.0]
    assert set(obs.classification) == {"HS2017"}
    assert set(obs.edition) == {"V202401"}
    assert set(obs.period_end.astype(str)) == {"2021-12-31"}
    assert frames.sources.source_id.tolist() == ["baci-baci_hs17_y2021_v202401"]


def test_columns_are_found_by_name_not_position(tmp_path):
    path = _write(
        tmp_path / "BACI_HS12_Y2015_V202401.csv", "K,V,Q,I,T,J\n270900,2,1,398,2015,643\n"
    )
    obs = baci.load(path).observations
    assert obs[["reporter", "partner", "product", "classification", "value"]].values.tolist() == [
        ["KAZ", "RUS", "270900", "HS2012", 2_000.0]
    ]


def test_unknown_country_numbers_are_left_out_and_reported(tmp_path):
    path = _write(
        tmp_path / "BACI_HS17_Y2021_V202401.csv",
        FULL_HEADER
        + "2021,398,643,270900,100,1\n"
        + "2021,398,849,270900,2,1\n"
        + "2021,398,849,260300,3,1\n"
        + "2021,200,643,260300,4,1\n",
    )
    frames = load(path)
    assert frames.observations.partner.tolist() == ["RUS"]
    reported = {(item.names, item.locator, item.value) for item in frames.unmapped}
    assert reported == {
        (
            ("BACI country number 849",),
            "BACI_HS17_Y2021_V202401.csv, row 3 and 1 more rows",
            5000.0,
        ),
        (("BACI country number 200",), "BACI_HS17_Y2021_V202401.csv, row 5", 4000.0),
    }
    with pytest.raises(LoadError, match="BACI country number 849"):
        load(path, strict=True)


def test_the_hs_edition_comes_from_a_sidecar_or_is_asked_for(tmp_path):
    path = _write(tmp_path / "exports.csv", FULL_HEADER + "2021,398,643,270900,1,1\n")
    with pytest.raises(LoadError, match="BACI_HS17_Y2021_V202401.csv: HS17 = HS2017") as error:
        baci.load(path)
    assert "expected the HS edition of the product codes k" in str(error.value)
    assert set(baci.load(path, classification="HS2022").observations.classification) == {"HS2022"}
    # CEPII's own product list beside the file names the edition and the release.
    _write(tmp_path / "product_codes_HS12_V202201.csv", "code,description\n")
    obs = baci.load(path).observations
    assert (obs.classification[0], obs.edition[0]) == ("HS2012", "V202201")
    with pytest.raises(LoadError, match="an HS edition among HS1992"):
        baci.load(path, classification="HS2099")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2021,398,643,270900,abc,1", "row 3, column 'v': expected a value of zero or more"),
        ("2021,398,643,270900,-1,1", "row 3, column 'v': expected a value of zero or more"),
        ("2021,398,643,2709001,1,1", "row 3, column 'k': expected an HS6 product code"),
        ("2021,398,643,27.09,1,1", "row 3, column 'k': expected an HS6 product code"),
        ("1850,398,643,270900,1,1", "row 3, column 't': expected a year such as 2021"),
        ("2021,KAZ,643,270900,1,1", "row 3, column 'i': expected a BACI country number"),
    ],
)
def test_bad_cells_are_named_by_row_and_column(tmp_path, line, expected):
    path = _write(
        tmp_path / "BACI_HS17_Y2021_V202401.csv", FULL_HEADER + "2021,398,156,10110,1,1\n" + line
    )
    with pytest.raises(LoadError) as error:
        baci.load(path)
    assert expected in str(error.value)


def test_a_figure_given_twice_is_refused(tmp_path):
    path = _write(
        tmp_path / "BACI_HS17_Y2021_V202401.csv",
        FULL_HEADER + "2021,398,643,270900,1,1\n2021,398,643,270900,2,1\n",
    )
    with pytest.raises(LoadError, match="row 3: expected a figure not given on an earlier row"):
        baci.load(path)
