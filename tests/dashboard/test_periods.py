"""dashboard.periods: like-for-like sums, comparable spans, growth, same-period figures."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.periods import growth, months_to_date, official_same_period, year_on_year


def _months(months, year=2021, value=1.0, source="s"):
    return pd.DataFrame(
        {
            "reporter": "RUS",
            "partner": "KAZ",
            "flow": "export",
            "product": "TOTAL",
            "currency": "USD",
            "basis": "reported",
            "source_id": source,
            "period_start": [pd.Timestamp(year, m, 1) for m in months],
            "period_end": [pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd(0) for m in months],
            "freq": "M",
            "value": value,
            "period": "x",
            "edition": "e",
            "locator": [f"row {m}" for m in months],
            "note": None,
        }
    )


def test_sums_only_complete_spans():
    frame = pd.concat([_months(range(1, 6), 2021), _months([1, 2, 4, 5], 2022)])
    sums, gaps = months_to_date(frame, 5)
    assert len(sums) == 1
    row = sums.iloc[0]
    assert (row.value, row.freq, row.basis, row.period) == (5.0, "YTD", "derived", "Jan-May 2021")
    assert row.period_end == pd.Timestamp("2021-05-31")
    assert "5 months" in row.locator or "row 1" in row.locator
    assert [(g.year, g.missing) for g in gaps] == [(2022, (3,))]
    assert "Mar" in gaps[0].text


def test_twelve_months_make_a_year_and_sources_never_mix():
    frame = pd.concat([_months(range(1, 7), source="a"), _months(range(7, 13), source="b")])
    sums, gaps = months_to_date(frame, 12)
    assert sums.empty
    assert len(gaps) == 2
    sums, _ = months_to_date(_months(range(1, 13)), 12)
    assert sums.freq.tolist() == ["A"]
    assert sums.period.tolist() == ["2021"]


def test_months_out_of_range():
    with pytest.raises(ValueError, match="last_month must be between 1 and 12"):
        months_to_date(_months([1]), 13)


def test_seed_claims_against_the_shipped_data(store):
    obs = store.observations
    claims = obs[obs.basis == "claim"]
    jan_may = official_same_period(obs, claims[claims.freq == "YTD"].iloc[0])
    assert [c.value for c in jan_may] == [None, None]
    assert all(c.how == "no official figure loaded for this period" for c in jan_may)
    year = {c.reporter: c for c in official_same_period(obs, claims[claims.freq == "A"].iloc[0])}
    assert year["KAZ"].value == 24_624_279_965.57
    assert year["KAZ"].basis == "reported"
    assert year["KAZ"].source_id == "kz-bns-foreign-trade-by-country-2022"
    assert year["RUS"].value == 25_631_000_000
    assert year["RUS"].flow == "turnover"
    assert year["RUS"].source_id == "ru-fcs-trade-cis-annual-2021"


# ---------------------------------------------------------------- period rules as properties

spans = st.builds(
    lambda year, first, last: (year, min(first, last), max(first, last)),
    st.integers(2000, 2030),
    st.integers(1, 12),
    st.integers(1, 12),
)


def _span(year, first, last):
    start = pd.Timestamp(year, first, 1)
    return start, pd.Timestamp(year, last, 1) + pd.offsets.MonthEnd(0)


@given(spans, spans, st.floats(1, 1e12), st.floats(1, 1e12))
def test_growth_never_pairs_unlike_periods(a, b, current, base):
    a_start, a_end = _span(*a)
    b_start, b_end = _span(*b)
    result = growth(current, a_start, a_end, base, b_start, b_end)
    same_months = (a[1], a[2]) == (b[1], b[2])
    if result.rate is not None:
        assert same_months
        assert b[0] < a[0]
    if not same_months:
        assert result.rate is None
        assert result.reason.startswith("refused")


@given(st.sets(st.integers(1, 12)), st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_summing_months_refuses_gaps(present, last):
    frame = _months(sorted(present))
    sums, gaps = months_to_date(frame, last)
    wanted = set(range(1, last + 1))
    if wanted <= present:
        assert len(sums) == 1
        assert sums.value.iloc[0] == last
        assert not gaps
    else:
        assert sums.empty
        if present & wanted:
            assert gaps
            assert set(gaps[0].missing) == wanted - present


def _line(series: str, periods: list[tuple[str, str]], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series": series,
            "period_start": pd.to_datetime([s for s, _ in periods]),
            "period_end": pd.to_datetime([e for _, e in periods]),
            "value": values,
        }
    )


def test_year_on_year_compares_only_the_same_months_a_year_earlier():
    rows = pd.concat(
        [
            _line(
                "a",
                [("2020-01-01", "2020-12-31"), ("2021-01-01", "2021-12-31")],
                [100.0, 131.0],
            ),
            # Jan-May 2021 against Jan-May 2020, never against the year 2020.
            _line(
                "a",
                [("2021-01-01", "2021-05-31"), ("2022-01-01", "2022-05-31")],
                [40.0, 42.0],
            ),
            # February ends on the 29th in 2024, on the 28th in 2023: still a year apart.
            _line("b", [("2023-02-01", "2023-02-28"), ("2024-02-01", "2024-02-29")], [10.0, 5.0]),
            # A gap of two years is not a year earlier; another line is not this line.
            _line("c", [("2019-01-01", "2019-12-31"), ("2021-01-01", "2021-12-31")], [1.0, 2.0]),
        ],
        ignore_index=True,
    )
    out = year_on_year(rows)
    assert out.change.tolist()[:2] == [pytest.approx(float("nan"), nan_ok=True), 31.0]
    assert out.change_pct[1] == pytest.approx(0.31)
    assert out.change_pct[3] == pytest.approx(0.05)
    assert pd.isna(out.change_pct[2])
    assert out.change[5] == -5.0
    assert out.change_pct[5] == -0.5
    assert out.change.iloc[6:].isna().all()


def test_year_on_year_of_a_zero_base_gives_the_change_but_no_rate():
    out = year_on_year(
        _line("a", [("2020-01-01", "2020-12-31"), ("2021-01-01", "2021-12-31")], [0.0, 5.0])
    )
    assert out.change[1] == 5.0
    assert pd.isna(out.change_pct[1])
