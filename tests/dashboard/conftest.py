"""One app and store for the dashboard tests."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.store import default_store


@pytest.fixture(scope="session")
def store():
    return default_store()


@pytest.fixture(scope="session")
def dash_app(store):
    return create_app(store)


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()
