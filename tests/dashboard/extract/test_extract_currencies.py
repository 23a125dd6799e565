"""Currency words and signs in each language -> ISO 4217."""

from __future__ import annotations

import pytest

from dashboard.extract.numbers import find_money
from dashboard.extract.rules import rules


@pytest.mark.parametrize(
    ("text", "lang", "currency"),
    [
        ("$5 billion", "en", "USD"),
        ("5 billion dollars", "en", "USD"),
        ("USD 5 million", "en", "USD"),
        ("5 billion rubles", "en", "RUB"),
        ("5 billion roubles", "en", "RUB"),
        ("5 billion tenge", "en", "KZT"),
        ("5 billion yuan", "en", "CNY"),
        ("5 billion dirhams", "en", "AED"),
        ("€5 billion", "en", "EUR"),
        ("5 billion euros", "en", "EUR"),
        ("5 млрд долларов", "ru", "USD"),
        ("5 млрд долл. США", "ru", "USD"),
        ("5 млрд рублей", "ru", "RUB"),
        ("5 млрд руб.", "ru", "RUB"),
        ("5 млрд тенге", "ru", "KZT"),
        ("5 млрд юаней", "ru", "CNY"),
        ("5 млрд дирхамов", "ru", "AED"),
        ("5 млрд евро", "ru", "EUR"),
        ("5 مليارات دولار", "ar", "USD"),
        ("5 مليار روبل", "ar", "RUB"),
        ("5 مليار تينغي", "ar", "KZT"),
        ("5 مليار يوان", "ar", "CNY"),
        ("5 مليار درهم", "ar", "AED"),
        ("5 مليار يورو", "ar", "EUR"),
    ],
)
def test_currency_words(text, lang, currency):
    [money] = find_money(text, rules(lang), qatar=False)
    assert money.currency == currency


@pytest.mark.parametrize(
    ("text", "lang"),
    [("5 billion riyals", "en"), ("5 млрд риалов", "ru"), ("5 مليار ريال", "ar")],
)
def test_riyals_are_qatari_beside_qatar_and_saudi_otherwise(text, lang):
    assert find_money(text, rules(lang), qatar=True)[0].currency == "QAR"
    assert find_money(text, rules(lang), qatar=False)[0].currency == "SAR"


def test_scale_without_currency_keeps_the_currency_open():
    [money] = find_money("24,2 млрд", rules("ru"), qatar=False)
    assert (money.value, money.currency) == (24_200_000_000, None)
