"""CSV text as people save it: the delimiter and the decimal mark found from the content,
and numbers read exactly however they group their thousands.

Excel saves "CSV" in the separator of the user's locale: in a Russian or Kazakh locale the
list separator is ``;`` because the comma is the decimal mark ("1 234,5"); "Text (tab
delimited)" uses tabs; an English locale uses commas. :func:`rows` finds which from the
text itself, and :func:`number` reads the figures of any of them.

The one number no rule can read alone is a single ``,`` or ``.`` followed by exactly three
digits ("1,234", "1.234"): a thousand and more, or one and a fraction. It is resolved by
the numbers of the same column when one of them shows its decimal mark plainly ("1 234,5"
or "2,345,678"), else by the dialect (``;``-separated: the comma is the decimal mark), and
otherwise it is left to the caller: :meth:`Table.decimal_of` says None, :func:`number`
with ``decimal=None`` raises :class:`AmbiguousNumber`, and the caller either refuses it
(the template) or reads it by the dialect's mark, :attr:`Table.decimal` (a Comext or ECB
file, whose own writers never group thousands).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from loaders.errors import N_, Phrase

# In order of preference when the content cannot tell them apart.
DELIMITERS = (",", ";", "\t")
# Separators that only ever group thousands: spaces (plain, no-break U+00A0, narrow
# no-break U+202F as French and Russian locales write, thin U+2009) and apostrophes (' and
# the typographic ’ of the Swiss locales).
GROUPING = " \u00a0\u202f\u2009'\u2019"
MARKS = ".,"
_MINUS = ("-", "\u2212")  # hyphen-minus and the Unicode minus sign
# How many records decide the dialect; a template's header may sit below a title.
_SAMPLE_ROWS = 60
_SIMPLE = re.compile(r"(?P<head>[0-9]+)(?:(?P<mark>[.,])(?P<fraction>[0-9]+))?")
_BODY = re.compile(rf"[0-9](?:[0-9{re.escape(MARKS + GROUPING)}]*[0-9])?")
_EXPONENT = re.compile(
    r"(?P<whole>[0-9]+)(?:(?P<mark>[.,])(?P<fraction>[0-9]+))?[eE](?P<exp>[-+]?[0-9]+)"
)
# The first group of a grouped number: one to three digits, no leading zero.
_FIRST_GROUP = re.compile(r"[1-9][0-9]{0,2}")


class AmbiguousNumber(ValueError):
    """A number whose one separator could be a thousands separator or a decimal mark."""


@dataclass(frozen=True)
class Table:
    """CSV text split into rows, with the delimiter it was split on and the decimal mark
    its dialect implies: ``,`` for ``;``-separated text, ``.`` for comma-separated, and for
    tab-separated text ``,`` when its numbers show only decimal commas, else ``.``.

    ``rows`` holds every record, blank ones too (as ``[]``), so ``rows[i]`` is record
    ``i + 1`` as the file's readers count rows.
    """

    rows: list[list[str]]
    delimiter: str
    decimal: str
    _decimals: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)

    def decimal_of(self, column: int) -> str | None:
        """The decimal mark that resolves an ambiguous number ("1,234") in ``column``
        (0-based): the one the column's other numbers show plainly, when they agree; else
        ``,`` in a ``;``-separated file; else None: nothing in the file decides it."""
        if column not in self._decimals:
            shown = {mark for row in self.rows if column < len(row) if (mark := shows(row[column]))}
            if len(shown) == 1:
                self._decimals[column] = shown.pop()
            else:
                self._decimals[column] = "," if self.delimiter == ";" else None
        return self._decimals[column]

    def plain(self, text: str, column: int, by_dialect: bool = False) -> str:
        """A number from ``column`` as plain number text (see :func:`digits`). "1,234" is
        read by :meth:`decimal_of` the column; where nothing decides it, AmbiguousNumber,
        or with ``by_dialect`` the dialect's mark :attr:`decimal`. The column is looked
        at only when such a number turns up."""
        try:
            return digits(text, None)
        except AmbiguousNumber:
            decimal = self.decimal_of(column)
            if decimal is None and by_dialect:
                decimal = self.decimal
            return digits(text, decimal)


def rows(text: str, expected: Iterable[str] = ()) -> Table:
    """Split CSV text by the delimiter its content shows.

    Each of ``,``, ``;`` and tab splits the first records; the winner is the one whose
    header row holds the most ``expected`` column names (compared loosely: case, spaces
    and punctuation aside), then the one that gives the most records the same number of
    fields (two or more), then the one leaving fewest cells that hold another delimiter
    and are no number ("5;2" from "1,5;2,5" split on commas), then the most fields. Only
    where that leaves a tie does csv.Sniffer's guess count: alone it splits "1,5;2,5" on
    commas, and gives up on short files. Text with one column (no delimiter at all) is
    read as comma-separated.

    Quoted fields may hold the delimiter and line breaks; line endings may be \\r\\n, \\n
    or an old Mac's \\r; a leading byte-order mark is dropped. csv.Error for text the csv
    module cannot split (a field over its size limit).
    """
    text = text.removeprefix("\ufeff")
    wanted = {_loose(name) for name in expected} - {""}
    scores = {d: _score(text, d, wanted) for d in DELIMITERS}
    ranked = sorted(DELIMITERS, key=lambda d: scores[d], reverse=True)
    delimiter = ranked[0]
    if scores[ranked[0]] == scores[ranked[1]]:
        # Only a tie asks csv.Sniffer (slow: it tries every character of the sample).
        sniffed = _sniffed(text)
        tied = [d for d in ranked if scores[d] == scores[ranked[0]]]
        delimiter = sniffed if sniffed in tied else tied[0]
    table = list(_reader(text, delimiter))
    return Table(table, delimiter, _decimal(table, delimiter))


def _reader(text: str, delimiter: str) -> Iterable[list[str]]:
    # newline=None reads \r\n and a lone \r as \n, as files.decode does, so text that did
    # not pass through it splits into the same rows.
    return csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)


def _loose(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.strip().casefold()).strip("_")


def _sniffed(text: str) -> str | None:
    sample = "\n".join(text.splitlines()[:_SAMPLE_ROWS])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


def _score(text: str, delimiter: str, wanted: set[str]) -> tuple[int, int, int, int]:
    try:
        sample = [
            row
            for row in itertools.islice(_reader(text, delimiter), _SAMPLE_ROWS)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error:
        return (-1, -1, -1, -1)
    named = max((len(wanted & {_loose(cell) for cell in row}) for row in sample), default=0)
    widths = Counter(len(row) for row in sample)
    # The most common width, the wider one on a tie.
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
    if width < 2:
        width = count = 0
    # Cells split wrongly hold another delimiter and are no number: "5;2" from "1,5;2,5"
    # split on commas; "1,5" split on ``;`` is a number.
    others = [d for d in DELIMITERS if d != delimiter]
    torn = sum(
        1
        for row in sample
        for cell in row
        if any(d in cell for d in others) and not _is_number(cell)
    )
    return (named, count, -torn, width)


def _is_number(text: str) -> bool:
    try:
        _parse(text, ".")
    except ValueError:
        return False
    return True


def _decimal(table: list[list[str]], delimiter: str) -> str:
    if delimiter == ";":
        return ","
    if delimiter == ",":
        return "."
    shown = {mark for row in table for cell in row if (mark := shows(cell))}
    return "," if shown == {","} else "."


def digits(text: str, decimal: str | None) -> str:
    """A number as written by a person, as plain number text: ``-1234567.89``.

    Thousands may be grouped by spaces (plain, U+00A0, U+202F, U+2009), apostrophes
    (' or ’), or by ``.`` or ``,`` where the other is the decimal mark; the decimal mark
    may be ``.`` or ``,``; a leading ``-``, ``+`` or Unicode minus U+2212 gives the sign;
    ``1.5e3`` keeps its exponent. Groups after the first hold three digits each.

    ``decimal`` (``.`` or ``,``) is used only for a number that cannot say itself which
    its one separator is ("1,234"); with None such a number raises AmbiguousNumber.
    ValueError for anything else that is not a number (text, "1,2,3", "12 34", "").

    The result keeps every digit written, so ``excel.precision`` reads from it the step
    the figure was published at: ``digits("1 234,50", ",")`` is ``"1234.50"``.
    """
    plain, _ = _parse(text, decimal)
    return plain


def number(text: str, decimal: str | None) -> float:
    """A number as written by a person (see :func:`digits`), as a finite float; ValueError
    otherwise, AmbiguousNumber (a ValueError) for "1,234" when ``decimal`` is None."""
    value = float(digits(text, decimal))
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def shows(text: str) -> str | None:
    """The decimal mark a number shows plainly: ``,`` for "1 234,5" or "1.234.567",
    ``.`` for "1234.5" or "2,345,678"; None for whole numbers without ``.`` or ``,``, for
    the ambiguous "1,234", and for what is no number."""
    if not any(mark in text for mark in MARKS):
        return None
    try:
        return _parse(text, None)[1]
    except ValueError:
        return None


def _parse(text: str, decimal: str | None) -> tuple[str, str | None]:
    """(plain number text, the decimal mark the text shows plainly or None)."""
    body = text.strip()
    sign = ""
    if body[:1] in _MINUS:
        sign, body = "-", body[1:]
    elif body[:1] == "+":
        body = body[1:]
    if simple := _SIMPLE.fullmatch(body):  # most cells: "1234", "1234.5", "1,234"
        head, mark, fraction = simple.group("head", "mark", "fraction")
        if mark is None:
            return sign + head, None
        return _one_mark(sign, head, mark, fraction, decimal, text)
    if scientific := _EXPONENT.fullmatch(body):
        # Scientific notation never groups thousands: its one mark is the decimal mark.
        whole, mark, fraction, exponent = scientific.group("whole", "mark", "fraction", "exp")
        point = f".{fraction}" if fraction else ""
        return f"{sign}{whole}{point}e{exponent}", mark
    if not _BODY.fullmatch(body):
        raise ValueError(f"not a number: {text!r}")
    separators = [ch for ch in body if not ch.isdigit()]
    last = separators[-1]
    if last in MARKS and separators.count(last) == 1:
        # "1 234,5", "1.234.567,89": the other separator groups thousands
        head, _, fraction = body.rpartition(last)
        grouping = set(separators[:-1])
        if len(grouping) > 1:
            raise ValueError(f"thousands grouped two ways: {text!r}")
        return f"{sign}{_ungrouped(head, grouping.pop(), text)}.{fraction}", last
    kinds = set(separators)
    if len(kinds) > 1:
        raise ValueError(f"thousands grouped two ways: {text!r}")
    group = kinds.pop()
    shown = ("," if group == "." else ".") if group in MARKS else None
    return sign + _ungrouped(body, group, text), shown


def _one_mark(
    sign: str, head: str, mark: str, fraction: str, decimal: str | None, text: str
) -> tuple[str, str | None]:
    """A number with one separator, a ``.`` or ``,``: its decimal mark unless it is
    followed by three digits after a possible first group ("1,234"), which ``decimal``
    resolves."""
    if len(fraction) != 3 or not _FIRST_GROUP.fullmatch(head):
        # "1234,567", "0,125", "12,5": no thousands group looks like that
        return f"{sign}{head}.{fraction}", mark
    if decimal is None:
        raise AmbiguousNumber(
            Phrase(
                N_(
                    "{text} could be {grouped} (a thousands separator) "
                    "or {decimal} (a decimal mark)"
                ),
                text=repr(text.strip()),
                grouped=f"{head}{fraction}",
                decimal=f"{head}.{fraction}",
            )
        )
    if decimal not in MARKS:
        raise ValueError(f"a decimal mark is . or ,: {decimal!r}")
    return (f"{sign}{head}.{fraction}" if decimal == mark else sign + head + fraction), None


def _ungrouped(whole: str, separator: str, text: str) -> str:
    """The digits of ``whole`` grouped by ``separator`` into a first group of one to three
    digits and groups of three; ValueError for any other grouping ("12 34", "1,2345")."""
    first, *groups = whole.split(separator)
    if not _FIRST_GROUP.fullmatch(first) or any(
        len(group) != 3 or not group.isdigit() for group in groups
    ):
        raise ValueError(f"thousands not grouped by three: {text!r}")
    return first + "".join(groups)
