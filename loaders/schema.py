"""The tidy tables every loader produces: declared once, checked with pandera's rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import pandera.pandas as pa
import pycountry

from loaders.countries import is_aggregate, is_country
from loaders.errors import LoadError
from loaders.periods import FREQS

FLOWS = ("export", "import", "turnover")
BASES = ("reported", "claim", "derived", "estimate")
SOURCE_KINDS = ("official_statistics", "press", "database", "upload")
DEAL_STATUSES = ("announced", "signed", "under_way", "completed", "cancelled")
CURRENCIES = tuple(sorted(c.alpha_3 for c in pycountry.currencies))
LANGUAGES = tuple(sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")))
_HS_OR_TOTAL = r"^(TOTAL|\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$"
_CODE = r"^[A-Z][A-Z0-9_]{1,15}$"
_DTYPES = {"text": str, "float": float, "bool": bool, "date": "datetime64[ns]"}


@dataclass(frozen=True)
class Col:
    """One column: its kind (text, float, bool, date), nullability and value rules."""

    kind: str
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    pattern: str | None = None
    ge: float | None = None
    gt: float | None = None
    lt: float | None = None
    unique: bool = False
    element: Callable[[str], bool] | None = None  # a per-value rule such as is_country
    element_name: str = ""

    def pandera(self) -> pa.Column:
        """This column as a pandera Column."""
        checks = []
        if self.isin is not None:
            checks.append(pa.Check.isin(self.isin))
        if self.pattern is not None:
            checks.append(pa.Check.str_matches(self.pattern))
        if self.ge is not None:
            checks.append(pa.Check.ge(self.ge))
        if self.gt is not None:
            checks.append(pa.Check.gt(self.gt))
        if self.lt is not None:
            checks.append(pa.Check.lt(self.lt))
        if self.element is not None:
            rule = self.element
            checks.append(pa.Check(lambda s: s.map(rule).astype(bool), name=self.element_name))
        return pa.Column(
            _DTYPES[self.kind],
            nullable=self.nullable,
            unique=self.unique,
            coerce=True,
            checks=checks,
        )

    def coerce(self, series: pd.Series) -> pd.Series | None:
        """The series in this column's dtype, or None if a value cannot be converted."""
        present = series.notna()
        if self.kind == "text":
            if series.dtype == "str":
                return series
            out = series.astype("str")
        elif self.kind == "float":
            out = pd.to_numeric(series, errors="coerce").astype(float)
        elif self.kind == "bool":
            if series.dtype == bool:
                return series
            if not series.map(lambda v: isinstance(v, bool)).all():
                return None
            return series.astype(bool)
        else:
            out = pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")
        return None if (out.isna() & present).any() else out

    def passes(self, series: pd.Series) -> bool:
        """True when every value satisfies the column's rules (series already coerced)."""
        missing = series.isna()
        if missing.any() and not self.nullable:
            return False
        values = series[~missing]
        if self.unique and values.duplicated().any():
            return False
        if values.empty:
            return True
        if self.kind == "text":
            # Codes repeat a lot (reporter, flow, currency): test each distinct value once.
            distinct = pd.Series(values.unique(), dtype=object)
            if self.isin is not None and not distinct.isin(self.isin).all():
                return False
            if self.pattern is not None:
                pattern = re.compile(self.pattern)
                if not all(pattern.match(v) for v in distinct):
                    return False
        for bound, holds in ((self.ge, values.ge), (self.gt, values.gt), (self.lt, values.lt)):
            if bound is not None and not holds(bound).all():
                return False
        if self.element is not None:
            return all(self.element(v) for v in values.unique())
        return True


@dataclass(frozen=True)
class Table:
    """A tidy table: ordered columns, rules across columns, and a unique key."""

    name: str
    columns: dict[str, Col]
    row_checks: tuple[tuple[str, Callable[[pd.DataFrame], pd.Series]], ...] = ()
    unique: tuple[str, ...] | None = None
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        """Columns in their order."""
        return list(self.columns)

    @cached_property
    def pandera(self) -> pa.DataFrameSchema:
        """The pandera schema: used to report every failing row and rule readably."""
        return pa.DataFrameSchema(
            {name: col.pandera() for name, col in self.columns.items()},
            checks=[pa.Check(fn, name=name) for name, fn in self.row_checks],
            unique=list(self.unique) if self.unique else None,
            strict=True,
            ordered=True,
            name=self.name,
        )

    def fast_validate(self, frame: pd.DataFrame) -> pd.DataFrame | None:
        """The same rules run column-wise without pandera's per-check overhead.

        Returns the coerced frame, or None when any rule fails (the caller then asks
        pandera for the full, readable report). Both run the rules declared here.
        """
        out = {}
        for name, col in self.columns.items():
            coerced = col.coerce(frame[name])
            if coerced is None or not col.passes(coerced):
                return None
            out[name] = coerced
        result = pd.DataFrame(out, index=frame.index)
        if self.unique and result.duplicated(list(self.unique)).any():
            return None
        for _, check in self.row_checks:
            if not bool(check(result).all()):
                return None
        return result


