"""Russian customs (FCS) tables: Russia-reported trade by partner, annual (CIS) and monthly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loaders import Frames, excel, tidy
from loaders.countries import Place, resolve
from loaders.errors import N_, LoadError, Phrase
from loaders.fit import Fit, fullest
from loaders.periods import Period, ru_month_number

FORMAT = "fcs"
PUBLISHER = "Federal Customs Service of Russia (FCS), as republished in Russian statistical tables"
# English names of the FCS tables, by a phrase of the Russian name (the most specific first).
TITLES_EN = (
    (
        "основные показатели экспорта и импорта",
        "Main indicators of exports and imports of the Russian Federation",
    ),
    ("с основными странами", "Foreign trade of the Russian Federation with its main partners"),
    ("внешняя торговля российской федерации", "Foreign trade of the Russian Federation"),
)
REPORTER = "RUS"
CURRENCY = "USD"
ANNUAL = "ru-fcs-trade-cis-annual"
MONTHLY = "ru-fcs-trade-main-partners-monthly"
_DATASET_NOTES = {
    ANNUAL: "Russia's exports to and imports from CIS countries, one sheet per year.",
    MONTHLY: "Russia's foreign trade with its main partner countries, monthly.",
}
# "млн долларов США" and "миллионов долларов США" alike.
_UNITS = (
    (re.compile(r"(?:млрд|миллиард)\w*\.?\s*долл", re.I), 1e9),
    (re.compile(r"(?:млн|миллион)\w*\.?\s*долл", re.I), 1e6),
    (re.compile(r"(?:тыс|тысяч)\w*\.?\s*долл", re.I), 1e3),
)
_FLOW_START = {"экспорт": "export", "импорт": "import"}
_TURNOVER_NOTE = "exports plus imports, both as published in this table"


@dataclass(frozen=True)
class Figure:
    """One published number, in the table's units, its rounding step in full units, and
    where it sits."""

    partner: str
    flow: str
    period: Period
    value: float
    scale: float
    precision: float
    sheet: str
    row: int

    def record(self) -> tidy.Record:
        """The figure as Russia reports it."""
        return tidy.Record(
            reporter=REPORTER,
            partner=self.partner,
            flow=self.flow,
            period=self.period,
            value=self.value,
            scale=self.scale,
            currency=CURRENCY,
            precision=self.precision,
            locator=f"sheet {self.sheet!r}, row {self.row}",
        )

    @property
    def in_full_units(self) -> float:
        """The value in US dollars, rounded to the cent as the shared step rounds it."""
        return float(excel.full_units(self.value, self.scale))


def units(rows: list[excel.Row]) -> float | None:
    """Dollars per unit of the table, from its units cell ('(млн долларов США)' -> 1e6);
    None when no cell of ``rows`` gives them."""
    for row in rows:
        for cell in row:
            for pattern, scale in _UNITS:
                if pattern.search(excel.text(cell)):
                    return scale
    return None


def flow_of(value: object) -> str | None:
    """The flow a cell names by its first word (Экспорт, импорт в страны ...), if any."""
    word = excel.text(value).casefold()
    for start, flow in _FLOW_START.items():
        if word.startswith(start):
            return flow
    return None


def _scale(rows: list[excel.Row], stop: int, path: Path, sheet: str) -> float:
    if (scale := units(rows[:stop])) is not None:
        return scale
    raise LoadError(
        path, N_("a units cell such as '(млн долларов США)' above the table"), sheet=sheet
    )


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
    flow = next((f for row in rows[:header] for c in row if (f := flow_of(c))), None)
    if flow is None:
        flow = flow_of(sheet)
    if flow is None:
        raise LoadError(
            path, N_("a title or sheet name saying Экспорт or Импорт"), sheet=sheet, row=header + 1
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
                    N_("a year (2021) or a month name (январь) in the first column"),
                    found=label,
                    sheet=sheet,
                    row=index + 1,
                    column=0,
                )
            continue
        if year is None:
            raise LoadError(
                path, N_("a year row above the first month"), sheet=sheet, row=index + 1
            )
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
                        figure,
                        scale,
                        excel.precision(cell, scale),
                        sheet,
                        index + 1,
                    )
                )
    return figures


def _annual(rows: list[excel.Row], path: Path, sheet: str) -> list[Figure] | None:
    """Sections 'Экспорт' / 'Импорт' down, partners under each, one column per year."""
    starts = [i for i, row in enumerate(rows) if row and flow_of(row[0])]
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
            path, N_("a row of years (2021) above the Экспорт section"), sheet=sheet, row=first + 1
        )
    scale = _scale(rows, first + 1, path, sheet)
    figures = []
    flow = ""  # set by the first line read, which is a section line
    for index in range(first, len(rows)):
        row = rows[index]
        label = excel.text(row[0]) if row else ""
        if not label:
            continue
        section = flow_of(label)
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
                        partner,
                        flow,
                        Period.year(year),
                        figure,
                        scale,
                        excel.precision(cell, scale),
                        sheet,
                        index + 1,
                    )
                )
    return figures


def fit(sheets: dict[str, list[excel.Row]]) -> Fit:
    """How well the workbook's best sheet fits either customs layout: partners across
    with month rows down (96stran), or Экспорт/Импорт sections with a row of years
    (94itog); both give their units in millions of dollars above the table."""
    return fullest((f for name, rows in sheets.items() for f in _sheet_fits(name, rows)), FORMAT)


def _sheet_fits(name: str, rows: list[excel.Row]) -> tuple[Fit, Fit]:
    where = Phrase(N_("sheet {name}"), name=repr(name))
    units = (N_("a units cell such as '(млн долларов США)'"), _has_units(rows[:12]))
    header = _partner_header(rows)
    months = [r for r in rows if r and isinstance(r[0], str) and ru_month_number(r[0])]
    flow = any(flow_of(c) for row in rows[:8] for c in row) or flow_of(name) is not None
    monthly = (
        (N_("partner countries across a header row"), header is not None),
        (N_("month names (январь ...) down the first column"), len(months) >= 3),
        units,
        (N_("Экспорт or Импорт in the title or sheet name"), flow),
    )
    starts = [i for i, row in enumerate(rows) if row and flow_of(row[0])]
    years = bool(starts) and any(
        excel.as_year(c) for row in rows[max(starts[0] - 3, 0) : starts[0]] for c in row[1:]
    )
    partners = [
        r
        for r in rows
        if r and isinstance(r[0], str) and (p := resolve(r[0])) and not p.is_aggregate
    ]
    annual = (
        (N_("sections headed Экспорт and Импорт in the first column"), len(starts) >= 2),
        (N_("a row of years above the first section"), years),
        units,
        (N_("partner countries down the first column"), len(partners) >= 3),
    )
    return Fit(FORMAT, monthly, where), Fit(FORMAT, annual, where)


def _has_units(rows: list[excel.Row]) -> bool:
    return units(rows) is not None


def _read(path: Path) -> tuple[str, str, list[Figure]]:
    """The workbook's dataset (annual or monthly layout), title and figures."""
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
            N_(
                "a sheet of Russian customs figures (sections Экспорт/Импорт, or partners across "
                "with month rows)"
            ),
            details=[
                Phrase(
                    N_("sheets: {sheets}"),
                    sheets=", ".join(workbook.sheet_names) or Phrase(N_("none")),
                )
            ],
        )
    if len(datasets) > 1:
        raise LoadError(
            path,
            N_("one table layout per workbook"),
            found=Phrase(N_("annual and monthly sheets")),
        )
    return datasets.pop(), title, figures


