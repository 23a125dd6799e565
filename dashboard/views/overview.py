"""Overview: each press figure beside both reporters' official figures, and the packages."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import text
from dashboard.coverage import Offer, fetch_offer, why_missing
from dashboard.i18n import _
from dashboard.periods import Comparison, official_same_period, uploaded_same_period
from dashboard.queries import OverviewQuery
from dashboard.store import Store
from dashboard.views.base import ROW_COLUMNS, View


@dataclass(frozen=True)
class Headline:
    """A press claim, each reporter's official figure for exactly its period, and any
    figure a user uploaded for it (shown apart, never as official)."""

    claim: pd.Series
    comparisons: list[Comparison]
    uploaded: list[Comparison]
    why: dict[str, str]  # reporter -> why it has no figure, and what would fill the gap
    offers: dict[str, Offer]  # reporter -> the official API figures that would fill it


def headlines(store: Store) -> list[Headline]:
    """Each press trade claim, newest period first, with both reporters' official figures."""
    obs = store.observations
    claims = obs[obs.basis == "claim"].sort_values("period_start", ascending=False)
    found = []
    for _index, claim in claims.iterrows():
        comparisons = official_same_period(obs, claim)
        why = {
            c.reporter: why_missing(obs, c.reporter, c.partner, c.flow, store.coverage)
            for c in comparisons
            if c.value is None
        }
        freq = "A" if claim.freq == "A" else "M"
        year = [claim.period_start.year]
        offers = {
            c.reporter: offer
            for c in comparisons
            if c.value is None and (offer := fetch_offer(c.reporter, c.partner, freq, year))
        }
        uploaded = uploaded_same_period(obs, claim)
        found.append(Headline(claim, comparisons, uploaded, why, offers))
    return found


def _comparison_row(claim: pd.Series, comparison: Comparison, store: Store) -> dict:
    if comparison.origin == "upload":
        source = store.source_records[str(comparison.source_id)]
        series = text.uploaded_series(source, text.country(comparison.reporter))
    else:
        series = text.official_by(comparison.reporter)
    return {
        "series": series,
        "reporter": comparison.reporter,
        "reporter_name": text.country(comparison.reporter),
        "partner": comparison.partner,
        "partner_name": text.country(comparison.partner),
        "flow": comparison.flow,
        "period": claim.period,
        "period_start": comparison.period_start,
        "period_end": comparison.period_end,
        "freq": claim.freq,
        "value": comparison.value,
        "precision": comparison.precision,
        "currency": comparison.currency,
        "basis": comparison.basis or "none",
        "origin": comparison.origin,
        "source_id": comparison.source_id,
        "edition": comparison.edition,
        "locator": comparison.locator,
        "note": text.how(comparison.how),
    }


def _deal_row(deal) -> dict:
    return {
        "series": text.INVESTMENT_TOTAL,
        "reporter": deal.party_a,
        "reporter_name": text.country(deal.party_a),
        "partner": deal.party_b,
        "partner_name": text.country(deal.party_b),
        "flow": "investment",
        "period": "announced",
        "value": deal.total_value,
        "precision": deal.precision,
        "currency": deal.currency,
        "basis": "claim",
        "origin": "press",
        "source_id": deal.source_id,
        "note": "split by sector not disclosed",
    }


def overview_view(query: OverviewQuery, store: Store) -> View:
    """The headline figures: each press claim beside both reporters' official figures."""
    found = store.memo(("headlines",), lambda: headlines(store))
    records = []
    for headline in found:
        records.append({**headline.claim.to_dict(), "series": text.PRESS_CLAIM})
        records += [
            _comparison_row(headline.claim, c, store)
            for c in [*headline.comparisons, *headline.uploaded]
        ]
    records += [_deal_row(deal) for deal in store.frames.deals.itertuples()]
    rows = pd.DataFrame(records, columns=ROW_COLUMNS)
    unit = text.unit_name("USD", query.unit)
    chart = rows[rows.flow == "turnover"].assign(
        label=lambda r: r.period + " " + r.series,
        value=lambda r: r.value / text.UNITS[query.unit].size,
    )[["label", "value"]]
    return View(
        query,
        rows,
        _("Headline figures: press claims beside both countries' official statistics"),
        subtitle=unit,
        chart_table=chart.rename(columns={"value": unit}),
        chart_type="bar",
        chart_unit=unit,
        extra={"headlines": found, "unit": query.unit},
    )
