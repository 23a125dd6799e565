"""Country names in Russian and English, homoglyphs, aggregates and the override table."""

from __future__ import annotations

import csv

import pytest

from loaders import countries
from loaders.countries import Place, resolve
from loaders.errors import LoadError


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Россия", "RUS"),
        ("Российская Федерация", "RUS"),
        ("Катар", "QAT"),
        ("Кыргызстан", "KGZ"),
        ("Киргизия", "KGZ"),
        ("Китaй", "CHN"),  # Latin "a" inside a Cyrillic word
        ("Гермaния", "DEU"),
        ("Республикa \nКорея", "KOR"),
        ("Иран, Исламская Республика", "IRN"),
        ("Молдова, Республика", "MDA"),
        ("Тайвань (Китай)", "TWN"),
        ("Гуам (Сша)", "GUM"),
        ("Россия1)", "RUS"),
        ("Germany (incl. German Democratic Republic 'DD' from 1991)", "DEU"),
        ("Italy (incl. San Marino 'SM' -> 1993)", "ITA"),
        ("Ireland (Eire)", "IRL"),
        ("Czechia", "CZE"),
        ("Kazakhstan", "KAZ"),
        ("Korea, Republic of", "KOR"),
        ("Косово", "XKX"),
    ],
)
def test_countries(name, code):
    assert resolve(name) == Place(code, False)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Всего", "WLD"),
        ("Всего\nв том числе", "WLD"),
        (" Страны ЕАЭС", "EAEU"),
        ("Страны СНГ", "CIS"),
        (" со странами дальнего зарубежья", "NON_CIS"),
        ("Остальные страны мира", "NON_CIS"),
        ("European Union - 27 countries (AT, BE, BG)", "EU27"),
        ("European Union (AT-01/1995, GB-01/1973->01/2020)", "EU"),
        ("Euro area - 20 countries (AT, BE)", "EA20"),
        ("Euro area (AT-01/1999)", "EA"),
        ("World", "WLD"),
    ],
)
def test_aggregates(name, code):
    assert resolve(name) == Place(code, True)


@pytest.mark.parametrize("name", ["", "Атлантида", "Narnia", "Страны Оз"])
def test_unknown(name):
    assert resolve(name) is None


def test_resolve_all_lists_every_unmapped_name_once():
    names = [("Россия", "row 1"), ("Атлантида", "row 2"), ("Атлантида", "row 5"), ("Оз", "row 9")]
    with pytest.raises(LoadError) as error:
        countries.resolve_all(names, "f.xls", "partner name")
    message = str(error.value)
    assert message.startswith("f.xls: expected a known country or country-group partner name")
    assert "'Атлантида' at row 2, row 5" in message
    assert "'Оз' at row 9" in message


def test_override_table_is_well_formed():
    with countries.OVERRIDES_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert countries.is_known_code(row["code"]), row
        assert row["note"], row
        # An override must be needed: pycountry alone does not know the name.
        assert countries._index().get(countries.normalise(row["name"])) != row["code"], row


def test_codes_and_names():
    assert countries.is_country("KAZ")
    assert not countries.is_country("WLD")
    assert countries.is_aggregate("EA19")
    assert countries.is_aggregate("CIS")
    assert countries.iso2_to_iso3("EL") == "GRC"
    assert countries.iso2_to_iso3("UK") == "GBR"
    assert countries.name_en("RUS") == "Russia"
    assert countries.name_en("TWN") == "Taiwan"
    assert countries.name_en("EAEU") == "Eurasian Economic Union"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ресей", "RUS"),  # Kazakh (CLDR)
        ("Қытай", "CHN"),
        ("Қытaй", "CHN"),  # Kazakh with a Latin "a" mixed in
        ("روسيا", "RUS"),  # Arabic (CLDR)
        ("قَطَر", "QAT"),  # with vowel marks
        ("الإمارات العربية المتحدة", "ARE"),
        ("Остров Рождества", "CXR"),  # a small territory, Russian (CLDR)
        ("ОСТРОВА ТЕРКС И КАЙКОС", "TCA"),  # upper case
        ("Сен-Пьер  и  Микелон", "SPM"),  # extra spaces
        ("Бонэйр, Синт-Эстатиус и Саба", "BES"),
        ("Кот-д’Ивуар", "CIV"),
    ],
)
def test_names_in_every_catalogue_language(name, code):
    assert countries.resolve(name) == countries.Place(code, False)


def test_cldr_regions_are_aggregates():
    assert countries.resolve("Еуропа") == countries.Place("EUROPE", True)
    assert countries.resolve("العالم") == countries.Place("WLD", True)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Рассия", "RUS"), ("Кытай", "CHN"), ("Казакстан", "KAZ"), ("Germny", "DEU")],
)
def test_a_close_name_is_suggested_not_taken(name, code):
    assert countries.resolve(name) is None
    suggestion = countries.suggest(name)
    assert suggestion is not None
    assert suggestion.code == code


def test_nothing_is_suggested_for_a_name_far_from_every_country():
    assert countries.suggest("Атлантида") is None


def test_the_refusal_names_the_suggestion():
    error = countries.unknown_names_error({"Рассия": ["sheet '2021', row 9"]}, "kz.xls")
    assert "'Рассия' at sheet '2021', row 9 (did you mean RUS (Russia)?)" in str(error)
