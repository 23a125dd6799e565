"""Claims: every press figure against both countries' official figures, like for like."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import text, ui
from dashboard.claims import ClaimCheck, Grade, rate_range
from dashboard.context import served
from dashboard.export.brief import pair_view
from dashboard.figures import trade_figure
from dashboard.i18n import N_, _
from dashboard.periods import Comparison
from dashboard.store import Store
from dashboard.views import build_view

PAGE = {
    "path": "/claims",
    "name": N_("Claims"),
    "order": 1,
    "title": N_("Claims checker - figures"),
}
BADGE = {
    "matches": "badge ok",
    "consistent": "badge ok",
    "close": "badge close",
    "differs": "badge differs",
    "far off": "badge far",
    "no figure": "badge none",
    "not checked": "badge none",
}
# A badge shows its grade or status in the reader's language: the grades are marked in
# dashboard.claims (GRADES), a word check's own statuses here.
WORD_STATUSES = (N_("consistent"), N_("differs"), N_("not checked"))


def heading(claim) -> str:
    """A claim card's title: the pair, the flow and the claim's period, as
    'Kazakhstan-Russia turnover, 2022'."""
    sentence = {
        "export": _("{pair} export, {period}"),
        "import": _("{pair} import, {period}"),
        "turnover": _("{pair} turnover, {period}"),
    }[claim.flow]
    return sentence.format(
        pair=text.pair(claim.reporter, claim.partner), period=text.period_shown(claim.period)
    )


def _cite(sources: Mapping[str, Mapping], figure: Comparison) -> str:
    """Where a figure sits, how it was obtained (summed, derived), and, for a user's file,
    who uploaded it."""
    if not figure.source_id or figure.source_id not in sources:
        return ""
    source = sources[figure.source_id]
    if figure.origin == "upload":
        return f"{text.source_label(source)}; {figure.locator}"
    cite = text.figure_citation(source["publisher"], figure.edition, figure.locator)
    return cite + (f" ({text.how(figure.how)})" if figure.how != "published" else "")


def _figure_row(
    label: str,
    figure: Comparison,
    found: Grade,
    sources,
    currency: str,
    why: Mapping[str, str] | None = None,
):
    value: str | html.Span = (
        text.money(figure.value, currency, precision=figure.precision)
        if figure.value is not None
        else html.Span(
            [
                text.NO_OFFICIAL_FIGURE,
                html.Small(f" {(why or {}).get(figure.reporter, '')} "),
                dcc.Link(_("Load a table"), href="/upload"),
            ],
            className="missing",
        )
    )
    return html.Tr(
        [
            html.Th(label),
            html.Td(value),
            html.Td(text.relation(found.difference) if found.difference is not None else ""),
            html.Td(html.Span(_(found.kind), className=BADGE[found.kind])),
            html.Td(_cite(sources, figure), className="cite"),
        ]
    )


def _comparison_rows(check: ClaimCheck, sources: Mapping[str, Mapping]) -> list:
    currency = check.claim.currency
    rows = [
        _figure_row(text.reported_by(c.reporter), c, g, sources, currency, check.why)
        for c, g in zip(check.comparisons, check.grades, strict=True)
    ]
    rows += [
        _figure_row(
            text.uploaded_series(sources[str(c.source_id)], text.country(c.reporter)),
            c,
            g,
            sources,
            currency,
        )
        for c, g in zip(check.uploaded, check.uploaded_grades, strict=True)
    ]
    rows += [
        _figure_row(
            _("{series}, edition {edition}").format(
                series=text.reported_by(v.figure.reporter), edition=v.figure.edition
            ),
            v.figure,
            v.grade,
            sources,
            currency,
        )
        for v in check.vintages
    ]
    return rows


def _word_block(check: ClaimCheck) -> list:
    """The claim's qualitative words ("a record"), each checked against each series."""
    if not check.words:
        return []
    items = [
        html.Li(
            [
                html.Span(_(word.status), className=BADGE[word.status]),
                " " + _("“{word}”: {note}").format(word=word.word, note=word.note),
            ]
        )
        for word in check.words
    ]
    return [html.H3(_("What the claim's words say")), html.Ul(items, className="words")]


