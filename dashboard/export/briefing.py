"""What the Briefing sheet of a workbook says about a view: a short table with human headers,
figures in the view's unit at the screen's decimals, a chart styled like the screen's, and the
source line under them. Pure data, no xlsxwriter: ``dashboard.export.xlsx`` writes it.

Each page has its own compact table (``BRIEFINGS``); the full-precision rows stay in the
workbook's Data (or Claims) sheet.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard import text
from dashboard.figures import CLAIM_STYLE, MARKERS, SERIES_STYLE
from dashboard.i18n import N_, _
from dashboard.views import View

DIGITS = 2  # text.money's decimals: '$24.62 bn' on screen is 24.62 in the sheet
SHARE = "0.0%"
CHANGE = "+0.0%;-0.0%;0.0%"
COUNT = "#,##0"
# Plotly's names for line dashes and marker symbols, as Excel's chart XML spells them.
DASHES = {"solid": "solid", "dash": "dash", "dot": "round_dot"}
SYMBOLS = {
    "circle": "circle",
    "square": "square",
    "diamond": "diamond",
    "triangle-up": "triangle",
    "cross": "plus",
}
NOTHING_SHOWN = N_("No figures match this selection.")


def pattern(decimals: int) -> str:
    """An Excel number format with thousands separators and ``decimals`` decimals."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@dataclass(frozen=True)
class Column:
    """A column of the briefing table: its header, its cells (None for blank) and, for
    numbers, their Excel number format (None for text)."""

    header: str
    values: list
    num_format: str | None = None


@dataclass(frozen=True)
class Series:
    """A chart series over one table column, drawn as the screen draws it."""

    column: int
    colour: str | None = None
    dash: str = "solid"
    marker: str | None = None  # an Excel marker type: circle, square, star...
    marker_size: int = 6
    line: bool = True
    point_colours: list[str] | None = None  # one colour per bar, for bars of mixed kinds


@dataclass(frozen=True)
class Chart:
    """A native chart over the first ``rows`` rows of the table."""

    kind: str  # line, column or bar
    categories: int
    series: list[Series]
    rows: int
    axis: str  # the value axis title: the unit
    value_format: str


@dataclass(frozen=True)
class Briefing:
    """The sheet a reader prints: title, table, sources, notes and chart."""

    title: str
    subtitle: str
    columns: list[Column]
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None

    @property
    def rows(self) -> int:
        """The number of table rows."""
        return len(self.columns[0].values) if self.columns else 0


def briefing(view: View, sources: pd.DataFrame) -> Briefing:
    """The Briefing of ``view``, citing ``sources`` (the sources its rows cite)."""
    records: dict[str, Mapping] = (
        {str(r["source_id"]): r for r in sources.to_dict("records")} if len(sources) else {}
    )
    columns: list[Column] = []
    chart: Chart | None = None
    if not view.rows.empty:
        columns, chart = BRIEFINGS.get(view.page, _chart_table)(view, records)
    return Briefing(
        title=view.title,
        subtitle=view.subtitle,
        columns=columns,
        sources=_source_lines(view, records),
        notes=list(view.notes),
        chart=chart,
    )


# ---------------------------------------------------------------- one table per page

Table = tuple[list[Column], Chart | None]
Sources = Mapping[str, Mapping]  # source_id -> its record


