"""Check an article: paste or upload a text, see its figure claims, correct and keep them."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Literal

import dash_ag_grid as dag
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import article, auth, i18n, ui
from dashboard import text as words  # "text" is the article's text here
from dashboard.context import served
from dashboard.errors import message
from dashboard.extract import detect_language, extract
from dashboard.i18n import N_, _
from loaders.documents import SUFFIXES, article_text
from loaders.errors import LoadError

PAGE = {
    "path": "/check",
    "name": N_("Check an article"),
    "order": 7,
    "title": N_("Check - figures"),
}
LANGUAGES = {"auto": N_("Detect"), "ar": N_("Arabic"), "ru": N_("Russian"), "en": N_("English")}
# The grid's columns: what a person confirms or corrects; quote and reading are long text.
_EDITABLE = {
    "measure": {"cellEditor": "agSelectCellEditor", "values": list(article.MEASURES)},
    "scale": {"cellEditor": "agSelectCellEditor", "values": list(article.SCALES)},
}
_HEADERS = {
    "keep": N_("Keep"),
    "measure": N_("Measure"),
    "countries": N_("Countries (ISO3)"),
    "value": N_("Figure"),
    "scale": N_("Scale"),
    "currency": N_("Currency"),
    "period": N_("Period"),
    "qualifier": N_("Qualifier"),
    "change": N_("Change"),
    "quote": N_("Quote (the article's words)"),
    "quote_en": N_("In English"),
}


def layout(**query) -> html.Div:
    """The paste area, the claims found, and the source to keep them under."""
    user = auth.current()
    lead = html.P(
        _(
            "Paste an article in Arabic, Russian or English, or upload it (.txt, .html, .docx). "
            "Every bilateral trade or investment figure in it is found and shown with its exact "
            "quote; correct what was misread, drop what is not a claim, name the source, and "
            "keep the rest: they are then checked against the official figures like the seed "
            "article's claims."
        ),
        className="lead",
    )
    if not user.may("editor"):
        return html.Div(
            [
                html.H1(_("Check an article")),
                lead,
                html.P(
                    _(
                        "You are signed in as {name}, a viewer: checking articles and "
                        "keeping their claims needs an editor account."
                    ).format(name=user.name),
                    className="hint",
                ),
            ]
        )
    return html.Div(
        [
            html.H1(_("Check an article")),
            lead,
            html.Label(_("Article text"), htmlFor="check-text"),
            dcc.Textarea(id="check-text", className="article-input", value=""),
            dcc.Upload(
                id="check-file",
                children=html.Div([_("or drop a file here, or") + " ", html.A(_("choose one"))]),
                accept=",".join(SUFFIXES),
                className="dropzone",
            ),
            html.Div(
                [
                    html.Label(_("Published"), htmlFor="check-published"),
                    dcc.Input(
                        id="check-published", type="text", value="", placeholder="YYYY-MM-DD"
                    ),
                    html.Label(_("Language"), htmlFor="check-lang", id="check-lang-label"),
                    dcc.Dropdown(
                        id="check-lang",
                        options=[{"label": _(v), "value": k} for k, v in LANGUAGES.items()],
                        value="auto",
                        clearable=False,
                    ),
                    html.Button(_("Find the figures"), id="check-find", className="button"),
                ],
                className="controls",
            ),
            html.P(id="check-status", role="status"),
            dcc.Loading(html.Div(id="check-marked", className="article-marked", dir="auto")),
            dag.AgGrid(
                id="check-grid",
                columnDefs=_column_defs(),
                rowData=[],
                defaultColDef={"editable": True, "resizable": True, "wrapText": True},
                dashGridOptions={"domLayout": "autoHeight", "singleClickEdit": True},
                className="ag-theme-alpine",
                style={"width": "100%"},
            ),
            html.H2(_("The source")),
            html.Div(
                [
                    _field("check-outlet", _("Outlet (who published it)")),
                    _field("check-title", _("Title")),
                    _field("check-url", _("Address (http or https)"), kind="url"),
                ],
                className="controls",
            ),
            html.Button(_("Keep the marked claims"), id="check-keep", className="button"),
            html.Div(id="check-kept", role="status"),
        ]
    )


def _field(id_: str, label: str, kind: Literal["text", "url"] = "text") -> html.Div:
    field = dcc.Input(id=id_, type=kind, value="", className="source-field")
    return html.Div([html.Label(label, htmlFor=id_), field])


def _column_defs() -> list[dict]:
    defs = []
    for name in article.COLUMNS:
        column: dict = {"field": name, "headerName": _(_HEADERS[name])}
        if name == "keep":
            column |= {"cellDataType": "boolean", "width": 80, "pinned": "left"}
        elif name in ("quote", "quote_en"):
            column |= {
                "flex": 2,
                "minWidth": 260,
                "autoHeight": True,
                "cellEditor": "agLargeTextCellEditor",
            }
        else:
            column |= {"width": 120}
        defs.append(column | _EDITABLE.get(name, {}))
    return defs


def found(text: str, published: date | None, lang: str) -> tuple[list, list[dict], str]:
    """The article with its claims marked, the grid's rows, and a line saying what was found."""
    language = detect_language(text) if lang == "auto" else lang
    claims = extract(text, published=published, lang=language)
    pieces: list = []
    at = 0
    for number, claim in enumerate(sorted(claims, key=lambda c: c.start), start=1):
        if claim.start < at:
            continue  # a claim inside another's quote is marked once
        pieces += [
            text[at : claim.start],
            html.Mark(claim.quote, title=_("claim {number}").format(number=number)),
        ]
        at = claim.end
    pieces.append(text[at:])
    line = i18n.ngettext(
        "{n} figure claim found ({language}). Untick what is not a claim and correct any cell.",
        "{n} figure claims found ({language}). Untick what is not a claim and correct any cell.",
        len(claims),
    ).format(n=words.number(len(claims)), language=_(LANGUAGES[language]))
    return pieces, article.rows(claims), line


