"""Page layouts and callbacks called directly, inside a request of the app that serves them."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import dash
import pytest
from dash import html

from dashboard import i18n, ui
from dashboard.pages import data, investment, overview, partners, sources, trade


@pytest.fixture
def request_of(dash_app):
    """A request context of the test app: what Dash gives a layout or a callback."""
    with dash_app.server.test_request_context("/"):
        yield


def registered_layout(page: str):
    """The layout as the shell registered it (refused links become the error panel)."""
    return dash.page_registry[f"dashboard.pages.{page}"]["layout"]


def test_trade_callback_moves_url_and_export_links(request_of):
    figure, caption, sources, search, _notes, xlsx, csv, offers, records, columns = trade.update(
        "KAZ", "CHN", "export", "A", 5, "USD", "bn", "latest"
    )
    assert search == "partner=CHN&flow=export"
    assert xlsx == "/export.xlsx?partner=CHN&flow=export&page=trade"
    assert csv.startswith("/export.csv?")
    assert "exports to China" in figure.layout.title.text
    # China's own figures are not loaded: the page offers the IMF's.
    assert [offer.children[0].id["reporter"] for offer in offers] == ["CHN"]
    # The table under the chart: the same points, and the change on a year earlier.
    assert [c["headerName"] for c in columns] == [
        "Period",
        "Reported by Kazakhstan, USD billion",
        "Reported by Kazakhstan: change on a year earlier, %",
    ]
    assert records[-1]["period"] == "2022"
    # Each figure's column names the line its point is on (the keyboard's way to provenance).
    assert [c["context"] for c in columns] == [
        {"category": True},
        {"series": "Reported by Kazakhstan"},
        {"series": "Reported by Kazakhstan"},
    ]
    # The chart in words: its title, unit and latest figure; its sources line.
    assert [span.children for span in caption] == [
        "Kazakhstan's exports to China, years: 2018 to 2022",
        "USD billion",
        "Line chart in USD billion. Latest: Reported by Kazakhstan 13.06 in 2022.",
    ]
    assert sources == "Source: Bureau of National Statistics, editions 2019, 2020, 2021, 2022"
    # On a narrow screen the plot drops its title and source line (the page shows them).
    assert figure.layout.meta["narrow"] == {
        "title.text": "",
        "margin.t": 40,
        "margin.b": 40,
        "margin.l": 50,
        "margin.r": 16,
        "annotations[0].visible": False,
    }
    assert figure.layout.meta["wide"]["title.text"] == figure.layout.title.text
    assert figure.layout.meta["wide"]["margin.t"] == figure.layout.margin.t


def test_trade_layout_reads_the_query_string(request_of):
    page = str(trade.layout(freq="M", partner="CHN"))
    assert "'value': 'M'" in page or "value='M'" in page
    bad = str(registered_layout("trade")(freq="weekly"))
    assert "This link cannot be shown" in bad
    assert "freq='weekly'" in bad
    twice = str(registered_layout("trade")(flow=["export", "import"]))
    assert "flow is given more than once" in twice


def test_partners_callback_summary(request_of):
    figure, caption, _sources, search, _notes, summary, _xlsx, _csv, records, columns = (
        partners.update("KAZ", "2020", "export", "auto", 10, "bar", "mn")
    )
    assert search == "year=2020&flow=export&top=10&unit=mn"
    assert len(records) == 10  # the ten partners the chart shows
    assert columns[1]["headerName"] == "Kazakhstan, USD million"
    assert summary.startswith("Total with all partners: $")
    assert summary.endswith("partner countries")
    assert figure.layout.xaxis.title.text == "USD million"
    assert caption[-1].children == "Bar chart in USD million. Largest: China 9,420.58."
    # The share printed past the largest bar keeps its room on a narrow screen.
    assert figure.layout.meta["narrow"]["margin.r"] == figure.layout.margin.r == 56


def test_partners_notes_carry_the_dataset_note(request_of):
    _figure, _caption, _sources, _search, notes, *_ = partners.update(
        "KAZ", "2021", "turnover", "auto", 20, "bar", "bn"
    )
    assert any("Exports by country of destination" in str(note) for note in notes)


def test_data_grid_block_and_filters(request_of):
    grid = {
        "filter": {"basis": {"filterType": "text", "type": "equals", "filter": "claim"}},
        "sort": [{"colId": "value", "sort": "desc"}],
    }
    menus = dict.fromkeys(data.FIELDS, "all")
    response, search, count = data.rows_for(menus, grid, 0, 50)
    assert count == "2 rows"
    assert response["rowCount"] == 2
    assert [r["value"] for r in response["rowData"]] == [24.2e9, 9.2e9]
    shown = json.loads(parse_qs(search)["grid"][0])
    assert shown["filter"]["basis"]["filter"] == "claim"


def test_data_grid_says_when_it_cannot_filter(request_of):
    menus = dict.fromkeys(data.FIELDS, "all")
    request = {"startRow": 0, "endRow": 10, "filterModel": {"x": {"type": "equals"}}}
    rows, search, count, xlsx, csv = data.get_rows(request, *menus.values())
    assert rows == {"rowData": [], "rowCount": 0}
    assert count == "Cannot filter: grid: unknown column 'x'"
    assert (search, xlsx, csv) == ("", "", "")


def test_sources_callback_and_provenance(request_of, store):
    entries, search, xlsx, _ = sources.update("press")
    assert search == "kind=press"
    assert len(entries) == 5
    assert urlparse(xlsx).path == "/export.xlsx"
    click = {
        "points": [
            {
                "customdata": [
                    "2021",
                    "24,200,000,000.00 USD",
                    "claim",
                    "Press",
                    "paragraph 6",
                    "press-2022-10-27-democracy-central-asia-turnover-2021",
                ]
            }
        ]
    }
    text = str(ui.provenance_details(click, store.source_records))
    assert "paragraph 6" in text
    assert "rtl" in text
    assert "24,200,000,000.00 USD" in text


def test_overview_cards(request_of):
    page = overview.layout()
    text = str(page)
    assert text.count("no official figure loaded for this period") == 2
    assert "$24.62 bn" in text
    assert "$25.63 bn" in text
    assert "$625 mn" in text
    # An empty cell says what the loaded tables cover, why they stop, and where to load more.
    assert "Kazakhstan's loaded tables: kz-bns-foreign-trade-by-country (years" in text
    assert "stopped publishing its trade by partner country in 2022" in text
    assert "'/upload'" in text
    assert isinstance(page, html.Div)


def test_overview_export_link_keeps_the_unit(request_of):
    page = str(overview.layout(unit="mn"))
    assert "/export.xlsx?unit=mn&page=overview" in page
    assert "$24,624.28 mn" in page


def test_pages_need_the_app_that_serves_them():
    with pytest.raises(RuntimeError, match="needs the app serving a request"):
        trade.update("KAZ", "CHN", "export", "A", 5, "USD", "bn", "latest")


@pytest.mark.parametrize("page", [trade, partners])
def test_charts_cannot_be_shared_to_the_cloud(request_of, page):
    graphs = [c for c in _walk(page.layout()) if type(c).__name__ == "Graph"]
    assert graphs
    for graph in graphs:
        assert graph.config["showSendToCloud"] is False
        assert "sendDataToCloud" in graph.config["modeBarButtonsToRemove"]
        assert graph.config["displaylogo"] is False


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_partners_offer_only_the_reporters_years(request_of, store):
    options, value = partners.reporter_years("RUS", "2018")
    assert options == [str(y) for y in reversed(store.partner_years("RUS"))]
    assert options[0] == "2021"
    assert value in options
    kazakhstan, kept = partners.reporter_years("KAZ", "2020")
    assert kept == "2020"
    assert "1994" not in kazakhstan


def test_radio_groups_are_fieldsets_named_by_their_legend_behind_a_filters_button(request_of):
    components = list(_walk(trade.layout()))
    groups = [c for c in components if isinstance(c, html.Fieldset)]
    assert [(group.children[0].children, group.children[1].id) for group in groups] == [
        ("Flow", "trade-flow"),
        ("Periods", "trade-freq"),
        ("Currency", "trade-currency"),
        ("Units", "trade-unit"),
        ("Editions", "trade-editions"),
    ]
    labels = {c.htmlFor: c.id for c in components if isinstance(c, html.Label)}
    assert labels["trade-partner"] == "trade-partner-label"  # a11y.js names the button by it
    (toggle,) = [c for c in components if getattr(c, "className", None) == "filters-toggle"]
    props = toggle.to_plotly_json()["props"]
    assert (props["children"], props["aria-expanded"], props["aria-controls"]) == (
        "Filters",
        "false",
        "trade-filters",
    )
    assert "trade-filters" in {getattr(c, "id", None) for c in components}


def test_investment_chart_leaves_its_sectors_to_the_table_on_a_phone(request_of):
    components = list(_walk(investment.layout()))
    (graph,) = [c for c in components if getattr(c, "id", None) == "investment-graph"]
    narrow = graph.figure.layout.meta["narrow"]
    assert narrow["annotations[1].visible"] is False
    assert narrow["xaxis.domain"] == [0, 1]
    # The provenance of its bar, and headings in order.
    ids = {getattr(c, "id", None) for c in components}
    assert {"investment-provenance", "investment-sectors", "investment-table"} <= ids
    headings = [type(c).__name__ for c in components if isinstance(c, (html.H1, html.H2, html.H3))]
    assert headings == ["H1", "H2"]


def _by_class(component, name: str) -> list:
    """Every component under ``component`` with the class ``name``."""
    found = [component] if name in str(getattr(component, "className", "") or "").split() else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += _by_class(child, name)
    return found


def test_sources_give_each_title_in_its_language_and_a_translation_in_the_readers(request_of):
    with i18n.speaking("ru"):
        entries, *_ = sources.update("all")
    by_id = {entry.id.removeprefix("source-"): entry for entry in entries}
    # A Russian table reads in Russian as it is: no translation for a Russian reader.
    bns = by_id["kz-bns-foreign-trade-by-country-2022"]
    assert bns.children[0].lang == "ru"
    assert not _by_class(bns, "title-translation")
    # The Arabic article's title, and beneath it its title in Russian (from the catalogue).
    press = by_id["press-2022-10-27-democracy-central-asia-turnover-2021"]
    assert press.children[0].lang == "ar"
    (translated,) = _by_class(press, "title-translation")
    assert translated.lang == "ru"
    assert re.search("[а-я]", translated.children)
    assert translated.children != "Democracy in Central Asia in the making"
    with i18n.speaking("en"):
        entries, *_ = sources.update("all")
    by_id = {entry.id.removeprefix("source-"): entry for entry in entries}
    (english,) = _by_class(by_id["kz-bns-foreign-trade-by-country-2022"], "title-translation")
    assert english.children == (
        "Main indicators of foreign trade of the Republic of Kazakhstan (by country)"
    )
    assert english.lang == "en"
    # The citation brackets the translation after the original title, as citations do.
    assert "(по странам)” [Main indicators of foreign trade" in str(
        by_id["kz-bns-foreign-trade-by-country-2022"]
    )
    with i18n.speaking("ar"):
        entries, *_ = sources.update("all")
    by_id = {entry.id.removeprefix("source-"): entry for entry in entries}
    (arabic,) = _by_class(by_id["kz-bns-foreign-trade-by-country-2022"], "title-translation")
    assert arabic.lang == "ar"
    assert re.search("[\u0600-\u06ff]", arabic.children)
