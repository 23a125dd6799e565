"""Plotly figures from views: pure functions, no Dash."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n, text
from dashboard.i18n import N_, _
from dashboard.queries import PartnersQuery, ProductsQuery, TradeQuery
from dashboard.views import View

SERIES_STYLE = {
    "reported": {"color": "#1f5fa8", "dash": "solid"},
    "mirror": {"color": "#c2571a", "dash": "dash"},
    # A user's figures: another colour and a dotted line, never the official style.
    "upload": {"color": "#2a7f62", "dash": "dot"},
}
MARKERS = ("circle", "square", "diamond", "triangle-up", "cross")
CLAIM_STYLE = {
    "color": "#b3124a",
    "symbol": "star",
    "size": 15,
    "line": {"width": 1, "color": "#fff"},
}
BAR_LABEL_ROOM = 56  # px right of a horizontal bar chart, for the share printed past a bar
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
# What a point says when it is tapped or selected; each translated where it is used.
HOVER = N_(
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
    "basis: %{customdata[2]}<br>source: %{customdata[3]}<br>"
    "<span style='font-size:11px'>%{customdata[4]}</span><extra>%{fullData.name}</extra>"
)
# The Trade chart's points also say their change on a year earlier.
TRADE_HOVER = N_(
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[6]}<br>"
    "basis: %{customdata[2]}<br>source: %{customdata[3]}<br>"
    "<span style='font-size:11px'>%{customdata[4]}</span><extra>%{fullData.name}</extra>"
)


def base_figure(title: str, subtitle: str, sources_line: str, height: int = 460) -> go.Figure:
    # A right-to-left reader starts at the right: the title, legend, source line and hover
    # text are mirrored; time still runs left to right, as Arabic statistical charts draw it.
    start, edge = ("right", 1) if i18n.direction() == "rtl" else ("left", 0)
    figure = go.Figure()
    figure.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": edge, "xanchor": start},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 70, "r": 20, "t": 80, "b": 110},
        plot_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.18, "x": edge, "xanchor": start},
        hoverlabel={"align": start},
    )
    figure.add_annotation(
        text=_("Source: {sources}").format(sources=sources_line) if sources_line else "",
        xref="paper",
        yref="paper",
        x=edge,
        y=-0.34,
        showarrow=False,
        align=start,
        xanchor=start,
        font={"size": 11, "color": "#555"},
    )
    figure.update_xaxes(showgrid=False, linecolor="#999")
    figure.update_yaxes(gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#999")
    return figure


def _empty(figure: go.Figure, message: str) -> go.Figure:
    figure.add_annotation(
        text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font={"size": 15}
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def _label(sources: Mapping[str, Mapping], source_id: str) -> str:
    return text.source_label(sources.get(source_id, {"publisher": source_id}))


def sources_line(rows: pd.DataFrame, sources: Mapping[str, Mapping]) -> str:
    """The sources ``rows`` cite, as the line printed under a chart."""
    if rows.empty or "source_id" not in rows:
        return ""
    cited = [sources.get(s, {"publisher": s}) for s in dict.fromkeys(rows.source_id.dropna())]
    return "<br>".join(text.sources_line(cited))


def _customdata(rows: pd.DataFrame, sources: Mapping[str, Mapping]) -> list[tuple]:
    """Per point: period, exact figure, basis, source label, locator, source_id (the hover
    shows the first five; a click looks the source up by the last)."""
    precisions = rows.precision if "precision" in rows else [None] * len(rows)
    exact = [
        text.exact(v, c, p) for v, c, p in zip(rows.value, rows.currency, precisions, strict=True)
    ]
    return list(
        zip(
            rows.period.map(text.period_shown),
            exact,
            rows.basis,
            [_label(sources, s) for s in rows.source_id],
            rows.locator.fillna(""),
            rows.source_id,
            strict=True,
        )
    )


def trade_figure(view: View, sources: Mapping[str, Mapping]) -> go.Figure:
    """Both reporters' series and the press claims on one time axis."""
    query = view.query
    assert isinstance(query, TradeQuery)
    scale = text.UNITS[query.unit].size
    figure = base_figure(view.title, view.subtitle, sources_line(view.rows, sources))
    if view.rows.empty:
        return _empty(figure, _("No figures loaded for this selection"))
    x_is_year = query.freq in ("A", "YTD")
    # Lines of one kind (two tables, or editions of one) share a colour; their markers tell
    # them apart.
    markers = dict.fromkeys(SERIES_STYLE, 0)
    for series, rows in view.rows.groupby("series", sort=False):
        x = rows.period_start.dt.year if x_is_year else rows.period_start
        # A press claim states its own change (the Claims page checks it).
        changes = [
            ""
            if series == text.PRESS_CLAIM
            else text.change_on_year(c, r, cur, query.unit) or _("no figure a year earlier")
            for c, r, cur in zip(rows.change, rows.change_pct, rows.currency, strict=True)
        ]
        common = {
            "x": x,
            "y": rows.value / scale,
            "name": series,
            "customdata": [
                (*point, said)
                for point, said in zip(_customdata(rows, sources), changes, strict=True)
            ],
            "hovertemplate": _(TRADE_HOVER),
        }
        if series == text.PRESS_CLAIM:
            figure.add_trace(go.Scatter(mode="markers", marker=CLAIM_STYLE, **common))
        else:
            # The style follows what the rows are, not what the series is called.
            if rows.origin.iloc[0] == "upload":
                kind = "upload"
            else:
                kind = "reported" if rows.reporter.iloc[0] == query.reporter else "mirror"
            style = SERIES_STYLE[kind]
            symbol = MARKERS[markers[kind] % len(MARKERS)]
            markers[kind] += 1
            figure.add_trace(
                go.Scatter(
                    mode="lines+markers",
                    line={"color": style["color"], "dash": style["dash"], "width": 2},
                    marker={"size": 6, "symbol": symbol},
                    **common,
                )
            )
    figure.update_yaxes(title_text=view.chart_unit, rangemode="tozero")
    figure.update_layout(showlegend=True)  # name the series even when there is only one
    if x_is_year:
        figure.update_xaxes(dtick=1 if view.rows.period_start.dt.year.nunique() < 15 else None)
    return figure


