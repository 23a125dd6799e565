"""Eurostat Comext "relational view" CSV extracts: EU reporters' trade by partner, in euros."""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd

from loaders import Frames, csvtext, excel, hs, schema, tidy
from loaders.countries import Place, iso2_to_iso3
from loaders.errors import N_, LoadError, Phrase
from loaders.files import read_text
from loaders.fit import Fit
from loaders.periods import Period

FORMAT = "eurostat"

PUBLISHER = "Eurostat"
DATASET = "eurostat-comext"
URL = "https://ec.europa.eu/eurostat/comext/newxtweb/"
LICENCE = "CC BY 4.0 (Eurostat copyright and reuse policy)"
REQUIRED = ("REPORTER", "PARTNER", "PRODUCT", "FLOW", "PERIOD", "VALUE_IN_EUR")
_FLOWS = {"1": "import", "2": "export", "IMPORT": "import", "EXPORT": "export"}
_PERIOD = re.compile(r"^(?P<year>(?:19|20)\d\d)-?(?P<month>\d\d)\b")
# Comext's own period cells: "201901-Jan. 2019", "201952" (the year 2019).
_COMEXT_PERIOD = re.compile(r"^\d{6}\b")
# Data rows whose periods the fit looks at.
_FIT_ROWS = 20
_PRODUCT = re.compile(r"^(?P<code>TOTAL|\d{2}(?:\d{2}){0,4})\b")
# "Relational_View_2024-11-17T07_27_28.680Z.csv": Comext stamps each extraction's time.
_EXTRACTED = re.compile(r"(?P<date>20\d\d-\d\d-\d\d)T(?P<time>\d\d_\d\d_\d\d)")
# Members in an aggregate's name: "AT", "AT-01/1995", "GB-01/1973->01/2020".
_MEMBER = re.compile(
    r"\b(?P<code>[A-Z]{2})(?:-(?P<fm>\d\d)/(?P<fy>\d{4})(?:->(?P<tm>\d\d)/(?P<ty>\d{4}))?)?\b"
)


def _header_key(name: str) -> str:
    """Column names compared loosely: re-saved files change case, spaces and dashes."""
    return re.sub(r"[^A-Z0-9]+", "_", name.strip().upper()).strip("_")


def members(name: str) -> list[tuple[str, date | None, date | None]]:
    """Members listed in an aggregate's name, as (ISO3, valid from, valid until).

    "GB-01/1973->01/2020" means a member from January 1973 to January 2020 inclusive.
    """
    bracket = name[name.find("(") + 1 : name.rfind(")")] if "(" in name else ""
    out = []
    for match in _MEMBER.finditer(bracket):
        iso3 = iso2_to_iso3(match["code"])
        if iso3 is None:
            continue
        start = date(int(match["fy"]), int(match["fm"]), 1) if match["fy"] else None
        end = Period.month(int(match["ty"]), int(match["tm"])).end if match["ty"] else None
        out.append((iso3, start, end))
    return out


def _period(text: str) -> Period | None:
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    year, month = int(match["year"]), int(match["month"])
    if month == 52:  # Comext codes the whole year as period 52
        return Period.year(year)
    if 1 <= month <= 12:
        return Period.month(year, month)
    return None


def _table(text: str) -> csvtext.Table:
    """The CSV as Comext writes it (commas) or as Excel re-saves it (``;`` and decimal
    commas in a Russian locale, tabs)."""
    return csvtext.rows(text, REQUIRED)


def fit(path: str | Path, text: str | None = None) -> Fit:
    """How well a CSV (``text``, read from ``path`` when not given) fits a Comext
    relational view: its distinctive columns, its other columns, and its periods."""
    try:
        rows = _table(read_text(path) if text is None else text).rows
    except csv.Error:
        rows = []
    header = rows[0] if rows else []
    columns = {_header_key(name): index for index, name in enumerate(header)}
    periods = [
        row[columns["PERIOD"]].strip()
        for row in rows[1:]
        if "PERIOD" in columns and columns["PERIOD"] < len(row) and any(c.strip() for c in row)
    ][:_FIT_ROWS]
    comext_periods = bool(periods) and all(_COMEXT_PERIOD.match(p) and _period(p) for p in periods)
    return Fit(
        FORMAT,
        (
            (
                N_("the Comext columns REPORTER, PARTNER, PERIOD and VALUE_IN_EUR"),
                all(name in columns for name in ("REPORTER", "PARTNER", "PERIOD", "VALUE_IN_EUR")),
            ),
            (N_("the Comext columns PRODUCT and FLOW"), "PRODUCT" in columns and "FLOW" in columns),
            (N_("periods like '201901-Jan. 2019' in the PERIOD column"), comext_periods),
        ),
    )


