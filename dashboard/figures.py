"""Plotly figures from views: pure functions, no Dash."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.views import UNITS, View

SERIES_STYLE = {
    "reported": {"color": "#1f5fa8", "dash": "solid"},
    "mirror": {"color": "#c2571a", "dash": "dash"},
}
CLAIM_STYLE = {
    "color": "#b3124a",
    "symbol": "star",
    "size": 15,
    "line": {"width": 1, "color": "#fff"},
}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
    "basis: %{customdata[2]}<br>source: %{customdata[3]}<br>"
    "<span style='font-size:11px'>%{customdata[4]}</span><extra>%{fullData.name}</extra>"
)


def source_label(source: Mapping) -> str:
    """Short name of a source for chart source lines and hovers."""
    publisher = str(source.get("publisher", "")).split(",")[0].split(" (")[0]
    edition = source.get("edition")
    has_edition = edition is not None and not pd.isna(edition)
    if source.get("kind") == "press":
        published = source.get("published")
        when = (
            f"{pd.Timestamp(published):%d %b %Y}"
            if published is not None and not pd.isna(published)
            else ""
        )
        return f"Press article, {when}".rstrip(", ")
    return f"{publisher}, edition {edition}" if has_edition else publisher


def _base(title: str, subtitle: str, sources_line: str, height: int = 460) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 70, "r": 20, "t": 80, "b": 110},
        plot_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.18, "x": 0},
        hoverlabel={"align": "left"},
    )
    figure.add_annotation(
        text=f"Source: {sources_line}" if sources_line else "",
        xref="paper",
        yref="paper",
        x=0,
        y=-0.34,
        showarrow=False,
        align="left",
        xanchor="left",
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


def sources_line(rows: pd.DataFrame, labels: Mapping[str, str], width: int = 150) -> str:
    """The sources cited by ``rows``, grouped by publisher with their editions, wrapped.

    "Bureau of National Statistics, editions 2019, 2022; Press article, 27 Oct 2022".
    """
    if rows.empty or "source_id" not in rows:
        return ""
    editions: dict[str, list[str]] = {}
    for source_id in dict.fromkeys(rows.source_id.dropna()):
        label = labels.get(source_id, source_id)
        name, _, edition = label.partition(", edition ")
        editions.setdefault(name, [])
        if edition and edition not in editions[name]:
            editions[name].append(edition)
    parts = [
        name + (f", edition{'s' if len(eds) > 1 else ''} {', '.join(sorted(eds))}" if eds else "")
        for name, eds in editions.items()
    ]
    lines, line = [], ""
    for part in parts:
        candidate = f"{line}; {part}" if line else part
        if len(candidate) > width and line:
            lines.append(line + ";")
            line = part
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(lines)


def _customdata(rows: pd.DataFrame, labels: Mapping[str, str], unit_word: str) -> list[list]:
    exact = rows.value.map(lambda v: f"{v:,.2f}") + " " + rows.currency
    return list(
        zip(
            rows.period,
            exact,
            rows.basis,
            rows.source_id.map(lambda s: labels.get(s, s)),
            rows.locator.fillna(""),
            rows.source_id,
            strict=True,
        )
    )


def trade_figure(view: View, labels: Mapping[str, str]) -> go.Figure:
    """Both reporters' series and the press claims on one time axis."""
    f = view.filters
    scale, word = UNITS[f["unit"]]
    figure = _base(view.title, view.subtitle, sources_line(view.rows, labels))
    if view.rows.empty:
        return _empty(figure, "No figures loaded for this selection")
    x_is_year = f["freq"] in ("A", "YTD")
    for series, rows in view.rows.groupby("series", sort=False):
        x = rows.period_start.dt.year if x_is_year else rows.period_start
        common = {
            "x": x,
            "y": rows.value / scale,
            "name": series,
            "customdata": _customdata(rows, labels, word),
            "hovertemplate": HOVER,
        }
        if series == "Press claim":
            figure.add_trace(go.Scatter(mode="markers", marker=CLAIM_STYLE, **common))
        else:
            style = SERIES_STYLE["mirror" if series.startswith("Mirror") else "reported"]
            figure.add_trace(
                go.Scatter(
                    mode="lines+markers",
                    line={"color": style["color"], "dash": style["dash"], "width": 2},
                    marker={"size": 6},
                    **common,
                )
            )
    figure.update_yaxes(title_text=f"{f['currency']} {word}", rangemode="tozero")
    figure.update_layout(showlegend=True)  # name the series even when there is only one
    if x_is_year:
        figure.update_xaxes(dtick=1 if view.rows.period_start.dt.year.nunique() < 15 else None)
    return figure


def partners_figure(view: View, labels: Mapping[str, str]) -> go.Figure:
    """Partners ranked by value (bar) or as shares of the total (treemap)."""
    f = view.filters
    scale, word = UNITS[f["unit"]]
    rows = view.rows[view.rows.series == "Partner"]
    figure = _base(view.title, view.subtitle, sources_line(view.rows, labels), height=560)
    if rows.empty:
        return _empty(figure, "No partner figures loaded for this reporter and year")
    custom = _customdata(rows, labels, word)
    if f["chart"] == "treemap":
        figure.add_trace(
            go.Treemap(
                labels=rows.partner_name,
                parents=[""] * len(rows),
                values=rows.value / scale,
                customdata=custom,
                hovertemplate=HOVER,
                texttemplate="%{label}<br>%{value:,.2f}",
                name="Partners",
            )
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        return figure
    ordered = rows.iloc[::-1]
    share = ordered.share.map(lambda s: "" if pd.isna(s) else f"{s:.1%}")
    figure.add_trace(
        go.Bar(
            x=ordered.value / scale,
            y=ordered.partner_name,
            orientation="h",
            text=share,
            textposition="outside",
            marker={"color": "#1f5fa8"},
            customdata=_customdata(ordered, labels, word),
            hovertemplate=HOVER,
            name=f"{word} {rows.currency.iloc[0]}",
        )
    )
    figure.update_xaxes(
        title_text=f"{rows.currency.iloc[0]} {word}", showgrid=True, gridcolor="#e5e5e5"
    )
    figure.update_layout(showlegend=False)
    return figure


def investment_figure(deal: Mapping, sectors: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """One bar for the announced total; sectors listed as unquantified, never split."""
    total = deal.get("total_value")
    title = f"{deal['title']}: announced total"
    subtitle = f"{deal['currency']} million; split by sector not disclosed by the source"
    figure = _base(title, subtitle, labels.get(deal["source_id"], deal["source_id"]), height=420)
    if total is None or pd.isna(total):
        return _empty(figure, "The source gives no total")
    figure.add_trace(
        go.Bar(
            x=["Total package"],
            y=[total / 1e6],
            marker={"color": "#1f5fa8"},
            width=[0.45],
            text=[f"{total / 1e6:,.0f}"],
            textposition="outside",
            customdata=[
                [
                    deal["title"],
                    f"{total:,.0f} {deal['currency']}",
                    "claim",
                    labels.get(deal["source_id"], ""),
                    "",
                    deal["source_id"],
                ]
            ],
            hovertemplate=HOVER,
            name="Announced total",
        )
    )
    listed = "<br>".join(f"• {s}: not disclosed" for s in sectors.sector)
    figure.add_annotation(
        text=f"<b>{len(sectors)} sectors named, amounts not disclosed</b><br>{listed}",
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
    figure.update_yaxes(title_text=f"{deal['currency']} million", rangemode="tozero")
    figure.update_layout(showlegend=False)
    return figure
