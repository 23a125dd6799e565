"""The labelled sentence set bench/bench_claims.py reads: every entry well formed.

Checks the metadata only (keys, languages, ISO3 countries, periods on first and last days,
sources with web addresses, enough sentences and negatives); no network, no ../shared.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pycountry
import pytest
import yaml

SET = Path(__file__).resolve().parents[1] / "bench" / "claims_set.yaml"
LANGS = {"ar", "ru", "en"}
ENTRY_KEYS = {"id", "lang", "text", "published", "source", "claims"}
OPTIONAL_KEYS = {"note"}
CLAIM_KEYS = {
    "value",
    "currency",
    "period_start",
    "period_end",
    "countries",
    "measure",
    "qualifier",
    "change",
}
MEASURES = {"turnover", "export", "import", "investment", "other"}
QUALIFIER_WORDS = {"about", "almost", "nearly", "more than", "over", "exceeded", "record"}
CHANGE_UNITS = {"%", "x", "fraction"}
ENTRIES = yaml.safe_load(SET.read_text(encoding="utf-8"))


def _ids(entries):
    return [e.get("id", f"#{i}") for i, e in enumerate(entries)]


def test_set_is_a_list_of_mappings():
    assert isinstance(ENTRIES, list)
    assert all(isinstance(e, dict) for e in ENTRIES)


def test_enough_sentences_languages_and_negatives():
    assert len(ENTRIES) >= 40
    per_lang = Counter(e["lang"] for e in ENTRIES)
    assert all(per_lang[lang] >= 12 for lang in LANGS), per_lang
    assert sum(1 for e in ENTRIES if not e["claims"]) >= 12


def test_ids_are_unique():
    counts = Counter(e["id"] for e in ENTRIES)
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_entry_has_its_keys(entry):
    assert entry.keys() >= ENTRY_KEYS
    assert entry.keys() <= ENTRY_KEYS | OPTIONAL_KEYS
    assert isinstance(entry["id"], str)
    assert entry["id"]
    assert entry["lang"] in LANGS
    assert isinstance(entry["text"], str)
    assert entry["text"].strip() == entry["text"]
    assert entry["text"]
    assert entry["published"] is None or type(entry["published"]) is dt.date
    assert isinstance(entry["claims"], list)


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_source_is_cited(entry):
    source = entry["source"]
    assert source.keys() >= {"url", "outlet", "title"}
    url = urlparse(source["url"])
    assert url.scheme in {"http", "https"}
    assert url.netloc
    assert isinstance(source["outlet"], str)
    assert source["outlet"]
    assert source["title"] is None or isinstance(source["title"], str)


def _claims():
    for entry in ENTRIES:
        for n, claim in enumerate(entry["claims"]):
            yield pytest.param(entry, claim, id=f"{entry['id']}[{n}]")


@pytest.mark.parametrize(("entry", "claim"), list(_claims()))
def test_claim_fields(entry, claim):
    assert claim.keys() == CLAIM_KEYS
    value = claim["value"]
    assert value is None or (isinstance(value, int | float) and value > 0)
    if value is None:
        assert claim["currency"] is None
        assert claim["change"] is not None, "a claim without a value states a change"
    else:
        assert pycountry.currencies.get(alpha_3=claim["currency"]) is not None
    assert claim["measure"] in MEASURES
    countries = claim["countries"]
    assert len(countries) == 2
    assert len(set(countries)) == 2
    for code in countries:
        assert len(code) == 3
        assert pycountry.countries.get(alpha_3=code) is not None, code
    qualifier = claim["qualifier"]
    if qualifier is not None:
        words = {w.strip() for w in qualifier.split(",")}
        assert words <= QUALIFIER_WORDS, words
    change = claim["change"]
    if change is not None:
        assert change.keys() == {"value", "unit"}
        assert isinstance(change["value"], int | float)
        unit = change["unit"]
        assert unit in CHANGE_UNITS or pycountry.currencies.get(alpha_3=unit) is not None


@pytest.mark.parametrize(("entry", "claim"), list(_claims()))
def test_periods_are_first_and_last_days(entry, claim):
    start, end = claim["period_start"], claim["period_end"]
    assert (start is None) == (end is None), "a period has both ends or neither"
    if start is None:
        return
    assert type(start) is dt.date
    assert type(end) is dt.date
    assert start <= end
    assert start.day == 1
    assert end.day == calendar.monthrange(end.year, end.month)[1]
    if entry["published"] is not None:
        assert start <= entry["published"], "a claim is about the past or the present"
