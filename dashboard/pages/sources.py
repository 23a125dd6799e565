"""Sources: every source with its full citation and, for the press, the verbatim quote."""

from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, html

from dashboard import i18n, text, ui
from dashboard.context import served
from dashboard.i18n import N_, _
from dashboard.queries import SourcesQuery, options, read
from dashboard.views import build_view

PAGE = {"path": "/sources", "name": N_("Sources"), "order": 5, "title": N_("Sources - figures")}
# A source's kind as its entry says it (a kind not listed is shown as its code reads).
KINDS = {
    "official_statistics": N_("official statistics"),
    "database": N_("database"),
    "press": N_("press"),
    "upload": N_("upload"),
}


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind.replace("_", " ")


def _title(source: Mapping) -> list:
    """The title in its own language, and beneath it its translation where there is one."""
    heading: list = [html.H2(source["title"], lang=source["language"])]
    if (translation := text.title_translation(source)) is not None:
        rendered, language = translation
        heading.append(html.P(rendered, lang=language, className="title-translation"))
    return heading


def _entry(source: Mapping) -> html.Article:
    parts = [
        *_title(source),
        html.P(source["citation"], className="cite"),
        html.Dl(
            [
                html.Dt(_("Publisher")),
                html.Dd(text.data_text(source["publisher"])),
                html.Dt(_("Kind")),
                html.Dd(_kind(source["kind"])),
                html.Dt(_("Licence")),
                html.Dd(text.text_or(source["licence"], _("not stated"))),
                html.Dt(_("Figures")),
                html.Dd(
                    i18n.ngettext(
                        "{n} observation", "{n} observations", source["observations"]
                    ).format(n=text.number(source["observations"]))
                ),
                html.Dt(_("Id")),
                html.Dd(html.Code(source["source_id"])),
            ]
        ),
    ]
    if isinstance(source["quote"], str):
        parts.append(ui.quote_block(source))
    if isinstance(source["note"], str):
        parts.append(html.P(text.data_text(source["note"]), className="note"))
    return html.Article(parts, className="source", id=f"source-{source['source_id']}")


def render(query: Mapping[str, str]) -> tuple[list, str, str, str]:
    """Entries, query string and export links for a query."""
    view = build_view("sources", query, served().store)
    xlsx, csv = ui.export_links("sources", view.search)
    return [_entry(source) for source in view.rows.to_dict("records")], view.search, xlsx, csv


def layout(**query) -> html.Div:
    """Every source, optionally one kind (?kind=press)."""
    q = read(SourcesQuery, query, served().store)
    entries, search, _xlsx, _csv = render({"kind": q.kind})
    kinds = ui.labelled(options(SourcesQuery, "kind"), text.SOURCE_KIND_LABELS)
    return html.Div(
        [
            html.H1(_("Sources")),
            html.P(
                _(
                    "Each figure in the dashboard cites one of these. Statistical bulletins are "
                    "listed per edition; press sources keep their words in the original language."
                ),
                className="lead",
            ),
            html.Div(ui.radio("sources", "kind", _("Show"), kinds, q.kind), className="controls"),
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
    return render({"kind": kind})


ui.register_url_sync("sources")
