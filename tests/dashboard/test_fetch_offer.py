"""'Get official figures': what an empty side offers, and fetching it into the workspace."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from dashboard import auth, ui
from dashboard.app import create_app
from dashboard.context import served
from dashboard.coverage import Offer, fetch_offer
from dashboard.pages import overview, trade
from dashboard.views import build_view
from loaders import fetch as official_api
from loaders import sdmx
from loaders.workspace import Workspace

TODAY = date(2026, 11, 27)
IMTS_FILE = "openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml"


def test_an_offer_covers_the_years_of_the_claims_monthly():
    offer = fetch_offer("KAZ", "RUS", "YTD", [2021, 2022], TODAY)
    assert offer == Offer("imf", "KAZ", "RUS", "M", "2021-01", "2022-12")
    assert offer.label == (
        "Get official figures: Kazakhstan with Russia, 2021-01 to 2022-12, "
        "from the International Monetary Fund's API"
    )


def test_without_claims_the_last_three_complete_years_are_offered():
    assert fetch_offer("QAT", "KAZ", "A", [], TODAY) == Offer(
        "imf", "QAT", "KAZ", "A", "2023", "2025"
    )


def test_an_offer_stops_at_the_last_complete_month():
    offer = fetch_offer("KAZ", "RUS", "M", [2026], TODAY)
    assert offer == Offer("imf", "KAZ", "RUS", "M", "2026-01", "2026-10")


@pytest.mark.parametrize(
    ("freq", "years"), [("A", [2026]), ("M", [2027]), ("M", [1950]), ("A", [1959])]
)
def test_no_offer_for_periods_the_api_does_not_cover(freq, years):
    assert fetch_offer("KAZ", "RUS", freq, years, TODAY) is None


def test_the_trade_view_offers_the_empty_side_only(store):
    # Kazakhstan's own tables are annual; Russia's customs table gives months.
    view = build_view("trade", {"freq": "YTD", "months": "5"}, store)
    assert [(o.reporter, o.partner, o.freq) for o in view.extra["fetch"]] == [("KAZ", "RUS", "M")]
    assert build_view("trade", {}, store).extra["fetch"] == []


@pytest.fixture
def app(tmp_path, store):
    return create_app(store, Workspace(tmp_path / "ws"))


def test_the_page_shows_the_button_to_an_editor(app):
    with app.server.test_request_context("/"):
        page = str(trade.layout(freq="YTD", months="5"))
    assert "Get official figures: Kazakhstan with Russia, 2021-01 to 2022-12" in page


def test_the_overview_offers_the_missing_side_of_the_headline(app):
    with app.server.test_request_context("/"):
        page = str(overview.layout())
    # Jan-May 2022: no monthly table of Kazakhstan is loaded; the IMF publishes months.
    assert "Get official figures: Kazakhstan with Russia, 2022-01 to 2022-12" in page
    assert "'type': 'official-fetch-status'" in page


def test_a_viewer_is_told_who_can_fetch(app, monkeypatch):
    reader = auth.User("rita", "viewer")
    monkeypatch.setattr(auth, "current", lambda: reader)
    with app.server.test_request_context("/"):
        shown = str(ui.offer_buttons([Offer("imf", "KAZ", "RUS", "M", "2022-01", "2022-05")]))
    assert "An editor can get these figures from the IMF's API." in shown
    assert "official-fetch" not in shown


def test_fetched_figures_are_kept_as_official(app, realdata, monkeypatch):
    answer = (realdata / "sdmx" / "IMF" / IMTS_FILE).read_bytes()
    asked = []

    def recorded(publisher, reporter, partner, start, end, freq, **_):
        asked.append((publisher, reporter, partner, start, end, freq))
        return sdmx.read(answer, IMTS_FILE, retrieval=None)

    monkeypatch.setattr(official_api, "fetch", recorded)
    offer = Offer("imf", "USA", "WLD", "A", "2023", "2024")
    with app.server.test_request_context("/"):
        message = ui.get_official(offer, "ana")
        info = served().workspace.list()[0][0]
        kept = served().workspace.frames()
    assert asked == [("imf", "USA", "WLD", "2023", "2024", "A")]
    assert message == (
        f"Kept 4 official figures as the dataset '{info.name}'; reload the page to see them."
    )
    # The publisher's kind survives keeping: these are official figures, not a user's file.
    assert set(kept.sources.kind) == {"database"}
    assert "Fetched by ana" in kept.sources.note.iloc[0]


def test_an_unreachable_publisher_is_one_line_and_keeps_nothing(app, monkeypatch):
    class Offline(requests.adapters.BaseAdapter):
        def send(self, request, **kwargs):
            raise requests.ConnectionError("Failed to resolve 'api.imf.org'")

        def close(self):
            pass

    def offline_session():
        session = requests.Session()
        session.mount("https://", Offline())
        return session

    monkeypatch.setattr(official_api, "_default_session", offline_session)
    offer = Offer("imf", "KAZ", "RUS", "M", "2022-01", "2022-05")
    with app.server.test_request_context("/"):
        message = ui.get_official(offer, "ana")
        kept = served().workspace.list()[0]
    assert message.startswith(
        "Could not get the figures: imf: the International Monetary Fund's API "
        "(https://api.imf.org/external/sdmx/3.0) could not be reached: "
    )
    assert "\n" not in message
    assert kept == []
