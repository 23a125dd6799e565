"""The CSV export of a view: its rows, ISO dates, full-precision numbers, no formulas."""

from __future__ import annotations

import pandas as pd

from dashboard.views import View

# A spreadsheet opening a CSV runs a cell starting with one of these as a formula
# (OWASP "CSV injection"): '=cmd|...' or '=HYPERLINK(...)' from an uploaded file.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run prefixed by an apostrophe
    (shown as text, not run); numbers, dates and booleans are left as they are."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(
            series.dtype
        ):
            continue
        risky = series.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        if risky.any():
            out[column] = series.astype(object).where(~risky, "'" + series.astype(str))
    return out


def csv_text(view: View, sources: pd.DataFrame, version: str) -> str:
    """The view's rows as CSV (the sources are in the workbook; CSV holds one table)."""
    rows = neutralised(view.rows)
    return rows.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