def _source(path: Path, dataset: str, title: str, figures: list[Figure]) -> tidy.Source:
    """The workbook as a source: one per table and edition (its latest period)."""
    latest = max(f.period.end for f in figures)
    edition = str(latest.year) if dataset == ANNUAL else latest.strftime("%Y-%m")
    title = title or "Внешняя торговля Российской Федерации"
    if "фтс" not in title.casefold():
        title += " (по данным ФТС России)"
    return tidy.Source(
        source_id=f"{dataset}-{edition}",
        publisher=PUBLISHER,
        title=title,
        title_en=tidy.english_title(title, TITLES_EN, (("по данным фтс", "(FCS data)"),)),
        kind="official_statistics",
        language="ru",
        dataset=dataset,
        edition=edition,
        locator=path.name,
        note=_DATASET_NOTES[dataset] + " Million US dollars in the file.",
    )


def _turnover(figures: list[Figure], places: dict[str, Place], path: Path) -> list[tidy.Record]:
    """Exports plus imports of each partner and period, derived from this table's figures,
    at the coarser of the two published precisions.

    Partners are paired by code, as a table may spell one partner two ways; a partner,
    flow and period given twice is refused.
    """
    by_key: dict[tuple[str, str, Period], Figure] = {}
    for figure in figures:
        if figure.partner not in places:
            continue  # an unknown name: tidy.frames lists its figures as left out
        key = (places[figure.partner].code, figure.flow, figure.period)
        if key in by_key:
            raise LoadError(
                path,
                N_("one figure per partner, flow and period"),
                found=figure.partner,
                sheet=figure.sheet,
                row=figure.row,
                details=[
                    Phrase(
                        N_("also at sheet {name} row {row}"),
                        name=repr(by_key[key].sheet),
                        row=by_key[key].row,
                    )
                ],
            )
        by_key[key] = figure
    derived = []
    for (code, flow, period), exports in by_key.items():
        imports = by_key.get((code, "import", period)) if flow == "export" else None
        if imports is None:
            continue
        derived.append(
            tidy.Record(
                reporter=REPORTER,
                partner=exports.partner,
                flow="turnover",
                period=period,
                value=float(excel.full_units(exports.in_full_units + imports.in_full_units)),
                currency=CURRENCY,
                basis="derived",
                # A sum is known no better than its coarser part.
                precision=max(exports.precision, imports.precision),
                locator=f"sheet {exports.sheet!r} row {exports.row} "
                f"+ sheet {imports.sheet!r} row {imports.row}",
                note=_TURNOVER_NOTE,
            )
        )
    return derived


def load(path: str | Path) -> Frames:
    """Read an FCS workbook (94itog-style annual CIS sheets or 96stran-style monthly sheets).

    Both layouts are recognised by content. Turnover is added as a derived figure
    (exports plus imports of the same partner and period from the same table).
    """
    path = Path(path)
    dataset, title, figures = _read(path)
    reported = [figure.record() for figure in figures]
    places, _ = tidy.resolve_names(reported, path)
    records = reported + _turnover(figures, places, path)
    return tidy.frames(path, _source(path, dataset, title, figures), records)
