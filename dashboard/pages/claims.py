"""Claims: every press figure against both countries' official figures, like for like."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import text, ui
from dashboard.claims import ClaimCheck, Grade, rate_range
from dashboard.context import served
from dashboard.figures import trade_figure
from dashboard.periods import Comparison
from dashboard.store import Store
from dashboard.views import build_view

PAGE = {"path": "/claims", "name": "Claims", "order": 1, "title": "Claims checker - figures"}
BADGE = {
    "matches": "badge ok",
    "consistent": "badge ok",
    "close": "badge close",
    "differs": "badge differs",
    "far off": "badge far",
    "no figure": "badge none",
    "not checked": "badge none",
}


def _cite(sources: Mapping[str, Mapping], figure: Comparison) -> str:
    """Where a figure sits, how it was obtained (summed, derived), and, for a user's file,
    who uploaded it."""
    if not figure.source_id or figure.source_id not in sources:
        return ""
    source = sources[figure.source_id]
    if figure.origin == "upload":
        return f"{text.source_label(source)}; {figure.locator}"
    cite = text.figure_citation(source["publisher"], figure.edition, figure.locator)
    return cite + (f" ({figure.how})" if figure.how != "published" else "")


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
                dcc.Link("Load a table", href="/upload"),
            ],
            className="missing",
        )
    )
    return html.Tr(
        [
            html.Th(label),
            html.Td(value),
            html.Td(text.relation(found.difference) if found.difference is not None else ""),
            html.Td(html.Span(found.kind, className=BADGE[found.kind])),
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
            f"{text.reported_by(v.figure.reporter)}, edition {v.figure.edition}",
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
                html.Span(word.status, className=BADGE[word.status]),
                f" “{word.word}”: {word.note}",
            ]
        )
        for word in check.words
    ]
    return [html.H3("What the claim's words say"), html.Ul(items, className="words")]


def _change_block(check: ClaimCheck, sources: Mapping[str, Mapping]) -> list:
    change = check.change
    if change is None:
        return []
    low, high = rate_range(change.rate, change.approx)
    base_label = text.period(change.base_start, change.base_end)
    currency = check.claim.currency
    items: list = [
        html.P(
            f"Claimed change: {change.qualifier or text.change(change.rate)} "
            f"({text.change(change.rate)}, which the wording allows as {text.change(low)} to "
            f"{text.change(high)}) on {base_label}." + (f" {change.note}" if change.note else "")
        )
    ]
    if change.implied is None:
        items.append(html.P(change.reason, className="error"))
        return items
    implied = change.implied
    items.append(
        html.P(
            f"Implied {base_label} value: {text.money(implied.value, currency)} "
            f"(between {text.money(implied.low, currency)} and "
            f"{text.money(implied.high, currency)} given the rounding and 'about')."
        )
    )
    rows = []
    for base in change.bases:
        growth = change.official_growth.get(base.reporter)
        if base.value is None:
            figure: str | html.Span = html.Span(
                f"no official {base_label} figure loaded", className="missing"
            )
            difference = ""
        else:
            inside = implied.low <= base.value <= implied.high
            where = "within" if inside else "outside"
            money = text.money(base.value, base.currency, precision=base.precision)
            figure = f"{money} ({where} the implied range)"
            difference = text.change(implied.value / base.value - 1)
        official = (
            ""
            if growth is None or growth.rate is None
            else f"official change {text.change(growth.rate)}"
        )
        rows.append(
            html.Tr(
                [
                    html.Th(f"{text.country(base.reporter)}, {base_label}"),
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
    query = {
        "reporter": claim.reporter,
        "partner": claim.partner,
        "flow": claim.flow,
        "freq": claim.freq,
        "months": str(claim.period_end.month),
        "currency": claim.currency,
    }
    view = build_view("trade", query, store)
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
                f"Mirror gap: {text.country(second.reporter)}'s figure is "
                f"{text.change(check.mirror_gap)} against "
                f"{text.country(first.reporter)}'s. {text.MIRROR_NOTE}",
                className="note",
            )
        ]
    return html.Article(
        [
            html.H2(f"{text.pair(claim.reporter, claim.partner)} {claim.flow}, {claim.period}"),
            html.P(
                [
                    html.Span("Press figure: ", className="label"),
                    html.Strong(text.money(claim.value, claim.currency, precision=claim.precision)),
                    qualifier,
                    " · verdict: ",
                    html.Span(check.verdict, className=BADGE[check.verdict_kind]),
                ],
                className="headline",
            ),
            ui.quote_block(source),
            html.Table(html.Tbody(_comparison_rows(check, sources)), className="comparison"),
            *gap,
            *_word_block(check),
            *_change_block(check, sources),
            html.H3("Possible explanations (figures that match the claim's digits)"),
            html.Ul(near)
            if near
            else html.P("None found in the loaded figures.", className="hint"),
            _chart(check, store),
            html.P(ui.press_citation(source), className="cite"),
            html.P(
                html.A(
                    "Download this claim's one-page brief (PDF)",
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
            html.H1("Press claims checked against the statistics"),
            html.P(
                "Each figure is compared only with official figures for exactly the same months, "
                "from both countries. 'Consistent' means the official figure lies within the "
                "rounding the claim itself states; otherwise the difference is shown with its "
                "source. Near matches are possible explanations, never verdicts.",
                className="lead",
            ),
            html.Div([_card(check, store) for check in checks], id="claims-cards"),
            html.P("No press claims loaded.") if not checks else None,
            ui.export_bar("claims", view.search),
        ]
    )
