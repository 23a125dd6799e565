"""Tidy tables as CSV files: one header row, ISO dates, written atomically, read back validated."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from loaders import schema
from loaders.errors import N_, LoadError
from loaders.files import atomic_write_text, read_text

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a tidy table (dates as YYYY-MM-DD, booleans as true/false)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a tidy table as CSV; readers see the old file or the whole new one."""
    atomic_write_text(path, to_csv_text(frame))


def read_table(path: str | Path, table: str) -> pd.DataFrame:
    """Read a tidy CSV written by write_table (or by hand) and validate it as ``table``."""
    path = Path(path)
    return table_from_text(read_text(path), table, path)


def table_from_text(text: str, table: str, path: str | Path = "") -> pd.DataFrame:
    """Parse tidy CSV text as ``table``, validated."""
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, ValueError) as error:
        raise LoadError(
            path, N_("a CSV table"), details=[" ".join(str(error).split())[:160]]
        ) from None
    for name, column in schema.TABLES[table].columns.items():
        if name not in raw and column.nullable:
            # Text stored before the column existed (a kept upload, a shipped CSV): the
            # column is empty for all its rows, as it would have been.
            raw[name] = None
        if name in raw and column.kind == "bool":
            values = raw[name].fillna("").str.strip().str.lower()
            bad = ~values.isin(_TRUE | _FALSE)
            if bad.any():
                # read_csv numbers rows 0, 1, ...; the file shows the header as line 1.
                row = int(bad.to_numpy().argmax())
                raise LoadError(
                    path, N_("true or false"), found=raw[name].iloc[row], row=row + 2, column=name
                )
            raw[name] = values.isin(_TRUE)
    return schema.validate(table, raw, path)
