"""The app serves on its own, with debug off."""

from __future__ import annotations

import app


def test_index_and_layout():
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    assert "figures from" in layout.get_data(as_text=True)
    assert not app.app.server.debug
