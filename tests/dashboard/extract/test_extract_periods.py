"""Period phrases in each language -> first and last day and frequency."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract.periods import find_periods
from dashboard.extract.rules import rules

PUBLISHED = date(2022, 10, 27)


@pytest.mark.parametrize(
    ("text", "lang", "first", "last", "freq"),
    [
        ("в 2021 году", "ru", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("in 2021", "en", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("عام 2021", "ar", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("в январе-мае 2022 года", "ru", date(2022, 1, 1), date(2022, 5, 31), "YTD"),
        ("between January and May", "en", date(2022, 1, 1), date(2022, 5, 31), "YTD"),
        ("بين يناير ومايو", "ar", date(2022, 1, 1), date(2022, 5, 31), "YTD"),
        ("بين يناير ومايو من هذا العام", "ar", date(2022, 1, 1), date(2022, 5, 31), "YTD"),
        ("January-May 2021", "en", date(2021, 1, 1), date(2021, 5, 31), "YTD"),
        ("in March 2023", "en", date(2023, 3, 1), date(2023, 3, 31), "M"),
        ("в марте 2023 года", "ru", date(2023, 3, 1), date(2023, 3, 31), "M"),
        ("в первом квартале", "ru", date(2022, 1, 1), date(2022, 3, 31), "Q"),
        ("во втором квартале 2021 года", "ru", date(2021, 4, 1), date(2021, 6, 30), "Q"),
        ("Q1 2023", "en", date(2023, 1, 1), date(2023, 3, 31), "Q"),
        ("الربع الأول", "ar", date(2022, 1, 1), date(2022, 3, 31), "Q"),
        ("в первом полугодии", "ru", date(2022, 1, 1), date(2022, 6, 30), "H"),
        ("H1 2023", "en", date(2023, 1, 1), date(2023, 6, 30), "H"),
        ("النصف الأول من عام 2021", "ar", date(2021, 1, 1), date(2021, 6, 30), "H"),
        ("the first seven months", "en", date(2022, 1, 1), date(2022, 7, 31), "YTD"),
        ("за семь месяцев", "ru", date(2022, 1, 1), date(2022, 7, 31), "YTD"),
        ("за 7 месяцев 2021 года", "ru", date(2021, 1, 1), date(2021, 7, 31), "YTD"),
        ("الأشهر السبعة الأولى", "ar", date(2022, 1, 1), date(2022, 7, 31), "YTD"),
        ("last year", "en", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("this year", "en", date(2022, 1, 1), date(2022, 12, 31), "A"),
        ("в прошлом году", "ru", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("в этом году", "ru", date(2022, 1, 1), date(2022, 12, 31), "A"),
        ("العام الماضي", "ar", date(2021, 1, 1), date(2021, 12, 31), "A"),
        ("هذا العام", "ar", date(2022, 1, 1), date(2022, 12, 31), "A"),
        ("с начала года", "ru", date(2022, 1, 1), date(2022, 9, 30), "YTD"),
    ],
)
def test_period_phrases(text, lang, first, last, freq):
    [period] = find_periods(text, rules(lang), PUBLISHED)
    assert (period.first, period.last, period.freq) == (first, last, freq)
    assert not period.base


def test_a_month_span_without_a_year_or_a_publication_date_is_open():
    assert find_periods("в январе-мае", rules("ru"), None) == []


def test_a_compared_year_is_a_base_period():
    periods = find_periods("в 2022 году по сравнению с 2021 годом", rules("ru"), PUBLISHED)
    assert [(p.first.year, p.base) for p in periods] == [(2022, False), (2021, True)]


def test_bare_numbers_are_not_years():
    assert find_periods("составил 2021 тонну", rules("ru"), PUBLISHED) == []
