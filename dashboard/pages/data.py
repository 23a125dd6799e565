"""Data: every observation in a grid with its provenance; filters and sorting in the URL."""

from __future__ import annotations

import json

import dash_ag_grid as dag
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard import current_store, ui
from dashboard.views import DATA_COLUMNS, PARAMS, BadQuery, build_view, parse_query

PAGE = {"path": "/data", "name": "Data", "order": 4, "title": "Data - figures"}
FIELDS = ("reporter", "partner", "flow", "basis", "freq", "dataset", "editions")
NUMBER = {"value"}
DATES = {"period_start", "period_end"}
PINNED = {"reporter", "partner"}
WIDE = {
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
        spec = {"field": column, "headerName": column.replace("_", " ")}
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
    store = current_store()
    try:
        f = parse_query("data", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "data")
    codes = [{"label": "all", "value": "all"}, *ui.country_options(store.countries)]
    choices = {p.name: p.choices for p in PARAMS["data"]}
    view = build_view("data", {k: v for k, v in query.items()}, store)
    search = ui.view_search(view)
    return html.Div(
        [
            html.H1("All figures"),
            html.P(
                "Every observation with its basis, source and edition. Filter with the menus or "
                "in the grid's column headers; the link and the downloads keep both.",
                className="lead",
            ),
            html.Div(
                [
                    ui.dropdown("data", "reporter", "Reporter", codes, f["reporter"]),
                    ui.dropdown("data", "partner", "Partner", codes, f["partner"]),
                    ui.dropdown("data", "flow", "Flow", choices["flow"], f["flow"]),
                    ui.dropdown("data", "basis", "Basis", choices["basis"], f["basis"]),
                    ui.dropdown("data", "freq", "Frequency", choices["freq"], f["freq"]),
                    ui.dropdown(
                        "data", "dataset", "Dataset", choices["dataset"](store), f["dataset"]
                    ),
                    ui.radio("data", "editions", "Editions", ["all", "latest"], f["editions"]),
                ],
                className="controls",
            ),
            html.P(f"{len(view.rows):,} rows", id="data-count", className="summary"),
            dag.AgGrid(
                id="data-grid",
                columnDefs=_column_defs(f["grid"]),
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    "floatingFilter": True,
                    "filterParams": {"buttons": ["reset"], "maxNumConditions": 2},
                },
                rowModelType="infinite",
                filterModel=(f["grid"] or {}).get("filter") or {},
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


def rows_for(filters: dict, request: dict | None) -> tuple[dict, str, int]:
    """The grid's block of rows for a scroll request, the query string and the row count.

    Filtering and sorting run here, with the same function the export uses, so the
    grid and the workbook agree row for row.
    """
    store = current_store()
    request = request or {}
    grid = {"filter": request.get("filterModel") or {}, "sort": request.get("sortModel") or []}
    query = {k: str(v) for k, v in filters.items() if v is not None}
    if grid["filter"] or grid["sort"]:
        query["grid"] = json.dumps(grid, separators=(",", ":"))
    view = build_view("data", query, store)
    start, end = int(request.get("startRow", 0)), int(request.get("endRow", 200))
    block = view.rows.iloc[start:end].copy()
    for column in DATES:
        block[column] = block[column].dt.strftime("%Y-%m-%d")
    block = block.astype(object).where(block.notna(), None)
    response = {"rowData": block.to_dict("records"), "rowCount": len(view.rows)}
    return response, ui.view_search(view), len(view.rows)


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
    try:
        response, search, count = rows_for(dict(zip(FIELDS, values, strict=True)), request)
    except BadQuery as error:
        return {"rowData": [], "rowCount": 0}, "", f"Cannot filter: {error}", "", ""
    return (response, search, f"{count:,} rows", *ui.export_links("data", search))


ui.page_clientside(
    ClientsideFunction(namespace="figures", function_name="refreshGrid"),
    Output("data-grid-refreshed", "data"),
    *[Input(f"data-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)


ui.register_url_sync("data")
