"""Plain HTTP routes beside the pages: /export.<fmt>, /template.xlsx and /healthz."""

from __future__ import annotations

import flask
import pycountry

from dashboard import __version__
from dashboard.context import served
from dashboard.errors import NotFound
from dashboard.export import EXPORTERS
from dashboard.export.names import file_name
from dashboard.views import build_view
from loaders.countries import AGGREGATES
from loaders.template import template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(fmt: str) -> flask.Response:
    """The view of ``?page=`` for the rest of the query string, as a download.

    The query string is read exactly as the page reads it (``build_view``), so a link the
    page refuses is refused here too, with HTTP 400 and the same reason.
    """
    if fmt not in EXPORTERS:
        raise NotFound(f"Unknown export format {fmt!r}: expected {', '.join(EXPORTERS)}")
    store = served().store
    args = flask.request.args
    page = args.get("page", "")
    view = build_view(page, args, store)
    exporter = EXPORTERS[fmt]
    body = exporter.render(view, store.sources_for(view.source_ids), __version__)
    response = flask.Response(body, mimetype=exporter.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(view, fmt)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def tidy_template() -> flask.Response:
    """The tidy template workbook users fill in with their own figures."""
    codes = sorted(c.alpha_3 for c in pycountry.countries) + sorted(AGGREGATES)
    response = flask.Response(template_bytes(codes), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="figures-template.xlsx"'
    return response


def healthz() -> flask.Response:
    """For a load balancer or a monitor: the app answers and holds its figures."""
    store = served().store
    return flask.jsonify(
        status="ok", version=__version__, observations=len(store.frames.observations)
    )


def register(server: flask.Flask) -> None:
    """Attach the export, template and health routes to the Flask server."""
    server.add_url_rule("/export.<fmt>", "export", export)
    server.add_url_rule("/template.xlsx", "tidy_template", tidy_template)
    server.add_url_rule("/healthz", "healthz", healthz)
