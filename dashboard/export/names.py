"""Download file names that say what is inside: ``kaz-rus-turnover-2006-2021-jan-may.xlsx``.

Two exports of different views never share a name, and a name says enough to find the file
again in a Downloads folder: the page's subject, its measure and the periods shown.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard import text
from dashboard.views import View

_UNSAFE = re.compile(r"[^a-z0-9]+")


def file_name(view: View, fmt: str) -> str:
    """``<codes>[-<page>]-<measure>-<first year>-<last year>[-<months>].<fmt>``: the Trade
    page is named by its pair alone, every other page says which it is."""
    query = view.query
    parts: list[str] = []
    for name in ("reporter", "partner"):
        code = getattr(query, name, None)
        if isinstance(code, str) and code != "all":
            parts.append(code)
    if view.page != "trade":  # the Trade page's subject is the pair itself
        parts.append(view.page)
    flow = getattr(query, "flow", None)
    if isinstance(flow, str) and flow != "all":
        parts.append(flow)
    parts += _years(view.rows, query)
    freq = getattr(query, "freq", None)
    if freq == "YTD":
        parts.append(text.months_span(int(getattr(query, "months", 12))))
    elif freq == "M":
        parts.append("monthly")
    stem = _UNSAFE.sub("-", "-".join(parts).lower()).strip("-")
    return f"{stem or 'figures'}.{fmt}"


def _years(rows: pd.DataFrame, query: object) -> list[str]:
    year = getattr(query, "year", None)
    if isinstance(year, int):
        return [str(year)]
    if rows.empty or "period_start" not in rows:
        return []
    starts = pd.to_datetime(rows["period_start"], errors="coerce").dropna()
    if starts.empty:
        return []
    first, last = int(starts.dt.year.min()), int(starts.dt.year.max())
    return [str(first)] if first == last else [str(first), str(last)]
