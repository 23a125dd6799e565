"""/export.xlsx and /export.csv over HTTP, for every page; headers on every response."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.views import build_view

PAGES = ["overview", "claims", "trade", "partners", "investment", "data", "sources"]
# What each page's download is called: its subject, measure and years.
NAMES = {
    "overview": "overview-2021-2022.xlsx",
    "claims": "claims.xlsx",
    "trade": "kaz-rus-turnover-1994-2022.xlsx",
    "partners": "kaz-partners-turnover-2021.xlsx",
    "investment": "investment.xlsx",
    "data": "data-1994-2023.xlsx",
    "sources": "sources.xlsx",
}


@pytest.mark.parametrize("page", PAGES)
def test_export_every_page(client, page):
    response = client.get(f"/export.xlsx?page={page}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{NAMES[page]}"'
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = "Claims" if page == "claims" else "Data"
    assert {sheet, "Sources", "About", "Chart"} <= set(book.sheetnames)
    assert book[sheet].max_row > 1


def test_export_with_filters_holds_exactly_the_view(client, store):
    query = {"reporter": "KAZ", "partner": "RUS", "freq": "YTD", "months": "5"}
    response = client.get("/export.xlsx", query_string={**query, "page": "trade"})
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    values = [r for r in book["Data"].iter_rows(min_row=2, values_only=True)]
    view = build_view("trade", query, store)
    header = [c.value for c in book["Data"][1]]
    assert [r[header.index("value")] for r in values] == view.rows.value.tolist()


def test_empty_selection_is_not_an_error(client):
    response = client.get("/export.xlsx?page=data&reporter=QAT&partner=KAZ")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book["Data"]["A1"].value == "No rows match this selection."
    csv = client.get("/export.csv?page=data&reporter=QAT&partner=KAZ")
    assert csv.status_code == 200
    assert csv.get_data(as_text=True).startswith("reporter,")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=trade&reporter=XXX", "reporter='XXX'"),
        ("page=trade&months=99", "months='99': expected 1 to 12"),
        ("page=partners&year=abc", "year='abc'"),
        ("page=data&grid=%7Bbad", "grid: expected JSON"),
        ("page=data&grid=%7B%22filter%22%3A%7B%22nope%22%3A%7B%7D%7D%7D", "unknown column 'nope'"),
        ("page=elsewhere", "page='elsewhere'"),
        ("", "page=''"),
        ("page=trade&debug=1", "unknown parameter 'debug'"),
        ("page=trade&flow=export&flow=import", "flow is given more than once"),
        ("page=trade&page=data", "page is given more than once"),
        ("page=investment&deal=nope", "deal='nope': expected one of"),
        (
            "page=data&grid=%7B%22filter%22%3A%7B%22flow%22%3A%7B%22conditions%22%3A%5B%5D%7D%7D%7D",
            "grid: filter.flow.conditions",
        ),
        (
            "page=data&grid=%7B%22sort%22%3A%5B%7B%22colId%22%3A%5B1%5D%7D%5D%7D",
            "grid: sort.0.colId",
        ),
        ("page=data&grid=" + "%5B" * 3000, "grid: expected JSON"),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bad_query_is_a_clear_400(client, query, message, fmt):
    response = client.get(f"/export.{fmt}?{query}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("Bad query string: ")
    assert message in text
    assert "Traceback" not in text
    assert response.mimetype == "text/plain"


def test_unknown_export_format(client):
    response = client.get("/export.docx?page=trade")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "expected xlsx, csv, png, svg, pdf" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/", "/trade", "/_dash-layout", "/export.csv?page=sources", "/export.xlsx?page=x", "/nowhere"],
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert (
        "'unsafe-inline'"
        not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_plotly_bundle_is_compressed(client, encoding):
    # The charts load plotly.js (4.8 MB) on first use from Dash's component suites.
    bundle = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    response = client.get(bundle, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert len(response.data) < 2_000_000  # 4.8 MB uncompressed


def test_healthz(client):
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok"
    assert health["observations"] > 20_000


def test_every_download_marks_its_arrival_for_the_page(client):
    response = client.get("/export.csv?page=trade")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("figures_download=")
    assert "SameSite=Strict" in cookie
    assert "HttpOnly" not in cookie  # the page's script reads it
