"""Components every page shares: controls, export links, notes, provenance and errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd
from dash import ClientsideFunction, Input, Output, dcc, html

from dashboard.figures import source_label
from dashboard.views import BadQuery, View, citation, query_string


def labels(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> short label for charts."""
    return {row.source_id: source_label(row._asdict()) for row in sources.itertuples(index=False)}


def store_labels(store) -> dict[str, str]:
    """The short source labels of a store, computed once per store."""
    return store.memo(("source-labels",), lambda: labels(store.sources))


def _options(options: Iterable) -> list[dict]:
    """Dash options from plain values or ready {"label", "value"} dicts."""
    return [o if isinstance(o, dict) else {"label": str(o), "value": o} for o in options]


def dropdown(page: str, name: str, label: str, options: Iterable, value, **kwargs) -> html.Div:
    """A labelled dropdown whose id is '<page>-<name>'."""
    return html.Div(
        [
            html.Label(label, htmlFor=f"{page}-{name}"),
            dcc.Dropdown(
                id=f"{page}-{name}",
                options=_options(options),
                value=value,
                clearable=False,
                **kwargs,
            ),
        ],
        className="control",
    )


def radio(page: str, name: str, label: str, options: Iterable, value) -> html.Div:
    """A labelled row of radio buttons whose id is '<page>-<name>'."""
    return html.Div(
        [
            html.Label(label),
            dcc.RadioItems(
                id=f"{page}-{name}", options=_options(options), value=value, inline=True
            ),
        ],
        className="control",
    )


