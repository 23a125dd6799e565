"""dashboard.context: what an app serves is bound to that app, never found by accident."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.context import PendingUploads, served
from loaders.upload import UploadReport
from loaders.workspace import Workspace


def test_served_belongs_to_the_app_serving_the_request(dash_app, store):
    with dash_app.server.test_request_context("/"):
        assert served().store is store
        assert served().base is store


def test_served_outside_a_request_is_an_error_not_the_shipped_data():
    with pytest.raises(RuntimeError, match="needs the app serving a request"):
        served()


def test_two_apps_serve_their_own_stores(tmp_path, store):
    first = create_app(store, Workspace(tmp_path / "a"))
    second = create_app(store, Workspace(tmp_path / "b"))
    with first.server.app_context():
        a = served()
    with second.server.app_context():
        b = served()
    assert a is not b
    assert a.workspace.root != b.workspace.root


def test_pending_uploads_are_taken_once_and_bounded():
    pending = PendingUploads(limit=2)
    tokens = [pending.put(UploadReport(f"{n}.csv")) for n in range(3)]
    assert pending.take(tokens[0]) is None  # the oldest made room for the third
    report = pending.take(tokens[2])
    assert report is not None
    assert report.file == "2.csv"
    assert pending.take(tokens[2]) is None


def test_pending_uploads_expire():
    pending = PendingUploads(seconds=0)
    token = pending.put(UploadReport("a.csv"))
    pending.put(UploadReport("b.csv"))  # putting sweeps what has expired
    assert pending.take(token) is None
