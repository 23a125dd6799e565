"""Build the Dash app and serve it on http://127.0.0.1:8050 (debug off)."""

from __future__ import annotations

import os

from dashboard import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    )
