"""ECB euro foreign exchange reference rates (eurofxref-hist.csv): daily rates -> monthly and
annual averages, a source like any other."""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from loaders import Frames, csvtext, schema, tidy
from loaders.errors import N_, LoadError, Phrase
from loaders.files import read_text
from loaders.fit import Fit
from loaders.periods import Period

FORMAT = "rates"
PUBLISHER = "European Central Bank"
DATASET = "ecb-euro-reference-rates"
TITLE = "Euro foreign exchange reference rates"
URL = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/"
LICENCE = "Reuse permitted with the European Central Bank named as the source"
BASE = "EUR"
DATE_COLUMN = "Date"
# The ECB writes N/A where it gives no rate (a currency not yet or no longer quoted).
NO_RATE = frozenset({"N/A", ""})
# The ECB's first reference rates are those of 4 January 1999, the euro's first working day:
# a file starting then holds every rate of 1999 there is.
FIRST_RATES = date(1999, 1, 4)
MEAN = "mean of the ECB's daily reference rates"
RULE = (
    f"Units of each currency per euro. Monthly and annual averages are the {MEAN}, computed "
    "here (the ECB's own EXR.M and EXR.A series are such means). A month is averaged when "
    "the currency has at least one daily rate in it, and each row's note says on how many of "
    "the month's days. A year is averaged only when the currency has a rate on every day the "
    "ECB published rates that year and the file covers the whole year: a part-year mean, such "
    "as RUB's rates until 1 March 2022, is not that year's rate. No rate is invented: where "
    "the ECB gives none (KZT; RUB after 1 March 2022) there is no row."
)
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The date as Excel writes it back in a Russian or German locale: 04.01.1999.
_DAY_FIRST = re.compile(r"^(?P<day>\d{2})\.(?P<month>\d{2})\.(?P<year>\d{4})$")
_RATE = re.compile(r"^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")
# Data rows whose dates the fit looks at.
_FIT_ROWS = 20


def _without_trailing_empty(cells: list[str]) -> list[str]:
    """The ECB ends every line with a comma: one empty last field is no column."""
    return cells[:-1] if cells and not cells[-1].strip() else cells


def looks_like_rates(header: Sequence[str]) -> bool:
    """True for the header of a table of daily rates: ``Date`` followed by currency codes
    (three capital letters, at least one of them a known ISO 4217 code)."""
    cells = [cell.strip() for cell in _without_trailing_empty(list(header))]
    if len(cells) < 2 or cells[0].casefold() != DATE_COLUMN.casefold():
        return False
    codes = cells[1:]
    return all(_CODE.match(code) for code in codes) and any(
        code in schema.ANY_CURRENCIES for code in codes
    )


def fit(path: str | Path, text: str | None = None) -> Fit:
    """How well a CSV (``text``, read from ``path`` when not given) fits a table of daily
    rates: a header of Date and currency codes, dates down the first column, rates under
    the codes. A Date column alone makes no table of rates: the codes are its layout, so
    the header is one check, and the rates are looked for only under codes."""
    try:
        table = _table(read_text(path) if text is None else text)
    except csv.Error:
        table = csvtext.Table([], ",", ".")
    header = _without_trailing_empty(table.rows[0]) if table.rows else []
    rows = [row for row in table.rows[1:] if any(cell.strip() for cell in row)][:_FIT_ROWS]
    coded = looks_like_rates(header)
    cells = [
        (cell.strip(), column)
        for row in rows
        for column, cell in enumerate(row[1 : len(header)], start=1)
        if cell.strip() not in NO_RATE
    ]
    return Fit(
        FORMAT,
        (
            (N_("a header of Date, then currency codes (Date,USD,JPY,...)"), coded),
            (
                N_("dates such as 1999-01-04 down the first column"),
                bool(rows) and all(_day(row[0]) for row in rows),
            ),
            (
                N_("rates such as 1.1252 or N/A under the currency codes"),
                coded
                and bool(cells)
                and all(_is_rate(table, cell, column) for cell, column in cells),
            ),
        ),
    )


def _is_rate(table: csvtext.Table, text: str, column: int) -> bool:
    try:
        return csvtext.number(table.plain(text, column, by_dialect=True), ".") > 0
    except ValueError:
        return False


def _table(text: str) -> csvtext.Table:
    """The CSV as the ECB writes it (commas) or as Excel re-saves it (``;`` and decimal
    commas in a Russian locale, tabs)."""
    return csvtext.rows(text, (DATE_COLUMN,))


