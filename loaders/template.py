"""The project's own tidy template: one figure per row, in .xlsx, .xls or .csv."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import Frames, csvtext, excel, schema, tidy
from loaders.countries import Place, is_aggregate
from loaders.errors import N_, LoadError, Phrase
from loaders.files import read_text
from loaders.fit import Fit
from loaders.periods import Period, parse_period_spec

FORMAT = "tidy"
# column -> (required, explanation, example)
COLUMNS: dict[str, tuple[bool, str, str]] = {
    "reporter": (True, "ISO3 code of the country whose statistics give the figure", "KAZ"),
    "partner": (True, "ISO3 code of the partner country, or a group code such as WLD", "CHN"),
    "flow": (
        True,
        "export, import or turnover (exports plus imports), from the reporter's side",
        "export",
    ),
    "period": (
        True,
        "2021 (a year), 2021-03 (a month) or 2022-01/2022-05 (January to May)",
        "2021",
    ),
    "value": (
        True,
        "the figure, a plain number (no formulas); a CSV may group thousands and use a "
        "decimal comma as Excel saves it: 9 772 505 630,04",
        "9772505630.04",
    ),
    "unit": (
        False,
        "unit, thousand, million or billion: what the value is counted in (default unit)",
        "unit",
    ),
    "currency": (True, "ISO 4217 code of the currency", "USD"),
    "basis": (
        False,
        "reported, estimate or derived (default reported); press claims go in data/press",
        "reported",
    ),
    "product": (False, "TOTAL or an HS code (default TOTAL)", "TOTAL"),
    "classification": (
        False,
        "the HS edition of the product code: HS1992, HS1996, HS2002, HS2007, HS2012, HS2017 "
        "or HS2022 (required with an HS code, empty with TOTAL)",
        "",
    ),
    "source_publisher": (True, "who published the figure", "Bureau of National Statistics"),
    "source_title": (
        True,
        "the title of the table, bulletin or database",
        "Foreign trade by country, 2021",
    ),
    "source_url": (False, "where the figure can be found (http or https)", "https://stat.gov.kz/"),
    "note": (False, "anything a reader should know about this figure", ""),
}
REQUIRED = [name for name, (required, _, _) in COLUMNS.items() if required]
SCALES = {"unit": 1, "thousand": 1e3, "million": 1e6, "billion": 1e9}
UPLOAD_BASES = ("reported", "estimate", "derived")
_HEADER_SEARCH_ROWS = 30
WHERE_TO_GET = N_("download the template from the Upload page (/upload)")


def _key(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _find_header(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {_key(c) for c in row}
        if all(name in keys for name in REQUIRED):
            return index
    return None


def missing_columns(header: list) -> list[str]:
    """Required template columns absent from a header row."""
    keys = {_key(c) for c in header}
    return [name for name in REQUIRED if name not in keys]


def looks_like_template(rows: list[list]) -> bool:
    """True when a sheet or CSV has the template's header row."""
    return _find_header(rows) is not None


def _likeliest_header(rows: list[list]) -> int:
    """The row among the first that names the most required columns (the first row when
    none names any): where a header with some columns missing would be."""
    searched = rows[:_HEADER_SEARCH_ROWS]
    named = [len(REQUIRED) - len(missing_columns(row)) for row in searched]
    return max(range(len(searched)), key=lambda index: (named[index], -index), default=0)


def fit_rows(rows: list[list], where: str | None = None) -> Fit:
    """How well a sheet's or a CSV's rows fit the template: each required column in the
    likeliest header row, and rows of figures below it. Partial when some columns are
    missing, so that :attr:`Fit.missing` names them ("a currency column"). Rows count
    below a header naming some template column; without a value column they count as
    they are, so that a missing column is missed once."""
    index = _likeliest_header(rows)
    header = rows[index] if rows else []
    keys = [_key(cell) for cell in header]
    checks: list[tuple[str, bool]] = [
        (Phrase(N_("a {name} column"), name=name), name in keys) for name in REQUIRED
    ]
    below = [row for row in rows[index + 1 :] if not all(excel.is_blank(c) for c in row)]
    if "value" in keys:
        value = keys.index("value")
        below = [row for row in below if value < len(row) and _is_figure(row[value])]
    named = any(name in keys for name in COLUMNS)
    checks.append((N_("rows of figures below the header"), named and bool(below)))
    return Fit(FORMAT, tuple(checks), where)