def _trade(view: View, sources: Sources) -> Table:
    """One row per period, one column per series, then each series' change on a year
    earlier where the rows carry it."""
    query = view.query
    table = view.chart_table
    if table is None or table.empty:
        return [], None
    currency, unit = str(getattr(query, "currency", "USD")), str(getattr(query, "unit", "bn"))
    columns = [_periods(_("Period"), table.iloc[:, 0])]
    series: list[Series] = []
    kinds = {str(name): _kind(view, str(name)) for name in table.columns[1:]}
    names = sorted(kinds, key=lambda name: KIND_ORDER.index(kinds[name]))
    used = dict.fromkeys(SERIES_STYLE, 0)
    for name in names:
        columns.append(Column(_money(name, currency, unit), _numbers(table[name]), pattern(DIGITS)))
        series.append(_trade_style(kinds[name], len(columns) - 1, used))
    changed = [
        name
        for name in names
        if name != text.PRESS_CLAIM
        and "change_pct" in view.rows
        and view.rows.loc[view.rows.series == name, "change_pct"].notna().any()
    ]
    for name in changed:
        rows = view.rows[view.rows.series == name].drop_duplicates("period").set_index("period")
        said = (
            _("Change on a year earlier")
            if len(changed) == 1
            else _("{series}: change on a year earlier").format(series=name)
        )
        periods = table.iloc[:, 0]
        if "change" in rows:
            amounts = periods.map(rows.change) / text.UNITS[unit].size
            columns.append(Column(_money(said, currency, unit), _numbers(amounts), pattern(DIGITS)))
        columns.append(Column(f"{said}, %", _numbers(periods.map(rows.change_pct)), CHANGE))
    chart = Chart("line", 0, series, len(table), view.chart_unit, pattern(DIGITS))
    return columns, chart


def _kind(view: View, name: str) -> str:
    """What a Trade series is, as dashboard.figures.trade_figure tells it: from its rows, not
    its name (a press claim, a user's upload, the reporter's own figures or the mirror)."""
    if name == text.PRESS_CLAIM:
        return "claim"
    rows = view.rows[view.rows.series == name]
    if rows.origin.iloc[0] == "upload":
        return "upload"
    return (
        "reported" if rows.reporter.iloc[0] == getattr(view.query, "reporter", None) else "mirror"
    )


KIND_ORDER = ("reported", "mirror", "upload", "claim")  # the reporter's own figures first


def _trade_style(kind: str, column: int, used: dict[str, int]) -> Series:
    """The screen's style of a Trade series: the press claim as stars without a line; the
    reporter's own figures solid, the mirror dashed, a user's dotted; lines of one kind told
    apart by their markers."""
    if kind == "claim":
        return Series(column, str(CLAIM_STYLE["color"]), marker="star", marker_size=12, line=False)
    style = SERIES_STYLE[kind]
    symbol = MARKERS[used[kind] % len(MARKERS)]
    used[kind] += 1
    return Series(column, style["color"], DASHES[style["dash"]], SYMBOLS[symbol])


def _partners(view: View, sources: Sources) -> Table:
    """The ranked partners with their value and share, the world total under them."""
    query = view.query
    unit = str(getattr(query, "unit", "bn"))
    flow = text.FLOW_LABELS[str(getattr(query, "flow", "turnover"))]
    ranked = view.rows[view.rows.series == text.PARTNER]
    total = view.rows[view.rows.series == text.TOTAL_PARTNERS]
    rows = pd.concat([ranked, total], ignore_index=True)
    currency = str(rows.currency.iloc[0])
    columns = [
        Column(
            _("Partner"), [*ranked.partner.map(text.country), *[text.TOTAL_PARTNERS] * len(total)]
        ),
        Column(
            _money(flow, currency, unit),
            _numbers(rows.value / text.UNITS[unit].size),
            pattern(DIGITS),
        ),
        Column(_("Share of total, %"), _numbers(rows.share), SHARE),
        Column(_("Source"), _labels(sources, rows.source_id)),
    ]
    bars = Series(1, SERIES_STYLE["reported"]["color"])
    chart = (
        Chart("bar", 0, [bars], len(ranked), view.chart_unit, pattern(DIGITS))
        if len(ranked)
        else None
    )
    return columns, chart


