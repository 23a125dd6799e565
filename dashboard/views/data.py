"""Data: every observation with its provenance, filtered by the menus and the grid."""

from __future__ import annotations

from dashboard import i18n
from dashboard.i18n import _
from dashboard.queries import DataQuery
from dashboard.store import Store
from dashboard.text import number
from dashboard.views.base import View
from dashboard.views.grid import apply_grid_model

DATA_COLUMNS = [
    "reporter",
    "reporter_name",
    "partner",
    "partner_name",
    "flow",
    "product",
    "classification",
    "period",
    "period_start",
    "period_end",
    "freq",
    "value",
    "precision",
    "currency",
    "basis",
    "origin",
    "approx",
    "qualifier",
    "dataset",
    "source_id",
    "edition",
    "is_latest",
    "locator",
    "note",
]
MENU_FILTERS = ("reporter", "partner", "flow", "basis", "freq", "dataset")


def data_view(query: DataQuery, store: Store) -> View:
    """Every observation matching the menus and the grid's own column filters."""
    obs = store.observations
    if query.editions == "latest":
        obs = obs[obs.is_latest]
    for name in MENU_FILTERS:
        wanted = getattr(query, name)
        if wanted != "all":
            obs = obs[obs[name] == wanted]
    rows = apply_grid_model(obs[DATA_COLUMNS].reset_index(drop=True), query.grid)
    chart = None
    if not rows.empty:
        counts = rows.groupby([rows.period_start.dt.year.rename("year"), "basis"]).size()
        chart = counts.unstack(fill_value=0).reset_index()
        chart["year"] = chart["year"].astype(str)
    return View(
        query,
        rows,
        i18n.ngettext("Observations: {n} row", "Observations: {n} rows", len(rows)).format(
            n=number(len(rows))
        ),
        subtitle=_("every figure in the ledger with its basis, source and edition"),
        chart_table=chart,
        chart_type="column",
        chart_unit=_("number of observations"),
    )