def _is_figure(cell: object) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return math.isfinite(cell)
    try:
        csvtext.number(str(cell), ".")  # "1,234" is a figure, however it is read
    except ValueError:
        return False
    return True


def fit(path: str | Path, text: str | None = None) -> Fit:
    """How well a file fits the template: a CSV's ``text`` (read from ``path`` when not
    given), or the best-fitting sheet of a workbook, named as the Fit's ``where``."""
    path = Path(path)
    if text is None and _is_workbook(path):
        workbook = excel.open_workbook(path)
        fits = [fit_rows(excel.read_sheet(workbook, s, path), s) for s in workbook.sheet_names]
        return max(fits, key=lambda f: (f.score, len(f.found)), default=fit_rows([]))
    try:
        rows = csvtext.rows(read_text(path) if text is None else text, COLUMNS).rows
    except csv.Error:
        rows = []
    return fit_rows(list(rows))


def _is_workbook(path: Path) -> bool:
    head = path.read_bytes()[:8]
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


def _header_error(path: Path, rows: list[list], sheet: str | None) -> LoadError:
    """The error for rows with no template header: which required columns the likeliest
    header row lacks, and where to get the template."""
    index = _likeliest_header(rows)
    header = rows[index] if rows else []
    return LoadError(
        path,
        N_("the tidy template's header row"),
        found=", ".join(excel.text(cell) for cell in header if not excel.is_blank(cell)) or None,
        sheet=sheet,
        row=index + 1,
        details=[
            Phrase(N_("missing {columns}"), columns=", ".join(missing_columns(header))),
            Phrase(WHERE_TO_GET),
        ],
    )


# A value cell -> (its number, the figure as published, for its precision).
_Figure = Callable[[object], tuple[float, object]]


def _sheet_figure(value: object) -> tuple[float, object]:
    return _number(value), value


def _text_figure(table: csvtext.Table, column: int) -> _Figure:
    """Reading a CSV's value cells: numbers as people save them (1 234,5; 1,234,567.89),
    "1,234" by the decimal mark its column or file shows, refused where neither does."""

    def figure(value: object) -> tuple[float, object]:
        plain = table.plain(str(value), column)
        return csvtext.number(plain, "."), plain

    return figure


def _read_rows(path: Path) -> tuple[list[list], str | None, _Figure]:
    """The rows of the template's sheet or CSV, its sheet name, and how its value cells
    read."""
    if _is_workbook(path):
        rows, sheet = _template_sheet(path)
        return rows, sheet, _sheet_figure
    try:
        table = csvtext.rows(read_text(path), COLUMNS)
    except csv.Error as error:
        raise LoadError(path, N_("a CSV file"), details=[str(error)]) from None
    lines: list[list] = list(table.rows)
    header = _find_header(lines)
    if header is None:
        return lines, None, _sheet_figure  # refused by the caller, naming what is missing
    keys = [_key(cell) for cell in lines[header]]
    return lines, None, _text_figure(table, keys.index("value"))


def _template_sheet(path: Path) -> tuple[list[list], str]:
    """The first sheet with the template's header row; else LoadError naming the columns
    the best-fitting sheet lacks."""
    workbook = excel.open_workbook(path)
    best: tuple[Fit, list[list], str] | None = None
    for sheet in workbook.sheet_names:
        rows = excel.read_sheet(workbook, sheet, path)
        if looks_like_template(rows):
            return rows, sheet
        found = fit_rows(rows, sheet)
        if best is None or found.better(best[0]):
            best = (found, rows, sheet)
    if best is None:
        raise LoadError(path, N_("a workbook with a sheet"), found=Phrase(N_("no sheets")))
    raise _header_error(path, best[1], best[2])


