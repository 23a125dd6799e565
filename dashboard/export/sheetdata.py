"""A table's rows written straight into a constant-memory xlsxwriter worksheet as XML.

xlsxwriter spends about 10 µs on each cell (argument checks, a row table, attribute
escaping), which is 3 s for the whole ledger. Here a column is turned into cell XML in one
pass, each distinct text escaped once, and the rows are joined and written to the sheet's
row file in one go: the same XML xlsxwriter writes for ``write_string`` (inline strings,
with its control-character and whitespace rules), ``write_number``, ``write_datetime`` and
``write_boolean``, about eight times faster.

This reaches into xlsxwriter's constant-memory internals (the row file ``fh``,
``previous_row``, the dimensions, a format's xf index), so XlsxWriter is pinned in
requirements.txt, and ``tests/dashboard/export/test_sheetdata.py`` checks cell for cell that
the result reads back as xlsxwriter's own writing of the same frame does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_TEXT = 32_767  # Excel's longest cell text, in UTF-16 units
_XML = XMLwriter()


@dataclass(frozen=True)
class Column:
    """How one column's cells are written: its kind and its cell format (one for every
    cell, or one per row)."""

    kind: str  # "text", "number", "date" or "bool"
    format: object | None = None  # an xlsxwriter Format
    formats: Sequence[object] | None = None  # a Format per row, for per-row number formats


def write_rows(sheet, frame: pd.DataFrame, columns: Sequence[Column], first_row: int = 1) -> None:
    """Write ``frame``'s rows from ``first_row`` (0-based) down, a column per ``columns``.

    The rows above must already be written through xlsxwriter; the sheet must be in
    constant-memory mode (its rows go to a temporary file that close() copies in).
    """
    if not sheet.constant_memory:
        raise ValueError("write_rows needs a worksheet in constant_memory mode")
    if frame.empty:
        return
    sheet._write_single_row(first_row)  # flush the rows above, as a write to first_row would
    numbers = [str(n) for n in range(first_row + 1, first_row + len(frame) + 1)]
    cells = [
        _cells(frame.iloc[:, index], column, xl_col_to_name(index), numbers)
        for index, column in enumerate(columns)
    ]
    rows = zip(numbers, zip(*cells, strict=True), strict=True)
    parts = [f'<row r="{number}">{"".join(row)}</row>' for number, row in rows]
    sheet.fh.write("".join(parts))
    last_row = first_row + len(frame) - 1
    sheet._check_dimensions(last_row, len(columns) - 1)
    sheet._check_dimensions(first_row, 0)
    sheet.previous_row = last_row + 1  # nothing left for close() to flush


def _style(fmt) -> str:
    return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""


def _cells(series: pd.Series, column: Column, letter: str, numbers: list[str]) -> list[str]:
    """The <c> elements of one column, "" for a missing value."""
    missing = series.isna().to_numpy()
    prefix = f'<c r="{letter}'
    if column.formats is not None:
        styles = [_style(f) for f in column.formats]
    else:
        styles = [_style(column.format)] * len(series)
    if column.kind == "text":
        bodies = _text_bodies(series, missing)
        return [
            "" if body is None else f'{prefix}{n}"{s} t="inlineStr">{body}</c>'
            for n, s, body in zip(numbers, styles, bodies, strict=True)
        ]
    if column.kind == "bool":
        flags = ["1" if v else "0" for v in series.fillna(False).astype(bool)]
        return [
            "" if gone else f'{prefix}{n}"{s} t="b"><v>{v}</v></c>'
            for n, s, v, gone in zip(numbers, styles, flags, missing, strict=True)
        ]
    if column.kind == "date":
        days = (pd.to_datetime(series) - EXCEL_EPOCH) / pd.Timedelta(days=1)
        values = days.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    missing = missing | ~np.isfinite(values)
    return [
        "" if gone else f'{prefix}{n}"{s}><v>{v:.16G}</v></c>'
        for n, s, v, gone in zip(numbers, styles, values.tolist(), missing, strict=True)
    ]


def _text_bodies(series: pd.Series, missing: np.ndarray) -> list[str | None]:
    """Each value's <is> element, every distinct text escaped once."""
    texts = series.astype(object).tolist()
    bodies: dict[str, str] = {}
    out: list[str | None] = []
    for value, gone in zip(texts, missing, strict=True):
        if gone:
            out.append(None)
            continue
        text = value if isinstance(value, str) else str(value)
        body = bodies.get(text)
        if body is None:
            body = bodies[text] = _inline(text)
        out.append(body)
    return out


def _inline(text: str) -> str:
    """An inline string element as xlsxwriter writes one in constant-memory mode."""
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        text = text.encode("utf-16-le")[: MAX_TEXT * 2].decode("utf-16-le", errors="ignore")
    text = _XML._escape_control_characters(text)
    preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    escaped = _XML._escape_data(text)
    return f"<is><t{preserve}>{escaped}</t></is>"
