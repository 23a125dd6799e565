"""Serve the dashboard on http://127.0.0.1:8050 with the shipped data (debug off)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from dashboard.app import create_app

app = create_app()
server = app.server


def serve_options(environ: Mapping[str, str]) -> dict:
    """Host, port and debug from HOST, PORT and DASH_DEBUG: this machine only, port 8050 and
    debug off unless the environment asks otherwise."""
    return {
        "host": environ.get("HOST", "127.0.0.1"),
        "port": int(environ.get("PORT", "8050")),
        "debug": environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    }


if __name__ == "__main__":
    app.run(**serve_options(os.environ))
