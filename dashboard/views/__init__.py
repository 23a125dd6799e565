"""What each page shows, as data: a typed query in, rows and a chart spec out. No Dash.

A page's layout, its callbacks and the /export.<fmt> routes all go through ``build_view``,
so the workbook holds exactly the rows the page shows for the same query string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dashboard import queries
from dashboard.store import Store
from dashboard.views.base import ROW_COLUMNS, View
from dashboard.views.claims import claims_view
from dashboard.views.data import DATA_COLUMNS, data_view
from dashboard.views.investment import investment_view
from dashboard.views.overview import overview_view
from dashboard.views.partners import partners_view
from dashboard.views.products import products_view
from dashboard.views.sources import sources_view
from dashboard.views.trade import trade_view

__all__ = ["DATA_COLUMNS", "ROW_COLUMNS", "VIEWS", "View", "build_view"]

VIEWS: dict[str, Callable[[Any, Store], View]] = {
    "overview": overview_view,
    "claims": claims_view,
    "trade": trade_view,
    "partners": partners_view,
    "products": products_view,
    "investment": investment_view,
    "data": data_view,
    "sources": sources_view,
}


def build_view(page: str, query: Mapping[str, Any], store: Store) -> View:
    """The view of ``page`` for a query string's parameters (BadQuery if it cannot be shown)."""
    parsed = queries.parse(page, query, store)
    return VIEWS[parsed.page](parsed, store)
