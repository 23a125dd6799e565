"""Reading workbooks with python-calamine, turning every failure into a LoadError; the
figures in them: numbers, full units, and the precision they were published at."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import numpy.typing as npt
import python_calamine

from loaders.errors import N_, LoadError

# Cells statisticians use for "no figure": nil, not available, not applicable.
NO_FIGURE = frozenset({"", "-", "–", "—", "…", "...", "..", "x", "х", "X", "Х", ":", "*"})
_NUMERIC_TEXT = re.compile(r"^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")

# A cell as calamine gives it ('' for a blank cell).
Cell = int | float | str | bool | time | date | datetime | timedelta
Row = list[Cell]
# calamine (Rust) reports some damaged files by panicking; pyo3 turns a panic into
# PanicException, which derives from BaseException, not Exception. Interrupts and running
# out of memory are not damage: they go on (the parse worker reports its memory limit).
_NOT_DAMAGE = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    """Open an .xls/.xlsx/.ods workbook; a damaged or foreign file is a LoadError."""
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except _NOT_DAMAGE:
        raise
    except BaseException as error:  # calamine raises several unrelated types, and panics
        raise LoadError(
            path, N_("a readable Excel workbook (.xls or .xlsx)"), details=[_reason(error)]
        ) from None


def read_sheet(workbook: python_calamine.CalamineWorkbook, name: str, path: Path) -> list[Row]:
    """All rows of a sheet as Python values ('' for blank cells); formulas as cached values."""
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except _NOT_DAMAGE:
        raise
    except BaseException as error:
        raise LoadError(
            path, N_("a readable sheet"), sheet=name, details=[_reason(error)]
        ) from None


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]


def text(value: object) -> str:
    """A cell as one-spaced text ('' for blank)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def number(value: object, path: Path, sheet: str, row: int, column: int) -> float | None:
    """A cell that must hold a number: the number, None for 'no figure', else LoadError.

    ``row`` and ``column`` are 0-based indexes into the sheet's rows.
    """
    if isinstance(value, (bool, date, datetime)):
        raise LoadError(path, N_("a number"), found=value, sheet=sheet, row=row + 1, column=column)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise LoadError(
                path, N_("a finite number"), found=value, sheet=sheet, row=row + 1, column=column
            )
        return float(value)
    stripped = _plain(value)
    if stripped in NO_FIGURE:
        return None
    # Numbers stored as text are common in re-saved files; only unambiguous forms pass.
    if _NUMERIC_TEXT.match(stripped):
        return float(stripped)
    raise LoadError(path, N_("a number"), found=value, sheet=sheet, row=row + 1, column=column)


def _plain(text: object) -> str:
    """Number text without the spaces (plain or non-breaking) that group its thousands."""
    return str(text).replace("\u00a0", "").replace(" ", "").strip()


def as_year(value: object) -> int | None:
    """A cell holding a plausible year (1900-2100) as number or text like '2021' / '2021 год'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    else:
        match = re.fullmatch(r"\s*((?:19|20|21)\d\d)\s*(?:год|г\.?)?\s*", str(value), re.I)
        if not match:
            return None
        year = int(match[1])
    return year if 1900 <= year <= 2100 else None


def full_units(values: npt.ArrayLike, scale: npt.ArrayLike = 1.0) -> npt.NDArray[np.float64]:
    """Values times ``scale`` (1000 for thousands; one scale, or one per value), rounded
    to the cent.

    The files carry at most five decimals of a thousand (or million) dollars, so rounding
    the product to cents gives exactly the published figure: 7,018,745.76433 thousand
    becomes 7,018,745,764.33 dollars, not 7,018,745,764.330001.
    """
    return np.round(np.asarray(values, dtype=float) * np.asarray(scale, dtype=float), 2)


# A double carries 15 significant decimal digits faithfully (DBL_DIG), and Excel keeps no
# more than 15 of what is typed: digits past the 15th are binary noise of a computed
# cell (869.1134000000001 for a published 869.1134), never something a publisher wrote.
_SIGNIFICANT_DIGITS = 15
# Values are kept to the cent (full_units): no figure is more precise than that.
_CENT = Decimal("0.01")


def published_decimals(figure: object) -> int:
    """How many decimals a figure was published with.

    A number written as text (a CSV field, a text cell, a YAML string, a Decimal read
    from one) has the decimals written: "123.40" has 2. A numeric cell has the decimals
    of its shortest repr (Python's ``repr(float)``) read to 15 significant digits:
    7018745.76433 has 5, 25631.0 has 0, 869.1134000000001 (a spreadsheet's sum) has 4.
    Never fewer than 0: "1.5e3" and 25600.0 count as whole units, not as hundreds.
    ValueError for anything that is not a plain number.
    """
    if isinstance(figure, bool):
        raise ValueError(f"not a number: {figure!r}")
    if isinstance(figure, (int, float)):
        written = Decimal(f"{figure:.{_SIGNIFICANT_DIGITS}g}").normalize()
    elif isinstance(figure, Decimal):
        written = figure
    else:
        try:
            written = Decimal(_plain(figure))
        except InvalidOperation:
            raise ValueError(f"not a number: {figure!r}") from None
    exponent = written.as_tuple().exponent
    if not isinstance(exponent, int):  # 'n' (NaN) or 'F' (infinity)
        raise ValueError(f"not a finite number: {figure!r}")
    return max(0, -exponent)


def precision(figure: object, scale: float | Decimal = 1) -> float:
    """The rounding step of a published figure, in full units: one unit of its last
    published decimal (:func:`published_decimals`) times the file's unit ``scale`` (1000
    for thousands), never finer than the cent its value is kept to (:func:`full_units`).

    This is the one rule for the ``precision`` of every figure a loader reads:
    7018745.76433 thousand USD -> 0.01 USD; 25631 million USD -> 1e6; 9141431 euros -> 1;
    "9.2" billion -> 1e8.
    """
    step = Decimal(1).scaleb(-published_decimals(figure)) * Decimal(str(scale))
    return float(max(step, _CENT))
