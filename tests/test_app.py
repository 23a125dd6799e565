"""app.py: the served app and how it is served (this machine only, debug off by default)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import app
from dashboard.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_app_serves_the_shell():
    client = app.wsgi().test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "Trade and investment figures" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, {"host": "127.0.0.1", "port": 8050, "debug": False}),
        ({"DASH_DEBUG": "no"}, {"host": "127.0.0.1", "port": 8050, "debug": False}),
        ({"DASH_DEBUG": "1"}, {"host": "127.0.0.1", "port": 8050, "debug": True}),
        ({"DASH_DEBUG": "True", "PORT": "9"}, {"host": "127.0.0.1", "port": 9, "debug": True}),
        ({"HOST": "0.0.0.0"}, {"host": "0.0.0.0", "port": 8050, "debug": False}),
    ],
)
def test_serve_options_keep_debug_off_unless_asked(environ, expected):
    assert app.serve_options(environ) == expected


def test_a_local_server_others_could_reach_is_refused(monkeypatch, capsys):
    monkeypatch.setenv("HOST", "0.0.0.0")
    assert app.main() == 2
    assert capsys.readouterr().err.startswith("error: local mode serves this machine only")


def test_every_app_in_a_process_gets_every_page_callback():
    clients = [create_app().server.test_client() for _ in range(2)]
    counts = []
    for client in clients:
        client.get("/")
        counts.append(len(client.get("/_dash-dependencies").get_json()))
    assert counts[0] == counts[1]
    assert counts[0] > 10


def test_the_rules_load_without_the_web_stack():
    """Period and claim rules, views, figures and exports import without Dash or Flask."""
    code = (
        "import sys, dashboard.periods, dashboard.claims, dashboard.views, dashboard.figures, "
        "dashboard.export, dashboard.text, dashboard.queries; "
        "print(sorted(m for m in ('dash', 'flask') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