def country_options(pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """Dropdown options 'Name (CODE)'."""
    return [{"label": f"{name} ({code})", "value": code} for code, name in pairs]


def export_links(page: str, search: str) -> list:
    """Hrefs of the page's Excel and CSV exports for a query string."""
    tail = f"{search}&page={page}" if search else f"page={page}"
    return [f"/export.xlsx?{tail}", f"/export.csv?{tail}"]


def export_bar(page: str, search: str) -> html.Div:
    """Download links for the view: the same URL works without the page."""
    xlsx, csv = export_links(page, search)
    return html.Div(
        [
            html.A(
                "Download Excel (data, chart, sources)",
                id=f"{page}-export-xlsx",
                href=xlsx,
                className="button",
                download=f"figures-{page}.xlsx",
            ),
            html.A(
                "Download CSV",
                id=f"{page}-export-csv",
                href=csv,
                className="button secondary",
                download=f"figures-{page}.csv",
            ),
            html.Span(" The chart's camera icon saves it as PNG.", className="hint"),
        ],
        className="export-bar",
    )


def url_sync(page: str, search: str) -> list:
    """A store holding the page's query string and the browser URL kept in step with it."""
    return [dcc.Store(id=f"{page}-query", data=search), dcc.Store(id=f"{page}-url-synced")]


# Page callbacks are recorded here and attached to each app by create_app. Dash's global
# @callback hands its list to the first app that serves a request and then empties it, so
# a second app in the same process (tests, benchmarks) would get no page callbacks.
CALLBACKS: list[tuple[tuple, dict, Callable]] = []
CLIENTSIDE: list[tuple[tuple, dict]] = []


def page_callback(*args, **kwargs):
    """Record a server-side callback of a page (the function itself stays plain)."""

    def record(function: Callable) -> Callable:
        CALLBACKS.append((args, kwargs, function))
        return function

    return record


def page_clientside(*args, **kwargs) -> None:
    """Record a clientside callback of a page."""
    CLIENTSIDE.append((args, kwargs))


def attach_callbacks(app) -> None:
    """Give ``app`` every recorded page callback."""
    for args, kwargs, function in CALLBACKS:
        app.callback(*args, **kwargs)(function)
    for args, kwargs in CLIENTSIDE:
        app.clientside_callback(*args, **kwargs)


def register_url_sync(page: str) -> None:
    """Push the page's query string into the address bar (in the browser, no reload)."""
    page_clientside(
        ClientsideFunction(namespace="figures", function_name="syncUrl"),
        Output(f"{page}-url-synced", "data"),
        Input(f"{page}-query", "data"),
    )


def filtered_view(page: str, filters: Mapping) -> View:
    """The page's view for filters taken from its controls."""
    from dashboard import current_store
    from dashboard.views import build_view

    query = {k: str(v) for k, v in filters.items() if v is not None}
    return build_view(page, query, current_store())


def memoised(page: str, filters: Mapping, compute):
    """``compute(filters)`` once per page and filters for the served store."""
    from dashboard import current_store

    key = (page, tuple(sorted((k, str(v)) for k, v in filters.items())))
    return current_store().memo(key, lambda: compute(filters))


def register_provenance(page: str) -> None:
    """Clicking a point of the page's graph shows that number's full provenance."""

    def show(click):
        from dashboard import current_store

        return provenance_details(click, current_store().sources)

    page_callback(Output(f"{page}-provenance", "children"), Input(f"{page}-graph", "clickData"))(
        show
    )


def notes(items: Iterable[str]) -> list:
    """Notes under a chart, one paragraph each."""
    return [html.P(text, className="note") for text in items]


def bad_query(error: BadQuery, page: str) -> html.Div:
    """What a page shows for a query string it cannot show (never a traceback)."""
    return html.Div(
        [
            html.H2("This link cannot be shown"),
            html.P(str(error), className="error", id=f"{page}-error"),
            dcc.Link("Open the page with its default view", href=f"/{page}"),
        ],
        className="bad-query",
    )


def provenance(page: str) -> html.Div:
    """The panel that shows a clicked point's full provenance."""
    return html.Div(
        html.P("Click a point or bar to see where its number comes from.", className="hint"),
        id=f"{page}-provenance",
        className="provenance",
    )


def provenance_details(click: Mapping | None, sources: pd.DataFrame) -> list:
    """Full provenance of a clicked point: figure, basis, locator, citation, quote."""
    if not click or not click.get("points"):
        return [
            html.P("Click a point or bar to see where its number comes from.", className="hint")
        ]
    data = click["points"][0].get("customdata") or []
    if len(data) < 6:
        return [html.P("No provenance for this mark.", className="hint")]
    period, exact, basis, _, locator, source_id = data[:6]
    index = sources.set_index("source_id")
    if source_id not in index.index:
        return [html.P(f"Source {source_id} is not loaded.", className="error")]
    source = index.loc[source_id]
    items = [
        html.H3("Where this number comes from"),
        html.Dl(
            [
                html.Dt("Figure"),
                html.Dd(f"{exact} ({period})"),
                html.Dt("Basis"),
                html.Dd(basis),
                html.Dt("Place in the source"),
                html.Dd(locator or "-"),
                html.Dt("Source"),
                html.Dd(citation({**source.to_dict(), "source_id": source_id})),
                html.Dt("Licence"),
                html.Dd(
                    source.get("licence")
                    if isinstance(source.get("licence"), str)
                    else "not stated"
                ),
                html.Dt("Note"),
                html.Dd(source.get("note") if isinstance(source.get("note"), str) else "-"),
            ]
        ),
    ]
    if isinstance(source.get("quote"), str):
        items.append(quote_block(source["quote"], source.get("quote_en"), source.get("language")))
    return items


def quote_block(quote: str, quote_en: str | None, language: str | None) -> html.Div:
    """A verbatim quote in its own language (right-to-left for Arabic) beside the English."""
    rtl = language in ("ar", "fa", "he", "ur")
    return html.Div(
        [
            html.Blockquote(
                quote, lang=language or "", dir="rtl" if rtl else "ltr", className="quote-original"
            ),
            html.Blockquote(quote_en or "", lang="en", className="quote-en"),
        ],
        className="quote",
    )


def view_search(view: View) -> str:
    """The query string that reproduces a view."""
    return query_string(view.page, view.filters)


def money(value: float | None, currency: str, unit: str = "bn") -> str:
    """'$24.62 bn' style text for cards."""
    if value is None or pd.isna(value):
        return "-"
    scale, word = (1e9, "bn") if unit == "bn" else (1e6, "mn")
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{value / scale:,.2f} {word}"


def name(code: str) -> str:
    """English display name of a country or aggregate code."""
    from loaders.countries import name_en

    return name_en(code)


def press_citation(source: pd.Series) -> list:
    """'Source: publisher, “title”, 27 October 2022, paragraph 6.' for a press source; the
    title is isolated so an Arabic title does not reorder the English around it."""
    return [
        f"Source: {source.publisher}, “",
        html.Bdi(source.title, lang=source.language),
        f"”, {pd.Timestamp(source.published):%d %B %Y}, {source.locator}.",
    ]
