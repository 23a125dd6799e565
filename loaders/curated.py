"""Curated press sources (data/press/*.yaml): quotes, trade claims, claimed changes and deals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import pandas as pd
import yaml

from loaders import Frames, excel, schema, tidy
from loaders.countries import is_country, is_known_code
from loaders.errors import N_, LoadError, Phrase
from loaders.files import read_text
from loaders.periods import Period, parse_period_spec
from loaders.schema import DEAL_STATUSES, FLOWS

SCALES = {"unit": 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
KINDS = ("statement", "trade", "deal")
_MISSING = object()


class _Doc:
    """A YAML mapping with its key path, so every error says where it is."""

    def __init__(self, data: object, path: str, file: Path):
        if not isinstance(data, dict):
            raise LoadError(
                file,
                N_("a mapping of keys at {path}"),
                found=type(data).__name__,
                values={"path": path or Phrase(N_("the top level"))},
            )
        self.data, self.path, self.file = data, path, file

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, expected: str, found: object = _MISSING) -> LoadError:
        """The error for ``key``: ``expected`` is marked with N_ (or a Phrase)."""
        return LoadError(
            self.file,
            N_("{expected} at {key}"),
            found=None if found is _MISSING else found,
            values={"expected": Phrase.marked(expected), "key": self.where(key)},
        )

    def get(self, key: str, default: object = _MISSING) -> object:
        value = self.data.get(key, default)
        if value is _MISSING or (value is None and default is _MISSING):
            raise self.fail(key, N_("a value"))
        return value

    def text(self, key: str) -> str:
        return self._as_text(key, self.get(key))

    def optional_text(self, key: str) -> str | None:
        value = self.get(key, None)
        return None if value is None else self._as_text(key, value)

    def _as_text(self, key: str, value: object) -> str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.fail(key, N_("text"), value)
        return str(value).strip()

    def child(self, key: str) -> _Doc:
        return _Doc(self.get(key), self.where(key), self.file)

    def choice(self, key: str, options: Sequence[str]) -> str:
        value = self.text(key)
        if value not in options:
            raise self.fail(key, Phrase(N_("one of {options}"), options=", ".join(options)), value)
        return value

    def code(self, key: str, countries_only: bool = False) -> str:
        value = self.text(key).upper()
        ok = is_country(value) if countries_only else is_known_code(value)
        if not ok:
            expected = (
                N_("an ISO3 country code")
                if countries_only
                else N_("an ISO3 country code or aggregate")
            )
            raise self.fail(key, expected, value)
        return value

    def number(self, key: str) -> Decimal:
        raw = self.get(key)
        try:
            if isinstance(raw, str) and "/" in raw:
                fraction = Fraction(raw.strip())
                return Decimal(fraction.numerator) / Decimal(fraction.denominator)
            if isinstance(raw, bool):
                raise ValueError
            return Decimal(str(raw).strip())
        except (InvalidOperation, ValueError, ZeroDivisionError):
            raise self.fail(key, N_("a number such as 9.2 or 1/3"), raw) from None

    def period(self, key: str) -> Period:
        raw = self.get(key)
        try:
            return parse_period_spec(str(raw))
        except ValueError as reason:
            raise self.fail(
                key, Phrase(N_("a period {reason}"), reason=Phrase.of_error(reason)), raw
            ) from None

    def date(self, key: str) -> date | None:
        value = self.get(key, None)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, N_("a date YYYY-MM-DD"), value) from None


def load(path: str | Path) -> Frames:
    """Read one press YAML file: its document, one source row per quoted claim, and the
    trade claims, claimed changes and deals those quotes state."""
    return from_text(read_text(path), path)


def from_text(text: str, path: str | Path) -> Frames:
    """The tables of press YAML ``text``; ``path`` names it in errors (the YAML a user's
    checked article becomes is read here too, before it is kept)."""
    path = Path(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LoadError(
            path,
            N_("valid YAML"),
            row=mark.line + 1 if mark else None,
            details=[str(getattr(error, "problem", None) or error)],
        ) from None
    root = _Doc(data, "", path)
    document = root.child("document")
    doc_id = document.text("id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", doc_id or ""):
        raise document.fail("id", N_("an id of lower-case letters, digits and dashes"), doc_id)
    published = document.date("published")
    language = document.text("language")
    claims = root.get("claims")
    if not isinstance(claims, list) or not claims:
        raise root.fail("claims", N_("a list of claims"))
    sources: list[tidy.Source] = []
    observations: list[tidy.Record] = []
    changes: list[dict[str, object]] = []
    deals: list[dict[str, object]] = []
    sectors: list[dict[str, object]] = []

    def add_source(node: _Doc, suffix: str) -> tidy.Source:
        source_id = f"{doc_id}-{suffix}"
        if any(s.source_id == source_id for s in sources):
            raise node.fail("id", N_("an id not used by another claim"), suffix)
        paragraph = node.get("paragraph", None)
        dateline = document.optional_text("dateline")
        notes = [
            f"Dateline: {dateline}." if dateline else None,
            document.optional_text("note"),
        ]
        source = tidy.Source(
            source_id=source_id,
            publisher=document.text("publisher"),
            title=document.text("title"),
            title_en=document.optional_text("title_en") if language != "en" else None,
            url=document.optional_text("url"),
            published=published,
            licence=document.optional_text("licence"),
            kind="press",
            language=language,
            dataset=doc_id,
            edition=published.isoformat() if published else None,
            quote=node.text("quote"),
            quote_en=" ".join(node.text("quote_en").split()),
            locator=f"paragraph {paragraph}" if paragraph is not None else None,
            note=" ".join(filter(None, notes)) or None,
        )
        sources.append(source)
        return source

    for index, raw in enumerate(claims):
        claim = _Doc(raw, f"claims[{index}]", path)
        claim_id = claim.text("id")
        kind = claim.choice("kind", KINDS)
        source = add_source(claim, claim_id)
        if kind == "trade":
            period = claim.period("period")
            scale = SCALES[claim.choice("scale", tuple(SCALES))]
            stated = claim.number("value")
            reporter, partner = claim.code("reporter"), claim.code("partner")
            observations.append(
                tidy.Record(
                    reporter=reporter,
                    partner=partner,
                    flow=claim.choice("flow", FLOWS),
                    product=claim.optional_text("product") or "TOTAL",
                    classification=claim.optional_text("classification"),
                    period=period,
                    value=float(stated),
                    scale=scale,
                    currency=claim.text("currency"),
                    basis="claim",
                    approx=bool(claim.get("approx", False)),
                    qualifier=claim.optional_text("qualifier"),
                    precision=excel.precision(stated, scale),
                    locator=source.locator,
                    note=claim.optional_text("note"),
                    source_id=source.source_id,
                )
            )
            if claim.data.get("change") is not None:
                change = claim.child("change")
                base = change.period("base_period")
                changes.append(
                    {
                        "source_id": source.source_id,
                        "rate": float(change.number("rate")),
                        "approx": bool(change.get("approx", False)),
                        "qualifier": change.optional_text("qualifier"),
                        "base_start": base.start,
                        "base_end": base.end,
                        "base_freq": base.freq,
                        "note": " ".join((change.optional_text("note") or "").split()) or None,
                    }
                )
        elif kind == "deal":
            parties = claim.get("parties")
            if not isinstance(parties, list) or len(parties) != 2:
                raise claim.fail("parties", N_("a list of two ISO3 country codes"), parties)
            party_doc = _Doc({"a": parties[0], "b": parties[1]}, claim.where("parties"), path)
            scale = SCALES[claim.choice("scale", tuple(SCALES))]
            total = claim.number("value") if claim.data.get("value") is not None else None
            deals.append(
                {
                    "deal_id": source.source_id,
                    "title": claim.text("title"),
                    "party_a": party_doc.code("a", countries_only=True),
                    "party_b": party_doc.code("b", countries_only=True),
                    "announced": claim.date("announced"),
                    "status": claim.choice("status", DEAL_STATUSES),
                    "total_value": float(total * scale) if total is not None else None,
                    "currency": claim.text("currency"),
                    "approx": bool(claim.get("approx", False)),
                    "precision": excel.precision(total, scale) if total is not None else None,
                    "source_id": source.source_id,
                    "note": " ".join((claim.optional_text("note") or "").split()) or None,
                }
            )
            if claim.data.get("sectors") is not None:
                block = claim.child("sectors")
                sector_source = (
                    add_source(block, f"{claim_id}-sectors").source_id
                    if block.data.get("quote")
                    else source.source_id
                )
                listed = block.get("list")
                if not isinstance(listed, list) or not listed:
                    raise block.fail("list", N_("a list of sectors"))
                for position, item in enumerate(listed):
                    sector = _Doc(item, block.where(f"list[{position}]"), path)
                    amount = sector.data.get("amount")
                    sectors.append(
                        {
                            "deal_id": source.source_id,
                            "sector": sector.text("sector"),
                            "sector_original": sector.optional_text("original"),
                            # Absent means "not disclosed": it stays empty, never 0.
                            "amount": float(sector.number("amount") * scale)
                            if amount is not None
                            else None,
                            "currency": claim.text("currency"),
                            "source_id": sector_source,
                        }
                    )
    return tidy.frames(
        path,
        sources,
        observations,
        claimed_changes=pd.DataFrame(changes, columns=schema.CLAIMED_CHANGE_COLUMNS),
        deals=pd.DataFrame(deals, columns=schema.DEAL_COLUMNS),
        deal_sectors=pd.DataFrame(sectors, columns=schema.DEAL_SECTOR_COLUMNS),
    )


def load_dir(directory: str | Path) -> Frames:
    """Every press YAML file of a directory, in name order."""
    files = sorted(Path(directory).glob("*.y*ml"))
    return Frames.concat([load(f) for f in files]).validated(directory)
