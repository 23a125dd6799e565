"""Eurostat Comext (EU trade by partner) from Eurostat's Comext SDMX 2.1 API.

sdmx1 (source ESTAT_COMEXT) builds the query URL and reads the answer; the request goes
through :class:`loaders.fetch.http.Polite`. Comext reporters are EU members (and EU
aggregates): a query for another reporter is answered with no figures.
"""

from __future__ import annotations

import pycountry
import sdmx

from loaders import Frames
from loaders import sdmx as sdmx_loader
from loaders.countries import is_country
from loaders.fetch.http import FetchError, Polite, Publisher
from loaders.fetch.query import Query, sdmx_answer

PUBLISHER = Publisher(
    "eurostat",
    "Eurostat's Comext API",
    "https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1",
)
SOURCE = "ESTAT_COMEXT"
DATASETS = {"M": "DS-045409", "A": "DS-059341"}
# Comext writes Greece and the United Kingdom as EL and UK, not ISO's GR and GB.
_EUROSTAT_ISO2 = {"GR": "EL", "GB": "UK"}
_OURS_TO_GEO = {ours: geo for geo, ours in sdmx_loader.ESTAT_CODES.items()}


def geo(code: str) -> str:
    """The Comext geo code for one of ours: ISO alpha-2 (EL, UK), EU27_2020, EA20 ..."""
    if code in _OURS_TO_GEO:
        return _OURS_TO_GEO[code]
    if sdmx_loader.estat_place(code) == code:  # a euro area of fixed composition
        return code
    country = pycountry.countries.get(alpha_3=code) if is_country(code) else None
    if country is None:
        raise FetchError(f"eurostat: expected a country, EU27 or EA20 for Comext, found {code!r}")
    return _EUROSTAT_ISO2.get(country.alpha_2, country.alpha_2)


def key(query: Query) -> str:
    """The Comext series key: freq.reporter.partner.product.flow.indicators (total goods,
    imports 1 and exports 2, value in euros)."""
    return f"{query.freq}.{geo(query.reporter)}.{geo(query.partner)}.TOTAL.1+2.VALUE_IN_EUROS"


def request(query: Query) -> tuple[str, dict[str, str], dict[str, str]]:
    """URL, query parameters and headers of the Comext query."""
    span = {"startPeriod": query.label(query.start), "endPeriod": query.label(query.end)}
    built = sdmx.Client(SOURCE).data(DATASETS[query.freq], key=key(query), dry_run=True)
    return str(built.url), span, {}


def fetch(query: Query, http: Polite) -> Frames:
    """Comext exports and imports of the query as tidy frames (one source: this retrieval)."""
    name = f"eurostat-comext-{query.reporter}-{query.partner}.xml"
    return sdmx_answer(http, request(query), name)
