"""Trade: a bilateral series, both reporters (reported and mirror) and the press claims."""

from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, html

from dashboard import text, ui
from dashboard.context import served
from dashboard.figures import trade_figure
from dashboard.i18n import N_, _
from dashboard.queries import TradeQuery, options, read

PAGE = {"path": "/trade", "name": N_("Trade"), "order": 1, "title": N_("Trade - figures")}
FIELDS = tuple(TradeQuery.model_fields)


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&partner=RUS&freq=YTD&months=5."""
    store = served().store
    q = read(TradeQuery, query, store)
    figure, caption, sources, search, notes, _xlsx, _csv, offers, records, columns = render(
        q.model_dump()
    )
    offers = ui.offer_buttons(offers)
    countries = ui.country_options(store.countries)

    def choices(name: str, labels: Mapping[str, str]) -> list[dict]:
        return ui.labelled(options(TradeQuery, name, store), labels)

    months = [{"label": text.months_span(m), "value": m} for m in range(1, 13)]
    return html.Div(
        [
            html.H1(_("Trade between two countries")),
            html.P(
                _(
                    "Each country's own figures (reported) beside its partner's figures for the "
                    "same trade (mirror), with press claims as stars. Tap a point, or select its "
                    "figure in the table under the chart, for where it comes from."
                ),
                className="lead",
            ),
            ui.filters(
                "trade",
                [
                    ui.dropdown("trade", "reporter", _("Reporter"), countries, q.reporter),
                    ui.dropdown("trade", "partner", _("Partner"), countries, q.partner),
                    ui.radio("trade", "flow", _("Flow"), choices("flow", text.FLOW_LABELS), q.flow),
                    ui.radio(
                        "trade", "freq", _("Periods"), choices("freq", text.FREQ_LABELS), q.freq
                    ),
                    ui.dropdown("trade", "months", _("Like for like"), months, q.months),
                    ui.radio(
                        "trade", "currency", _("Currency"), choices("currency", {}), q.currency
                    ),
                    ui.radio(
                        "trade", "unit", _("Units"), choices("unit", text.UNIT_LABELS), q.unit
                    ),
                    ui.radio(
                        "trade",
                        "editions",
                        _("Editions"),
                        choices("editions", text.EDITION_LABELS),
                        q.editions,
                    ),
                ],
            ),
            ui.chart("trade-graph", figure, caption, sources, "trade"),
            ui.chart_table("trade", records, columns),
            ui.provenance("trade"),
            html.Div(notes, id="trade-notes"),
            html.Div(offers, id="trade-fetch"),
            ui.export_bar("trade", search),
            *ui.url_sync("trade", search),
        ]
    )


def render(values: dict) -> tuple:
    """Figure, its caption and sources line, query string, notes, export links, the official
    figures an API could add, and the chart's table (rows, columns), for the controls'
    values (memoised)."""
    return ui.memoised("trade", values, lambda: _render(values))


def _render(values: dict) -> tuple:
    view = ui.controls_view("trade", values)
    figure = trade_figure(view, served().store.source_records)
    return (
        *ui.chart_parts(figure, view),
        view.search,
        ui.notes(view.notes),
        *ui.export_links("trade", view.search),
        view.extra["fetch"],
        *ui.chart_rows(view),
    )


@ui.page_callback(
    Output("trade-graph", "figure"),
    Output("trade-graph-caption", "children"),
    Output("trade-graph-sources", "children"),
    Output("trade-query", "data"),
    Output("trade-notes", "children"),
    Output("trade-export-xlsx", "href"),
    Output("trade-export-csv", "href"),
    Output("trade-fetch", "children"),
    Output("trade-table", "rowData"),
    Output("trade-table", "columnDefs"),
    *[Input(f"trade-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed: redraw and move the URL and export links with them."""
    *shown, offers, records, columns = render(dict(zip(FIELDS, values, strict=True)))
    # The buttons depend on who asks, so they are not part of the memoised render.
    return (*shown, ui.offer_buttons(offers), records, columns)


ui.register_provenance("trade")
ui.register_url_sync("trade")
ui.register_image_links("trade")
