"""SDMX messages of trade figures (IMF IMTS, Eurostat Comext): SDMX-ML, SDMX-JSON, SDMX-CSV.

sdmx1 reads SDMX-ML (2.1 generic and structure-specific, 3.0 structure-specific) and
SDMX-JSON 1.0. Where it cannot, this module reads the message itself:

- SDMX-JSON 2.0 (the IMF's SDMX 3.0 API): sdmx1 2.28 stops on it (KeyError 'id');
  :func:`_json2_rows` spreads its index-coded series into one row per observation.
- SDMX-CSV: sdmx1 2.28 reads only SDMX-CSV 2.x and only with the data structure at hand;
  the format is already one row per observation, so the csv module reads it.

Without the data structure, sdmx1 cannot tell a structure-specific message's series
attributes (SCALE, OVERLAP) from its dimensions; every row is therefore a flat mapping of
component id -> code, read by id whatever its role.

Each dataflow we map is data (:data:`DATAFLOWS`): which dimension is the reporter, the
partner, the flow and the currency, and how codes become ours. Codes we cannot map with
certainty (IMF country groups other than the world, the EU and the euro area; historical
economies; Comext's partner groupings) are left out, and the source's note says which
and how many; quarterly figures are left out too (the tidy tables hold years and months).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sdmx
import sdmx.message

# sdmx1 imports its SDMX-ML 3.0 reader on first use, and that import fails once a 2.1
# structure-specific message has registered its own namespace (ValueError from ns_prefix):
# importing it up front avoids that.
import sdmx.reader.xml.v30

from loaders import Frames, excel, hs, tidy
from loaders.countries import is_country, iso2_to_iso3
from loaders.errors import N_, LoadError, Phrase
from loaders.files import decode
from loaders.fit import Fit
from loaders.fit import fit as make_fit
from loaders.periods import Period

FORMAT = "sdmx"
IMF = "International Monetary Fund"
ESTAT = "Eurostat"

# IMF CL_COUNTRY (1.5.1, api.imf.org): three-letter codes are ISO 3166 alpha-3 where the
# ISO code exists (checked name by name); these are the IMF's own codes for the rest, and
# the country groups whose meaning is one of our aggregates.
IMF_CODES = {
    "KOS": "XKX",  # Kosovo, Republic of
    "WBG": "PSE",  # West Bank and Gaza
    "G001": "WLD",  # World
    "G998": "EU",  # European Union (EU): "economies that are members of the European Union"
    "G163": "EA",  # Euro Area (EA): "economies that are members of the Euro Area"
}
# Comext geo codes that are aggregates; country codes are ISO alpha-2 (EL, UK for Greece and
# the United Kingdom). Euro areas of fixed composition (EA19, EA20) keep their code.
ESTAT_CODES = {"EU27_2020": "EU27"}
_EURO_AREA_N = re.compile(r"^EA\d\d$")
_PERIOD = re.compile(r"^(?P<year>(?:19|20)\d\d)(?:-?M?(?P<month>0[1-9]|1[0-2]))?$")
_QUARTER = re.compile(r"^(?:19|20)\d\d-?Q[1-4]$")
_STRUCTURE_ID = re.compile(
    r"(?:(?P<agency>[\w.]+):)?(?P<id>[\w.@-]+?)(?:\((?P<version>[\w.+]+)\))?$"
)


def imf_place(code: str) -> str | None:
    """Our code for an IMF CL_COUNTRY code, or None when it has none we can vouch for."""
    if code in IMF_CODES:
        return IMF_CODES[code]
    return code if is_country(code) else None


def estat_place(code: str) -> str | None:
    """Our code for a Comext reporter or partner geo code, or None."""
    if code in ESTAT_CODES:
        return ESTAT_CODES[code]
    if _EURO_AREA_N.match(code):
        return code
    return iso2_to_iso3(code) if re.fullmatch(r"[A-Z]{2}", code) else None


@dataclass(frozen=True)
class Dataflow:
    """A dataflow of trade figures this loader maps: which component says what, and how."""

    ids: tuple[str, ...]  # dataflow and DSD ids that name it in a message
    publisher: str
    title: str
    dataset: str
    reporter: str
    partner: str
    flow: tuple[str, Mapping[str, str]]  # component, code -> export | import
    currency: tuple[str, Mapping[str, str]]  # component, code -> currency
    place: Callable[[str], str | None]
    note: str
    product: str | None = None


_IMTS_FLOWS = {"XG_FOB_USD": "export", "MG_CIF_USD": "import"}
_COMEXT_VALUES = {"VALUE_IN_EUROS": "EUR", "VALUE_EUR": "EUR"}
IMTS = Dataflow(
    ids=("IMTS", "DSD_IMTS"),
    publisher=IMF,
    title="International Trade in Goods (IMTS, formerly Direction of Trade Statistics)",
    dataset="imf-imts",
    reporter="COUNTRY",
    partner="COUNTERPART_COUNTRY",
    flow=("INDICATOR", _IMTS_FLOWS),
    currency=("INDICATOR", dict.fromkeys(_IMTS_FLOWS, "USD")),
    place=imf_place,
    # The recorded IMTS message has SCALE="6" on values such as 2,019,551,635,133 (US
    # exports to the world, 2023: about $2.0 trillion, as the US Census Bureau reports):
    # the values are whole dollars and SCALE is how the IMF portal displays them.
    note="Exports are valued FOB and imports CIF, in US dollars, as the IMF publishes them "
    "(the IMF's SCALE attribute is its display unit and is not applied).",
)
COMEXT = Dataflow(
    ids=("DS-045409", "DS-059341"),
    publisher=ESTAT,
    title="Comext: EU trade by reporter, partner and product (DS-045409 monthly, DS-059341 annual)",
    dataset="eurostat-comext",
    reporter="REPORTER",
    partner="PARTNER",
    flow=("FLOW", {"1": "import", "2": "export"}),
    currency=("INDICATORS", _COMEXT_VALUES),
    place=estat_place,
    product="PRODUCT",
    note="Values in euros; imports valued CIF and exports FOB at the EU border.",
)
DATAFLOWS = (IMTS, COMEXT)
SUPPORTED = "IMF IMTS or Eurostat Comext DS-045409/DS-059341"


@dataclass(frozen=True)
class Retrieval:
    """How a message was fetched: the query URL and when (UTC)."""

    url: str
    at: datetime


@dataclass
class Message:
    """What an SDMX message holds, whatever its syntax: the id of its dataflow (or data
    structure), when it was prepared, and one flat row per observation."""

    structure: str | None
    prepared: datetime | None
    rows: list[dict[str, str]]


def load(path: str | Path) -> Frames:
    """Read an SDMX data message of IMF IMTS or Eurostat Comext figures into tidy frames."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    return read(data, path)


