"""The tidy tables every loader produces: declared once, each rule in words, checked column-wise.

Each rule's words are marked with ``N_`` (or are a ``Phrase`` where they name columns), so
that a rejected row's reason is said in the reader's language on the Upload page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

import babel.numbers
import numpy as np
import numpy.typing as npt
import pandas as pd
import pandera.pandas as pa
import pycountry

from loaders.countries import is_aggregate, is_country, is_known_code
from loaders.errors import N_, LoadError, Phrase
from loaders.periods import FREQS

FLOWS = ("export", "import", "turnover")
BASES = ("reported", "claim", "derived", "estimate")
SOURCE_KINDS = ("official_statistics", "press", "database", "upload")
DEAL_STATUSES = ("announced", "signed", "under_way", "completed", "cancelled")
CURRENCIES = tuple(sorted(c.alpha_3 for c in pycountry.currencies))
# Exchange rates go back further than today's currencies: the ECB's table has rates for
# CYP, ROL or HRK, long withdrawn. CLDR (through Babel) lists ISO 4217 codes current and
# withdrawn alike.
ANY_CURRENCIES = tuple(sorted(set(CURRENCIES) | set(babel.numbers.list_currencies())))
RATE_FREQS = ("M", "A")
RATE_BASES = ("reported", "derived")
# The editions of the Harmonized System; a product code means something only in its edition.
HS_EDITIONS = ("HS1992", "HS1996", "HS2002", "HS2007", "HS2012", "HS2017", "HS2022")
LANGUAGES = tuple(sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")))

Kind = Literal["text", "float", "bool", "date"]
# One boolean per row: the rows that break a rule, or the values that pass a test.
Mask = npt.NDArray[np.bool_]
_DTYPES: dict[Kind, object] = {"text": str, "float": float, "bool": bool, "date": "datetime64[ns]"}
_KIND_EXPECTED: dict[Kind, str] = {
    "text": N_("text"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "date": N_("a date"),
}


@dataclass(frozen=True)
class Rule:
    """A rule as a reader is told it: what is expected, and the columns whose values show
    where it failed (the first is where a failure is reported)."""

    expected: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RowRule(Rule):
    """A rule across the columns of one row, tested on a whole frame at once."""

    holds: Callable[[pd.DataFrame], pd.Series] = field(repr=False, compare=False, kw_only=True)


@dataclass(frozen=True)
class Broken:
    """A rule and the rows of a frame that break it."""

    rule: Rule
    rows: Mask


@dataclass(frozen=True)
class Check:
    """A rule every value of a column satisfies: its wording, a vectorised test over values
    (True where a value passes), and the same rule as pandera states it, the reference the
    vectorised test is held to (tests/loaders/test_schema_agreement.py)."""

    expected: str
    holds: Callable[[pd.Series], Mask] = field(repr=False, compare=False)
    pandera: pa.Check = field(repr=False, compare=False)


def _either(values: Sequence[str]) -> str:
    if len(values) > 1:
        return Phrase(N_("{items} or {last}"), items=", ".join(values[:-1]), last=values[-1])
    return values[0]


def one_of(values: Sequence[str], expected: str | None = None) -> Check:
    """Values from a list; worded as the list itself unless told otherwise."""
    allowed = list(values)
    wording = expected or _either(allowed)
    return Check(
        wording,
        lambda s: s.isin(allowed).to_numpy(dtype=bool),
        pa.Check.isin(allowed, name=wording),
    )


def _each_distinct(test: Callable[[str], bool]) -> Callable[[pd.Series], Mask]:
    def holds(values: pd.Series) -> Mask:
        # Codes repeat a lot (reporter, currency, source_id): test each distinct value once.
        codes, distinct = pd.factorize(values)
        # An empty value has code -1, which picks the False put last: it passes no test.
        passed = np.array([*(test(v) for v in distinct), False], dtype=bool)
        return passed[codes]

    return holds


def matches(pattern: str, expected: str) -> Check:
    """Text matching a regular expression at its start (as re.match)."""
    compiled = re.compile(pattern)
    return Check(
        expected,
        _each_distinct(lambda v: compiled.match(v) is not None),
        pa.Check.str_matches(pattern, name=expected),
    )


def each(predicate: Callable[[str], bool], expected: str) -> Check:
    """Text that only a function can judge, such as 'is this a country code?'."""
    return Check(
        expected,
        _each_distinct(predicate),
        pa.Check(lambda s: s.map(predicate).astype(bool), name=expected),
    )


def at_least(bound: float, expected: str) -> Check:
    """Numbers of ``bound`` or more."""
    return Check(
        expected, lambda s: (s >= bound).to_numpy(dtype=bool), pa.Check.ge(bound, name=expected)
    )


def above(bound: float, expected: str) -> Check:
    """Numbers greater than ``bound``."""
    return Check(
        expected, lambda s: (s > bound).to_numpy(dtype=bool), pa.Check.gt(bound, name=expected)
    )


def below(bound: float, expected: str) -> Check:
    """Numbers less than ``bound``."""
    return Check(
        expected, lambda s: (s < bound).to_numpy(dtype=bool), pa.Check.lt(bound, name=expected)
    )


@dataclass(frozen=True)
class Col:
    """One column: its kind (text, float, bool, date), whether it may be empty or must be
    unique, and the rules its values satisfy."""

    kind: Kind
    checks: tuple[Check, ...] = ()
    nullable: bool = False
    unique: bool = False

    def pandera(self) -> pa.Column:
        """This column as a pandera Column."""
        return pa.Column(
            _DTYPES[self.kind],
            nullable=self.nullable,
            unique=self.unique,
            coerce=True,
            checks=[check.pandera for check in self.checks],
        )

    def coerce(self, series: pd.Series) -> tuple[pd.Series, Mask]:
        """The series in this column's dtype, and where a present value could not be
        converted (those rows hold a placeholder: they break the column's kind rule)."""
        none = np.zeros(len(series), dtype=bool)
        if self.kind == "text":
            return (series if series.dtype == "str" else series.astype("str")), none
        if self.kind == "bool":
            if series.dtype == bool:
                return series, none
            is_bool = series.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
            out = series if is_bool.all() else series.where(is_bool, False)
            return out.astype(bool), series.notna().to_numpy(dtype=bool) & ~is_bool
        if self.kind == "float":
            out = pd.to_numeric(series, errors="coerce").astype(float)
        else:
            out = pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")
        return out, out.isna().to_numpy(dtype=bool) & series.notna().to_numpy(dtype=bool)

    def check(self, name: str, series: pd.Series) -> tuple[pd.Series, list[Broken]]:
        """The column ``name`` in its dtype, and each of its rules that some value breaks:
        its kind, a value where one is required, uniqueness, then its checks."""
        values, unconvertible = self.coerce(series)
        missing = series.isna().to_numpy(dtype=bool)
        present = ~(missing | unconvertible)
        tested = values if present.all() else values[present]
        failures = [(_KIND_EXPECTED[self.kind], unconvertible)]
        if not self.nullable:
            failures.append((N_("a value"), missing))
        if self.unique:
            repeated = tested.duplicated().to_numpy(dtype=bool)
            failures.append((N_("a value no other row has"), _within(present, repeated)))
        for check in self.checks:
            failures.append((check.expected, _within(present, ~check.holds(tested))))
        return values, [
            Broken(Rule(expected, (name,)), rows) for expected, rows in failures if rows.any()
        ]


@dataclass(frozen=True)
class Table:
    """A tidy table: ordered columns, rules across columns, and a key no two rows share."""

    name: str
    columns: dict[str, Col]
    row_rules: tuple[RowRule, ...] = ()
    unique: tuple[str, ...] = ()
    unique_expected: str = ""

    @property
    def column_names(self) -> list[str]:
        """Columns in their order."""
        return list(self.columns)

    @cached_property
    def key_rule(self) -> Rule:
        """The key as a rule: no row repeats an earlier row's key."""
        wording = self.unique_expected or Phrase(
            N_("a row whose {columns} differ from every earlier row's"),
            columns=_either(list(self.unique)),
        )
        return Rule(wording, ())

    @cached_property
    def pandera(self) -> pa.DataFrameSchema:
        """The same declaration as a pandera schema: the reference the rules are tested against."""
        return pa.DataFrameSchema(
            {name: col.pandera() for name, col in self.columns.items()},
            checks=[pa.Check(rule.holds, name=rule.expected) for rule in self.row_rules],
            unique=list(self.unique) or None,
            strict=True,
            ordered=True,
            name=self.name,
        )

    def check(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Broken]]:
        """The frame in the schema's dtypes, and every column rule and rule across columns
        that some row breaks, in the order they are declared.

        A rule across columns is tested only on rows whose columns it reads each pass
        their own rules: a row with an unknown partner code is not also told its flag
        disagrees with it.
        """
        coerced: dict[str, pd.Series] = {}
        valid: dict[str, Mask] = {}
        broken: list[Broken] = []
        for name, col in self.columns.items():
            coerced[name], failures = col.check(name, frame[name])
            valid[name] = _unbroken(len(frame), failures)
            broken += failures
        checked = pd.DataFrame(coerced, index=frame.index)
        for rule in self.row_rules:
            tested = np.logical_and.reduce([valid[column] for column in rule.columns])
            rows = tested & ~rule.holds(checked).to_numpy(dtype=bool)
            if rows.any():
                broken.append(Broken(rule, rows))
        return checked, broken

    def repeats(self, frame: pd.DataFrame) -> Mask:
        """Rows whose key an earlier row already has."""
        if not self.unique:
            return np.zeros(len(frame), dtype=bool)
        return frame.duplicated(list(self.unique), keep="first").to_numpy(dtype=bool)

    def broken(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Broken]]:
        """``check`` and then the key: a repeated key is reported among rows that break no
        other rule, so a row is told first what is wrong with it alone."""
        checked, broken = self.check(frame)
        clean = _unbroken(len(checked), broken)
        repeated = _within(clean, self.repeats(checked if clean.all() else checked[clean]))
        if repeated.any():
            broken.append(Broken(self.key_rule, repeated))
        return checked, broken


