"""/export.png, .svg and .pdf: each page's chart at briefing size, with its sources printed."""

from __future__ import annotations

import html
import re
import struct
import zlib

import pytest

from dashboard.export.images import HEIGHT, PNG_SCALE, WIDTH

CHARTS = {
    "trade": (
        "kaz-rus-turnover-1994-2022",
        "Kazakhstan's trade (turnover) with Russia, years: 1994 to 2022",
        "Source: Federal Customs Service of Russia, edition 2021; Press article, 27 Oct 2022; "
        "Bureau of National Statistics, editions 2019, 2020, 2021, 2022",
    ),
    "partners": (
        "kaz-partners-turnover-2021",
        "Kazakhstan's turnover by partner, 2021",
        "Source: Bureau of National Statistics, edition 2022",
    ),
    "investment": (
        "investment",
        "Kazakhstan-Qatar investment agreements: announced total",
        "Source: Press article, 27 Oct 2022",
    ),
}
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<svg", "pdf": b"%PDF-"}


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the inflated scanlines of a PNG, from its IHDR and IDAT chunks."""
    offset, width, height, compressed = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            compressed += body
        offset += 12 + length
    return width, height, zlib.decompress(compressed)


def _texts(svg: str) -> list[str]:
    """Every run of text the SVG prints (a title and its subtitle are tspans of one text)."""
    return [html.unescape(t) for t in re.findall(r">([^<>]+)<", svg) if t.strip()]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("page", list(CHARTS))
def test_chart_image_of_every_charted_page(client, page, fmt):
    response = client.get(f"/export.{fmt}?page={page}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == MIMETYPES[fmt]
    name, _, _ = CHARTS[page]
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'
    assert response.data.startswith(MAGIC[fmt])


@pytest.mark.parametrize("page", list(CHARTS))
def test_svg_prints_the_title_and_the_source_line(client, page):
    svg = client.get(f"/export.svg?page={page}").get_data(as_text=True)
    _, title, source_line = CHARTS[page]
    texts = _texts(svg)
    assert title in texts
    assert source_line in texts
    assert f'width="{WIDTH}" height="{HEIGHT}"' in svg


def test_svg_prints_the_unit_and_period(client):
    svg = client.get("/export.svg?page=trade&freq=YTD&months=5").get_data(as_text=True)
    texts = _texts(svg)
    assert "USD billion" in texts  # the axis title
    assert any("Jan-May" in t for t in texts), texts[:5]


def test_png_is_briefing_size_and_not_blank(client):
    width, height, pixels = _png_pixels(client.get("/export.png?page=trade").data)
    assert (width, height) == (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE)
    # A blank image inflates to a few byte values; a chart with text and lines to many.
    assert len(set(pixels)) > 50


def test_pdf_is_one_page(client):
    pdf = client.get("/export.pdf?page=partners").data
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


@pytest.mark.parametrize("page", ["data", "sources"])
def test_table_pages_have_no_chart_image(client, page):
    response = client.get(f"/export.png?page={page}")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        f"The {page} page has no chart; download its workbook\n"
    )


def test_a_bad_query_is_refused_before_rendering(client):
    response = client.get("/export.svg?page=trade&reporter=XXX")
    assert response.status_code == 400
    assert "reporter='XXX'" in response.get_data(as_text=True)


def test_without_chromium_images_say_what_to_install(client, monkeypatch):
    from dashboard.export import images

    monkeypatch.setattr(images, "CHROMIUM", "/nowhere/chromium")
    monkeypatch.setattr(images, "SERVER", images._Server())  # not yet started
    response = client.get("/export.png?page=trade")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "apt-get install chromium" in body
    assert "The Excel and CSV downloads work without it" in body