def read(data: bytes, file: str | Path, retrieval: Retrieval | None = None) -> Frames:
    """The tidy frames of an SDMX message's bytes; ``file`` names it in errors and
    locators, ``retrieval`` says where and when it was fetched (None for a file)."""
    file = Path(file)
    message = parse(data, file)
    flow = _dataflow(message, file)
    records, left_out = _records(flow, message.rows, file)
    source = _source(flow, file, data, message, left_out, retrieval)
    return tidy.frames(file, source, records)


def parse(data: bytes, file: Path) -> Message:
    """The message in ``data`` (SDMX-ML, SDMX-JSON or SDMX-CSV), or a LoadError."""
    text = decode(data, file)
    head = text.lstrip("\ufeff \n\t")
    if head.startswith("{"):
        return _json_message(head, file)
    if head.startswith("<"):
        return _xml_message(data, file)
    return _csv_message(head, file)


def _xml_message(data: bytes, file: Path) -> Message:
    # SDMX messages declare no DTD; one that does could make the XML parser expand
    # entities or read local files into the figures (XXE, "billion laughs").
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise LoadError(
            file, N_("an SDMX-ML message without a DOCTYPE or entities"), found="<!DOCTYPE"
        )
    # sdmx1 logs at WARNING each structure it goes without; a message read here never
    # comes with its structure, so only errors are worth a line on stderr.
    logging.getLogger("sdmx").setLevel(logging.ERROR)
    try:
        message = sdmx.read_sdmx(io.BytesIO(data))
    except Exception as error:  # sdmx1 raises what its XML parser or model raises
        raise LoadError(
            file, N_("an SDMX-ML data message"), details=[f"{type(error).__name__}: {error}"[:200]]
        ) from None
    footer = getattr(message, "footer", None)
    if footer is not None and footer.code == 413:
        texts = [str(t) for t in footer.text]
        raise LoadError(
            file,
            N_(
                "figures in the reply; Eurostat answered that the query is too large and will "
                "be written to a file later (footer code 413): ask for fewer reporters, partners "
                "or periods"
            ),
            details=[t for t in texts if t.startswith("http")][:1],
        )
    if not isinstance(message, sdmx.message.DataMessage):
        raise LoadError(
            file,
            N_("an SDMX data message of {supported}"),
            found=Phrase(
                N_("a {kind} (structures or codelists, not figures)"), kind=type(message).__name__
            ),
            values={"supported": SUPPORTED},
        )
    rows, structure = [], None
    for dataset in message.data:
        if dataset.structured_by is not None:
            structure = structure or dataset.structured_by.id
        groups = [(key.values, key.attrib) for key in dataset.group]
        for obs in dataset.obs:
            row = _codes(obs.key.values)
            for values, attrib in groups:
                if all(row.get(k.upper()) == str(v.value) for k, v in values.items()):
                    row.update(_codes(attrib))
            if obs.series_key is not None:
                row.update(_codes(obs.series_key.attrib))
            row.update(_codes(obs.attached_attribute))
            row["OBS_VALUE"] = "" if obs.value is None else str(obs.value)
            rows.append(row)
    if structure is None and message.dataflow is not None and message.dataflow.id:
        structure = message.dataflow.id
    prepared = message.header.prepared
    return Message(structure, prepared if isinstance(prepared, datetime) else None, rows)


