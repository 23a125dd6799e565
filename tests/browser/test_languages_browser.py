"""Every page in English, Russian, Arabic and Kazakh in real Chromium: the document names its
language and direction, the frame of the page is translated, Arabic is laid out right to
left, and the language links keep the page's filters."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGES, rendered, screenshot, serious_violations
from tests.browser.test_pages_browser import _wait_idle

NAV_TRADE = {"en": "Trade", "ru": "Торговля", "ar": "التجارة", "kk": "Сауда"}


@pytest.mark.parametrize("lang", ["en", "ru", "ar", "kk"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_in_every_language(axe_page: Page, live_server, name, lang):
    """The document's language and direction, the translated frame, a screenshot, no console
    error and no serious or critical axe-core violation."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    def crashed(error) -> None:
        errors.append(str(error))

    axe_page.on("console", console)
    axe_page.on("pageerror", crashed)
    try:
        path, _heading = PAGES[name]
        axe_page.goto(f"{live_server}{path}?lang={lang}")
        rendered(axe_page)
        html = axe_page.locator("html")
        expect(html).to_have_attribute("lang", lang)
        expect(html).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        expect(axe_page.locator("h1").first).to_be_visible()
        expect(axe_page.locator("nav a.nav-link", has_text=NAV_TRADE[lang])).to_have_count(1)
        screenshot(axe_page, f"{name}-{lang}")
        violations = serious_violations(axe_page)
    finally:
        axe_page.remove_listener("console", console)
        axe_page.remove_listener("pageerror", crashed)
    assert not violations, f"{path}?lang={lang}:\n{violations}"
    assert errors == []


def test_arabic_pages_are_laid_out_right_to_left(page: Page, live_server):
    page.goto(f"{live_server}/trade?lang=ar")
    _wait_idle(page)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The navigation starts at the right: the brand sits right of the first page link.
    brand = page.locator("nav a.brand").bounding_box()
    first = page.locator("nav a.nav-link").first.bounding_box()
    assert brand is not None
    assert first is not None
    assert brand["x"] > first["x"]
    # Numbers stay in Latin digits, left to right, inside the Arabic text.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"


def test_the_language_links_keep_the_filters_and_the_choice_sticks(page: Page, live_server):
    page.goto(f"{live_server}/trade?partner=CHN&freq=A")
    _wait_idle(page)
    link = page.locator("#languages a[lang=ru]")
    expect(link).to_have_attribute("href", "/trade?partner=CHN&freq=A&lang=ru")
    link.click()
    _wait_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # The cookie carries the language to the next page, without ?lang= in its address.
    page.goto(f"{live_server}/partners")
    _wait_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#languages a[aria-current=true]")).to_have_attribute("lang", "ru")
