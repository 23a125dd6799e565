"""Plain HTTP routes beside the pages: /export.xlsx and /export.csv of any page's view."""

from __future__ import annotations

import flask

from dashboard.export import EXPORTERS
from dashboard.views import BadQuery, build_view, query_string


def export_response(fmt: str, args) -> flask.Response:
    """The view of ``page`` for the query string ``args`` as a download, or a 400."""
    from dashboard import __version__, current_store

    store = current_store()
    query = {k: v for k, v in args.items()}
    page = query.get("page", "")
    try:
        view = build_view(page, query, store)
    except BadQuery as error:
        return flask.Response(
            f"Bad query string: {error}\n", status=400, mimetype="text/plain; charset=utf-8"
        )
    mimetype, writer = EXPORTERS[fmt]
    shown = query_string(page, view.filters)
    if fmt == "xlsx":
        body = writer(view, store.sources_for(view.source_ids), __version__, shown)
    else:
        body = writer(view)
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="figures-{page}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def register_routes(server: flask.Flask) -> None:
    """Attach the export and template routes to the Flask server."""

    @server.route("/template.xlsx")
    def tidy_template() -> flask.Response:
        import pycountry

        from loaders.countries import AGGREGATES
        from loaders.template import template_bytes

        codes = sorted(c.alpha_3 for c in pycountry.countries) + sorted(AGGREGATES)
        response = flask.Response(
            template_bytes(codes),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response.headers["Content-Disposition"] = 'attachment; filename="figures-template.xlsx"'
        return response

    @server.route("/export.<fmt>")
    def export(fmt: str) -> flask.Response:
        if fmt not in EXPORTERS:
            return flask.Response(
                f"Unknown export format {fmt!r}: expected {', '.join(EXPORTERS)}\n",
                status=404,
                mimetype="text/plain; charset=utf-8",
            )
        return export_response(fmt, flask.request.args)
