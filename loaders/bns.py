"""Kazakhstan statistics bureau (BNS) workbooks: foreign trade by partner country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from loaders import Frames, excel, tidy
from loaders.countries import resolve
from loaders.errors import N_, LoadError, Phrase
from loaders.fit import Fit, fullest
from loaders.periods import Period, parse_ru_period

PUBLISHER = (
    "Bureau of National Statistics, Agency for Strategic Planning and Reforms "
    "of the Republic of Kazakhstan"
)
FORMAT = "bns"
DATASET = "kz-bns-foreign-trade-by-country"
# The Bureau's English names of its bulletins (stat.gov.kz publishes each in Kazakh, Russian
# and English), by a phrase of the Russian name.
TITLES_EN = (
    (
        "основные показатели внешней торговли",
        "Main indicators of foreign trade of the Republic of Kazakhstan",
    ),
    ("внешняя торговля", "Foreign trade of the Republic of Kazakhstan"),
)
URL = "https://stat.gov.kz/"
REPORTER = "KAZ"
NOTE = (
    "Main indicators of foreign trade of the Republic of Kazakhstan by partner country. "
    "Exports by country of destination, imports by country of origin; trade with EAEU "
    "members comes from a statistical survey, with all other partners from customs data."
)

# Header words for each flow, matched at the start of a header cell.
_FLOW_WORDS = {
    "turnover": ("товарооборот", "внешнеторговый оборот", "оборот"),
    "export": ("экспорт",),
    "import": ("импорт",),
}
# (pattern, multiplier, currency) for the units cell; the first match wins, so thousands
# and millions come before plain dollars.
_UNITS = (
    (re.compile(r"тыс\w*\.?\s*долл", re.I), Decimal(1000), "USD"),
    (re.compile(r"млн\w*\.?\s*долл", re.I), Decimal(1_000_000), "USD"),
    (re.compile(r"млрд\w*\.?\s*долл", re.I), Decimal(1_000_000_000), "USD"),
    (re.compile(r"долл\w*\.?\s*сша", re.I), Decimal(1), "USD"),
)
# Turnover is exports plus imports; a larger gap than this means the columns were misread.
_TURNOVER_TOLERANCE = 0.001
_HEADER_SEARCH_ROWS = 60


@dataclass(frozen=True)
class Layout:
    """Where a data sheet keeps its header, names, values, period and units."""

    header_row: int
    first_data_row: int
    name_col: int
    value_cols: dict[str, int]
    period: Period
    scale: Decimal
    currency: str
    title: str


def _lower(value: object) -> str:
    return excel.text(value).casefold()


def _find_header(rows: list[excel.Row]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            word = _lower(cell)
            for flow, starts in _FLOW_WORDS.items():
                if flow not in columns and word.startswith(starts):
                    columns[flow] = col
        if len(columns) == len(_FLOW_WORDS):
            return index, columns
    return None


def _country_rows(rows: list[excel.Row], start: int = 0, stop: int | None = None) -> list[int]:
    """Indexes of rows that look like data: a known country name followed by a number."""
    found = []
    for index in range(start, len(rows) if stop is None else stop):
        row = rows[index]
        names = [c for c in row[:3] if isinstance(c, str) and c.strip()]
        if not names or not any(isinstance(c, (int, float)) for c in row[1:]):
            continue
        place = resolve(names[0])
        if place is not None and not place.is_aggregate:
            found.append(index)
    return found


def _value_columns(
    rows: list[excel.Row], header: int, flow_cols: dict[str, int], path: Path, sheet: str
) -> tuple[dict[str, int], int]:
    """The 'Всего' (total) column under each flow, and the first data row."""
    sub = header + 1
    while sub < len(rows) and all(excel.is_blank(c) for c in rows[sub]):
        sub += 1
    if sub >= len(rows):
        raise LoadError(path, N_("data rows below the header"), sheet=sheet, row=header + 1)
    subheader = [_lower(c) for c in rows[sub]]
    if not any(c.startswith("всего") for c in subheader):
        # A one-row header: the values sit directly under the flow names.
        return dict(flow_cols), sub
    starts = sorted(flow_cols.values())
    value_cols = {}
    for flow, col in flow_cols.items():
        later = [s for s in starts if s > col]
        stop = later[0] if later else len(subheader)
        for candidate in range(col, stop):
            if subheader[candidate].startswith("всего"):
                value_cols[flow] = candidate
                break
        else:
            raise LoadError(
                path,
                N_("a 'Всего' (total) column under the {flow} heading"),
                found=excel.text(rows[header][col]),
                sheet=sheet,
                row=sub + 1,
                column=col,
                values={"flow": flow},
            )
    return value_cols, sub + 1


def _name_column(rows: list[excel.Row], first_data: int, value_cols: dict[str, int]) -> int:
    left = min(value_cols.values())
    if left <= 1:
        return 0
    sample = rows[first_data : first_data + 30]

    def texts(col: int) -> int:
        cells = [r[col] for r in sample if col < len(r)]
        return sum(isinstance(cell, str) and bool(cell.strip()) for cell in cells)

    return max(range(left), key=texts)


def find_layout(rows: list[excel.Row], path: Path, sheet: str) -> Layout | None:
    """The layout of a data sheet, None for a cover, legend, contents or notes sheet.

    A sheet with country rows and numbers but no recognisable header is an error, not
    a sheet to skip: skipping it would silently drop a year.
    """
    found = _find_header(rows)
    if found is None:
        data_rows = _country_rows(rows)
        if len(data_rows) >= 3:
            raise LoadError(
                path,
                N_("a header row naming Товарооборот, Экспорт and Импорт above the country rows"),
                sheet=sheet,
                row=data_rows[0] + 1,
            )
        return None
    header, flow_cols = found
    above = _country_rows(rows, 0, header)
    if above:
        raise LoadError(
            path,
            N_("the header row (Товарооборот, Экспорт, Импорт) above the country rows"),
            found=excel.text(rows[above[0]][0]),
            sheet=sheet,
            row=above[0] + 1,
            details=[
                Phrase(
                    N_("country rows start above the header, which is on row {row}"),
                    row=header + 1,
                )
            ],
        )
    value_cols, first_data = _value_columns(rows, header, flow_cols, path, sheet)
    top_cells = [excel.text(c) for row in rows[: header + 2] for c in row if not excel.is_blank(c)]
    period = next((p for p in map(parse_ru_period, top_cells) if p is not None), None)
    if period is None:
        raise LoadError(
            path,
            N_("a period above the header, such as 'за 2021 год' or 'за январь-май 2022 года'"),
            sheet=sheet,
            row=header + 1,
        )
    unit = next(
        ((scale, cur) for cell in top_cells for rx, scale, cur in _UNITS if rx.search(cell)), None
    )
    if unit is None:
        raise LoadError(
            path, N_("a units cell above the header, such as 'тыс. долларов США'"), sheet=sheet
        )
    title = next(
        (c for c in top_cells if "показател" in c.casefold() or "торговл" in c.casefold()),
        "Основные показатели внешней торговли Республики Казахстан",
    )
    return Layout(
        header_row=header,
        first_data_row=first_data,
        name_col=_name_column(rows, first_data, value_cols),
        value_cols=value_cols,
        period=period,
        scale=unit[0],
        currency=unit[1],
        title=title,
    )


def fit(sheets: dict[str, list[excel.Row]]) -> Fit:
    """How well the workbook's best sheet fits a BNS data sheet: the header naming the
    three flows, the units and the period above it, and country names down a column."""
    return fullest((_sheet_fit(name, rows) for name, rows in sheets.items()), FORMAT)


def _sheet_fit(name: str, rows: list[excel.Row]) -> Fit:
    found = _find_header(rows)
    header = found[0] if found else _HEADER_SEARCH_ROWS
    top = [excel.text(c) for row in rows[: header + 2] for c in row if not excel.is_blank(c)]
    checks = (
        (N_("a header row naming Товарооборот, Экспорт and Импорт"), found is not None),
        (
            N_("a units cell such as 'тыс. долларов США'"),
            any(u[0].search(c) for c in top for u in _UNITS),
        ),
        (N_("a period such as 'за 2021 год'"), any(parse_ru_period(c) for c in top)),
        (N_("country names down a column, with figures"), bool(_country_rows(rows, header))),
    )
    return Fit(FORMAT, checks, where=Phrase(N_("sheet {name}"), name=repr(name)))


def _sheet_records(
    rows: list[excel.Row], layout: Layout, path: Path, sheet: str
) -> list[tidy.Record]:
    """One record per partner row and flow, values as the sheet gives them."""
    records: list[tidy.Record] = []
    for index in range(layout.first_data_row, len(rows)):
        row = rows[index]
        values, cells = {}, {}
        for flow, col in layout.value_cols.items():
            cell = row[col] if col < len(row) else ""
            if excel.is_blank(cell):
                continue
            figure = excel.number(cell, path, sheet, index, col)
            if figure is not None:
                values[flow], cells[flow] = figure, cell
        if not values:
            continue  # blank line, section label or footnote
        name = excel.text(row[layout.name_col]) if layout.name_col < len(row) else ""
        if not name:
            raise LoadError(
                path, N_("a partner name"), sheet=sheet, row=index + 1, column=layout.name_col
            )
        if len(values) == 3:
            gap = abs(values["turnover"] - values["export"] - values["import"])
            if gap > _TURNOVER_TOLERANCE * max(values["turnover"], 1.0) and gap > 1:
                raise LoadError(
                    path,
                    N_("turnover equal to exports plus imports (columns may be shifted)"),
                    found=Phrase(
                        N_("{turnover} vs {exports} + {imports}"),
                        turnover=values["turnover"],
                        exports=values["export"],
                        imports=values["import"],
                    ),
                    sheet=sheet,
                    row=index + 1,
                )
        records.extend(
            tidy.Record(
                reporter=REPORTER,
                partner=name,
                flow=flow,
                period=layout.period,
                value=figure,
                scale=float(layout.scale),
                currency=layout.currency,
                precision=excel.precision(cells[flow], layout.scale),
                locator=f"sheet {sheet!r}, row {index + 1}",
            )
            for flow, figure in values.items()
        )
    if not records:
        raise LoadError(path, N_("country rows with figures below the header"), sheet=sheet)
    return records


@dataclass(frozen=True)
class _DataSheet:
    """A data sheet of the workbook: its name, layout and records."""

    name: str
    layout: Layout
    records: list[tidy.Record]


def _data_sheets(path: Path) -> list[_DataSheet]:
    """Every data sheet of a workbook, found by content, one per period.

    Cover, legend, contents and methodology sheets are skipped.
    """
    workbook = excel.open_workbook(path)
    sheets = []
    for name in workbook.sheet_names:
        rows = excel.read_sheet(workbook, name, path)
        layout = find_layout(rows, path, name)
        if layout is not None:
            sheets.append(_DataSheet(name, layout, _sheet_records(rows, layout, path, name)))
    if not sheets:
        raise LoadError(
            path,
            N_("a sheet with a header row naming Товарооборот, Экспорт and Импорт"),
            details=[
                Phrase(
                    N_("sheets: {sheets}"),
                    sheets=", ".join(workbook.sheet_names) or Phrase(N_("none")),
                )
            ],
        )
    seen: dict[Period, str] = {}
    for sheet in sheets:
        if sheet.layout.period in seen:
            raise LoadError(
                path,
                N_("one sheet per period"),
                found=sheet.layout.period.label,
                sheet=sheet.name,
                details=[
                    Phrase(
                        N_("sheet {name} has the same period"),
                        name=repr(seen[sheet.layout.period]),
                    )
                ],
            )
        seen[sheet.layout.period] = sheet.name
    return sheets


def _source(path: Path, sheets: list[_DataSheet]) -> tidy.Source:
    """The workbook as a source: one per edition, named after its latest period."""
    latest = max((sheet.layout.period for sheet in sheets), key=lambda p: p.end)
    edition = str(latest.end.year) if latest.freq == "A" else latest.end.strftime("%Y-%m")
    title = f"{sheets[0].layout.title} (по странам)"
    return tidy.Source(
        source_id=f"{DATASET}-{edition}",
        publisher=PUBLISHER,
        title=title,
        title_en=tidy.english_title(title, TITLES_EN, (("по странам", "(by country)"),)),
        url=URL,
        kind="official_statistics",
        language="ru",
        dataset=DATASET,
        edition=edition,
        locator=path.name,
        note=NOTE,
    )


def load(path: str | Path) -> Frames:
    """Read every data sheet of a BNS workbook into tidy frames, one source per edition.

    Data sheets, their header, period and units are found by content. Values in thousand
    USD become full USD, each with the precision its cell was published at.
    """
    path = Path(path)
    sheets = _data_sheets(path)
    records = [record for sheet in sheets for record in sheet.records]
    return tidy.frames(path, _source(path, sheets), records)
