"""Article text -> trade and investment figure claims (rules per language as data)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.extract.extractor import extract_claims
from dashboard.extract.model import Change, Claim
from dashboard.extract.rules import LANGS

__all__ = ["LANGS", "Change", "Claim", "detect_language", "extract"]

_SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "en": re.compile(r"[A-Za-z]"),
}


def detect_language(text: str) -> str:
    """ "ar", "ru" or "en": the script most of the letters are written in (English when none)."""
    counts = {lang: len(pattern.findall(text)) for lang, pattern in _SCRIPTS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] else "en"


def extract(text: str, published: date | None = None, lang: str = "auto") -> list[Claim]:
    """The trade and investment figures ``text`` states, in order of appearance.

    ``published`` resolves "this year", "last year" and month spans written without a year;
    ``lang`` is "ar", "ru", "en" or "auto" (by script).
    """
    if lang == "auto":
        lang = detect_language(text)
    return extract_claims(text, lang, published)
