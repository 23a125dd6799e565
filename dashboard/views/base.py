"""What every view is: rows (the Data sheet), a title, notes and a chart spec. No Dash."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.queries import PageQuery

# The columns of a series row, as the Trade, Partners and Overview views show them.
ROW_COLUMNS = [
    "series",
    "reporter",
    "reporter_name",
    "partner",
    "partner_name",
    "flow",
    "period",
    "period_start",
    "period_end",
    "freq",
    "value",
    "precision",
    "currency",
    "basis",
    "origin",
    "source_id",
    "edition",
    "locator",
    "converted_from",
    "rate_source_id",
    "note",
]


@dataclass
class View:
    """Everything a page shows for one query: rows, title, notes and a chart spec."""

    query: PageQuery
    rows: pd.DataFrame
    title: str
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    # A wide table for the native Excel chart: first column categories, then one column
    # per series; and the chart type ("line", "column", "bar").
    chart_table: pd.DataFrame | None = None
    chart_type: str = "column"
    chart_unit: str = ""
    # What a page needs beyond the rows (the claim checks, the deal, the partner count).
    extra: dict[str, Any] = field(default_factory=dict)
    sheet: str = "Data"  # the name of the workbook sheet that holds ``rows``

    @property
    def page(self) -> str:
        """The page this view belongs to."""
        return self.query.page

    @property
    def search(self) -> str:
        """The query string that reproduces this view."""
        return self.query.search()

    @property
    def source_ids(self) -> list[str]:
        """Every source the rows cite, the rate tables of converted figures included."""
        cited = [
            self.rows[column].dropna()
            for column in ("source_id", "rate_source_id")
            if column in self.rows
        ]
        return sorted({str(s) for column in cited for s in column})


def series_rows(frame: pd.DataFrame, series: str | pd.Series) -> pd.DataFrame:
    """``frame``'s observations as series rows, named ``series``."""
    out = frame.assign(series=series)
    for column in ("converted_from", "rate_source_id"):
        if column not in out:
            out[column] = None
    return out[ROW_COLUMNS].reset_index(drop=True)
