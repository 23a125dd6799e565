"""Check an article in real Chromium: paste the seed article, keep its claims, find them on
the Claims page and in the Claims export."""

from __future__ import annotations

import re

import openpyxl
from playwright.sync_api import Page, expect

from dashboard.app import create_app
from dashboard.store import default_store
from loaders.workspace import Workspace
from tests.browser.conftest import screenshot, serving


def test_paste_the_seed_article_keep_its_claims_and_see_them_checked(page: Page, seed, tmp_path):
    article = (seed / "article.ar.txt").read_text(encoding="utf-8")
    # A server of its own: the claims kept here stay out of the other pages' tests.
    with serving(create_app(default_store(), Workspace(tmp_path / "ws"))) as url:
        _check(page, url, article, tmp_path)


def _check(page: Page, live_server: str, article: str, tmp_path) -> None:
    page.goto(live_server + "/check")
    expect(page.locator("h1")).to_have_text("Check an article")
    page.locator("#check-text").fill(article)
    page.locator("#check-published").fill("2022-10-27")
    page.get_by_role("button", name="Find the figures").click()
    expect(page.locator("#check-status")).to_contain_text("3 figure claims found (Arabic)")
    expect(page.locator("#check-marked mark")).to_have_count(3)
    expect(page.locator("#check-grid .ag-center-cols-container .ag-row")).to_have_count(3)
    screenshot(page, "check-article")
    page.locator("#check-outlet").fill("Browser Test Daily")
    page.locator("#check-title").fill("Democracy in Central Asia")
    page.get_by_role("button", name="Keep the marked claims").click()
    expect(page.locator("#check-kept")).to_contain_text("Kept 3 claims")

    page.get_by_role("link", name="See them checked on the Claims page").click()
    expect(page.locator("h1")).to_contain_text("Press claims checked")
    expect(page.locator("main")).to_contain_text("Browser Test Daily", timeout=15_000)
    with page.expect_download() as info:
        page.locator("#claims-export-xlsx").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    cells = [str(c) for row in book["Sources"].iter_rows(values_only=True) for c in row]
    assert "Browser Test Daily" in cells
    assert any(re.search("9.2 مليار دولار", c) for c in cells)
