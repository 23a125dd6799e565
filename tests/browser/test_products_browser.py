"""The Products page in Chromium: a tile tapped drills into it and moves the URL, the path
leads back up, the keyboard drills through the table under the chart, and the URL restores
the level."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import rendered, screenshot


def test_a_tile_tapped_drills_down_and_the_path_leads_back(page: Page, live_server, console_errors):
    page.goto(live_server + "/products")
    rendered(page)
    expect(page.locator("#products-graph .gtitle")).to_contain_text(
        "Kazakhstan's exports to Russia by HS section, 2021"
    )
    # The largest tile is section V, mineral products.
    page.locator("#products-graph g.slice").nth(1).click()
    expect(page).to_have_url(re.compile(r"within=V\b"))
    expect(page.locator("#products-graph .gtitle")).to_contain_text("V Mineral products")
    expect(page.locator("#products-ranked tbody tr").first).to_contain_text("26 Ores, slag and ash")
    # Down again through the ranked table's link, then back up by the path.
    page.get_by_role("link", name="26 Ores, slag and ash").click()
    expect(page).to_have_url(re.compile(r"within=26\b"))
    rendered(page)
    expect(page.locator("#products-ranked tbody tr").first).to_contain_text("2601 Iron ores")
    screenshot(page, "products-chapter-26")
    page.locator("#products-path").get_by_role("link", name="All sections").click()
    expect(page).not_to_have_url(re.compile(r"within="))
    rendered(page)
    expect(page.locator("#products-graph .gtitle")).to_contain_text("by HS section")
    assert console_errors == []


def test_the_keyboard_drills_through_the_table_under_the_chart(page: Page, live_server):
    page.goto(live_server + "/products?within=V")
    rendered(page)
    page.locator("#products-table-box summary").focus()
    page.keyboard.press("Enter")  # open the table
    expect(page.locator("#products-table .ag-cell:visible").first).to_be_visible(timeout=20_000)
    page.keyboard.press("Tab")  # into the table: its first column header
    page.keyboard.press("ArrowDown")  # the first row: chapter 26, the largest
    page.keyboard.press("ArrowRight")  # its figure
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"within=26\b"))
    expect(page.locator("#products-provenance")).to_contain_text("CEPII")


def test_the_address_restores_the_level_in_arabic(page: Page, live_server):
    page.goto(live_server + "/products?within=2601&lang=ar")
    rendered(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("#products-ranked tbody tr").first).to_contain_text("260111")
    screenshot(page, "products-heading-2601-ar")
