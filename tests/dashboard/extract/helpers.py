"""Helpers for the extractor tests: the one claim a sentence yields."""

from __future__ import annotations

from datetime import date

from dashboard.extract import Claim, extract

PUBLISHED = date(2023, 10, 1)


def only(text: str, published: date | None = PUBLISHED) -> Claim:
    """The single claim of ``text`` (fails listing them when there are none or several)."""
    claims = extract(text, published=published)
    assert len(claims) == 1, claims
    return claims[0]
