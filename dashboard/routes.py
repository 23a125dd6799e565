"""Plain HTTP routes beside the pages: /export.<fmt>, /brief.pdf, /template.xlsx, /healthz."""

from __future__ import annotations

import re
import time

import flask
import pycountry

from dashboard import __version__
from dashboard.context import served
from dashboard.errors import NotFound
from dashboard.export import EXPORTERS
from dashboard.export.brief import brief_pdf
from dashboard.export.names import file_name
from dashboard.views import build_view
from loaders.countries import AGGREGATES
from loaders.template import template_bytes

# Set on every download (not HttpOnly: the page reads it to know the file has arrived).
DOWNLOAD_COOKIE = "figures_download"
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
    return _delivered(response)


def _delivered(response: flask.Response) -> flask.Response:
    """Mark a download as ready: the page (app.js) shows "Preparing ..." for a download
    that takes over a second, until this cookie says one has arrived."""
    response.set_cookie(DOWNLOAD_COOKIE, str(int(time.time() * 1000)), samesite="Strict", path="/")
    return response


def claim_brief() -> flask.Response:
    """One press claim on one page (PDF): its quote, both official figures, the verdict and
    its reasons, the chart and the sources; ``?claim=<its source id>``."""
    claim = flask.request.args.get("claim", "")
    body = brief_pdf(served().store, claim, __version__)
    response = flask.Response(body, mimetype="application/pdf")
    safe = re.sub(r"[^a-z0-9-]+", "-", claim.lower()).strip("-")[:100] or "claim"
    response.headers["Content-Disposition"] = f'attachment; filename="brief-{safe}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return _delivered(response)


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
    server.add_url_rule("/brief.pdf", "claim_brief", claim_brief)
    server.add_url_rule("/healthz", "healthz", healthz)
