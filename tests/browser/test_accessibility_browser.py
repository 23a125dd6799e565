"""axe-core on every served page, in Chromium: no serious or critical violation, on load and
in the states a reader brings about (a dropdown open, the chart's table and a point's
provenance shown, a phone's filters open, an upload checked)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGES, PHONE, open_page, rendered, serious_violations

GOOD = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"
    "KAZ,QAT,export,2019,4000000,USD,Ministry,Trade table,\n"
    "KAZ,QAT,export,2022-13,1,USD,Ministry,Trade table,\n"
)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violation_on_any_page(axe_page: Page, live_server, name):
    open_page(axe_page, live_server, name)
    violations = serious_violations(axe_page)
    assert not violations, f"{PAGES[name][0]}:\n{violations}"


def test_no_serious_violation_with_a_dropdown_open_and_a_point_chosen(axe_page: Page, live_server):
    axe_page.goto(live_server + "/trade")
    rendered(axe_page)
    axe_page.locator("#trade-partner").focus()
    axe_page.keyboard.press("Enter")
    expect(axe_page.get_by_role("dialog", name="Partner")).to_be_visible()
    opened = serious_violations(axe_page)
    axe_page.keyboard.press("Escape")
    box = axe_page.locator("#trade-table-box")
    box.locator("summary").click()
    box.locator(".ag-row[row-index='0'] .ag-cell[col-id='Mirror: reported by Russia']").click()
    expect(axe_page.locator("#trade-provenance")).to_contain_text("Where this number comes from")
    chosen = serious_violations(axe_page)
    assert not opened, f"dropdown open:\n{opened}"
    assert not chosen, f"table and provenance shown:\n{chosen}"


def test_no_serious_violation_on_a_phone(browser, live_server):
    context = browser.new_context(bypass_csp=True, **PHONE)
    page = context.new_page()
    try:
        page.goto(live_server + "/trade")
        rendered(page)
        page.get_by_role("button", name="Filters").click()
        expect(page.locator("#trade-filters")).to_be_visible()
        filters = serious_violations(page)
        page.goto(live_server + "/upload")
        page.locator("#upload-files input[type=file]").set_input_files(
            [{"name": "ministry.csv", "mimeType": "text/csv", "buffer": GOOD.encode()}]
        )
        expect(page.locator(".upload-report")).to_contain_text("1 figure accepted")
        rendered(page)
        report = serious_violations(page)
    finally:
        context.close()
    assert not filters, f"/trade, filters open:\n{filters}"
    assert not report, f"/upload, a file checked:\n{report}"