def _flag_matches_code(code_column: str, flag_column: str) -> tuple[str, Callable]:
    def check(frame: pd.DataFrame) -> pd.Series:
        codes = frame[code_column].astype(str)
        lookup = {code: (is_country(code), is_aggregate(code)) for code in codes.unique()}
        country = codes.map(lambda c: lookup[c][0]).astype(bool)
        aggregate = codes.map(lambda c: lookup[c][1]).astype(bool)
        flags = frame[flag_column].astype(bool)
        return (country & ~flags) | (aggregate & flags)

    # The name is what a failure message shows, so it states the rule in words.
    return f"{flag_column} agrees with {code_column} (an ISO3 country is never an aggregate)", check


def _months_form_period(frame: pd.DataFrame) -> pd.Series:
    """period_start/period_end/freq form a calendar year, a month or a January-to-month span."""
    start, end, freq = frame["period_start"], frame["period_end"], frame["freq"]
    month_end = end + pd.offsets.MonthEnd(0)
    whole = (start.dt.day == 1) & (end == month_end) & (start.dt.year == end.dt.year)
    is_year = (start.dt.month == 1) & (end.dt.month == 12)
    is_month = start.dt.month == end.dt.month
    is_ytd = (start.dt.month == 1) & ~is_year & ~is_month
    return whole & (
        ((freq == "A") & is_year) | ((freq == "M") & is_month) | ((freq == "YTD") & is_ytd)
    )


def _text(nullable: bool = False, **rules) -> Col:
    return Col("text", nullable=nullable, **rules)


def _date(nullable: bool = False) -> Col:
    return Col("date", nullable=nullable)


_COUNTRY = {"element": is_country, "element_name": "an ISO3 country code"}
_AGGREGATE = {"element": is_aggregate, "element_name": "a known aggregate code"}