def _products(view: View, sources: Sources) -> Table:
    """The level's products (or a product's partners) ranked, with shares, the year before
    and the change, each code with its name and the HS edition the name is from."""
    rows = view.rows
    unit = str(getattr(view.query, "unit", "mn"))
    scale = text.UNITS[unit].size
    labels = view.chart_table.iloc[:, 0] if view.chart_table is not None else rows.code
    columns = [
        Column(_("Rank"), [int(r) for r in rows["rank"]], COUNT),
        Column(
            str(view.chart_table.columns[0]) if view.chart_table is not None else "", list(labels)
        ),
        Column(view.chart_unit, _numbers(rows.value / scale), pattern(DIGITS)),
        Column(_("Share of total, %"), _numbers(rows.share), SHARE),
        Column(_("A year earlier"), _numbers(rows.previous_value / scale), pattern(DIGITS)),
        Column(_("Change, %"), _numbers(rows.change_pct), CHANGE),
        Column(_("HS edition"), [text.text_or(c, "-") for c in rows.classification]),
        Column(_("Name note"), [text.text_or(n, "") for n in rows.name_note]),
        Column(_("Source"), _labels(sources, rows.source_id)),
    ]
    bars = Series(2, SERIES_STYLE["reported"]["color"])
    chart = Chart("bar", 1, [bars], min(len(rows), 15), view.chart_unit, pattern(DIGITS))
    return columns, chart


def _claims(view: View, sources: Sources) -> Table:
    """One row per claim: its words, period, claimed figure, each reporter's official
    figure for the same period, and the verdict."""
    rows = view.rows
    claims = rows[rows.check == "claim"].reset_index(drop=True)
    official = rows[rows.check == "official figure"]
    reporters = [str(r) for r in dict.fromkeys(official.reporter.dropna())]
    currency = str(claims.currency.iloc[0]) if claims.currency.nunique() == 1 else ""
    size = text.UNITS["bn"].size
    columns = [
        Column(_("Claim"), [str(c) for c in claims.claim.fillna("")]),
        Column(_("Period"), [str(p) for p in claims.period]),
        Column(_money(_("Claimed"), currency, "bn"), _numbers(claims.claimed_value / size), _bn()),
    ]
    series = [Series(2, str(CLAIM_STYLE["color"]), marker="star", marker_size=12, line=False)]
    for index, reporter in enumerate(reporters):
        figures = official[official.reporter == reporter].set_index("claim_id").figure
        values = claims.claim_id.map(figures).astype(float) / size
        columns.append(
            Column(_money(text.official_by(reporter), currency, "bn"), _numbers(values), _bn())
        )
        style = SERIES_STYLE["reported" if index == 0 else "mirror"]
        marker = SYMBOLS[MARKERS[index % len(MARKERS)]]
        series.append(Series(len(columns) - 1, style["color"], marker=marker, line=False))
    columns += [
        Column(_("Verdict"), [str(v) for v in claims.verdict]),
        Column(_("Source"), _labels(sources, claims.source_id)),
    ]
    return columns, Chart("line", 1, series, len(claims), view.chart_unit, _bn())


def _overview(view: View, sources: Sources) -> Table:
    """Each press figure beside both reporters' official figures for its period."""
    rows = view.rows[view.rows.flow == "turnover"].reset_index(drop=True)
    unit = str(view.extra.get("unit", "bn"))
    colours = [
        str(CLAIM_STYLE["color"])
        if series == text.PRESS_CLAIM
        else SERIES_STYLE["upload" if origin == "upload" else "reported"]["color"]
        for series, origin in zip(rows.series, rows.origin, strict=True)
    ]
    columns = [
        Column(_("Figure"), [f"{s}, {p}" for s, p in zip(rows.series, rows.period, strict=True)]),
        Column(
            _money(_("Turnover"), "USD", unit),
            _numbers(rows.value / text.UNITS[unit].size),
            pattern(DIGITS),
        ),
        Column(_("Source"), _labels(sources, rows.source_id)),
    ]
    bars = Series(1, point_colours=colours)
    return columns, Chart("bar", 0, [bars], len(rows), view.chart_unit, pattern(DIGITS))


def _investment(view: View, sources: Sources) -> Table:
    """The announced total, then each sector with its amount where the source gives one."""
    rows = view.rows
    currency = str(rows.currency.iloc[0])
    columns = [
        Column(_("Sector"), [text.data_text(s) for s in rows.sector]),
        Column(_money("Amount", currency, "mn"), _numbers(rows.amount / 1e6), pattern(0)),
        Column(_("Amount disclosed"), [str(s) for s in rows.amount_status]),
        Column(_("Source"), _labels(sources, rows.source_id)),
    ]
    bars = Series(1, SERIES_STYLE["reported"]["color"])
    return columns, Chart("column", 0, [bars], 1, view.chart_unit, pattern(0))


