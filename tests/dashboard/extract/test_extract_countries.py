"""Country names in any grammatical case and as adjectives, in each language."""

from __future__ import annotations

import pytest

from dashboard.extract.places import find_countries
from dashboard.extract.rules import rules


@pytest.mark.parametrize(
    ("text", "lang", "codes"),
    [
        ("товарооборот с Россией", "ru", ["RUS"]),
        ("экспорт Казахстана", "ru", ["KAZ"]),
        ("российско-казахстанский товарооборот", "ru", ["RUS", "KAZ"]),
        ("между Саудовской Аравией и Катаром", "ru", ["SAU", "QAT"]),
        ("в США и Китай", "ru", ["USA", "CHN"]),
        ("لكازاخستان", "ar", ["KAZ"]),
        ("مع قطر", "ar", ["QAT"]),
        ("وروسيا", "ar", ["RUS"]),
        ("بالصين", "ar", ["CHN"]),
        ("العلاقات الكازاخستانية الروسية", "ar", ["KAZ", "RUS"]),
        ("الإمارات العربية المتحدة", "ar", ["ARE"]),
        ("Kazakh-Russian trade", "en", ["KAZ", "RUS"]),
        ("Russia's exports to Kazakhstan", "en", ["RUS", "KAZ"]),
        ("the United Arab Emirates and the US", "en", ["ARE", "USA"]),
        ("US$1.5bn", "en", []),
        ("let us trade", "en", []),
    ],
)
def test_country_mentions(text, lang, codes):
    assert [m.code for m in find_countries(text, rules(lang))] == codes


def test_the_word_before_a_name_is_kept_as_its_marker():
    [mention] = find_countries("товарооборот с Россией", rules("ru"))
    assert "с" in mention.markers
    [arabic] = find_countries("صادرات لروسيا", rules("ar"))
    assert "ل" in arabic.markers
