"""The Trade page by keyboard alone, in Chromium: a partner chosen by typing its name, every
filter changed, a point's provenance reached through the table under the chart, and the
export downloaded."""

from __future__ import annotations

import re

import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.conftest import rendered

# Each filter, the keys that change it from the focused control, and what the address then
# says. A dropdown takes a typed name and Enter; a radio group takes an arrow.
FILTERS = [
    ("trade-reporter", "Russia", "reporter=RUS"),
    ("trade-partner", "Kazakhstan", "partner=KAZ"),
    ("trade-flow", "ArrowLeft", "flow=import"),
    ("trade-freq", "ArrowRight ArrowRight", "freq=YTD"),
    ("trade-months", "Jan-Mar", "months=3"),
    ("trade-currency", "ArrowRight", "currency=EUR"),
    ("trade-unit", "ArrowRight", "unit=mn"),
    ("trade-editions", "ArrowRight", "editions=all"),
]


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on ``selector`` (or inside it)."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate(
            "s => { const a = document.activeElement; "
            "return a.closest(s) ? '' : a.tagName + '#' + a.id + '.' + a.className; }",
            selector,
        )
        if not here:
            return
        passed.append(here)
    raise AssertionError(f"Tab never reached {selector}; it passed {passed}")


def _ring(page: Page) -> str:
    """The width of the focus ring around the focused element."""
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")


def _focused_text(page: Page) -> str:
    """The text of the table cell that has the focus ('' when no cell has it)."""
    return page.evaluate(
        "() => { const cell = document.activeElement.closest('.ag-cell');"
        " return cell ? cell.textContent.trim() : ''; }"
    )


def test_every_filter_a_point_and_an_export_by_keyboard_alone(page: Page, live_server, tmp_path):
    page.goto(live_server + "/trade")
    rendered(page)

    # The skip link comes first, shows itself, and leads past the navigation.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#trade-reporter")).to_be_focused()
    assert _ring(page) == "3px"

    # The partner by its name: Tab to the dropdown, type, Enter.
    page.keyboard.press("Tab")
    expect(page.locator("#trade-partner")).to_be_focused()
    page.keyboard.type("China")
    expect(page.get_by_role("dialog", name="Partner").locator("label").first).to_have_text(
        "China (CHN)"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"partner=CHN"))
    expect(page.locator("#trade-partner")).to_be_focused()
    page.keyboard.press("Shift+Tab")

    for control, keys, shown in FILTERS:
        if control != "trade-reporter":
            page.keyboard.press("Tab")
        # The dropdown's button, or the radio group's chosen radio.
        expect(page.locator(f"#{control}:focus, #{control} :focus")).to_have_count(1)
        assert _ring(page) == "3px", control
        if keys.startswith("Arrow"):
            for key in keys.split():
                page.keyboard.press(key)
        else:
            page.keyboard.type(keys)
            # Enter takes the first name the typing left in the list.
            expect(page.get_by_role("dialog").locator("label").first).to_contain_text(keys)
            page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(shown))
    rendered(page)
    expect(page.locator("#trade-graph-caption")).to_contain_text("Kazakhstan")

    # A point's provenance: open the table under the chart (folded away while the eight
    # filters changed, as test_trade_browser.py does on a slow server), arrow to a figure,
    # Enter.
    _tab_to(page, "#trade-table-box summary")
    page.keyboard.press("Enter")
    # The grid draws its rows once it is shown (in a later frame): wait for them before
    # moving into it.
    expect(page.locator("#trade-table .ag-cell:visible").first).to_be_visible(timeout=20_000)
    page.keyboard.press("Tab")  # into the table: its first column header
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    # Down the first column of figures, then up the next, until a cell holds a figure (a
    # line may have no figure for the early periods, e.g. a dataset another test kept).
    for column in range(8):
        for _ in range(60):
            if _focused_text(page):
                break
            page.keyboard.press("ArrowDown" if column % 2 == 0 else "ArrowUp")
        if _focused_text(page):
            break
        page.keyboard.press("ArrowRight")
    assert _focused_text(page), "no figure in the table under the chart"
    period = page.evaluate(
        """() => { const api = dash_ag_grid.getApi('trade-table');
                   const row = api.getFocusedCell().rowIndex;
                   return api.getDisplayedRowAtIndex(row).data.period; }"""
    )
    page.keyboard.press("Enter")
    provenance = page.locator("#trade-provenance")
    expect(provenance).to_contain_text("Where this number comes from")
    expect(provenance).to_contain_text(f"EUR ({period})")
    expect(provenance).to_contain_text("Place in the source")

    # The export, by Enter on its link.
    _tab_to(page, "#trade-export-xlsx")
    assert _ring(page) == "3px"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    about = {
        row[0]: row[1] for row in openpyxl.load_workbook(path)["About"].iter_rows(values_only=True)
    }
    for _, _, shown in FILTERS:
        assert shown in about["Filters"]
