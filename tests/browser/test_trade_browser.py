"""The Trade page's table under the chart follows the filters however quickly they change,
on a slow server, while the table is folded away."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from dashboard.pages import trade
from tests.browser.conftest import rendered

# Kazakhstan-China has yearly figures and no monthly ones: "Months" empties the table
# (no rows, no columns) and "Years" fills it again.
START = "/trade?partner=CHN"
YEARS = {
    "reporter": "KAZ",
    "partner": "CHN",
    "flow": "turnover",
    "freq": "A",
    "months": 5,
    "currency": "USD",
    "unit": "bn",
    "editions": "latest",
}
# The server runs in this process: each Trade update takes this much longer.
SLOW = 0.3


def _expected_periods(app, values: dict) -> list[str]:
    """The periods of the table's rows for ``values``, as the server renders them."""
    with app.server.test_request_context("/trade"):
        records = trade.render(values)[-2]
    return [row["period"] for row in records]


def test_the_table_follows_quick_filter_changes_on_a_slow_server(
    page: Page, live_app, live_server, monkeypatch
):
    periods = _expected_periods(live_app, YEARS)
    assert periods
    render = trade.render

    def slower(values: dict) -> tuple:
        time.sleep(SLOW)
        return render(values)

    monkeypatch.setattr(trade, "render", slower)
    page.goto(live_server + START)
    rendered(page)
    # The table is folded away while the filters change. Each change is made as soon as the
    # page shows the one before (its address has moved): the empty table's layout is still
    # being settled when the next figures are asked for.
    for _ in range(3):
        page.get_by_label("Months", exact=True).check()
        expect(page).to_have_url(re.compile(r"freq=M\b"))
        page.get_by_label("Years", exact=True).check()
        expect(page).not_to_have_url(re.compile(r"freq="))
    rendered(page)
    expect(page.locator("#trade-graph-caption")).to_contain_text("China")

    page.locator("#trade-table-box summary").click()
    # Every row of the last filters' figures is drawn (the chart has them too): no
    # "No Rows To Show" and no blank table left over from the empty one.
    cells = page.locator("#trade-table .ag-cell[col-id='period']:visible")
    expect(cells).to_have_text(periods, timeout=10_000)
    expect(page.locator("#trade-table .ag-overlay-no-rows-center:visible")).to_have_count(0)
