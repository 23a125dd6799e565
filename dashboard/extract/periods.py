"""Period phrases -> first and last day: years, months, month ranges, quarters, half-years,
"the first seven months", and "this year" / "last year" against the publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dashboard.extract.numbers import number_pattern, parse_number
from dashboard.extract.rules import Rules

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class PeriodMention:
    """A period named in the text; ``base`` when it is the base of a comparison."""

    first: date
    last: date
    freq: str | None
    start: int
    end: int
    base: bool


def _span(year: int, first: int, last: int) -> tuple[date, date, str | None]:
    end = date(year, last, calendar.monthrange(year, last)[1])
    if first == last:
        return date(year, first, 1), end, "M"
    if first == 1:
        return date(year, 1, 1), end, "A" if last == 12 else "YTD"
    return date(year, first, 1), end, None  # a span of months not from January


def _patterns(rules: Rules) -> dict[str, list[re.Pattern[str]]]:
    if "periods" in rules.normals:
        return rules.normals["periods"]
    month = "(?:" + "|".join(f"(?:{m})" for m in rules["months"]) + r")(?![^\W\d_])"
    ordinal = rules.vocabulary(rules["ordinals"])
    num = number_pattern(rules)
    out: dict[str, list[re.Pattern[str]]] = {}
    for kind, items in rules["periods"].items():
        if kind == "relative_year":
            for offset, words in items.items():
                out[f"relative_{offset}"] = [re.compile(rules.words(words), re.I)]
            continue
        if isinstance(items, str):
            items = [items]
        filled = [
            item.replace("{month}", month).replace("{ordinal}", ordinal).replace("{num}", num)
            for item in items
        ]
        out[kind] = [re.compile(rules.words([item]), re.I) for item in filled]
    out["ytd"] = [re.compile(rules.words(rules["periods"]["year_to_date"]), re.I)]
    out["joiner"] = [re.compile(rules["year_joiners"], re.I)]
    out["comparison"] = [re.compile(rules.words(rules["comparison"]) + r"\s*$", re.I)]
    rules.normals["periods"] = out
    return out


def _month_number(text: str, rules: Rules) -> int:
    for number, pattern in enumerate(rules["months"], 1):
        if re.fullmatch(rules.words([pattern]), text.strip(), re.I):
            return number
    raise ValueError(f"not a month: {text!r}")


def _ordinal(text: str, rules: Rules) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text.upper() in _ROMAN:
        return _ROMAN[text.upper()]
    value = rules.lookup(rules["ordinals"], text)
    return int(value) if value is not None else None


def find_periods(text: str, rules: Rules, published: date | None) -> list[PeriodMention]:
    """Every period named in ``text``: month spans take the year written next to them, else
    the year of the sentence, else the publication year."""
    patterns = _patterns(rules)
    years: list[tuple[int, int, int | None]] = []  # start, end, year
    for pattern in patterns["year"]:
        years += [(m.start(), m.end(), int(m.group("year"))) for m in pattern.finditer(text)]
    for offset_name, offset in (("relative_this", 0), ("relative_last", -1)):
        for pattern in patterns.get(offset_name, []):
            years += [
                (m.start(), m.end(), published.year + offset if published else None)
                for m in pattern.finditer(text)
            ]
    years = _no_overlap(sorted(years, key=lambda y: (y[0], -y[1])))
    bare = [
        (m.start(), m.end(), int(m.group("year"))) for m in patterns["bare_year"][0].finditer(text)
    ]
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    used_years: set[int] = set()

    def year_after(end: int) -> tuple[int, int | None] | None:
        joiner = patterns["joiner"][0].match(text, end)
        at = joiner.end() if joiner else end
        for start, stop, year in years + bare:
            if start in (at, end) or (joiner and end <= start <= at):
                used_years.add(start)
                return stop, year
        return None

    def sentence_year() -> int | None:
        for _start, _stop, year in years:
            if year is not None:
                return year
        return published.year if published else None

    def add(match: re.Match[str], first: int, last: int) -> None:
        if any(match.start() < b and a < match.end() for a, b in taken):
            return
        after = year_after(match.end())
        end = match.end()
        year = sentence_year()
        if after is not None:
            end, year = after[0], after[1]
        if year is None or not 1 <= first <= last <= 12:
            return
        start_day, end_day, freq = _span(year, first, last)
        taken.append((match.start(), end))
        found.append(PeriodMention(start_day, end_day, freq, match.start(), end, False))

    for match in _all(patterns["month_range"], text):
        add(match, _month_number(match.group("m1"), rules), _month_number(match.group("m2"), rules))
    for match in _all(patterns["first_months"], text):
        parsed = parse_number(match.group("n"), rules)
        if parsed and 1 <= parsed[0] <= 12 and parsed[0] == int(parsed[0]):
            add(match, 1, int(parsed[0]))
    for kind, size, freq in (("quarter", 3, "Q"), ("half", 6, "H")):
        group = kind[0]
        for match in _all(patterns[kind], text):
            number = _ordinal(match.group(group), rules)
            if number is None or number * size > 12:
                continue
            before = len(found)
            add(match, (number - 1) * size + 1, number * size)
            if len(found) > before:
                last = found[-1]
                found[-1] = PeriodMention(last.first, last.last, freq, last.start, last.end, False)
    for match in _all(patterns["month"], text):
        number = _month_number(match.group("m1"), rules)
        add(match, number, number)
    if published is not None and published.month > 1:
        for match in _all(patterns["ytd"], text):
            add(match, 1, published.month - 1)
    for start, stop, year in years:
        if start in used_years or year is None:
            continue
        if any(start < b and a < stop for a, b in taken):
            continue
        found.append(PeriodMention(date(year, 1, 1), date(year, 12, 31), "A", start, stop, False))
    comparison = patterns["comparison"][0]
    return sorted(
        (
            PeriodMention(
                p.first,
                p.last,
                p.freq,
                p.start,
                p.end,
                bool(comparison.search(text[max(0, p.start - 40) : p.start])),
            )
            for p in found
        ),
        key=lambda p: p.start,
    )


def _all(patterns: list[re.Pattern[str]], text: str) -> list[re.Match[str]]:
    return [m for pattern in patterns for m in pattern.finditer(text)]


def _no_overlap(spans: list[tuple[int, int, int | None]]) -> list[tuple[int, int, int | None]]:
    out: list[tuple[int, int, int | None]] = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out
