"""Measures, their direction, qualifiers and stated changes, in whole sentences."""

from __future__ import annotations

import pytest

from dashboard.extract import Change
from tests.dashboard.extract.helpers import only


@pytest.mark.parametrize(
    ("text", "measure", "countries"),
    [
        (
            "Товарооборот Казахстана с Россией составил 24,2 млрд долларов.",
            "turnover",
            ("KAZ", "RUS"),
        ),
        ("Экспорт из Казахстана в Китай составил 5 млрд долларов.", "export", ("KAZ", "CHN")),
        ("Импорт Казахстана из Китая составил 5 млрд долларов.", "import", ("KAZ", "CHN")),
        ("Катар инвестирует в Казахстан 1,5 трлн тенге.", "investment", ("QAT", "KAZ")),
        ("Kazakh exports to China reached $5 billion.", "export", ("KAZ", "CHN")),
        ("China's exports to Kazakhstan reached $5 billion.", "export", ("CHN", "KAZ")),
        ("Kazakhstan's imports from China reached $5 billion.", "import", ("KAZ", "CHN")),
        ("Trade between Russia and Kazakhstan reached $25 billion.", "turnover", ("RUS", "KAZ")),
        ("بلغت صادرات كازاخستان إلى روسيا 5 مليارات دولار.", "export", ("KAZ", "RUS")),
        ("بلغ حجم التبادل التجاري بين قطر والصين 5 مليارات دولار.", "turnover", ("QAT", "CHN")),
        ("بلغت الاستثمارات القطرية في كازاخستان 5 مليارات دولار.", "investment", ("QAT", "KAZ")),
    ],
)
def test_measure_and_direction(text, measure, countries):
    claim = only(text)
    assert (claim.measure, claim.countries) == (measure, countries)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Товарооборот Казахстана с Россией составил около 24 млрд долларов.", "about"),
        ("Товарооборот Казахстана с Россией составил почти 24 млрд долларов.", "almost"),
        ("Товарооборот Казахстана с Россией составил более 24 млрд долларов.", "more than"),
        ("Товарооборот Казахстана с Россией составил свыше 24 млрд долларов.", "over"),
        ("Товарооборот Казахстана с Россией превысил 24 млрд долларов.", "exceeded"),
        ("Товарооборот Казахстана с Россией достиг рекордных 24 млрд долларов.", "record"),
        ("Trade between Russia and Kazakhstan reached nearly $25 billion.", "nearly"),
        ("Trade between Russia and Kazakhstan reached about $25 billion.", "about"),
        ("Trade between Russia and Kazakhstan reached more than $25 billion.", "more than"),
        ("Trade between Russia and Kazakhstan hit a record $25 billion.", "record"),
        ("بلغ حجم التجارة بين روسيا وكازاخستان نحو 25 مليار دولار.", "about"),
        ("بلغ حجم التجارة بين روسيا وكازاخستان حوالي 25 مليار دولار.", "about"),
        ("بلغ حجم التجارة بين روسيا وكازاخستان أكثر من 25 مليار دولار.", "more than"),
        ("بلغ حجم التجارة بين روسيا وكازاخستان ما يقرب من 25 مليار دولار.", "nearly"),
    ],
)
def test_qualifiers(text, qualifier):
    assert only(text).qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "change"),
    [
        (
            "Товарооборот Казахстана с Россией вырос на 5% и составил 24 млрд долларов.",
            Change(5.0, "%", None, "на 5%"),
        ),
        (
            "Товарооборот Казахстана с Россией вырос примерно на треть, до 24 млрд долларов.",
            Change(1 / 3, "fraction", "about", "примерно на треть"),
        ),
        (
            "Товарооборот Казахстана с Россией вырос в 2,5 раза, до 24 млрд долларов.",
            Change(2.5, "x", None, "в 2,5 раза"),
        ),
        (
            "Товарооборот Казахстана с Россией сократился на 10%, до 20 млрд долларов.",
            Change(-10.0, "%", None, "на 10%"),
        ),
        (
            "Trade between Russia and Kazakhstan rose by about a quarter to $25 billion.",
            Change(0.25, "fraction", "about", "by about a quarter"),
        ),
        (
            "Trade between Russia and Kazakhstan grew two and a half times to $25 billion.",
            Change(2.5, "x", None, "two and a half times"),
        ),
        (
            "Trade between Russia and Kazakhstan rose by $1 billion to $25 billion.",
            Change(1e9, "USD", None, "by $1 billion"),
        ),
        (
            "ارتفع حجم التجارة بين روسيا وكازاخستان بنسبة 5% ليصل إلى 25 مليار دولار.",
            Change(5.0, "%", None, "بنسبة 5%"),
        ),
        (
            "ارتفع حجم التجارة بين روسيا وكازاخستان ضعفين ليصل إلى 25 مليار دولار.",
            Change(2.0, "x", None, "ضعفين"),
        ),
    ],
)
def test_changes(text, change):
    assert only(text).change == change


@pytest.mark.parametrize(
    ("text", "change"),
    [
        (
            "Trade between China and Kazakhstan grew by 10% in 2023.",
            Change(10.0, "%", None, "by 10%"),
        ),
        ("Взаимная торговля двух стран выросла в 2,5 раза.", Change(2.5, "x", None, "в 2,5 раза")),
    ],
)
def test_change_only_claims_have_no_value(text, change):
    claim = only(text)
    assert (claim.value, claim.change) == (None, change)


def test_the_two_countries_are_found_in_the_paragraph():
    text = (
        "Казахстан и Россия остаются главными партнерами. "
        "Товарооборот двух стран в 2021 году составил 24,2 млрд долларов."
    )
    claim = only(text)
    assert claim.countries == ("KAZ", "RUS")
    assert claim.quote == "Товарооборот двух стран в 2021 году составил 24,2 млрд долларов"


def test_the_two_countries_left_open_when_nothing_names_them():
    assert only("Товарооборот двух стран составил 24,2 млрд долларов.").countries == ()
