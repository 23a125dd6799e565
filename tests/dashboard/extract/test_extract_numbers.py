"""Figures in digits and words, in every grouping style, with scale words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.extract.numbers import find_money, parse_digits, parse_number
from dashboard.extract.rules import rules

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NBSP = "\u00a0"
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _group(integer: int, sep: str) -> str:
    return f"{integer:,}".replace(",", sep)


def _styles(integer: int, cents: int) -> list[str]:
    """One number in each way it is written: 1,234,567.89 / 1 234 567,89 / 1.234.567,89 /
    ١٬٢٣٤٬٥٦٧٫٨٩ / ۱٬۲۳۴٬۵۶۷٫۸۹."""
    frac = f"{cents:02d}"
    arabic = f"{_group(integer, '٬')}٫{frac}"
    return [
        f"{_group(integer, ',')}.{frac}",
        f"{_group(integer, ' ')},{frac}",
        f"{_group(integer, NBSP)},{frac}",
        f"{_group(integer, '.')},{frac}",
        arabic.translate(_ARABIC_INDIC),
        arabic.translate(_PERSIAN),
    ]


@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_every_grouping_style_reads_as_the_same_number(integer, cents):
    expected = Decimal(f"{integer}.{cents:02d}")
    for lang in ("en", "ru", "ar"):
        for written in _styles(integer, cents):
            assert parse_digits(written, rules(lang)["decimal"])[0] == expected, (lang, written)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=99))
def test_scale_words_give_the_same_value_in_each_language(integer, cents):
    english = f"${integer}.{cents:02d} billion"
    russian = f"{integer},{cents:02d} млрд долларов"
    arabic = f"{integer}.{cents:02d} مليار دولار"
    values = [
        find_money(english, rules("en"), qatar=False)[0].value,
        find_money(russian, rules("ru"), qatar=False)[0].value,
        find_money(arabic, rules("ar"), qatar=False)[0].value,
        find_money(arabic.translate(_ARABIC_INDIC).replace(".", "٫"), rules("ar"), False)[0].value,
    ]
    assert values == [pytest.approx((integer + cents / 100) * 1e9)] * 4


@pytest.mark.parametrize(
    ("written", "lang", "value", "plain"),
    [
        ("1,234", "en", 1234, "1234"),
        ("1,234", "ru", 1.234, "1.234"),
        ("24,2", "ru", 24.2, "24.2"),
        ("9.2", "ar", 9.2, "9.2"),
        ("٩٫٢", "ar", 9.2, "9.2"),
        ("2 842", "ru", 2842, "2842"),
        ("five", "en", 5, "5"),
        ("twenty-five", "en", 25, "25"),
        ("two and a half", "en", 2.5, "2.5"),
        ("пяти", "ru", 5, "5"),
        ("двадцать пять", "ru", 25, "25"),
        ("полтора", "ru", 1.5, "1.5"),
        ("خمسة", "ar", 5, "5"),
        ("بخمسة", "ar", 5, "5"),
        ("خمسة وعشرين", "ar", 25, "25"),
    ],
)
def test_figures_in_digits_and_words(written, lang, value, plain):
    assert parse_number(written, rules(lang)) == (pytest.approx(value), plain)


@pytest.mark.parametrize(
    ("text", "lang", "value", "number", "scale"),
    [
        ("$2 млрд. 842 млн.", "ru", 2_842_000_000, "2.842", "billion"),
        ("24,2 млрд долларов", "ru", 24_200_000_000, "24.2", "billion"),
        ("1,5 трлн тенге", "ru", 1_500_000_000_000, "1.5", "trillion"),
        ("25 миллиардов долларов", "ru", 25_000_000_000, "25", "billion"),
        ("пять миллиардов долларов", "ru", 5_000_000_000, "5", "billion"),
        ("9.2 مليار دولار", "ar", 9_200_000_000, "9.2", "billion"),
        ("٩٫٢ مليار دولار", "ar", 9_200_000_000, "9.2", "billion"),
        ("625 مليون دولار", "ar", 625_000_000, "625", "million"),
        ("US$1.5bn", "en", 1_500_000_000, "1.5", "billion"),
        ("$625 million", "en", 625_000_000, "625", "million"),
        ("$5m", "en", 5_000_000, "5", "million"),
        ("$1,500 million", "en", 1_500_000_000, "1500", "million"),
        ("2,842 thousand dollars", "en", 2_842_000, "2842", "thousand"),
        ("€300,000", "en", 300_000, "300000", "unit"),
    ],
)
def test_amounts_of_money_in_full_units(text, lang, value, number, scale):
    [money] = find_money(text, rules(lang), qatar=False)
    assert (money.value, money.number, money.scale) == (pytest.approx(value), number, scale)
    assert text[money.start : money.end].rstrip(".") == text.rstrip(".")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("49.00", "ar"),
        ("in 2021", "en"),
        ("5 млн тонн", "ru"),
        ("19 million people", "en"),
        ("2 مليون طن", "ar"),
    ],
)
def test_figures_that_are_not_money(text, lang):
    assert find_money(text, rules(lang), qatar=False) == []
