"""dashboard.currency: figures converted at the loaded official rates, never hidden silently."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.currency import Rates, convert
from dashboard.errors import BadQuery
from dashboard.views import build_view

ECB = "ecb-euro-reference-rates-2025-05-09"


def test_a_month_a_year_and_a_span_have_their_rates(store):
    rates = store.rates
    may = rates.rate("USD", pd.Timestamp("2021-05-01"), pd.Timestamp("2021-05-31"), "M")
    table = store.frames.rates
    published = table[(table.currency == "USD") & (table.freq == "M")]
    published = published[published.period_start == pd.Timestamp("2021-05-01")]
    assert may.per_euro == published.rate.iloc[0]
    assert may.source_id == ECB
    span = rates.rate("USD", pd.Timestamp("2021-01-01"), pd.Timestamp("2021-05-31"), "YTD")
    months = table[
        (table.currency == "USD")
        & (table.freq == "M")
        & table.period_start.between(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-05-01"))
    ]
    assert span.per_euro == pytest.approx(months.rate.mean())
    assert "mean of the monthly averages" in span.how
    assert (
        rates.rate("EUR", pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"), "A").per_euro == 1
    )
    # No rate is invented: the ECB stopped quoting the rouble in March 2022; it never
    # quoted the tenge.
    assert rates.rate("RUB", pd.Timestamp("2022-05-01"), pd.Timestamp("2022-05-31"), "M") is None
    assert "KZT" not in rates.currencies


def test_choosing_euros_converts_instead_of_emptying_the_view(store):
    view = build_view("trade", {"currency": "EUR"}, store)
    y2021 = view.rows[view.rows.period == "2021"].set_index("series")
    kazakhstan = y2021.loc["Reported by Kazakhstan"]
    assert kazakhstan.currency == "EUR"
    assert kazakhstan.converted_from == "USD"
    assert kazakhstan.rate_source_id == ECB
    assert pd.isna(kazakhstan.precision)  # a converted figure was never published as such
    annual = store.rates.rate("USD", pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"), "A")
    assert kazakhstan.value == pytest.approx(24_624_279_965.57 / annual.per_euro)
    assert ECB in view.source_ids
    assert any("not shown in EUR: no USD rate is loaded" in n for n in view.notes)
    assert not any("no annual figures loaded" in n for n in view.notes)


def test_the_eus_figures_show_in_the_default_dollar_view(store):
    view = build_view(
        "trade", {"reporter": "EU27", "partner": "KAZ", "flow": "export", "freq": "M"}, store
    )
    assert len(view.rows) > 12
    assert set(view.rows.converted_from) == {"EUR"}
    assert set(view.rows.currency) == {"USD"}


def test_a_missing_rate_is_named_not_invented(store):
    view = build_view("trade", {"currency": "RUB"}, store)
    assert any(
        n.startswith("1 figure in USD (Jan-May 2022) not shown in RUB: no RUB rate")
        for n in view.notes
    )
    assert "Jan-May 2022" not in set(view.rows.period)


def test_only_currencies_with_rates_are_offered(store):
    with pytest.raises(BadQuery, match="currency='KZT': expected one of USD, EUR, RUB"):
        build_view("trade", {"currency": "KZT"}, store)


def test_convert_leaves_figures_in_the_currency_asked_alone():
    frame = pd.DataFrame(
        {
            "currency": ["USD"],
            "value": [1.0],
            "period_start": [pd.Timestamp("2021-01-01")],
            "period_end": [pd.Timestamp("2021-12-31")],
            "freq": ["A"],
            "period": ["2021"],
            "precision": [0.01],
            "note": [None],
        }
    )
    same, notes = convert(frame, "USD", Rates(pd.DataFrame(columns=["base"])))
    assert same.value.tolist() == [1.0]
    assert notes == []


def test_a_month_the_rates_cover_only_partly_converts_nothing(store):
    # The ECB quoted the rouble on one day of March 2022, and its file ends on 9 May 2025.
    march = store.rates.rate("RUB", pd.Timestamp("2022-03-01"), pd.Timestamp("2022-03-31"), "M")
    assert march is None
    may = store.rates.rate("USD", pd.Timestamp("2025-05-01"), pd.Timestamp("2025-05-31"), "M")
    assert may is None
    february = store.rates.rate("RUB", pd.Timestamp("2022-02-01"), pd.Timestamp("2022-02-28"), "M")
    assert february is not None
