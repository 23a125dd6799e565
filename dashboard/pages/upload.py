"""Upload: check users' own files, show what would be kept, keep them as named datasets."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard import auth, i18n, text, ui
from dashboard.context import served
from dashboard.errors import Forbidden
from dashboard.errors import message as error_message
from dashboard.figures import FONT
from dashboard.i18n import N_, _
from loaders import Frames
from loaders.errors import LoadError
from loaders.guard import MB
from loaders.upload import UploadReport, check_upload, format_name

PAGE = {"path": "/upload", "name": N_("Upload"), "order": 6, "title": N_("Upload - figures")}
REJECTED_SHOWN = 50


class NotWaiting(Exception):
    """A Keep for a checked file that has expired, was kept already, or is someone else's."""


def layout(**query) -> html.Div:
    """The upload area (for editors), the template link, and the datasets already kept."""
    limits = served().limits
    user = auth.current()
    limit = _("{size} MB").format(size=text.number(limits.max_bytes / MB))
    if user.may("editor"):
        # What app.js compares a chosen file with, and how it names the limit.
        sizes: dict[str, Any] = {"data-max-bytes": str(limits.max_bytes), "data-max-label": limit}
        area = [
            html.P(
                _("Uploading as {name}.").format(name=user.name), className="hint", id="upload-by"
            ),
            # The browser refuses a file over the limit before sending it; app.js says so
            # here, with the file's name and size (data-max-bytes is what it compares).
            html.Div(
                dcc.Upload(
                    id="upload-files",
                    children=html.Div(
                        [_("Drag and drop files here, or") + " ", html.A(_("choose files"))]
                    ),
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
                _(
                    "You are signed in as {name}, a viewer: you can see and export every "
                    "figure. Uploading and keeping datasets needs an editor account."
                ).format(name=user.name),
                className="hint",
                id="upload-viewer",
            )
        ]
    return html.Div(
        [
            html.H1(_("Your own files")),
            html.P(
                [
                    _(
                        "Load statistics bureau workbooks, Russian customs tables, Eurostat "
                        "Comext extracts, Comtrade downloads (.csv) or your own figures in the"
                    )
                    + " ",
                    html.A(
                        _("tidy template"),
                        href="/template.xlsx",
                        id="upload-template",
                        download="figures-template.xlsx",
                    ),
                    " "
                    + _(
                        "(.xlsx, .xls or .csv, up to {limit} each). Each file is checked first: "
                        "you see what would be kept and what was rejected, and nothing is kept "
                        "until you say so."
                    ).format(limit=limit),
                ],
                className="lead",
            ),
            *area,
            html.Div(id="upload-message", role="status"),
            html.H2(_("Datasets kept")),
            html.Div(datasets_table(), id="upload-datasets"),
        ]
    )


def datasets_table() -> list:
    """The kept datasets; show/hide and remove where the user may change them."""
    infos, problems = served().workspace.list()
    user = auth.current()
    items = [html.P(error_message(p), className="error") for p in problems]
    if not infos:
        return [*items, html.P(_("No datasets yet."), className="hint")]
    rows = []
    for info in infos:
        visible: dcc.Checklist | html.Span
        remove: dcc.ConfirmDialogProvider | html.Span
        if user.may_change(info):
            visible = dcc.Checklist(
                id={"type": "dataset-visible", "slug": info.slug},
                options=[{"label": " " + _("shown in every page"), "value": "shown"}],
                value=[] if info.hidden else ["shown"],
            )
            remove = dcc.ConfirmDialogProvider(
                html.Button(_("Remove"), className="button secondary"),
                id={"type": "dataset-remove", "slug": info.slug},
                message=i18n.ngettext(
                    "Remove the dataset '{name}'? Its {n} figure leaves every page for everyone.",
                    "Remove the dataset '{name}'? Its {n} figures leave every page for everyone.",
                    info.observations,
                ).format(name=info.name, n=text.number(info.observations)),
            )
        else:
            visible = html.Span(_("hidden") if info.hidden else _("shown"))
            remove = html.Span("")
        rows.append(
            html.Tr(
                [
                    html.Td(info.name),
                    html.Td(info.file),
                    html.Td(_(format_name(info.format))),
                    html.Td(text.number(info.observations)),
                    html.Td(f"{info.uploaded_by}, {info.uploaded_at.replace('T', ' ')[:16]} UTC"),
                    html.Td(visible),
                    html.Td(remove),
                ]
            )
        )
    header = html.Thead(
        html.Tr(
            [
                html.Th(h)
                for h in (
                    _("Name"),
                    _("File"),
                    _("Format"),
                    _("Figures"),
                    _("Uploaded"),
                    _("Visible"),
                    "",
                )
            ]
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
            "text": i18n.ngettext(
                "Preview of {file}: {n} figure, {start} to {end}",
                "Preview of {file}: {n} figures, {start} to {end}",
                len(obs),
            ).format(
                file=file,
                n=text.number(len(obs)),
                start=text.period(first, first + pd.offsets.MonthEnd(0), "M"),
                end=text.period(last, last, "M"),
            ),
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
        _("{series} {value} in {period}").format(
            series=trace.name, value=text.number(trace.y[-1]), period=text.date_short(trace.x[-1])
        )
        for trace in figure.data
        if len(trace.y)
    ]
    return _("Line chart. Latest: {facts}.").format(facts="; ".join(latest))


def _what(report: UploadReport) -> str:
    """'3 figures', '16 exchange rates' or both: what a checked file would keep."""
    figures = i18n.ngettext("{n} figure", "{n} figures", report.figures).format(
        n=text.number(report.figures)
    )
    if not report.rates:
        return figures
    rates = i18n.ngettext("{n} exchange rate", "{n} exchange rates", report.rates).format(
        n=text.number(report.rates)
    )
    if not report.figures:
        return rates
    return _("{figures} and {rates}").format(figures=figures, rates=rates)


def report_card(report: UploadReport, token: str | None) -> html.Article:
    """One file's report: format, accepted and rejected rows, preview, and Keep."""
    parts: list = [html.H2(report.file)]
    if report.error:
        parts.append(html.P(error_message(report.error), className="error upload-error"))
        if "template" in report.error:
            parts.append(
                html.P(
                    [
                        _("Fill in the") + " ",
                        html.A(
                            _("tidy template"),
                            href="/template.xlsx",
                            download="figures-template.xlsx",
                        ),
                        " " + _("to bring in figures from any other table."),
                    ],
                    className="hint",
                )
            )
    else:
        parts.append(
            html.P(
                i18n.ngettext(
                    "{format}: {what} accepted, {n} problem in rejected rows.",
                    "{format}: {what} accepted, {n} problems in rejected rows.",
                    len(report.rejected),
                ).format(
                    format=_(format_name(report.format)),
                    what=_what(report),
                    n=text.number(len(report.rejected)),
                ),
                className="summary",
            )
        )
    if report.warnings:
        parts.append(
            html.Div(
                [
                    html.P(_("Left out (the rest can be kept):"), className="summary"),
                    html.Ul([html.Li(error_message(line)) for line in report.warnings]),
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
                    html.Thead(
                        html.Tr(
                            [html.Th(c) for c in (_("Row"), _("Column"), _("Value"), _("Reason"))]
                        )
                    ),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(str(r["row"])),
                                    html.Td(str(r["column"])),
                                    html.Td(str(r["value"])),
                                    html.Td(error_message(r["reason"])),
                                ]
                            )
                            for r in shown.to_dict("records")
                        ]
                    ),
                ],
                className="rejected",
            )
        )
        more = len(report.rejected) - REJECTED_SHOWN
        if more > 0:
            parts.append(
                html.P(
                    i18n.ngettext("and {n} more problem.", "and {n} more problems.", more).format(
                        n=text.number(more)
                    ),
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
                            _("Dataset name"),
                            dcc.Input(
                                id={"type": "dataset-name", "token": token},
                                value=report.file.rsplit(".", 1)[0],
                                maxLength=80,
                                type="text",
                            ),
                        ]
                    ),
                    html.Button(
                        _("Keep {what}").format(what=_what(report)),
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
        _header, encoded = content.split(",", 1)
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return UploadReport(
            name, error=_("{name}: expected a file upload, found unreadable data").format(name=name)
        )
    return check_upload(name, data, (uploaded_by or "unknown user").strip()[:80], limits)


def keep(token: str, name: str | None) -> str:
    """Keep the checked file held under ``token`` as a dataset; what to tell the user."""
    user = auth.require("editor")
    state = served()
    report = state.workspace.take(token, user.name)
    if report is None or report.frames is None or report.format is None:
        raise NotWaiting(_("That file is no longer waiting; upload it again."))
    info = state.workspace.save(
        name or report.file, report.frames, report.file, report.format, user.name, user.name
    )
    if info.name != info.requested:
        return _(
            "Kept {what} as dataset '{name}': a dataset named '{requested}' exists, so this one "
            "was renamed."
        ).format(what=_what(report), name=info.name, requested=info.requested)
    return _("Kept {what} as dataset '{name}'.").format(what=_what(report), name=info.name)


def change(slug: str, action: str, shown: bool = True) -> str:
    """Show, hide or remove a dataset the user may change; what to tell the user."""
    user = auth.require("editor")
    workspace = served().workspace
    info = workspace.dataset(slug)  # refuses an id that is no dataset
    if not user.may_change(info):
        raise Forbidden(
            _("'{name}' is {owner}'s: only they or an admin may change it").format(
                name=info.name, owner=info.owner
            )
        )
    if action == "remove":
        workspace.remove(slug)
        return _("Removed dataset '{name}'.").format(name=info.name)
    workspace.set_hidden(slug, not shown)
    if shown:
        return _("Dataset '{name}' is now shown.").format(name=info.name)
    return _("Dataset '{name}' is now hidden.").format(name=info.name)


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
        return html.P(error_message(error), className="error"), datasets_table()
    return html.P(message, className="message-ok"), datasets_table()


@ui.page_callback(Output("datasets-indicator", "children"), Input("_pages_location", "pathname"))
def indicator(_pathname):
    """On every page: how many of the user's datasets are shown."""
    infos, _problems = served().workspace.list()
    if not infos:
        return ""
    shown = sum(not i.hidden for i in infos)
    return [
        _("Your datasets: {shown} of {total} shown in every page").format(
            shown=shown, total=len(infos)
        )
        + " · ",
        dcc.Link(_("manage"), href="/upload"),
    ]
