"""Partners: a reporter's partners ranked for a year, with shares of its total."""

from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, State, html

from dashboard import i18n, text, ui
from dashboard.context import served
from dashboard.figures import partners_figure
from dashboard.i18n import N_, _
from dashboard.queries import PartnersQuery, options, read

PAGE = {"path": "/partners", "name": N_("Partners"), "order": 2, "title": N_("Partners - figures")}
FIELDS = tuple(PartnersQuery.model_fields)
TOP = (10, 20, 50, 300)


def layout(**query) -> html.Div:
    """The page for a query string such as ?reporter=KAZ&year=2021&chart=treemap."""
    store = served().store
    q = read(PartnersQuery, query, store)
    figure, caption, sources, search, notes, summary, _xlsx, _csv, records, columns = render(
        q.model_dump()
    )
    reporters = [(c, n) for c, n in store.countries if c in store.reporters]

    def choices(name: str, labels: Mapping[str, str]) -> list[dict]:
        return ui.labelled(options(PartnersQuery, name, store), labels)

    return html.Div(
        [
            html.H1(_("A reporter's trade partners")),
            html.P(
                _(
                    "Partners ranked by the reporter's own figures for one year (latest "
                    "edition). Groups such as the CIS, the EAEU or the EU are not ranked beside "
                    "countries."
                ),
                className="lead",
            ),
            ui.filters(
                "partners",
                [
                    ui.dropdown(
                        "partners",
                        "reporter",
                        _("Reporter"),
                        ui.country_options(reporters),
                        q.reporter,
                    ),
                    ui.dropdown(
                        "partners", "year", _("Year"), years(store, q.reporter), str(q.year)
                    ),
                    ui.radio(
                        "partners", "flow", _("Flow"), choices("flow", text.FLOW_LABELS), q.flow
                    ),
                    ui.dropdown(
                        "partners",
                        "dataset",
                        _("Source dataset"),
                        choices("dataset", {"auto": _("auto")}),
                        q.dataset,
                    ),
                    ui.dropdown(
                        "partners",
                        "top",
                        _("Show"),
                        [{"label": _("top {n}").format(n=n), "value": n} for n in TOP],
                        q.top,
                    ),
                    ui.radio(
                        "partners",
                        "chart",
                        _("Chart"),
                        choices("chart", text.CHART_LABELS),
                        q.chart,
                    ),
                    ui.radio(
                        "partners", "unit", _("Units"), choices("unit", text.UNIT_LABELS), q.unit
                    ),
                ],
            ),
            html.Div(summary, id="partners-summary", className="summary"),
            ui.chart("partners-graph", figure, caption, sources, "partners"),
            ui.chart_table("partners", records, columns),
            ui.provenance("partners"),
            html.Div(notes, id="partners-notes"),
            ui.export_bar("partners", search),
            *ui.url_sync("partners", search),
        ]
    )


def years(store, reporter: str) -> list[str]:
    """The years the reporter's figures name partners in, newest first (never a year the
    chart would be empty for)."""
    return [str(year) for year in reversed(store.partner_years(reporter))]


@ui.page_callback(
    Output("partners-year", "options"),
    Output("partners-year", "value"),
    Input("partners-reporter", "value"),
    State("partners-year", "value"),
    prevent_initial_call=True,
)
def reporter_years(reporter, year):
    """Another reporter: offer its years, keeping the chosen one where it has it."""
    offered = years(served().store, reporter)
    return offered, (year if year in offered else (offered[0] if offered else year))


def render(values: dict) -> tuple:
    """Figure, its caption and sources line, query string, notes, summary, export links and
    the chart's table (rows, columns) for the controls (memoised)."""
    return ui.memoised("partners", values, lambda: _render(values))


def _render(values: dict) -> tuple:
    view = ui.controls_view("partners", values)
    total, count = view.extra["total"], view.extra["partners"]
    currency = view.rows.currency.iloc[0] if not view.rows.empty else "USD"
    countries = i18n.ngettext("{n} partner country", "{n} partner countries", count).format(
        n=text.number(count)
    )
    summary = (
        _("Total with all partners: {total} · {countries}").format(
            total=text.money(total, currency, values["unit"]), countries=countries
        )
        if total is not None
        else _("{countries}; this source gives no world total").format(countries=countries)
    )
    figure = partners_figure(view, served().store.source_records)
    search = view.search
    return (
        # The share labels past the bars keep their room on a small screen too.
        *ui.chart_parts(figure, view, {"margin.r": figure.layout.margin.r}),
        search,
        ui.notes(view.notes),
        summary,
        *ui.export_links("partners", search),
        *ui.chart_rows(view),
    )


@ui.page_callback(
    Output("partners-graph", "figure"),
    Output("partners-graph-caption", "children"),
    Output("partners-graph-sources", "children"),
    Output("partners-query", "data"),
    Output("partners-notes", "children"),
    Output("partners-summary", "children"),
    Output("partners-export-xlsx", "href"),
    Output("partners-export-csv", "href"),
    Output("partners-table", "rowData"),
    Output("partners-table", "columnDefs"),
    *[Input(f"partners-{name}", "value") for name in FIELDS],
    prevent_initial_call=True,
)
def update(*values):
    """Controls changed: redraw and move the URL and export links with them."""
    return render(dict(zip(FIELDS, values, strict=True)))


ui.register_provenance("partners")
ui.register_url_sync("partners")
ui.register_image_links("partners")
