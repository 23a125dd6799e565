"""dashboard.context: what an app serves is bound to that app, never found by accident."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.context import served
from dashboard.pages.upload import handle_upload
from loaders.guard import Limits
from loaders.workspace import Workspace
from tests.dashboard.test_upload import CSV, _data_url


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


def test_a_change_made_by_another_process_is_served_at_the_next_check(tmp_path, store):
    first = create_app(store, Workspace(tmp_path))
    with first.server.app_context():
        served().recheck_seconds = 0  # look at every request (in service: every second)
    other = Workspace(tmp_path)  # as another server process would open it
    report = handle_upload("mine.csv", _data_url(CSV.encode()), "Ana", Limits())
    other.save("Mine", report.frames, report.file, report.format, "Ana")
    with first.server.test_request_context("/"):
        assert served().store.observations.source_id.str.startswith("mine:").sum() == 2
    other.set_hidden("mine", True)
    with first.server.test_request_context("/"):
        assert served().store.observations.source_id.str.startswith("mine:").sum() == 0
