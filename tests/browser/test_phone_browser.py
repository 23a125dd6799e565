"""Every page on a phone (390 x 844, touch), in Chromium: nothing wider than the screen, the
filters in a drawer so the first chart shows on the first screen, charts that fit with
their title and sources as text, and a tap on a point for its provenance."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGES, PHONE, open_page, rendered, screenshot

# Elements that stick out past the right edge of the screen, unless a box that clips or
# scrolls its content (a chart, a grid, a table's scroll box) holds them.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const held = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !held(el))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + '.' + String(el.className.baseVal ?? el.className).split(' ')[0]);
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_is_wider_than_the_phone(phone: Page, live_server, name):
    open_page(phone, live_server, name)
    screenshot(phone, f"phone-{name}")
    wide = phone.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["viewport"]["width"], phone.evaluate(STICKING_OUT)


@pytest.mark.parametrize("name", ["trade", "partners", "data"])
def test_filters_fold_into_a_drawer_and_the_first_chart_is_on_the_first_screen(
    phone: Page, live_server, name
):
    phone.goto(live_server + PAGES[name][0])
    rendered(phone)
    drawer = phone.get_by_role("button", name="Filters")
    filters = phone.locator(f"#{name}-filters")
    expect(drawer).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()
    first = phone.locator(".chart .main-svg, .ag-root").first
    top = first.bounding_box()
    assert top is not None
    assert top["y"] + 200 <= PHONE["viewport"]["height"], f"the first chart starts at {top['y']}"
    drawer.tap()
    expect(filters).to_be_visible()
    expect(drawer).to_have_attribute("aria-expanded", "true")
    drawer.tap()
    expect(filters).to_be_hidden()


def test_a_chart_fits_with_its_words_as_text_and_a_tap_shows_a_point(phone: Page, live_server):
    phone.goto(live_server + "/trade")
    rendered(phone)
    graph = phone.locator("#trade-graph")
    # The plot drops its title and source line; the page shows them as text, which wraps.
    expect(graph.locator(".gtitle")).to_have_count(0)
    caption = phone.locator("#trade-graph-caption")
    expect(caption.locator(".chart-title")).to_be_visible()
    expect(caption.locator(".chart-title")).to_contain_text(
        "Kazakhstan's trade (turnover) with Russia"
    )
    expect(caption).to_contain_text("Latest: ")
    expect(phone.locator("#trade-graph-sources")).to_contain_text("Source: ")
    box = graph.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["viewport"]["width"]
    # The words speak to a finger, and a tap on a point gives its provenance.
    expect(phone.locator(".lead")).to_contain_text("Tap a point")
    expect(phone.locator("main")).not_to_contain_text("Hover")
    graph.locator(".scatterlayer .trace .points path").last.tap(force=True)
    expect(phone.locator("#trade-provenance")).to_contain_text("Where this number comes from")
    screenshot(phone, "phone-trade-provenance")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_languages_are_in_sight_on_a_phone_and_the_pages_scroll_below_them(
    phone: Page, live_server, lang
):
    """The language links open the page, on a line of their own at its end (the left in
    Arabic); the pages scroll in a row of their own, never pushing the languages off the
    screen."""
    phone.goto(f"{live_server}/trade?lang={lang}")
    rendered(phone)
    width = PHONE["viewport"]["width"]
    links = phone.locator("#languages a").all()
    assert len(links) == 4
    boxes = [link.bounding_box() for link in links]
    for box in boxes:
        assert box is not None
        assert box["x"] >= 0, (lang, box)
        assert box["x"] + box["width"] <= width, (lang, box)
        assert box["y"] + box["height"] <= 80, (lang, box)  # at the top of the screen
    brand = phone.locator("nav .brand").bounding_box()
    pages = phone.locator("nav .nav-pages").bounding_box()
    assert brand
    assert pages
    assert pages["y"] >= brand["y"] + brand["height"] - 1  # the pages below the name
    # The languages sit at the end of their line: the right, or the left in Arabic.
    left = min(box["x"] for box in boxes if box)
    right = max(box["x"] + box["width"] for box in boxes if box)
    if lang == "ar":
        assert left <= 20, left
    else:
        assert right >= width - 20, right
    scrolls = phone.evaluate(
        "() => { const p = document.querySelector('nav .nav-pages');"
        " return p.scrollWidth > p.clientWidth && getComputedStyle(p).overflowX === 'auto'; }"
    )
    assert scrolls  # nine pages are wider than a phone: their row scrolls