# Where a rule of the tidy tables shows in the template: the column a user fills in.
_OBSERVATION_CELLS = {
    "reporter": "reporter",
    "partner": "partner",
    "flow": "flow",
    "period_start": "period",
    "period_end": "period",
    "freq": "period",
    "value": "value",
    "currency": "currency",
    "basis": "basis",
    "product": "product",
    "classification": "classification",
    "note": "note",
}
_SOURCE_CELLS = {"publisher": "source_publisher", "title": "source_title", "url": "source_url"}
# A problem with no one cell to point at (a figure given twice) names the whole row.
_WHOLE_ROW = "row"
REJECTED_COLUMNS = ["row", "column", "value", "reason"]

_SourceKey = tuple[str, str, str | None]  # publisher, title, url
# Template column, what is expected there (a Phrase: the Upload page says it in the
# reader's language).
_Problem = tuple[str, Phrase]


# An unreadable period or value stands in as one every rule accepts, so that the row's
# other cells are still checked; the row itself is refused for the unreadable cell.
_STAND_IN_PERIOD = Period.year(2000)
_STAND_IN_VALUE = 0.0


@dataclass(frozen=True)
class _Row:
    """One filled-in row: its line and cells, the source it cites, the problems of reading
    its cells, and its record."""

    line: int
    cells: dict[str, object]
    source: _SourceKey
    unreadable: list[_Problem]
    record: tidy.Record


def read(path: str | Path, uploaded_by: str | None = None) -> tuple[Frames, pd.DataFrame]:
    """Read a template file: (frames of the valid rows, rejected rows with reasons).

    Each row's cells are read first (required cells, period, plain number, unit, basis);
    the tidy schema then says which rows break which of its rules, and a figure given
    twice is refused on its later row. Every problem becomes a rejected row naming its row
    number, column, value and what was expected; the other rows become tidy frames.
    """
    path = Path(path)
    rows = _filled_rows(path)
    sources, records = _numbered(rows, path, uploaded_by)
    problems = [list(row.unreadable) for row in rows]
    for index, problem in _broken_rules(sources, records):
        problems[index].append(problem)
    clean = [index for index, found in enumerate(problems) if not found]
    for index in _repeated(clean, sources, records):
        problems[index].append((_WHOLE_ROW, _words(schema.OBSERVATIONS.key_rule)))
    kept = [rows[index] for index in clean if not problems[index]]
    frames = tidy.frames(path, *_numbered(kept, path, uploaded_by)) if kept else Frames()
    return frames, _rejected(rows, problems)


def _filled_rows(path: Path) -> list[_Row]:
    """Every non-blank row below the template's header, its cells read."""
    rows, sheet, figure = _read_rows(path)
    header_index = _find_header(rows)
    if header_index is None:
        raise _header_error(path, rows, sheet)
    header = [_key(c) for c in rows[header_index]]
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    filled = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(excel.is_blank(c) for c in row):
            continue
        cells = {n: (row[p] if p < len(row) else "") for n, p in positions.items()}
        locator = f"{'sheet ' + repr(sheet) + ', ' if sheet else ''}row {index + 1}"
        filled.append(_read_row(index + 1, cells, locator, figure))
    return filled


def _read_row(line: int, cells: dict[str, object], locator: str, figure: _Figure) -> _Row:
    """Read a row's cells by the rules only the template has: required cells, the period,
    a number (read by ``figure``: a sheet's or a CSV's), the unit, and a basis a user may
    give. The tidy schema checks the rest of its record."""

    def text(name: str) -> str:
        return excel.text(cells.get(name, ""))

    unreadable = [(name, Phrase(N_("a value is required"))) for name in REQUIRED if not text(name)]
    period = None
    if text("period"):
        try:
            period = parse_period_spec(text("period"))
        except ValueError as reason:
            unreadable.append(("period", Phrase.of_error(reason)))
    number, published = None, None
    if text("value"):
        try:
            number, published = figure(cells["value"])
        except csvtext.AmbiguousNumber as reason:
            plain = Phrase(
                N_("a number whose decimal mark is plain: {reason}"),
                reason=Phrase.of_error(reason),
            )
            unreadable.append(("value", plain))
        except ValueError:
            unreadable.append(("value", Phrase(N_("a plain number such as 1234.5"))))
    unit = text("unit").lower() or "unit"
    if unit not in SCALES:
        unreadable.append(("unit", Phrase(N_("unit, thousand, million or billion"))))
    basis = text("basis").lower() or "reported"
    if basis not in UPLOAD_BASES:
        unreadable.append(("basis", Phrase(N_("reported, estimate or derived"))))
    scale = SCALES.get(unit, 1.0)
    record = tidy.Record(
        reporter=text("reporter").upper(),
        partner=text("partner").upper(),
        flow=text("flow").lower(),
        period=period or _STAND_IN_PERIOD,
        value=_STAND_IN_VALUE if number is None else number,
        scale=scale,
        currency=text("currency").upper(),
        # The digits the user typed, in the unit they chose.
        precision=None if number is None else excel.precision(published, scale),
        product=text("product").upper() or "TOTAL",
        classification=text("classification").upper() or None,
        basis=basis,
        locator=locator,
        note=text("note") or None,
    )
    source = (text("source_publisher"), text("source_title"), text("source_url") or None)
    return _Row(line, cells, source, unreadable, record)


