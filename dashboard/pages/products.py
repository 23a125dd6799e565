"""Products: what a reporter trades with a partner, by HS product, drilled down by click."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from dash import Input, Output, State, dcc, html, no_update

from dashboard import text, ui
from dashboard.context import served
from dashboard.figures import products_figure
from dashboard.i18n import N_, _
from dashboard.queries import ProductsQuery, options, read
from dashboard.views.products import LEVEL_NAMES, hs_name

PAGE = {
    "path": "/products",
    "name": N_("Products"),
    "order": 2.5,
    "title": N_("Products - figures"),
}
FIELDS = tuple(ProductsQuery.model_fields)
# Every control is a dropdown or radio (its value) but the drill-down, kept in a store.
PROPERTY = {name: "data" if name == "within" else "value" for name in FIELDS}
TOP = (10, 30, 100, 500)


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&partner=RUS&year=2021&within=26."""
    store = served().store
    q = read(ProductsQuery, query, store)
    parts = render(q.model_dump())
    summary = store.products.summary

    def choices(name: str, labels: Mapping[str, str]) -> list[dict]:
        return ui.labelled(options(ProductsQuery, name, store), labels)

    reporters = [(code, code) for code in sorted(set(summary.reporter))]
    partners = [(code, code) for code in options(ProductsQuery, "partner", store) if code != "WLD"]
    return html.Div(
        [
            html.H1(_("What is traded: products")),
            html.P(
                _(
                    "A reporter's exports or imports by Harmonized System (HS) product, from "
                    "sections down to six-digit subheadings. Tap a tile, or a code in the "
                    "table, to look inside it."
                ),
                className="lead",
            ),
            ui.filters(
                "products",
                [
                    ui.dropdown(
                        "products",
                        "reporter",
                        _("Reporter"),
                        ui.country_options(reporters),
                        q.reporter,
                    ),
                    ui.dropdown(
                        "products",
                        "partner",
                        _("Partner"),
                        [{"label": _("World"), "value": "WLD"}, *ui.country_options(partners)],
                        q.partner,
                    ),
                    ui.radio(
                        "products", "flow", _("Flow"), choices("flow", text.FLOW_LABELS), q.flow
                    ),
                    ui.dropdown("products", "year", _("Year"), years(q.reporter), q.year),
                    ui.dropdown(
                        "products",
                        "dataset",
                        _("Source dataset"),
                        choices("dataset", {"auto": _("auto")}),
                        q.dataset,
                    ),
                    ui.dropdown(
                        "products",
                        "top",
                        _("Show"),
                        [{"label": _("top {n}").format(n=n), "value": n} for n in TOP],
                        q.top,
                    ),
                    ui.radio(
                        "products", "unit", _("Units"), choices("unit", text.UNIT_LABELS), q.unit
                    ),
                ],
            ),
            dcc.Store(id="products-within", data=q.within),
            html.Nav(
                parts[11],
                id="products-path",
                className="breadcrumb",
                **_named(_("Product levels")),
            ),
            html.Div(parts[5], id="products-summary", className="summary"),
            ui.chart("products-graph", parts[0], parts[1], parts[2], "products"),
            html.Div(parts[10], id="products-ranked", className="ranked"),
            ui.chart_table("products", parts[8], parts[9]),
            ui.provenance("products"),
            html.Div(parts[4], id="products-notes"),
            ui.export_bar("products", parts[3]),
            *ui.url_sync("products", parts[3]),
        ]
    )


def years(reporter: str) -> list[dict]:
    """The years the reporter's product figures cover, newest first."""
    summary = served().store.products.summary
    held = sorted(
        {y for ys in summary[summary.reporter == reporter].years for y in ys}, reverse=True
    )
    return [{"label": str(y), "value": y} for y in held]


@ui.page_callback(
    Output("products-year", "options"),
    Output("products-year", "value"),
    Input("products-reporter", "value"),
    State("products-year", "value"),
    prevent_initial_call=True,
)
def reporter_years(reporter, year):
    """Another reporter: offer its years, keeping the chosen one where it has it."""
    offered = [o["value"] for o in years(reporter)]
    return years(reporter), (year if year in offered else (offered[0] if offered else year))


@ui.page_callback(
    Output("products-within", "data"),
    Input("products-graph", "clickData"),
    State("products-within", "data"),
    prevent_initial_call=True,
)
def drill(click, within):
    """A tile chosen (tapped, or Enter on its figure in the table): look inside it. A
    six-digit subheading opens its partners; a partner is as far as it goes."""
    points = (click or {}).get("points") or []
    data = points[0].get("customdata") if points else None
    if not data or len(data) < 7:
        return no_update
    code = str(data[6])
    if within and len(within) == 6 and within.isdigit():
        return no_update  # the partners of a product: nothing inside them
    return code


def render(values: dict) -> tuple:
    """Figure, caption, sources line, query string, notes, summary, export links, the
    chart's table, the ranked table and the drill-down path for the controls (memoised)."""
    return ui.memoised("products", values, lambda: _render(values))