def _unbroken(size: int, broken: list[Broken]) -> Mask:
    """Rows that break none of the ``broken`` rules."""
    rows = np.ones(size, dtype=bool)
    for failure in broken:
        rows &= ~failure.rows
    return rows


def _within(rows: Mask, results: Mask) -> Mask:
    """Results computed for the selected ``rows`` only, spread back over every row."""
    if rows.all():
        return results
    out = np.zeros(len(rows), dtype=bool)
    out[rows] = results
    return out


def _flag_matches_code(code: str, flag: str) -> RowRule:
    is_a_country, is_a_group = _each_distinct(is_country), _each_distinct(is_aggregate)

    def holds(frame: pd.DataFrame) -> pd.Series:
        codes = frame[code].astype(str)
        flags = frame[flag].astype(bool).to_numpy()
        agrees = (is_a_country(codes) & ~flags) | (is_a_group(codes) & flags)
        return pd.Series(agrees, index=frame.index)

    return RowRule(
        Phrase(
            N_("{flag} true for a group code (WLD, EU27) and false for a country code (KAZ)"),
            flag=flag,
        ),
        (flag, code),
        holds=holds,
    )


def _months_form_period(frame: pd.DataFrame) -> pd.Series:
    """period_start/period_end/freq form a calendar year, a month or a January-to-month span."""
    start, end, freq = frame["period_start"], frame["period_end"], frame["freq"]
    whole = (start.dt.day == 1) & end.dt.is_month_end & (start.dt.year == end.dt.year)
    is_year = (start.dt.month == 1) & (end.dt.month == 12)
    is_month = start.dt.month == end.dt.month
    is_ytd = (start.dt.month == 1) & ~is_year & ~is_month
    return whole & (
        ((freq == "A") & is_year) | ((freq == "M") & is_month) | ((freq == "YTD") & is_ytd)
    )


