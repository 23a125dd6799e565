"""Raw records -> observations and sources rows: names resolved, units scaled, defaults filled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import Frames, excel, schema
from loaders.countries import Place, is_aggregate, is_known_code, lookup_all
from loaders.periods import Period
from loaders.unmapped import Unmapped, refusal


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """One figure as a file gives it, before names, units and defaults are settled.

    ``reporter`` and ``partner`` are as the file names them (a name in any language, or a
    code); ``value`` is in the file's units and ``scale`` is full units per file unit (1000
    for thousands); ``precision`` is the rounding step of the figure as published, in
    full units (excel.precision: 0.01 for 7,018,745.76433 thousand); ``locator`` says where
    the figure sits ("sheet '2021', row 14"). ``source_id`` may be left out when the file
    has one source. ``classification`` is the HS edition of ``product`` (HS2017), none
    for TOTAL.
    """

    reporter: str
    partner: str
    flow: str
    period: Period
    value: float
    currency: str
    locator: str | None
    scale: float = 1.0
    product: str = "TOTAL"
    classification: str | None = None
    basis: str = "reported"
    approx: bool = False
    qualifier: str | None = None
    precision: float | None = None
    note: str | None = None
    source_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Source:
    """One row of the sources table: its fields are the table's columns, in order, and a
    value is required exactly where the table requires one."""

    source_id: str
    publisher: str
    title: str
    title_en: str | None = None
    url: str | None = None
    published: date | None = None
    accessed: date | None = None
    licence: str | None = None
    kind: str
    language: str
    dataset: str
    edition: str | None = None
    quote: str | None = None
    quote_en: str | None = None
    locator: str | None = None
    note: str | None = None


def english_title(
    title: str, names: Sequence[tuple[str, str]], qualifiers: Sequence[tuple[str, str]] = ()
) -> str | None:
    """An English rendering of a title in another language, found by the phrases it holds.

    ``names`` pairs a phrase of a known table's name (matched ignoring case) with its English
    name; the first the title holds gives the rendering, and each of ``qualifiers`` the
    title also holds adds its English after it ("(by country)"). A title holding none of
    ``names`` has no rendering: None, never a guess.
    """
    folded = " ".join(title.split()).casefold()
    name = next((english for phrase, english in names if phrase.casefold() in folded), None)
    if name is None:
        return None
    extra = [english for phrase, english in qualifiers if phrase.casefold() in folded]
    return " ".join([name, *extra])


def frames(
    file: str | Path,
    sources: Source | Sequence[Source],
    records: Sequence[Record],
    **tables: pd.DataFrame,
) -> Frames:
    """The validated tables of one file: observations from ``records``, rows for
    ``sources``, and any other tables the file has (``aggregate_members=``, ``deals=`` ...).

    Names are resolved (:func:`resolve_names`); a record whose reporter or partner no
    catalogue knows is left out and listed in ``Frames.unmapped`` (a LoadError when no
    record is left). Values are scaled to full units and rounded to the cent, defaults
    are filled, and each observation's edition is its source's.
    """
    listed = [sources] if isinstance(sources, Source) else list(sources)
    places, _ = resolve_names(records, file)
    known = [r.reporter in places and r.partner in places for r in records]
    kept = [r for r, ok in zip(records, known, strict=True) if ok]
    left_out = [_unmapped(r, places) for r, ok in zip(records, known, strict=True) if not ok]
    if records and not kept:
        raise refusal(left_out, file)
    return Frames(
        observations=observation_rows(kept, listed, places),
        sources=source_rows(listed),
        unmapped=left_out,
        **tables,
    ).validated(file)


def resolve_names(
    records: Iterable[Record], file: str | Path
) -> tuple[dict[str, Place], dict[str, list[str]]]:
    """Every reporter and partner of ``records`` as a code or group code, and the names no
    catalogue knows with the locators where they occur.

    A known code stands for itself; any other name is looked up (loaders.countries).
    """
    places: dict[str, Place] = {}
    # (name, locator) in the order met; a row giving several flows is one place to look.
    lookups: dict[tuple[str, str], None] = {}
    for record in records:
        for name in (record.reporter, record.partner):
            if name in places:
                continue
            if is_known_code(name):
                places[name] = Place(name, is_aggregate(name))
            else:
                lookups[name, record.locator or ""] = None
    found, unknown = lookup_all(lookups)
    places.update(found)
    return places, unknown


def _unmapped(record: Record, places: Mapping[str, Place]) -> Unmapped:
    reporter = places[record.reporter].code if record.reporter in places else record.reporter
    return Unmapped(
        names=tuple(name for name in (record.reporter, record.partner) if name not in places),
        locator=record.locator or "",
        reporter=reporter,
        flow=record.flow,
        period=record.period,
        value=float(excel.full_units(record.value, record.scale)),
        currency=record.currency,
    )


def observation_rows(
    records: Sequence[Record], sources: Sequence[Source], places: Mapping[str, Place]
) -> pd.DataFrame:
    """The observations rows of ``records``, not yet validated.

    Each reporter and partner becomes its code from ``places``, each value is scaled to
    full units and rounded to the cent (excel.full_units), and each row takes the edition
    of its source.
    """
    editions = {source.source_id: source.edition for source in sources}
    source_ids = _source_ids(records, sources)
    reporters = [places[record.reporter] for record in records]
    partners = [places[record.partner] for record in records]
    # A value too large for a float becomes inf, which the schema refuses as too large.
    with np.errstate(over="ignore"):
        values = excel.full_units([r.value for r in records], [r.scale for r in records])
    return pd.DataFrame(
        {
            "reporter": [place.code for place in reporters],
            "partner": [place.code for place in partners],
            "reporter_is_aggregate": [place.is_aggregate for place in reporters],
            "partner_is_aggregate": [place.is_aggregate for place in partners],
            "flow": [r.flow for r in records],
            "product": [r.product for r in records],
            "classification": [r.classification for r in records],
            "period_start": [r.period.start for r in records],
            "period_end": [r.period.end for r in records],
            "freq": [r.period.freq for r in records],
            "value": values,
            "currency": [r.currency for r in records],
            "basis": [r.basis for r in records],
            "approx": [r.approx for r in records],
            "qualifier": [r.qualifier for r in records],
            "precision": [r.precision for r in records],
            "source_id": source_ids,
            "edition": [editions[source_id] for source_id in source_ids],
            "locator": [r.locator for r in records],
            "note": [r.note for r in records],
        }
    )


def _source_ids(records: Sequence[Record], sources: Sequence[Source]) -> list[str]:
    only = sources[0].source_id if len(sources) == 1 else None
    ids = []
    for record in records:
        source_id = record.source_id if record.source_id is not None else only
        if source_id is None:
            raise ValueError(f"{record.locator}: with several sources, a record names its own")
        ids.append(source_id)
    return ids


def source_rows(sources: Sequence[Source]) -> pd.DataFrame:
    """The sources rows of ``sources``, not yet validated."""
    return pd.DataFrame([asdict(source) for source in sources], columns=schema.SOURCE_COLUMNS)
