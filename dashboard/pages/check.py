"""Check an article: paste or upload a text, see its figure claims, correct and keep them."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Literal

import dash_ag_grid as dag
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import article, auth, ui
from dashboard.context import served
from dashboard.extract import detect_language, extract
from loaders.documents import SUFFIXES, article_text
from loaders.errors import LoadError

PAGE = {"path": "/check", "name": "Check an article", "order": 7, "title": "Check - figures"}
LANGUAGES = {"auto": "Detect", "ar": "Arabic", "ru": "Russian", "en": "English"}
# The grid's columns: what a person confirms or corrects; quote and reading are long text.
_EDITABLE = {
    "measure": {"cellEditor": "agSelectCellEditor", "values": list(article.MEASURES)},
    "scale": {"cellEditor": "agSelectCellEditor", "values": list(article.SCALES)},
}
_HEADERS = {
    "keep": "Keep",
    "measure": "Measure",
    "countries": "Countries (ISO3)",
    "value": "Figure",
    "scale": "Scale",
    "currency": "Currency",
    "period": "Period",
    "qualifier": "Qualifier",
    "change": "Change",
    "quote": "Quote (the article's words)",
    "quote_en": "In English",
}


def layout(**query) -> html.Div:
    """The paste area, the claims found, and the source to keep them under."""
    user = auth.current()
    lead = html.P(
        "Paste an article in Arabic, Russian or English, or upload it (.txt, .html, .docx). "
        "Every bilateral trade or investment figure in it is found and shown with its exact "
        "quote; correct what was misread, drop what is not a claim, name the source, and "
        "keep the rest: they are then checked against the official figures like the seed "
        "article's claims.",
        className="lead",
    )
    if not user.may("editor"):
        return html.Div(
            [
                html.H1("Check an article"),
                lead,
                html.P(
                    f"You are signed in as {user.name}, a viewer: checking articles and "
                    "keeping their claims needs an editor account.",
                    className="hint",
                ),
            ]
        )
    return html.Div(
        [
            html.H1("Check an article"),
            lead,
            html.Label("Article text", htmlFor="check-text"),
            dcc.Textarea(id="check-text", className="article-input", value=""),
            dcc.Upload(
                id="check-file",
                children=html.Div(["or drop a file here, or ", html.A("choose one")]),
                accept=",".join(SUFFIXES),
                className="dropzone",
            ),
            html.Div(
                [
                    html.Label("Published", htmlFor="check-published"),
                    dcc.Input(
                        id="check-published", type="text", value="", placeholder="YYYY-MM-DD"
                    ),
                    html.Label("Language", htmlFor="check-lang", id="check-lang-label"),
                    dcc.Dropdown(
                        id="check-lang",
                        options=[{"label": v, "value": k} for k, v in LANGUAGES.items()],
                        value="auto",
                        clearable=False,
                    ),
                    html.Button("Find the figures", id="check-find", className="button"),
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
            html.H2("The source"),
            html.Div(
                [
                    _field("check-outlet", "Outlet (who published it)"),
                    _field("check-title", "Title"),
                    _field("check-url", "Address (http or https)", kind="url"),
                ],
                className="controls",
            ),
            html.Button("Keep the marked claims", id="check-keep", className="button"),
            html.Div(id="check-kept", role="status"),
        ]
    )


def _field(id_: str, label: str, kind: Literal["text", "url"] = "text") -> html.Div:
    field = dcc.Input(id=id_, type=kind, value="", className="source-field")
    return html.Div([html.Label(label, htmlFor=id_), field])


def _column_defs() -> list[dict]:
    defs = []
    for name in article.COLUMNS:
        column: dict = {"field": name, "headerName": _HEADERS[name]}
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
        pieces += [text[at : claim.start], html.Mark(claim.quote, title=f"claim {number}")]
        at = claim.end
    pieces.append(text[at:])
    line = (
        f"{len(claims)} figure claim{'s' if len(claims) != 1 else ''} found "
        f"({LANGUAGES[language]}). Untick what is not a claim and correct any cell."
    )
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
            return no_update, no_update, str(error), no_update
    if not text.strip():
        return [], [], "Paste an article or drop a file first.", no_update
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        return no_update, no_update, f"Published: expected a date, found {published!r}", no_update
    marked, rows, line = found(text, day, lang or "auto")
    return marked, rows, line, text


def _data(contents: str, name: str) -> bytes:
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, ValueError, binascii.Error):
        raise LoadError(name, "a file upload (a data URL)") from None


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
        return "Find the figures of an article first."
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
        return html.P(str(error), className="error")
    kept = sum(1 for row in rows if row.get("keep"))
    return html.P(
        [
            f"Kept {kept} claim{'s' if kept != 1 else ''} as '{info.name}'. ",
            dcc.Link("See them checked on the Claims page", href="/claims"),
            " (reload it if it is open).",
        ]
    )
