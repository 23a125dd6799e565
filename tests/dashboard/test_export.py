"""The workbook: typed cells, frozen header, autofilter, chart, sources, about, no formulas."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime

import openpyxl
import pandas as pd

from dashboard.export.csv import csv_text
from dashboard.export.xlsx import workbook_bytes
from dashboard.queries import DataQuery
from dashboard.views import View, build_view


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_trade_workbook(store):
    view = build_view("trade", {"partner": "CHN"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "9.9"))
    assert book.sheetnames == ["Data", "Chart data", "Chart", "Sources", "About"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header[:3] == ["series", "reporter", "reporter_name"]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref.startswith("A1:")
    assert data.max_row == len(view.rows) + 1
    value_col = header.index("value") + 1
    start_col = header.index("period_start") + 1
    cell = data.cell(2, value_col)
    assert isinstance(cell.value, (int, float))
    # Each figure at the decimals its source published: Russia's table in millions has
    # none, Kazakhstan's bureau gives cents.
    precision_col = header.index("precision") + 1
    for row in range(2, data.max_row + 1):
        step = data.cell(row, precision_col).value
        shown = data.cell(row, value_col).number_format
        decimals = 0 if step >= 1 else min(2, round(-math.log10(step)))
        assert shown == "#,##0" + ("." + "0" * decimals if decimals else ""), (row, step)
    chart = book["Chart data"]
    assert {c.number_format for c in chart[2][1:] if c.value is not None} == {"#,##0.00"}
    assert isinstance(data.cell(2, start_col).value, datetime)
    assert data.cell(2, start_col).number_format == "yyyy-mm-dd"
    assert data.column_dimensions["A"].width >= 10
    # Every source cited in Data is in Sources, with its full citation.
    ids = {r[header.index("source_id")] for r in data.iter_rows(min_row=2, values_only=True)}
    sources = book["Sources"]
    listed = {r[0] for r in sources.iter_rows(min_row=2, values_only=True)}
    assert ids == listed
    citation = [c.value for c in sources[1]].index("citation")
    assert all(r[citation] for r in sources.iter_rows(min_row=2, values_only=True))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["App version"] == "9.9"
    assert about["Filters"] == "partner=CHN"
    assert about["  partner"] == "CHN"
    assert about["  months"] == "5"
    assert "Turnover" in about
    assert "CIF / FOB" in about
    assert "Like-for-like periods" in about
    assert book["Chart"]._charts  # a native chart on its own sheet


def test_text_that_looks_like_a_formula_stays_text(store):
    rows = pd.DataFrame(
        {
            "label": ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    view = View(DataQuery(), rows, "injection")
    book = _open(workbook_bytes(view, store.sources.iloc[0:0], "1"))
    cells = [r[0] for r in book["Data"].iter_rows(min_row=2, values_only=True)]
    assert cells == ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"]
    for cell in book["Data"]["A"][1:]:
        assert cell.data_type == "s"


def test_empty_view_gives_a_clear_empty_sheet(store):
    view = build_view("data", {"reporter": "QAT", "partner": "KAZ"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "1"))
    assert book["Data"]["A1"].value == "No rows match this selection."
    assert book["Sources"]["A1"].value.startswith("No sources")


def test_arabic_quote_reads_right_to_left(store):
    view = build_view("sources", {"kind": "press"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "1"))
    sheet = book["Sources"]
    header = [c.value for c in sheet[1]]
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2)]
    assert any("روسيا" in (q.value or "") for q in quotes)
    assert all(q.alignment.readingOrder == 2 for q in quotes)


def test_csv_has_the_same_rows(store):
    view = build_view("partners", {}, store)
    frame = pd.read_csv(io.StringIO(csv_text(view, store.sources, "1")))
    assert len(frame) == len(view.rows)
    assert frame.value.iloc[1] == view.rows.value.iloc[1]


def test_csv_never_starts_a_text_cell_with_a_formula_sign():
    rows = pd.DataFrame(
        {
            "label": ["=cmd|' /C calc'!A0", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx", "plain"],
            "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )
    text = csv_text(View(DataQuery(), rows, "injection"), rows.iloc[0:0], "1")
    header, *lines = list(csv.reader(io.StringIO(text, newline="")))
    assert header == ["label", "value"]
    assert [line[0] for line in lines] == [
        "'=cmd|' /C calc'!A0",
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "'\tx",
        "'\nx",  # a carriage return in a cell is written as a line break a reader keeps
        "plain",
    ]
    assert lines[0][1] == "-1.5"  # numbers stay numbers
