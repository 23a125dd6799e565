"""Country names in running text, in any grammatical case, with the word that marks their role.

Names come from the CLDR territory names of the language (through ``loaders.countries``, so
the project's own spellings apply) and from the language's rule table (short forms and
adjectives). Russian words are compared by lemma ("с Россией" -> "россия"); Arabic words
without their attached particles and article ("لكازاخستان", "الكازاخستانية").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

from dashboard.extract.rules import Rules, lemma
from loaders.countries import normalise, resolve

_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 4


@dataclass(frozen=True)
class Mention:
    """A country named in the text, and the words just before it (prepositions, particles)."""

    code: str
    start: int
    end: int
    markers: frozenset[str]


@cache
def _lexicon(lang: str, rules: Rules) -> dict[str, str]:
    """Name key (as :meth:`Rules.keys_of` forms it) -> ISO3, for one language."""
    names: dict[str, str] = {}
    for name in Locale.parse(lang).territories.values():
        place = resolve(name)
        if place is None or place.is_aggregate:
            continue
        names.setdefault(rules.keys_of(name)[0], place.code)
    for name, code in rules["countries"].items():
        names[rules.keys_of(str(name))[0]] = code
    return names


def _adjective(word: str, rules: Rules) -> str | None:
    """The country of a Russian adjective stem ("казахстанско", "российский")."""
    stems = rules.table.get("country_adjectives") or {}
    low = word.lower()
    for stem in sorted(stems, key=len, reverse=True):
        if low.startswith(stem):
            return str(stems[stem])
    return None


def _keys(words: list[str], rules: Rules) -> list[str]:
    if rules.lang == "ru":
        return [" ".join(lemma(word.lower()) for word in words)]
    keys = rules.keys_of(" ".join(words))
    if rules.lang == "ar":
        # Nisba adjectives: "الروسية" -> "روسي".
        keys += [key[:-1] for key in keys if key.endswith(("ة", "ه"))]
    return keys


def find_countries(text: str, rules: Rules) -> list[Mention]:
    """Every country named in ``text``, in order."""
    lexicon = _lexicon(rules.lang, rules)
    words = list(_WORD.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(words):
        hit = None
        for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            chunk = words[i : i + size]
            if any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(chunk)):
                continue
            parts = [w.group() for w in chunk]
            if rules.lang == "en" and not _english_name(parts, text, chunk[-1].end()):
                continue
            code = next((lexicon[k] for k in _keys(parts, rules) if k in lexicon), None)
            if code is None and size == 1 and rules.lang == "ru":
                code = _adjective(parts[0], rules)
            if code is not None:
                hit = (code, size)
                break
        if hit is None:
            i += 1
            continue
        code, size = hit
        first, last = words[i], words[i + size - 1]
        found.append(Mention(code, first.start(), last.end(), _markers(text, words, i, rules)))
        i += size
    return found


def _english_name(parts: list[str], text: str, end: int) -> bool:
    """English names are capitalised; two- and three-letter ones (US, UAE) are all capitals
    and not a currency prefix ("US$")."""
    head = parts[0]
    if text[end : end + 1] == "$":
        return False
    if len(parts) == 1 and len(head) <= 3:
        return head.isupper()
    return head[:1].isupper()


def _markers(text: str, words: list[re.Match[str]], i: int, rules: Rules) -> frozenset[str]:
    """The word before mention ``i`` (when only a space or hyphen apart) and, in Arabic, the
    particle attached to the name itself ("لروسيا" -> "ل")."""
    out = set()
    if i > 0 and not text[words[i - 1].end() : words[i].start()].strip(" \u00a0"):
        out.add(normalise(words[i - 1].group()))
    if rules.lang == "ar":
        word = normalise(words[i].group())
        for particle in ("ل", "ب", "و"):
            if word.startswith(particle) and not word.startswith("ال"):
                out.add(particle)
                break
    return frozenset(out)