def _data(view: View, sources: Sources) -> Table:
    """Not the ledger (that is the Data sheet) but how many figures of each basis each year
    holds."""
    table = view.chart_table
    if table is None or table.empty:
        return [], None
    columns = [_periods("Year", table.iloc[:, 0])]
    for basis in table.columns[1:]:
        columns.append(Column(f"{str(basis).capitalize()} figures", _numbers(table[basis]), COUNT))
    series = [Series(index) for index in range(1, len(columns))]
    return columns, Chart("column", 0, series, len(table), view.chart_unit, COUNT)


def _sources(view: View, sources: Sources) -> Table:
    """Each source by its short name, kind, date and number of figures."""
    rows = view.rows
    columns = [
        Column(_("Source"), [text.source_label(s) for s in rows.to_dict("records")]),
        Column(_("Kind"), [str(k).replace("_", " ") for k in rows.kind]),
        Column(_("Published"), [text.date_iso(p) for p in rows.published]),
        Column(_("Figures"), _numbers(rows.observations), COUNT),
    ]
    bars = Series(3, SERIES_STYLE["reported"]["color"])
    return columns, Chart("bar", 0, [bars], len(rows), view.chart_unit, COUNT)


def _chart_table(view: View, sources: Sources) -> Table:
    """Any other view: its chart table as it stands."""
    table = view.chart_table
    if table is None or table.empty or table.shape[1] < 2:
        return [], None
    columns = [Column(str(table.columns[0]), [str(c) for c in table.iloc[:, 0]])]
    columns += [Column(str(n), _numbers(table[n]), pattern(DIGITS)) for n in table.columns[1:]]
    series = [Series(index) for index in range(1, len(columns))]
    kind = view.chart_type if view.chart_type in ("line", "column", "bar") else "column"
    return columns, Chart(kind, 0, series, len(table), view.chart_unit, pattern(DIGITS))


BRIEFINGS: dict[str, Callable[[View, Sources], Table]] = {
    "trade": _trade,
    "partners": _partners,
    "products": _products,
    "claims": _claims,
    "overview": _overview,
    "investment": _investment,
    "data": _data,
    "sources": _sources,
}


# ---------------------------------------------------------------- helpers


def _periods(header: str, labels: Iterable) -> Column:
    """Period labels as the screen names them ('Jan-May 2021'); years alone as the numbers
    they are ('2021', never '2021-01'), so the chart's categories and their cells agree."""
    shown = [text.period_shown(label) for label in labels]
    if all(label.isdigit() for label in shown):
        return Column(header, [int(label) for label in shown], "0")
    return Column(header, shown)


def _money(measure: str, currency: str, unit: str) -> str:
    """A header naming a sum and its unit: 'Turnover, USD bn'."""
    return f"{measure}, {currency} {_(text.UNITS[unit].short)}".replace(",  ", ", ")


def _bn() -> str:
    return pattern(DIGITS)


def _numbers(values: Iterable) -> list[float | None]:
    """Plain floats, every missing value as None (a blank cell, a gap in the chart)."""
    out: list[float | None] = []
    for value in values:
        if value is None or value is pd.NA or value is pd.NaT:
            out.append(None)
            continue
        number = float(value)
        out.append(None if math.isnan(number) else number)
    return out


def _labels(sources: Sources, source_ids: Iterable) -> list[str]:
    """Short source names ('Bureau of National Statistics, edition 2022') for a column."""
    return [
        text.source_label(sources.get(s, {"publisher": s})) if isinstance(s, str) else ""
        for s in source_ids
    ]


def _source_lines(view: View, records: Sources) -> list[str]:
    """'Source: Bureau of National Statistics, edition 2022; Federal Customs Service...',
    in the order the rows first cite them."""
    cited = [str(s) for s in dict.fromkeys(view.rows.get("source_id", pd.Series()).dropna())]
    listed = [records[s] for s in cited if s in records]
    if not listed:
        return []
    lines = text.sources_line(listed)
    return [_("Source: {sources}").format(sources=lines[0]), *lines[1:]]
