"""The Excel export of a view: a Briefing sheet to print (title, a short table in the view's
unit, the source line and a chart styled like the screen's), the full-precision rows in Data
(or Claims), the chart on its own sheet, Sources and About."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime

import pandas as pd
import xlsxwriter

from dashboard import i18n, text
from dashboard.export import sheetdata
from dashboard.export.briefing import NOTHING_SHOWN, Briefing, briefing, pattern
from dashboard.i18n import N_, _
from dashboard.views import View

NUMBER_COLUMNS = {
    "value": "#,##0.00",
    "claimed_value": "#,##0",
    "figure": "#,##0.00##",
    "difference": "+0.0%;-0.0%;0.0%",
    "total_value": "#,##0",
    "amount": "#,##0",
    "share": "0.0%",
    "observations": "#,##0",
    "rank": "0",
}
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
BRIEFING = N_("Briefing")  # sheet names, each read in the reader's language
DATA, CHART, SOURCES, ABOUT = N_("Data"), N_("Chart"), N_("Sources"), N_("About")
HEADER_ROW = 3  # the Briefing table's header: under the title, the unit and a blank row
CHART_SIZE = (480, 288)  # xlsxwriter's default chart size in pixels, scaled below
CHART_SCALE = (2.0, 1.6)
ROW_PIXELS = 20
HEADER_HEIGHT = 45  # points: three lines of a wrapped header
ONE_PAGE_ROWS = 40  # a Briefing table up to this long prints with its chart on one page


def _kind(series: pd.Series, name: str) -> str:
    """How a column is written: number, bool, date or text, from its values."""
    if series.dtype == bool:
        return "bool"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "date"
    present = series.dropna()
    if not present.empty and present.map(lambda v: isinstance(v, (int, float))).all():
        return "number"  # an object column of numbers and blanks (e.g. claims' figures)
    return "text"


def _width(name: str, values: pd.Series, kind: str) -> float:
    if kind == "date":
        return 11
    if kind in ("number", "bool"):
        return max(len(name), 16) + 1
    sample = values.head(300).dropna().astype(str)
    longest = int(sample.str.len().max()) if not sample.empty else 0
    return min(max(len(name), longest, 6) + 2, MAX_WIDTH)


def _write_table(workbook, sheet, frame: pd.DataFrame, header_format, rtl: tuple[str, ...] = ()):
    """Write a frame as a table: typed cells, frozen header, autofilter, sensible widths.

    Text is always written as text, so text from a source that starts with '=', '+', '-'
    or '@' stays text and is never run as a formula. The rows go in through
    ``sheetdata.write_rows``, in bulk.
    """
    number_formats = {
        name: workbook.add_format({"num_format": fmt}) for name, fmt in NUMBER_COLUMNS.items()
    }
    default_number = workbook.add_format({"num_format": "#,##0.00"})
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    rtl_format = workbook.add_format({"reading_order": 2, "align": "right"})
    columns = list(frame.columns)
    kinds: list[sheetdata.Column] = []
    for index, name in enumerate(columns):
        series = frame[name]
        kind = _kind(series, name)
        # Widths first: in constant-memory mode a sheet's columns are fixed before its rows.
        sheet.set_column(index, index, _width(name, series, kind))
        if kind == "number" and name == "value" and "precision" in frame:
            # Each figure shows the decimals its source published, not more.
            decimals = {d: workbook.add_format({"num_format": pattern(d)}) for d in (0, 1, 2)}
            shown = [decimals[text.shown_digits(2, p)] for p in frame["precision"]]
            kinds.append(sheetdata.Column("number", formats=shown))
        elif kind == "number":
            kinds.append(sheetdata.Column("number", number_formats.get(name, default_number)))
        elif kind == "date":
            kinds.append(sheetdata.Column("date", date_format))
        elif kind == "text" and name in rtl:
            kinds.append(sheetdata.Column("text", rtl_format))
        else:
            kinds.append(sheetdata.Column(kind))
    for index, name in enumerate(columns):
        sheet.write_string(0, index, name, header_format)
    sheetdata.write_rows(sheet, frame, kinds)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))


def _briefing_sheet(workbook, brief: Briefing, formats: dict) -> None:
    """The sheet a reader prints: title, unit, table, source line, notes, and the chart."""
    sheet = _sheet(workbook, _(BRIEFING))
    columns = brief.columns
    widths = [_briefing_width(column) for column in columns] or [MAX_WIDTH]
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    sheet.write_string(0, 0, brief.title, formats["title"])
    if brief.subtitle:
        sheet.write_string(1, 0, brief.subtitle, formats["subtitle"])
    row = HEADER_ROW
    if not columns:
        sheet.write_string(row, 0, _(NOTHING_SHOWN))
    else:
        sheet.set_row(row, HEADER_HEIGHT)
        sheet.write_row(row, 0, [c.header for c in columns], formats["header_wrap"])
        cell_formats = [
            _number_format(workbook, formats, c.num_format)
            if c.num_format
            else (formats["wrap"] if _briefing_width(c) >= MAX_WIDTH else None)
            for c in columns
        ]
        for values in zip(*[c.values for c in columns], strict=True):
            row += 1
            for col, (value, fmt) in enumerate(zip(values, cell_formats, strict=True)):
                if value is None:
                    continue
                if columns[col].num_format:
                    sheet.write_number(row, col, value, fmt)
                else:
                    sheet.write_string(row, col, value, fmt)
    row += 2
    for line in brief.sources:
        sheet.write_string(row, 0, line, formats["source"])
        row += 1
    for note in brief.notes:
        sheet.write_string(row, 0, _("Note: {note}").format(note=note), formats["source"])
        row += 1
    last_row, last_col = row, len(widths) - 1
    if brief.chart is not None:
        row += 1
        sheet.insert_chart(
            row, 0, _chart(workbook, brief), {"x_scale": CHART_SCALE[0], "y_scale": CHART_SCALE[1]}
        )
        last_row = row + math.ceil(CHART_SIZE[1] * CHART_SCALE[1] / ROW_PIXELS)
        last_col = max(last_col, _columns_spanned(widths, CHART_SIZE[0] * CHART_SCALE[0]))
    # A short table and its chart print on one page, as a briefing page should; a long
    # table (every partner) keeps its readable size over as many pages as it takes.
    rows = len(columns[0].values) if columns else 0
    _print_setup(sheet, header_row=HEADER_ROW, tall=1 if rows <= ONE_PAGE_ROWS else 0)
    sheet.print_area(0, 0, last_row, last_col)


def _briefing_width(column) -> float:
    longest = max([len(column.header) // 2, *(len(str(v)) for v in column.values[:300])], default=8)
    if column.num_format:
        return max(min(len(column.header), 24), 12)
    return min(max(longest, 10) + 2, MAX_WIDTH)


def _columns_spanned(widths: list[float], pixels: float) -> int:
    """The last column a chart of ``pixels`` width reaches, from the first."""
    used, col = 0.0, 0
    while True:
        width = widths[col] if col < len(widths) else 8.43
        used += width * 7 + 5
        if used >= pixels:
            return col
        col += 1


def _number_format(workbook, formats: dict, num_format: str):
    if num_format not in formats["numbers"]:
        formats["numbers"][num_format] = workbook.add_format({"num_format": num_format})
    return formats["numbers"][num_format]


def _chart(workbook, brief: Briefing):
    """A native chart over the Briefing table, styled as the screen draws the view. Every
    series carries its values as well as its cells (the workbook is written in constant-memory
    mode, where xlsxwriter cannot read them back), so a reader that does not recalculate, or
    a preview, still draws it."""
    spec = brief.chart
    assert spec is not None
    chart = workbook.add_chart({"type": spec.kind})
    first, last = HEADER_ROW + 1, HEADER_ROW + spec.rows
    categories = brief.columns[spec.categories].values[: spec.rows]
    for series in spec.series:
        column = brief.columns[series.column]
        options: dict[str, object] = {
            "name": _literal(column.header),
            "categories": [_(BRIEFING), first, spec.categories, last, spec.categories],
            "categories_data": categories,
            "values": [_(BRIEFING), first, series.column, last, series.column],
            "values_data": column.values[: spec.rows],
            "data_labels": {
                "value": True,
                "num_format": spec.value_format,
                "position": "above" if spec.kind == "line" else "outside_end",
                "font": {"size": 8, "color": series.colour or "#333333"},
            },
        }
        if series.colour and spec.kind == "line":
            options["line"] = (
                {"color": series.colour, "width": 2.25, "dash_type": series.dash}
                if series.line
                else {"none": True}
            )
        elif series.colour:
            options["fill"] = {"color": series.colour}
            options["border"] = {"color": series.colour}
        if series.marker:
            colour = {"color": series.colour} if series.colour else {}
            options["marker"] = {
                "type": series.marker,
                "size": series.marker_size,
                "fill": colour,
                "border": colour,
            }
        if series.point_colours:
            options["points"] = [
                {"fill": {"color": c}, "border": {"color": c}} for c in series.point_colours
            ]
        chart.add_series(options)
    chart.set_title({"name": _literal(brief.title[:250]), "name_font": {"size": 12, "bold": True}})
    value_axis = {
        "name": _literal(spec.axis),
        "num_format": spec.value_format,
        "major_gridlines": {"visible": True},
    }
    category_axis = {
        "name": _literal(brief.columns[spec.categories].header),
        "reverse": spec.kind == "bar",
    }
    # xlsxwriter's x axis is the bottom one in both kinds (a bar chart's values run along
    # it). It also carries the source line, so the chart pasted into a slide still says
    # where its numbers come from.
    bar = spec.kind == "bar"
    bottom, left = (value_axis, category_axis) if bar else (category_axis, value_axis)
    if brief.sources:
        bottom["name"] = "\n".join([str(bottom["name"]), *map(_literal, brief.sources)])
        bottom["name_font"] = {"size": 9, "bold": False, "color": "#555555"}
    chart.set_x_axis(bottom)
    chart.set_y_axis(left)
    chart.set_legend({"position": "bottom"} if len(spec.series) > 1 else {"none": True})
    chart.show_blanks_as("span")  # a series' line joins its points, as on screen
    return chart


def _literal(name: str) -> str:
    """A chart title, axis or series name kept as text: xlsxwriter reads a name like
    "Sheet!A1" as a reference to a cell, so a word joiner (invisible) follows each '!'."""
    return name.replace("!", "!\u2060")


def _sheet(workbook, name: str):
    """A worksheet, right to left for a right-to-left reader."""
    sheet = workbook.add_worksheet(name[:31])
    if i18n.direction() == "rtl":
        sheet.right_to_left()
    return sheet


def _print_setup(sheet, header_row: int | None = 0, tall: int = 0) -> None:
    """Landscape, one page wide (and ``tall`` pages high, 0 for as many as it takes), the
    header row on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, tall)
    if header_row is not None:
        sheet.repeat_rows(header_row)


