"""Every page in real Chromium: loads cleanly, filters move the chart and the URL, the URL
restores the view, and the downloaded workbook holds exactly the rows shown."""

from __future__ import annotations

import dataclasses
import re
import time

import openpyxl
import pytest
import requests
from playwright.sync_api import Page, expect

from dashboard.export import EXPORTERS
from loaders import fetch as official_api
from tests.browser.conftest import PAGES, screenshot


def _wait_idle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=true]')")


def _chart_title(page: Page, graph: str) -> str:
    return page.locator(f"#{graph} .gtitle").first.text_content() or ""


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_console_errors(page: Page, live_server, console_errors, name):
    path, heading = PAGES[name]
    page.goto(live_server + path)
    expect(page.locator("h1")).to_contain_text(heading)
    _wait_idle(page)
    if name in ("trade", "partners", "investment"):
        expect(page.locator(f"#{name}-graph .main-svg").first).to_be_visible()
    if name == "data":
        expect(page.locator("#data-grid .ag-row").first).to_be_visible()
    screenshot(page, name)
    assert console_errors == []


def _pick(page: Page, control: str, option: str) -> None:
    """Choose an option of a Dash 4 dropdown: a button that opens a dialog with a search box
    and a virtualised list of radio buttons (only the visible ones exist, so search first)."""
    page.locator(f"#{control}").click()
    page.locator("input.dash-dropdown-search").fill(option.split(" (")[0])
    page.get_by_role("dialog").get_by_text(option, exact=True).click()


def test_trade_filters_move_chart_and_url_and_the_url_restores_them(
    page: Page, live_server, context
):
    page.goto(live_server + "/trade")
    _wait_idle(page)
    before = _chart_title(page, "trade-graph")
    assert "trade (turnover) with Russia" in before
    page.get_by_label("Exports").check()
    expect(page).to_have_url(re.compile(r"flow=export"))
    expect(page.locator("#trade-graph .gtitle")).to_contain_text("exports to Russia")
    _pick(page, "trade-partner", "China (CHN)")
    expect(page).to_have_url(re.compile(r"partner=CHN"))
    expect(page.locator("#trade-graph .gtitle")).to_contain_text("exports to China")
    shared = page.url
    fresh = context.new_page()
    fresh.goto(shared)
    _wait_idle(fresh)
    expect(fresh.locator("#trade-graph .gtitle")).to_contain_text("exports to China")
    expect(fresh.get_by_label("Exports")).to_be_checked()
    expect(fresh.locator("#trade-partner")).to_contain_text("China (CHN)")
    screenshot(fresh, "trade-restored")


def test_like_for_like_view_and_provenance_click(page: Page, live_server):
    page.goto(live_server + "/trade?freq=YTD&months=5")
    _wait_idle(page)
    expect(page.locator("#trade-graph .gtitle")).to_contain_text("Jan-May of each year")
    expect(page.locator("#trade-notes")).to_contain_text("no Jan-May figures loaded")
    point = page.locator("#trade-graph .scatterlayer .trace .points path").first
    point.click(force=True)
    expect(page.locator("#trade-provenance")).to_contain_text("Where this number comes from")
    expect(page.locator("#trade-provenance")).to_contain_text("Place in the source")


def test_the_table_under_the_chart_holds_its_points_and_their_change(page: Page, live_server):
    page.goto(live_server + "/trade?freq=YTD&months=5")
    _wait_idle(page)
    table = page.locator("#trade-table-box")
    expect(table.locator("summary")).to_have_text("The chart's figures as a table")
    table.locator("summary").click()
    expect(table.locator(".ag-header-cell-text").first).to_have_text("Period")
    expect(table.locator(".ag-pinned-left-cols-container")).to_contain_text("Jan-May 2021")
    expect(table).to_contain_text("change on a year earlier, %")
    # Sorting by the change column puts the largest rise last.
    table.get_by_text("Mirror: reported by Russia: change on a year earlier, %").click()
    expect(table.locator(".ag-row").first).to_be_visible()


def test_the_chart_downloads_as_images_named_like_the_workbook(page: Page, live_server, tmp_path):
    page.goto(live_server + "/trade")
    _wait_idle(page)
    _pick(page, "trade-partner", "China (CHN)")
    expect(page).to_have_url(re.compile(r"partner=CHN"))
    expect(page.locator("#trade-export-svg")).to_have_attribute(
        "href", re.compile(r"/export\.svg\?partner=CHN.*&page=trade$")
    )
    for fmt in ("png", "svg", "pdf"):
        with page.expect_download() as info:
            page.locator(f"#trade-export-{fmt}").click()
        assert info.value.suggested_filename == f"kaz-chn-turnover-2018-2022.{fmt}"
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        data = path.read_bytes()
        assert data.startswith({"png": b"\x89PNG", "svg": b"<svg", "pdf": b"%PDF"}[fmt])
    assert "Source:" in (tmp_path / "kaz-chn-turnover-2018-2022.svg").read_text(encoding="utf-8")


