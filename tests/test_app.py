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


def test_every_app_in_a_process_gets_every_page_callback():
    from dashboard import create_app

    clients = [create_app().server.test_client() for _ in range(2)]
    counts = []
    for client in clients:
        client.get("/")
        counts.append(len(client.get("/_dash-dependencies").get_json()))
    assert counts[0] == counts[1] > 10
