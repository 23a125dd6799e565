"""Investment: an announced package, its total and its sectors (amounts as disclosed)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import current_store, ui
from dashboard.figures import investment_figure
from dashboard.views import BadQuery, build_view

PAGE = {"path": "/investment", "name": "Investment", "order": 3, "title": "Investment - figures"}


def layout(**query) -> html.Div:
    """The package for ?deal=<id> (the first one by default)."""
    store = current_store()
    try:
        view = build_view("investment", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "investment")
    if view.rows.empty:
        return html.Div([html.H1("Investment packages"), html.P("No packages loaded.")])
    deal, sectors = view.extra["deal"], view.extra["sectors"]
    deal_id = view.filters["deal"]
    source = store.source_index.loc[deal.source_id]
    sector_source = store.source_index.loc[sectors.source_id.iloc[0]] if len(sectors) else source
    figure = investment_figure(
        {**deal.to_dict(), "deal_id": deal_id}, sectors, ui.store_labels(store)
    )
    table = html.Table(
        [
            html.Thead(html.Tr([html.Th("Sector"), html.Th("In the source"), html.Th("Amount")])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(row.sector),
                            html.Td(
                                row.sector_original or "", dir="rtl", lang=sector_source.language
                            ),
                            html.Td(
                                "not disclosed"
                                if row.amount != row.amount
                                else ui.money(row.amount, row.currency, "mn"),
                                className="missing" if row.amount != row.amount else "",
                            ),
                        ]
                    )
                    for row in sectors.itertuples()
                ]
            ),
        ],
        className="sectors",
        id="investment-sectors",
    )
    search = ui.view_search(view)
    return html.Div(
        [
            html.H1(deal.title),
            html.P(
                f"Parties: {ui.name(deal.party_a)} and {ui.name(deal.party_b)} · "
                f"status: {deal.status} · "
                f"announced total ${deal.total_value / 1e6:,.0f} million. The source names the "
                "sectors but not how the total splits between them, so no amount is shown "
                "per sector.",
                className="lead",
            ),
            dcc.Graph(id="investment-graph", figure=figure, config={"displaylogo": False}),
            table,
            html.H3("What the source says"),
            ui.quote_block(source.quote, source.quote_en, source.language),
            ui.quote_block(sector_source.quote, sector_source.quote_en, sector_source.language),
            html.P(
                ui.press_citation(source),
                className="cite",
            ),
            html.Div(ui.notes(view.notes)),
            ui.export_bar("investment", search),
        ]
    )
