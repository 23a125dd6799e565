"""Overview: the seed article's headline figures beside both countries' official figures."""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard import i18n, text, ui
from dashboard.context import served
from dashboard.i18n import N_, _
from dashboard.pages.claims import heading
from dashboard.views import build_view
from dashboard.views.overview import Headline

PAGE = {
    "path": "/",
    "name": N_("Overview"),
    "order": 0,
    "title": N_("Trade and investment figures"),
}


def _against(difference: float, whose: str | None) -> str:
    """Where the press figure stands against a country's figure (``whose``) or, with
    ``whose`` None, the user's uploaded one: "(the press figure is 1.7% below Russia's
    figure)". Equal within a twentieth of a percent, as ``text.relation`` reads it."""
    size = text.share(abs(difference))
    if whose is None:
        if abs(difference) < 0.0005:
            return _("(the press figure is equal to your uploaded figure)")
        if difference < 0:
            return _("(the press figure is {size} below your uploaded figure)").format(size=size)
        return _("(the press figure is {size} above your uploaded figure)").format(size=size)
    if abs(difference) < 0.0005:
        return _("(the press figure is equal to {country}'s figure)").format(country=whose)
    if difference < 0:
        sentence = _("(the press figure is {size} below {country}'s figure)")
    else:
        sentence = _("(the press figure is {size} above {country}'s figure)")
    return sentence.format(size=size, country=whose)


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
                    dcc.Link(_("Load a table"), href="/upload"),
                    *ui.offer_buttons(
                        [headline.offers[c.reporter]] if c.reporter in headline.offers else []
                    ),
                ],
                className="missing",
            )
            cite = ""
        else:
            mine = None if c.origin == "upload" else whose
            figure = html.Span(
                [
                    text.money(c.value, c.currency, unit, precision=c.precision),
                    html.Small(" " + _against(claim.value / c.value - 1, mine)),
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
            html.H2(heading(claim)),
            html.P(
                [
                    html.Span(_("Press figure:") + " ", className="label"),
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
            html.H2(text.data_text(deal.title)),
            html.P(
                [
                    html.Span(_("Announced total:") + " ", className="label"),
                    html.Strong(text.money(deal.total_value, deal.currency, "mn", digits=0)),
                    " · " + _("status: {status}").format(status=deal.status),
                ],
                className="headline",
            ),
            html.P(
                i18n.ngettext(
                    "{n} sector named; the split between them is not disclosed.",
                    "{n} sectors named; the split between them is not disclosed.",
                    sectors,
                ).format(n=text.number(sectors)),
                className="missing",
            ),
            ui.quote_block(source),
            html.P(html.A(_("See the package"), href="/investment")),
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
            html.H1(_("Headline figures and what the statistics say")),
            html.P(
                _(
                    "Figures from the press beside the official statistics of both countries "
                    "for the same period. They rarely match exactly; the gap is shown, not hidden."
                ),
                className="lead",
            ),
            html.Div(cards, className="cards", id="overview-cards"),
            ui.export_bar("overview", view.search),
        ]
    )
