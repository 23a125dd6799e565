"""Team mode as `make serve` runs it: gunicorn workers, compression, health, Host checks, and a
short load test (bench/load.py) with uploads running, with no failed request."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.load import (
    PASSWORD,
    TRADE_OUTPUTS,
    UPLOAD_CSV,
    Client,
    Results,
    free_port,
    start_server,
)
from dashboard.app import create_app
from loaders.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    Workspace(root).add_user("ada", PASSWORD, "admin")
    port = free_port()
    server = start_server(root, port, workers=2)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(60)


def test_health_sign_in_and_hosts(team_server):
    health = httpx.get(f"{team_server}/healthz")
    assert health.json()["status"] == "ok"
    assert health.json()["observations"] > 20_000
    assert httpx.get(f"{team_server}/login").status_code == 200
    foreign = httpx.get(f"{team_server}/healthz", headers={"Host": "rebound.example"})
    assert foreign.status_code == 400
    signed_out = httpx.get(f"{team_server}/trade", headers={"Accept": "text/html"})
    assert signed_out.status_code == 302


def test_a_short_load_with_uploads_has_no_failed_request():
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--clients", "8", "--seconds", "8", "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "errors 0;" in result.stdout
    assert "upload keep" in result.stdout


def test_same_name_keeps_through_two_workers_lose_nothing_and_tell_the_truth(tmp_path):
    """Two editors keep files under one name at the same moment, through two gunicorn
    workers on one workspace: every file is kept, each under its own name, and each answer
    names the dataset that was really kept (renamed where the name was taken)."""
    root = tmp_path / "workspace"
    workspace = Workspace(root)
    workspace.add_user("ada", PASSWORD, "admin")
    for name in ("ed", "eve"):
        workspace.add_user(name, PASSWORD, "editor")
    port = free_port()
    server = start_server(root, port, workers=2)
    results = Results()

    async def keep_all() -> list[str]:
        editors = [Client(f"http://127.0.0.1:{port}", n, results) for n in ("ed", "eve")]
        await asyncio.gather(*(e.sign_in() for e in editors))
        tokens = await asyncio.gather(
            *(e.check(UPLOAD_CSV.encode(), f"{e.name}-{i}.csv") for e in editors for i in range(3))
        )
        owners = [e for e in editors for _ in range(3)]
        answers = await asyncio.gather(
            *(e.keep(t, "Mine") for e, t in zip(owners, tokens, strict=True) if t)
        )
        await asyncio.gather(*(e.close() for e in editors))
        return [a or "" for a in answers]

    try:
        # In a thread of its own: Playwright's tests leave an event loop in this one.
        with ThreadPoolExecutor(1) as thread:
            answers = thread.submit(asyncio.run, keep_all()).result()
    finally:
        server.terminate()
        server.wait(60)
    assert results.errors == []
    said = sorted(re.search(r"as dataset '([^']+)'", a)[1] for a in answers)
    kept = sorted(info.name for info in workspace.list()[0])
    assert said == kept
    assert kept == ["Mine", *(f"Mine ({n})" for n in range(2, 7))]
    renamed = [a for a in answers if "as dataset 'Mine (" in a]
    assert len(renamed) == 5
    assert all("a dataset named 'Mine' exists, so this one was renamed" in a for a in renamed)
    workspace.close()


def test_the_load_test_asks_the_trade_callback_for_what_it_gives():
    """The load test posts the Trade page's callback by hand: its outputs must be the ones
    the page registers, or every callback of the load test fails."""
    app = create_app()
    app.server.test_client().get("/")
    key = next(k for k in app.callback_map if "trade-graph.figure" in k)
    registered = [
        f"{o.component_id}.{o.component_property}" for o in app.callback_map[key]["output"]
    ]
    assert list(TRADE_OUTPUTS) == registered
