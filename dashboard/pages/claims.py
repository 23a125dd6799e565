"""Claims: every press figure against both countries' official figures, like for like."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import current_store, ui
from dashboard.analysis import MIRROR_NOTE, ClaimCheck, rate_range
from dashboard.figures import trade_figure
from dashboard.views import BadQuery, build_view

PAGE = {"path": "/claims", "name": "Claims", "order": 1, "title": "Claims checker - figures"}
BADGE = {"consistent": "badge ok", "differs": "badge differs", "no figure": "badge none"}


def _pct(value: float | None) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:+.1%}"


def _source(sources: pd.DataFrame, source_id: str | None, edition, locator) -> str:
    if not source_id or source_id not in sources.index:
        return ""
    publisher = str(sources.at[source_id, "publisher"]).split(",")[0]
    return f"{publisher}, edition {edition}; {locator}"


def _comparison_rows(check: ClaimCheck, sources: pd.DataFrame) -> list:
    currency = check.claim.currency
    rows = []
    for comparison, (status, difference) in zip(check.comparisons, check.statuses, strict=True):
        rows.append(
            html.Tr(
                [
                    html.Th(f"Reported by {ui.name(comparison.reporter)}"),
                    html.Td(
                        ui.money(comparison.value, currency)
                        if comparison.value is not None
                        else html.Span(
                            "no official figure loaded for this period", className="missing"
                        )
                    ),
                    html.Td(_pct(difference) if difference is not None else ""),
                    html.Td(html.Span(status, className=BADGE[status])),
                    html.Td(
                        _source(
                            sources, comparison.source_id, comparison.edition, comparison.locator
                        )
                        + (
                            f" ({comparison.how})" if comparison.how == "summed from months" else ""
                        ),
                        className="cite",
                    ),
                ]
            )
        )
    return rows


def _change_block(check: ClaimCheck, sources: pd.DataFrame) -> list:
    change = check.change
    if change is None:
        return []
    low, high = rate_range(change.rate, change.approx)
    base_label = build_label(change.base_start, change.base_end)
    items = [
        html.P(
            f"Claimed change: {change.qualifier or _pct(change.rate)} ({_pct(change.rate)}, "
            "which the "
            f"wording allows as {_pct(low)} to {_pct(high)}) on {base_label}."
        )
    ]
    if change.implied is None:
        items.append(html.P(change.reason, className="error"))
        return items
    implied = change.implied
    items.append(
        html.P(
            f"Implied {base_label} value: {ui.money(implied.value, check.claim.currency)} "
            f"(between {ui.money(implied.low, check.claim.currency)} and "
            f"{ui.money(implied.high, check.claim.currency)} given the rounding and 'about')."
        )
    )
    rows = []
    for base in change.bases:
        growth = change.official_growth.get(base.reporter)
        if base.value is None:
            text = html.Span(f"no official {base_label} figure loaded", className="missing")
            diff = ""
        else:
            inside = implied.low <= base.value <= implied.high
            where = "within" if inside else "outside"
            text = f"{ui.money(base.value, base.currency)} ({where} the implied range)"
            diff = _pct(implied.value / base.value - 1)
        official = (
            "" if growth is None or growth.rate is None else f"official change {_pct(growth.rate)}"
        )
        rows.append(
            html.Tr(
                [
                    html.Th(f"{ui.name(base.reporter)}, {base_label}"),
                    html.Td(text),
                    html.Td(diff),
                    html.Td(official),
                    html.Td(
                        _source(sources, base.source_id, base.edition, base.locator)
                        + (" (summed from months)" if base.how == "summed from months" else ""),
                        className="cite",
                    ),
                ]
            )
        )
    items.append(html.Table(html.Tbody(rows), className="comparison"))
    return items


def build_label(start, end) -> str:
    """'Jan-May 2021' or '2020' for a period."""
    from loaders.periods import label

    return label(pd.Timestamp(start).date(), pd.Timestamp(end).date())


def _chart(check: ClaimCheck, store) -> dcc.Graph:
    claim = check.claim
    months = claim.period_end.month
    query = {
        "reporter": claim.reporter,
        "partner": claim.partner,
        "flow": claim.flow,
        "freq": "A" if claim.freq == "A" else ("YTD" if claim.freq == "YTD" else "M"),
        "months": str(months),
        "currency": claim.currency,
    }
    view = build_view("trade", query, store)
    figure = trade_figure(view, ui.store_labels(store))
    figure.update_layout(height=420, margin={"t": 70, "b": 130})
    return dcc.Graph(
        figure=figure,
        config={"displaylogo": False},
        className="claim-chart",
        id=f"claim-graph-{claim.source_id}",
    )


def _card(check: ClaimCheck, store) -> html.Article:
    claim = check.claim
    sources = store.source_index
    source = sources.loc[claim.source_id]
    qualifier = f" ({claim.qualifier})" if isinstance(claim.qualifier, str) else ""
    near = [
        html.Li(
            f"{m.description}"
            + (f" = {ui.money(m.value, m.unit)}" if m.unit != "%" else "")
            + f" — {_source(sources, m.source_id, m.edition, m.locator)}"
        )
        for m in check.near
    ]
    gap = []
    if check.mirror_gap is not None:
        first, second = check.comparisons
        gap = [
            html.P(
                f"Mirror gap: {ui.name(second.reporter)}'s figure is "
                f"{_pct(check.mirror_gap)} against "
                f"{ui.name(first.reporter)}'s. {MIRROR_NOTE}",
                className="note",
            )
        ]
    return html.Article(
        [
            html.H2(
                f"{ui.name(claim.reporter)}-{ui.name(claim.partner)} {claim.flow}, {claim.period}"
            ),
            html.P(
                [
                    html.Span("Press figure: ", className="label"),
                    html.Strong(ui.money(claim.value, claim.currency)),
                    qualifier,
                    " · verdict: ",
                    html.Span(check.verdict, className=BADGE[check.verdict_kind]),
                ],
                className="headline",
            ),
            ui.quote_block(source.quote, source.quote_en, source.language),
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
    store = current_store()
    try:
        view = build_view("claims", query, store)
    except BadQuery as error:
        return ui.bad_query(error, "claims")
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
            ui.export_bar("claims", ""),
        ]
    )
