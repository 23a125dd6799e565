"""Official APIs (IMF IMTS, UN Comtrade+, Eurostat Comext) -> the same tidy tables as a file.

Each fetch is an edition of its dataset: one sources row with the query URL and the time
the publisher answered. Anything that stops a fetch (no network, a refusal, no figures, an
answer that cannot be read) is one :class:`FetchError`.
"""

from __future__ import annotations

from collections.abc import Callable

import requests

from loaders import Frames
from loaders.errors import LoadError, Phrase
from loaders.fetch import comtrade, eurostat, imf
from loaders.fetch.http import FetchError, Polite, Publisher, session
from loaders.fetch.query import Query

__all__ = ["PUBLISHERS", "FetchError", "Query", "fetch"]

PUBLISHERS: dict[str, Publisher] = {
    "imf": imf.PUBLISHER,
    "comtrade": comtrade.PUBLISHER,
    "eurostat": eurostat.PUBLISHER,
}
_FETCHERS: dict[str, Callable[[Query, Polite], Frames]] = {
    "imf": imf.fetch,
    "comtrade": comtrade.fetch,
    "eurostat": eurostat.fetch,
}


def fetch(
    publisher: str,
    reporter: str,
    partner: str,
    start: str,
    end: str,
    freq: str | None = None,
    session: requests.Session | None = None,
    *,
    interval: float = 1.0,
    attempts: int = 4,
    timeout: float = 60.0,
    progress: Callable[[str], None] | None = None,
) -> Frames:
    """Trade of ``reporter`` with ``partner`` (our codes, e.g. KAZ and RUS) from
    ``start`` to ``end`` ("2022-01", or "2022" for years) as ``publisher`` ("imf",
    "comtrade", "eurostat") publishes it, as validated tidy frames.

    ``session`` (default: one caching answers on disk) sends the requests, at most one
    per ``interval`` seconds, each waited on ``timeout`` seconds and tried ``attempts``
    times; ``progress`` gets one line per request (default: stderr).
    """
    if publisher not in _FETCHERS:
        raise FetchError(f"expected a publisher among {', '.join(PUBLISHERS)}, found {publisher!r}")
    query = Query.of(reporter, partner, start, end, freq)
    polite = Polite(
        session or _default_session(),
        PUBLISHERS[publisher],
        interval=interval,
        attempts=attempts,
        timeout=timeout,
    )
    if progress is not None:
        polite.progress = progress
    try:
        return _FETCHERS[publisher](query, polite)
    except LoadError as error:  # the answer came, but holds no figures we can read
        raise FetchError(Phrase("{publisher}: {error}", publisher=publisher, error=error)) from None


def _default_session() -> requests.Session:
    return session()
