"""Figures left out because no catalogue knows their country name, and the report on them.

An unknown name is a problem of its rows, not of the file: the other rows load, and the
reader is told each unknown name with its sheet and row, the closest known name to
confirm, and how much value the rows left out carry beside the file's own world total.
``--strict`` (and :func:`loaders.load` with ``strict=True``) refuses the file instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal, format_percent

from loaders.countries import describe, suggest, unknown_names_error
from loaders.errors import N_, LoadError, Phrase
from loaders.periods import Period


@dataclass(frozen=True, kw_only=True, slots=True)
class Unmapped:
    """One figure left out: its unknown names (partner, reporter or both), where it is,
    and what it gives (full units)."""

    names: tuple[str, ...]
    locator: str
    reporter: str
    flow: str
    period: Period
    value: float
    currency: str


def refusal(unmapped: Sequence[Unmapped], file: str | Path) -> LoadError:
    """The strict reading's refusal: one LoadError naming each unknown name and its places."""
    places: dict[str, list[str]] = {}
    for item in unmapped:
        for name in item.names:
            found = places.setdefault(name, [])
            if item.locator not in found:
                found.append(item.locator)
    return unknown_names_error(places, file, N_("reporter or partner name"))


def lines(unmapped: Sequence[Unmapped], observations: pd.DataFrame) -> list[str]:
    """The report, one line per unknown name, then one per period and flow saying how much
    value the left-out rows carry and what share of the file's world total that is (each a
    Phrase, said in the reader's language where shown; numbers as the loader writes them)."""
    if not unmapped:
        return []
    by_name: dict[str, list[Unmapped]] = defaultdict(list)
    for item in unmapped:
        for name in item.names:
            by_name[name].append(item)
    out: list[str] = []
    for name, items in by_name.items():
        where = list(dict.fromkeys(item.locator for item in items))
        shown: object = "; ".join(where[:4])
        if len(where) > 4:
            shown = Phrase(N_("{places} and {n} more"), places=shown, n=len(where) - 4)
        hint = suggest(name)
        if hint is None:
            text = Phrase(
                N_("unknown country name {name} at {places}: its figures were left out"),
                name=repr(name),
                places=shown,
            )
        else:
            text = Phrase(
                N_(
                    "unknown country name {name} at {places}: its figures were left out "
                    "(did you mean {suggestion}? add it to loaders/country_overrides.csv)"
                ),
                name=repr(name),
                places=shown,
                suggestion=describe(hint.code),
            )
        out.append(text)
    return out + _totals(unmapped, observations)


def _totals(unmapped: Sequence[Unmapped], observations: pd.DataFrame) -> list[str]:
    """How much the left-out figures carry, per reporter, flow, period and currency, beside
    the world total the same file gives (if it gives one)."""
    carried: dict[tuple[str, str, Period, str], float] = defaultdict(float)
    for item in unmapped:
        carried[item.reporter, item.flow, item.period, item.currency] += item.value
    world = _world_totals(observations)
    out: list[str] = []
    for (reporter, flow, period, currency), value in carried.items():
        said = {
            "flow": flow,
            "reporter": reporter,
            "period": period.label,
            "value": format_decimal(value, "#,##0.##", locale="en"),
            "currency": currency,
        }
        total = world.get((reporter, flow, period, currency))
        if total:
            share = format_percent(value / total, "#,##0.###%", locale="en")
            text = Phrase(
                N_(
                    "left-out {flow} figures of {reporter} for {period} carry {value} "
                    "{currency}, {share} of the world total"
                ),
                share=share,
                **said,
            )
        else:
            text = Phrase(
                N_("left-out {flow} figures of {reporter} for {period} carry {value} {currency}"),
                **said,
            )
        out.append(text)
    return out


def _world_totals(observations: pd.DataFrame) -> dict[tuple[str, str, Period, str], float]:
    """The file's own world totals (partner WLD) by reporter, flow, period and currency."""
    world = observations[observations["partner"] == "WLD"]
    totals = {}
    for row in world.to_dict("records"):
        start, end = (
            pd.Timestamp(row["period_start"]).date(),
            pd.Timestamp(row["period_end"]).date(),
        )
        key = (str(row["reporter"]), str(row["flow"]), Period(start, end, str(row["freq"])))
        totals[(*key, str(row["currency"]))] = float(row["value"])
    return totals
