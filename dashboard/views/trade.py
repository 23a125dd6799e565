"""Trade: a reporter's flow with a partner over time, beside the mirror figures and the claims."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.periods import MIRROR_FLOW, OFFICIAL_BASES, months_to_date
from dashboard.queries import TradeQuery
from dashboard.store import Store
from dashboard.views.base import View, series_rows


def _selected(frame: pd.DataFrame, flow: str, query: TradeQuery) -> pd.DataFrame:
    keep = (frame.flow == flow) & (frame["product"] == "TOTAL")
    keep &= frame.currency == query.currency
    if query.editions == "latest":
        keep &= frame.is_latest
    return frame[keep]


def _same_months(frame: pd.DataFrame, months: int) -> tuple[pd.DataFrame, list[str]]:
    """January..``months`` of each year: as published where a span is, else summed from
    complete months (a year with a missing month is left out, with a note)."""
    sums, gaps = months_to_date(frame, months)
    published = frame[
        frame.freq.isin(["YTD", "A"])
        & (frame.period_start.dt.month == 1)
        & (frame.period_end.dt.month == months)
    ]
    spans = pd.concat([published, sums]).drop_duplicates(
        ["period_start", "source_id"], keep="first"
    )
    return spans, [gap.text for gap in gaps]


def trade_view(query: TradeQuery, store: Store) -> View:
    """Both reporters' official series and the press claims about the pair, for years,
    months or the same months of each year."""
    reporter, partner, flow, freq, months = (
        query.reporter,
        query.partner,
        query.flow,
        query.freq,
        query.months,
    )
    own = _selected(store.pair(reporter, partner), flow, query)
    mirror = _selected(store.pair(partner, reporter), MIRROR_FLOW[flow], query)
    official = [
        (own[own.basis.isin(OFFICIAL_BASES)], text.reported_by(reporter)),
        (mirror[mirror.basis.isin(OFFICIAL_BASES)], text.mirror_by(partner, MIRROR_FLOW[flow])),
    ]
    claims = pd.concat([own[own.basis == "claim"], mirror[mirror.basis == "claim"]])
    notes: list[str] = []
    parts = []
    for frame, series in official:
        if freq == "YTD":
            frame, gaps = _same_months(frame, months)
            notes += gaps
        else:
            frame = frame[frame.freq == freq]
        if frame.empty:
            notes.append(f"{series}: no {text.period_kind(freq, months)} figures loaded.")
        parts.append(series_rows(frame, series))
    if freq == "YTD":
        claims = claims[
            (claims.period_start.dt.month == 1) & (claims.period_end.dt.month == months)
        ]
    else:
        claims = claims[claims.freq == freq]
    if not claims.empty:
        parts.append(series_rows(claims, text.PRESS_CLAIM))
    rows = pd.concat(parts, ignore_index=True).sort_values(
        ["series", "period_start"], kind="stable"
    )
    rows = rows.reset_index(drop=True)
    span = (
        f"{rows.period.iloc[rows.period_start.argmin()]} to "
        f"{rows.period.iloc[rows.period_start.argmax()]}"
        if not rows.empty
        else "no period loaded"
    )
    title = (
        f"{text.flow_between(reporter, flow, partner)}, {text.periods_shown(freq, months)}: {span}"
    )
    unit = text.unit_name(query.currency, query.unit)
    chart = None
    if not rows.empty:
        chart = rows.pivot_table(
            index="period_start", columns="series", values="value", aggfunc="first"
        )
        chart = (chart / text.UNITS[query.unit].size).reset_index()
        chart.insert(0, "period", chart.pop("period_start").dt.strftime("%Y-%m"))
    return View(
        query,
        rows,
        title,
        subtitle=unit,
        notes=notes,
        chart_table=chart,
        chart_type="line",
        chart_unit=unit,
    )
