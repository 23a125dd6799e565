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
    "currency",
    "basis",
    "source_id",
    "edition",
    "locator",
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
        """Every source the rows cite."""
        if "source_id" not in self.rows:
            return []
        return sorted(set(self.rows["source_id"].dropna()))


def series_rows(frame: pd.DataFrame, series: str | pd.Series) -> pd.DataFrame:
    """``frame``'s observations as series rows, named ``series``."""
    out = frame.assign(series=series)
    return out[ROW_COLUMNS].reset_index(drop=True)