def _render(values: dict) -> tuple:
    view = ui.controls_view("products", values)
    extra = view.extra
    summary = (
        _("Total of {count} items: {total} · {dataset}").format(
            count=text.number(extra["count"]),
            total=text.money(extra["total"], "USD", values["unit"]),
            dataset=extra["dataset"],
        )
        if extra["count"]
        else _("No product figures for this selection")
    )
    figure = products_figure(view, served().store.source_records)
    search = view.search
    return (
        *ui.chart_parts(figure, view),
        search,
        ui.notes(view.notes),
        summary,
        *ui.export_links("products", search),
        *ui.chart_rows(view),
        ranked_table(view),
        breadcrumb(view),
    )


def _link(view, within: str) -> str:
    """The page's address for the same view looking inside ``within``."""
    query = dict(view.query.model_dump())
    query["within"] = within
    shown = {k: str(v) for k, v in query.items() if v not in ("", None)}
    return "/products?" + urlencode(shown)


def breadcrumb(view) -> list:
    """Links up the drill-down path: all sections, the section, chapter, heading."""
    within = view.query.within
    nomenclature = served().store.nomenclature
    steps: list[tuple[str, str]] = [("", _("All sections"))]
    if within:
        chapter = within[:2] if within.isdigit() else None
        section = (
            nomenclature[(nomenclature.code == chapter)].section.iloc[0]
            if chapter is not None and (nomenclature.code == chapter).any()
            else (within if not within.isdigit() else None)
        )
        if section:
            steps.append((section, _("Section {section}").format(section=section)))
        for size in (2, 4, 6):
            if within.isdigit() and len(within) >= size:
                code = within[:size]
                name, _note = hs_name(nomenclature, view.extra.get("classification"), code)
                steps.append((code, f"{code} {name}" if name else code))
    items = []
    for index, (code, label) in enumerate(steps):
        last = index == len(steps) - 1
        items.append(
            html.Li(
                html.Span(label, **_current()) if last else dcc.Link(label, href=_link(view, code))
            )
        )
    return [html.Ol(items)]


def _figure(value: float, size: float) -> str:
    """A figure in the page's unit, or a dash where there is none."""
    return text.number(value / size, 2) if value == value else "-"  # NaN is not itself


def _named(label: str) -> dict[str, Any]:
    return {"aria-label": label}


def _current() -> dict[str, Any]:
    return {"aria-current": "page"}


def ranked_table(view) -> html.Div | html.P:
    """The level's items ranked, with shares and the change on the year before; a code is
    a link inside it (the keyboard's and screen reader's way down)."""
    rows = view.rows
    if rows.empty:
        return html.P(_("Nothing to rank for this selection."), className="hint")
    unit = text.UNITS[view.query.unit]
    level = view.extra["level"]
    header = [
        _("Rank"),
        _capital(_(LEVEL_NAMES[level])),
        view.chart_unit,
        _("Share, %"),
        _("A year earlier"),
        _("Change, %"),
        _("Source"),
    ]
    mirrored = bool(rows.mirror_value.notna().any())
    if mirrored:
        header.insert(6, _("Partner's own figure"))
    sources = served().store.source_records
    body = []
    for row in rows.itertuples():
        label = (
            f"{row.code} {row.name}"
            if level != "partner" and row.name
            else str(row.name or row.code)
        )
        cell = label if level == "partner" else dcc.Link(label, href=_link(view, str(row.code)))
        mirror = (
            [html.Td(_figure(row.mirror_value, unit.size), className="num")] if mirrored else []
        )
        body.append(
            html.Tr(
                [
                    html.Td(str(row.rank)),
                    html.Td(cell, className="name"),
                    html.Td(text.number(row.value / unit.size, 2), className="num"),
                    html.Td(text.share(row.share), className="num"),
                    html.Td(_figure(row.previous_value, unit.size), className="num"),
                    html.Td(
                        text.number(row.change_pct * 100, 1)
                        if row.change_pct == row.change_pct and row.change_pct is not None
                        else "-",
                        className="num",
                    ),
                    *mirror,
                    html.Td(
                        text.source_label(sources.get(row.source_id, {"publisher": row.source_id}))
                    ),
                ]
            )
        )
    return html.Div(
        html.Table(
            [
                html.Caption(view.title),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                html.Tbody(body),
            ],
            className="ranked-table",
        ),
        className="table-scroll",
        tabIndex=0,
        role="region",
        **_named(_("Ranked products")),
    )


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


@ui.page_callback(
    Output("products-graph", "figure"),
    Output("products-graph-caption", "children"),
    Output("products-graph-sources", "children"),
    Output("products-query", "data"),
    Output("products-notes", "children"),
    Output("products-summary", "children"),
    Output("products-export-xlsx", "href"),
    Output("products-export-csv", "href"),
    Output("products-table", "rowData"),
    Output("products-table", "columnDefs"),
    Output("products-ranked", "children"),
    Output("products-path", "children"),
    *[Input(f"products-{name}", PROPERTY[name]) for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed or a tile chosen: redraw and move the URL and export links along."""
    return render(dict(zip(FIELDS, values, strict=True)))


ui.register_provenance("products")
ui.register_url_sync("products")
ui.register_image_links("products")