def _text(*checks: Check, nullable: bool = False, unique: bool = False) -> Col:
    return Col("text", checks, nullable=nullable, unique=unique)


def _float(*checks: Check, nullable: bool = False) -> Col:
    return Col("float", checks, nullable=nullable)


def _date(nullable: bool = False) -> Col:
    return Col("date", nullable=nullable)


_BOOL = Col("bool")
_KNOWN_CODE = each(is_known_code, N_("an ISO3 country code (KAZ) or a group code (WLD, EU27)"))
_COUNTRY = each(is_country, N_("an ISO3 country code such as KAZ"))
_FREQ = one_of(FREQS, N_("A (a calendar year), M (a month) or YTD (January to a month)"))
_CURRENCY = one_of(CURRENCIES, N_("an ISO 4217 currency code such as USD"))
_ANY_CURRENCY = one_of(
    ANY_CURRENCIES, N_("an ISO 4217 currency code, current or withdrawn (USD, HRK)")
)
_SOURCE_ID = matches(r"^\S", N_("a source id that is not empty and starts with no space"))
_POSITIVE_AMOUNT = above(0, N_("an amount above zero"))

OBSERVATIONS = Table(
    "observations",
    {
        "reporter": _text(_KNOWN_CODE),
        "partner": _text(_KNOWN_CODE),
        "reporter_is_aggregate": _BOOL,
        "partner_is_aggregate": _BOOL,
        "flow": _text(one_of(FLOWS)),
        "product": _text(
            matches(
                r"^(TOTAL|\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$",
                N_("TOTAL or an HS code of 2, 4, 6, 8 or 10 digits"),
            )
        ),
        # The HS edition of the product code (HS2017): empty for TOTAL.
        "classification": _text(
            matches(
                rf"^HS({'|'.join(edition[2:] for edition in HS_EDITIONS)})$",
                Phrase(N_("an HS edition: {editions}"), editions=_either(HS_EDITIONS)),
            ),
            nullable=True,
        ),
        "period_start": _date(),
        "period_end": _date(),
        "freq": _text(_FREQ),
        "value": _float(
            # Trade values are gross flows: a negative export, import or turnover is an
            # error in the input, not a figure.
            at_least(0, N_("a figure of zero or more: trade flows are never negative")),
            below(1e16, N_("a figure below 10^16 in full units")),
        ),
        "currency": _text(_CURRENCY),
        "basis": _text(one_of(BASES)),
        "approx": _BOOL,
        "qualifier": _text(nullable=True),
        # The rounding step of the published figure in full units (1e8 for "$9.2 billion").
        "precision": _float(above(0, N_("a rounding step above zero")), nullable=True),
        "source_id": _text(_SOURCE_ID),
        "edition": _text(nullable=True),
        "locator": _text(nullable=True),
        "note": _text(nullable=True),
    },
    row_rules=(
        _flag_matches_code("reporter", "reporter_is_aggregate"),
        _flag_matches_code("partner", "partner_is_aggregate"),
        RowRule(
            N_("a partner other than the reporter"),
            ("partner", "reporter"),
            holds=lambda f: f["reporter"] != f["partner"],
        ),
        RowRule(
            N_(
                "a period_start, period_end and freq forming a calendar year (A), "
                "a month (M) or January to a month (YTD)"
            ),
            ("period_start", "period_end", "freq"),
            holds=_months_form_period,
        ),
        RowRule(
            N_(
                "an HS edition (classification such as HS2017) with a product code, "
                "and none with TOTAL"
            ),
            ("classification", "product"),
            holds=lambda f: (f["product"] == "TOTAL") == f["classification"].isna(),
        ),
    ),
    unique=(
        "reporter",
        "partner",
        "flow",
        "product",
        "period_start",
        "period_end",
        "currency",
        "basis",
        "source_id",
    ),
    unique_expected=N_(
        "a figure not given on an earlier row (the same reporter, partner, flow, "
        "product, period, currency, basis and source)"
    ),
)

