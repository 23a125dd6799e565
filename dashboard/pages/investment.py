"""Investment: an announced package, its total and its sectors (amounts as disclosed)."""

from __future__ import annotations

from dash import html

from dashboard import text, ui
from dashboard.context import served
from dashboard.figures import investment_figure
from dashboard.i18n import N_, _
from dashboard.views import build_view

PAGE = {
    "path": "/investment",
    "name": N_("Investment"),
    "order": 3,
    "title": N_("Investment - figures"),
}
SECTORS_BOX = 1  # the figure's annotations: its source line, then the sectors named


def _sectors_table(sectors, language: str) -> html.Table:
    """Each named sector, its words in the source, and its amount or 'not disclosed'."""
    rows = []
    for row in sectors.itertuples():
        disclosed = row.amount == row.amount  # NaN where the source gives no amount
        rows.append(
            html.Tr(
                [
                    html.Td(text.data_text(row.sector)),
                    html.Td(row.sector_original or "", dir="rtl", lang=language),
                    html.Td(
                        text.money(row.amount, row.currency, "mn")
                        if disclosed
                        else text.NOT_DISCLOSED,
                        className="" if disclosed else "missing",
                    ),
                ]
            )
        )
    return html.Table(
        [
            html.Thead(
                html.Tr([html.Th(_("Sector")), html.Th(_("In the source")), html.Th(_("Amount"))])
            ),
            html.Tbody(rows),
        ],
        className="sectors",
        id="investment-sectors",
    )


def layout(**query) -> html.Div:
    """The package for ?deal=<id> (the first one by default)."""
    store = served().store
    view = build_view("investment", query, store)
    if view.rows.empty:
        return html.Div([html.H1(_("Investment packages")), html.P(_("No packages loaded."))])
    deal, sectors = view.extra["deal"], view.extra["sectors"]
    source = store.source_records[deal["source_id"]]
    sector_source = store.source_records[sectors.source_id.iloc[0]] if len(sectors) else source
    figure = investment_figure(view, store.source_records)
    # On a small screen the sectors' box leaves the plot (the table under it lists them).
    boxed = {f"annotations[{SECTORS_BOX}].visible": False, "xaxis.domain": [0, 1]}
    figure, caption, sources = ui.chart_parts(figure, view, boxed if figure.data else None)
    return html.Div(
        [
            html.H1(text.data_text(deal["title"])),
            html.P(
                _(
                    "Parties: {party_a} and {party_b} · status: {status} · announced total "
                    "{amount}. The source names the sectors but not how the total splits between "
                    "them, so no amount is shown per sector."
                ).format(
                    party_a=text.country(deal["party_a"]),
                    party_b=text.country(deal["party_b"]),
                    status=deal["status"],
                    amount=text.money(deal["total_value"], deal["currency"], "mn", digits=0),
                ),
                className="lead",
            ),
            ui.chart("investment-graph", figure, caption, sources, "investment"),
            ui.chart_table("investment", *ui.chart_rows(view)),
            ui.provenance("investment"),
            _sectors_table(sectors, sector_source["language"]),
            html.H2(_("What the source says")),
            ui.quote_block(source),
            ui.quote_block(sector_source),
            html.P(ui.press_citation(source), className="cite"),
            html.Div(ui.notes(view.notes)),
            ui.export_bar("investment", view.search),
        ]
    )


ui.register_provenance("investment")
