"""Russian customs (FCS) tables of Russia's trade with the world by HS chapter.

The FCS publishes its trade by commodity group of ТН ВЭД ЕАЭС, the Eurasian Economic
Union's tariff nomenclature, whose first six digits are the HS: a chapter such as 26 is
the HS chapter 26 of the edition ТН ВЭД ЕАЭС followed that year (HS2017 for 2017-2021,
HS2022 from 2022), so each figure takes the edition in force in its year.

Layout, found by content: a units cell ('(миллионов долларов США)'); a header of flows
(ОБОРОТ, ЭКСПОРТ, ИМПОРТ) with periods ('Январь - декабрь 2021 г.') spanning them above
or below; then one row per chapter ('26-РУДЫ, ШЛАК И ЗОЛА', or the code in a column of its
own) and a ВСЕГО row. Growth rates (ТЕМПЫ РОСТА, %) are not figures. Rows of several
chapters ('01-24-Продовольственные товары ...') are groups, not HS codes: left out, and
the source's note names them; a table of such groups alone (the 'структура' tables by
section group) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loaders import Frames, excel, hs, tidy
from loaders.errors import N_, LoadError, Phrase
from loaders.fcs import flow_of, units
from loaders.fit import Fit, fullest
from loaders.periods import Period, parse_ru_period

FORMAT = "fcs-commodity"
PUBLISHER = "Federal Customs Service of Russia (FCS)"
DATASET = "ru-fcs-trade-by-commodity"
REPORTER = "RUS"
PARTNER = "WLD"
CURRENCY = "USD"
_TURNOVER = ("товарооборот", "оборот")
# "26-РУДЫ, ШЛАК И ЗОЛА", "57-М2-КОВРЫ ...", "26 Руды", or "26" alone in a code column.
_CHAPTER = re.compile(r"^(?P<code>\d{2})(?:\s*[-–.]\s*|\s+|$)(?!\d)")
# "01-24-Продовольственные товары", "68-70, 84-97-Машины": several chapters at once.
_GROUP = re.compile(r"^\d{2}\s*[-–]\s*\d{2}(?!\d)")
_TOTALS = ("всего", "итого")
# "в том числе:" (of which) leads into the rows below it; one table fills it with zeros.
_LEAD_IN = re.compile(r"^(?:в том числе|из них)\b", re.I)
# Columns of rates and shares, not of figures.
_NOT_FIGURES = re.compile(r"темп|%|удельн|структур", re.I)
# Rows a header is looked for in, and the header rows around it a period may sit in.
_HEADER_ROWS = 30
_BAND = (-2, 1)


@dataclass(frozen=True)
class Layout:
    """Where a sheet keeps its figures: the flow and period of each value column, the
    column of chapter codes, the first row of figures and the units."""

    columns: dict[int, tuple[str, Period]]
    code_column: int
    first_row: int
    scale: float


def _flow(cell: object) -> str | None:
    word = excel.text(cell).casefold()
    return "turnover" if word.startswith(_TURNOVER) else flow_of(cell)


def _header(rows: list[excel.Row]) -> int | None:
    """The row naming both exports and imports across columns."""
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        flows = {_flow(cell) for cell in row[1:]}
        if {"export", "import"} <= flows:
            return index
    return None


def _spanned(row: excel.Row) -> list[str]:
    """A header row with each merged title carried over the columns it spans."""
    out, last = [], ""
    for column, cell in enumerate(row):
        if column and not excel.is_blank(cell):
            last = excel.text(cell)
        out.append(last if column else "")
    return out


def _value_columns(rows: list[excel.Row], header: int) -> tuple[dict[int, tuple[str, Period]], int]:
    """Each column's flow and period (from the header and the rows just around it), and
    the last header row."""
    band = range(max(header + _BAND[0], 0), min(header + _BAND[1] + 1, len(rows)))
    texts = {index: _spanned(rows[index]) for index in band if _is_header_row(rows[index])}
    columns = {}
    for column in range(1, len(rows[header])):
        words = [row[column] for row in texts.values() if column < len(row)]
        flow = next((f for w in words if (f := _flow(w))), None)
        period = next((p for w in words if (p := parse_ru_period(w))), None)
        if flow and period and not any(_NOT_FIGURES.search(w) for w in words):
            columns[column] = (flow, period)
    return columns, max(texts)


def _is_header_row(row: excel.Row) -> bool:
    """A row of words, not of figures: header rows hold no numbers past the first column."""
    return not any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in row[1:])


def _code_column(rows: list[excel.Row], first: int) -> int:
    """The column, among the first three, with the most chapter or group codes."""

    def codes(column: int) -> int:
        return sum(
            column < len(row) and _kind(row[column]) in ("chapter", "group") for row in rows[first:]
        )

    return max(range(3), key=codes)


def _kind(cell: object) -> str | None:
    """What a row's code cell says: a chapter, a group of chapters, the total, a lead-in
    to the rows below, or nothing known."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return "chapter" if float(cell).is_integer() and 1 <= cell <= 99 else None
    text = excel.text(cell)
    if _LEAD_IN.match(text):
        return "lead-in"
    if _GROUP.match(text):
        return "group"
    if _CHAPTER.match(text):
        return "chapter"
    return "total" if text.casefold().rstrip(":").strip() in _TOTALS else None


