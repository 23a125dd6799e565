"""What a fetch asks every publisher for (one reporter, one partner, a span of months or
years), and when the publisher answered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from loaders import Frames
from loaders import sdmx as sdmx_loader
from loaders.countries import is_known_code
from loaders.fetch.http import FetchError, Polite
from loaders.periods import Period

_SPEC = re.compile(r"^(?P<year>(?:19|20)\d\d)(?:-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Query:
    """Trade of ``reporter`` with ``partner`` (our codes: ISO3 or an aggregate such as WLD),
    every month (``freq`` "M") or year ("A") from ``start`` to ``end`` inclusive."""

    reporter: str
    partner: str
    start: Period
    end: Period
    freq: str

    @classmethod
    def of(
        cls, reporter: str, partner: str, start: str, end: str, freq: str | None = None
    ) -> Query:
        """A query from the words of a command line: periods "2022-01" or "2022"; the
        frequency follows from them unless given. FetchError says what is wrong."""
        reporter, partner = reporter.strip().upper(), partner.strip().upper()
        for side, code in (("reporter", reporter), ("partner", partner)):
            if not is_known_code(code):
                raise FetchError(
                    f"expected a {side} as an ISO3 code or aggregate (WLD), found {code!r}"
                )
        first, last = _period(start, "from"), _period(end, "to")
        freq = (freq or first.freq).upper()
        if freq not in ("M", "A") or first.freq != freq or last.freq != freq:
            raise FetchError(
                f"expected --from and --to as YYYY-MM for monthly (M) or YYYY for annual (A) "
                f"figures, found {start!r} to {end!r} with frequency {freq!r}"
            )
        if last.start < first.start:
            raise FetchError(f"expected --from before --to, found {start!r} after {end!r}")
        return cls(reporter, partner, first, last, freq)

    @property
    def periods(self) -> list[Period]:
        """Every month or year of the span, in order."""
        out, period = [], self.start
        while period.start <= self.end.start:
            out.append(period)
            year, month = period.start.year, period.start.month
            if self.freq == "A":
                period = Period.year(year + 1)
            else:
                period = Period.month(year + month // 12, month % 12 + 1)
        return out

    def label(self, period: Period) -> str:
        """A period as SDMX writes it: 2022 or 2022-01."""
        return f"{period.start:%Y}" if self.freq == "A" else f"{period.start:%Y-%m}"


def _period(text: str, flag: str) -> Period:
    match = _SPEC.match(text.strip())
    if match is None:
        raise FetchError(f"expected --{flag} as YYYY-MM or YYYY, found {text!r}")
    year = int(match["year"])
    return Period.month(year, int(match["month"])) if match["month"] else Period.year(year)


def retrieved(response: requests.Response) -> datetime:
    """When the publisher answered: its Date header (kept by the cache), else now."""
    try:
        return parsedate_to_datetime(response.headers["Date"]).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return datetime.now(UTC)


def sdmx_answer(
    http: Polite, request: tuple[str, dict[str, str], dict[str, str]], name: str
) -> Frames:
    """Send an SDMX query (URL, parameters, headers) and read the answer as tidy frames,
    its source dated by the answer; ``name`` names it in errors and locators."""
    url, params, headers = request
    response = http.get(url, params, headers)
    retrieval = sdmx_loader.Retrieval(response.url, retrieved(response))
    return sdmx_loader.read(response.content, Path(name), retrieval)
