"""Russian customs (FCS) tables: Russia-reported trade by partner, annual (CIS) and monthly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from loaders import Frames, excel
from loaders.countries import resolve, resolve_all
from loaders.errors import LoadError
from loaders.periods import Period, ru_month_number

PUBLISHER = "Federal Customs Service of Russia (FCS), as republished in Russian statistical tables"
REPORTER = "RUS"
ANNUAL = "ru-fcs-trade-cis-annual"
MONTHLY = "ru-fcs-trade-main-partners-monthly"
_DATASET_NOTES = {
    ANNUAL: "Russia's exports to and imports from CIS countries, one sheet per year.",
    MONTHLY: "Russia's foreign trade with its main partner countries, monthly.",
}
_UNITS = (
    (re.compile(r"млрд\w*\.?\s*долл", re.I), Decimal(1_000_000_000)),
    (re.compile(r"млн\w*\.?\s*долл", re.I), Decimal(1_000_000)),
    (re.compile(r"тыс\w*\.?\s*долл", re.I), Decimal(1000)),
)
_FLOW_START = {"экспорт": "export", "импорт": "import"}
_TURNOVER_NOTE = "exports plus imports, both as published in this table"


@dataclass(frozen=True)
class Figure:
    """One published number and where it sits."""

    partner: str
    flow: str
    period: Period
    value: float
    sheet: str
    row: int


def _flow_of(value: object) -> str | None:
    word = excel.text(value).casefold()
    for start, flow in _FLOW_START.items():
        if word.startswith(start):
            return flow
    return None


def _scale(rows: list[excel.Row], stop: int, path: Path, sheet: str) -> Decimal:
    for row in rows[:stop]:
        for cell in row:
            for pattern, scale in _UNITS:
                if pattern.search(excel.text(cell)):
                    return scale
    raise LoadError(path, "a units cell such as '(млн долларов США)' above the table", sheet=sheet)


def _title(rows: list[excel.Row]) -> str:
    for row in rows[:8]:
        for cell in row:
            text = excel.text(cell)
            if len(text) > 12 and "содержани" not in text.casefold():
                return text
    return ""


def _partner_header(rows: list[excel.Row]) -> int | None:
    """Row naming at least three countries across columns (the monthly layout's header)."""
    for index, row in enumerate(rows[:40]):
        names = [c for c in row[1:] if isinstance(c, str) and c.strip()]
        countries = [n for n in names if (p := resolve(n)) is not None and not p.is_aggregate]
        if len(countries) >= 3:
            return index
    return None


def _monthly(rows: list[excel.Row], header: int, path: Path, sheet: str) -> list[Figure]:
    """Partners across, a year row then month rows down: one sheet per flow."""
    flow = next((f for row in rows[:header] for c in row if (f := _flow_of(c))), None)
    if flow is None:
        flow = _flow_of(sheet)
    if flow is None:
        raise LoadError(
            path, "a title or sheet name saying Экспорт or Импорт", sheet=sheet, row=header + 1
        )
    scale = _scale(rows, header + 1, path, sheet)
    partners = {col: excel.text(c) for col, c in enumerate(rows[header]) if col and excel.text(c)}
    figures, year = [], None
    for index in range(header + 1, len(rows)):
        row = rows[index]
        label = row[0] if row else ""
        if (found_year := excel.as_year(label)) is not None:
            year = found_year
            continue
        month = ru_month_number(excel.text(label)) if isinstance(label, str) else None
        if month is None:
            if any(isinstance(c, (int, float)) for c in row[1:]):
                raise LoadError(
                    path,
                    "a year (2021) or a month name (январь) in the first column",
                    found=label,
                    sheet=sheet,
                    row=index + 1,
                    column=0,
                )
            continue
        if year is None:
            raise LoadError(path, "a year row above the first month", sheet=sheet, row=index + 1)
        for col, partner in partners.items():
            cell = row[col] if col < len(row) else ""
            if excel.is_blank(cell):
                continue
            figure = excel.number(cell, path, sheet, index, col)
            if figure is not None:
                figures.append(
                    Figure(
                        partner,
                        flow,
                        Period.month(year, month),
                        _scaled(figure, scale),
                        sheet,
                        index + 1,
                    )
                )
    return figures


def _annual(rows: list[excel.Row], path: Path, sheet: str) -> list[Figure] | None:
    """Sections 'Экспорт' / 'Импорт' down, partners under each, one column per year."""
    starts = [i for i, row in enumerate(rows) if row and _flow_of(row[0])]
    if not starts:
        return None
    first = starts[0]
    year_cols = {}
    for index in range(first - 1, max(first - 4, -1), -1):
        year_cols = {
            col: year for col, c in enumerate(rows[index]) if col and (year := excel.as_year(c))
        }
        if year_cols:
            break
    if not year_cols:
        raise LoadError(
            path, "a row of years (2021) above the Экспорт section", sheet=sheet, row=first + 1
        )
    scale = _scale(rows, first + 1, path, sheet)
    figures, flow = [], None
    for index in range(first, len(rows)):
        row = rows[index]
        label = excel.text(row[0]) if row else ""
        if not label:
            continue
        section = _flow_of(label)
        if section:
            flow = section
            partner = "Всего"  # the section's own line is the total with all partners
        else:
            partner = label
        for col, year in year_cols.items():
            cell = row[col] if col < len(row) else ""
            if excel.is_blank(cell):
                continue
            figure = excel.number(cell, path, sheet, index, col)
            if figure is not None:
                figures.append(
                    Figure(
                        partner, flow, Period.year(year), _scaled(figure, scale), sheet, index + 1
                    )
                )
    return figures


def _scaled(value: float, scale: Decimal) -> float:
    return float(excel.full_units(value, float(scale)))


def _observation(figure: Figure, place, source_id: str, edition: str, basis: str, note) -> dict:
    return {
        "reporter": REPORTER,
        "partner": place.code,
        "reporter_is_aggregate": False,
        "partner_is_aggregate": place.is_aggregate,
        "flow": figure.flow,
        "product": "TOTAL",
        "period_start": figure.period.start,
        "period_end": figure.period.end,
        "freq": figure.period.freq,
        "value": figure.value,
        "currency": "USD",
        "basis": basis,
        "approx": False,
        "qualifier": None,
        "precision": None,
        "source_id": source_id,
        "edition": edition,
        "locator": f"sheet {figure.sheet!r}, row {figure.row}",
        "note": note,
    }


def load(path: str | Path) -> Frames:
    """Read an FCS workbook (94itog-style annual CIS sheets or 96stran-style monthly sheets).

    Both layouts are recognised by content. Turnover is added as a derived figure
    (exports plus imports of the same partner and period from the same table).
    """
    path = Path(path)
    workbook = excel.open_workbook(path)
    figures: list[Figure] = []
    datasets, title = set(), ""
    for sheet in workbook.sheet_names:
        rows = excel.read_sheet(workbook, sheet, path)
        # The workbook's title is on its first sheet (often a contents page).
        title = title or _title(rows)
        header = _partner_header(rows)
        found = (
            _monthly(rows, header, path, sheet)
            if header is not None
            else _annual(rows, path, sheet)
        )
        if found:
            datasets.add(MONTHLY if header is not None else ANNUAL)
            figures.extend(found)
    if not figures:
        raise LoadError(
            path,
            "a sheet of Russian customs figures (sections Экспорт/Импорт, or partners across "
            "with month rows)",
            details=[f"sheets: {', '.join(workbook.sheet_names) or 'none'}"],
        )
    if len(datasets) > 1:
        raise LoadError(path, "one table layout per workbook", found="annual and monthly sheets")
    dataset = datasets.pop()
    places = resolve_all(
        ((f.partner, f"sheet {f.sheet!r} row {f.row}") for f in figures), path, "partner name"
    )
    latest = max(f.period.end for f in figures)
    edition = str(latest.year) if dataset == ANNUAL else latest.strftime("%Y-%m")
    source_id = f"{dataset}-{edition}"
    rows, by_key = [], {}
    for figure in figures:
        place = places[figure.partner]
        key = (place.code, figure.flow, figure.period)
        if key in by_key:
            raise LoadError(
                path,
                "one figure per partner, flow and period",
                found=figure.partner,
                sheet=figure.sheet,
                row=figure.row,
                details=[f"also at sheet {by_key[key].sheet!r} row {by_key[key].row}"],
            )
        by_key[key] = figure
        rows.append(_observation(figure, place, source_id, edition, "reported", None))
    for (code, flow, period), exports in by_key.items():
        imports = by_key.get((code, "import", period)) if flow == "export" else None
        if imports is None:
            continue
        turnover = Figure(
            exports.partner,
            "turnover",
            period,
            float(excel.full_units(exports.value + imports.value)),
            exports.sheet,
            exports.row,
        )
        row = _observation(turnover, places[exports.partner], source_id, edition, "derived", None)
        row["locator"] = (
            f"sheet {exports.sheet!r} row {exports.row} + sheet {imports.sheet!r} row {imports.row}"
        )
        row["note"] = _TURNOVER_NOTE
        rows.append(row)
    title = title or "Внешняя торговля Российской Федерации"
    if "фтс" not in title.casefold():
        title += " (по данным ФТС России)"
    sources = pd.DataFrame(
        [
            {
                "source_id": source_id,
                "publisher": PUBLISHER,
                "title": title,
                "url": None,
                "published": None,
                "accessed": None,
                "licence": None,
                "kind": "official_statistics",
                "language": "ru",
                "dataset": dataset,
                "edition": edition,
                "quote": None,
                "quote_en": None,
                "locator": path.name,
                "note": _DATASET_NOTES[dataset] + " Million US dollars in the file.",
            }
        ]
    )
    return Frames(observations=pd.DataFrame(rows), sources=sources).validated(path)