SOURCES = Table(
    "sources",
    {
        "source_id": _text(_SOURCE_ID, unique=True),
        "publisher": _text(),
        "title": _text(),
        # The title in English where the source is in another language: the publisher's own
        # English title where it has one, else this project's rendering (cited in brackets).
        "title_en": _text(nullable=True),
        "url": _text(
            matches(r"^https?://", N_("a web address starting with http:// or https://")),
            nullable=True,
        ),
        "published": _date(nullable=True),
        "accessed": _date(nullable=True),
        "licence": _text(nullable=True),
        "kind": _text(one_of(SOURCE_KINDS)),
        "language": _text(one_of(LANGUAGES, N_("a two-letter ISO 639-1 language code such as ru"))),
        "dataset": _text(),
        "edition": _text(nullable=True),
        "quote": _text(nullable=True),
        "quote_en": _text(nullable=True),
        "locator": _text(nullable=True),
        "note": _text(nullable=True),
    },
    row_rules=(
        RowRule(
            N_("a press source with its verbatim quote and its English rendering"),
            ("kind", "quote", "quote_en"),
            holds=lambda f: (f["kind"] != "press") | (f["quote"].notna() & f["quote_en"].notna()),
        ),
    ),
)

CLAIMED_CHANGES = Table(
    "claimed_changes",
    {
        "source_id": _text(unique=True),
        # A fraction: 0.05 for "+5 %", 1/3 for "about a third".
        "rate": _float(above(-1, N_("a change above -100 %, as a fraction (0.05 for +5 %)"))),
        "approx": _BOOL,
        "qualifier": _text(nullable=True),
        "base_start": _date(),
        "base_end": _date(),
        "base_freq": _text(_FREQ),
        "note": _text(nullable=True),
    },
)

