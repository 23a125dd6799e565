"""The claims checker: shipped claims, period rules as properties, new claims without code."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import claims
from dashboard.app import create_app
from dashboard.store import DATA_DIR, Store
from dashboard.views.claims import claims_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checks(store):
    return {
        c.claim.freq: c
        for c in claims.check_claims(
            store.observations, store.frames.claimed_changes, store.sources
        )
    }


def test_2021_claim_against_both_reporters(checks):
    check = checks["A"]
    official = {c.reporter: c for c in check.comparisons}
    assert official["KAZ"].value == 24_624_279_965.57
    assert official["KAZ"].source_id == "kz-bns-foreign-trade-by-country-2022"
    assert official["RUS"].value == 25_631_000_000
    assert official["RUS"].source_id == "ru-fcs-trade-cis-annual-2021"
    statuses = dict(zip(official, check.statuses, strict=True))
    assert statuses["KAZ"][0] == "differs"
    assert statuses["KAZ"][1] == pytest.approx(-0.01723, abs=1e-5)
    assert statuses["RUS"][1] == pytest.approx(24.2 / 25.631 - 1)
    assert check.verdict.startswith(
        "differs by -1.7% from Bureau of National Statistics (edition 2022)"
    )
    assert "-5.6% from Federal Customs Service of Russia (edition 2021)" in check.verdict
    assert check.mirror_gap == pytest.approx(25.631e9 / 24_624_279_965.57 - 1)
    # The claimed "24.2" is, to the digit, Russia's share (in per cent) of Kazakhstan's
    # turnover in 2021: a possible explanation the checker must offer.
    shares = {m.description: m for m in check.near if m.unit == "%"}
    share = shares["Russia's share of Kazakhstan's turnover, 2021: 24.20 %"]
    assert share.value == pytest.approx(24.20399, abs=1e-5)
    assert share.source_id.startswith("kz-bns-foreign-trade-by-country-")
    growth = check.change.official_growth
    assert growth["KAZ"].rate == pytest.approx(24_624_279_965.57 / 18_775_351_559.57 - 1)
    low, high = claims.rate_range(1 / 3, True)
    assert low <= growth["KAZ"].rate <= high
    assert low <= growth["RUS"].rate <= high


def test_jan_may_2022_claim_has_no_official_figure_and_an_implied_base(checks):
    check = checks["YTD"]
    assert check.verdict == "no official figure for this period loaded"
    assert all(c.value is None for c in check.comparisons)
    change = check.change
    assert change.implied.value == pytest.approx(9.2e9 / 1.05)
    assert change.implied.low < change.implied.value < change.implied.high
    russia = next(b for b in change.bases if b.reporter == "RUS")
    assert russia.how == "summed from months"
    assert russia.value == pytest.approx(9.4486e9, rel=1e-4)
    assert not change.implied.low <= russia.value <= change.implied.high


def test_claims_table_rows(store, checks):
    table = claims_table(list(checks.values()), store.sources)
    kinds = set(table.check)
    assert {
        "claim",
        "official figure",
        "mirror gap",
        "claimed change",
        "implied base",
        "official change",
        "near match",
    } <= kinds
    cited = set(table.source_id.dropna())
    assert cited <= set(store.sources.source_id)


# ---------------------------------------------------------------- claim rules as properties


@given(
    st.floats(1e3, 1e13),
    st.sampled_from([None, 1e6, 1e8, 1e9]),
    st.booleans(),
    st.floats(-0.5, 2.0),
    st.booleans(),
)
def test_implied_base_range_contains_the_exact_value(value, precision, approx, rate, rate_approx):
    implied = claims.implied_base(value, precision, approx, rate, rate_approx)
    assert implied.low <= implied.value <= implied.high
    assert implied.value == pytest.approx(value / (1 + rate))


# ---------------------------------------------------------------- a new claim needs no code

NEW_CLAIM = """
document:
  id: press-2024-test
  title: Test wire
  publisher: Test Agency
  published: 2024-03-01
  language: en
claims:
  - id: kaz-chn-2021
    kind: trade
    paragraph: 2
    quote: Kazakhstan's trade with China reached 18 billion dollars in 2021
    quote_en: Kazakhstan's trade with China reached 18 billion dollars in 2021
    reporter: KAZ
    partner: CHN
    flow: turnover
    period: "2021"
    value: "18"
    scale: billion
    currency: USD
"""


def test_new_press_yaml_appears_on_the_page_and_in_the_export(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "official", data / "official")
    shutil.copytree(DATA_DIR / "press", data / "press")
    (data / "press" / "2024-test.yaml").write_text(NEW_CLAIM, encoding="utf-8")
    app = create_app(Store.from_dir(data))
    client = app.server.test_client()
    with app.server.test_request_context("/claims"):
        from dashboard.pages import claims

        page = str(claims.layout())
    assert "Kazakhstan's trade with China reached 18 billion dollars in 2021" in page
    assert "consistent with Bureau of National Statistics (edition 2022)" in page
    response = client.get("/export.xlsx?page=claims")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Claims"]
    header = [c.value for c in sheet[1]]
    ids = {row[header.index("claim_id")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "press-2024-test-kaz-chn-2021" in ids
    sources = {row[0] for row in book["Sources"].iter_rows(min_row=2, values_only=True)}
    assert "press-2024-test-kaz-chn-2021" in sources


def test_check_claims_command(tmp_path):
    out = tmp_path / "claims.csv"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "check-claims", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out)
    assert set(table.columns) >= {"claim_id", "check", "reporter", "figure", "difference", "status"}
    assert (table.check == "near match").any()
    printed = subprocess.run(
        [sys.executable, "-m", "dashboard", "check-claims"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "verdict: no official figure for this period loaded" in printed.stdout
    assert "verdict: differs by -1.7% from Bureau of National Statistics" in printed.stdout
