"""The claims the extractor finds in an article: a figure, its period, countries and change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Change:
    """A stated change: 5.0 "%", 2.5 "x", 0.333 "fraction", or an amount in an ISO currency."""

    value: float
    unit: str
    qualifier: str | None
    text: str


@dataclass(frozen=True)
class Claim:
    """One trade or investment figure stated by an article, with the words that state it."""

    value: float | None
    number: str | None
    scale: str | None
    currency: str | None
    period_start: date | None
    period_end: date | None
    freq: str | None
    countries: tuple[str, ...]
    measure: str
    qualifier: str | None
    change: Change | None
    quote: str
    start: int
    end: int
    lang: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO strings, countries as a list."""
        return {
            "value": self.value,
            "number": self.number,
            "scale": self.scale,
            "currency": self.currency,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "freq": self.freq,
            "countries": list(self.countries),
            "measure": self.measure,
            "qualifier": self.qualifier,
            "change": (
                None
                if self.change is None
                else {
                    "value": self.change.value,
                    "unit": self.change.unit,
                    "qualifier": self.change.qualifier,
                    "text": self.change.text,
                }
            ),
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
        }
