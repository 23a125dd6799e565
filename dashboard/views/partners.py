"""Partners: a reporter's partners ranked for a year, aggregates left out, with shares."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.i18n import _
from dashboard.periods import OFFICIAL_BASES
from dashboard.queries import PartnersQuery
from dashboard.store import Store
from dashboard.views.base import ROW_COLUMNS, View, series_rows

# A table naming fewer partner countries than this covers a region, not the world.
COMPLETE_TABLE = 40


def partners_view(query: PartnersQuery, store: Store) -> View:
    """The reporter's partner countries by value for one year, from one dataset, with each
    one's share of the world total where the dataset gives one."""
    obs = store.observations
    obs = obs[
        obs.is_latest
        & (obs.reporter == query.reporter)
        & (obs.flow == query.flow)
        & (obs.freq == "A")
        & (obs.period_start.dt.year == query.year)
        & (obs["product"] == "TOTAL")
        & obs.basis.isin(OFFICIAL_BASES)
    ]
    notes = []
    dataset = query.dataset
    if dataset == "auto" and not obs.empty:
        # The dataset that names the most partner countries for this reporter and year.
        counts = obs[~obs.partner_is_aggregate].groupby("dataset").partner.nunique()
        dataset = counts.idxmax() if not counts.empty else obs.dataset.iloc[0]
    obs = obs[obs.dataset == dataset]
    countries = obs[~obs.partner_is_aggregate].sort_values("value", ascending=False)
    world = obs[obs.partner == "WLD"]
    total = float(world.value.iloc[0]) if not world.empty else None
    if total is None and not countries.empty:
        notes.append(
            _(
                "This source gives no world total for the reporter, so shares are not shown; "
                "its partners may not cover all of the reporter's trade."
            )
        )
    shown = countries.head(query.top)
    rows = series_rows(shown, text.PARTNER).assign(
        rank=range(1, len(shown) + 1),
        share=(shown.value.to_numpy() / total) if total else float("nan"),
    )
    if not world.empty:
        # The world total heads the table, unranked: it is the base of the shares.
        total_row = series_rows(world, text.TOTAL_PARTNERS).assign(rank=None, share=1.0)
        rows = pd.concat([total_row, rows], ignore_index=True)
    rows = rows[["rank", *ROW_COLUMNS[:1], *ROW_COLUMNS[1:10], "share", *ROW_COLUMNS[10:]]]
    if len(countries) > len(shown):
        notes.append(
            _("Top {shown} of {all} partners shown.").format(shown=len(shown), all=len(countries))
        )
    if 0 < len(countries) < COMPLETE_TABLE:
        # A table of a few partners (Russia's covers the CIS only) ranks only those.
        listed = ", ".join(countries.partner.head(12).map(text.country))
        notes.insert(
            0,
            _(
                "This table lists only {n} partner countries ({listed}): the ranking is among "
                "them, not among all of {reporter}'s partners."
            ).format(n=len(countries), listed=listed, reporter=text.country(query.reporter)),
        )
    # What the dataset itself says about its figures (how partners are attributed, units).
    dataset_notes = store.sources[store.sources.dataset == dataset].note.dropna()
    notes += [text.data_text(note) for note in dataset_notes.head(1)]
    currency = shown.currency.iloc[0] if not shown.empty else "USD"
    unit = text.unit_name(currency, query.unit)
    chart = pd.DataFrame(
        {
            "partner": shown.partner.map(text.country),
            text.country(query.reporter): shown.value / text.UNITS[query.unit].size,
        }
    )
    return View(
        query,
        rows,
        {
            "export": _("{reporter}'s exports by partner, {year}"),
            "import": _("{reporter}'s imports by partner, {year}"),
            "turnover": _("{reporter}'s turnover by partner, {year}"),
        }[query.flow].format(reporter=text.country(query.reporter), year=query.year),
        subtitle=_("{unit}; aggregates (CIS, EAEU, EU...) left out of the ranking").format(
            unit=unit
        ),
        notes=notes,
        chart_table=chart,
        chart_type="bar",
        chart_unit=unit,
        extra={"total": total, "partners": len(countries), "dataset": dataset},
    )