def _codes(values: Mapping) -> dict[str, str]:
    """Component id (upper case: Eurostat writes them in lower case) -> code as text."""
    return {str(k).upper(): str(getattr(v, "value", v)) for k, v in values.items()}


def _json_message(text: str, file: Path) -> Message:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(file, N_("valid JSON"), row=error.lineno, details=[error.msg]) from None
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict) or "dataSets" not in data:
        raise LoadError(file, N_("an SDMX-JSON data message (data.dataSets)"))
    if "structures" in data:
        return _json2_rows(payload)
    try:
        message = sdmx.read_sdmx(io.BytesIO(text.encode("utf-8")))
    except Exception as error:  # sdmx1 raises what its JSON model raises
        raise LoadError(
            file,
            N_("an SDMX-JSON data message"),
            details=[f"{type(error).__name__}: {error}"[:200]],
        ) from None
    return _xml_like(message)


def _xml_like(message: sdmx.message.Message) -> Message:
    """An SDMX-JSON 1.0 message read by sdmx1: the same model as SDMX-ML."""
    rows = []
    assert isinstance(message, sdmx.message.DataMessage)
    for dataset in message.data:
        for obs in dataset.obs:
            row = _codes(obs.key.values) | _codes(obs.attached_attribute)
            if obs.series_key is not None:
                row.update(_codes(obs.series_key.attrib))
            rows.append(row | {"OBS_VALUE": "" if obs.value is None else str(obs.value)})
    structure = message.dataflow.id if message.dataflow is not None else None
    prepared = message.header.prepared
    return Message(structure, prepared if isinstance(prepared, datetime) else None, rows)


def _json2_rows(payload: dict) -> Message:
    """An SDMX-JSON 2.0 message: series and observations keyed by positions in the lists
    of dimension and attribute values, spread into one row per observation."""
    data = payload["data"]
    structure = data["structures"][0]
    dims, attrs = structure.get("dimensions", {}), structure.get("attributes", {})

    def codes(components: list[dict], positions: list) -> dict[str, str]:
        out = {}
        for component, position in zip(components, positions, strict=False):
            if position is None or position == "":
                continue
            value = component.get("values", [])[int(position)]
            out[component["id"].upper()] = str(value.get("id", value.get("value", "")))
        return out

    rows = []
    for dataset in data["dataSets"]:
        for series_key, series in dataset.get("series", {}).items():
            base = codes(dims.get("series", []), series_key.split(":"))
            base |= codes(attrs.get("series", []), series.get("attributes") or [])
            for obs_key, values in series.get("observations", {}).items():
                row = base | codes(dims.get("observation", []), obs_key.split(":"))
                row |= codes(attrs.get("observation", []), values[1:])
                row["OBS_VALUE"] = "" if values[0] is None else str(values[0])
                rows.append(row)
    links = [link.get("urn", "") for link in structure.get("links", [])]
    ids = [re.sub(r"\(.*$", "", urn.rsplit(":", 1)[-1]) for urn in links if "Dataflow=" in urn]
    prepared = payload.get("meta", {}).get("prepared")
    return Message(ids[0] if ids else None, _datetime(prepared), rows)


