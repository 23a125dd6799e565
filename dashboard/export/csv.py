"""The CSV export of a view: its rows, ISO dates, full-precision numbers."""

from __future__ import annotations

import pandas as pd

from dashboard.views import View


def csv_text(view: View, sources: pd.DataFrame, version: str) -> str:
    """The view's rows as CSV (the sources are in the workbook; CSV holds one table)."""
    return view.rows.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
