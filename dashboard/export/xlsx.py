"""The Excel export of a view: Data (or Claims), a native chart over Chart data, Sources, About."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from dashboard import text
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

    Text always goes through write_string, so text from a source that starts with '=',
    '+', '-' or '@' stays text and is never run as a formula.
    """
    formats = {
        "number": {
            name: workbook.add_format({"num_format": fmt}) for name, fmt in NUMBER_COLUMNS.items()
        },
        "default_number": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "rtl": workbook.add_format({"reading_order": 2, "align": "right"}),
    }
    columns = list(frame.columns)
    writers: list[Callable] = []
    for index, name in enumerate(columns):
        series = frame[name]
        kind = _kind(series, name)
        # Widths first: in constant-memory mode a sheet's columns are fixed before its rows.
        sheet.set_column(index, index, _width(name, series, kind))
        if kind == "number" and name == "value" and "precision" in frame:
            # Each figure shows the decimals its source published, not more.
            decimals = {d: workbook.add_format({"num_format": _pattern(d)}) for d in (0, 1, 2)}
            shown = [decimals[text.shown_digits(2, p)] for p in frame["precision"]]
            writers.append(lambda r, c, v, f=shown: sheet.write_number(r, c, v, f[r - 1]))
        elif kind == "number":
            fmt = formats["number"].get(name, formats["default_number"])
            writers.append(lambda r, c, v, f=fmt: sheet.write_number(r, c, v, f))
        elif kind == "bool":
            writers.append(lambda r, c, v: sheet.write_boolean(r, c, bool(v)))
        elif kind == "date":
            writers.append(lambda r, c, v, f=formats["date"]: sheet.write_datetime(r, c, v, f))
        elif name in rtl:
            writers.append(lambda r, c, v, f=formats["rtl"]: sheet.write_string(r, c, str(v), f))
        else:
            writers.append(lambda r, c, v: sheet.write_string(r, c, str(v)))
    for index, name in enumerate(columns):
        sheet.write_string(0, index, name, header_format)
    data = [_cells(frame[name]) for name in columns]
    for row_index, row in enumerate(zip(*data, strict=True), start=1):
        for col_index, value in enumerate(row):
            if value is not None:
                writers[col_index](row_index, col_index, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _cells(series: pd.Series) -> list:
    """Python values of a column with every kind of missing value as None."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    values = series.astype(object).tolist()
    out: list = []
    for value in values:
        missing = value is None or value is pd.NA or value is pd.NaT
        if missing or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        else:
            out.append(value)
    return out


def _chart(workbook, view: View, header_format) -> None:
    """A native Excel chart of the view on its own sheet, over a 'Chart data' sheet."""
    table = view.chart_table
    data_sheet = workbook.add_worksheet("Chart data")
    if table is None or table.empty or table.shape[1] < 2:
        data_sheet.write_string(0, 0, "This view has nothing to chart.")
        return
    _write_table(workbook, data_sheet, table, header_format)
    chart = workbook.add_chart({"type": view.chart_type})
    rows = len(table)
    for col in range(1, table.shape[1]):
        letter = xl_col_to_name(col)
        series: dict[str, object] = {
            "name": ["Chart data", 0, col],
            "categories": f"='Chart data'!$A$2:$A${rows + 1}",
            "values": f"='Chart data'!${letter}$2:${letter}${rows + 1}",
        }
        if view.chart_type == "line":
            series["marker"] = {"type": "circle", "size": 5}
        chart.add_series(series)
    chart.set_title({"name": view.title[:250]})
    axis = "x_axis" if view.chart_type == "bar" else "y_axis"
    getattr(chart, f"set_{axis}")({"name": view.chart_unit})
    if view.chart_type == "bar":
        chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chartsheet = workbook.add_chartsheet("Chart")
    chartsheet.set_chart(chart)


SOURCE_COLUMNS = [
    "source_id",
    "citation",
    "publisher",
    "title",
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
    """The .xlsx of a view: Data, Chart, Chart data, Sources, About."""
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
        {"title": view.title[:250], "subject": "Trade and investment figures", "comments": query}
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    data_sheet = workbook.add_worksheet(view.sheet)
    if view.rows.empty:
        data_sheet.write_string(0, 0, "No rows match this selection.")
        data_sheet.write_string(1, 0, "Filters: " + (query or "none"))
    else:
        _write_table(workbook, data_sheet, view.rows, header)
    _chart(workbook, view, header)
    sources_sheet = workbook.add_worksheet("Sources")
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
        sources_sheet.write_string(0, 0, "No sources: the view has no rows.")
    about = workbook.add_worksheet("About")
    about.set_column(0, 0, 26)
    about.set_column(1, 1, 100)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "valign": "top"})
    lines = [
        ("View", view.title),
        ("Page", view.page),
        ("Filters", query or "defaults"),
        *[(f"  {name}", value) for name, value in view.query.shown()],
        ("Rows", str(len(view.rows))),
        ("Generated at", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("App version", version),
        ("", ""),
        *[("Note", note) for note in view.notes],
        ("", ""),
        ("Definitions", ""),
        *text.DEFINITIONS,
    ]
    for row, (key, value) in enumerate(lines):
        about.write_string(row, 0, key, bold)
        about.write_string(row, 1, value, wrap)
    workbook.close()
    return buffer.getvalue()
