"""Claims: every press figure against both countries' official figures, like for like."""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard import text, ui
from dashboard.claims import ClaimCheck, rate_range
from dashboard.context import served
from dashboard.figures import trade_figure
from dashboard.periods import Comparison
from dashboard.store import Store
from dashboard.views import build_view

PAGE = {"path": "/claims", "name": "Claims", "order": 1, "title": "Claims checker - figures"}
BADGE = {"consistent": "badge ok", "differs": "badge differs", "no figure": "badge none"}
SUMMED = "summed from months"


def _cite(sources: Mapping[str, Mapping], figure: Comparison) -> str:
    """Where an official figure sits, and whether it was summed here from months."""
    if not figure.source_id or figure.source_id not in sources:
        return ""
    cite = text.figure_citation(
        sources[figure.source_id]["publisher"], figure.edition, figure.locator
    )
    return cite + (f" ({SUMMED})" if figure.how == SUMMED else "")


def _comparison_rows(check: ClaimCheck, sources: Mapping[str, Mapping]) -> list:
    currency = check.claim.currency
    rows = []
    for comparison, (status, difference) in zip(check.comparisons, check.statuses, strict=True):
        figure = (
            text.money(comparison.value, currency)
            if comparison.value is not None
            else html.Span(text.NO_OFFICIAL_FIGURE, className="missing")
        )
        rows.append(
            html.Tr(
                [
                    html.Th(text.reported_by(comparison.reporter)),
                    html.Td(figure),
                    html.Td(text.change(difference) if difference is not None else ""),
                    html.Td(html.Span(status, className=BADGE[status])),
                    html.Td(_cite(sources, comparison), className="cite"),
                ]
            )
        )
    return rows


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
            f"{text.change(high)}) on {base_label}."
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
            figure = f"{text.money(base.value, base.currency)} ({where} the implied range)"
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


def _chart(check: ClaimCheck, store: Store) -> dcc.Graph:
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
    figure = trade_figure(build_view("trade", query, store), store.source_records)
    figure.update_layout(height=420, margin={"t": 70, "b": 130})
    return dcc.Graph(
        figure=figure,
        config=ui.graph_config("claims"),
        className="claim-chart",
        id=f"claim-graph-{claim.source_id}",
    )


def _card(check: ClaimCheck, store: Store) -> html.Article:
    claim = check.claim
    sources = store.source_records
    source = sources[claim.source_id]
    qualifier = f" ({claim.qualifier})" if isinstance(claim.qualifier, str) else ""
    near = [
        html.Li(
            match.description
            + (f" = {text.money(match.value, match.unit)}" if match.unit != "%" else "")
            + " — "
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
                    html.Strong(text.money(claim.value, claim.currency)),
                    qualifier,
                    " · verdict: ",
                    html.Span(check.verdict, className=BADGE[check.verdict_kind]),
                ],
                className="headline",
            ),
            ui.quote_block(source),
            html.Table(html.Tbody(_comparison_rows(check, sources)), className="comparison"),
            *gap,
            *_change_block(check, sources),
            html.H3("Possible explanations (figures that match the claim's digits)"),
            html.Ul(near)
            if near
            else html.P("None found in the loaded figures.", className="hint"),
            _chart(check, store),
            html.P(ui.press_citation(source), className="cite"),
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
