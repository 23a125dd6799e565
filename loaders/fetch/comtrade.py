"""UN Comtrade+ final data (HS, total goods) from the Comtrade API.

Without a key the public preview endpoint answers (at most 500 records a query); with
$COMTRADE_API_KEY, the full data endpoint. The URLs and parameters are those of
``comtradeapicall`` (previewFinalData / getFinalData), but the request is sent here:
comtradeapicall 1.3.2 calls urllib3 itself, prints errors and returns None instead of
raising, and takes no session, so it can be neither retried, cached nor tested offline.
The key travels in the Ocp-Apim-Subscription-Key header, so it is never in a URL that a
sources row or the cache keeps. The answer's records are read by the Comtrade file loader.
"""

from __future__ import annotations

import os
from pathlib import Path

import pycountry
import requests

from loaders import Frames, tidy
from loaders import comtrade as comtrade_loader
from loaders.countries import is_country
from loaders.errors import N_, LoadError, Phrase
from loaders.fetch.http import FetchError, Polite, Publisher
from loaders.fetch.query import Query, retrieved

PUBLISHER = Publisher("comtrade", "UN Comtrade's API", "https://comtradeapi.un.org")
KEY_ENV = "COMTRADE_API_KEY"
PREVIEW = "https://comtradeapi.un.org/public/v1/preview/C/{freq}/HS"
FULL = "https://comtradeapi.un.org/data/v1/get/C/{freq}/HS"
# Comtrade's own codes where they are not the ISO 3166 numeric code (the country with
# territories Comtrade counts in it). 490 "Other Asia, nes" is not mapped to any country.
M49_QUIRKS = {"USA": 842, "FRA": 251, "NOR": 579, "CHE": 757, "IND": 699}
WORLD = 0
# Comtrade+ answers a dozen periods a query at most.
PERIODS_PER_QUERY = 12


def m49(code: str) -> int:
    """Comtrade's reporter/partner code for one of ours: WLD 0, KAZ 398, USA 842 ..."""
    if code == "WLD":
        return WORLD
    if code in M49_QUIRKS:
        return M49_QUIRKS[code]
    country = pycountry.countries.get(alpha_3=code) if is_country(code) else None
    if country is None:
        raise FetchError(f"comtrade: expected a country or WLD for Comtrade, found {code!r}")
    return int(country.numeric)


def from_m49(number: int) -> str | None:
    """Our code for a Comtrade code, or None: 0 WLD, 398 KAZ, 842 USA; 840 is None (Comtrade
    counts the USA as 842), and so is 490 "Other Asia, nes"."""
    if number == WORLD:
        return "WLD"
    quirks = {code: iso3 for iso3, code in M49_QUIRKS.items()}
    if number in quirks:
        return quirks[number]
    country = pycountry.countries.get(numeric=f"{number:03d}")
    if country is None or country.alpha_3 in M49_QUIRKS:
        return None
    return country.alpha_3


def requests_for(query: Query, key: str | None) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """URL, parameters and headers of each request: the preview endpoint without a key,
    the full API with one; a dozen periods (202201 or 2022) per request."""
    periods = [p.start.strftime("%Y%m" if query.freq == "M" else "%Y") for p in query.periods]
    url = (FULL if key else PREVIEW).format(freq=query.freq)
    headers = {"Ocp-Apim-Subscription-Key": key} if key else {}
    base = {
        "reporterCode": str(m49(query.reporter)),
        "partnerCode": str(m49(query.partner)),
        "cmdCode": "TOTAL",
        "flowCode": "M,X",
        # Totals only: no breakdown by second partner, customs procedure or transport.
        "partner2Code": "0",
        "customsCode": "C00",
        "motCode": "0",
        "includeDesc": "true",
    }
    return [
        (url, base | {"period": ",".join(periods[i : i + PERIODS_PER_QUERY])}, headers)
        for i in range(0, len(periods), PERIODS_PER_QUERY)
    ]


def fetch(query: Query, http: Polite, key: str | None = None) -> Frames:
    """Comtrade+ exports and imports of the query as tidy frames (one source: this
    retrieval). ``key`` defaults to $COMTRADE_API_KEY."""
    key = key if key is not None else os.environ.get(KEY_ENV) or None
    name = Path(f"comtrade-{query.reporter}-{query.partner}.json")
    data, responses = [], []
    for url, params, headers in requests_for(query, key):
        response = http.get(url, params, headers)
        data.extend(_data(response))
        responses.append(response)
    if not data:
        raise FetchError(
            Phrase(
                N_("comtrade: {api} has no figures for {url}"),
                api=PUBLISHER.api,
                url=responses[0].url,
            )
        )
    try:
        found, left_out = comtrade_loader.records(name, comtrade_loader.api_rows(data))
    except LoadError as error:
        raise FetchError(Phrase("comtrade: {error}", error=error)) from None
    return tidy.frames(name, _source(name, responses, bool(key), left_out), found)


def _data(response: requests.Response) -> list[dict]:
    """The records of one answer; FetchError when it is not a Comtrade+ answer."""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("data", []), list):
        raise FetchError(
            Phrase(N_("comtrade: expected a Comtrade+ JSON answer from {url}"), url=response.url)
        )
    if payload.get("error"):
        raise FetchError(
            Phrase(
                N_("comtrade: {api} answered {error}"),
                api=PUBLISHER.api,
                error=repr(payload["error"]),
            )
        )
    return payload.get("data") or []


def _source(
    name: Path, responses: list[requests.Response], full: bool, left_out: int
) -> tidy.Source:
    """This retrieval as an edition of UN Comtrade: the query URL and when it was answered."""
    at = retrieved(responses[0])
    endpoint = "data API (with a subscription key)" if full else "public preview API"
    note = (
        f"Comtrade+ {endpoint}, retrieved on {at:%Y-%m-%d %H:%M:%S} UTC. Imports are valued "
        "CIF and exports FOB, as each reporter declares them."
    )
    if len(responses) > 1:
        note += " Further requests: " + " ".join(r.url for r in responses[1:]) + "."
    if left_out:
        note += f" {left_out} breakdown or re-export/re-import rows left out."
    return tidy.Source(
        source_id=f"{comtrade_loader.DATASET}-{at:%Y%m%dT%H%M%SZ}",
        publisher=comtrade_loader.PUBLISHER,
        title="UN Comtrade+: final data, HS, total goods",
        url=responses[0].url,
        accessed=at.date(),
        licence=comtrade_loader.LICENCE,
        kind="database",
        language="en",
        dataset=comtrade_loader.DATASET,
        edition=at.date().isoformat(),
        locator=name.name,
        note=note,
    )
