"""The per-language rule tables (``rules/<lang>.yaml``), loaded once and compiled to patterns.

The tables hold the words; this module only knows how to turn a list of words into a
pattern that finds them as whole words (in Arabic: after the attached particles, in any of
the usual spellings of alef, ya and ta marbuta) and how to look a found word up again.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from loaders.countries import normalise

LANGS = ("ar", "ru", "en")
RULES_DIR = Path(__file__).with_name("rules")
SCALES: dict[str, float] = {
    "unit": 1.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# A figure in digits: grouped thousands (1,234,567.89 / 1 234 567,89 / 1.234.567,89 /
# ١٬٢٣٤٬٥٦٧٫٨٩) or plain (24,2 / 9.2 / ٩٫٢). \d matches Arabic-Indic and Persian digits.
DIGITS = (
    r"(?<![\d.,٫٬])(?:\d{1,3}(?:(?:[,.٬'’]|[ \u00a0\u202f])\d{3})+(?:[.,٫]\d+)?"
    r"|\d+(?:[.,٫]\d+)?)(?![\d٫٬]|[.,]\d)"
)
# The particles written joined to the next Arabic word: and, so, with/by, for, like, for-the.
_AR_PARTICLES = "(?:[وف]?(?:[بلك]|لل)?)"
_AR_VARIANTS = {"ا": "اأإآ", "ي": "يى", "ى": "يى", "ة": "ةه"}
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _ar_spelling(pattern: str) -> str:
    """The pattern with ا ي ى ة also matching their spelling variants."""
    out: list[str] = []
    in_class = False
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(char + next(chars, ""))
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        variants = _AR_VARIANTS.get(char)
        if variants is None:
            out.append(char)
        else:
            out.append(variants if in_class else f"[{variants}]")
    return "".join(out)


@cache
def morph() -> Any:
    """The one pymorphy3 analyser (its dictionaries take a tenth of a second to load)."""
    with warnings.catch_warnings():
        # pymorphy3 and its dictionary package may warn about their own packaging on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def lemma(word: str) -> str:
    """The dictionary form of a Russian word, lower case, ё as е."""
    return str(morph().parse(word)[0].normal_form).replace("ё", "е")


def _ru_forms(phrase: str) -> str:
    """A pattern for every inflected form of a Russian phrase, word by word."""
    parts = []
    for word in phrase.split():
        forms = {word.lower()}
        for parse in morph().parse(word)[:3]:
            forms.update(str(item.word).replace("ё", "е") for item in parse.lexeme)
        forms.update(f.replace("е", "[её]") for f in list(forms) if "е" in f)
        parts.append("(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")")
    return r"\s+".join(parts)


@dataclass(frozen=True, eq=False)
class Rules:
    """One language's tables, with the patterns built from them."""

    lang: str
    table: Mapping[str, Any]
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    normals: dict[Any, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.table[key]

    # ------------------------------------------------------------ building patterns

    def words(self, patterns: Iterable[str], particles: bool = True) -> str:
        """One pattern for whole-word matches of any of ``patterns`` (longest first)."""
        items = sorted(patterns, key=len, reverse=True)
        if self.lang == "ar":
            items = [_ar_spelling(item) for item in items]
        body = "|".join(f"(?:{item})" for item in items) or "(?!)"
        prefix = _AR_PARTICLES if self.lang == "ar" and particles else ""
        return f"{_NOT_LETTER_BEFORE}{prefix}(?:{body}){_NOT_LETTER_AFTER}"

    def vocabulary(self, table: Mapping[str, Any]) -> str:
        """A pattern for the keys of a word table (numbers, ordinals, fractions)."""
        if self.lang == "ru":
            forms = [_ru_forms(key) for key in table]
            return self.words(forms)
        keys = [re.escape(key).replace(r"\ ", r"\s+") for key in table]
        if self.lang == "ar":
            keys = [f"(?:ال)?{key}" for key in keys]
        return self.words(keys)

    def compile(self, name: str, pattern: str) -> re.Pattern[str]:
        """Compile once under ``name`` (case-insensitive)."""
        if name not in self.patterns:
            self.patterns[name] = re.compile(pattern, re.IGNORECASE)
        return self.patterns[name]

    # ------------------------------------------------------------ looking words up

    def keys_of(self, text: str) -> list[str]:
        """The forms under which a found word or phrase may be a key of a table."""
        if self.lang == "ru":
            return [" ".join(lemma(word) for word in re.findall(r"\w+(?:-\w+)?", text.lower()))]
        if self.lang == "ar":
            words = normalise(text).split()
            out = [" ".join(words)]
            if words:
                for stripped in _ar_strip(words[0]):
                    out.append(" ".join([stripped, *words[1:]]))
            return out
        return [re.sub(r"\s+", " ", text.casefold()).strip()]

    def lookup(self, table: Mapping[str, Any], text: str) -> Any:
        """The value of ``text`` in a word table, or None."""
        normal = self.normal_table(id(table), table)
        for key in self.keys_of(text):
            if key in normal:
                return normal[key]
        return None

    def normal_table(self, ident: int, table: Mapping[str, Any]) -> dict[str, Any]:
        """A table with its keys in the form :meth:`keys_of` gives (cached per table)."""
        cached = self.normals.get(ident)
        if cached is None:
            cached = {}
            for key, value in table.items():
                cached.setdefault(self.keys_of(str(key))[0], value)
            self.normals[ident] = cached
        return cached


def _ar_strip(word: str) -> list[str]:
    """An Arabic word without its attached particles and article, most stripped last."""
    out = []
    for prefix in ("و", "ف", "وب", "ول", "فب", "فل", "وك", "ب", "ل", "ك"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            out.append(word[len(prefix) :])
    if word.startswith("لل"):
        out.append("ال" + word[2:])
        out.append(word[2:])
    for form in [word, *out]:
        if form.startswith("ال") and len(form) > 3:
            out.append(form[2:])
    return out


@cache
def rules(lang: str) -> Rules:
    """The compiled rules of one language ("ar", "ru" or "en")."""
    if lang not in LANGS:
        raise ValueError(f"no extraction rules for language {lang!r}; known: {LANGS}")
    with (RULES_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        table = yaml.safe_load(handle)
    return Rules(lang, table)