@dataclass(frozen=True)
class DailyRates:
    """A table of daily rates as published: the dates it has a row for (oldest first), and
    each currency's rate on the dates that give one."""

    dates: list[date]
    rates: dict[str, dict[date, float]]

    @property
    def newest(self) -> date:
        """The table's last date: its edition."""
        return self.dates[-1]


def _currencies(path: Path, header: list[str]) -> list[str]:
    """The currency columns of the header, each checked; LoadError names the cell."""
    if not header or header[0].strip().casefold() != DATE_COLUMN.casefold():
        raise LoadError(
            path,
            N_("a header starting with Date, then currency codes (Date,USD,JPY,...)"),
            found=",".join(header)[:80] or None,
            row=1,
        )
    codes: list[str] = []
    for column, cell in enumerate(header[1:], start=1):
        code = cell.strip()
        if code not in schema.ANY_CURRENCIES:
            raise LoadError(
                path,
                N_("an ISO 4217 currency code such as USD"),
                found=code or Phrase(N_("an empty header cell")),
                row=1,
                column=column,
            )
        if code in codes:
            raise LoadError(
                path, N_("each currency in one column"), found=code, row=1, column=column
            )
        codes.append(code)
    if not codes:
        raise LoadError(path, N_("at least one currency column after Date"), row=1)
    return codes


def _rate(
    path: Path, table: csvtext.Table, text: str, line: int, column: int, code: str
) -> float | None:
    cell = text.strip()
    if cell in NO_RATE:
        return None
    if table.decimal == "." and _RATE.match(cell):
        # The ECB's own form, "1.1252" in a comma file: read as it stands (no column scan;
        # the ECB never groups thousands).
        plain = cell
    else:
        plain = _plain(path, table, cell, line, column, code)
    rate = float(plain)
    if not (math.isfinite(rate) and rate > 0):
        raise LoadError(path, N_("a rate above zero, or N/A"), found=cell, row=line, column=code)
    return rate


def _plain(path: Path, table: csvtext.Table, cell: str, line: int, column: int, code: str) -> str:
    """A rate in a locale's form ("1,1252" in a ;-separated file) as plain number text."""
    try:
        plain = table.plain(cell, column, by_dialect=True)
    except ValueError:
        plain = ""
    if not _RATE.match(plain):
        raise LoadError(
            path, N_("a rate such as 1.1252, or N/A"), found=cell, row=line, column=code
        )
    return plain


