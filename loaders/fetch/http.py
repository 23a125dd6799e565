"""HTTP for the fetchers: a polite GET (rate limit, retries with backoff that honour
Retry-After, one progress line per request on stderr), a disk cache, and the one error a
fetch raises."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
import requests_cache

from loaders.errors import N_, Phrase

CACHE_ENV = "FIGURES_CACHE"
# Official figures change once a month at most; a day-old answer is as good as new while
# someone repeats a query, and the cache spares the publisher the same query twice.
CACHE_FOR = timedelta(hours=12)
# A publisher asking for a longer pause than this is not going to answer a person waiting.
MAX_WAIT = 120.0


@dataclass(frozen=True)
class Publisher:
    """An API as the user knows it: ``key`` on the command line, ``api`` in messages."""

    key: str
    api: str
    base_url: str


class FetchError(Exception):
    """A fetch that could not be done (unreachable, refused, no figures): one line for the
    user, exit status 2, nothing written. Raised with a Phrase where the words are ours, so
    that the web layer says them in the reader's language (``str`` is English)."""

    status = 2


def unreachable(publisher: Publisher, error: BaseException) -> FetchError:
    """The error for a publisher that cannot be reached (no network, DNS, refused socket)."""
    return FetchError(
        Phrase(
            N_("{key}: {api} ({url}) could not be reached: {reason}"),
            key=publisher.key,
            api=publisher.api,
            url=publisher.base_url,
            reason=_reason(error),
        )
    )


def _reason(error: BaseException) -> str:
    """The cause of a connection error in a few words, without urllib3's object reprs."""
    cause = getattr(error.args[0], "reason", None) if error.args else None
    text = " ".join(str(cause or error).split())
    # urllib3 names the connection first: "HTTPSConnection(host='api.imf.org', port=443): "
    # or "<urllib3.connection.HTTPSConnection object at 0x...>: ".
    text = re.sub(r"<[^>]*>:?\s*|\b\w+Connection\(host=[^)]*\):\s*", "", text)
    return text[:200] or type(error).__name__


def cache_dir() -> Path:
    """Where responses are kept: $FIGURES_CACHE, else ~/.cache/figures."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "figures")


def session(cache: bool = True) -> requests.Session:
    """A session for the fetchers: caching successful answers on disk (SQLite) unless
    ``cache`` is False."""
    if not cache:
        return requests.Session()
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(
        str(folder / "http"),
        backend="sqlite",
        expire_after=CACHE_FOR,
        allowable_codes=(200,),
        # The Comtrade key travels in a header, never in the URL; keep it out of the cache.
        ignored_parameters=["Ocp-Apim-Subscription-Key"],
    )


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class Polite:
    """GET requests to one publisher, at most one per ``interval`` seconds, retried up to
    ``attempts`` times on 429, 5xx and timeouts with exponential backoff (or the wait the
    publisher asks for in Retry-After). ``sleep`` and ``clock`` are replaceable in tests."""

    session: requests.Session
    publisher: Publisher
    interval: float = 1.0
    attempts: int = 4
    timeout: float = 60.0
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    progress: Callable[[str], None] = _stderr
    _last: float | None = field(default=None, init=False)

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """The publisher's answer to one query; FetchError when it cannot be had."""
        key = self.publisher.key
        for attempt in range(1, self.attempts + 1):
            self._pause()
            try:
                response = self.session.get(
                    url, params=params, headers=dict(headers or {}), timeout=self.timeout
                )
            except requests.Timeout:
                self._last = self.clock()
                self.progress(f"{key}: GET {url} timed out after {self.timeout:g} s")
                why, delay = Phrase(N_("did not answer in time")), self._delay(attempt, None)
            except requests.ConnectionError as error:
                raise unreachable(self.publisher, error) from None
            else:
                cached = bool(getattr(response, "from_cache", False))
                if not cached:
                    self._last = self.clock()
                note = " (from the cache)" if cached else ""
                self.progress(f"{key}: {response.status_code} GET {response.url}{note}")
                status = response.status_code
                if status != 429 and status < 500:
                    return self._checked(response)
                why = Phrase(
                    N_("answered {status} {reason}"), status=status, reason=response.reason
                )
                delay = self._delay(attempt, response.headers.get("Retry-After"))
            if attempt == self.attempts:
                raise FetchError(
                    Phrase(
                        N_("{key}: {api} {why} {n} times for {url}; try again later"),
                        key=key,
                        api=self.publisher.api,
                        why=why,
                        n=attempt,
                        url=url,
                    )
                )
            if delay > MAX_WAIT:
                raise FetchError(
                    Phrase(
                        N_("{key}: {api} {why} and asks to wait {seconds} s; try again later"),
                        key=key,
                        api=self.publisher.api,
                        why=why,
                        seconds=f"{delay:g}",
                    )
                )
            self.progress(f"{key}: {why}; trying again in {delay:g} s")
            self.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _pause(self) -> None:
        """Keep to one request per ``interval`` (cached answers do not count)."""
        if self._last is not None:
            wait = self.interval - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before the next attempt: Retry-After (seconds or an HTTP date)
        when the publisher gives it, else backoff ** (attempt - 1): 1, 2, 4 ..."""
        if retry_after:
            text = retry_after.strip()
            if text.isdigit():
                return float(text)
            try:
                when = parsedate_to_datetime(text)
            except (TypeError, ValueError):
                pass
            else:
                return max(0.0, (when - datetime.now(UTC)).total_seconds())
        return self.backoff ** (attempt - 1)

    def _checked(self, response: requests.Response) -> requests.Response:
        """The response if the publisher answered with figures; FetchError for 4xx."""
        if response.status_code < 400:
            return response
        body = " ".join(response.text.split())[:160]
        template = (
            N_("{key}: {api} has no figures for the query {url} ({answer})")
            if response.status_code == 404
            else N_("{key}: {api} refused the query {url} ({answer})")
        )
        answer = f"{response.status_code} {response.reason}{': ' + body if body else ''}"
        raise FetchError(
            Phrase(
                template,
                key=self.publisher.key,
                api=self.publisher.api,
                url=response.url,
                answer=answer,
            )
        )