SOURCE_COLUMNS = [
    "source_id",
    "citation",
    "publisher",
    "title",
    "title_en",
    "url",
    "published",
    "accessed",
    "licence",
    "kind",
    "language",
    "edition",
    "quote",
    "quote_en",
    "locator",
    "note",
]


def workbook_bytes(view: View, sources: pd.DataFrame, version: str) -> bytes:
    """The .xlsx of a view: Briefing, Data (or Claims), Chart, Sources, About."""
    query = view.search
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": False,
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": DATE_FORMAT,
            "tmpdir": None,
        },
    )
    workbook.set_properties(
        {"title": view.title[:250], "subject": _("Trade and investment figures"), "comments": query}
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({"italic": True, "font_color": "#555555"}),
        "header_wrap": workbook.add_format(
            {"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "source": workbook.add_format({"font_size": 9, "font_color": "#555555"}),
        "numbers": {},
    }
    brief = briefing(view, sources)
    _briefing_sheet(workbook, brief, formats)
    data_sheet = _sheet(workbook, _(view.sheet))
    if view.rows.empty:
        data_sheet.write_string(0, 0, _("No rows match this selection."))
        data_sheet.write_string(1, 0, _("Filters: {filters}").format(filters=query or _("none")))
    else:
        _write_table(workbook, data_sheet, view.rows, header)
    _print_setup(data_sheet)
    if brief.chart is not None:
        chartsheet = workbook.add_chartsheet(_(CHART))
        chartsheet.set_chart(_chart(workbook, brief))
        _print_setup(chartsheet, header_row=None)
    sources_sheet = _sheet(workbook, _(SOURCES))
    if len(sources):
        cited = sources.assign(citation=[text.citation(s) for s in sources.to_dict("records")])
        _write_table(
            workbook,
            sources_sheet,
            cited[SOURCE_COLUMNS].reset_index(drop=True),
            header,
            rtl=("quote",),
        )
    else:
        sources_sheet.write_string(0, 0, _("No sources: the view has no rows."))
    _print_setup(sources_sheet)
    about = _sheet(workbook, _(ABOUT))
    about.set_column(0, 0, 26)
    about.set_column(1, 1, 100)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "valign": "top"})
    lines = [
        (_("View"), view.title),
        (_("Page"), view.page),
        (_("Filters"), query or _("defaults")),
        *[(f"  {name}", value) for name, value in view.query.shown()],
        (_("Rows"), str(len(view.rows))),
        (_("Generated at"), datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        (_("App version"), version),
        (_("Language"), i18n.NAMES[i18n.current()]),
        ("", ""),
        *[(_("Note"), note) for note in view.notes],
        ("", ""),
        (_("Definitions"), ""),
        *[(_(term), _(meaning)) for term, meaning in text.DEFINITIONS],
    ]
    for row, (key, value) in enumerate(lines):
        about.write_string(row, 0, key, bold)
        about.write_string(row, 1, value, wrap)
    _print_setup(about, header_row=None)
    workbook.close()
    return buffer.getvalue()
