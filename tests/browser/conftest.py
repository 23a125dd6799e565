"""Browser tests: the app served on a free local port, driven in Debian's Chromium."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.store import default_store
from loaders.workspace import Workspace

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-results" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# A phone: the width of an iPhone 12-15, touch, the mobile viewport meta honoured.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Every page, with the heading that says it has rendered.
PAGES = {
    "overview": ("/", "Headline figures"),
    "claims": ("/claims", "Press claims checked against the statistics"),
    "trade": ("/trade", "Trade between two countries"),
    "partners": ("/partners", "A reporter's trade partners"),
    "products": ("/products", "What is traded: products"),
    "investment": ("/investment", "Kazakhstan-Qatar investment agreements"),
    "data": ("/data", "All figures"),
    "sources": ("/sources", "Sources"),
    "upload": ("/upload", "Your own files"),
    "check": ("/check", "Check an article"),
}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Keep Chromium off the network: only this machine's loopback resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def live_app():
    """The app :func:`live_server` serves (a test can ask it what a page should show)."""
    return create_app(default_store(), Workspace(tempfile.mkdtemp(prefix="figures-browser-")))


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app on 127.0.0.1 at a free port, for the whole session."""
    with serving(live_app) as url:
        yield url


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port, in a thread, while the block runs."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions of the page, collected as they happen."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture(scope="module")
def axe_page(browser):
    """A page axe-core can be injected into: its context ignores the app's
    Content-Security-Policy (which allows no script the server did not send). One per test
    module, so the bundles load once."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    """A page in a phone-sized touch screen (390 x 844), one per test module."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def open_page(page, live_server: str, name: str) -> None:
    """Open one of :data:`PAGES` and wait until it has rendered."""
    path, heading = PAGES[name]
    page.goto(live_server + path)
    expect(page.locator("h1")).to_contain_text(heading)
    rendered(page)


def rendered(page) -> None:
    """Wait until Dash has drawn the page: no callback pending, every chart plotted."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """() => !document.querySelector('[data-dash-is-loading=true]')
              && [...document.querySelectorAll('.dash-graph')]
                  .every(graph => graph.querySelector('.main-svg'))"""
    )


def serious_violations(page) -> str:
    """Run axe-core on the page as it stands; its serious and critical violations, one line
    each with the nodes they were found on ('' when there are none)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm ci installs axe-core)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run()")["violations"]
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        for v in found
        if v["impact"] in ("serious", "critical")
    )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
