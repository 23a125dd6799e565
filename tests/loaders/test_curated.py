"""Press loader: the seed article's quotes, claims, claimed changes and the Qatar package."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders import curated
from loaders.errors import LoadError

SEED_YAML = (
    Path(__file__).resolve().parents[2] / "data/press/2022-10-27-democracy-central-asia.yaml"
)


@pytest.fixture(scope="module")
def seed_frames():
    return curated.load(SEED_YAML)


def test_source_rows_keep_the_arabic_quote_and_english(seed_frames):
    sources = seed_frames.sources
    assert set(sources.kind) == {"press"}
    assert set(sources.language) == {"ar"}
    assert set(sources.published) == {pd.Timestamp("2022-10-27")}
    assert sources.quote.notna().all()
    assert sources.quote_en.notna().all()
    assert "Astana, Berlin, Brussels (27/10)" in sources.note[0]
    assert len(sources) == 5  # statement, two trade claims, the package and its sectors


def test_quotes_are_verbatim_fragments_of_the_article(seed_frames, seed):
    article = (seed / "article.ar.txt").read_text(encoding="utf-8")
    for quote in seed_frames.sources.quote:
        assert quote in article


def test_trade_claims(seed_frames):
    obs = seed_frames.observations.set_index("freq")
    jan_may = obs.loc["YTD"]
    assert jan_may.value == 9.2e9
    assert jan_may.precision == 1e8
    assert (jan_may.period_start, jan_may.period_end) == (
        pd.Timestamp("2022-01-01"),
        pd.Timestamp("2022-05-31"),
    )
    year = obs.loc["A"]
    assert year.value == 24.2e9
    assert year.qualifier == "record"
    assert set(seed_frames.observations.basis) == {"claim"}
    assert set(seed_frames.observations.flow) == {"turnover"}


def test_claimed_changes_are_data(seed_frames):
    changes = seed_frames.claimed_changes.set_index("base_freq")
    assert changes.loc["YTD", "rate"] == pytest.approx(0.05)
    assert changes.loc["YTD", "approx"]
    assert changes.loc["YTD", "base_start"] == pd.Timestamp("2021-01-01")
    assert changes.loc["A", "rate"] == pytest.approx(1 / 3)
    assert changes.loc["A", "qualifier"] == "about a third"


def test_qatar_package_sectors_are_undisclosed_not_zero(seed_frames):
    deal = seed_frames.deals.iloc[0]
    assert (deal.party_a, deal.party_b, deal.status) == ("KAZ", "QAT", "signed")
    assert deal.total_value == 625e6
    sectors = seed_frames.deal_sectors
    assert len(sectors) == 8
    assert sectors.amount.isna().all()  # never 0, never 625/8
    assert {"Dairy and poultry production", "Telecommunications"} <= set(sectors.sector)
    # The sector list has its own quote.
    assert sectors.source_id.iloc[0] != deal.source_id


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "claim.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
document: {id: test-doc, title: T, publisher: P, published: 2024-01-02, language: en}
claims:
  - {id: c1, kind: trade, quote: q, quote_en: q, reporter: KAZ, partner: CHN,
     flow: export, period: "2023", value: "1.5", scale: billion, currency: USD}
"""


def test_minimal_claim(tmp_path):
    frames = curated.load(_write(tmp_path, GOOD))
    assert frames.observations.value.tolist() == [1.5e9]
    assert frames.sources.source_id.tolist() == ["test-doc-c1"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('period: "2023"', "period: Jan-May"),
            "a period 'YYYY', 'YYYY-MM' or 'YYYY-MM/YYYY-MM' at claims[0].period",
        ),
        (
            ("partner: CHN", "partner: Cathay"),
            "ISO3 country code or aggregate at claims[0].partner",
        ),
        (("flow: export", "flow: exports"), "one of export, import, turnover at claims[0].flow"),
        (('value: "1.5"', "value: lots"), "a number such as 9.2 or 1/3 at claims[0].value"),
        (("quote: q, ", ""), "a value at claims[0].quote"),
        (("scale: billion", "scale: bn"), "one of unit, thousand, million, billion, trillion"),
        (
            ("published: 2024-01-02", "published: yesterday"),
            "a date YYYY-MM-DD at document.published",
        ),
        (("claims:", "claims: {}\nx:"), "a list of claims"),
        (("kind: trade", "kind: rumour"), "one of statement, trade, deal at claims[0].kind"),
        (("{id: c1,", "{id: c1: 2,"), "valid YAML"),
    ],
)
def test_bad_claims_name_the_key(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    with pytest.raises(LoadError, match="claim.yaml") as error:
        curated.load(_write(tmp_path, GOOD.replace(old, new)))
    assert expected in str(error.value)


def test_negative_claim_is_refused(tmp_path):
    with pytest.raises(
        LoadError, match=r"row 1: value = -1500000000.0, expected a figure of zero or more"
    ):
        curated.load(_write(tmp_path, GOOD.replace('value: "1.5"', 'value: "-1.5"')))