def find_layout(rows: list[excel.Row]) -> Layout | None:
    """The layout of a sheet of figures by HS chapter, or None when the sheet has none."""
    header = _header(rows)
    if header is None:
        return None
    columns, last = _value_columns(rows, header)
    scale = units(rows[: last + 1])
    if not columns or scale is None:
        return None
    return Layout(columns, _code_column(rows, last + 1), last + 1, scale)


def fit(sheets: dict[str, list[excel.Row]]) -> Fit:
    """How well the workbook's best sheet fits the layout: a header naming exports and
    imports, a period over them, the units above, and HS chapters down a column."""
    return fullest((_sheet_fit(name, rows) for name, rows in sheets.items()), FORMAT)


def _sheet_fit(name: str, rows: list[excel.Row]) -> Fit:
    header = _header(rows)
    columns, last = _value_columns(rows, header) if header is not None else ({}, 0)
    code = _code_column(rows, last + 1)
    chapters = [r for r in rows[last + 1 :] if code < len(r) and _kind(r[code]) == "chapter"]
    return Fit(
        FORMAT,
        (
            (N_("a header row naming Экспорт and Импорт across columns"), header is not None),
            (N_("a units cell such as '(миллионов долларов США)'"), units(rows[:12]) is not None),
            (N_("a period such as 'Январь - декабрь 2021 г.' over the flows"), bool(columns)),
            (N_("HS chapters down a column, such as '26-РУДЫ, ШЛАК И ЗОЛА'"), len(chapters) >= 3),
        ),
        Phrase(N_("sheet {name}"), name=repr(name)),
    )


def _records(
    rows: list[excel.Row], layout: Layout, path: Path, sheet: str
) -> tuple[list[tidy.Record], list[str]]:
    """The figures of one sheet, and the labels of the groups of chapters left out."""
    records, groups = [], []
    for index in range(layout.first_row, len(rows)):
        row = rows[index]
        figures = {
            column: (cell, value)
            for column, cell in ((c, row[c] if c < len(row) else "") for c in layout.columns)
            if not excel.is_blank(cell)
            and (value := excel.number(cell, path, sheet, index, column)) is not None
        }
        if not figures:
            continue  # "в том числе:", blank lines
        code = row[layout.code_column] if layout.code_column < len(row) else ""
        kind = _kind(code) or next((k for c in row[:3] if (k := _kind(c)) == "total"), None)
        if kind in ("group", "lead-in"):
            if kind == "group":
                groups.append(_group_label(code))
            continue
        if kind is None:
            raise LoadError(
                path,
                N_(
                    "an HS chapter ('26-РУДЫ, ШЛАК И ЗОЛА' or 26), a group of chapters "
                    "('01-24-...') or ВСЕГО"
                ),
                found=code,
                sheet=sheet,
                row=index + 1,
                column=layout.code_column,
            )
        product = "TOTAL" if kind == "total" else _chapter(code)
        for column, (cell, value) in figures.items():
            flow, period = layout.columns[column]
            records.append(
                tidy.Record(
                    reporter=REPORTER,
                    partner=PARTNER,
                    flow=flow,
                    period=period,
                    value=value,
                    scale=layout.scale,
                    currency=CURRENCY,
                    precision=excel.precision(cell, layout.scale),
                    product=product,
                    classification=hs.coded_in(product, period.start.year),
                    locator=f"sheet {sheet!r}, row {index + 1}",
                )
            )
    return records, groups


