"""The CSV export of a view: its rows, ISO dates, full-precision numbers, no formulas."""

from __future__ import annotations

import pandas as pd

from dashboard.views import View

# A spreadsheet opening a CSV runs a cell starting with one of these as a formula
# (OWASP "CSV injection"): '=cmd|...' or '=HYPERLINK(...)' from an uploaded file.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    # A lone carriage return inside a cell is not quoted by the CSV writer (the file's lines
    # end in \n) and readers take it for the end of a row: write the line break as \n.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run prefixed by an apostrophe
    (shown as text, not run) and line breaks inside cells as \n; numbers, dates and
    booleans are left as they are."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(
            series.dtype
        ):
            continue
        out[column] = series.astype(object).map(_safe)
    return out


def csv_text(view: View, sources: pd.DataFrame, version: str) -> str:
    """The view's rows as CSV (the sources are in the workbook; CSV holds one table)."""
    rows = neutralised(view.rows)
    return rows.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
