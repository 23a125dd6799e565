"""The seed article yields exactly its three figure claims, with every field."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract import Change, Claim, extract

SEED = Path(__file__).resolve().parents[4] / "shared" / "seed" / "article.ar.txt"
PUBLISHED = date(2022, 10, 27)


@pytest.fixture(scope="module")
def article() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


def _expected(text: str) -> list[Claim]:
    def at(quote: str) -> tuple[int, int]:
        start = text.index(quote)
        return start, start + len(quote)

    qatar = "واتفاقية استثمار بقيمة 625 مليون دولار مع قطر"
    jan_may = (
        "بين يناير ومايو من هذا العام ، زادت التجارة بنحو خمسة في المائة ، لتصل إلى 9.2 مليار دولار"
    )
    year = (
        "في نهاية عام 2021 ، نما حجم التجارة الثنائية بين البلدين بنحو الثلث عن السنوات "
        "السابقة ووصل إلى 24.2 مليار دولار ، وهو رقم قياسي"
    )
    return [
        Claim(
            value=625_000_000.0,
            number="625",
            scale="million",
            currency="USD",
            period_start=None,
            period_end=None,
            freq=None,
            countries=("KAZ", "QAT"),
            measure="investment",
            qualifier=None,
            change=None,
            quote=qatar,
            start=at(qatar)[0],
            end=at(qatar)[1],
            lang="ar",
        ),
        Claim(
            value=9_200_000_000.0,
            number="9.2",
            scale="billion",
            currency="USD",
            period_start=date(2022, 1, 1),
            period_end=date(2022, 5, 31),
            freq="YTD",
            countries=("KAZ", "RUS"),
            measure="turnover",
            qualifier=None,
            change=Change(5.0, "%", "about", "بنحو خمسة في المائة"),
            quote=jan_may,
            start=at(jan_may)[0],
            end=at(jan_may)[1],
            lang="ar",
        ),
        Claim(
            value=24_200_000_000.0,
            number="24.2",
            scale="billion",
            currency="USD",
            period_start=date(2021, 1, 1),
            period_end=date(2021, 12, 31),
            freq="A",
            countries=("KAZ", "RUS"),
            measure="turnover",
            qualifier="record",
            change=Change(1 / 3, "fraction", "about", "بنحو الثلث"),
            quote=year,
            start=at(year)[0],
            end=at(year)[1],
            lang="ar",
        ),
    ]


def test_seed_article_yields_exactly_its_three_claims(article):
    assert extract(article, published=PUBLISHED) == _expected(article)


def test_quotes_are_the_text_at_their_offsets(article):
    for claim in extract(article, published=PUBLISHED):
        assert article[claim.start : claim.end] == claim.quote


def test_language_is_detected_from_the_script(article):
    assert extract(article, published=PUBLISHED, lang="ar") == extract(article, PUBLISHED)


def test_json_form_of_a_seed_claim(article):
    claim = extract(article, published=PUBLISHED)[1]
    assert claim.to_json() == {
        "value": 9_200_000_000.0,
        "number": "9.2",
        "scale": "billion",
        "currency": "USD",
        "period_start": "2022-01-01",
        "period_end": "2022-05-31",
        "freq": "YTD",
        "countries": ["KAZ", "RUS"],
        "measure": "turnover",
        "qualifier": None,
        "change": {"value": 5.0, "unit": "%", "qualifier": "about", "text": "بنحو خمسة في المائة"},
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "lang": "ar",
    }


def test_without_a_publication_date_this_year_is_open(article):
    claims = extract(article)
    assert [c.period_start for c in claims] == [None, None, date(2021, 1, 1)]


def test_seed_article_is_fast_after_warm_up(article):
    extract(article, published=PUBLISHED)
    began = time.perf_counter()
    extract(article, published=PUBLISHED)
    assert time.perf_counter() - began < 0.5
