"""Serve the dashboard: `python app.py` on this machine (local mode, http://127.0.0.1:8050),
or `gunicorn 'app:wsgi()'` for a team (see gunicorn.conf.py and `make serve`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import flask

from dashboard.app import create_app


def serve_options(environ: Mapping[str, str]) -> dict:
    """Host, port and debug from HOST, PORT and DASH_DEBUG: this machine only, port 8050 and
    debug off unless the environment asks otherwise."""
    return {
        "host": environ.get("HOST", "127.0.0.1"),
        "port": int(environ.get("PORT", "8050")),
        "debug": environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    }


def wsgi() -> flask.Flask:
    """The WSGI application for gunicorn (team mode reads FIGURES_MODE=team and the rest
    from the environment)."""
    return create_app().server


def main() -> int:
    """Serve on this machine with Dash's own server; a setting that cannot be served safely
    is one line and exit status 2."""
    try:
        app = create_app()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app.run(**serve_options(os.environ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
