"""Periods: Russian wording, spec strings, labels and like-for-like months."""

from __future__ import annotations

import re
from datetime import date

import pytest

from loaders.periods import Period, label, parse_period_spec, parse_ru_period, period_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("за январь-декабрь 2019 года", Period.year(2019)),
        ("за 2021 год", Period.year(2021)),
        ("за  2021 год", Period.year(2021)),
        ("2023 год", Period.year(2023)),
        ("за январь-май 2022 года", Period.months(2022, 1, 5)),
        ("Январь - Июнь 2020 г.", Period.months(2020, 1, 6)),
        ("за май 2022 года", Period.month(2022, 5)),
        ("тыс. долларов США", None),
        ("Основные показатели", None),
    ],
)
def test_parse_ru_period(text, expected):
    assert parse_ru_period(text) == expected


def test_labels_and_freqs():
    assert Period.months(2022, 1, 5).label == "Jan-May 2022"
    assert Period.months(2022, 1, 5).freq == "YTD"
    assert Period.months(2021, 1, 12) == Period.year(2021)
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    assert Period.month(2021, 3).label == "Mar 2021"
    assert label(date(2021, 1, 1), date(2021, 12, 31)) == "2021"
    assert Period.months(2022, 1, 5).same_months(2021) == Period.months(2021, 1, 5)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("Jan-May 2022", "'YYYY', 'YYYY-MM' or 'YYYY-MM/YYYY-MM'"),
        ("2022-13", "a month between 01 and 12"),
        ("2021-01/2022-05", "a span within one calendar year"),
        ("2022-03/2022-05", "must start in January"),
    ],
)
def test_bad_specs(spec, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_period_spec(spec)


def test_period_of_refuses_spans_that_are_not_periods():
    with pytest.raises(ValueError, match="must start in January"):
        period_of(date(2021, 2, 1), date(2021, 5, 31))
    assert period_of(date(2021, 1, 1), date(2021, 5, 31)).freq == "YTD"
