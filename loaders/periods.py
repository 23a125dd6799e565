"""Reporting periods: calendar years, months and year-to-date spans, and their labels."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from loaders.errors import N_, Phrase

FREQS = ("A", "M", "YTD")

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Stems match every case form a Russian table uses ("январь", "января", "январе").
_RU_MONTH_STEMS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йяе]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_RU_MONTH = "|".join(f"(?:{stem}\\w*)" for stem in _RU_MONTH_STEMS)
_RU_RANGE = re.compile(
    rf"(?P<first>{_RU_MONTH})\s*[-–—]\s*(?P<last>{_RU_MONTH})\s+(?P<year>(?:19|20)\d\d)", re.I
)
_RU_SINGLE = re.compile(rf"(?P<month>{_RU_MONTH})\s+(?P<year>(?:19|20)\d\d)", re.I)
_RU_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*(?:год|г\.)", re.I)


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months: a calendar year (A), one month (M) or January to month N (YTD)."""

    start: date
    end: date
    freq: str

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(date(year, 1, 1), date(year, 12, 31), "A")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        return cls(date(year, month, 1), _month_end(year, month), "M")

    @classmethod
    def months(cls, year: int, first: int, last: int) -> Period:
        """Months ``first``..``last`` of ``year``: a year, a month or a year-to-date span.

        Only spans starting in January are supported beyond a single month, because
        statistics bureaus publish cumulative figures from January.
        """
        if not (1 <= first <= last <= 12):
            raise ValueError(
                Phrase(
                    N_("months {first}..{last} are not a span within a year"),
                    first=first,
                    last=last,
                )
            )
        if first == last:
            return cls.month(year, first)
        if first != 1:
            raise ValueError(
                Phrase(N_("a span of months must start in January, not month {first}"), first=first)
            )
        if last == 12:
            return cls.year(year)
        return cls(date(year, 1, 1), _month_end(year, last), "YTD")

    @property
    def months_covered(self) -> tuple[int, int]:
        """First and last month numbers of the span."""
        return self.start.month, self.end.month

    @property
    def label(self) -> str:
        """Human label: '2021', 'May 2022', 'Jan-May 2022'."""
        if self.freq == "A":
            return str(self.start.year)
        if self.freq == "M":
            return f"{MONTH_ABBR[self.start.month - 1]} {self.start.year}"
        return f"Jan-{MONTH_ABBR[self.end.month - 1]} {self.start.year}"

    def same_months(self, year: int) -> Period:
        """The same months in another year (like for like)."""
        first, last = self.months_covered
        return Period.months(year, first, last)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def ru_month_number(text: str) -> int | None:
    """Month number of a Russian month name in any case form, or None."""
    word = text.strip().lower()
    for number, stem in enumerate(_RU_MONTH_STEMS, start=1):
        if re.fullmatch(f"{stem}\\w*", word):
            return number
    return None


def parse_ru_period(text: str) -> Period | None:
    """Read a period from Russian table wording, or return None if there is none.

    Understands "за январь-декабрь 2019 года", "за 2021 год", "2023 год",
    "за январь-май 2022 года" and "май 2022 г.".
    """
    text = " ".join(str(text).split())
    # The patterns match month names only, so each matched word has a month number.
    if match := _RU_RANGE.search(text):
        first, last = ru_month_number(match["first"]), ru_month_number(match["last"])
        if first and last:
            return Period.months(int(match["year"]), first, last)
    if (match := _RU_SINGLE.search(text)) and (month := ru_month_number(match["month"])):
        return Period.month(int(match["year"]), month)
    if match := _RU_YEAR.search(text):
        return Period.year(int(match["year"]))
    return None


_SPEC = re.compile(r"^(?P<y1>\d{4})(?:-(?P<m1>\d{1,2}))?(?:/(?P<y2>\d{4})-(?P<m2>\d{1,2}))?$")


def parse_period_spec(spec: str) -> Period:
    """Parse '2021', '2021-03' or '2022-01/2022-05' (months of one year) into a Period.

    Raises ValueError with the reason (a Phrase) when the text is not one of those forms.
    """
    match = _SPEC.match(str(spec).strip())
    if not match:
        raise ValueError(Phrase(N_("'YYYY', 'YYYY-MM' or 'YYYY-MM/YYYY-MM'")))
    year = int(match["y1"])
    if match["m1"] is None:
        return Period.year(year)
    first = int(match["m1"])
    if match["y2"] is None:
        if not 1 <= first <= 12:
            raise ValueError(Phrase(N_("a month between 01 and 12")))
        return Period.month(year, first)
    if int(match["y2"]) != year:
        raise ValueError(Phrase(N_("a span within one calendar year")))
    return Period.months(year, first, int(match["m2"]))


def period_of(start: date, end: date) -> Period:
    """Rebuild the Period for stored start and end dates, checking they form one."""
    period = Period.months(start.year, start.month, end.month) if start.year == end.year else None
    if period is None or period.start != start or period.end != end:
        raise ValueError(
            Phrase(
                N_("{start}..{end} is not a year, a month or a January-to-month span"),
                start=start,
                end=end,
            )
        )
    return period


def label(start: date, end: date) -> str:
    """Label for a stored period."""
    return period_of(start, end).label
