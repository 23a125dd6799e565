"""Upload: check users' own files, show what would be kept, keep them as named datasets."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard import auth, text, ui
from dashboard.context import served
from dashboard.errors import Forbidden
from dashboard.figures import FONT
from loaders import Frames
from loaders.errors import LoadError
from loaders.guard import MB
from loaders.upload import UploadReport, check_upload, format_name

PAGE = {"path": "/upload", "name": "Upload", "order": 6, "title": "Upload - figures"}
REJECTED_SHOWN = 50


class NotWaiting(Exception):
    """A Keep for a checked file that has expired, was kept already, or is someone else's."""


def layout(**query) -> html.Div:
    """The upload area (for editors), the template link, and the datasets already kept."""
    limits = served().limits
    user = auth.current()
    limit = f"{text.number(limits.max_bytes / MB)} MB"
    if user.may("editor"):
        # What app.js compares a chosen file with, and how it names the limit.
        sizes: dict[str, Any] = {"data-max-bytes": str(limits.max_bytes), "data-max-label": limit}
        area = [
            html.P(f"Uploading as {user.name}.", className="hint", id="upload-by"),
            # The browser refuses a file over the limit before sending it; app.js says so
            # here, with the file's name and size (data-max-bytes is what it compares).
            html.Div(
                dcc.Upload(
                    id="upload-files",
                    children=html.Div(["Drag and drop files here, or ", html.A("choose files")]),
                    multiple=True,
                    max_size=limits.max_bytes,
                    className="dropzone",
                ),
                id="upload-area",
                **sizes,
            ),
            html.P(id="upload-size-message", className="error", role="alert"),
            dcc.Loading(html.Div(id="upload-reports")),
        ]
    else:
        area = [
            html.P(
                f"You are signed in as {user.name}, a viewer: you can see and export every "
                "figure. Uploading and keeping datasets needs an editor account.",
                className="hint",
                id="upload-viewer",
            )
        ]
    return html.Div(
        [
            html.H1("Your own files"),
            html.P(
                [
                    "Load statistics bureau workbooks, Russian customs tables, Eurostat Comext "
                    "extracts, Comtrade downloads (.csv) or your own figures in the ",
                    html.A(
                        "tidy template",
                        href="/template.xlsx",
                        id="upload-template",
                        download="figures-template.xlsx",
                    ),
                    f" (.xlsx, .xls or .csv, up to {limit} each). "
                    "Each file is checked first: you see what would be kept and what was "
                    "rejected, and nothing is kept until you say so.",
                ],
                className="lead",
            ),
            *area,
            html.Div(id="upload-message", role="status"),
            html.H2("Datasets kept"),
            html.Div(datasets_table(), id="upload-datasets"),
        ]
    )


def datasets_table() -> list:
    """The kept datasets; show/hide and remove where the user may change them."""
    infos, problems = served().workspace.list()
    user = auth.current()
    items = [html.P(p, className="error") for p in problems]
    if not infos:
        return [*items, html.P("No datasets yet.", className="hint")]
    rows = []
    for info in infos:
        visible: dcc.Checklist | html.Span
        remove: dcc.ConfirmDialogProvider | html.Span
        if user.may_change(info):
            visible = dcc.Checklist(
                id={"type": "dataset-visible", "slug": info.slug},
                options=[{"label": " shown in every page", "value": "shown"}],
                value=[] if info.hidden else ["shown"],
            )
            remove = dcc.ConfirmDialogProvider(
                html.Button("Remove", className="button secondary"),
                id={"type": "dataset-remove", "slug": info.slug},
                message=f"Remove the dataset '{info.name}'? Its "
                f"{text.count(info.observations, 'figure')} leave every page for everyone.",
            )
        else:
            visible = html.Span("hidden" if info.hidden else "shown")
            remove = html.Span("")
        rows.append(
            html.Tr(
                [
                    html.Td(info.name),
                    html.Td(info.file),
                    html.Td(format_name(info.format)),
                    html.Td(text.number(info.observations)),
                    html.Td(f"{info.uploaded_by}, {info.uploaded_at.replace('T', ' ')[:16]} UTC"),
                    html.Td(visible),
                    html.Td(remove),
                ]
            )
        )
    header = html.Thead(
        html.Tr(
            [html.Th(h) for h in ("Name", "File", "Format", "Figures", "Uploaded", "Visible", "")]
        )
    )
    return [*items, scrolling([header, html.Tbody(rows)], className="datasets", id="datasets-list")]


