"""Figures in another currency, converted at the official rates loaded (the ECB's euro
reference rates ship with the app; users can load other official tables). No Dash.

A rate is never invented: a month converts at that month's average, a year at that year's
average (or the mean of its twelve monthly averages), January..month N at the mean of those
months' averages. A figure with no rate for its period is not converted; the view says which
figures and why, and shows nothing in their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard import i18n, text
from dashboard.i18n import _

BASE = "EUR"  # the currency the ECB quotes every rate against


@dataclass(frozen=True)
class Rate:
    """Units of a currency per one euro for a period, and where that number comes from."""

    per_euro: float
    source_id: str | None  # None for the euro itself
    how: str  # "the ECB's average for May 2021", "the mean of its monthly averages"


@dataclass
class Rates:
    """The rates table (currency per base, monthly and annual) as lookups."""

    table: pd.DataFrame

    @cached_property
    def _index(self) -> dict[tuple[str, str, pd.Timestamp], tuple[float, str]]:
        rows = self.table[self.table.base == BASE]
        # A month the rates do not fully cover ("1 of 23 days", or a file that ends
        # mid-month) is no month's average: it is not used to convert anything.
        partial = rows.note.fillna("").str.contains(r"no \w+ rate on the others|file ends")
        rows = rows[~partial]
        return {
            (str(c), str(f), pd.Timestamp(s)): (float(r), str(src))
            for c, f, s, r, src in zip(
                rows.currency, rows.freq, rows.period_start, rows.rate, rows.source_id, strict=True
            )
        }

    @cached_property
    def currencies(self) -> set[str]:
        """Every currency a figure can be converted from or to."""
        return {BASE, *self.table[self.table.base == BASE].currency}

    def rate(self, currency: str, start: pd.Timestamp, end: pd.Timestamp, freq: str) -> Rate | None:
        """The rate of ``currency`` for a period, or None when none is loaded."""
        if currency == BASE:
            return Rate(1.0, None, "")
        label = text.period(start, end, freq)
        if freq in ("A", "M") and (found := self._index.get((currency, freq, start))):
            return Rate(found[0], found[1], f"the average rate for {label}")
        # A span without its own average: the mean of its months' averages, all of them.
        months = pd.date_range(start, end, freq="MS")
        found_months = [self._index.get((currency, "M", month)) for month in months]
        if not found_months or any(f is None for f in found_months):
            return None
        rates = [f[0] for f in found_months if f is not None]
        source = next(f[1] for f in found_months if f is not None)
        return Rate(sum(rates) / len(rates), source, f"the mean of the monthly averages, {label}")


def convert(frame: pd.DataFrame, to: str, rates: Rates) -> tuple[pd.DataFrame, list[str]]:
    """``frame``'s figures in currency ``to``: converted rows say so (``converted_from``,
    ``rate_source_id``, a note on the rate used) and lose their published precision;
    rows that cannot be converted are left out, and the notes say which and why."""
    frame = frame.assign(converted_from=None, rate_source_id=None)
    if frame.empty or (frame.currency == to).all():
        return frame, []
    rows: list[dict] = []
    missing: dict[tuple[str, str], list[tuple[pd.Timestamp, str]]] = {}
    for row in frame.to_dict("records"):
        if row["currency"] == to:
            rows.append(row)
            continue
        start, end, freq = row["period_start"], row["period_end"], row["freq"]
        source, target = (
            rates.rate(row["currency"], start, end, freq),
            rates.rate(to, start, end, freq),
        )
        if source is None or target is None:
            lacking = row["currency"] if source is None else to
            missing.setdefault((row["currency"], lacking), []).append((start, row["period"]))
            continue
        how = target.how or source.how
        rate_source = target.source_id or source.source_id
        factor = target.per_euro / source.per_euro
        note = f"converted from {row['currency']} at {how} (ECB reference rates)"
        rows.append(
            {
                **row,
                "value": row["value"] * factor,
                "currency": to,
                "precision": None,
                "converted_from": row["currency"],
                "rate_source_id": rate_source,
                "note": f"{row['note']}; {note}" if isinstance(row.get("note"), str) else note,
            }
        )
    notes = []
    for (currency, lacking), found in missing.items():
        periods = [label for _start, label in sorted(found)]
        span = (
            periods[0]
            if len(periods) == 1
            else _("{first} to {last}").format(first=periods[0], last=periods[-1])
        )
        notes.append(
            i18n.ngettext(
                "{n} figure in {currency} ({span}) not shown in {to}: no {lacking} rate is loaded "
                "for that period. Load an official rate table on the Upload page, or choose the "
                "figures' own currency.",
                "{n} figures in {currency} ({span}) not shown in {to}: no {lacking} rate is "
                "loaded for those periods. Load an official rate table on the Upload page, or "
                "choose the figures' own currency.",
                len(periods),
            ).format(
                n=text.number(len(periods)), currency=currency, span=span, to=to, lacking=lacking
            )
        )
    out = pd.DataFrame(rows, columns=frame.columns) if rows else frame.iloc[0:0]
    return out, notes