def test_a_slow_download_says_it_is_being_prepared_until_it_arrives(
    page: Page, live_server, tmp_path, monkeypatch
):
    # The server runs in this process: its workbooks take two seconds more to build (the
    # whole ledger takes under one now, too quick for the message to show).
    slow = EXPORTERS["xlsx"]

    def slower(*args):
        time.sleep(2)
        return slow.render(*args)

    monkeypatch.setitem(EXPORTERS, "xlsx", dataclasses.replace(slow, render=slower))
    page.goto(live_server + "/data")
    _wait_idle(page)
    status = page.locator("#download-status")
    with page.expect_download(timeout=60_000) as info:
        page.locator("#data-export-xlsx").click()
        expect(status).to_contain_text("Preparing the download", timeout=10_000)
    info.value.save_as(tmp_path / info.value.suggested_filename)
    expect(status).to_contain_text("Download ready")
    expect(status).to_be_empty(timeout=10_000)


def test_get_official_figures_says_in_one_line_when_the_publisher_is_unreachable(
    page: Page, live_server, monkeypatch
):
    # The server runs in this process: its fetches go to an adapter that cannot connect.
    class Offline(requests.adapters.BaseAdapter):
        def send(self, request, **kwargs):
            raise requests.ConnectionError("Failed to resolve 'api.imf.org'")

        def close(self):
            pass

    def offline():
        session = requests.Session()
        session.mount("https://", Offline())
        return session

    monkeypatch.setattr(official_api, "_default_session", offline)
    page.goto(live_server + "/trade?freq=YTD&months=5")
    _wait_idle(page)
    button = page.get_by_role("button", name=re.compile("Get official figures: Kazakhstan"))
    expect(button).to_be_visible()
    button.click()
    status = page.locator(".fetch-offer [role=status]").first
    expect(status).to_contain_text("Could not get the figures: imf: ")
    expect(status).to_contain_text("could not be reached")


def _download(page: Page, link: str, tmp_path) -> openpyxl.Workbook:
    with page.expect_download() as info:
        page.locator(f"#{link}").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return openpyxl.load_workbook(path)


def _data_rows(book: openpyxl.Workbook) -> list[dict]:
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_trade_export_holds_exactly_the_points_shown(page: Page, live_server, tmp_path):
    page.goto(live_server + "/trade?freq=YTD&months=5&unit=mn")
    _wait_idle(page)
    shown = page.evaluate(
        """() => document.querySelector('#trade-graph .js-plotly-plot').data
              .flatMap(t => t.customdata.map(c => [t.name, c[0], c[5]]))"""
    )
    book = _download(page, "trade-export-xlsx", tmp_path)
    rows = _data_rows(book)
    assert sorted((r["series"], r["period"], r["source_id"]) for r in rows) == sorted(
        map(tuple, shown)
    )
    cited = {r[0] for r in book["Sources"].iter_rows(min_row=2, values_only=True)}
    assert {r["source_id"] for r in rows} <= cited
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert "freq=YTD" in about["Filters"]


def test_partners_dropdown_and_export(page: Page, live_server, tmp_path):
    page.goto(live_server + "/partners")
    _wait_idle(page)
    _pick(page, "partners-year", "2020")
    expect(page).to_have_url(re.compile(r"year=2020"))
    expect(page.locator("#partners-graph .gtitle")).to_contain_text("2020")
    bars = page.evaluate(
        "() => document.querySelector('#partners-graph .js-plotly-plot').data[0].y.length"
    )
    rows = _data_rows(_download(page, "partners-export-xlsx", tmp_path))
    assert len([r for r in rows if r["series"] == "Partner"]) == bars
    assert {r["period"] for r in rows} == {"2020"}


def test_data_grid_filter_goes_into_url_and_export(page: Page, live_server, tmp_path):
    page.goto(live_server + "/data?reporter=KAZ&partner=RUS")
    _wait_idle(page)
    expect(page.locator("#data-count")).to_contain_text("rows")
    floating = page.locator(".ag-floating-filter[aria-colindex] input").nth(4)  # the flow column
    header = page.locator(".ag-header-cell-text", has_text="flow").first
    expect(header).to_be_visible()
    floating.fill("turnover")
    expect(page).to_have_url(re.compile(r"grid="), timeout=10_000)
    count_text = page.locator("#data-count").text_content()
    count = int(re.sub(r"\D", "", count_text))
    rows = _data_rows(_download(page, "data-export-xlsx", tmp_path))
    assert len(rows) == count
    assert {r["flow"] for r in rows} == {"turnover"}
    assert {r["reporter"] for r in rows} == {"KAZ"}
    fresh = page.context.new_page()
    fresh.goto(page.url)
    _wait_idle(fresh)
    expect(fresh.locator("#data-count")).to_have_text(count_text)


def test_investment_shows_undisclosed_sectors(page: Page, live_server):
    page.goto(live_server + "/investment")
    _wait_idle(page)
    table = page.locator("#investment-sectors")
    expect(table.locator("tbody tr")).to_have_count(8)
    expect(table).to_contain_text("not disclosed")
    assert page.locator("#investment-graph .js-plotly-plot").evaluate("n => n.data.length") == 1


def test_sources_quote_is_right_to_left(page: Page, live_server):
    page.goto(live_server + "/sources?kind=press")
    _wait_idle(page)
    quote = page.locator("blockquote[dir=rtl]").first
    expect(quote).to_contain_text("روسيا")
    assert quote.evaluate("n => getComputedStyle(n).direction") == "rtl"
    page.get_by_label("official statistics").check()
    expect(page).to_have_url(re.compile(r"kind=official_statistics"))


def test_bad_link_shows_a_message_not_a_traceback(page: Page, live_server, console_errors):
    page.goto(live_server + "/trade?reporter=XXX")
    expect(page.locator("#trade-error")).to_contain_text("reporter='XXX'")
    assert "Traceback" not in page.content()
