"""Trade: a bilateral series, both reporters (reported and mirror) and the press claims."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from dashboard import current_store, ui
from dashboard.figures import trade_figure
from dashboard.views import BadQuery, parse_query

PAGE = {"path": "/trade", "name": "Trade", "order": 1, "title": "Trade - figures"}
FIELDS = ("reporter", "partner", "flow", "freq", "months", "currency", "unit", "editions")
MONTHS = [
    {"label": f"Jan-{m}", "value": i}
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
]


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&partner=RUS&freq=YTD&months=5."""
    store = current_store()
    try:
        f = parse_query("trade", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "trade")
    countries = ui.country_options(store.countries)
    figure, search, notes, *_ = render(f)
    return html.Div(
        [
            html.H1("Trade between two countries"),
            html.P(
                "Each country's own figures (reported) beside its partner's figures for the same "
                "trade (mirror), with press claims as stars. Hover for the source, click for "
                "full provenance.",
                className="lead",
            ),
            html.Div(
                [
                    ui.dropdown("trade", "reporter", "Reporter", countries, f["reporter"]),
                    ui.dropdown("trade", "partner", "Partner", countries, f["partner"]),
                    ui.radio(
                        "trade",
                        "flow",
                        "Flow",
                        [
                            {"label": "Turnover", "value": "turnover"},
                            {"label": "Exports", "value": "export"},
                            {"label": "Imports", "value": "import"},
                        ],
                        f["flow"],
                    ),
                    ui.radio(
                        "trade",
                        "freq",
                        "Periods",
                        [
                            {"label": "Years", "value": "A"},
                            {"label": "Months", "value": "M"},
                            {"label": "Same months of each year", "value": "YTD"},
                        ],
                        f["freq"],
                    ),
                    ui.dropdown("trade", "months", "Like for like", MONTHS, f["months"]),
                    ui.radio("trade", "currency", "Currency", ["USD", "EUR"], f["currency"]),
                    ui.radio(
                        "trade",
                        "unit",
                        "Units",
                        [
                            {"label": "billions", "value": "bn"},
                            {"label": "millions", "value": "mn"},
                        ],
                        f["unit"],
                    ),
                    ui.radio(
                        "trade",
                        "editions",
                        "Editions",
                        [
                            {"label": "latest", "value": "latest"},
                            {"label": "all vintages", "value": "all"},
                        ],
                        f["editions"],
                    ),
                ],
                className="controls",
            ),
            dcc.Graph(
                id="trade-graph",
                figure=figure,
                config={
                    "displaylogo": False,
                    "toImageButtonOptions": {"filename": "trade", "scale": 2},
                },
            ),
            html.Div(notes, id="trade-notes"),
            ui.export_bar("trade", search),
            ui.provenance("trade"),
            *ui.url_sync("trade", search),
        ]
    )


def render(f: dict) -> tuple:
    """Figure, query string, notes and export links for filters ``f`` (memoised)."""
    return ui.memoised("trade", f, _render)


def _render(f: dict) -> tuple:
    """Figure, query string, notes and export links for filters ``f``."""
    store = current_store()
    view = ui.filtered_view("trade", f)
    search = ui.view_search(view)
    figure = trade_figure(view, ui.store_labels(store))
    return (figure, search, ui.notes(view.notes), *ui.export_links("trade", search))


@ui.page_callback(
    Output("trade-graph", "figure"),
    Output("trade-query", "data"),
    Output("trade-notes", "children"),
    Output("trade-export-xlsx", "href"),
    Output("trade-export-csv", "href"),
    *[Input(f"trade-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed: redraw and move the URL and export links with them."""
    return render(dict(zip(FIELDS, values, strict=True)))


ui.register_provenance("trade")
ui.register_url_sync("trade")