DEALS = Table(
    "deals",
    {
        "deal_id": _text(unique=True),
        "title": _text(),
        "party_a": _text(_COUNTRY),
        "party_b": _text(_COUNTRY),
        "announced": _date(nullable=True),
        "status": _text(one_of(DEAL_STATUSES)),
        "total_value": _float(_POSITIVE_AMOUNT, nullable=True),
        "currency": _text(_CURRENCY),
        "approx": _BOOL,
        "precision": _float(above(0, N_("a rounding step above zero")), nullable=True),
        "source_id": _text(),
        "note": _text(nullable=True),
    },
)

DEAL_SECTORS = Table(
    "deal_sectors",
    {
        "deal_id": _text(),
        "sector": _text(),
        "sector_original": _text(nullable=True),
        # Empty where the source discloses no split: never zero, never an even share.
        "amount": _float(
            above(0, N_("an amount above zero, or empty where the source discloses no split")),
            nullable=True,
        ),
        "currency": _text(_CURRENCY),
        "source_id": _text(),
    },
    unique=("deal_id", "sector"),
)

AGGREGATE_MEMBERS = Table(
    "aggregate_members",
    {
        "aggregate_code": _text(each(is_aggregate, N_("a group code such as EU27 or WLD"))),
        "member": _text(_COUNTRY),
        "valid_from": _date(nullable=True),
        "valid_to": _date(nullable=True),
        "source_id": _text(),
    },
    unique=("aggregate_code", "member", "valid_from", "source_id"),
)

RATES = Table(
    "rates",
    {
        "currency": _text(_ANY_CURRENCY),
        "base": _text(_ANY_CURRENCY),
        "period_start": _date(),
        "period_end": _date(),
        "freq": _text(one_of(RATE_FREQS, N_("A (a calendar year) or M (a month)"))),
        # Units of ``currency`` per one unit of ``base``: 1.1827 USD per EUR.
        "rate": _float(
            above(0, N_("a rate above zero, in units of the currency per unit of base"))
        ),
        # reported: the publisher gives this average; derived: computed here from its rates.
        "basis": _text(one_of(RATE_BASES)),
        "source_id": _text(_SOURCE_ID),
        "note": _text(nullable=True),
    },
    row_rules=(
        RowRule(
            N_("a currency other than the base"),
            ("currency", "base"),
            holds=lambda f: f["currency"] != f["base"],
        ),
        RowRule(
            N_("a period_start, period_end and freq forming a calendar year (A) or a month (M)"),
            ("period_start", "period_end", "freq"),
            holds=_months_form_period,
        ),
    ),
    unique=("currency", "base", "period_start", "period_end", "source_id"),
    unique_expected=N_(
        "a rate not given on an earlier row (the same currency, base, period and source)"
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        OBSERVATIONS,
        SOURCES,
        CLAIMED_CHANGES,
        DEALS,
        DEAL_SECTORS,
        AGGREGATE_MEMBERS,
        RATES,
    )
}
OBSERVATION_COLUMNS = OBSERVATIONS.column_names
OBSERVATION_KEY = list(OBSERVATIONS.unique)
SOURCE_COLUMNS = SOURCES.column_names
CLAIMED_CHANGE_COLUMNS = CLAIMED_CHANGES.column_names
DEAL_COLUMNS = DEALS.column_names
DEAL_SECTOR_COLUMNS = DEAL_SECTORS.column_names
AGGREGATE_MEMBER_COLUMNS = AGGREGATE_MEMBERS.column_names
RATE_COLUMNS = RATES.column_names

