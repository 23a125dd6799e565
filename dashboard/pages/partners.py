"""Partners: a reporter's partners ranked for a year, with shares of its total."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from dashboard import current_store, ui
from dashboard.figures import partners_figure
from dashboard.views import PARAMS, BadQuery, parse_query

PAGE = {"path": "/partners", "name": "Partners", "order": 2, "title": "Partners - figures"}
FIELDS = ("reporter", "year", "flow", "dataset", "top", "chart", "unit")


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&year=2021&chart=treemap."""
    store = current_store()
    try:
        f = parse_query("partners", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "partners")
    reporters = [(c, n) for c, n in store.countries if c in store.reporters]
    years = next(p for p in PARAMS["partners"] if p.name == "year").choices(store)
    datasets = next(p for p in PARAMS["partners"] if p.name == "dataset").choices(store)
    figure, search, notes, summary, *_ = render(f)
    return html.Div(
        [
            html.H1("A reporter's trade partners"),
            html.P(
                "Partners ranked by the reporter's own figures for one year (latest edition). "
                "Groups such as the CIS, the EAEU or the EU are not ranked beside countries.",
                className="lead",
            ),
            html.Div(
                [
                    ui.dropdown(
                        "partners",
                        "reporter",
                        "Reporter",
                        ui.country_options(reporters),
                        f["reporter"],
                    ),
                    ui.dropdown("partners", "year", "Year", list(reversed(years)), f["year"]),
                    ui.radio(
                        "partners",
                        "flow",
                        "Flow",
                        [
                            {"label": "Turnover", "value": "turnover"},
                            {"label": "Exports", "value": "export"},
                            {"label": "Imports", "value": "import"},
                        ],
                        f["flow"],
                    ),
                    ui.dropdown("partners", "dataset", "Source dataset", datasets, f["dataset"]),
                    ui.dropdown(
                        "partners",
                        "top",
                        "Show",
                        [{"label": f"top {n}", "value": n} for n in (10, 20, 50, 300)],
                        f["top"],
                    ),
                    ui.radio(
                        "partners",
                        "chart",
                        "Chart",
                        [
                            {"label": "bars", "value": "bar"},
                            {"label": "treemap", "value": "treemap"},
                        ],
                        f["chart"],
                    ),
                    ui.radio(
                        "partners",
                        "unit",
                        "Units",
                        [
                            {"label": "billions", "value": "bn"},
                            {"label": "millions", "value": "mn"},
                        ],
                        f["unit"],
                    ),
                ],
                className="controls",
            ),
            html.Div(summary, id="partners-summary", className="summary"),
            dcc.Graph(id="partners-graph", figure=figure, config={"displaylogo": False}),
            html.Div(notes, id="partners-notes"),
            ui.export_bar("partners", search),
            ui.provenance("partners"),
            *ui.url_sync("partners", search),
        ]
    )


def render(f: dict) -> tuple:
    """Figure, query string, notes and export links for filters ``f`` (memoised)."""
    return ui.memoised("partners", f, _render)


def _render(f: dict) -> tuple:
    """Figure, query string, notes, summary line and export links for filters ``f``."""
    store = current_store()
    view = ui.filtered_view("partners", f)
    search = ui.view_search(view)
    total, count = view.extra["total"], view.extra["partners"]
    currency = view.rows.currency.iloc[0] if not view.rows.empty else "USD"
    summary = (
        f"Total with all partners: {ui.money(total, currency, f['unit'])} · "
        f"{count} partner countries"
        if total is not None
        else f"{count} partner countries; this source gives no world total"
    )
    dataset = view.extra["dataset"]
    source_note = store.sources[store.sources.dataset == dataset].note
    notes = [*view.notes, *source_note.head(1).tolist()]
    figure = partners_figure(view, ui.store_labels(store))
    return (figure, search, ui.notes(notes), summary, *ui.export_links("partners", search))


@ui.page_callback(
    Output("partners-graph", "figure"),
    Output("partners-query", "data"),
    Output("partners-notes", "children"),
    Output("partners-summary", "children"),
    Output("partners-export-xlsx", "href"),
    Output("partners-export-csv", "href"),
    *[Input(f"partners-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed: redraw and move the URL and export links with them."""
    return render(dict(zip(FIELDS, values, strict=True)))


ui.register_provenance("partners")
ui.register_url_sync("partners")
