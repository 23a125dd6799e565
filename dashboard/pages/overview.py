"""Overview: the seed article's headline figures beside both countries' official figures."""

from __future__ import annotations

from dash import html

from dashboard import current_store, ui
from dashboard.views import BadQuery, headline_claims, parse_query

PAGE = {"path": "/", "name": "Overview", "order": 0, "title": "Trade and investment figures"}


def _claim_card(card: dict, sources, unit: str) -> html.Article:
    claim = card["claim"]
    source = sources.loc[claim.source_id]
    rows = []
    for c in card["comparisons"]:
        if c.value is None:
            figure = html.Span("no official figure loaded for this period", className="missing")
            cite = ""
        else:
            gap = (claim.value - c.value) / c.value
            figure = html.Span(
                [
                    ui.money(c.value, c.currency, unit),
                    html.Small(f" (press figure {gap:+.1%} against it)"),
                ]
            )
            publisher = sources.loc[c.source_id].publisher.split(",")[0]
            cite = f"{publisher}, edition {c.edition}; {c.locator}"
        rows.append(
            html.Tr(
                [
                    html.Th(f"Reported by {ui.name(c.reporter)}"),
                    html.Td(figure),
                    html.Td(cite, className="cite"),
                ]
            )
        )
    qualifier = f" ({claim.qualifier})" if isinstance(claim.qualifier, str) else ""
    return html.Article(
        [
            html.H2(
                f"{ui.name(claim.reporter)}-{ui.name(claim.partner)} {claim.flow}, {claim.period}"
            ),
            html.P(
                [
                    html.Span("Press figure: ", className="label"),
                    html.Strong(ui.money(claim.value, claim.currency, unit)),
                    qualifier,
                ],
                className="headline",
            ),
            ui.quote_block(source.quote, source.quote_en, source.language),
            html.Table(html.Tbody(rows), className="comparison"),
            html.P(
                ui.press_citation(source),
                className="cite",
            ),
        ],
        className="card",
    )


def _deal_card(deal, sectors, sources) -> html.Article:
    source = sources.loc[deal.source_id]
    return html.Article(
        [
            html.H2(f"{deal.title}"),
            html.P(
                [
                    html.Span("Announced total: ", className="label"),
                    html.Strong(f"${deal.total_value / 1e6:,.0f} mn"),
                    f" · status: {deal.status}",
                ],
                className="headline",
            ),
            html.P(
                f"{len(sectors)} sectors named; the split between them is not disclosed.",
                className="missing",
            ),
            ui.quote_block(source.quote, source.quote_en, source.language),
            html.P(html.A("See the package", href="/investment")),
            html.P(
                ui.press_citation(source),
                className="cite",
            ),
        ],
        className="card",
    )


def layout(**query) -> html.Div:
    """Headline cards: each press claim, each reporter's official figure, and the sources."""
    store = current_store()
    try:
        f = parse_query("overview", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "overview")
    sources = store.source_index
    cards = [_claim_card(card, sources, f["unit"]) for card in headline_claims(store)]
    deals = store.frames.deals
    for deal in deals.itertuples():
        sectors = store.frames.deal_sectors[store.frames.deal_sectors.deal_id == deal.deal_id]
        cards.append(_deal_card(deal, sectors, sources))
    search = ""
    return html.Div(
        [
            html.H1("Headline figures and what the statistics say"),
            html.P(
                "Figures from the press beside the official statistics of both countries for the "
                "same period. They rarely match exactly; the gap is shown, not hidden.",
                className="lead",
            ),
            html.Div(cards, className="cards", id="overview-cards"),
            ui.export_bar("overview", search),
        ]
    )