def _records(path: Path, text: str) -> list[tidy.Record]:
    """One record per data row of the total procedure with a value, names as Comext gives them."""
    try:
        table = _table(text)
    except csv.Error as error:
        raise LoadError(path, N_("a CSV header row"), details=[str(error)]) from None
    if not table.rows:
        raise LoadError(path, N_("a CSV header row"))
    header = table.rows[0]
    columns = {_header_key(name): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise LoadError(
            path,
            N_("the Comext columns {columns}"),
            found=",".join(header)[:120],
            row=1,
            details=[Phrase(N_("missing {columns}"), columns=", ".join(missing))],
            values={"columns": ", ".join(REQUIRED)},
        )
    procedure = columns.get("STAT_PROCEDURE")
    records, skipped_procedures = [], set()
    for line, row in enumerate(table.rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise LoadError(
                path,
                N_("{fields} fields as in the header"),
                found=Phrase(N_("{fields} fields"), fields=len(row)),
                row=line,
                values={"fields": len(header)},
            )

        def cell(name: str, row: list[str] = row) -> str:
            return row[columns[name]].strip()

        if procedure is not None and not row[procedure].strip().upper().startswith("T"):
            skipped_procedures.add(row[procedure].strip())
            continue
        period = _period(cell("PERIOD"))
        if period is None:
            raise LoadError(
                path,
                N_("a period like '201901-Jan. 2019' or '201952' (year)"),
                found=cell("PERIOD"),
                row=line,
                column="PERIOD",
            )
        flow = _FLOWS.get(cell("FLOW").split("-")[0].strip().upper()) or _FLOWS.get(
            cell("FLOW").split("-")[-1].strip().upper()
        )
        if flow is None:
            raise LoadError(
                path,
                N_("a flow '1-IMPORT' or '2-EXPORT'"),
                found=cell("FLOW"),
                row=line,
                column="FLOW",
            )
        product = _PRODUCT.match(cell("PRODUCT").upper())
        if product is None:
            raise LoadError(
                path,
                N_("a product 'TOTAL' or an HS/CN code"),
                found=cell("PRODUCT"),
                row=line,
                column="PRODUCT",
            )
        raw_value = cell("VALUE_IN_EUR")
        if raw_value in ("", ":"):
            continue  # Comext leaves confidential or missing values empty or ':'
        try:
            # Comext writes whole euros, ungrouped; a re-saved "1,234" is read by its
            # column's other numbers, else by the file's dialect (after ``;`` a comma is
            # the decimal mark). "nan", "inf", 1e400: no figure, no precision.
            published = table.plain(raw_value, columns["VALUE_IN_EUR"], by_dialect=True)
            value = csvtext.number(published, ".")
        except ValueError:
            raise LoadError(
                path, N_("a number of euros"), found=raw_value, row=line, column="VALUE_IN_EUR"
            ) from None
        records.append(
            tidy.Record(
                reporter=cell("REPORTER"),
                partner=cell("PARTNER"),
                flow=flow,
                product=product["code"],
                # Comext codes each year's figures in that year's CN, built on the HS
                # edition then in force.
                classification=hs.coded_in(product["code"], period.start.year),
                period=period,
                value=value,
                currency="EUR",
                precision=excel.precision(published),
                locator=f"{path.name}, row {line}",
            )
        )
    if not records:
        details: list[str] = (
            [Phrase(N_("only procedures {procedures}"), procedures=str(sorted(skipped_procedures)))]
            if skipped_procedures
            else []
        )
        raise LoadError(
            path, N_("at least one data row with STAT_PROCEDURE 'T-Total'"), details=details
        )
    return records


def _source(path: Path, text: str) -> tidy.Source:
    """The extraction as a source, named by the time Comext stamped on the file (else by
    the file's content)."""
    stamp = _EXTRACTED.search(path.name)
    edition = stamp["date"] if stamp else None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return tidy.Source(
        source_id=f"{DATASET}-{edition}" if edition else f"{DATASET}-{digest}",
        publisher=PUBLISHER,
        title="Comext: EU trade by reporter, partner and product (relational view)",
        url=URL,
        accessed=date.fromisoformat(edition) if edition else None,
        licence=LICENCE,
        kind="database",
        language="en",
        dataset=DATASET,
        edition=edition,
        # One extraction spans many files; each observation's locator names its file.
        note="Extracted from Comext on the date given as edition; values in euros.",
    )


def _aggregate_members(places: dict[str, Place], source_id: str) -> pd.DataFrame:
    """The members each aggregate's name lists, with the dates of their membership."""
    rows = [
        (place.code, member, start, end, source_id)
        for name, place in places.items()
        if place.is_aggregate
        for member, start, end in members(name)
    ]
    frame = pd.DataFrame(rows, columns=schema.AGGREGATE_MEMBER_COLUMNS)
    return frame.drop_duplicates(["aggregate_code", "member", "valid_from"])


def load(path: str | Path) -> Frames:
    """Read a Comext relational-view CSV: one row per reporter, partner, product, flow, month.

    Aggregate reporters and partners (EU27, euro area) are flagged, and the members their
    names list become ``aggregate_members`` rows, so sums can be checked, never double-counted.
    """
    path = Path(path)
    text = read_text(path)
    records = _records(path, text)
    source = _source(path, text)
    groups = _aggregate_members(tidy.resolve_names(records, path)[0], source.source_id)
    return tidy.frames(path, source, records, aggregate_members=groups)
