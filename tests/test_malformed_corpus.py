"""Hundreds of malformed inputs through the command line and the upload handler: each refused
with one clear line, none crashes, and the workspace is untouched by every one of them. Hostile
files (built to crash or exhaust a reader) leave the server serving."""

from __future__ import annotations

import base64
import contextlib
import io
import re
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.pages.upload import handle_upload
from loaders import __main__ as cli
from loaders.guard import Limits
from loaders.workspace import Workspace
from tests.corpus import build, hostile

MAX_BYTES = 1_000_000
LIMITS = Limits(max_bytes=MAX_BYTES, max_seconds=20)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"), MAX_BYTES)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, store):
    """A workspace that already holds a dataset: refused files must leave it as it is."""
    from dashboard.store import default_store

    root = tmp_path_factory.mktemp("workspace")
    space = Workspace(root)
    frames = default_store().frames
    kept = frames.observations[frames.observations.source_id == "un-comtrade-25fc920338"]
    from loaders import Frames

    space.save(
        "Comtrade sample",
        Frames(
            observations=kept,
            sources=frames.sources[frames.sources.source_id == "un-comtrade-25fc920338"],
        ),
        "HS.json",
        "comtrade",
        "tester",
    )
    return space


@pytest.fixture(scope="module")
def store():
    from dashboard.store import default_store

    return default_store()


def test_corpus_is_large_and_varied(corpus):
    assert len(corpus) >= 200
    kinds = {re.split(r"[-.]", case)[0] for case, _, _ in corpus}
    assert {
        "truncated",
        "corrupt",
        "zipbomb",
        "missing",
        "wrong",
        "bns",
        "mixed",
        "huge",
        "negative",
        "unknown",
        "formula",
        "html",
        "utf16",
        "empty",
        "oversize",
        "eurostat",
        "comtrade",
        "fcs",
        "tidy",
    } <= kinds


def _one_clear_line(message: str, name: str) -> None:
    assert message, "no message"
    assert "\n" not in message.strip()
    assert "Traceback" not in message
    assert 'File "' not in message
    assert "expected" in message
    assert name.split(".")[0] in message or "upload" in message


def test_upload_handler_refuses_every_malformed_file(corpus, workspace):
    before = workspace.checksum()
    failures = []
    for case, name, data in corpus:
        content = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
        report = handle_upload(name, content, "tester", LIMITS)
        try:
            assert not report.ok, f"{case} was accepted"
            _one_clear_line(report.error, name)
            for reason in report.rejected.reason:
                assert "Traceback" not in reason
                assert reason
            assert workspace.checksum() == before, f"{case} changed the workspace"
        except AssertionError as error:
            failures.append(f"{case}: {error} ({report.error})")
    assert not failures, "\n".join(failures[:20])


def test_command_line_refuses_every_malformed_file(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("FIGURES_MAX_UPLOAD_MB", str(MAX_BYTES / 2**20))
    failures = []
    for case, name, data in corpus:
        path = tmp_path / name
        path.write_bytes(data)
        out = tmp_path / "out.csv"
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            status = cli.main(["load", str(path), "--out", str(out)])
        message = stderr.getvalue()
        try:
            assert status == 2, f"exit {status}"
            assert message.startswith("error: ")
            _one_clear_line(message, name)
            assert not out.exists(), "wrote output"
            assert not list(tmp_path.glob(".out.csv.*")), "left a temporary file"
        except AssertionError as error:
            failures.append(f"{case}: {error} ({message.strip()})")
        path.unlink()
    assert not failures, "\n".join(failures[:20])


def test_a_real_subprocess_run_has_no_traceback(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "load", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_server_keeps_serving_after_every_hostile_upload(tmp_path, store):
    # Checked in the server's own process, some of these aborted it (the far cell, the
    # shared-strings bomb); none may stop it from serving now.
    app = create_app(store, Workspace(tmp_path / "workspace"))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    before = Workspace(tmp_path / "workspace").checksum()
    failures = []
    for h in hostile(tmp_path):
        content = "data:application/octet-stream;base64," + base64.b64encode(h.data).decode()
        report = handle_upload(h.name, content, "tester", Limits(max_seconds=5))
        status = client.get("/").status_code
        try:
            assert not report.ok, "accepted"
            _one_clear_line(report.error, h.name)
            assert status == 200, f"then GET / answered {status}"
        except AssertionError as error:
            failures.append(f"{h.case}: {error} ({report.error})")
    assert not failures, "\n".join(failures)
    assert Workspace(tmp_path / "workspace").checksum() == before
