"""Country and country-group names -> ISO3 codes or named aggregates.

Names are looked up, after :func:`normalise`, in the best catalogues there are: the
project's own overrides (spellings of the statistics bureaus), the CLDR territory names
(Babel) in Russian, Kazakh, English and Arabic, pycountry's ISO 3166 names in English and
Russian, and country_converter's English patterns. A name none of them knows is not
guessed: :func:`suggest` offers the closest known name for a person to confirm.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from loaders.errors import N_, LoadError, Phrase

OVERRIDES_FILE = Path(__file__).with_name("country_overrides.csv")


# Named aggregates: code -> English label, marked with N_ for the interface's catalogues.
# They are never countries and are never summed with countries; each loader flags them.
# Group definitions differ between reporters (the Russian "far abroad" and Kazakhstan's
# "other countries" both mean "outside the CIS").
AGGREGATES: dict[str, str] = {
    "WLD": N_("World (all partners)"),
    "CIS": N_("CIS countries"),
    "EAEU": N_("Eurasian Economic Union"),
    "CIS_X_EAEU": N_("CIS countries outside the EAEU"),
    "NON_CIS": N_("Countries outside the CIS"),
    "EUROPE": N_("Europe"),
    "EU": N_("European Union (members at the time)"),
    "EU27": N_("European Union, 27 countries (from 2020)"),
    "EUROPE_X_EU": N_("Europe outside the EU"),
    "EA": N_("Euro area (members at the time)"),
    "ASIA": N_("Asia"),
    "AMERICA": N_("America"),
    "AFRICA": N_("Africa"),
    "OCEANIA": N_("Australia and Oceania"),
    "UNSPECIFIED": N_("Partner not specified"),
}
# Fixed-composition euro areas ("Euro area - 20 countries") get codes EA11..EA20.
_EURO_AREA_N = re.compile(r"^EA\d{2}$")

# Aggregate names as they appear in the files, after normalise().
_AGGREGATE_NAMES: dict[str, str] = {
    "всего": "WLD",
    "всего в том числе": "WLD",
    "итого": "WLD",
    "весь мир": "WLD",
    "все страны": "WLD",
    "страны снг": "CIS",
    "снг": "CIS",
    "со странами снг": "CIS",
    "страны еаэс": "EAEU",
    "еаэс": "EAEU",
    "страны вне еаэс": "CIS_X_EAEU",
    "страны снг вне еаэс": "CIS_X_EAEU",
    "остальные страны мира": "NON_CIS",
    "другие страны мира": "NON_CIS",
    "страны дальнего зарубежья": "NON_CIS",
    "со странами дальнего зарубежья": "NON_CIS",
    "дальнее зарубежье": "NON_CIS",
    "европа": "EUROPE",
    "страны ес": "EU",
    "страны евросоюза": "EU",
    "страны вне ес": "EUROPE_X_EU",
    "азия": "ASIA",
    "америка": "AMERICA",
    "африка": "AFRICA",
    "австралия и океания": "OCEANIA",
    "океания": "OCEANIA",
    "неизвестная страна": "UNSPECIFIED",
    "страна не определена": "UNSPECIFIED",
    "world": "WLD",
    "total": "WLD",
    "all partners": "WLD",
    "areas, nes": "UNSPECIFIED",
    "areas not elsewhere specified": "UNSPECIFIED",
}
# Eurostat names aggregates with their members in brackets; match on the start of the name.
_AGGREGATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^european union - 27 countries\b"), "EU27"),
    (re.compile(r"^european union\b"), "EU"),
    (re.compile(r"^euro area - (?P<n>\d{2}) countries\b"), "EA{n}"),
    (re.compile(r"^euro area\b"), "EA"),
)

# Latin letters that look like Cyrillic ones; tables typed in Russian or Kazakh sometimes mix
# them in ("Китaй" with a Latin "a"), which breaks exact matching. Latin i and h stand in
# for the Kazakh letters і and һ.
_HOMOGLYPHS = str.maketrans("AaBCcEeHKkMOoPpTXxYyih", "АаВСсЕеНКкМОоРрТХхУуіһ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Arabic spellings vary in vowel marks, the elongation stroke and the forms of alef and
# final ya; none of them changes the name.
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans("أإآٱىۀ", "اااايه")
# The languages whose CLDR territory names are looked up (Babel), beside pycountry's.
CLDR_LANGUAGES = ("ru", "kk", "en", "ar")
# CLDR region codes that are one of our named aggregates.
_CLDR_REGIONS = {
    "001": "WLD",
    "150": "EUROPE",
    "142": "ASIA",
    "002": "AFRICA",
    "019": "AMERICA",
    "009": "OCEANIA",
    "EU": "EU",
    "EZ": "EA",
    "ZZ": "UNSPECIFIED",
}
# How alike a name must be to a known one to be offered as a suggestion (difflib ratio).
_SUGGEST_CUTOFF = 0.8
# Footnote marks glued to a name: "Россия1)", "Китай*", "Индия (1)"; not "... 1993)".
_FOOTNOTE = re.compile(r"(?:(?<=[^\W\d_])\d{1,2}\)|\s*\*+|\s+\(\d\))$")
_BRACKETS = re.compile(r"\s*\([^()]*\)")


def normalise(name: object) -> str:
    """Comparable form of a name: Unicode-normalised, homoglyphs fixed, case-folded, one-spaced."""
    text = unicodedata.normalize("NFKC", str(name))
    words = []
    for word in text.split():
        if _CYRILLIC.search(word):
            word = word.translate(_HOMOGLYPHS)
        words.append(word)
    text = " ".join(words).casefold().replace("ё", "е")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = text.replace("\u2019", "'").replace("`", "'")
    text = _FOOTNOTE.sub("", text)
    return text.strip(" .:;,")


# "Острова Уоллис и Футуна" for CLDR's "Уоллис и Футуна": the word for island(s) before a
# name is a loose form (it counts only when one country has the rest as its name).
_ISLANDS = re.compile(r"^(?:остров|острова|о-ва|о\.)\s+")


def _variants(text: str) -> list[str]:
    """The normalised name and the looser forms it may match under."""
    out = [text]
    if (bare := _ISLANDS.sub("", text)) != text and bare:
        out.append(bare)
    no_brackets = _BRACKETS.sub("", text).strip()
    if no_brackets and no_brackets != text:
        out.append(no_brackets)
    for base in list(out):
        if base.count(",") == 1:
            head, tail = (part.strip() for part in base.split(","))
            if head and tail:
                out.append(f"{tail} {head}")
    return out


@dataclass(frozen=True)
class Place:
    """A resolved partner or reporter: ISO3 code or aggregate code."""

    code: str
    is_aggregate: bool


@cache
def _overrides() -> dict[str, str]:
    with OVERRIDES_FILE.open(encoding="utf-8", newline="") as handle:
        return {normalise(row["name"]): row["code"] for row in csv.DictReader(handle)}


def _catalogue() -> Iterable[tuple[str, str]]:
    """(name, code) from every catalogue: pycountry in English and Russian, then the CLDR
    territory names in each of CLDR_LANGUAGES (countries and the regions we name)."""
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if english:
                yield english, country.alpha_3
                yield russian.gettext(english), country.alpha_3
    for language in CLDR_LANGUAGES:
        for territory, name in Locale.parse(language).territories.items():
            if territory in _CLDR_REGIONS:
                yield name, _CLDR_REGIONS[territory]
            elif territory == "XK":
                yield name, "XKX"
            elif (found := pycountry.countries.get(alpha_2=territory)) is not None:
                yield name, found.alpha_3


@cache
def _index() -> dict[str, str | None]:
    """Normalised name -> code from every catalogue; None marks a loose form two share.

    An exact name keeps the first catalogue's code; loose forms (no brackets, "Korea,
    Republic of" turned round) only count when they point to one code.
    """
    exact: dict[str, str] = {}
    loose: dict[str, str | None] = {}
    for text, code in _catalogue():
        forms = _variants(normalise(text))
        exact.setdefault(forms[0], code)
        for form in forms[1:]:
            loose[form] = code if loose.get(form, code) == code else None
    loose.update(exact)
    return loose


@cache
def _converter():
    # country_converter logs every miss at WARNING; misses are reported by us, once, in full.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    import country_converter
    import pandas as pd

    # Under pandas 3 a few rows of country_converter's own table read with an empty ISO2
    # (Channel Islands, Zanzibar), which its constructor cannot compile as a regex; give
    # those cells a pattern that never matches instead.
    table = pd.read_csv(
        country_converter.country_converter.COUNTRY_DATA_FILE,
        sep="\t",
        encoding="utf-8",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    for column in ("name_short", "name_official", "regex", "ISO2", "ISO3"):
        table[column] = table[column].fillna("(?!)")
    for column in ("obsolete", "UNmember"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return country_converter.CountryConverter(country_data=table)


def _aggregate(text: str) -> str | None:
    if text in _AGGREGATE_NAMES:
        return _AGGREGATE_NAMES[text]
    for pattern, code in _AGGREGATE_PATTERNS:
        if match := pattern.match(text):
            return code.format(**match.groupdict())
    return None


@cache
def resolve(name: str) -> Place | None:
    """Resolve a country or aggregate name in Russian or English; None when unknown."""
    text = normalise(name)
    if not text:
        return None
    overrides = _overrides()
    for form in _variants(text):
        if form in overrides:
            code = overrides[form]
            return Place(code, is_aggregate(code))
    if group := _aggregate(text):
        return Place(group, True)
    index = _index()
    for form in _variants(text):
        if found := index.get(form):
            return Place(found, is_aggregate(found))
    if not _CYRILLIC.search(text):
        # Last resort for English spellings pycountry lacks ("Ireland (Eire)", "Turkiye").
        converted = _converter().convert(str(name), to="ISO3", not_found=None)
        if isinstance(converted, str) and is_country(converted):
            return Place(converted, False)
    return None


@cache
def _known_forms() -> list[str]:
    """Every name form that resolves to one code: what a suggestion is chosen from."""
    return [*_overrides(), *(form for form, code in _index().items() if code)]


def suggest(name: str) -> Place | None:
    """The known country or group whose name is closest to ``name``, for a person to confirm;
    None when nothing is close. Never used to resolve a name by itself."""
    text = normalise(name)
    if not text:
        return None
    close = difflib.get_close_matches(text, _known_forms(), n=1, cutoff=_SUGGEST_CUTOFF)
    if not close:
        return None
    code = _overrides().get(close[0]) or _index()[close[0]]
    return Place(code, is_aggregate(code)) if code else None


def lookup_all(names: Iterable[tuple[str, str]]) -> tuple[dict[str, Place], dict[str, list[str]]]:
    """Resolve every name: (resolved names, unknown name -> the places it occurs).

    ``names`` yields (name, place) pairs, the place being e.g. "sheet '2021', row 14".
    """
    resolved: dict[str, Place] = {}
    missing: dict[str, list[str]] = {}
    for name, place in names:
        if name in resolved:
            continue
        found = resolve(name)
        if found is None:
            missing.setdefault(name, []).append(place)
        else:
            resolved[name] = found
    return resolved, missing


def unknown_names_error(
    missing: dict[str, list[str]], file: str | Path, what: str = N_("name")
) -> LoadError:
    """One LoadError listing each unknown name with the places it occurs and a suggestion.

    ``what`` names the cells ("reporter or partner name"), marked with N_."""
    details: list[str] = []
    for name, places in missing.items():
        shown: object = ", ".join(places[:3])
        if len(places) > 3:
            shown = Phrase(N_("{places} and {n} more"), places=shown, n=len(places) - 3)
        hint = suggest(name)
        details.append(
            Phrase(
                N_("{name} at {places} (did you mean {suggestion}?)"),
                name=repr(name),
                places=shown,
                suggestion=describe(hint.code),
            )
            if hint
            else Phrase(N_("{name} at {places}"), name=repr(name), places=shown)
        )
    return LoadError(
        file,
        N_(
            "a known country or country-group {what}; {n} unmapped "
            "(add them to loaders/{overrides} if they are real countries)"
        ),
        details=details,
        values={"what": Phrase.marked(what), "n": len(missing), "overrides": OVERRIDES_FILE.name},
    )


def resolve_all(
    names: Iterable[tuple[str, str]], file: str | Path, what: str = N_("name")
) -> dict[str, Place]:
    """Resolve every name, or raise one LoadError listing each unmapped name with its place."""
    resolved, missing = lookup_all(names)
    if missing:
        raise unknown_names_error(missing, file, what)
    return resolved


def describe(code: str) -> str:
    """A code with its English name, for messages: "CXR (Christmas Island)"."""
    return f"{code} ({name_en(code)})"


@cache
def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 country code (and Kosovo's user-assigned XKX)."""
    return code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def is_aggregate(code: str) -> bool:
    """True for a named aggregate code such as WLD, EU27 or EA20."""
    return code in AGGREGATES or bool(_EURO_AREA_N.match(code))


def is_known_code(code: str) -> bool:
    """True when ``code`` is a country or a known aggregate."""
    return is_country(code) or is_aggregate(code)


@cache
def iso2_to_iso3(code: str) -> str | None:
    """ISO alpha-2 -> alpha-3, with Eurostat's GR/UK spellings for Greece and the UK."""
    code = {"EL": "GR", "UK": "GB"}.get(code.upper(), code.upper())
    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else None


@cache
def name_en(code: str) -> str:
    """English display name for a code (common name where pycountry has one)."""
    if code in AGGREGATES:
        return AGGREGATES[code]
    if _EURO_AREA_N.match(code):
        return N_("Euro area, {n} countries").format(n=code[2:])
    if code == "XKX":
        return "Kosovo"
    # country_converter's short names are the ones people write ("Russia", "South Korea").
    short = _converter().convert(code, src="ISO3", to="name_short", not_found=None)
    if isinstance(short, str):
        return short
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
