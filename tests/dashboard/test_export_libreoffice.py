"""Every page's workbook opens and prints in LibreOffice, and the Trade chart is drawn.

LibreOffice draws a chart from its cached values and its cells as a reader who never opens
Excel would see it; a chart that printed blank here would print blank for them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)"
)
PAGES = ["overview", "claims", "trade", "partners", "products", "investment", "data", "sources"]
# The whole ledger (33,000 rows, with the products) takes LibreOffice minutes to print: the
# Data page is printed as a reader filters it.
FILTERS = {"data": "&reporter=KAZ&partner=RUS"}
TIMEOUT = 120
# dashboard.figures' colours: SERIES_STYLE's reported and mirror, CLAIM_STYLE.
REPORTED, MIRROR, CLAIM = (0x1F, 0x5F, 0xA8), (0xC2, 0x57, 0x1A), (0xB3, 0x12, 0x4A)


def _to_pdf(workbook: Path, out: Path) -> Path:
    """``workbook`` printed to PDF by LibreOffice, with a profile of its own so that tests
    running side by side never share one."""
    assert SOFFICE is not None
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    pdf = out / (workbook.stem + ".pdf")
    assert done.returncode == 0, done.stderr
    assert pdf.exists(), f"no PDF: {done.stdout} {done.stderr}"
    return pdf


def _pixels(pdf: Path, out: Path) -> list[tuple[int, int, int]]:
    """The first two pages of ``pdf`` as RGB pixels (a PPM from pdftoppm or Ghostscript)."""
    if shutil.which("pdftoppm"):
        command = ["pdftoppm", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(out / "page")]
    elif shutil.which("gs"):
        command = [
            "gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=ppmraw", "-r60",
            "-dFirstPage=1", "-dLastPage=2", f"-sOutputFile={out / 'page-%d.ppm'}", str(pdf),
        ]  # fmt: skip
    else:
        pytest.skip("neither pdftoppm (poppler-utils) nor gs (ghostscript) to render the PDF")
    subprocess.run(command, check=True, timeout=TIMEOUT)
    pixels: list[tuple[int, int, int]] = []
    for image in sorted(out.glob("page*.ppm")):
        pixels += _ppm(image.read_bytes())
    return pixels


def _ppm(data: bytes) -> list[tuple[int, int, int]]:
    """The pixels of a binary PPM (P6, 8 bits a channel)."""
    fields: list[bytes] = []
    at = 0
    while len(fields) < 4:
        while data[at : at + 1].isspace():
            at += 1
        if data[at : at + 1] == b"#":
            at = data.index(b"\n", at) + 1
            continue
        end = at
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P6", fields
    assert fields[3] == b"255", fields
    body = data[at + 1 :]
    return [tuple(body[i : i + 3]) for i in range(0, len(body) - 2, 3)]  # type: ignore[misc]


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(pixel, colour, strict=True))


@pytest.mark.parametrize("page", PAGES)
def test_every_workbook_prints_to_pdf(client, page, tmp_path):
    response = client.get(f"/export.xlsx?page={page}{FILTERS.get(page, '')}")
    assert response.status_code == 200
    workbook = tmp_path / f"{page}.xlsx"
    workbook.write_bytes(response.data)
    pdf = _to_pdf(workbook, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5_000


def test_trade_chart_is_drawn(client, tmp_path):
    workbook = tmp_path / "trade.xlsx"
    workbook.write_bytes(client.get("/export.xlsx?page=trade").data)
    pixels = _pixels(_to_pdf(workbook, tmp_path), tmp_path)
    inked = sum(p != (255, 255, 255) for p in pixels)
    assert inked > len(pixels) // 100, "the briefing page printed blank"
    # Both reporters' lines and the claims' stars, in the screen's colours: the chart has
    # its values.
    assert sum(_near(p, REPORTED) for p in pixels) > 50
    assert sum(_near(p, MIRROR) for p in pixels) > 200
    assert sum(_near(p, CLAIM) for p in pixels) > 5