def scrolling(children: list, **table: Any) -> html.Div:
    """A table that scrolls sideways inside itself on a small screen; the box takes the
    keyboard's focus, so the keyboard can scroll it too."""
    return html.Div(html.Table(children, **table), className="table-scroll", tabIndex="0")


def preview_figure(frames: Frames, file: str) -> go.Figure:
    """The accepted figures over time: the largest few series, for a glance."""
    obs = frames.observations
    figure = go.Figure()
    series = obs.groupby(["reporter", "partner", "flow", "currency"]).value.size()
    for key in series.sort_values(ascending=False).index[:6]:
        rows = obs[
            (obs.reporter == key[0])
            & (obs.partner == key[1])
            & (obs.flow == key[2])
            & (obs.currency == key[3])
        ].sort_values("period_start")
        figure.add_trace(
            go.Scatter(
                x=rows.period_start,
                y=rows.value,
                mode="lines+markers",
                name=f"{key[0]} {key[2]} {key[1]} ({key[3]})",
            )
        )
    first, last = obs.period_start.min(), obs.period_end.max()
    figure.update_layout(
        title={
            "text": f"Preview of {file}: {text.count(len(obs), 'figure')}, "
            f"{text.period(first, first + pd.offsets.MonthEnd(0), 'M')} to "
            f"{text.period(last, last, 'M')}",
            "x": 0,
        },
        height=320,
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        font={"family": FONT, "size": 12},
        plot_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def preview_summary(figure: go.Figure) -> str:
    """The preview in words: each line's latest figure."""
    latest = [
        f"{trace.name} {text.number(trace.y[-1])} in {text.date_short(trace.x[-1])}"
        for trace in figure.data
        if len(trace.y)
    ]
    return f"Line chart. Latest: {'; '.join(latest)}."


def _what(report: UploadReport) -> str:
    """'3 figures', '16 exchange rates' or both: what a checked file would keep."""
    parts = [text.count(report.figures, "figure")] if report.figures or not report.rates else []
    if report.rates:
        parts.append(text.count(report.rates, "exchange rate"))
    return " and ".join(parts)


def report_card(report: UploadReport, token: str | None) -> html.Article:
    """One file's report: format, accepted and rejected rows, preview, and Keep."""
    parts: list = [html.H2(report.file)]
    if report.error:
        parts.append(html.P(report.error, className="error upload-error"))
        if "template" in report.error:
            parts.append(
                html.P(
                    [
                        "Fill in the ",
                        html.A(
                            "tidy template", href="/template.xlsx", download="figures-template.xlsx"
                        ),
                        " to bring in figures from any other table.",
                    ],
                    className="hint",
                )
            )
    else:
        parts.append(
            html.P(
                f"{format_name(report.format)}: {_what(report)} accepted, "
                f"{text.count(len(report.rejected), 'problem')} in rejected rows.",
                className="summary",
            )
        )
    if report.warnings:
        parts.append(
            html.Div(
                [
                    html.P("Left out (the rest can be kept):", className="summary"),
                    html.Ul([html.Li(line) for line in report.warnings]),
                ],
                className="upload-warnings",
                role="status",
            )
        )
    if len(report.rejected):
        shown = report.rejected.head(REJECTED_SHOWN)
        parts.append(
            scrolling(
                [
                    html.Thead(html.Tr([html.Th(c) for c in ("Row", "Column", "Value", "Reason")])),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(str(r["row"])),
                                    html.Td(str(r["column"])),
                                    html.Td(str(r["value"])),
                                    html.Td(str(r["reason"])),
                                ]
                            )
                            for r in shown.to_dict("records")
                        ]
                    ),
                ],
                className="rejected",
            )
        )
        if len(report.rejected) > REJECTED_SHOWN:
            parts.append(
                html.P(
                    f"and {text.count(len(report.rejected) - REJECTED_SHOWN, 'more problem')}.",
                    className="hint",
                )
            )
    if report.ok and token and report.frames is not None:
        if report.figures:
            figure = ui.for_small_screens(preview_figure(report.frames, report.file))
            caption, sources = ui.chart_words(figure, preview_summary(figure))
            parts.append(
                ui.chart(f"upload-preview-{token}", figure, caption, sources, kind="upload-preview")
            )
        parts.append(
            html.Div(
                [
                    html.Label(
                        [
                            "Dataset name",
                            dcc.Input(
                                id={"type": "dataset-name", "token": token},
                                value=report.file.rsplit(".", 1)[0],
                                maxLength=80,
                                type="text",
                            ),
                        ]
                    ),
                    html.Button(
                        f"Keep {_what(report)}",
                        id={"type": "dataset-keep", "token": token},
                        className="button",
                        n_clicks=0,
                    ),
                ],
                className="keep",
            )
        )
    return html.Article(
        parts, className=f"card upload-report {'accepted' if report.ok else 'refused'}"
    )


