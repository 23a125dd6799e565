"""IMF International Trade in Goods (IMTS) from the IMF's SDMX 3.0 API (api.imf.org).

sdmx1 (source IMF_DATA3) builds the query URL and reads the answer; the request itself
goes through :class:`loaders.fetch.http.Polite` (rate limit, retries, cache), because
sdmx1's Client sends one plain request and has no retry or progress of its own.
"""

from __future__ import annotations

import sdmx

from loaders import Frames
from loaders import sdmx as sdmx_loader
from loaders.countries import is_country
from loaders.fetch.http import FetchError, Polite, Publisher
from loaders.fetch.query import Query, sdmx_answer

PUBLISHER = Publisher(
    "imf", "the International Monetary Fund's API", "https://api.imf.org/external/sdmx/3.0"
)
SOURCE = "IMF_DATA3"  # sdmx1's id for api.imf.org/external/sdmx/3.0
INDICATORS = ("XG_FOB_USD", "MG_CIF_USD")  # exports FOB, imports CIF, in US dollars
_OURS_TO_IMF = {ours: imf for imf, ours in sdmx_loader.IMF_CODES.items()}


def imf_code(code: str) -> str:
    """The IMF CL_COUNTRY code for one of ours: ISO3 for a country, G001 for WLD ..."""
    if code in _OURS_TO_IMF:
        return _OURS_TO_IMF[code]
    if is_country(code):
        return code
    raise FetchError(f"imf: expected a country or WLD, EU, EA for the IMF, found {code!r}")


def key(query: Query) -> str:
    """The IMTS series key: COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY."""
    reporter, partner = imf_code(query.reporter), imf_code(query.partner)
    return f"{reporter}.{'+'.join(INDICATORS)}.{partner}.{query.freq}"


def request(query: Query) -> tuple[str, dict[str, str], dict[str, str]]:
    """URL, query parameters and headers of the IMTS query (SDMX 3.0 filters periods
    with c[TIME_PERIOD]=ge:...+le:..., where SDMX 2.1 had startPeriod and endPeriod)."""
    built = sdmx.Client(SOURCE).data(
        "IMTS", agency_id="IMF.STA", context="dataflow", key=key(query), dry_run=True
    )
    span = f"ge:{query.label(query.start)}+le:{query.label(query.end)}"
    return str(built.url), {"c[TIME_PERIOD]": span}, {"Accept": built.headers["Accept"]}


def fetch(query: Query, http: Polite) -> Frames:
    """IMTS exports and imports of the query as tidy frames (one source: this retrieval)."""
    name = f"imf-imts-{query.reporter}-{query.partner}.xml"
    return sdmx_answer(http, request(query), name)
