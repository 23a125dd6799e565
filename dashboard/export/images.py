"""Chart images of a view for a briefing: PNG, SVG and PDF, each with its title, period, unit
and source line printed, rendered by kaleido through the system Chromium.

The charts are the page's own figures (``dashboard.figures``), laid out again for a fixed
briefing size: on screen the source line sits below a 460-pixel chart; printed at 675 pixels
its paper-relative position would fall off the image, so the legend and the source line are
placed in pixels from the plot's bottom edge.

One kaleido server (one Chromium) serves the process. It starts on the first image, and
kaleido's calls are one queue shared by every caller, so a lock keeps one request at a time
on it: the Flask server is threaded, and two interleaved calls could swap their answers.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable, Mapping

import kaleido
import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, text
from dashboard.errors import NotFound, Unavailable
from dashboard.store import source_records
from dashboard.views import View

WIDTH, HEIGHT = 1200, 675  # 16:9, the size of a slide
PNG_SCALE = 2  # 2400 x 1350 pixels: sharp on a projector and in print
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
RENDER_TIMEOUT = 60  # seconds for one image before kaleido gives up
SOURCE_PREFIX = "Source: "
# Pixels below the plot area: tick labels, then the legend, then one line per source line.
TICKS, LEGEND, LINE = 34, 30, 16


class NoChart(NotFound):
    """A page with no chart to print: a table page, whose download is its workbook."""


class _Server:
    """The process's one kaleido server, started on first use and stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False

    def render(self, figure: go.Figure, fmt: str, scale: float) -> bytes:
        """``figure`` as ``fmt`` at its own layout size times ``scale``."""
        layout = figure.layout
        opts = {"format": fmt, "width": layout.width, "height": layout.height, "scale": scale}
        with self._lock:
            if not self._started:
                require_chromium()
                # MathJax would come from a CDN, and there is no TeX in these charts.
                kaleido.start_sync_server(
                    path=CHROMIUM, mathjax=False, timeout=RENDER_TIMEOUT, silence_warnings=True
                )
                self._started = True
                atexit.register(self.stop)
            return bytes(kaleido.calc_fig_sync(figure, opts=opts))

    def stop(self) -> None:
        """Close Chromium (kaleido registers the same at exit; closing twice is harmless)."""
        with self._lock:
            if self._started:
                kaleido.stop_sync_server(silence_warnings=True)
                self._started = False


SERVER = _Server()


def require_chromium() -> None:
    """Unavailable (503) with what to install, when the server has no Chromium to draw with."""
    if not os.path.isfile(CHROMIUM) or not os.access(CHROMIUM, os.X_OK):
        raise Unavailable(
            f"Chart images and briefs need Chromium on the server ({CHROMIUM} is missing; on "
            "Debian: apt-get install chromium). The Excel and CSV downloads work without it."
        )


def _table_figure(view: View, sources: Mapping[str, Mapping]) -> go.Figure:
    """The figures a summary page compares (its chart table), as labelled horizontal bars."""
    table = view.chart_table
    if table is None or table.empty or table.shape[1] < 2:
        raise NoChart(f"The {view.page} page has nothing to chart; download its workbook")
    figure = figures.base_figure(
        view.title, view.subtitle, figures.sources_line(view.rows, sources)
    )
    labels = table.iloc[::-1, 0].astype(str)
    for name in table.columns[1:]:
        values = table[name].iloc[::-1]
        figure.add_trace(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                name=str(name),
                text=[text.number(v, 2) for v in values],
                textposition="outside",
                marker={"color": figures.SERIES_STYLE["reported"]["color"]},
            )
        )
    figure.update_xaxes(title_text=view.chart_unit, showgrid=True, gridcolor="#e5e5e5")
    figure.update_yaxes(automargin=True)
    figure.update_layout(showlegend=table.shape[1] > 2)
    return figure


FIGURES: dict[str, Callable[[View, Mapping[str, Mapping]], go.Figure]] = {
    "trade": figures.trade_figure,
    "partners": figures.partners_figure,
    "products": figures.products_figure,
    "investment": figures.investment_figure,
    # Summary pages show cards and tables on screen; their chart tables compare figures.
    "overview": _table_figure,
    "claims": _table_figure,
}


def briefing_figure(
    view: View, sources: pd.DataFrame, width: int = WIDTH, height: int = HEIGHT
) -> go.Figure:
    """The page's chart at a fixed size, its source line kept inside the image."""
    if view.page not in FIGURES:
        raise NoChart(f"The {view.page} page has no chart; download its workbook")
    figure = FIGURES[view.page](view, source_records(sources))
    return _for_print(figure, width, height)


def chart_svg(view: View, sources: pd.DataFrame, width: int, height: int) -> str:
    """The page's chart as an SVG element to place in an HTML page (it has a viewBox, so
    CSS can scale it)."""
    return SERVER.render(briefing_figure(view, sources, width, height), "svg", 1).decode()


def _for_print(figure: go.Figure, width: int, height: int) -> go.Figure:
    """Fix the size and move the legend and the source line to fixed pixel offsets."""
    notes = [a for a in figure.layout.annotations if str(a.text or "").startswith(SOURCE_PREFIX)]
    lines = sum(str(a.text).count("<br>") + 1 for a in notes)
    top = figure.layout.margin.t or 80
    bottom = TICKS + LEGEND + LINE * lines + 12
    plot = height - top - bottom
    figure.update_layout(
        width=width,
        height=height,
        margin={"b": bottom},
        title={"xref": "paper"},  # on screen the page pads the title; printed, align it
        legend={"y": -TICKS / plot, "yanchor": "top"},
    )
    for note in notes:
        note.update(y=-(TICKS + LEGEND) / plot, yanchor="top")
    return figure


def png_bytes(view: View, sources: pd.DataFrame, version: str) -> bytes:
    """The view's chart as a PNG of 2400x1350 pixels, with its sources."""
    return SERVER.render(briefing_figure(view, sources), "png", PNG_SCALE)


def svg_bytes(view: View, sources: pd.DataFrame, version: str) -> bytes:
    """The view's chart as SVG (text stays text: the source line can be searched)."""
    return SERVER.render(briefing_figure(view, sources), "svg", 1)


def pdf_bytes(view: View, sources: pd.DataFrame, version: str) -> bytes:
    """The view's chart as a one-page vector PDF of the same layout."""
    return SERVER.render(briefing_figure(view, sources), "pdf", 1)
