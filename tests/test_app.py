"""app.py builds the app with debug off and serves every page."""

from __future__ import annotations

import app


def test_app_serves_the_shell_with_debug_off():
    client = app.server.test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "Trade and investment figures" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 200
    assert not app.app.server.debug
