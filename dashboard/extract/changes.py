"""Stated changes: "на 5%", "by about a third", "бنحو خمسة في المائة", "в 2,5 раза"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract.model import Change
from dashboard.extract.numbers import number_pattern, parse_number
from dashboard.extract.rules import Rules

_CUE_WINDOW = 60  # characters before an amount searched for a change verb


@dataclass(frozen=True)
class ChangeMention:
    """A change and where its words are."""

    change: Change
    start: int
    end: int


def _patterns(rules: Rules) -> dict[str, re.Pattern[str]]:
    if "changes" in rules.normals:
        return rules.normals["changes"]
    num = number_pattern(rules)
    percent = "(?:" + "|".join(rules["percent"]) + ")"
    out = {
        "percent": re.compile(rf"(?P<num>{num})\s*{percent}(?![^\W\d_])", re.I),
        "fraction": re.compile(rules.vocabulary(rules["fractions"]), re.I),
        "qualifier": re.compile(_qualifier_words(rules) + r"\s*$", re.I),
        "preposition": re.compile(rules.words(rules["change_preposition"]) + r"\s*$", re.I),
        "by": re.compile(rules.words(rules["change_by"]) + r"\s*$", re.I),
        "up": re.compile(rules.words(rules["change_up"]), re.I),
        "down": re.compile(rules.words(rules["change_down"]), re.I),
        "not": re.compile(rules.words(rules["not_change"]), re.I),
    }
    for i, item in enumerate(rules["multipliers"]):
        out[f"x{i}"] = re.compile(
            rules.words([item["pattern"].replace("{num}", f"(?P<num>{num})")]), re.I
        )
    rules.normals["changes"] = out
    return out


def _qualifier_words(rules: Rules) -> str:
    items = [w for words in rules["qualifiers"].values() for w in words]
    return rules.words(items)


def qualifier_of(text: str, rules: Rules) -> str | None:
    """The English qualifier of a qualifier phrase ("بنحو" -> "about")."""
    for english, words in rules["qualifiers"].items():
        if re.fullmatch(rules.words(words), text.strip(), re.I):
            return str(english)
    return None


def _lead(text: str, start: int, rules: Rules) -> tuple[int, str | None, bool]:
    """Walk back from an amount over a qualifier and a "by" word: (start, qualifier, cued)."""
    patterns = _patterns(rules)
    qualifier = None
    cued = False
    for _ in range(2):
        before = text[max(0, start - 40) : start]
        if qualifier is None and (m := patterns["qualifier"].search(before)):
            qualifier = qualifier_of(m.group(), rules)
            start -= len(before) - m.start()
            # "بنحو": the particle ب on the qualifier is the "by".
            if rules.lang == "ar" and m.group().lstrip().startswith("ب"):
                cued = True
            continue
        if not cued and (m := patterns["preposition"].search(before)):
            start -= len(before) - m.start()
            cued = True
            continue
        break
    return start, qualifier, cued


def find_changes(text: str, rules: Rules, skip: list[tuple[int, int]]) -> list[ChangeMention]:
    """Every stated change in ``text`` that is not inside one of the ``skip`` spans."""
    patterns = _patterns(rules)
    amounts: list[tuple[int, int, float, str]] = []
    for m in patterns["percent"].finditer(text):
        parsed = parse_number(m.group("num"), rules)
        if parsed:
            amounts.append((m.start(), m.end(), parsed[0], "%"))
    for m in patterns["fraction"].finditer(text):
        value = rules.lookup(rules["fractions"], m.group())
        if value is not None:
            amounts.append((m.start(), m.end(), float(value), "fraction"))
    for i, item in enumerate(rules["multipliers"]):
        for m in patterns[f"x{i}"].finditer(text):
            if item["value"] == "num":
                parsed = parse_number(m.group("num"), rules)
                if not parsed:
                    continue
                value = parsed[0]
            else:
                value = float(item["value"])
            amounts.append((m.start(), m.end(), value, "x"))
    found: list[ChangeMention] = []
    for start, end, value, unit in sorted(amounts):
        if any(start < b and a < end for a, b in skip):
            continue
        if any(start < f.end and f.start < end for f in found):
            continue
        lead, qualifier, cued = _lead(text, start, rules)
        window = text[max(0, lead - _CUE_WINDOW) : lead]
        if patterns["not"].search(text[max(0, lead - 25) : lead]):
            continue
        if rules.lang == "ar" and text[start:end].startswith("ب"):
            cued = True
        after = text[end : end + 20]
        verb_before = patterns["by"].search(text[max(0, lead - 20) : lead])
        up_after = patterns["up"].match(after.lstrip()) or patterns["down"].match(after.lstrip())
        if not (cued or verb_before or up_after or unit == "x" or _verb_in(window, patterns)):
            continue
        down = _direction(window + " " + after, patterns)
        signed = value
        if down:
            signed = 1 / value if unit == "x" and value else -value
        change = Change(signed, unit, qualifier, text[lead:end].strip())
        found.append(ChangeMention(change, lead, end))
    return found


def _verb_in(window: str, patterns: dict[str, re.Pattern[str]]) -> bool:
    return bool(patterns["up"].search(window) or patterns["down"].search(window))


def _direction(window: str, patterns: dict[str, re.Pattern[str]]) -> bool:
    """True when the nearest change word before the amount says it fell."""
    last_up = max((m.start() for m in patterns["up"].finditer(window)), default=-1)
    last_down = max((m.start() for m in patterns["down"].finditer(window)), default=-1)
    return last_down > last_up


def absolute_change(text: str, start: int, rules: Rules) -> tuple[int, str | None] | None:
    """(start, qualifier) when the money at ``start`` is a change ("by $1 billion"), else None."""
    patterns = _patterns(rules)
    worth = rules.compile("worth", rules.words(rules["worth"]) + r"\s*$")
    if worth.search(text[max(0, start - 30) : start]):
        return None
    lead, qualifier, cued = _lead(text, start, rules)
    if not cued:
        return None
    window = text[max(0, lead - _CUE_WINDOW) : lead]
    if not _verb_in(window, patterns):
        return None
    return lead, qualifier