def partners_figure(view: View, sources: Mapping[str, Mapping]) -> go.Figure:
    """Partners ranked by value (bar) or as shares of the total (treemap)."""
    query = view.query
    assert isinstance(query, PartnersQuery)
    unit = text.UNITS[query.unit]
    scale = unit.size
    rows = view.rows[view.rows.series == text.PARTNER]
    figure = base_figure(view.title, view.subtitle, sources_line(view.rows, sources), height=560)
    if rows.empty:
        return _empty(figure, _("No partner figures loaded for this reporter and year"))
    custom = _customdata(rows, sources)
    if query.chart == "treemap":
        figure.add_trace(
            go.Treemap(
                labels=rows.partner.map(text.country),
                parents=[""] * len(rows),
                values=rows.value / scale,
                customdata=custom,
                hovertemplate=_(HOVER),
                texttemplate="%{label}<br>%{value:,.2f}",
                name=_("Partners"),
            )
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        return figure
    ordered = rows.iloc[::-1]
    share = ordered.share.map(text.share)
    long = _(unit.long)
    figure.add_trace(
        go.Bar(
            x=ordered.value / scale,
            y=ordered.partner.map(text.country),
            orientation="h",
            text=share,
            textposition="outside",
            marker={"color": "#1f5fa8"},
            customdata=_customdata(ordered, sources),
            hovertemplate=_(HOVER),
            name=f"{long} {rows.currency.iloc[0]}",
        )
    )
    figure.update_xaxes(title_text=view.chart_unit, showgrid=True, gridcolor="#e5e5e5")
    # Room on the right for the largest bar's share label, printed past its end.
    figure.update_layout(showlegend=False, margin={"r": BAR_LABEL_ROOM})
    return figure


def products_figure(view: View, sources: Mapping[str, Mapping]) -> go.Figure:
    """The level's products (or a product's partners) as a treemap sized by value; a tile
    carries its code, so a click drills into it, and its provenance."""
    query = view.query
    assert isinstance(query, ProductsQuery)
    scale = text.UNITS[query.unit].size
    figure = base_figure(view.title, view.subtitle, sources_line(view.rows, sources), height=560)
    rows = view.rows
    if rows.empty or view.chart_table is None:
        return _empty(figure, _("No product figures loaded for this selection"))
    labels = view.chart_table.iloc[:, 0]
    custom = [
        (
            label,
            text.exact(value, currency, None),
            _("reported"),
            _label(sources, source_id),
            _where(query, code, classification),
            source_id,
            code,
        )
        for label, value, currency, source_id, code, classification in zip(
            labels,
            rows.value,
            rows.currency,
            rows.source_id,
            rows.code,
            rows.classification,
            strict=True,
        )
    ]
    figure.add_trace(
        go.Treemap(
            labels=labels,
            parents=[""] * len(rows),
            values=rows.value / scale,
            customdata=custom,
            hovertemplate=_(HOVER),
            text=[text.share(share) for share in rows.share],
            texttemplate="%{label}<br>%{value:,.1f} · %{text}",
            name=text.country(query.reporter),
            sort=False,
        )
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def _where(query: ProductsQuery, code: str, classification: object) -> str:
    """Which rows of the source a product's figure sums (its place in the source)."""
    edition = classification if isinstance(classification, str) else "HS"
    if query.within.isdigit() and len(query.within) == 6:
        return _("{edition} code {product}, partner {partner}").format(
            edition=edition, product=query.within, partner=code
        )
    if not code.isdigit():
        return _("{edition} chapters of section {section}, summed").format(
            edition=edition, section=code
        )
    return _("{edition} codes starting {code}, summed").format(edition=edition, code=code)


def investment_figure(view: View, sources: Mapping[str, Mapping]) -> go.Figure:
    """One bar for the announced total; sectors listed as unquantified, never split."""
    deal, sectors = view.extra["deal"], view.extra["sectors"]
    total = deal.get("total_value")
    title = _("{title}: announced total").format(title=text.data_text(deal["title"]))
    subtitle = _("{unit}; split by sector not disclosed by the source").format(unit=view.chart_unit)
    figure = base_figure(title, subtitle, _label(sources, deal["source_id"]), height=420)
    if total is None or pd.isna(total):
        return _empty(figure, _("The source gives no total"))
    figure.add_trace(
        go.Bar(
            x=[text.TOTAL_PACKAGE],
            y=[total / 1e6],
            marker={"color": "#1f5fa8"},
            width=[0.45],
            text=[text.number(total / 1e6)],
            textposition="outside",
            customdata=[
                [
                    text.data_text(deal["title"]),
                    f"{text.number(total)} {deal['currency']}",
                    "claim",
                    _label(sources, deal["source_id"]),
                    "",
                    deal["source_id"],
                ]
            ],
            hovertemplate=_(HOVER),
            name=_("Announced total"),
        )
    )
    listed = "<br>".join(f"• {text.data_text(s)}: {text.NOT_DISCLOSED}" for s in sectors.sector)
    named = i18n.ngettext(
        "{n} sector named, amounts not disclosed",
        "{n} sectors named, amounts not disclosed",
        len(sectors),
    ).format(n=text.number(len(sectors)))
    figure.add_annotation(
        text=f"<b>{named}</b><br>{listed}",
        xref="paper",
        yref="paper",
        x=0.62,
        y=0.95,
        showarrow=False,
        align="left",
        xanchor="left",
        yanchor="top",
        bordercolor="#999",
        borderwidth=1,
        borderpad=6,
        bgcolor="#fafafa",
    )
    figure.update_xaxes(domain=[0, 0.55])
    figure.update_yaxes(title_text=view.chart_unit, rangemode="tozero")
    figure.update_layout(showlegend=False)
    return figure