def _change_block(check: ClaimCheck, sources: Mapping[str, Mapping]) -> list:
    change = check.change
    if change is None:
        return []
    low, high = rate_range(change.rate, change.approx)
    base_label = text.period(change.base_start, change.base_end)
    currency = check.claim.currency
    items: list = [
        html.P(
            _(
                "Claimed change: {claimed} ({rate}, which the wording allows as {low} to "
                "{high}) on {period}."
            ).format(
                claimed=text.data_text(change.qualifier) or text.change(change.rate),
                rate=text.change(change.rate),
                low=text.change(low),
                high=text.change(high),
                period=base_label,
            )
            + (f" {text.data_text(change.note)}" if change.note else "")
        )
    ]
    if change.implied is None:
        items.append(html.P(change.reason, className="error"))
        return items
    implied = change.implied
    items.append(
        html.P(
            _(
                "Implied {period} value: {amount} (between {low} and {high} given the "
                "rounding and 'about')."
            ).format(
                period=base_label,
                amount=text.money(implied.value, currency),
                low=text.money(implied.low, currency),
                high=text.money(implied.high, currency),
            )
        )
    )
    rows = []
    for base in change.bases:
        growth = change.official_growth.get(base.reporter)
        if base.value is None:
            figure: str | html.Span = html.Span(
                _("no official {period} figure loaded").format(period=base_label),
                className="missing",
            )
            difference = ""
        else:
            inside = implied.low <= base.value <= implied.high
            money = text.money(base.value, base.currency, precision=base.precision)
            figure = (
                _("{amount} (within the implied range)")
                if inside
                else _("{amount} (outside the implied range)")
            ).format(amount=money)
            difference = text.change(implied.value / base.value - 1)
        official = (
            ""
            if growth is None or growth.rate is None
            else _("official change {rate}").format(rate=text.change(growth.rate))
        )
        rows.append(
            html.Tr(
                [
                    html.Th(
                        _("{country}, {period}").format(
                            country=text.country(base.reporter), period=base_label
                        )
                    ),
                    html.Td(figure),
                    html.Td(difference),
                    html.Td(official),
                    html.Td(_cite(sources, base), className="cite"),
                ]
            )
        )
    items.append(html.Table(html.Tbody(rows), className="comparison"))
    return items


def _chart(check: ClaimCheck, store: Store) -> html.Figure:
    """The claim's pair on the Trade view for the claim's own kind of period."""
    claim = check.claim
    view = pair_view(check, store)  # as the claim's one-page brief draws it
    figure = trade_figure(view, store.source_records)
    figure.update_layout(height=420, margin={"t": 70, "b": 130})
    figure, caption, sources = ui.chart_parts(figure, view)
    return ui.chart(f"claim-graph-{claim.source_id}", figure, caption, sources, "claims")


def _card(check: ClaimCheck, store: Store) -> html.Article:
    claim = check.claim
    sources = store.source_records
    source = sources[claim.source_id]
    qualifier = f" ({claim.qualifier})" if isinstance(claim.qualifier, str) else ""
    near = [
        html.Li(
            match.description
            + (f" = {text.money(match.value, match.unit)}" if match.unit != "%" else "")
            + f" ({match.why}) — "
            + (
                text.figure_citation(
                    sources[match.source_id]["publisher"], match.edition, match.locator
                )
                if match.source_id in sources
                else ""
            )
        )
        for match in check.near
    ]
    gap = []
    if check.mirror_gap is not None:
        first, second = check.comparisons
        gap = [
            html.P(
                _("Mirror gap: {second}'s figure is {gap} against {first}'s.").format(
                    second=text.country(second.reporter),
                    gap=text.change(check.mirror_gap),
                    first=text.country(first.reporter),
                )
                + " "
                + _(text.MIRROR_NOTE),
                className="note",
            )
        ]
    return html.Article(
        [
            html.H2(heading(claim)),
            html.P(
                [
                    html.Span(_("Press figure:") + " ", className="label"),
                    html.Strong(text.money(claim.value, claim.currency, precision=claim.precision)),
                    qualifier,
                    " · " + _("verdict:") + " ",
                    html.Span(check.verdict, className=BADGE[check.verdict_kind]),
                ],
                className="headline",
            ),
            ui.quote_block(source),
            html.Table(html.Tbody(_comparison_rows(check, sources)), className="comparison"),
            *gap,
            *_word_block(check),
            *_change_block(check, sources),
            html.H3(_("Possible explanations (figures that match the claim's digits)")),
            html.Ul(near)
            if near
            else html.P(_("None found in the loaded figures."), className="hint"),
            _chart(check, store),
            html.P(ui.press_citation(source), className="cite"),
            html.P(
                html.A(
                    _("Download this claim's one-page brief (PDF)"),
                    href=f"/brief.pdf?{urlencode({'claim': claim.source_id})}",
                    download="",
                    className="brief-link",
                )
            ),
        ],
        className="card claim",
        id=f"claim-{claim.source_id}",
    )


def layout(**query) -> html.Div:
    """One card per press claim."""
    store = served().store
    view = build_view("claims", query, store)
    checks = view.extra["checks"]
    return html.Div(
        [
            html.H1(_("Press claims checked against the statistics")),
            html.P(
                _(
                    "Each figure is compared only with official figures for exactly the same "
                    "months, from both countries. 'Consistent' means the official figure lies "
                    "within the rounding the claim itself states; otherwise the difference is "
                    "shown with its source. Near matches are possible explanations, never "
                    "verdicts."
                ),
                className="lead",
            ),
            html.Div([_card(check, store) for check in checks], id="claims-cards"),
            html.P(_("No press claims loaded.")) if not checks else None,
            ui.export_bar("claims", view.search),
        ]
    )