@ui.page_callback(
    Output("check-marked", "children"),
    Output("check-grid", "rowData"),
    Output("check-status", "children"),
    Output("check-text", "value"),
    Input("check-find", "n_clicks"),
    Input("check-file", "contents"),
    State("check-file", "filename"),
    State("check-text", "value"),
    State("check-published", "value"),
    State("check-lang", "value"),
    prevent_initial_call=True,
)
def find(_clicks, contents, filename, pasted, published, lang):
    """Find the claims of the pasted text, or of a file just dropped."""
    auth.require("editor")
    dropped = contents if ctx.triggered_id == "check-file" else None
    return answer(dropped, filename, pasted, published, lang)


def answer(dropped: str | None, filename: str | None, pasted: str | None, published, lang):
    """What the page shows for a dropped file (a data URL) or else the pasted text: the
    article marked, the rows, the status line and the text now in the paste area."""
    text = pasted or ""
    if dropped:
        try:
            text = article_text(_data(dropped, filename or "article.txt"), filename or "")
        except LoadError as error:
            return no_update, no_update, message(error), no_update
    if not text.strip():
        return [], [], _("Paste an article or drop a file first."), no_update
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        wrong = _("Published: expected a date, found {found}").format(found=repr(published))
        return no_update, no_update, wrong, no_update
    marked, rows, line = found(text, day, lang or "auto")
    return marked, rows, line, text


def _data(contents: str, name: str) -> bytes:
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, ValueError, binascii.Error):
        raise LoadError(name, N_("a file upload (a data URL)")) from None


@ui.page_callback(
    Output("check-kept", "children"),
    Input("check-keep", "n_clicks"),
    State("check-grid", "rowData"),
    State("check-text", "value"),
    State("check-published", "value"),
    State("check-lang", "value"),
    State("check-outlet", "value"),
    State("check-title", "value"),
    State("check-url", "value"),
    prevent_initial_call=True,
)
def keep(_clicks, rows, text, published, lang, outlet, title, url):
    """Keep the marked rows as a press source of the workspace."""
    user = auth.require("editor")
    if not rows:
        return _("Find the figures of an article first.")
    language = detect_language(text or "") if (lang or "auto") == "auto" else lang
    try:
        day = date.fromisoformat(published) if published else None
        document = article.press_yaml(
            rows,
            outlet=outlet or "",
            title=title or "",
            published=day,
            url=url or None,
            language=language,
            by=user.name,
        )
        name = f"{outlet} {day or ''}".strip()
        frames = article.kept_frames(document, f"{name}.yaml")
        info = served().workspace.save(
            f"Article: {title}", frames, title or "article", "press", user.name, how="article"
        )
    except article.ArticleError as error:
        return html.Ul([html.Li(problem) for problem in error.problems], className="error")
    except (LoadError, ValueError) as error:
        return html.P(message(error), className="error")
    kept = sum(1 for row in rows if row.get("keep"))
    return html.P(
        [
            i18n.ngettext(
                "Kept {n} claim as '{name}'.", "Kept {n} claims as '{name}'.", kept
            ).format(n=words.number(kept), name=info.name)
            + " ",
            dcc.Link(_("See them checked on the Claims page"), href="/claims"),
            " " + _("(reload it if it is open)."),
        ]
    )
