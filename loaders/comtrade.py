"""UN Comtrade files: Comtrade+ API JSON, its 47-column CSV, and the legacy 22/35-column CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from pathlib import Path

from loaders import Frames, excel, tidy
from loaders.countries import is_country
from loaders.errors import N_, LoadError, Phrase
from loaders.files import read_text
from loaders.fit import Fit
from loaders.fit import fit as make_fit
from loaders.periods import Period

FORMAT = "comtrade"

PUBLISHER = "United Nations Statistics Division (UN Comtrade)"
DATASET = "un-comtrade"
URL = "https://comtradeplus.un.org/"
LICENCE = "UN Comtrade terms of use"

# Loose column keys (lower case, letters and digits only) -> meaning. Comtrade+ JSON/CSV
# and the legacy CSV share many keys once normalised ("reporterISO" == "Reporter ISO").
_ALIASES = {
    "reporter_iso": ("reporteriso",),
    "reporter_name": ("reporterdesc", "reporter"),
    "partner_iso": ("partneriso",),
    "partner_name": ("partnerdesc", "partner"),
    "flow": ("flowcode", "tradeflowcode", "flowdesc", "tradeflow"),
    "product": ("cmdcode", "commoditycode"),
    # The edition the codes are in (H5); the legacy CSV's Classification may say only HS
    # (as reported); classificationSearchCode is what was asked for.
    "classification": ("classificationcode", "classification", "classificationsearchcode"),
    "original": ("isoriginalclassification",),
    "value": ("primaryvalue", "tradevalueus"),
    "period": ("period",),
    "freq": ("freqcode",),
    "is_reported": ("isreported",),
    "partner2": ("partner2code", "2ndpartnercode"),
    "customs": ("customscode", "customsproccode"),
    "transport": ("motcode", "modeoftransportcode"),
}
_REQUIRED = ("flow", "product", "value", "period")
_FLOWS = {
    "x": "export",
    "export": "export",
    "2": "export",
    "m": "import",
    "import": "import",
    "1": "import",
}
# Comtrade's classification codes of the HS editions (H0 is HS as of 1992).
HS_CODES = {
    "H0": "HS1992",
    "H1": "HS1996",
    "H2": "HS2002",
    "H3": "HS2007",
    "H4": "HS2012",
    "H5": "HS2017",
    "H6": "HS2022",
}
_AS_REPORTED = N_(
    "'HS' (as reported) does not say which edition each reporter used: download the "
    "figures in one edition (H0 to H6)"
)
# Comtrade partner codes that are not countries.
_SPECIAL = {"W00": "WLD", "WLD": "WLD", "_X": "UNSPECIFIED"}
_TOTAL_BREAKDOWN = {"partner2": {"", "0", "W00"}, "customs": {"", "C00"}, "transport": {"", "0"}}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def api_rows(data: list[dict]) -> list[dict]:
    """The records of a Comtrade+ API answer (its 'data' list) as rows keyed by loose
    column keys, each with its place ("record 3"): what :func:`records` reads."""
    rows = [{_key(k): ("" if v is None else v) for k, v in r.items()} for r in data]
    return [dict(r, _line=f"record {i}") for i, r in enumerate(rows, 1)]


def _rows(path: Path, text: str) -> tuple[list[dict], str]:
    """Rows as dicts keyed by loose column keys, and a description of the file kind."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            payload = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise LoadError(
                path,
                N_("valid JSON"),
                row=error.lineno,
                column=f"char {error.colno}",
                details=[error.msg],
            ) from None
        if isinstance(payload, dict):
            if payload.get("error"):
                raise LoadError(
                    path, N_("a Comtrade response without an error"), found=payload["error"]
                )
            payload = payload.get("data")
        if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
            raise LoadError(path, N_("a Comtrade+ JSON response with a 'data' list of records"))
        return api_rows(payload), "Comtrade+ API JSON"
    reader = csv.reader(io.StringIO(text))
    try:
        header = [_key(h) for h in next(reader)]
    except StopIteration:
        raise LoadError(path, N_("a CSV header row")) from None
    except csv.Error as error:
        raise LoadError(path, N_("a CSV file"), details=[str(error)]) from None
    rows = []
    for line, row in enumerate(reader, start=2):
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
        rows.append(dict(zip(header, row, strict=True), _line=f"row {line}"))
    kind = "Comtrade+ CSV" if "primaryvalue" in header else "legacy Comtrade CSV"
    return rows, kind


