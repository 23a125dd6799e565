"""dashboard.text: the one place numbers, money, periods, flows and sources become words."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard import i18n, text, ui


@pytest.mark.parametrize(
    ("value", "currency", "unit", "digits", "expected"),
    [
        (24_624_279_965.57, "USD", "bn", 2, "$24.62 bn"),
        (625e6, "USD", "mn", 0, "$625 mn"),
        (1_100_000_000, "EUR", "bn", 2, "EUR 1.10 bn"),
        (24_624_279_965.57, "USD", "mn", 2, "$24,624.28 mn"),
        (None, "USD", "bn", 2, "-"),
        (math.nan, "USD", "bn", 2, "-"),
    ],
)
def test_money(value, currency, unit, digits, expected):
    assert text.money(value, currency, unit, digits) == expected


def test_numbers_changes_and_shares():
    assert text.number(24_624_279_965.57, 2) == "24,624,279,965.57"
    assert text.number(8_761_904_761.9) == "8,761,904,762"
    assert text.exact(24.2e9, "USD") == "24,200,000,000.00 USD"
    assert text.change(-0.01723) == "-1.7%"
    assert text.change(0.041) == "+4.1%"
    assert text.change(None) == "-"
    assert text.share(0.2420399) == "24.2%"
    assert text.share(math.nan) == ""
    assert text.percent_points(24.20399) == "24.20 %"
    assert text.unit_name("USD", "bn") == "USD billion"
    assert text.count(1, "row") == "1 row"
    assert text.count(1024, "row") == "1,024 rows"
    assert text.count(3, "partner country", "partner countries") == "3 partner countries"


@pytest.mark.parametrize(
    ("start", "end", "freq", "expected"),
    [
        (date(2021, 1, 1), date(2021, 12, 31), "A", "2021"),
        (date(2022, 5, 1), date(2022, 5, 31), "M", "May 2022"),
        (date(2022, 1, 1), date(2022, 5, 31), "YTD", "Jan-May 2022"),
        (date(2022, 1, 1), date(2022, 5, 31), None, "Jan-May 2022"),
        (date(2021, 1, 1), date(2021, 12, 31), None, "2021"),
    ],
)
def test_period(start, end, freq, expected):
    assert text.period(start, end, freq) == expected


def test_period_labels_agree_with_period_one_by_one():
    frame = pd.DataFrame(
        {
            "period_start": pd.to_datetime(["2021-01-01", "2022-05-01", "2022-01-01"]),
            "period_end": pd.to_datetime(["2021-12-31", "2022-05-31", "2022-05-31"]),
            "freq": ["A", "M", "YTD"],
        }
    )
    labels = text.period_labels(frame).tolist()
    assert labels == ["2021", "May 2022", "Jan-May 2022"]
    assert labels == [text.period(*row) for row in frame.itertuples(index=False)]


def test_periods_in_titles_and_notes():
    assert text.periods_shown("A", 5) == "years"
    assert text.periods_shown("YTD", 5) == "Jan-May of each year"
    assert text.periods_shown("YTD", 12) == "years"
    assert text.period_kind("YTD", 5) == "Jan-May"
    assert text.period_kind("M", 5) == "monthly"


def test_dates():
    assert text.date_long(date(2022, 10, 27)) == "27 October 2022"
    assert text.date_short(pd.Timestamp("2022-10-07")) == "07 Oct 2022"
    assert text.date_iso(pd.NaT) == ""
    assert text.date_long(None) == ""


def test_flows_and_series():
    assert text.flow_between("KAZ", "turnover", "RUS") == (
        "Kazakhstan's trade (turnover) with Russia"
    )
    assert text.flow_between("KAZ", "export", "CHN") == "Kazakhstan's exports to China"
    assert text.reported_by("KAZ") == "Reported by Kazakhstan"
    assert text.mirror_by("RUS", "import") == "Mirror: reported by Russia (its imports)"
    assert text.mirror_by("RUS", "turnover") == "Mirror: reported by Russia"
    assert text.country_option("CHN") == "China (CHN)"


BNS = {
    "publisher": "Bureau of National Statistics, Agency for Strategic Planning and Reforms",
    "title": "Основные показатели",
    "kind": "official_statistics",
    "edition": "2022",
    "url": "https://stat.gov.kz/",
    "published": None,
    "accessed": pd.Timestamp("2024-11-17"),
    "locator": "file.xlsx",
}
FCS = {"publisher": "Federal Customs Service of Russia (FCS), as republished", "edition": None}
PRESS = {
    "publisher": "Democracy Central Asia",
    "title": "مقال",
    "kind": "press",
    "published": pd.Timestamp("2022-10-27"),
    "edition": "2022-10-27",
    "locator": "paragraph 6",
}


def test_one_short_name_per_publisher():
    assert text.publisher_short(BNS["publisher"]) == "Bureau of National Statistics"
    assert text.publisher_short(FCS["publisher"]) == "Federal Customs Service of Russia"
    assert text.source_label(BNS) == "Bureau of National Statistics, edition 2022"
    assert text.source_label(FCS) == "Federal Customs Service of Russia"
    assert text.source_label(PRESS) == "Press article, 27 Oct 2022"


def test_citations():
    assert text.citation(BNS) == (
        "Bureau of National Statistics, Agency for Strategic Planning and Reforms. "
        "“Основные показатели”. edition 2022. file.xlsx. https://stat.gov.kz/. "
        "accessed 2024-11-17."
    )
    assert text.press_citation(PRESS) == (
        "Source: Democracy Central Asia, “",
        "مقال",
        "”, 27 October 2022, paragraph 6.",
    )
    assert text.figure_citation(BNS["publisher"], "2022", "sheet '2021', row 9") == (
        "Bureau of National Statistics, edition 2022; sheet '2021', row 9"
    )


def test_sources_line_groups_editions_and_wraps():
    sources = [
        {**BNS, "publisher": "BNS, Astana", "edition": "2021"},
        {**BNS, "publisher": "BNS, Astana", "edition": "2022"},
        {"publisher": "Wire", "kind": "press", "published": pd.Timestamp("2022-01-01")},
    ]
    assert text.sources_line(sources) == ["BNS, editions 2021, 2022; Press article, 01 Jan 2022"]
    assert text.sources_line(sources, width=30) == [
        "BNS, editions 2021, 2022;",
        "Press article, 01 Jan 2022",
    ]


def test_charts_name_months_and_their_toolbar_in_the_readers_language():
    assert text.plotly_locale("en") is None
    russian = text.plotly_locale("ru")
    assert russian["format"]["months"][0] == "январь"  # stand-alone, as an axis names it
    assert russian["format"]["shortMonths"][4] == "май"
    assert russian["format"]["days"][0] == "воскресенье"  # plotly's weeks start on Sunday
    assert russian["format"]["decimal"] == ","
    with i18n.speaking("ar"):
        config = ui.graph_config()
    assert config["locale"] == "ar"
    assert config["locales"]["ar"]["format"]["months"][0] == "يناير"
    assert config["locales"]["ar"]["dictionary"]["Zoom out"] == "تصغير"
    with i18n.speaking("en"):
        assert "locale" not in ui.graph_config()


def test_clauses_are_joined_as_the_language_joins_them():
    with i18n.speaking("ar"):
        assert text.clauses(["أ", "ب"]) == "أ؛ ب"
    with i18n.speaking("ru"):
        assert text.clauses(["а", "б"]) == "а; б"


class _Catalogue:
    """A catalogue of a few sentences, to test what is shown with and without one."""

    def __init__(self, sentences: dict[str, str]):
        self.sentences = sentences

    def gettext(self, message: str) -> str:
        return self.sentences.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


@pytest.fixture
def catalogue(monkeypatch):
    """Russian and Arabic readers with a catalogue of the English title and the publisher."""
    sentences = {
        "ru": {
            "Democracy in Central Asia": "Демократия в Центральной Азии",
            "Eurostat": "Евростат",
        },
        "ar": {"Main indicators of foreign trade": "المؤشرات الرئيسية للتجارة الخارجية"},
    }
    monkeypatch.setattr(i18n, "translations", lambda lang: _Catalogue(sentences.get(lang, {})))


RU_TABLE = {**BNS, "language": "ru", "title_en": "Main indicators of foreign trade"}
AR_ARTICLE = {**PRESS, "language": "ar", "title_en": "Democracy in Central Asia"}
EN_DATABASE = {"publisher": "Eurostat", "title": "Comext", "language": "en", "title_en": None}


@pytest.mark.usefixtures("catalogue")
def test_a_title_is_translated_into_the_readers_language_where_it_can_be():
    with i18n.speaking("ar"):
        assert text.title_translation(RU_TABLE) == ("المؤشرات الرئيسية للتجارة الخارجية", "ar")
        assert text.title_translation(AR_ARTICLE) is None  # the reader reads the original
        assert text.title_translation(EN_DATABASE) is None  # no Arabic rendering known
    with i18n.speaking("ru"):
        assert text.title_translation(RU_TABLE) is None
        assert text.title_translation(AR_ARTICLE) == ("Демократия в Центральной Азии", "ru")
    with i18n.speaking("en"):
        assert text.title_translation(RU_TABLE) == ("Main indicators of foreign trade", "en")
        assert text.title_translation(EN_DATABASE) is None
    # No catalogue rendering: the English title still says what a Russian table is.
    with i18n.speaking("ru"):
        article = {**AR_ARTICLE, "title_en": "An article"}
        assert text.title_translation(article) == ("An article", "en")
    # A source without an English title has no translation, never a guess.
    with i18n.speaking("en"):
        assert text.title_translation({**RU_TABLE, "title_en": None}) is None
        assert text.title_translation({**RU_TABLE, "title_en": float("nan")}) is None


@pytest.mark.usefixtures("catalogue")
def test_a_citation_brackets_the_translated_title_and_names_the_publisher_in_the_language():
    with i18n.speaking("en"):
        assert "“Основные показатели” [Main indicators of foreign trade]." in (
            text.citation(RU_TABLE)
        )
    with i18n.speaking("ru"):
        assert text.citation(EN_DATABASE).startswith("Евростат. “Comext”.")
        assert text.publisher_short("Eurostat (Comext)") == "Евростат"
        assert text.data_text(None) == ""
        assert text.data_text(float("nan")) == ""
        assert text.data_text("A user's own words") == "A user's own words"
    with i18n.speaking("ar"):
        assert "“Основные показатели” [المؤشرات الرئيسية للتجارة الخارجية]" in (
            text.citation(RU_TABLE)
        )


@pytest.mark.usefixtures("catalogue")
def test_a_press_citation_gives_the_title_translation_beside_the_original():
    with i18n.speaking("ru"):
        parts = ui.press_citation(AR_ARTICLE)
        before, _title, after = text.press_citation(AR_ARTICLE)
    shown = "".join(p if isinstance(p, str) else p.children for p in parts)
    assert shown == f"{before}مقال” [Демократия в Центральной Азии]{after.removeprefix('”')}"
    assert [p.lang for p in parts if not isinstance(p, str)] == ["ar", "ru"]
