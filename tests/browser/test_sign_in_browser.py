"""Team mode in Chromium: sign in, see the pages as a viewer, sign out."""

from __future__ import annotations

import tempfile

import pytest
from playwright.sync_api import Page, expect

from dashboard.app import create_app
from dashboard.settings import Serving
from dashboard.store import default_store
from loaders.workspace import Workspace
from tests.browser.conftest import screenshot, serving

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def team_server():
    workspace = Workspace(tempfile.mkdtemp(prefix="figures-team-browser-"))
    workspace.add_user("ada", PASSWORD, "admin")
    workspace.add_user("vi", PASSWORD, "viewer")
    team = Serving("team", ("localhost", "127.0.0.1", "::1"), "127.0.0.1:0", False)
    app = create_app(default_store(), workspace, team)
    with serving(app) as url:
        yield url
    workspace.close()


def test_sign_in_as_a_viewer_and_out(page: Page, team_server, console_errors):
    page.goto(team_server + "/trade?partner=CHN")
    expect(page).to_have_url(f"{team_server}/login?next=%2Ftrade%3Fpartner%3DCHN")
    page.get_by_label("Name").fill("vi")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
    console_errors.clear()  # the refused sign-in is a 401, which Chromium logs
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#trade-graph .gtitle")).to_contain_text("China")
    expect(page.locator("#user-box")).to_contain_text("Signed in as vi (viewer)")
    page.goto(team_server + "/upload")
    expect(page.locator("#upload-viewer")).to_contain_text("a viewer")
    expect(page.locator("#upload-files")).to_have_count(0)
    screenshot(page, "upload-viewer")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{team_server}/login")
    assert console_errors == []
