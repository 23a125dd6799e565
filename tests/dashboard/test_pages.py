"""Page callbacks called directly: thin wrappers over the views (no browser)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from dash import html

from dashboard import ui
from dashboard.pages import data, overview, partners, sources, trade


def test_trade_callback_moves_url_and_export_links():
    figure, search, _notes, xlsx, csv = trade.update(
        "KAZ", "CHN", "export", "A", 5, "USD", "bn", "latest"
    )
    assert search == "partner=CHN&flow=export"
    assert xlsx == "/export.xlsx?partner=CHN&flow=export&page=trade"
    assert csv.startswith("/export.csv?")
    assert "exports to China" in figure.layout.title.text


def test_trade_layout_reads_the_query_string(dash_app):
    with dash_app.server.test_request_context("/trade"):
        page = trade.layout(freq="M", partner="CHN")
        text = str(page)
        assert "'value': 'M'" in text or "value='M'" in text
        bad = trade.layout(freq="weekly")
        assert "This link cannot be shown" in str(bad)
        assert "freq='weekly'" in str(bad)


def test_partners_callback_summary():
    figure, search, _notes, summary, _xlsx, _csv = partners.update(
        "KAZ", "2020", "export", "auto", 10, "bar", "mn"
    )
    assert search == "year=2020&flow=export&top=10&unit=mn"
    assert summary.startswith("Total with all partners: $")
    assert figure.layout.xaxis.title.text == "USD million"


def test_data_grid_block_and_filters():
    request = {
        "startRow": 0,
        "endRow": 50,
        "filterModel": {"basis": {"filterType": "text", "type": "equals", "filter": "claim"}},
        "sortModel": [{"colId": "value", "sort": "desc"}],
    }
    filters = dict.fromkeys(data.FIELDS, "all")
    response, search, count = data.rows_for(filters, request)
    assert count == 2
    assert response["rowCount"] == 2
    assert [r["value"] for r in response["rowData"]] == [24.2e9, 9.2e9]
    grid = json.loads(parse_qs(search)["grid"][0])
    assert grid["filter"]["basis"]["filter"] == "claim"
    rows, *_ = data.get_rows(
        {"startRow": 0, "endRow": 10, "filterModel": {"x": {"type": "equals"}}}, *filters.values()
    )
    assert rows == {"rowData": [], "rowCount": 0}


def test_sources_callback_and_provenance(store):
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
    details = ui.provenance_details(click, store.sources)
    text = str(details)
    assert "paragraph 6" in text
    assert "rtl" in text
    assert "24,200,000,000.00 USD" in text


def test_overview_cards(dash_app):
    with dash_app.server.test_request_context("/"):
        page = overview.layout()
    text = str(page)
    assert text.count("no official figure loaded for this period") == 2
    assert "$24.62 bn" in text
    assert "$25.63 bn" in text
    assert "$625 mn" in text
    assert isinstance(page, html.Div)
