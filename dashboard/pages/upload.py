"""Upload: check users' own files, show what would be kept, keep them as named datasets."""

from __future__ import annotations

import base64
import binascii
import getpass

import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard import text, ui
from dashboard.context import served
from dashboard.figures import FONT
from loaders import Frames
from loaders.errors import LoadError
from loaders.guard import MB
from loaders.upload import UploadReport, check_upload, format_name

PAGE = {"path": "/upload", "name": "Upload", "order": 6, "title": "Upload - figures"}
REJECTED_SHOWN = 50


def _default_uploader() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def layout(**query) -> html.Div:
    """The upload area, the template link, and the datasets already kept."""
    limits = served().limits
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
                    f" (.xlsx, .xls or .csv, up to {text.number(limits.max_bytes / MB)} MB each). "
                    "Each file is checked first: you see what would be kept and what was "
                    "rejected, and nothing is kept until you say so.",
                ],
                className="lead",
            ),
            html.Div(
                [
                    html.Label("Uploaded by", htmlFor="upload-by"),
                    dcc.Input(
                        id="upload-by",
                        value=_default_uploader(),
                        maxLength=80,
                        debounce=True,
                        type="text",
                    ),
                ],
                className="control",
            ),
            dcc.Upload(
                id="upload-files",
                children=html.Div(["Drag and drop files here, or ", html.A("choose files")]),
                multiple=True,
                max_size=int(limits.max_bytes * 1.4),
                className="dropzone",
            ),
            dcc.Loading(html.Div(id="upload-reports")),
            html.Div(id="upload-message", role="status"),
            html.H2("Datasets kept"),
            html.Div(datasets_table(), id="upload-datasets"),
        ]
    )


def datasets_table() -> list:
    """The kept datasets with show/hide and remove controls."""
    infos, problems = served().workspace.list()
    items = [html.P(p, className="error") for p in problems]
    if not infos:
        return [*items, html.P("No datasets yet.", className="hint")]
    rows = []
    for info in infos:
        rows.append(
            html.Tr(
                [
                    html.Td(info.name),
                    html.Td(info.file),
                    html.Td(format_name(info.format)),
                    html.Td(text.number(info.observations)),
                    html.Td(f"{info.uploaded_by}, {info.uploaded_at.replace('T', ' ')[:16]} UTC"),
                    html.Td(
                        dcc.Checklist(
                            id={"type": "dataset-visible", "slug": info.slug},
                            options=[{"label": " shown in every page", "value": "shown"}],
                            value=[] if info.hidden else ["shown"],
                        )
                    ),
                    html.Td(
                        html.Button(
                            "Remove",
                            id={"type": "dataset-remove", "slug": info.slug},
                            className="button secondary",
                            n_clicks=0,
                        )
                    ),
                ]
            )
        )
    header = html.Thead(
        html.Tr(
            [html.Th(h) for h in ("Name", "File", "Format", "Figures", "Uploaded", "Visible", "")]
        )
    )
    return [
        *items,
        html.Table([header, html.Tbody(rows)], className="datasets", id="datasets-list"),
    ]


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


def report_card(report: UploadReport, token: str | None) -> html.Article:
    """One file's report: format, accepted and rejected rows, preview, and Keep."""
    parts: list = [html.H3(report.file)]
    if report.error:
        parts.append(html.P(report.error, className="error upload-error"))
    else:
        parts.append(
            html.P(
                f"{format_name(report.format)}: {text.count(report.accepted, 'figure')} accepted, "
                f"{text.count(len(report.rejected), 'problem')} in rejected rows.",
                className="summary",
            )
        )
    if len(report.rejected):
        shown = report.rejected.head(REJECTED_SHOWN)
        parts.append(
            html.Table(
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
        parts.append(
            dcc.Graph(
                figure=preview_figure(report.frames, report.file),
                config={"displaylogo": False},
                className="upload-preview",
            )
        )
        parts.append(
            html.Div(
                [
                    html.Label("Dataset name"),
                    dcc.Input(
                        id={"type": "dataset-name", "token": token},
                        value=report.file.rsplit(".", 1)[0],
                        maxLength=80,
                        type="text",
                    ),
                    html.Button(
                        f"Keep {text.count(report.accepted, 'figure')}",
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
    State("upload-by", "value"),
    prevent_initial_call=True,
)
def check_files(contents, filenames, uploaded_by):
    """Files dropped: check each one; keep nothing yet."""
    if not contents:
        return no_update
    if isinstance(contents, str):
        contents, filenames = [contents], [filenames]
    state = served()
    cards = []
    for content, name in zip(contents, filenames, strict=True):
        report = handle_upload(name or "upload", content, uploaded_by, state.limits)
        token = state.pending.put(report) if report.ok else None
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


@ui.page_callback(
    Output("upload-message", "children"),
    Output("upload-datasets", "children"),
    Input({"type": "dataset-keep", "token": ALL}, "n_clicks"),
    Input({"type": "dataset-visible", "slug": ALL}, "value"),
    Input({"type": "dataset-remove", "slug": ALL}, "n_clicks"),
    State({"type": "dataset-name", "token": ALL}, "value"),
    State({"type": "dataset-name", "token": ALL}, "id"),
    State("upload-by", "value"),
    prevent_initial_call=True,
)
def change_datasets(keep_clicks, visible, remove_clicks, names, name_ids, uploaded_by):
    """Keep a checked file, show or hide a dataset, or remove one."""
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or ctx.triggered[0].get("value") in (None, 0):
        return no_update, no_update
    state = served()
    workspace = state.workspace
    message = ""
    try:
        if trigger["type"] == "dataset-keep":
            report = state.pending.take(trigger["token"])
            if report is None or report.frames is None or report.format is None:
                return html.P(
                    "That file is no longer waiting; upload it again.", className="error"
                ), no_update
            name = next(
                (n for n, i in zip(names, name_ids, strict=True) if i["token"] == trigger["token"]),
                report.file,
            )
            info = workspace.save(
                name or report.file,
                report.frames,
                report.file,
                report.format,
                (uploaded_by or "unknown user").strip()[:80],
            )
            message = f"Kept {text.count(info.observations, 'figure')} as dataset '{info.name}'."
        elif trigger["type"] == "dataset-visible":
            shown = "shown" in (ctx.triggered[0]["value"] or [])
            workspace.set_hidden(trigger["slug"], not shown)
            message = f"Dataset '{trigger['slug']}' is now {'shown' if shown else 'hidden'}."
        elif trigger["type"] == "dataset-remove":
            workspace.remove(trigger["slug"])
            message = f"Removed dataset '{trigger['slug']}'."
        state.refresh()
    except LoadError as error:
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
