"""The bulk row writer against xlsxwriter's own cell writing of the same frame."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from dashboard.export import sheetdata

FRAME = pd.DataFrame(
    {
        "text": [
            "Казахстан",
            "=1+1",
            "  leading and trailing  ",
            "a & b < c > d",
            "tab\there\x01ctl",
            "_x0041_ literal",
            None,
            "x" * 40_000,
        ],
        "number": [1.5, np.nan, -2.25e10, 0.1 + 0.2, np.inf, 7, 123456789012.34, 0.0],
        "value": [135527430805.1, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        "date": pd.to_datetime(
            ["2021-01-01", "2022-05-31", None, "1994-12-31", "2000-02-29", "2021-12-31"] * 1
            + ["2006-01-01", "2006-05-31"]
        ),
        "flag": [True, False, True, None, False, True, True, False],
        "mixed": [1, "two", 3.5, None, "=SUM(A1)", 6, "sept", 8],
    }
)


def _formats(workbook):
    return {
        "number": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "rtl": workbook.add_format({"reading_order": 2, "align": "right"}),
        "decimals": [workbook.add_format({"num_format": f"0.{'0' * d}"}) for d in (1, 2, 3)],
    }


def _workbook(frame: pd.DataFrame, rows: Callable) -> bytes:
    """A constant-memory workbook whose Data sheet has the frame's header, then whatever
    ``rows(sheet, formats)`` writes under it."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Data")
    formats = _formats(workbook)
    for col, name in enumerate(frame.columns):
        sheet.write_string(0, col, name)
    rows(sheet, formats)
    workbook.close()
    return buffer.getvalue()


def _by_xlsxwriter(frame: pd.DataFrame) -> bytes:
    return _workbook(frame, lambda sheet, f: _cell_by_cell(sheet, f, frame))


def _cell_by_cell(sheet, f: dict, frame: pd.DataFrame) -> None:
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        text, number, value, date, flag, mixed = record
        if not pd.isna(text):
            sheet.write_string(row, 0, text, f["rtl"])
        if np.isfinite(number):
            sheet.write_number(row, 1, number, f["number"])
        sheet.write_number(row, 2, value, f["decimals"][(row - 1) % 3])
        if not pd.isna(date):
            sheet.write_datetime(row, 3, date.to_pydatetime(), f["date"])
        if not pd.isna(flag):
            sheet.write_boolean(row, 4, bool(flag))
        if not pd.isna(mixed):
            sheet.write_string(row, 5, str(mixed))


def _in_bulk(frame: pd.DataFrame) -> bytes:
    return _workbook(frame, lambda sheet, f: _bulk(sheet, f, frame))


def _bulk(sheet, f: dict, frame: pd.DataFrame) -> None:
    columns = [
        sheetdata.Column("text", f["rtl"]),
        sheetdata.Column("number", f["number"]),
        sheetdata.Column("number", formats=[f["decimals"][i % 3] for i in range(len(frame))]),
        sheetdata.Column("date", f["date"]),
        sheetdata.Column("bool"),
        sheetdata.Column("text"),
    ]
    sheetdata.write_rows(sheet, frame, columns)
    sheet.autofilter(0, 0, len(frame), len(columns) - 1)


def _cells(content: bytes) -> list[list[tuple]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Data"]
    return [
        [(c.value, c.data_type, c.number_format, c.alignment.horizontal) for c in row]
        for row in sheet.iter_rows()
    ]


def test_the_bulk_rows_read_back_as_xlsxwriters_own_cells():
    ours, theirs = _cells(_in_bulk(FRAME)), _cells(_by_xlsxwriter(FRAME))
    assert len(ours) == len(FRAME) + 1
    assert ours == theirs


def test_text_that_looks_like_a_formula_stays_text():
    sheet = openpyxl.load_workbook(io.BytesIO(_in_bulk(FRAME)))["Data"]
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("=1+1", "s")
    assert (sheet["F6"].value, sheet["F6"].data_type) == ("=SUM(A1)", "s")


def test_missing_and_infinite_values_leave_the_cell_empty():
    sheet = openpyxl.load_workbook(io.BytesIO(_in_bulk(FRAME)))["Data"]
    assert sheet["B3"].value is None  # NaN
    assert sheet["B6"].value is None  # inf
    assert sheet["D4"].value is None  # NaT
    assert sheet["A8"].value is None  # None


def test_the_sheet_knows_its_extent():
    sheet = openpyxl.load_workbook(io.BytesIO(_in_bulk(FRAME)))["Data"]
    assert sheet.dimensions == f"A1:F{len(FRAME) + 1}"
    assert sheet.auto_filter.ref == f"A1:F{len(FRAME) + 1}"


def test_a_sheet_not_in_constant_memory_mode_is_refused():
    workbook = xlsxwriter.Workbook(io.BytesIO())
    sheet = workbook.add_worksheet()
    with pytest.raises(ValueError, match="constant_memory"):
        sheetdata.write_rows(sheet, FRAME, [sheetdata.Column("text")] * FRAME.shape[1])
    workbook.close()
