"""Uploading in Chromium: a good and a bad file, the report, the preview, keeping, hiding."""

from __future__ import annotations

import csv
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

GOOD = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"
    "KAZ,QAT,export,2019,4000000,USD,Ministry,Trade table,<b>not bold</b>\n"
    "KAZ,QAT,export,2020,5000000,USD,Ministry,Trade table,\n"
    "KAZ,QAT,export,2021,6000000,USD,Ministry,Trade table,\n"
    "KAZ,QAT,export,2022-13,1,USD,Ministry,Trade table,\n"
)
BAD = "reporter,partner,value\n<script>window.hacked=1</script>,QAT,5\n"


def test_upload_good_and_bad_files(page: Page, live_server, console_errors):
    page.goto(live_server + "/upload")
    expect(page.locator("h1")).to_have_text("Your own files")
    page.locator("#upload-files input[type=file]").set_input_files(
        [
            {"name": "ministry.csv", "mimeType": "text/csv", "buffer": GOOD.encode()},
            {"name": "broken.csv", "mimeType": "text/csv", "buffer": BAD.encode()},
        ]
    )
    reports = page.locator(".upload-report")
    expect(reports).to_have_count(2, timeout=20_000)
    good, bad = reports.nth(0), reports.nth(1)
    expect(good).to_contain_text("3 figures accepted, 1 problem in rejected rows")
    expect(good.locator(".rejected")).to_contain_text("a month between 01 and 12")
    expect(good.locator(".upload-preview .main-svg").first).to_be_visible()
    # Detection says what the tidy template (and each other candidate) missed, and links to it.
    expect(bad.locator(".upload-error")).to_contain_text(
        "broken.csv: row 1: expected a file in a known format"
    )
    expect(bad.locator(".upload-error")).to_contain_text(
        "missing a flow column, a period column, a currency column"
    )
    expect(bad.get_by_role("link", name="tidy template")).to_have_attribute(
        "href", "/template.xlsx"
    )
    # Text from files stays text.
    assert page.evaluate("() => window.hacked") is None
    screenshot(page, "upload-report")
    good.locator("input").fill("Ministry exports")
    good.get_by_role("button", name=re.compile("Keep 3 figures")).click()
    expect(page.locator("#upload-message")).to_contain_text(
        "Kept 3 figures as dataset 'Ministry exports'"
    )
    expect(page.locator("#datasets-list")).to_contain_text("Ministry exports")
    page.goto(live_server + "/trade?partner=QAT&flow=export")
    expect(page.locator("#datasets-indicator")).to_contain_text("1 of 1 shown")
    expect(page.locator("#trade-graph .gtitle")).to_contain_text("exports to Qatar")
    series = page.evaluate(
        "() => document.querySelector('#trade-graph .js-plotly-plot')"
        ".data.map(t => t.customdata.map(c => c[5]))"
    )
    assert any(s.startswith("ministry-exports:") for trace in series for s in trace)
    page.goto(live_server + "/upload")
    page.locator("#datasets-list input[type=checkbox]").first.uncheck()
    expect(page.locator("#upload-message")).to_contain_text("is now hidden")
    # Remove asks first: dismissing keeps the dataset, accepting removes it.
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Remove").first.click()
    expect(page.locator("#datasets-list")).to_contain_text("Ministry exports")
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Remove").first.click()
    expect(page.locator("#upload-message")).to_contain_text("Removed dataset 'Ministry exports'")
    expect(page.locator("#upload-datasets")).to_contain_text("No datasets yet")
    assert questions[0].startswith("Remove the dataset 'Ministry exports'? Its 3 figures")
    assert console_errors == []


def test_a_file_over_the_limit_is_named_in_the_page(page: Page, live_server):
    page.goto(live_server + "/upload")
    big = b"x" * (21 * 1024 * 1024)
    page.locator("#upload-files input[type=file]").set_input_files(
        [{"name": "huge.csv", "mimeType": "text/csv", "buffer": big}]
    )
    expect(page.locator("#upload-size-message")).to_contain_text(
        "huge.csv is 21.0 MB: files up to 20 MB can be checked"
    )
    expect(page.locator(".upload-report")).to_have_count(0)


MINE = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,RUS,turnover,2022-01/2022-05,9610000000,USD,UX test,My figures\n"
)


def test_an_uploaded_figure_is_never_called_official(page: Page, live_server, tmp_path):
    page.goto(live_server + "/upload")
    page.locator("#upload-files input[type=file]").set_input_files(
        [{"name": "mine.csv", "mimeType": "text/csv", "buffer": MINE.encode()}]
    )
    report = page.locator(".upload-report")
    expect(report).to_contain_text("1 figure accepted")
    report.locator("input").fill("UX test")
    report.get_by_role("button", name=re.compile("Keep 1 figure")).click()
    expect(page.locator("#upload-message")).to_contain_text("as dataset 'UX test'")
    try:
        page.goto(live_server + "/")
        cards = page.locator("#overview-cards")
        expect(cards).to_contain_text("Your upload 'UX test', uploaded by")
        jan_may = cards.locator("article", has_text="Jan-May 2022").first
        kazakhstan = jan_may.locator("tr").filter(
            has=page.get_by_role("rowheader", name="Reported by Kazakhstan", exact=True)
        )
        expect(kazakhstan).to_contain_text("no official figure loaded for this period")
        page.goto(live_server + "/trade?freq=YTD&months=5")
        expect(page.locator("#trade-graph .legend")).to_contain_text("Your upload 'UX test'")
        traces = page.evaluate(
            "() => document.querySelector('#trade-graph .js-plotly-plot').data"
            ".map(t => [t.name, t.line ? t.line.dash : null])"
        )
        mine = [dash for name, dash in traces if name.startswith("Your upload")]
        assert mine == ["dot"]
        # Kazakhstan published no Jan-May figure: the user's is not drawn as if it had.
        others = sorted(name for name, _ in traces if not name.startswith("Your upload"))
        assert others == ["Mirror: reported by Russia", "Press claim"]
        page.goto(live_server + "/claims")
        card = page.locator("article", has_text="Jan-May 2022").first
        expect(card.locator(".headline")).to_contain_text(
            "Against your uploaded figures (not official)"
        )
        with page.expect_download() as info:
            page.locator("#claims-export-csv").click()
        path = tmp_path / "claims.csv"
        info.value.save_as(path)
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        official_rows = [r for r in rows if r["check"] == "official figure"]
        assert all(r["figure"] != "9610000000.0" for r in official_rows)
        assert any(r["check"] == "uploaded figure" for r in rows)
    finally:
        page.goto(live_server + "/upload")
        page.once("dialog", lambda dialog: dialog.accept())
        row = page.locator("#datasets-list tr", has_text="UX test")
        row.get_by_role("button", name="Remove").click()
        expect(page.locator("#upload-message")).to_contain_text("Removed dataset 'UX test'")