OBSERVATIONS = Table(
    "observations",
    {
        "reporter": _text(pattern=_CODE),
        "partner": _text(pattern=_CODE),
        "reporter_is_aggregate": Col("bool"),
        "partner_is_aggregate": Col("bool"),
        "flow": _text(isin=FLOWS),
        "product": _text(pattern=_HS_OR_TOTAL),
        "period_start": _date(),
        "period_end": _date(),
        "freq": _text(isin=FREQS),
        # Trade values are gross flows: a negative export, import or turnover is an error
        # in the input, not a figure.
        "value": Col("float", ge=0, lt=1e16),
        "currency": _text(isin=CURRENCIES),
        "basis": _text(isin=BASES),
        "approx": Col("bool"),
        "qualifier": _text(nullable=True),
        # The rounding step of the published figure in full units (1e8 for "$9.2 billion").
        "precision": Col("float", nullable=True, gt=0),
        "source_id": _text(pattern=r"^\S"),
        "edition": _text(nullable=True),
        "locator": _text(nullable=True),
        "note": _text(nullable=True),
    },
    row_checks=(
        _flag_matches_code("reporter", "reporter_is_aggregate"),
        _flag_matches_code("partner", "partner_is_aggregate"),
        ("reporter differs from partner", lambda f: f["reporter"] != f["partner"]),
        ("period is a year, a month or January-to-month", _months_form_period),
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
)

SOURCES = Table(
    "sources",
    {
        "source_id": _text(unique=True, pattern=r"^\S"),
        "publisher": _text(),
        "title": _text(),
        "url": _text(nullable=True, pattern=r"^https?://"),
        "published": _date(nullable=True),
        "accessed": _date(nullable=True),
        "licence": _text(nullable=True),
        "kind": _text(isin=SOURCE_KINDS),
        "language": _text(isin=LANGUAGES),
        "dataset": _text(),
        "edition": _text(nullable=True),
        "quote": _text(nullable=True),
        "quote_en": _text(nullable=True),
        "locator": _text(nullable=True),
        "note": _text(nullable=True),
    },
    row_checks=(
        (
            "press sources keep their verbatim quote and its English rendering",
            lambda f: (f["kind"] != "press") | (f["quote"].notna() & f["quote_en"].notna()),
        ),
    ),
)

CLAIMED_CHANGES = Table(
    "claimed_changes",
    {
        "source_id": _text(unique=True),
        # A fraction: 0.05 for "+5 %", 1/3 for "about a third".
        "rate": Col("float", gt=-1),
        "approx": Col("bool"),
        "qualifier": _text(nullable=True),
        "base_start": _date(),
        "base_end": _date(),
        "base_freq": _text(isin=FREQS),
        "note": _text(nullable=True),
    },
)

DEALS = Table(
    "deals",
    {
        "deal_id": _text(unique=True),
        "title": _text(),
        "party_a": _text(**_COUNTRY),
        "party_b": _text(**_COUNTRY),
        "announced": _date(nullable=True),
        "status": _text(isin=DEAL_STATUSES),
        "total_value": Col("float", nullable=True, gt=0),
        "currency": _text(isin=CURRENCIES),
        "approx": Col("bool"),
        "precision": Col("float", nullable=True, gt=0),
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
        "amount": Col("float", nullable=True, gt=0),
        "currency": _text(isin=CURRENCIES),
        "source_id": _text(),
    },
    unique=("deal_id", "sector"),
)

AGGREGATE_MEMBERS = Table(
    "aggregate_members",
    {
        "aggregate_code": _text(**_AGGREGATE),
        "member": _text(**_COUNTRY),
        "valid_from": _date(nullable=True),
        "valid_to": _date(nullable=True),
        "source_id": _text(),
    },
    unique=("aggregate_code", "member", "valid_from", "source_id"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (OBSERVATIONS, SOURCES, CLAIMED_CHANGES, DEALS, DEAL_SECTORS, AGGREGATE_MEMBERS)
}
OBSERVATION_COLUMNS = OBSERVATIONS.column_names
OBSERVATION_KEY = list(OBSERVATIONS.unique or ())
SOURCE_COLUMNS = SOURCES.column_names
CLAIMED_CHANGE_COLUMNS = CLAIMED_CHANGES.column_names
DEAL_COLUMNS = DEALS.column_names
DEAL_SECTOR_COLUMNS = DEAL_SECTORS.column_names
AGGREGATE_MEMBER_COLUMNS = AGGREGATE_MEMBERS.column_names

_EMPTY: dict[str, pd.DataFrame] = {}


def table_frame(table: str, length: int, **columns: object) -> pd.DataFrame:
    """A frame of ``table``'s columns in order: sequences as given, scalars repeated,
    absent columns empty (None). Loaders build their output with it, column by column."""
    spec = TABLES[table]
    unknown = set(columns) - set(spec.columns)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")
    data = {}
    for name in spec.columns:
        value = columns.get(name)
        if isinstance(value, (list, tuple, pd.Series, pd.Index)) or hasattr(value, "__array__"):
            data[name] = list(value) if not isinstance(value, pd.Series) else value.tolist()
        else:
            data[name] = [value] * length
    return pd.DataFrame(data)


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    if table not in _EMPTY:
        spec = TABLES[table]
        _EMPTY[table] = pd.DataFrame(
            {name: pd.Series(dtype=_DTYPES[col.kind]) for name, col in spec.columns.items()}
        )
    return _EMPTY[table].copy()


def is_formula_like(text: object) -> bool:
    """True for text a spreadsheet would run as a formula (starts with =, +, -, @)."""
    return isinstance(text, str) and bool(re.match(r"^[=+\-@\t\r]", text))


def validate(table: str, frame: pd.DataFrame, file: object = "") -> pd.DataFrame:
    """Validate ``frame`` as ``table`` and return it with schema dtypes and column order.

    Failures become one LoadError that names the file and, for each failing row, its
    ``locator`` (sheet and row of the input) where the loader recorded one.
    """
    spec = TABLES[table]
    missing = [c for c in spec.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in spec.columns]
    if missing or extra:
        problems = [f"missing {missing}"] if missing else []
        problems += [f"unexpected {extra}"] if extra else []
        raise LoadError(file, f"the {table} columns {spec.column_names}", details=problems)
    if frame.empty:
        return empty(table)
    frame = frame[spec.column_names].reset_index(drop=True)
    checked = spec.fast_validate(frame)
    if checked is not None:
        return checked
    try:
        spec.pandera.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise LoadError(
            file, f"{table} rows that satisfy the tidy schema", details=_readable(errors, frame)
        ) from None
    # pandera accepts what the fast rules refused: the two disagree, which is a bug here.
    raise LoadError(file, f"{table} rows that satisfy the tidy schema (rules disagree)")


def _readable(errors: pa.errors.SchemaErrors, frame: pd.DataFrame, limit: int = 8) -> list[str]:
    """Turn pandera's failure cases into short lines: where, which column and value, rule."""
    lines: list[str] = []
    seen: set[tuple] = set()
    for case in errors.failure_cases.itertuples(index=False):
        index = case.index
        where = "table"
        if index is not None and not pd.isna(index) and int(index) in frame.index:
            locator = frame.at[int(index), "locator"] if "locator" in frame else None
            where = locator if isinstance(locator, str) and locator else f"row {int(index) + 1}"
        if case.schema_context == "DataFrameSchema":
            # A rule across columns fails once per column; report the row once.
            key = (where, case.check)
            text = f"{where}: fails {case.check!r}"
        else:
            key = (where, case.column, case.check)
            text = f"{where}: {case.column} = {case.failure_case!r} fails {case.check}"
        if key not in seen:
            seen.add(key)
            lines.append(text)
    if len(lines) > limit:
        lines = [*lines[:limit], f"and {len(lines) - limit} more"]
    return lines