def _chapter(cell: object) -> str:
    if isinstance(cell, (int, float)):
        return f"{int(cell):02d}"
    match = _CHAPTER.match(excel.text(cell))
    assert match is not None  # _kind said it is a chapter
    return match["code"]


def _group_label(cell: object) -> str:
    """'01-24' of '01-24-Продовольственные товары ...': the chapters a group spans."""
    text = excel.text(cell)
    return text[: len(text) - len(text.lstrip("0123456789-–, "))].strip(" -–,")


def _read(path: Path) -> tuple[str, list[tidy.Record], list[str]]:
    """The workbook's title, its figures, and the groups of chapters left out."""
    workbook = excel.open_workbook(path)
    title, records, groups = "", [], []
    for sheet in workbook.sheet_names:
        rows = excel.read_sheet(workbook, sheet, path)
        title = title or next((excel.text(c) for r in rows[:5] for c in r if excel.text(c)), "")
        layout = find_layout(rows)
        if layout is not None:
            found, left_out = _records(rows, layout, path, sheet)
            records += found
            groups += left_out
    if not any(r.product != "TOTAL" for r in records):
        raise LoadError(
            path,
            N_(
                "rows of HS chapters, such as '26-РУДЫ, ШЛАК И ЗОЛА', below a header of Экспорт "
                "and Импорт with their periods"
            ),
            found=groups[0] if groups else None,
            details=[
                Phrase(
                    N_(
                        "rows of several chapters (01-24, 25-27 ...) are groups of HS sections, "
                        "not HS codes: a table by section group is not loaded"
                    )
                )
            ]
            if groups
            else [
                Phrase(
                    N_("sheets: {sheets}"),
                    sheets=", ".join(workbook.sheet_names) or Phrase(N_("none")),
                )
            ],
        )
    return title, records, groups


def _source(path: Path, title: str, records: list[tidy.Record], groups: list[str]) -> tidy.Source:
    """The workbook as a source, one per edition (its latest period)."""
    latest = max((r.period for r in records), key=lambda p: p.end)
    edition = str(latest.end.year) if latest.freq == "A" else latest.end.strftime("%Y-%m")
    left_out = (
        f" Groups of chapters left out (not HS codes): {', '.join(dict.fromkeys(groups))}."
        if groups
        else ""
    )
    title = title or "Внешняя торговля Российской Федерации по группам ТН ВЭД ЕАЭС"
    return tidy.Source(
        source_id=f"{DATASET}-{edition}",
        publisher=PUBLISHER,
        title=title,
        title_en=tidy.english_title(
            title,
            (("внешняя торговля российской федерации", "Foreign trade of the Russian Federation"),),
            (("по группам тн вэд", "by groups of the EAEU commodity nomenclature (TN VED)"),),
        ),
        kind="official_statistics",
        language="ru",
        dataset=DATASET,
        edition=edition,
        locator=path.name,
        note="Russia's trade with the world by HS chapter (ТН ВЭД ЕАЭС groups), as the FCS "
        "publishes it; turnover as published. Each chapter is in the HS edition ТН ВЭД ЕАЭС "
        f"followed in its year (HS2017 to 2021, HS2022 from 2022).{left_out}",
    )


def load(path: str | Path) -> Frames:
    """Read an FCS table of trade by HS chapter into tidy frames (reporter RUS, partner
    the world; exports, imports and turnover as published, in US dollars)."""
    path = Path(path)
    title, records, groups = _read(path)
    return tidy.frames(path, _source(path, title, records, groups), records)
