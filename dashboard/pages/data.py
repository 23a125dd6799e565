"""Data: every observation in a grid with its provenance; filters and sorting in the URL."""

from __future__ import annotations

import json

import dash_ag_grid as dag
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard import i18n, text, ui
from dashboard.context import served
from dashboard.errors import BadQuery, message
from dashboard.i18n import N_, _
from dashboard.queries import DataQuery, options, read
from dashboard.views import DATA_COLUMNS

PAGE = {"path": "/data", "name": N_("Data"), "order": 4, "title": N_("Data - figures")}
# The menus above the grid: every filter of the query but the grid's own model.
FIELDS = tuple(name for name in DataQuery.model_fields if name != "grid")
NUMBER = {"value"}
DATES = {"period_start", "period_end"}
PINNED = {"reporter", "partner"}
# The grid's column headers, translated where the grid is built (a column not named here
# is headed by its key).
HEADERS = {
    "reporter": N_("reporter"),
    "reporter_name": N_("reporter name"),
    "partner": N_("partner"),
    "partner_name": N_("partner name"),
    "flow": N_("flow"),
    "product": N_("product"),
    "classification": N_("HS edition"),
    "period": N_("period"),
    "period_start": N_("period start"),
    "period_end": N_("period end"),
    "freq": N_("freq"),
    "value": N_("value"),
    "precision": N_("precision"),
    "currency": N_("currency"),
    "basis": N_("basis"),
    "origin": N_("origin"),
    "approx": N_("approx"),
    "qualifier": N_("qualifier"),
    "dataset": N_("dataset"),
    "source_id": N_("source id"),
    "edition": N_("edition"),
    "is_latest": N_("is latest"),
    "locator": N_("locator"),
    "note": N_("note"),
}
# The pinned code columns stay narrow, so on a phone the grid has room for the rest.
WIDE = {
    "reporter": 110,
    "partner": 110,
    "reporter_name": 150,
    "partner_name": 170,
    "value": 170,
    "dataset": 230,
    "source_id": 280,
    "locator": 260,
    "note": 320,
}


def _column_defs(grid: dict | None) -> list[dict]:
    sort = {s.get("colId"): s.get("sort") for s in (grid or {}).get("sort", [])}
    defs = []
    for column in DATA_COLUMNS:
        header = _(HEADERS[column]) if column in HEADERS else column.replace("_", " ")
        spec: dict[str, object] = {"field": column, "headerName": header}
        if column in WIDE:
            spec["width"] = WIDE[column]
        if column in NUMBER:
            spec.update(
                filter="agNumberColumnFilter",
                type="rightAligned",
                valueFormatter={"function": "d3.format(',.2f')(params.value)"},
            )
        else:
            spec["filter"] = "agTextColumnFilter"
        if column in PINNED:
            spec["pinned"] = "left"
        if column in sort:
            spec["sort"] = sort[column]
        defs.append(spec)
    return defs


def layout(**query) -> html.Div:
    """The grid for a query string such as ?reporter=KAZ&basis=claim&grid={...}."""
    store = served().store
    q = read(DataQuery, query, store)
    _rows, search, count = rows_for(q.model_dump(exclude={"grid"}), q.grid)
    codes = [{"label": _("all"), "value": "all"}, *ui.country_options(store.countries)]

    def menu(name: str, label: str) -> html.Div:
        return ui.dropdown("data", name, label, options(DataQuery, name, store), getattr(q, name))

    return html.Div(
        [
            html.H1(_("All figures")),
            html.P(
                _(
                    "Every observation with its basis, source and edition. Filter with the menus "
                    "or in the grid's column headers; the link and the downloads keep both."
                ),
                className="lead",
            ),
            ui.filters(
                "data",
                [
                    ui.dropdown("data", "reporter", _("Reporter"), codes, q.reporter),
                    ui.dropdown("data", "partner", _("Partner"), codes, q.partner),
                    menu("flow", _("Flow")),
                    menu("basis", _("Basis")),
                    menu("freq", _("Frequency")),
                    menu("dataset", _("Dataset")),
                    ui.radio(
                        "data",
                        "editions",
                        _("Editions"),
                        options(DataQuery, "editions")[::-1],
                        q.editions,
                    ),
                ],
            ),
            html.P(count, id="data-count", className="summary"),
            dag.AgGrid(
                id="data-grid",
                columnDefs=_column_defs(q.grid),
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    "floatingFilter": True,
                    "filterParams": {"buttons": ["reset"], "maxNumConditions": 2},
                },
                rowModelType="infinite",
                filterModel=(q.grid or {}).get("filter") or {},
                dashGridOptions={
                    "cacheBlockSize": 200,
                    "maxBlocksInCache": 20,
                    "rowBuffer": 10,
                    "tooltipShowDelay": 300,
                },
                style={"height": "560px", "width": "100%"},
                className="ag-theme-alpine",
            ),
            ui.export_bar("data", search),
            *ui.url_sync("data", search),
            dcc.Store(id="data-grid-refreshed"),
        ]
    )


def rows_for(menus: dict, grid: dict | None, start: int = 0, end: int = 0) -> tuple[dict, str, str]:
    """Rows ``start``..``end`` of the view for the menus and the grid's filter and sort
    model, the query string that reproduces it, and its row count in words.

    Filtering and sorting run here, with the same view the export uses, so the grid and
    the workbook agree row for row.
    """
    values = dict(menus)
    if grid and (grid.get("filter") or grid.get("sort")):
        values["grid"] = json.dumps(grid, separators=(",", ":"))
    view = ui.controls_view("data", values)
    block = view.rows.iloc[start:end].copy()
    for column in DATES:
        block[column] = block[column].dt.strftime("%Y-%m-%d")
    block = block.astype(object).where(block.notna(), None)
    response = {"rowData": block.to_dict("records"), "rowCount": len(view.rows)}
    n = len(view.rows)
    count = i18n.ngettext("{n} row", "{n} rows", n).format(n=text.number(n))
    return response, view.search, count


@ui.page_callback(
    Output("data-grid", "getRowsResponse"),
    Output("data-query", "data"),
    Output("data-count", "children"),
    Output("data-export-xlsx", "href"),
    Output("data-export-csv", "href"),
    Input("data-grid", "getRowsRequest"),
    *[State(f"data-{name}", "value") for name in FIELDS],
)
def get_rows(request, *values):
    """The grid asks for a block of rows (on scroll, filter or sort)."""
    request = request or {}
    grid = {"filter": request.get("filterModel") or {}, "sort": request.get("sortModel") or []}
    start, end = int(request.get("startRow", 0)), int(request.get("endRow", 200))
    try:
        response, search, count = rows_for(dict(zip(FIELDS, values, strict=True)), grid, start, end)
    except BadQuery as error:
        # A filter the grid offers but the server cannot apply: say so where the count is.
        cannot = _("Cannot filter: {error}").format(error=message(error))
        return {"rowData": [], "rowCount": 0}, "", cannot, "", ""
    return (response, search, count, *ui.export_links("data", search))


ui.page_clientside(
    ClientsideFunction(namespace="figures", function_name="refreshGrid"),
    Output("data-grid-refreshed", "data"),
    *[Input(f"data-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)


ui.register_url_sync("data")