def _numbered(
    rows: list[_Row], path: Path, uploaded_by: str | None
) -> tuple[list[tidy.Source], list[tidy.Record]]:
    """The rows' sources, numbered in the order the rows first cite them, and each row's
    record citing its source."""
    ids = {key: f"tidy-{n}" for n, key in enumerate(dict.fromkeys(r.source for r in rows), 1)}
    by = f", uploaded by {uploaded_by}" if uploaded_by else ""
    sources = [
        tidy.Source(
            source_id=source_id,
            publisher=publisher,
            title=title,
            url=url,
            kind="upload",
            language="en",
            dataset="upload",
            locator=path.name,
            note=f"Figures from the file {path.name}{by}",
        )
        for (publisher, title, url), source_id in ids.items()
    ]
    return sources, [replace(row.record, source_id=ids[row.source]) for row in rows]


def _as_typed(records: Iterable[tidy.Record]) -> dict[str, Place]:
    # The template's cells are codes, never names to look up: an unknown code is a
    # rejected row, not a guess.
    codes = {code for record in records for code in (record.reporter, record.partner)}
    return {code: Place(code, is_aggregate(code)) for code in codes}


def _broken_rules(
    sources: list[tidy.Source], records: list[tidy.Record]
) -> Iterator[tuple[int, _Problem]]:
    """(row index, problem) for each rule of the tidy schema a row breaks; a source's
    problem (a url that is no web address) is a problem of every row citing it."""
    _, broken = schema.SOURCES.check(tidy.source_rows(sources))
    for failure in broken:
        cited = {sources[position].source_id for position in np.flatnonzero(failure.rows)}
        for index, record in enumerate(records):
            if record.source_id in cited:
                yield index, (_cell_of(failure.rule, _SOURCE_CELLS), _words(failure.rule))
    _, broken = schema.OBSERVATIONS.check(
        tidy.observation_rows(records, sources, _as_typed(records))
    )
    for failure in broken:
        for position in np.flatnonzero(failure.rows):
            yield int(position), (_cell_of(failure.rule, _OBSERVATION_CELLS), _words(failure.rule))


def _words(rule: schema.Rule) -> Phrase:
    """What a rule expects, as a Phrase (its words are marked in loaders.schema)."""
    return Phrase.marked(rule.expected)


def _cell_of(rule: schema.Rule, cells: dict[str, str]) -> str:
    return next((cells[column] for column in rule.columns if column in cells), _WHOLE_ROW)


def _repeated(
    clean: list[int], sources: list[tidy.Source], records: list[tidy.Record]
) -> list[int]:
    """Rows among the ``clean`` ones giving a figure an earlier clean row already gave."""
    kept = [records[index] for index in clean]
    candidates = tidy.observation_rows(kept, sources, _as_typed(kept))
    repeats = schema.OBSERVATIONS.repeats(candidates)
    return [index for index, repeated in zip(clean, repeats, strict=True) if repeated]


def _rejected(rows: list[_Row], problems: list[list[_Problem]]) -> pd.DataFrame:
    """One rejected row per problem cell, row by row in the template's column order."""
    order = {name: position for position, name in enumerate([*COLUMNS, _WHOLE_ROW])}
    rejected = []
    for row, found in zip(rows, problems, strict=True):
        shown: set[str] = set()
        for column, reason in found:
            if column in shown:
                continue  # a cell's first problem says what to fix; the rest follow from it
            shown.add(column)
            value = "" if column == _WHOLE_ROW else _show(row.cells.get(column, ""))
            rejected.append({"row": row.line, "column": column, "value": value, "reason": reason})
    rejected.sort(key=lambda problem: (problem["row"], order[str(problem["column"])]))
    frame = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    # The reasons as the Phrases they are (a text column would keep only their English).
    frame["reason"] = pd.Series([p["reason"] for p in rejected], index=frame.index, dtype=object)
    return frame