def _raw(row: dict, name: str) -> object:
    """A field as the file gives it: text from CSV, a number or text from JSON."""
    for alias in _ALIASES[name]:
        if alias in row:
            return row[alias]
    return ""


def _field(row: dict, name: str) -> str:
    return str(_raw(row, name)).strip()


def _name(row: dict, side: str) -> str:
    """The reporter or partner for the shared step to resolve: its ISO3 code when that is
    a country or one of Comtrade's own group codes, else its name."""
    code = _field(row, f"{side}_iso").upper()
    if code in _SPECIAL:
        return _SPECIAL[code]
    if is_country(code):
        return code
    return _field(row, f"{side}_name") or code


def records(path: Path, rows: list[dict]) -> tuple[list[tidy.Record], int]:
    """One record per total export or import row with a value, and how many breakdown or
    re-export rows were left out. ``rows`` come from a file or from the API
    (:func:`api_rows`); ``path`` names them in errors and locators."""
    keys = set(rows[0])
    missing = [n for n in _REQUIRED if not any(a in keys for a in _ALIASES[n])]
    if missing or not any(a in keys for a in _ALIASES["reporter_iso"] + _ALIASES["reporter_name"]):
        raise LoadError(
            path,
            N_("Comtrade columns for reporter, partner, flow, commodity, period and value"),
            details=[Phrase(N_("missing {columns}"), columns=", ".join(missing or ["reporter"]))],
        )
    out, left_out = [], 0
    for row in rows:
        where = row["_line"]
        if any(
            _field(row, k) not in ok
            for k, ok in _TOTAL_BREAKDOWN.items()
            if any(a in row for a in _ALIASES[k])
        ):
            left_out += 1
            continue
        flow = _FLOWS.get(_field(row, "flow").lower())
        if flow is None:
            left_out += 1  # re-exports, re-imports and other sub-flows
            continue
        raw_value = _field(row, "value")
        if raw_value == "":
            continue
        try:
            value = float(raw_value)
            if not math.isfinite(value):  # "nan", "inf", 1e400: no figure, no precision
                raise ValueError(raw_value)
        except ValueError:
            raise LoadError(
                path,
                N_("a trade value in US dollars"),
                found=raw_value,
                column="primaryValue",
                details=[where],
            ) from None
        period_text = _field(row, "period")
        period = _period(period_text)
        if period is None:
            raise LoadError(
                path,
                N_("a period 'YYYY' or 'YYYYMM'"),
                found=period_text,
                column="period",
                details=[where],
            )
        product = _product(_field(row, "product"))
        classification = None if product == "TOTAL" else _classification(path, row)
        reported = _field(row, "is_reported").lower() not in ("false", "0")
        notes = [] if reported else ["estimated by UN Comtrade (isReported = false)"]
        if classification and _field(row, "original").lower() in ("false", "0"):
            notes.append(
                f"converted by UN Comtrade into {classification} from the reporter's own "
                "classification (isOriginalClassification = false)"
            )
        out.append(
            tidy.Record(
                reporter=_name(row, "reporter"),
                partner=_name(row, "partner"),
                flow=flow,
                product=product,
                classification=classification,
                period=period,
                value=value,
                currency="USD",
                # A JSON number's digits are its shortest repr; a CSV field's, those written.
                precision=excel.precision(_published(row)),
                basis="reported" if reported else "estimate",
                locator=f"{path.name}, {where}",
                note="; ".join(notes) or None,
            )
        )
    if not out:
        raise LoadError(
            path,
            N_("at least one total export or import record"),
            details=[Phrase(N_("{n} breakdown or re-export rows left out"), n=left_out)],
        )
    return out, left_out


def _product(code: str) -> str:
    """TOTAL, or the HS code with the leading zero a spreadsheet took from it (10110 is
    HS 010110: HS codes have an even number of digits)."""
    code = code.upper()
    if code in ("", "ALL", "TOTAL"):
        return "TOTAL"
    return "0" + code if code.isdigit() and len(code) % 2 else code


