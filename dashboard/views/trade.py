"""Trade: a reporter's flow with a partner over time, beside the mirror figures and the claims."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.coverage import Offer, fetch_offer, why_missing
from dashboard.currency import convert
from dashboard.i18n import _
from dashboard.periods import MIRROR_FLOW, months_to_date, official, uploaded, year_on_year
from dashboard.queries import TradeQuery
from dashboard.store import Store
from dashboard.views.base import ROW_COLUMNS, View, series_rows


def _selected(frame: pd.DataFrame, flow: str, query: TradeQuery) -> pd.DataFrame:
    # Every currency: figures published in another are converted, not hidden.
    keep = (frame.flow == flow) & (frame["product"] == "TOTAL")
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


def _lines(frame: pd.DataFrame, name: str, query: TradeQuery) -> list[tuple[pd.DataFrame, str]]:
    """One line per table (and per edition when every edition is shown): two tables of one
    reporter, or two vintages of one table, are never drawn as one line."""
    keys = ["dataset", "edition"] if query.editions == "all" else ["dataset"]
    groups = [group for _key, group in frame.groupby(keys, sort=True, dropna=False)]
    if len(groups) <= 1:
        return [(frame, name)]
    return [(group, text.line_name(name, group, query.editions == "all")) for group in groups]


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
    # (figures, series name, the side whose empty state to explain, None for a user's file)
    series: list[tuple[pd.DataFrame, str, tuple[str, str, str] | None]] = [
        (official(own), text.reported_by(reporter), (reporter, partner, flow)),
        (
            official(mirror),
            text.mirror_by(partner, MIRROR_FLOW[flow]),
            (partner, reporter, MIRROR_FLOW[flow]),
        ),
    ]
    # Users' figures are series of their own, named as theirs, never the official line.
    for _dataset, rows in uploaded(pd.concat([own, mirror])).groupby("dataset", sort=True):
        source = store.source_records[rows.source_id.iloc[0]]
        name = text.uploaded_series(source, text.country(rows.reporter.iloc[0]))
        series.append((rows, name, None))
    claims = pd.concat([own[own.basis == "claim"], mirror[mirror.basis == "claim"]])
    notes: list[str] = []
    offers: list[Offer] = []
    parts = []
    claim_years = sorted(set(claims.period_start.dt.year))
    claims, unconverted = convert(claims, query.currency, store.rates)
    notes += unconverted
    for frame, name, side in series:
        frame, unconverted = convert(frame, query.currency, store.rates)
        notes += unconverted
        if freq == "YTD":
            frame, gaps = _same_months(frame, months)
            notes += gaps
        else:
            frame = frame[frame.freq == freq]
        if frame.empty and side is not None:
            why = why_missing(store.observations, *side, store.coverage)
            notes.append(
                _("{series}: no {kind} figures loaded. {why}").format(
                    series=name, kind=text.period_kind(freq, months), why=why
                )
            )
            offer = fetch_offer(side[0], side[1], freq, claim_years)
            if offer is not None and offer not in offers:
                offers.append(offer)
        parts += [series_rows(line, label) for line, label in _lines(frame, name, query)]
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
    # The change on a year earlier, line by line (a press claim states its own change).
    rows = year_on_year(rows)
    rows.loc[rows.series == text.PRESS_CLAIM, ["change", "change_pct"]] = float("nan")
    rows["change"] = rows.change.round(2)  # to the cent, as the values are
    rows["change_pct"] = rows.change_pct.round(6)
    at = ROW_COLUMNS.index("precision") + 1
    rows = rows[[*ROW_COLUMNS[:at], "change", "change_pct", *ROW_COLUMNS[at:]]]
    span = (
        _("{first} to {last}").format(
            first=text.period_shown(rows.period.iloc[rows.period_start.argmin()]),
            last=text.period_shown(rows.period.iloc[rows.period_start.argmax()]),
        )
        if not rows.empty
        else _("no period loaded")
    )
    title = _("{flow}, {periods}: {span}").format(
        flow=text.flow_between(reporter, flow, partner),
        periods=text.periods_shown(freq, months),
        span=span,
    )
    unit = text.unit_name(query.currency, query.unit)
    converted = sorted(set(rows.converted_from.dropna()))
    if converted:
        notes.append(
            _(
                "Figures published in {currencies} are shown in {currency}, converted at the "
                "ECB's average reference rates for each period (see Sources); each converted "
                "figure says so in its note."
            ).format(currencies=", ".join(converted), currency=query.currency)
        )
    chart = None
    if not rows.empty:
        chart = rows.pivot_table(
            index="period_start", columns="series", values="value", aggfunc="first"
        )
        chart = (chart / text.UNITS[query.unit].size).reset_index()
        labels = rows.drop_duplicates("period_start").set_index("period_start").period
        chart.insert(0, "period", chart.pop("period_start").map(labels))
    return View(
        query,
        rows,
        title,
        subtitle=unit,
        notes=notes,
        chart_table=chart,
        chart_type="line",
        chart_unit=unit,
        # The official figures an API could give for each empty side (the page offers them).
        extra={"fetch": offers},
    )