def load(path: str | Path) -> Frames:
    """Strict reading: every row must be valid, or one LoadError lists the first problems."""
    frames, rejected = read(path)
    if len(rejected):
        details: list[str] = [
            Phrase(
                N_("row {row}, {column} = {value}: {reason}"),
                row=r.row,
                column=r.column,
                value=r.value,
                reason=r.reason,
            )
            for r in rejected.head(5).itertuples()
        ]
        if len(rejected) > 5:
            details.append(Phrase(N_("and {n} more"), n=len(rejected) - 5))
        raise LoadError(path, N_("template rows that are all valid"), details=details)
    if frames.observations.empty:
        raise LoadError(path, N_("at least one figure below the template's header row"))
    return frames


def _show(value: object) -> str:
    text = excel.text(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _number(value: object) -> float:
    """A sheet's cell as a plain, finite number; ValueError for anything else (text,
    booleans, formulas)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not re.fullmatch(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?", text):
            raise ValueError(value)
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def template_bytes(country_codes: list[str]) -> bytes:
    """The template workbook: a Data sheet with validation, a Columns sheet, and Codes."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet("Data")
    names = list(COLUMNS)
    for col, name in enumerate(names):
        data.write_string(0, col, name, bold)
        data.set_column(col, col, max(14, len(name) + 2))
    data.freeze_panes(1, 0)
    last = 5000
    codes = workbook.add_worksheet("Codes")
    codes.write_string(0, 0, "code", bold)
    for row, code in enumerate(country_codes, start=1):
        codes.write_string(row, 0, code)
    lists = {
        "flow": list(schema.FLOWS),
        "unit": list(SCALES),
        "basis": list(UPLOAD_BASES),
        "classification": list(schema.HS_EDITIONS),
    }
    for name, options in lists.items():
        col = names.index(name)
        data.data_validation(
            1,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": options,
                "error_title": f"Invalid {name}",
                "error_message": f"Choose one of: {', '.join(options)}",
            },
        )
    for name in ("reporter", "partner"):
        col = names.index(name)
        data.data_validation(
            1,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": f"=Codes!$A$2:$A${len(country_codes) + 1}",
                "error_title": f"Unknown {name}",
                "error_message": "Use an ISO3 code from the Codes sheet",
            },
        )
    col = names.index("value")
    data.data_validation(
        1,
        col,
        last,
        col,
        {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": "Invalid value",
            "error_message": "A number of zero or more",
        },
    )
    col = names.index("period")
    data.data_validation(
        1,
        col,
        last,
        col,
        {
            "validate": "length",
            "criteria": "between",
            "minimum": 4,
            "maximum": 15,
            "input_title": "Period",
            "input_message": "2021, 2021-03 or 2022-01/2022-05",
        },
    )
    explain = workbook.add_worksheet("Columns")
    explain.set_column(0, 0, 20)
    explain.set_column(1, 1, 80)
    explain.set_column(2, 3, 24)
    for col, title in enumerate(["column", "meaning", "example", "required"]):
        explain.write_string(0, col, title, bold)
    for row, (name, (required, meaning, example)) in enumerate(COLUMNS.items(), start=1):
        explain.write_string(row, 0, name)
        explain.write_string(row, 1, meaning, wrap)
        explain.write_string(row, 2, example)
        explain.write_string(row, 3, "yes" if required else "no")
    explain.write_string(len(COLUMNS) + 2, 0, "Notes", bold)
    explain.write_string(
        len(COLUMNS) + 3,
        1,
        "Put one figure per row on the Data sheet, below the "
        "header. Rows that break a rule are listed with the reason when you upload; "
        "the valid rows can be kept. Formulas are read as their saved values.",
        wrap,
    )
    workbook.close()
    return buffer.getvalue()
