"""Reading workbooks with python-calamine, turning every failure into a LoadError."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import python_calamine

from loaders.errors import LoadError

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
            path, "a readable Excel workbook (.xls or .xlsx)", details=[_reason(error)]
        ) from None


def read_sheet(workbook: python_calamine.CalamineWorkbook, name: str, path: Path) -> list[Row]:
    """All rows of a sheet as Python values ('' for blank cells); formulas as cached values."""
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except _NOT_DAMAGE:
        raise
    except BaseException as error:
        raise LoadError(path, "a readable sheet", sheet=name, details=[_reason(error)]) from None


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
        raise LoadError(path, "a number", found=value, sheet=sheet, row=row + 1, column=column)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise LoadError(
                path, "a finite number", found=value, sheet=sheet, row=row + 1, column=column
            )
        return float(value)
    stripped = str(value).replace("\u00a0", "").replace(" ", "").strip()
    if stripped in NO_FIGURE:
        return None
    # Numbers stored as text are common in re-saved files; only unambiguous forms pass.
    if _NUMERIC_TEXT.match(stripped):
        return float(stripped)
    raise LoadError(path, "a number", found=value, sheet=sheet, row=row + 1, column=column)


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
