"""Why there is no figure: what the loaded official tables cover, and what would fill a gap.
No Dash."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import yaml

from dashboard import text
from dashboard.i18n import _
from dashboard.periods import official
from loaders.fetch import PUBLISHERS


def load_notes(path: Path) -> dict[str, str]:
    """The notes of data/coverage.yml: dataset -> why its table stops where it does."""
    if not path.is_file():
        return {}
    notes = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): " ".join(str(v).split()) for k, v in notes.items()}


def why_missing(
    observations: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    notes: Mapping[str, str],
) -> str:
    """What the loaded official tables of ``reporter`` cover for its ``flow`` with
    ``partner``, why they stop, and where to load more: the reason behind an empty state."""
    rows = official(observations)
    rows = rows[(rows.reporter == reporter) & (rows.partner == partner) & (rows.flow == flow)]
    who = text.country(reporter)
    if rows.empty:
        covered = _("No official table of {reporter} with {partner} is loaded.").format(
            reporter=who, partner=text.country(partner)
        )
    else:
        parts = []
        for dataset, table in rows.groupby("dataset", sort=True):
            ordered = table.sort_values(["period_start", "period_end"])
            first, last = ordered.period.iloc[0], ordered.period.iloc[-1]
            kinds = ", ".join(text.freq_plural(f) for f in sorted(set(table.freq)))
            parts.append(
                _("{table} ({kinds}, {first} to {last})").format(
                    table=dataset, kinds=kinds, first=first, last=last
                )
            )
        covered = _("{reporter}'s loaded tables: {tables}.").format(
            reporter=who, tables="; ".join(parts)
        )
        stops = [
            text.data_text(notes[str(d)]) for d in sorted(set(rows.dataset)) if str(d) in notes
        ]
        if stops:
            covered += " " + " ".join(dict.fromkeys(stops))
    upload = _("A table that covers the period can be loaded on the Upload page (/upload).")
    return f"{covered} {upload}"


# The official API that can fill an empty side: the IMF's International Trade in Goods
# (IMTS) covers every reporter with every partner, monthly and annual, from 1960 to a
# couple of months ago (loaders.fetch).
FETCH_PUBLISHER = "imf"
FETCH_FIRST_YEAR = 1960


@dataclass(frozen=True)
class Offer:
    """Figures an official API could give for an empty side: ``reporter``'s trade with
    ``partner`` from ``start`` to ``end`` ("2021-01" or "2021"), monthly or annual."""

    publisher: str
    reporter: str
    partner: str
    freq: str
    start: str
    end: str

    @property
    def span(self) -> str:
        """'2021-01 to 2022-12', or one period."""
        if self.start == self.end:
            return self.start
        return _("{first} to {last}").format(first=self.start, last=self.end)

    @property
    def label(self) -> str:
        """The button's words."""
        return _("Get official figures: {reporter} with {partner}, {span}, from {api}").format(
            reporter=text.country(self.reporter),
            partner=text.country(self.partner),
            span=self.span,
            api=PUBLISHERS[self.publisher].api,
        )


def fetch_offer(
    reporter: str, partner: str, freq: str, years: list[int], today: date | None = None
) -> Offer | None:
    """What to fetch for an empty side: the ``years`` asked about (those of the press
    claims shown, else the last three complete ones), monthly unless ``freq`` is annual;
    None when the API covers none of them (too early, or not published yet)."""
    today = today or date.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    wanted = sorted(set(years)) or [today.year - 3, today.year - 2, today.year - 1]
    first, last = max(wanted[0], FETCH_FIRST_YEAR), min(wanted[-1], last_month.year)
    if first > last:
        return None
    if freq == "A":
        if last >= today.year:
            last = today.year - 1
        if first > last:
            return None
        return Offer(FETCH_PUBLISHER, reporter, partner, "A", str(first), str(last))
    end = f"{last}-12" if last < last_month.year else f"{last_month:%Y-%m}"
    return Offer(FETCH_PUBLISHER, reporter, partner, "M", f"{first}-01", end)