def _csv_message(text: str, file: Path) -> Message:
    reader = csv.reader(io.StringIO(text))
    header = [cell.split(":")[0].strip().upper() for cell in next(reader, [])]
    key = next((c for c in ("STRUCTURE_ID", "DATAFLOW") if c in header), None)
    if key is None or "OBS_VALUE" not in header:
        raise LoadError(
            file,
            N_("an SDMX-CSV header (DATAFLOW or STRUCTURE_ID, the dimensions, OBS_VALUE)"),
            found=",".join(header)[:80],
            row=1,
        )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise LoadError(
                file,
                N_("{fields} fields as in the header"),
                found=Phrase(N_("{fields} fields"), fields=len(cells)),
                row=line,
                values={"fields": len(header)},
            )
        rows.append(
            dict(zip(header, (c.strip() for c in cells), strict=True)) | {"_LINE": str(line)}
        )
    match = _STRUCTURE_ID.search(rows[0][key]) if rows else None
    return Message(match["id"] if match else None, None, rows)


def _datetime(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _dataflow(message: Message, file: Path) -> Dataflow:
    """The dataflow the message is about, or one LoadError naming what it is instead."""
    found = (message.structure or "").upper()
    for flow in DATAFLOWS:
        if found in flow.ids:
            return flow
    raise LoadError(
        file,
        N_("SDMX trade figures of {supported}"),
        found=Phrase(
            N_("dataflow {name}, which this loader does not map"),
            name=message.structure or Phrase(N_("not named")),
        ),
        values={"supported": SUPPORTED},
    )


def _records(flow: Dataflow, rows: list[dict[str, str]], file: Path) -> tuple[list, Counter]:
    """One record per export or import observation with a value, and what was left out
    (code -> rows) because it is not a country or aggregate we map, or not a year or month."""
    records, left_out = [], Counter[str]()
    for index, row in enumerate(rows, start=1):
        # The row's locator: data kept with the figure, said as the loader wrote it.
        where = f"{file.name}, " + (f"row {row['_LINE']}" if "_LINE" in row else f"obs {index}")
        component, flows = flow.flow
        flow_code = row.get(component, "")
        currency = flow.currency[1].get(row.get(flow.currency[0], ""))
        if flow_code not in flows or currency is None:
            which = component if flow_code not in flows else flow.currency[0]
            left_out[f"{which}={row.get(which, '')}"] += 1
            continue
        codes = row.get(flow.reporter, ""), row.get(flow.partner, "")
        reporter, partner = (flow.place(code) for code in codes)
        if reporter is None or partner is None:
            left_out[(codes[0] if reporter is None else codes[1]) or "(none)"] += 1
            continue
        raw = row.get("OBS_VALUE", "").strip()
        if raw in ("", "NaN", ":"):
            continue  # a missing or confidential figure
        time = row.get("TIME_PERIOD", "")
        period = _period(time)
        if period is None:
            if _QUARTER.match(time):
                left_out["quarters"] += 1
                continue
            raise LoadError(
                file,
                N_("a TIME_PERIOD like 2022, 2022-05 or 2022-M05"),
                found=time,
                details=[where],
            )
        try:
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
        except ValueError:
            raise LoadError(file, N_("a number as OBS_VALUE"), found=raw, details=[where]) from None
        multiplier = row.get("UNIT_MULT", "0") or "0"
        product = (row.get(flow.product, "TOTAL") if flow.product else "TOTAL") or "TOTAL"
        records.append(
            tidy.Record(
                reporter=reporter,
                partner=partner,
                flow=flows[flow_code],
                product=product,
                # Comext codes each year's figures in that year's CN, built on the HS
                # edition then in force.
                classification=hs.coded_in(product, period.start.year),
                period=period,
                value=value,
                currency=currency,
                # UNIT_MULT is SDMX's power of ten (6: millions); the IMF's SCALE is not.
                scale=10.0 ** int(multiplier),
                precision=excel.precision(raw, 10 ** int(multiplier)),
                locator=where,
                # A group code becomes ours (G998 -> EU): the row keeps the publisher's.
                note=None if codes[1] == partner else f"{flow.partner} {codes[1]} in the message",
            )
        )
    if not records:
        details = [_left_out_text(left_out)] if left_out else []
        raise LoadError(
            file,
            N_("at least one export or import figure of {title}"),
            details=details,
            values={"title": flow.title},
        )
    return records, left_out


def _period(text: str) -> Period | None:
    match = _PERIOD.match(text.strip())
    if match is None:
        return None
    year = int(match["year"])
    return Period.month(year, int(match["month"])) if match["month"] else Period.year(year)


def _left_out_text(left_out: Counter[str]) -> str:
    total = sum(left_out.values())
    parts = ", ".join(f"{code} ({count})" for code, count in sorted(left_out.items()))
    return Phrase(
        N_("{total} rows left out, as codes we do not map or quarters: {codes}"),
        total=total,
        codes=parts,
    )


def _source(
    flow: Dataflow,
    file: Path,
    data: bytes,
    message: Message,
    left_out: Counter[str],
    retrieval: Retrieval | None,
) -> tidy.Source:
    """The message as a source: a fetch is an edition of the dataset dated by its retrieval,
    a file is dated by the message's Prepared time."""
    note = flow.note
    if retrieval is not None:
        stamp = retrieval.at.astimezone(UTC)
        day: date | None = stamp.date()
        source_id = f"{flow.dataset}-{stamp:%Y%m%dT%H%M%SZ}"
        note += f" Retrieved from the {flow.publisher}'s API on {stamp:%Y-%m-%d %H:%M:%S} UTC."
    else:
        day = message.prepared.astimezone(UTC).date() if message.prepared else None
        source_id = f"{flow.dataset}-{hashlib.sha1(data).hexdigest()[:10]}"
    if left_out:
        note += f" {_left_out_text(left_out)}."
    return tidy.Source(
        source_id=source_id,
        publisher=flow.publisher,
        title=f"{flow.publisher}: {flow.title}",
        url=retrieval.url if retrieval else None,
        accessed=day,
        kind="database",
        language="en",
        dataset=flow.dataset,
        edition=day.isoformat() if day else None,
        locator=file.name,
        note=note,
    )


def fit(path: Path, text: str) -> Fit:
    """How well ``text`` (the decoded start of ``path``) fits an SDMX trade message.

    Only a file that is SDMX at all (an SDMX-ML namespace, SDMX-JSON's dataSets, an
    SDMX-CSV header) can match the other checks: a plain CSV or JSON of another format
    finds nothing here.
    """
    head = text.lstrip("\ufeff \n\t")
    first = head.split("\n", 1)[0].upper()
    is_xml = head.startswith("<") and "sdmx.org/resources/sdmxml/schemas" in head
    is_json = head.startswith("{") and '"dataSets"' in head
    is_csv = first.startswith(("DATAFLOW", "STRUCTURE,STRUCTURE_ID"))
    sdmx_root = is_xml or is_json or is_csv
    upper = head.upper()
    ids = [i for flow in DATAFLOWS for i in flow.ids]
    return make_fit(
        FORMAT,
        root=(
            N_("an SDMX message root element or namespace (SDMX-ML, SDMX-JSON or SDMX-CSV)"),
            sdmx_root,
        ),
        dataflow=(
            f"a dataflow or DSD id the loader maps ({', '.join(ids)})",
            sdmx_root and any(i in upper for i in ids),
        ),
        series=(
            N_(
                "series with reporter and counterpart dimensions (COUNTRY and COUNTERPART_COUNTRY, "
                "or reporter and partner)"
            ),
            sdmx_root
            and (
                ("COUNTRY" in upper and "COUNTERPART_COUNTRY" in upper)
                or ("REPORTER" in upper and "PARTNER" in upper)
            ),
        ),
        observations=(
            N_("observations with TIME_PERIOD and OBS_VALUE"),
            sdmx_root and "TIME_PERIOD" in upper and "OBS_VALUE" in upper,
        ),
    )
