"""The HS nomenclature: editions, the HS 2022 table, HS 2002 names from BACI, and names()."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import hs
from loaders.errors import LoadError


@pytest.mark.parametrize(
    ("digits", "edition"),
    [("92", "HS1992"), ("96", "HS1996"), ("02", "HS2002"), ("17", "HS2017"), ("22", "HS2022")],
)
def test_two_digit_editions(digits, edition):
    assert hs.edition(digits) == edition


def test_a_year_that_is_no_edition_is_refused():
    with pytest.raises(ValueError, match="no HS edition of 2005"):
        hs.edition("05")


@pytest.mark.parametrize(
    ("year", "edition"),
    [(1990, "HS1992"), (2001, "HS1996"), (2016, "HS2012"), (2021, "HS2017"), (2022, "HS2022")],
)
def test_the_edition_in_force_in_a_year(year, edition):
    assert hs.in_force(year) == edition
    assert hs.coded_in("27", year) == edition
    assert hs.coded_in("TOTAL", year) is None


@pytest.mark.realdata
def test_hs2022_nomenclature(realdata):
    table = hs.read_nomenclature(
        realdata / "hs" / "harmonized-system.csv", realdata / "hs" / "sections.csv"
    )
    assert list(table.columns) == hs.COLUMNS
    assert table.level.value_counts().to_dict() == {6: 5_613, 4: 1_229, 2: 97}
    assert set(table.classification) == {"HS2022"}
    rows = table.set_index("code")
    assert rows.loc["27", ["name", "section", "section_name"]].tolist() == [
        "Mineral fuels, mineral oils and products of their distillation; bituminous "
        "substances; mineral waxes",
        "V",
        "Mineral products",
    ]
    assert pd.isna(rows.loc["27", "parent"])
    assert rows.loc["2709", "parent"] == "27"
    assert rows.loc["270900", "parent"] == "2709"
    # The source writes one section name in lower case; names are shown as sentences.
    assert rows.loc["01", "section_name"] == "Live animals; animal products"


@pytest.mark.realdata
def test_hs2002_names_from_the_baci_extracts(realdata):
    nomenclature = hs.read_nomenclature(
        realdata / "hs" / "harmonized-system.csv", realdata / "hs" / "sections.csv"
    )
    extracts = [
        realdata / "baci" / name
        for name in ("kaz_partners_2021.csv", "kaz_exports_2019.csv", "kaz_exports_2021.csv")
    ]
    names = hs.read_baci_names(extracts, nomenclature)
    assert list(names.columns) == hs.COLUMNS
    assert set(names.classification) == {"HS2002"}
    assert set(names.level) == {6}
    assert names.code.is_unique
    assert names.code.str.fullmatch(r"\d{6}").all()
    rows = names.set_index("code")
    assert rows.loc["270900", ["name", "section", "parent"]].tolist() == [
        "Oils: petroleum oils and oils obtained from bituminous minerals, crude",
        "V",
        "2709",
    ]
    # Every code has a section: from the extracts' own column, else from its chapter.
    assert names.section.notna().all()
    assert names.section_name.notna().all()


def test_read_baci_names_wants_a_description_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("t,i,k,v\n2021,398,270900,1\n", encoding="utf-8")
    with pytest.raises(LoadError, match="hsNN_desc"):
        hs.read_baci_names([path], pd.DataFrame(columns=hs.COLUMNS))


NOMENCLATURE = pd.DataFrame(
    [
        ("HS2002", "270900", 6, "Oils: petroleum oils, crude", "V", "Mineral products", "2709"),
        ("HS2022", "270900", 6, "Petroleum oils, crude", "V", "Mineral products", "2709"),
        ("HS2022", "27", 2, "Mineral fuels", "V", "Mineral products", None),
        ("HS2012", "8517", 4, "Telephone sets (2012)", "XVI", "Machinery", "85"),
        ("HS1992", "8517", 4, "Telephone sets (1992)", "XVI", "Machinery", "85"),
    ],
    columns=hs.COLUMNS,
)


def test_names_from_the_edition_else_the_nearest_with_a_note():
    found = hs.names(NOMENCLATURE, "HS2002", ["270900", "27", "8517", "999999"]).reset_index()
    assert found.astype(object).where(found.notna(), None).to_dict("records") == [
        {
            "code": "270900",
            "name": "Oils: petroleum oils, crude",
            "classification": "HS2002",
            "note": None,
        },
        {
            "code": "27",
            "name": "Mineral fuels",
            "classification": "HS2022",
            "note": "name from HS2022",
        },
        # HS1992 and HS2012 are as near to HS2002: the later edition's name.
        {
            "code": "8517",
            "name": "Telephone sets (2012)",
            "classification": "HS2012",
            "note": "name from HS2012",
        },
        {
            "code": "999999",
            "name": None,
            "classification": None,
            "note": "no name in the shipped nomenclature",
        },
    ]
