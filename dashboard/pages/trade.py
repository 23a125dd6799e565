"""Trade: a bilateral series, both reporters (reported and mirror) and the press claims."""

from __future__ import annotations

from dataclasses import asdict, fields

from dash import ALL, Input, Output, ctx, dcc, html, no_update

from dashboard import auth, text, ui
from dashboard.context import served
from dashboard.coverage import Offer
from dashboard.figures import trade_figure
from dashboard.queries import TradeQuery, options, read
from loaders import fetch as official_api
from loaders.errors import LoadError

PAGE = {"path": "/trade", "name": "Trade", "order": 1, "title": "Trade - figures"}
FIELDS = tuple(TradeQuery.model_fields)
OFFER_FIELDS = tuple(field.name for field in fields(Offer))


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&partner=RUS&freq=YTD&months=5."""
    store = served().store
    q = read(TradeQuery, query, store)
    figure, search, notes, _, _, offers = render(q.model_dump())
    offers = offer_buttons(offers)
    countries = ui.country_options(store.countries)

    def choices(name: str, labels: dict[str, str]) -> list[dict]:
        return ui.labelled(options(TradeQuery, name, store), labels)

    months = [{"label": text.months_span(m), "value": m} for m in range(1, 13)]
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
                    ui.dropdown("trade", "reporter", "Reporter", countries, q.reporter),
                    ui.dropdown("trade", "partner", "Partner", countries, q.partner),
                    ui.radio("trade", "flow", "Flow", choices("flow", text.FLOW_LABELS), q.flow),
                    ui.radio("trade", "freq", "Periods", choices("freq", text.FREQ_LABELS), q.freq),
                    ui.dropdown("trade", "months", "Like for like", months, q.months),
                    ui.radio("trade", "currency", "Currency", choices("currency", {}), q.currency),
                    ui.radio("trade", "unit", "Units", choices("unit", text.UNIT_LABELS), q.unit),
                    ui.radio(
                        "trade",
                        "editions",
                        "Editions",
                        choices("editions", text.EDITION_LABELS),
                        q.editions,
                    ),
                ],
                className="controls",
            ),
            dcc.Graph(
                id="trade-graph",
                figure=figure,
                config=ui.graph_config("trade"),
            ),
            html.Div(notes, id="trade-notes"),
            html.Div(offers, id="trade-fetch"),
            html.Div(id="trade-fetch-status", role="status"),
            ui.export_bar("trade", search),
            ui.provenance("trade"),
            *ui.url_sync("trade", search),
        ]
    )


def render(values: dict) -> tuple:
    """Figure, query string, notes, export links and the official figures an API could
    add, for the controls' values (memoised)."""
    return ui.memoised("trade", values, lambda: _render(values))


def _render(values: dict) -> tuple:
    view = ui.controls_view("trade", values)
    figure = trade_figure(view, served().store.source_records)
    return (
        figure,
        view.search,
        ui.notes(view.notes),
        *ui.export_links("trade", view.search),
        view.extra["fetch"],
    )


def offer_buttons(offers: list[Offer]) -> list:
    """'Get official figures' for each empty side an official API covers: for editors
    (anyone in local mode); a reader is told who can."""
    if not offers:
        return []
    if not auth.current().may("editor"):
        return [html.P("An editor can get these figures from the IMF's API.", className="hint")]
    return [
        html.Button(
            offer.label,
            id={"type": "trade-fetch", **_offer_id(offer)},
            className="button fetch",
            n_clicks=0,
        )
        for offer in offers
    ]


def _offer_id(offer: Offer) -> dict[str, str]:
    # The button's id carries its offer, so the click needs no state.
    return asdict(offer)


def get_official(offer: Offer, by: str) -> str:
    """Fetch ``offer`` from the publisher's API and keep it as an official dataset; the
    words for the user either way (the reason, in one line, when it could not be done)."""
    try:
        frames = official_api.fetch(
            offer.publisher,
            offer.reporter,
            offer.partner,
            offer.start,
            offer.end,
            offer.freq,
            progress=lambda _line: None,
        )
        name = f"{offer.publisher.upper()} {offer.reporter}-{offer.partner} {offer.span}"
        info = served().workspace.save(
            name,
            frames,
            str(frames.sources.url.iloc[0]),
            f"{offer.publisher} API",
            by,
            official=True,
        )
    except (official_api.FetchError, LoadError) as error:
        return f"Could not get the figures: {error}"
    return (
        f"Kept {text.count(info.observations, 'official figure')} as the dataset "
        f"'{info.name}'; reload the page to see them."
    )


@ui.page_callback(
    Output("trade-fetch-status", "children"),
    Input({"type": "trade-fetch", **dict.fromkeys(OFFER_FIELDS, ALL)}, "n_clicks"),
    prevent_initial_call=True,
)
def fetch_clicked(clicks):
    """A 'Get official figures' button: an editor's right, as on the Upload page."""
    user = auth.require("editor")
    trigger = ctx.triggered_id
    if not trigger or not any(clicks):
        return no_update
    offer = Offer(**{name: str(trigger[name]) for name in OFFER_FIELDS})
    return get_official(offer, user.name)


@ui.page_callback(
    Output("trade-graph", "figure"),
    Output("trade-query", "data"),
    Output("trade-notes", "children"),
    Output("trade-export-xlsx", "href"),
    Output("trade-export-csv", "href"),
    Output("trade-fetch", "children"),
    *[Input(f"trade-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed: redraw and move the URL and export links with them."""
    *shown, offers = render(dict(zip(FIELDS, values, strict=True)))
    # The buttons depend on who asks, so they are not part of the memoised render.
    return (*shown, offer_buttons(offers))


ui.register_provenance("trade")
ui.register_url_sync("trade")