def _classification(path: Path, row: dict) -> str:
    """The HS edition of a row's product code, from its classification code (H5 ->
    HS2017); LoadError for codes of no one HS edition (HS as reported, SITC, BEC)."""
    code = _field(row, "classification").upper()
    if code in HS_CODES:
        return HS_CODES[code]
    raise LoadError(
        path,
        N_(
            "the HS edition of each product code: a classificationCode from H0 (HS1992) "
            "to H6 (HS2022)"
        ),
        found=code or None,
        column="classificationCode",
        details=[row["_line"], *([Phrase(_AS_REPORTED)] if code == "HS" else [])],
    )


def _published(row: dict) -> object:
    """The trade value as published: the JSON number itself, else the text of the field."""
    raw = _raw(row, "value")
    return raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw)


def _source(path: Path, text: str, kind: str, left_out: int) -> tidy.Source:
    """The file as a source, named by its content (Comtrade files carry no edition)."""
    note = f"{kind}. Imports are valued CIF and exports FOB, as each reporter declares them."
    if left_out:
        note += (
            f" {left_out} breakdown or re-export/re-import rows left out to avoid double counting."
        )
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return tidy.Source(
        source_id=f"{DATASET}-{digest}",
        publisher=PUBLISHER,
        title=f"UN Comtrade: {kind}",  # the file is the locator
        url=URL,
        licence=LICENCE,
        kind="database",
        language="en",
        dataset=DATASET,
        locator=path.name,
        note=note,
    )


def load(path: str | Path) -> Frames:
    """Read a Comtrade file into tidy frames (USD; imports CIF, exports FOB as published).

    Only totals are kept: rows broken down by second partner, customs procedure or mode
    of transport, and re-export / re-import flows, would double-count the totals.
    """
    path = Path(path)
    text = read_text(path)
    rows, kind = _rows(path, text)
    if not rows:
        raise LoadError(path, N_("at least one Comtrade record"))
    found, left_out = records(path, rows)
    return tidy.frames(path, _source(path, text, kind, left_out), found)


def fit(path: Path, text: str) -> Fit:
    """How well ``text`` (the decoded start of ``path``) fits a Comtrade file: a Comtrade+
    JSON answer with a data list, or a CSV header naming reporter, partner, flow, period
    and the trade value (primaryValue, or TradeValue in the legacy CSV)."""
    head = text.lstrip("\ufeff \n\t")
    if head.startswith(("{", "[")):
        keys = {_key(k) for k in re.findall(r'"([A-Za-z0-9]+)"\s*:', head)}
        return make_fit(
            FORMAT,
            # Found for any JSON: alone it never wins, but a JSON file of no known format
            # is then told what a Comtrade+ answer would have.
            json=(N_("a JSON document"), True),
            data=(
                N_("a Comtrade+ JSON response with a data list of records"),
                bool(re.search(r'"data"\s*:\s*\[', head)),
            ),
            reporter=(
                N_("records with reporterCode or reporterISO"),
                bool({"reportercode", "reporteriso"} & keys),
            ),
            value=(N_("a primaryValue in each record"), "primaryvalue" in keys),
        )
    header = {_key(h) for h in next(csv.reader(io.StringIO(head.split("\n", 1)[0])), [])}

    def has(name: str) -> bool:
        return any(alias in header for alias in _ALIASES[name])

    return make_fit(
        FORMAT,
        reporter=(
            N_("a reporter column (reporterISO, reporterDesc or Reporter)"),
            has("reporter_iso") or has("reporter_name"),
        ),
        partner=(
            N_("a partner column (partnerISO, partnerDesc or Partner)"),
            has("partner_iso") or has("partner_name"),
        ),
        flow=(N_("a flow column (flowCode or Trade Flow)"), has("flow")),
        period=(N_("a period column"), has("period")),
        value=(N_("a primaryValue or Trade Value (US$) column"), has("value")),
    )


def _period(text: str) -> Period | None:
    text = text.split(".")[0]  # "2010.0" from spreadsheets that turned it into a number
    if re.fullmatch(r"(19|20)\d\d", text):
        return Period.year(int(text))
    if re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])", text):
        return Period.month(int(text[:4]), int(text[4:]))
    return None
