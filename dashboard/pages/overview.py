"""Overview: the seed article's headline figures beside both countries' official figures."""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard import text, ui
from dashboard.context import served
from dashboard.views import build_view
from dashboard.views.overview import Headline

PAGE = {"path": "/", "name": "Overview", "order": 0, "title": "Trade and investment figures"}


def _claim_card(headline: Headline, sources: Mapping[str, Mapping], unit: str) -> html.Article:
    claim = headline.claim
    source = sources[claim.source_id]
    rows = []
    for c in [*headline.comparisons, *headline.uploaded]:
        whose = text.country(c.reporter)
        if c.origin == "upload":
            label = text.uploaded_series(sources[str(c.source_id)], whose)
        else:
            label = text.reported_by(c.reporter)
        if c.value is None:
            figure = html.Span(
                [
                    text.NO_OFFICIAL_FIGURE,
                    html.Small(f" {headline.why.get(c.reporter, '')} "),
                    dcc.Link("Load a table", href="/upload"),
                    *ui.offer_buttons(
                        [headline.offers[c.reporter]] if c.reporter in headline.offers else []
                    ),
                ],
                className="missing",
            )
            cite = ""
        else:
            where = text.relation(claim.value / c.value - 1).removesuffix(" it")
            mine = "your uploaded figure" if c.origin == "upload" else f"{whose}'s figure"
            figure = html.Span(
                [
                    text.money(c.value, c.currency, unit, precision=c.precision),
                    html.Small(f" (the press figure is {where} {mine})"),
                ]
            )
            cited = sources[str(c.source_id)]
            cite = (
                text.source_label(cited)
                if c.origin == "upload"
                else text.figure_citation(cited["publisher"], c.edition, c.locator)
            )
        rows.append(html.Tr([html.Th(label), html.Td(figure), html.Td(cite, className="cite")]))
    qualifier = f" ({claim.qualifier})" if isinstance(claim.qualifier, str) else ""
    return html.Article(
        [
            html.H2(f"{text.pair(claim.reporter, claim.partner)} {claim.flow}, {claim.period}"),
            html.P(
                [
                    html.Span("Press figure: ", className="label"),
                    html.Strong(
                        text.money(claim.value, claim.currency, unit, precision=claim.precision)
                    ),
                    qualifier,
                ],
                className="headline",
            ),
            ui.quote_block(source),
            html.Table(html.Tbody(rows), className="comparison"),
            html.P(ui.press_citation(source), className="cite"),
        ],
        className="card",
    )


def _deal_card(deal, sectors: int, sources: Mapping[str, Mapping]) -> html.Article:
    source = sources[deal.source_id]
    return html.Article(
        [
            html.H2(deal.title),
            html.P(
                [
                    html.Span("Announced total: ", className="label"),
                    html.Strong(text.money(deal.total_value, deal.currency, "mn", digits=0)),
                    f" · status: {deal.status}",
                ],
                className="headline",
            ),
            html.P(
                f"{sectors} sectors named; the split between them is not disclosed.",
                className="missing",
            ),
            ui.quote_block(source),
            html.P(html.A("See the package", href="/investment")),
            html.P(ui.press_citation(source), className="cite"),
        ],
        className="card",
    )


def layout(**query) -> html.Div:
    """Headline cards: each press claim, each reporter's official figure, and the sources."""
    store = served().store
    view = build_view("overview", query, store)
    sources = store.source_records
    unit = view.extra["unit"]
    cards = [_claim_card(h, sources, unit) for h in view.extra["headlines"]]
    sectors = store.frames.deal_sectors.groupby("deal_id").size()
    cards += [
        _deal_card(deal, int(sectors.get(deal.deal_id, 0)), sources)
        for deal in store.frames.deals.itertuples()
    ]
    return html.Div(
        [
            html.H1("Headline figures and what the statistics say"),
            html.P(
                "Figures from the press beside the official statistics of both countries for the "
                "same period. They rarely match exactly; the gap is shown, not hidden.",
                className="lead",
            ),
            html.Div(cards, className="cards", id="overview-cards"),
            ui.export_bar("overview", view.search),
        ]
    )