def read_daily(path: str | Path) -> DailyRates:
    """Read an ECB-style table of daily rates: a ``Date`` column and one column per currency,
    ``N/A`` where there is no rate, rows in any order (the ECB puts the newest first), each
    line perhaps ending with a comma.

    Every cell is checked: LoadError names the row and column of the first one that is
    not a date, a rate above zero or N/A.

    The file may be re-saved by Excel: ``;``-separated with decimal commas and dates
    written 04.01.1999 (a Russian locale), or tab-separated. A rate "1,125" is read by
    the decimal mark its column's other rates show, else by the file's dialect.
    """
    path = Path(path)
    try:
        table = _table(read_text(path))
    except csv.Error as error:
        raise LoadError(path, N_("a CSV file"), details=[str(error)]) from None
    if not table.rows:
        raise LoadError(path, N_("a header row: Date, then currency codes"))
    header = _without_trailing_empty(table.rows[0])
    codes = _currencies(path, header)
    rates: dict[str, dict[date, float]] = {code: {} for code in codes}
    lines: dict[date, int] = {}
    for line, raw in enumerate(table.rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = _without_trailing_empty(raw)
        if len(row) != len(header):
            raise LoadError(
                path,
                N_("{fields} fields as in the header"),
                found=Phrase(N_("{fields} fields"), fields=len(row)),
                row=line,
                values={"fields": len(header)},
            )
        day = _date(path, row[0], line)
        if day in lines:
            raise LoadError(
                path,
                N_("one row per date"),
                found=day.isoformat(),
                row=line,
                column=DATE_COLUMN,
                details=[Phrase(N_("also on row {row}"), row=lines[day])],
            )
        lines[day] = line
        for column, (code, cell) in enumerate(zip(codes, row[1:], strict=True), start=1):
            rate = _rate(path, table, cell, line, column, code)
            if rate is not None:
                rates[code][day] = rate
    if not any(rates.values()):
        raise LoadError(path, N_("at least one daily rate below the header"))
    return DailyRates(sorted(lines), {code: by_day for code, by_day in rates.items() if by_day})


def _day(text: str) -> date | None:
    """A date written YYYY-MM-DD (the ECB's) or DD.MM.YYYY (Excel's, re-saved in a Russian
    locale); None for anything else, "04/01/2021" included: day or month first?"""
    cell = text.strip()
    try:
        if _DATE.match(cell):
            return date.fromisoformat(cell)
        if day_first := _DAY_FIRST.match(cell):
            return date(int(day_first["year"]), int(day_first["month"]), int(day_first["day"]))
    except ValueError:
        pass
    return None


def _date(path: Path, text: str, line: int) -> date:
    day = _day(text)
    if day is None:
        raise LoadError(
            path, N_("a date YYYY-MM-DD"), found=text.strip(), row=line, column=DATE_COLUMN
        )
    return day


@dataclass(frozen=True)
class Average:
    """One currency's mean rate over a month or a year, with a note saying on how many of
    the period's days it rests."""

    currency: str
    period: Period
    rate: float
    note: str


def _starts_inside(daily: DailyRates, period: Period) -> bool:
    """True when the table begins after ``period`` does: its first days may be missing."""
    first = daily.dates[0]
    return first > period.start and first != FIRST_RATES


def _ends_inside(daily: DailyRates, period: Period) -> bool:
    """True when the table ends before ``period`` does: its last days are not in it yet."""
    return daily.newest < period.end


def _note(daily: DailyRates, currency: str, period: Period, days: int, published: int) -> str:
    """The row's note: "mean of the ECB's daily reference rates, 21 of 21 days", and why
    fewer where there are fewer."""
    note = f"{MEAN}, {days} of {published} days"
    if days < published:
        note += f" (no {currency} rate on the others)"
    span = "month" if period.freq == "M" else "year"
    if _starts_inside(daily, period):
        note += f"; the file starts on {daily.dates[0].isoformat()}, after the {span} begins"
    if _ends_inside(daily, period):
        note += f"; the file ends on {daily.newest.isoformat()}, before the {span} ends"
    return note


def averages(daily: DailyRates) -> list[Average]:
    """Each currency's monthly means (every month with at least one daily rate) and annual
    means (only years with a rate on every day the table has, and which the table covers
    whole), as RULE says. A mean is the exactly rounded sum (math.fsum) over the count."""
    published: dict[Period, int] = defaultdict(int)
    for day in daily.dates:
        published[Period.month(day.year, day.month)] += 1
        published[Period.year(day.year)] += 1
    out: list[Average] = []
    for currency, by_day in sorted(daily.rates.items()):
        grouped: dict[Period, list[float]] = defaultdict(list)
        for day in sorted(by_day):
            grouped[Period.month(day.year, day.month)].append(by_day[day])
            grouped[Period.year(day.year)].append(by_day[day])
        for period, values in grouped.items():
            days, of = len(values), published[period]
            whole = days == of and not (
                _starts_inside(daily, period) or _ends_inside(daily, period)
            )
            if period.freq == "A" and not whole:
                continue
            note = _note(daily, currency, period, days, of)
            out.append(Average(currency, period, math.fsum(values) / days, note))
    return out


def _source(path: Path, daily: DailyRates) -> tidy.Source:
    """The file as a source: one per edition, its newest date."""
    edition = daily.newest.isoformat()
    return tidy.Source(
        source_id=f"{DATASET}-{edition}",
        publisher=PUBLISHER,
        title=TITLE,
        url=URL,
        licence=LICENCE,
        kind="database",
        language="en",
        dataset=DATASET,
        edition=edition,
        locator=path.name,
        note=RULE,
    )


def rate_rows(rates: Sequence[Average], source_id: str) -> pd.DataFrame:
    """The rates rows of ``rates`` (units per euro, derived here), not yet validated."""
    return pd.DataFrame(
        {
            "currency": [r.currency for r in rates],
            "base": BASE,
            "period_start": [r.period.start for r in rates],
            "period_end": [r.period.end for r in rates],
            "freq": [r.period.freq for r in rates],
            "rate": [r.rate for r in rates],
            "basis": "derived",
            "source_id": source_id,
            "note": [r.note for r in rates],
        },
        columns=schema.RATE_COLUMNS,
    )


def load(path: str | Path) -> Frames:
    """Read the ECB's daily reference rates into monthly and annual average ``rates`` rows
    (units of each currency per euro) and one sources row; the file has no observations."""
    path = Path(path)
    daily = read_daily(path)
    source = _source(path, daily)
    return tidy.frames(path, source, [], rates=rate_rows(averages(daily), source.source_id))