@ui.page_callback(
    Output("upload-reports", "children"),
    Input("upload-files", "contents"),
    State("upload-files", "filename"),
    prevent_initial_call=True,
)
def check_files(contents, filenames):
    """Files dropped: check each one; keep nothing yet (an editor's right)."""
    user = auth.require("editor")
    if not contents:
        return no_update
    if isinstance(contents, str):
        contents, filenames = [contents], [filenames]
    state = served()
    cards = []
    for content, name in zip(contents, filenames, strict=True):
        report = handle_upload(name or "upload", content, user.name, state.limits)
        token = state.workspace.hold(report, user.name) if report.ok else None
        cards.append(report_card(report, token))
    return cards


def handle_upload(name: str, content: str, uploaded_by: str | None, limits) -> UploadReport:
    """Decode a dcc.Upload data URL and check the file (the upload handler, testable)."""
    try:
        _, encoded = content.split(",", 1)
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return UploadReport(name, error=f"{name}: expected a file upload, found unreadable data")
    return check_upload(name, data, (uploaded_by or "unknown user").strip()[:80], limits)


def keep(token: str, name: str | None) -> str:
    """Keep the checked file held under ``token`` as a dataset; what to tell the user."""
    user = auth.require("editor")
    state = served()
    report = state.workspace.take(token, user.name)
    if report is None or report.frames is None or report.format is None:
        raise NotWaiting("That file is no longer waiting; upload it again.")
    info = state.workspace.save(
        name or report.file, report.frames, report.file, report.format, user.name, user.name
    )
    kept = f"Kept {_what(report)} as dataset '{info.name}'"
    if info.name != info.requested:
        return f"{kept}: a dataset named '{info.requested}' exists, so this one was renamed."
    return f"{kept}."


def change(slug: str, action: str, shown: bool = True) -> str:
    """Show, hide or remove a dataset the user may change; what to tell the user."""
    user = auth.require("editor")
    workspace = served().workspace
    info = workspace.dataset(slug)  # refuses an id that is no dataset
    if not user.may_change(info):
        raise Forbidden(f"'{info.name}' is {info.owner}'s: only they or an admin may change it")
    if action == "remove":
        workspace.remove(slug)
        return f"Removed dataset '{info.name}'."
    workspace.set_hidden(slug, not shown)
    return f"Dataset '{info.name}' is now {'shown' if shown else 'hidden'}."


@ui.page_callback(
    Output("upload-message", "children"),
    Output("upload-datasets", "children"),
    Input({"type": "dataset-keep", "token": ALL}, "n_clicks"),
    Input({"type": "dataset-visible", "slug": ALL}, "value"),
    Input({"type": "dataset-remove", "slug": ALL}, "submit_n_clicks"),
    State({"type": "dataset-name", "token": ALL}, "value"),
    State({"type": "dataset-name", "token": ALL}, "id"),
    prevent_initial_call=True,
)
def change_datasets(keep_clicks, visible, remove_clicks, names, name_ids):
    """Keep a checked file, show or hide a dataset, or remove one (after confirmation)."""
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or ctx.triggered[0].get("value") in (None, 0):
        return no_update, no_update
    try:
        if trigger["type"] == "dataset-keep":
            name = next(
                (n for n, i in zip(names, name_ids, strict=True) if i["token"] == trigger["token"]),
                None,
            )
            message = keep(trigger["token"], name)
        elif trigger["type"] == "dataset-visible":
            shown = "shown" in (ctx.triggered[0]["value"] or [])
            message = change(trigger["slug"], "show", shown)
        else:
            message = change(trigger["slug"], "remove")
        served().refresh()
    except (LoadError, NotWaiting) as error:
        return html.P(str(error), className="error"), datasets_table()
    return html.P(message, className="message-ok"), datasets_table()


@ui.page_callback(Output("datasets-indicator", "children"), Input("_pages_location", "pathname"))
def indicator(_pathname):
    """On every page: how many of the user's datasets are shown."""
    infos, _ = served().workspace.list()
    if not infos:
        return ""
    shown = sum(not i.hidden for i in infos)
    return [
        f"Your datasets: {shown} of {len(infos)} shown in every page · ",
        dcc.Link("manage", href="/upload"),
    ]
