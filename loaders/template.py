"""The project's own tidy template: one figure per row, in .xlsx, .xls or .csv."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from loaders import Frames, excel, schema
from loaders.countries import is_aggregate, is_known_code
from loaders.errors import LoadError
from loaders.files import read_text
from loaders.periods import parse_period_spec

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
        "the figure, a plain number (no thousands separators, no formulas)",
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


def _read_rows(path: Path) -> tuple[list[list], str | None]:
    head = path.read_bytes()[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        workbook = excel.open_workbook(path)
        for sheet in workbook.sheet_names:
            rows = excel.read_sheet(workbook, sheet, path)
            if looks_like_template(rows):
                return rows, sheet
        raise LoadError(
            path,
            f"a sheet with the template's header row ({', '.join(REQUIRED)})",
            details=[f"sheets: {', '.join(workbook.sheet_names)}"],
        )
    text = read_text(path)
    try:
        return [list(r) for r in csv.reader(io.StringIO(text))], None
    except csv.Error as error:
        raise LoadError(path, "a CSV file", details=[str(error)]) from None


def read(path: str | Path, uploaded_by: str | None = None) -> tuple[Frames, pd.DataFrame]:
    """Read a template file: (frames of the valid rows, rejected rows with reasons).

    Each rejected row names its row number, column, value and what was expected; the
    accepted rows are validated by the tidy schema like any loader's output.
    """
    path = Path(path)
    rows, sheet = _read_rows(path)
    header_index = _find_header(rows)
    if header_index is None:
        raise LoadError(
            path,
            f"a header row naming {', '.join(REQUIRED)}",
            sheet=sheet,
            details=["download the template from the Upload page"],
        )
    header = [_key(c) for c in rows[header_index]]
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    accepted, rejected, sources = [], [], {}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(excel.is_blank(c) for c in row):
            continue
        line = index + 1
        cells = {n: (row[p] if p < len(row) else "") for n, p in positions.items()}
        problems = _row_problems(cells)
        if problems:
            for column, value, reason in problems:
                rejected.append(
                    {"row": line, "column": column, "value": _show(value), "reason": reason}
                )
            continue
        period = parse_period_spec(excel.text(cells["period"]))
        publisher = excel.text(cells["source_publisher"])
        title = excel.text(cells["source_title"])
        url = excel.text(cells.get("source_url", "")) or None
        source_key = (publisher, title, url)
        source_id = sources.setdefault(source_key, f"tidy-{len(sources) + 1}")
        scale = SCALES[excel.text(cells.get("unit", "")).lower() or "unit"]
        reporter = excel.text(cells["reporter"]).upper()
        partner = excel.text(cells["partner"]).upper()
        accepted.append(
            {
                "reporter": reporter,
                "partner": partner,
                "reporter_is_aggregate": is_aggregate(reporter),
                "partner_is_aggregate": is_aggregate(partner),
                "flow": excel.text(cells["flow"]).lower(),
                "product": excel.text(cells.get("product", "")).upper() or "TOTAL",
                "period_start": period.start,
                "period_end": period.end,
                "freq": period.freq,
                "value": float(excel.full_units(_number(cells["value"]), scale)),
                "currency": excel.text(cells["currency"]).upper(),
                "basis": excel.text(cells.get("basis", "")).lower() or "reported",
                "approx": False,
                "qualifier": None,
                "precision": None,
                "source_id": source_id,
                "edition": None,
                "locator": f"{'sheet ' + repr(sheet) + ', ' if sheet else ''}row {line}",
                "note": excel.text(cells.get("note", "")) or None,
            }
        )
    source_rows = [
        {
            "source_id": source_id,
            "publisher": publisher,
            "title": title,
            "url": url,
            "published": None,
            "accessed": None,
            "licence": None,
            "kind": "upload",
            "language": "en",
            "dataset": "upload",
            "edition": None,
            "quote": None,
            "quote_en": None,
            "locator": path.name,
            "note": f"Figures from the file {path.name}"
            + (f", uploaded by {uploaded_by}" if uploaded_by else ""),
        }
        for (publisher, title, url), source_id in sources.items()
    ]
    observations = pd.DataFrame(accepted, columns=schema.OBSERVATION_COLUMNS)
    frames = Frames(
        observations=observations, sources=pd.DataFrame(source_rows, columns=schema.SOURCE_COLUMNS)
    )
    duplicates = observations.duplicated(schema.OBSERVATION_KEY, keep="first")
    if duplicates.any():
        for locator in observations[duplicates].locator:
            rejected.append(
                {
                    "row": int(locator.rsplit(" ", 1)[-1]),
                    "column": "row",
                    "value": "",
                    "reason": "the same figure (reporter, partner, flow, "
                    "product, period, currency, basis, source) appears on an earlier row",
                }
            )
        frames.observations = observations[~duplicates].reset_index(drop=True)
    rejected_frame = pd.DataFrame(rejected, columns=["row", "column", "value", "reason"])
    frames = frames.validated(path) if len(frames.observations) else Frames()
    return frames, rejected_frame.sort_values("row", kind="stable").reset_index(drop=True)


def load(path: str | Path) -> Frames:
    """Strict reading: every row must be valid, or one LoadError lists the first problems."""
    frames, rejected = read(path)
    if len(rejected):
        details = [
            f"row {r.row}, {r.column} = {r.value}: {r.reason}"
            for r in rejected.head(5).itertuples()
        ]
        if len(rejected) > 5:
            details.append(f"and {len(rejected) - 5} more")
        raise LoadError(path, "template rows that are all valid", details=details)
    if frames.observations.empty:
        raise LoadError(path, "at least one figure below the template's header row")
    return frames


def _show(value: object) -> str:
    text = excel.text(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?", text):
        raise ValueError
    return float(text)


def _row_problems(cells: dict) -> list[tuple[str, object, str]]:
    """Every problem of one row as (column, value, reason)."""
    problems = []

    def text(name: str) -> str:
        return excel.text(cells.get(name, ""))

    for name in REQUIRED:
        if not text(name):
            problems.append((name, "", "a value is required"))
    for name in ("reporter", "partner"):
        code = text(name).upper()
        if code and not is_known_code(code):
            problems.append(
                (name, cells[name], "an ISO3 country code (KAZ) or a group code (WLD, EU27)")
            )
    if text("reporter") and text("reporter").upper() == text("partner").upper():
        problems.append(("partner", cells["partner"], "a partner other than the reporter"))
    if text("flow") and text("flow").lower() not in schema.FLOWS:
        problems.append(("flow", cells["flow"], "export, import or turnover"))
    if text("period"):
        try:
            parse_period_spec(text("period"))
        except ValueError as reason:
            problems.append(("period", cells["period"], str(reason)))
    if text("value"):
        try:
            number = _number(cells["value"])
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
            scale = SCALES.get(text("unit").lower() or "unit", 1)
            if number < 0:
                problems.append(
                    (
                        "value",
                        cells["value"],
                        "a figure of zero or more: trade flows are never negative",
                    )
                )
            elif number * scale >= 1e16:
                problems.append(("value", cells["value"], "a figure below 10^16 in full units"))
        except ValueError:
            problems.append(("value", cells["value"], "a plain number such as 1234.5"))
    if text("unit") and text("unit").lower() not in SCALES:
        problems.append(("unit", cells["unit"], "unit, thousand, million or billion"))
    if text("currency") and text("currency").upper() not in schema.CURRENCIES:
        problems.append(("currency", cells["currency"], "an ISO 4217 currency code such as USD"))
    if text("basis") and text("basis").lower() not in UPLOAD_BASES:
        problems.append(("basis", cells["basis"], "reported, estimate or derived"))
    if text("product") and not re.fullmatch(
        r"TOTAL|\d{2}|\d{4}|\d{6}|\d{8}|\d{10}", text("product").upper()
    ):
        problems.append(("product", cells["product"], "TOTAL or an HS code of 2 to 10 digits"))
    url = text("source_url")
    if url and not re.match(r"^https?://", url):
        problems.append(
            ("source_url", cells["source_url"], "a web address starting with http:// or https://")
        )
    return problems


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
