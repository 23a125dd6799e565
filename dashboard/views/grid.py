"""The Data grid's own column filters and sorting (AG Grid's filter and sort model), applied
server-side so the export holds exactly the rows the grid shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from dashboard.errors import BadQuery
from dashboard.i18n import N_
from loaders.errors import Phrase


def apply_grid_model(rows: pd.DataFrame, grid: Mapping[str, Any] | None) -> pd.DataFrame:
    """``rows`` filtered by the model's text and number filters, then sorted."""
    if not grid:
        return rows
    filters = grid.get("filter") or {}
    if not isinstance(filters, dict):
        raise BadQuery(Phrase(N_("grid: filter must be an object of column filters")))
    for column, spec in filters.items():
        if column not in rows.columns:
            raise BadQuery(Phrase(N_("grid: unknown column {column}"), column=repr(column)))
        rows = rows[_filter_mask(rows[str(column)], spec)]
    sort = [s for s in grid.get("sort") or [] if isinstance(s, dict)]
    by = [s["colId"] for s in sort if s.get("colId") in rows.columns]
    ascending = [s.get("sort") != "desc" for s in sort if s.get("colId") in rows.columns]
    if by:
        rows = rows.sort_values(by, ascending=ascending, kind="stable")
    return rows.reset_index(drop=True)


def _filter_mask(series: pd.Series, spec: object) -> pd.Series:
    if not isinstance(spec, dict):
        raise BadQuery(Phrase(N_("grid: each filter must be an object")))
    if "conditions" in spec:
        masks = [_filter_mask(series, c) for c in spec["conditions"]]
        combined = masks[0]
        for mask in masks[1:]:
            combined = (combined & mask) if spec.get("operator") == "AND" else (combined | mask)
        return combined
    kind = spec.get("type")
    tests = (
        _number_tests(series, spec)
        if spec.get("filterType") == "number"
        else _text_tests(series, spec)
    )
    if kind not in tests:
        raise BadQuery(Phrase(N_("grid: unsupported filter type {kind}"), kind=repr(kind)))
    return tests[kind]().fillna(False).astype(bool)


def _number_tests(series: pd.Series, spec: dict) -> dict[str, Callable[[], pd.Series]]:
    numbers = pd.to_numeric(series, errors="coerce")
    try:
        value = float(spec["filter"]) if spec.get("filter") is not None else None
        upper = float(spec["filterTo"]) if spec.get("filterTo") is not None else None
    except (TypeError, ValueError):
        raise BadQuery(Phrase(N_("grid: a number filter needs numbers"))) from None
    return {
        "equals": lambda: numbers == value,
        "notEqual": lambda: numbers != value,
        "greaterThan": lambda: numbers > value,
        "greaterThanOrEqual": lambda: numbers >= value,
        "lessThan": lambda: numbers < value,
        "lessThanOrEqual": lambda: numbers <= value,
        "inRange": lambda: (numbers >= value) & (numbers <= upper),
        "blank": lambda: numbers.isna(),
        "notBlank": lambda: numbers.notna(),
    }


def _text_tests(series: pd.Series, spec: dict) -> dict[str, Callable[[], pd.Series]]:
    text = series.astype("str").fillna("").str.lower()
    needle = str(spec.get("filter") if spec.get("filter") is not None else "").lower()
    return {
        "contains": lambda: text.str.contains(needle, regex=False),
        "notContains": lambda: ~text.str.contains(needle, regex=False),
        "equals": lambda: text == needle,
        "notEqual": lambda: text != needle,
        "startsWith": lambda: text.str.startswith(needle),
        "endsWith": lambda: text.str.endswith(needle),
        "blank": lambda: text == "",
        "notBlank": lambda: text != "",
    }
