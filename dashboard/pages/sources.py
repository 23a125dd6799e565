"""Sources: every source with its full citation and, for the press, the verbatim quote."""

from __future__ import annotations

from dash import Input, Output, html

from dashboard import current_store, ui
from dashboard.views import BadQuery, build_view, citation, parse_query

PAGE = {"path": "/sources", "name": "Sources", "order": 5, "title": "Sources - figures"}
KINDS = [
    {"label": "all", "value": "all"},
    {"label": "official statistics", "value": "official_statistics"},
    {"label": "databases", "value": "database"},
    {"label": "press", "value": "press"},
    {"label": "uploads", "value": "upload"},
]


def _entry(row) -> html.Article:
    parts = [
        html.H3(row.title, lang=row.language),
        html.P(citation(row._asdict()), className="cite"),
        html.Dl(
            [
                html.Dt("Publisher"),
                html.Dd(row.publisher),
                html.Dt("Kind"),
                html.Dd(row.kind.replace("_", " ")),
                html.Dt("Licence"),
                html.Dd(row.licence if isinstance(row.licence, str) else "not stated"),
                html.Dt("Figures"),
                html.Dd(f"{row.observations:,} observations"),
                html.Dt("Id"),
                html.Dd(html.Code(row.source_id)),
            ]
        ),
    ]
    if isinstance(row.quote, str):
        parts.append(ui.quote_block(row.quote, row.quote_en, row.language))
    if isinstance(row.note, str):
        parts.append(html.P(row.note, className="note"))
    return html.Article(parts, className="source", id=f"source-{row.source_id}")


def render(kind: str) -> tuple[list, str, str, str]:
    """Entries, query string and export links for a kind filter."""
    view = build_view("sources", {"kind": kind}, current_store())
    search = ui.view_search(view)
    return (
        [_entry(r) for r in view.rows.itertuples()],
        search,
        *ui.export_links("sources", search),
    )


def layout(**query) -> html.Div:
    """Every source, optionally one kind (?kind=press)."""
    try:
        f = parse_query("sources", query, current_store())
    except BadQuery as error:
        return ui.bad_query(error, "sources")
    entries, search, _, _ = render(f["kind"])
    return html.Div(
        [
            html.H1("Sources"),
            html.P(
                "Each figure in the dashboard cites one of these. Statistical bulletins are listed "
                "per edition; press sources keep their words in the original language.",
                className="lead",
            ),
            html.Div(ui.radio("sources", "kind", "Show", KINDS, f["kind"]), className="controls"),
            html.Div(entries, id="sources-list"),
            ui.export_bar("sources", search),
            *ui.url_sync("sources", search),
        ]
    )


@ui.page_callback(
    Output("sources-list", "children"),
    Output("sources-query", "data"),
    Output("sources-export-xlsx", "href"),
    Output("sources-export-csv", "href"),
    Input("sources-kind", "value"),
    prevent_initial_call=True,
)
def update(kind):
    """The kind filter changed."""
    return render(kind)


ui.register_url_sync("sources")
