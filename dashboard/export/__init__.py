"""Exports of a view, keyed by format: each renders the rows a page shows, with its sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.export.csv import csv_text
from dashboard.export.images import pdf_bytes, png_bytes, svg_bytes
from dashboard.export.xlsx import workbook_bytes
from dashboard.views import View


@dataclass(frozen=True)
class Exporter:
    """A format: its media type and the function that renders a view with its sources."""

    mimetype: str
    render: Callable[[View, pd.DataFrame, str], bytes | str]


EXPORTERS: dict[str, Exporter] = {
    "xlsx": Exporter(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook_bytes
    ),
    "csv": Exporter("text/csv; charset=utf-8", csv_text),
    # The page's chart at briefing size, its title, period, unit and sources printed on it.
    "png": Exporter("image/png", png_bytes),
    "svg": Exporter("image/svg+xml", svg_bytes),
    "pdf": Exporter("application/pdf", pdf_bytes),
}
