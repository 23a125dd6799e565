"""Components every page shares: controls, export links, notes, provenance and errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, fields
from typing import Any, TypeVar

import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import MATCH, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from flask_wtf.csrf import generate_csrf

from dashboard import auth, i18n, text
from dashboard.context import served
from dashboard.coverage import Offer
from dashboard.errors import AppError, message
from dashboard.i18n import N_, _
from dashboard.views import View, build_view
from loaders import fetch as official_api
from loaders.countries import is_aggregate
from loaders.errors import LoadError

T = TypeVar("T")
CLICK_HINT = N_(
    "Tap a point or bar, or select a figure in the table under the chart and press Enter, "
    "to see where its number comes from."
)


def graph_config(filename: str | None = None) -> dcc.Graph.Config:
    """Every chart's toolbar: no plotly logo and no "share", which would upload the data to
    Plotly's cloud; ``filename`` names the PNG its camera saves."""
    config: dcc.Graph.Config = {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": ["sendDataToCloud"],
    }
    if filename is not None:
        config["toImageButtonOptions"] = {"filename": filename, "scale": 2}
    words = text.plotly_locale()
    if words is not None:  # month names on date axes and the toolbar in the reader's language
        config["locale"] = i18n.current()
        config["locales"] = {i18n.current(): words}
    return config


def _options(options: Iterable) -> list[dict]:
    """Dash options from plain values or ready {"label", "value"} dicts."""
    return [o if isinstance(o, dict) else {"label": str(o), "value": o} for o in options]


def labelled(values: Iterable[str], labels: Mapping[str, str]) -> list[dict]:
    """Options whose values come from a query model and whose words come from ``text``."""
    return [{"label": labels.get(value, value), "value": value} for value in values]


