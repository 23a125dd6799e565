"""Whole exports pinned: the Trade and Claims CSV bodies for the shipped data, byte for byte.

A change to what these views show (a row, a figure, a word) fails here and must be looked
at. When it is intended, rewrite the files with
    FIGURES_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/dashboard/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).with_name("golden")
EXPORTS = {
    "trade.csv": "page=trade",
    "trade-jan-may-mn.csv": "page=trade&freq=YTD&months=5&unit=mn",
    "trade-kaz-chn-exports-all-editions.csv": "page=trade&partner=CHN&flow=export&editions=all",
    "claims.csv": "page=claims",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_body_is_pinned(client, name):
    response = client.get(f"/export.csv?{EXPORTS[name]}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    path = GOLDEN / name
    if os.environ.get("FIGURES_UPDATE_GOLDEN") == "1":
        path.write_text(body, encoding="utf-8", newline="")
    assert body == path.read_text(encoding="utf-8")