_EMPTY: dict[str, pd.DataFrame] = {}


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    if table not in _EMPTY:
        nothing = pd.Series([], dtype=object)
        columns = TABLES[table].columns.items()
        _EMPTY[table] = pd.DataFrame({name: col.coerce(nothing)[0] for name, col in columns})
    return _EMPTY[table].copy()


def is_formula_like(text: object) -> bool:
    """True for text a spreadsheet would run as a formula (starts with =, +, -, @)."""
    return isinstance(text, str) and bool(re.match(r"^[=+\-@\t\r]", text))


def validate(table: str, frame: pd.DataFrame, file: str | Path = "") -> pd.DataFrame:
    """Validate ``frame`` as ``table`` and return it with schema dtypes and column order.

    Failures become one LoadError that names the file and, for each failing row, its
    ``locator`` (sheet and row of the input) where the loader recorded one, the values
    concerned and what was expected.
    """
    spec = TABLES[table]
    missing = [c for c in spec.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in spec.columns]
    if missing or extra:
        problems: list[str] = (
            [Phrase(N_("missing {columns}"), columns=str(missing))] if missing else []
        )
        problems += [Phrase(N_("unexpected {columns}"), columns=str(extra))] if extra else []
        raise LoadError(
            file,
            N_("the {table} columns {columns}"),
            details=problems,
            values={"table": table, "columns": str(spec.column_names)},
        )
    if frame.empty:
        return empty(table)
    frame = frame[spec.column_names].reset_index(drop=True)
    checked, broken = spec.broken(frame)
    if broken:
        raise LoadError(
            file,
            N_("{table} rows that satisfy the tidy schema"),
            details=describe(frame, broken),
            values={"table": table},
        )
    return checked


def describe(frame: pd.DataFrame, broken: list[Broken], limit: int = 8) -> list[str]:
    """One line per failing row and rule, row by row: where (the row's locator, else its
    number), the values concerned, and what was expected."""
    rows = np.concatenate([np.flatnonzero(b.rows) for b in broken])
    rules = np.concatenate([np.full(int(b.rows.sum()), i) for i, b in enumerate(broken)])
    order = np.lexsort((rules, rows))
    lines = [_line(frame, int(rows[i]), broken[int(rules[i])].rule) for i in order[:limit]]
    if len(order) > limit:
        lines.append(Phrase(N_("and {n} more"), n=len(order) - limit))
    return lines


def _line(frame: pd.DataFrame, row: int, rule: Rule) -> str:
    locator = frame["locator"].iloc[row] if "locator" in frame else None
    # A locator is data the loader wrote ("sheet 'Data', row 7"); a row number is our words.
    where = (
        locator if isinstance(locator, str) and locator else Phrase(N_("row {row}"), row=row + 1)
    )
    expected = Phrase.marked(rule.expected)
    if not rule.columns:
        return Phrase(N_("{where}: expected {expected}"), where=where, expected=expected)
    values = [
        Phrase("{column} = {value}", column=column, value=_shown(frame[column].iloc[row]))
        for column in rule.columns
    ]
    return Phrase(
        N_("{where}: {values}, expected {expected}"),
        where=where,
        values=Phrase.listing(values),
        expected=expected,
    )


def _shown(value: object) -> str:
    """A cell as a message shows it: text quoted, dates as YYYY-MM-DD, nothing as 'empty'."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return Phrase(N_("empty"))
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return repr(value)