def dropdown(page: str, name: str, label: str, options: Iterable, value, **kwargs) -> html.Div:
    """A labelled dropdown whose id is '<page>-<name>'. The label has an id of its own:
    a11y.js names the dropdown's button by it (Dash 4 names it by its value alone)."""
    return html.Div(
        [
            html.Label(label, htmlFor=f"{page}-{name}", id=f"{page}-{name}-label"),
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


def radio(page: str, name: str, label: str, options: Iterable, value) -> html.Fieldset:
    """A row of radio buttons whose id is '<page>-<name>', named by its fieldset's legend
    (a11y.js drops the listbox roles Dash 4 wraps the native radios in)."""
    return html.Fieldset(
        [
            html.Legend(label),
            dcc.RadioItems(
                id=f"{page}-{name}", options=_options(options), value=value, inline=True
            ),
        ],
        className="control",
    )


def filters(page: str, controls: list) -> html.Div:
    """The page's controls; on a small screen they fold into a drawer behind a Filters
    button (app.css), so the chart comes first. a11y.js opens and closes it."""
    drawer: dict[str, Any] = {"aria-expanded": "false", "aria-controls": f"{page}-filters"}
    return html.Div(
        [
            html.Button(
                _("Filters"),
                type="button",
                className="filters-toggle",
                disable_n_clicks=True,
                **drawer,
            ),
            html.Div(controls, id=f"{page}-filters", className="controls"),
        ],
        className="filters",
    )


def country_options(pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """Dropdown options 'Name (CODE)', each name in the reader's language (the English
    names of ``pairs`` are not shown): countries first, then groups, each by the shown name."""
    shown = sorted((is_aggregate(code), text.country(code), code) for code, _name in pairs)
    return [
        {"label": text.country_option(code, name), "value": code} for _group, name, code in shown
    ]


IMAGE_FORMATS = ("png", "svg", "pdf")
# Pages whose view has a chart the image exports can draw.
CHART_PAGES = ("trade", "partners", "products", "investment", "overview", "claims")


def export_links(page: str, search: str, formats: tuple[str, ...] = ("xlsx", "csv")) -> list[str]:
    """Hrefs of the page's exports in ``formats`` for a query string."""
    tail = f"{search}&page={page}" if search else f"page={page}"
    return [f"/export.{fmt}?{tail}" for fmt in formats]


def export_bar(page: str, search: str) -> html.Div:
    """Download links for the view: the same URL works without the page. Each file is named
    by what it holds (the server says the name: ``download`` stays empty)."""
    xlsx, csv = export_links(page, search)
    links: list[html.A | html.Span] = [
        html.A(
            _("Download Excel (briefing, data, chart, sources)"),
            id=f"{page}-export-xlsx",
            href=xlsx,
            className="button",
            download="",
        ),
        html.A(
            _("Download CSV"),
            id=f"{page}-export-csv",
            href=csv,
            className="button secondary",
            download="",
        ),
    ]
    if page in CHART_PAGES:
        images = export_links(page, search, IMAGE_FORMATS)
        links.append(html.Span(" " + _("Chart image:") + " ", className="hint"))
        links += [
            html.A(
                fmt.upper(),
                id=f"{page}-export-{fmt}",
                href=href,
                className="button secondary",
                download="",
                title=_("The chart as {format}, with its title, unit and sources").format(
                    format=fmt.upper()
                ),
            )
            for fmt, href in zip(IMAGE_FORMATS, images, strict=True)
        ]
    return html.Div(links, className="export-bar")


def register_image_links(page: str) -> None:
    """The chart's image links follow the page's filters, in the browser."""
    page_clientside(
        ClientsideFunction(namespace="figures", function_name="imageLinks"),
        *[Output(f"{page}-export-{fmt}", "href") for fmt in IMAGE_FORMATS],
        Input(f"{page}-query", "data"),
        State(f"{page}-export-png", "id"),  # "trade-export-png": the page it is on
    )


def url_sync(page: str, search: str) -> list:
    """A store holding the page's query string and the browser URL kept in step with it."""
    return [dcc.Store(id=f"{page}-query", data=search), dcc.Store(id=f"{page}-url-synced")]


# Page callbacks are recorded here and attached to each app by create_app. Dash's global
# @callback hands its list to the first app that serves a request and then empties it, so
# a second app in the same process (tests, benchmarks) would get no page callbacks.
CALLBACKS: list[tuple[tuple, dict, Callable]] = []
CLIENTSIDE: list[tuple[tuple, dict]] = []


def page_callback(*args: Any, **kwargs: Any) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Record a server-side callback of a page (the function itself stays plain)."""

    def record(function: Callable[..., T]) -> Callable[..., T]:
        CALLBACKS.append((args, kwargs, function))
        return function

    return record


def page_clientside(*args: Any, **kwargs: Any) -> None:
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


def controls_view(page: str, values: Mapping[str, object]) -> View:
    """The page's view for the values of its controls, read like a query string."""
    query = {name: str(value) for name, value in values.items() if value is not None}
    return build_view(page, query, served().store)


def memoised(page: str, values: Mapping[str, object], compute: Callable[[], T]) -> T:
    """``compute()`` once per page and control values for the served store."""
    key = (page, tuple(sorted((k, str(v)) for k, v in values.items())))
    return served().store.memo(key, compute)


def register_provenance(page: str) -> None:
    """Choosing a point of the page's graph shows that number's full provenance: a click or
    tap on the chart, or Enter on its figure in the table under it (a11y.js hands the
    table's choice to the graph as a click)."""

    def show(click):
        return provenance_details(click, served().store.source_records)

    page_callback(Output(f"{page}-provenance", "children"), Input(f"{page}-graph", "clickData"))(
        show
    )


def notes(items: Iterable[str]) -> list:
    """Notes under a chart, one paragraph each."""
    return [html.P(note, className="note") for note in items]


def error_panel(error: AppError, page: str) -> html.Div:
    """What a page shows for a link it cannot show (never a traceback)."""
    return html.Div(
        [
            html.H2(_("This link cannot be shown")),
            html.P(message(error), className="error", id=f"{page}-error"),
            dcc.Link(_("Open the page with its default view"), href=f"/{page}" if page else "/"),
        ],
        className="bad-query",
    )


def provenance(page: str) -> html.Div:
    """The panel that shows a chosen point's full provenance; read out when it changes."""
    live: dict[str, Any] = {"aria-live": "polite"}
    return html.Div(
        html.P(_(CLICK_HINT), className="hint"),
        id=f"{page}-provenance",
        className="provenance",
        **live,
    )


def provenance_details(click: Mapping | None, sources: Mapping[str, Mapping]) -> list:
    """Full provenance of a clicked point: figure, basis, locator, citation, quote."""
    if not click or not click.get("points"):
        return [html.P(_(CLICK_HINT), className="hint")]
    data = click["points"][0].get("customdata") or []
    if len(data) < 6:
        return [html.P(_("No provenance for this mark."), className="hint")]
    period, exact, basis, _label, locator, source_id = data[:6]
    source = sources.get(source_id)
    if source is None:
        return [
            html.P(_("Source {source} is not loaded.").format(source=source_id), className="error")
        ]
    items = [
        html.H2(_("Where this number comes from")),
        html.Dl(
            [
                html.Dt(_("Figure")),
                html.Dd(f"{exact} ({period})"),
                html.Dt(_("Basis")),
                html.Dd(basis),
                html.Dt(_("Place in the source")),
                html.Dd(locator or "-"),
                html.Dt(_("Source")),
                html.Dd(text.citation(source)),
                html.Dt(_("Licence")),
                html.Dd(text.text_or(source.get("licence"), _("not stated"))),
                html.Dt(_("Note")),
                html.Dd(text.data_text(source.get("note")) or "-"),
            ]
        ),
    ]
    if isinstance(source.get("quote"), str):
        items.append(quote_block(source))
    return items


def quote_block(source: Mapping) -> html.Div:
    """A source's verbatim quote in its own language (right-to-left for Arabic) beside its
    rendering in the reader's language (the English rendering where the catalogue has none;
    no rendering for a reader of the quote's own language)."""
    language = source.get("language") if isinstance(source.get("language"), str) else ""
    rtl = language in ("ar", "fa", "he", "ur")
    quotes = [
        html.Blockquote(
            source.get("quote") or "",
            lang=language,
            dir="rtl" if rtl else "ltr",
            className="quote-original",
        )
    ]
    english = text.text_or(source.get("quote_en"), "")
    if english and language != i18n.current():
        rendering, lang = text.rendering(english)
        quotes.append(html.Blockquote(rendering, lang=lang, className="quote-en"))
    return html.Div(quotes, className="quote")


def press_citation(source: Mapping) -> list:
    """'Source: publisher, “title” [translation], 27 October 2022, paragraph 6.' for a press
    source; each title is isolated so an Arabic title does not reorder the words around it."""
    before, title, after = text.press_citation(source)
    parts = [before, html.Bdi(title, lang=source.get("language"))]
    if (translation := text.title_translation(source)) is not None:
        parts += ["” [", html.Bdi(translation[0], lang=translation[1]), "]"]
        after = after.removeprefix("”")
    return [*parts, after]


def user_box(_pathname: str | None = None) -> list:
    """Who is using the app, and (signed in) a way to sign out."""
    user = auth.current()
    if user.local:
        return [
            html.Span(
                _("{name} on this machine (no sign-in)").format(name=user.name), className="hint"
            )
        ]
    return [
        html.Span(
            _("Signed in as {name} ({role})").format(name=user.name, role=user.role) + " ",
            className="hint",
        ),
        html.Form(
            [
                dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                html.Button(_("Sign out"), type="submit", className="button secondary"),
            ],
            action="/logout",
            method="POST",
            className="sign-out",
        ),
    ]


page_callback(Output("user-box", "children"), Input("_pages_location", "pathname"))(user_box)


# ------------------------------------------------------------ official figures from an API

OFFER_FIELDS = tuple(field.name for field in fields(Offer))


def offer_buttons(offers: Iterable[Offer]) -> list:
    """'Get official figures' for each empty side an official API covers (coverage.Offer),
    each with the line that will say how it went: for editors (anyone in local mode); a
    reader is told who can."""
    offers = list(offers)
    if not offers:
        return []
    if not auth.current().may("editor"):
        return [html.P(_("An editor can get these figures from the IMF's API."), className="hint")]
    # Each id carries its offer, so a click needs no state.
    return [
        html.Div(
            [
                html.Button(
                    offer.label,
                    id={"type": "official-fetch", **asdict(offer)},
                    className="button fetch",
                    n_clicks=0,
                ),
                html.Span(id={"type": "official-fetch-status", **asdict(offer)}, role="status"),
            ],
            className="fetch-offer",
        )
        for offer in offers
    ]


def get_official(offer: Offer, by: str) -> str:
    """Fetch ``offer`` from the publisher's API and keep it as an official dataset of the
    workspace; the words for the user either way (the reason in one line when it could
    not be done)."""
    try:
        frames = official_api.fetch(
            offer.publisher,
            offer.reporter,
            offer.partner,
            offer.start,
            offer.end,
            offer.freq,
            # Someone is waiting at the page: two tries of 20 s, not the command line's four.
            attempts=2,
            timeout=20.0,
            progress=lambda _line: None,
        )
        info = served().workspace.save(
            f"{offer.publisher.upper()} {offer.reporter}-{offer.partner} {offer.span}",
            frames,
            str(frames.sources.url.iloc[0]),
            f"{offer.publisher} API",
            by,
            how="fetch",
        )
    except (official_api.FetchError, LoadError) as error:
        return _("Could not get the figures: {error}").format(error=message(error))
    return i18n.ngettext(
        "Kept {n} official figure as the dataset '{name}'; reload the page to see them.",
        "Kept {n} official figures as the dataset '{name}'; reload the page to see them.",
        info.observations,
    ).format(n=text.number(info.observations), name=info.name)


def _fetch_clicked(clicks: int | None) -> object:
    """A 'Get official figures' button: an editor's right, as on the Upload page."""
    user = auth.require("editor")
    trigger = ctx.triggered_id
    if not clicks or not isinstance(trigger, Mapping):
        return no_update
    offer = Offer(**{name: str(trigger[name]) for name in OFFER_FIELDS})
    return get_official(offer, user.name)


# One callback serves the buttons of every page (ids matched by their offer).
page_callback(
    Output({"type": "official-fetch-status", **dict.fromkeys(OFFER_FIELDS, MATCH)}, "children"),
    Input({"type": "official-fetch", **dict.fromkeys(OFFER_FIELDS, MATCH)}, "n_clicks"),
    prevent_initial_call=True,
)(_fetch_clicked)


# ------------------------------------------------- the chart, in words and as a table

# A change column's field (a key, not shown: its header is said in the reader's language).
CHANGE_SUFFIX = ": change on a year earlier, %"
CHART_KINDS = {"line": N_("Line chart"), "bar": N_("Bar chart"), "column": N_("Column chart")}
# Headers of the table's first column, by the view's name for it.
CATEGORY_HEADERS = {
    "period": N_("Period"),
    "partner": N_("Partner"),
    "package": N_("Package"),
    "label": N_("Label"),
    "year": N_("Year"),
}
_TAG = re.compile(r"<[^>]+>")
# The plot's layout on a narrow screen (app.css's breakpoint; a11y.js applies it): its title
# and the lines under it are shown as page text, which wraps where SVG text cannot.
NARROW_MARGIN = {"t": 40, "b": 40, "l": 50, "r": 16}


def chart(
    graph_id: str,
    figure: go.Figure,
    caption: list,
    sources: str,
    filename: str | None = None,
    kind: str = "",
) -> html.Figure:
    """A chart with its words (:func:`chart_parts`): the caption over it (its summary always,
    its title and subtitle on a small screen, where the plot drops them) and its sources
    line under it (on a small screen too); ``kind`` is an extra class for the page's styles."""
    return html.Figure(
        [
            html.Figcaption(caption, id=f"{graph_id}-caption", className="chart-caption"),
            dcc.Graph(id=graph_id, figure=figure, config=graph_config(filename)),
            html.P(sources, id=f"{graph_id}-sources", className="chart-sources"),
        ],
        className=f"chart {kind}".strip(),
    )


def chart_parts(
    figure: go.Figure, view: View, narrow: Mapping[str, Any] | None = None
) -> tuple[go.Figure, list, str]:
    """The figure ready for any screen (:func:`for_small_screens`), its caption (title,
    subtitle and a summary of what it shows: its text alternative, with the table under
    it) and its sources line."""
    return (for_small_screens(figure, narrow), *chart_words(figure, chart_summary(view)))


def _plain(markup: str | None) -> list[str]:
    """The lines of a plotly text ('Title<br><sup>unit</sup>'), without their tags."""
    lines = (_TAG.sub("", line).strip() for line in (markup or "").split("<br>"))
    return [line for line in lines if line]


def _notes_under(figure: go.Figure) -> list[int]:
    """The annotations under the plot (its source line): page text on a small screen."""
    return [
        i
        for i, note in enumerate(figure.layout.annotations)
        if note.yref == "paper" and note.y is not None and note.y < 0 and note.text
    ]


def chart_words(figure: go.Figure, summary: str) -> tuple[list, str]:
    """The figcaption (the chart's title and subtitle, then ``summary``) and the sources line
    under the chart, in the chart's own words."""
    title, *subtitle = _plain(figure.layout.title.text) or [""]
    caption = [
        html.Span(title, className="chart-title"),
        *[html.Span(line, className="chart-subtitle") for line in subtitle],
        html.Span(summary, className="chart-summary"),
    ]
    sources = " ".join(
        line for i in _notes_under(figure) for line in _plain(figure.layout.annotations[i].text)
    )
    return caption, sources


def for_small_screens(figure: go.Figure, narrow: Mapping[str, Any] | None = None) -> go.Figure:
    """``figure`` carrying, in ``layout.meta``, the layout a11y.js gives it on a narrow screen
    (no title, no notes under the plot, small margins, plus ``narrow``: plotly paths such as
    'xaxis.domain') and the layout it restores on a wide one."""
    settings: dict[str, Any] = {
        "title.text": "",
        **{f"margin.{side}": size for side, size in NARROW_MARGIN.items()},
        **{f"annotations[{i}].visible": False for i in _notes_under(figure)},
        **(narrow or {}),
    }
    wide = {path: figure.layout[path] for path in settings}
    figure.update_layout(meta={"narrow": settings, "wide": wide})
    return figure


def chart_summary(view: View) -> str:
    """What the chart shows, in two sentences: its kind and unit, then each line's latest
    figure (a bar chart's largest)."""
    kind = _(CHART_KINDS.get(view.chart_type, N_("Chart")))
    if getattr(view.query, "chart", None) == "treemap":
        kind = _("Treemap")
    table = view.chart_table
    if table is None or table.empty:
        return _("{kind}: no figures for this selection.").format(kind=kind)
    category = table.columns[0]
    facts = []
    for name in table.columns[1:]:
        values = table[[category, name]].dropna()
        if values.empty:
            continue
        if view.chart_type == "line":
            at, value = values.iloc[-1]
            facts.append(
                _("{series} {value} in {period}").format(
                    series=name, value=text.number(value, 2), period=text.period_shown(at)
                )
            )
        else:
            at, value = values.nlargest(1, name).iloc[0]
            facts.append(f"{at} {text.number(value, 2)}")
    said = (
        _("{kind} in {unit}. Latest: {facts}.")
        if view.chart_type == "line"
        else _("{kind} in {unit}. Largest: {facts}.")
    )
    return said.format(kind=kind, unit=view.chart_unit, facts="; ".join(facts))


def chart_rows(view: View) -> tuple[list[dict], list[dict]]:
    """The chart's figures as a table (rows, AG Grid columns): the same points as the chart,
    in its unit, and on the Trade page each line's change on a year earlier, in percent.

    Each column names, in its ``context``, the chart line its figures are points of:
    a11y.js finds a chosen figure's point there, for its provenance."""
    table = view.chart_table
    if table is None or table.empty:
        return [], []
    table = table.copy()
    category = str(table.columns[0])
    if view.page == "trade" and "change_pct" in view.rows:
        rows = view.rows[view.rows.series != text.PRESS_CLAIM]
        pivot = rows.pivot_table(
            index="period", columns="series", values="change_pct", aggfunc="first"
        )
        for name in pivot.columns:
            table[f"{name}{CHANGE_SUFFIX}"] = table[category].map(pivot[name] * 100)
    # Rounded as the chart's axis reads (two decimals; changes one), no formatter in the
    # browser: the page's Content-Security-Policy allows no code from strings.
    changed = [c for c in table.columns[1:] if str(c).endswith(CHANGE_SUFFIX)]
    figures = [c for c in table.columns[1:] if c not in changed]
    table[figures] = table[figures].round(2)
    table[changed] = table[changed].round(1)
    if category == "period":  # named as the chart's points name them (a11y.js matches them)
        table[category] = table[category].map(text.period_shown)
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    columns = [
        {
            "field": category,
            "headerName": _(CATEGORY_HEADERS[category])
            if category in CATEGORY_HEADERS
            else category.capitalize(),
            "pinned": "left",
            "context": {"category": True},
        }
    ]
    columns += [
        {
            "field": str(name),
            "headerName": _header(str(name), changed, view.chart_unit),
            "type": "numericColumn",
            "context": {"series": str(name).removesuffix(CHANGE_SUFFIX)},
        }
        for name in table.columns[1:]
    ]
    return records, columns


def _header(name: str, changed: list, unit: str) -> str:
    """A figure column's header: its line and unit, or the line's change on a year earlier."""
    if name in changed:
        series = name.removesuffix(CHANGE_SUFFIX)
        return _("{series}: change on a year earlier, %").format(series=series)
    return name if name == unit else f"{name}, {unit}"


def chart_table(page: str, records: list[dict], columns: list[dict]) -> html.Details:
    """Under every chart: the same figures (:func:`chart_rows`) as a sortable table, folded
    away until opened; it is also the chart's text alternative, and the keyboard's way to a
    point's provenance (Enter on a figure). On a small screen it scrolls inside itself."""
    return html.Details(
        [
            html.Summary(_("The chart's figures as a table")),
            dag.AgGrid(
                id=f"{page}-table",
                rowData=records,
                columnDefs=columns,
                defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 120},
                dashGridOptions={
                    "domLayout": "autoHeight",
                    # Series names are text, never paths into nested objects.
                    "suppressFieldDotNotation": True,
                    # One Tab stop: arrows move among the figures, Tab leaves the table.
                    "tabToNextHeader": {"function": "false"},
                    "tabToNextCell": {"function": "false"},
                },
                className="ag-theme-alpine",
                style={"width": "100%"},
            ),
        ],
        className="chart-table",
        id=f"{page}-table-box",
    )
