"""A checked article: claims as rows to correct, and the rows kept as press YAML."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from dashboard import article
from dashboard.extract import Change, Claim

QUOTE = "بين يناير ومايو من هذا العام ، زادت التجارة بنحو خمسة في المائة ، لتصل إلى 9.2 مليار دولار"


def _claim(**changes) -> Claim:
    fields = {
        "value": 9_200_000_000.0,
        "number": "9.2",
        "scale": "billion",
        "currency": "USD",
        "period_start": date(2022, 1, 1),
        "period_end": date(2022, 5, 31),
        "freq": "YTD",
        "countries": ("KAZ", "RUS"),
        "measure": "turnover",
        "qualifier": None,
        "change": Change(5.0, "%", "about", "بنحو خمسة في المائة"),
        "quote": QUOTE,
        "start": 10,
        "end": 10 + len(QUOTE),
        "lang": "ar",
    }
    return Claim(**(fields | changes))


def _keep(rows, **source):
    fields = {
        "outlet": "Al Example",
        "title": "Trade grows",
        "published": date(2022, 10, 27),
        "url": "https://example.org/a",
        "language": "ar",
        "by": "ana",
    }
    return article.press_yaml(rows, **(fields | source))


def test_a_claim_becomes_a_row_of_text_cells():
    (row,) = article.rows([_claim()])
    assert {k: row[k] for k in article.COLUMNS if k != "quote_en"} == {
        "keep": True,
        "measure": "turnover",
        "countries": "KAZ RUS",
        "value": "9.2",
        "scale": "billion",
        "currency": "USD",
        "period": "2022-01/2022-05",
        "qualifier": "",
        "change": "about 5%",
        "quote": QUOTE,
    }
    # An Arabic quote gets an English reading, marked as one.
    assert row["quote_en"] == (
        "[reading, not a translation] Kazakhstan-Russia turnover, in 2022-01/2022-05, "
        "9.2 billion USD, change about 5%"
    )


def test_kept_rows_load_as_a_press_source_with_the_claim_and_its_change():
    frames = article.kept_frames(_keep(article.rows([_claim()])), "a.yaml")
    (obs,) = frames.observations.to_dict("records")
    assert (obs["reporter"], obs["partner"], obs["flow"], obs["basis"]) == (
        "KAZ",
        "RUS",
        "turnover",
        "claim",
    )
    assert obs["value"] == 9_200_000_000.0
    assert obs["precision"] == 100_000_000.0
    (source,) = frames.sources.to_dict("records")
    assert source["kind"] == "press"
    assert source["quote"] == QUOTE
    assert source["publisher"] == "Al Example"
    (change,) = frames.claimed_changes.to_dict("records")
    assert change["rate"] == 0.05
    assert change["approx"]  # "about 5%"
    assert change["qualifier"] == "about 5%"
    assert change["base_start"] == pd_date(2021, 1, 1)


def pd_date(year: int, month: int, day: int):
    import pandas as pd

    return pd.Timestamp(year, month, day)


def test_an_investment_becomes_a_deal_and_a_third_a_rate():
    rows = article.rows(
        [
            _claim(
                measure="investment",
                countries=("KAZ", "QAT"),
                number="625",
                scale="million",
                value=625e6,
                change=None,
                period_start=None,
                period_end=None,
                freq=None,
            ),
            _claim(change=Change(1 / 3, "fraction", "about", "بنحو الثلث")),
        ]
    )
    document = yaml.safe_load(_keep(rows))
    deal, trade = document["claims"]
    assert (deal["kind"], deal["parties"], deal["value"], deal["scale"]) == (
        "deal",
        ["KAZ", "QAT"],
        "625",
        "million",
    )
    assert trade["change"]["rate"] == "1/3"
    frames = article.kept_frames(_keep(rows), "a.yaml")
    assert frames.deals.total_value.tolist() == [625_000_000.0]


def test_unticked_rows_are_left_out():
    rows = article.rows([_claim(), _claim(quote="another", start=0, end=7)])
    rows[1]["keep"] = False
    assert len(yaml.safe_load(_keep(rows))["claims"]) == 1


def test_every_problem_names_its_row_and_cell():
    rows = article.rows([_claim()])
    rows[0] |= {"countries": "KAZ", "currency": "dollars", "period": "Q3 2022", "change": "lots"}
    with pytest.raises(article.ArticleError) as error:
        _keep(rows, outlet="", url="ftp://x")
    assert error.value.problems == [
        "the source: expected the outlet that published the article",
        "the source: expected a web address (http or https), found 'ftp://x'",
        "row 1: countries: expected two ISO3 country codes such as KAZ RUS, found 'KAZ'",
        "row 1: currency: expected an ISO 4217 code such as USD, found 'DOLLARS'",
        "row 1: period: expected 2021, 2021-03 or 2022-01/2022-05 "
        + error.value.problems[4].split("2022-01/2022-05 ", 1)[1],
        "row 1: change: expected 5%, about 1/3 or 2.5x, found 'lots'",
    ]
    assert "found 'Q3 2022'" in error.value.problems[4]


def test_nothing_ticked_is_refused():
    rows = article.rows([_claim()])
    rows[0]["keep"] = False
    with pytest.raises(article.ArticleError, match="at least one row marked keep"):
        _keep(rows)
