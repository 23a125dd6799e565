"""Figures as written -> numbers: digit strings in any grouping style, number words, money.

Digit strings are read by their shape, not by one locale: "1,234,567.89", "1 234 567,89",
"1.234.567,89" and "١٬٢٣٤٬٥٦٧٫٨٩" are the same number. Only a lone separator before exactly
three digits is ambiguous ("1,234"); there the language's decimal mark decides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from dashboard.extract.rules import DIGITS, SCALES, Rules

_GROUP_ONLY = "٬'’ \u00a0\u202f"


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits; the Arabic decimal mark as "."."""
    out = []
    for char in text:
        if char.isdigit():
            out.append(str(unicodedata.digit(char)))
        elif char == "٫":
            out.append(".")
        elif char == "٬":
            out.append("٬")
        else:
            out.append(char)
    return "".join(out)


def parse_digits(text: str, decimal: str = ".") -> tuple[Decimal, str]:
    """(value, plain digits) of a figure in digits; ``decimal`` breaks the "1,234" tie."""
    raw = ascii_digits(text.strip())
    if "٫" in text:  # the Arabic decimal mark is never a group separator
        plain = raw.translate({ord(c): None for c in _GROUP_ONLY + ","})
        return Decimal(plain), _plain(plain)
    raw = raw.translate({ord(c): "_" for c in _GROUP_ONLY})
    marks = [c for c in raw if c in ".,"]
    decimal_mark: str | None
    if not marks:
        decimal_mark = None
    elif ("," in marks and "." in marks) or "_" in raw:
        decimal_mark = marks[-1]
    elif len(marks) > 1:
        decimal_mark = None
    else:
        mark = marks[0]
        tail = raw.rsplit(mark, 1)[1]
        decimal_mark = mark if (mark == decimal or len(tail) != 3) else None
    if decimal_mark is None:
        plain = re.sub(r"[_.,]", "", raw)
    else:
        head, tail = raw.rsplit(decimal_mark, 1)
        plain = re.sub(r"[_.,]", "", head) + "." + tail
    return Decimal(plain), _plain(plain)


def _plain(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_words(text: str, rules: Rules) -> float | None:
    """A number written in words ("двадцать пять", "خمسة وعشرين", "two and a half")."""
    numbers = rules["number_words"]
    word = rules.compile("number_word", rules.vocabulary(numbers))
    half = rules.compile("number_half", "(?:" + "|".join(rules["number_half"]) + ")")
    total = 0.0
    current = 0.0
    found = False
    for match in word.finditer(text):
        value = rules.lookup(numbers, match.group())
        if value is None:
            continue
        found = True
        if value == 100:
            current = (current or 1) * 100
        else:
            current += value
    if not found:
        return None
    total += current
    if half.search(text):
        total += 0.5
    return total


def number_pattern(rules: Rules) -> str:
    """A figure in digits or words."""
    word = rules.vocabulary(rules["number_words"])
    joiner = "(?:" + "|".join(rules["number_joiners"]) + ")"
    half = "(?:" + "|".join(rules["number_half"]) + ")"
    words = f"{word}(?:{joiner}{word})*(?:\\s*{half})?"
    return f"(?:{DIGITS}(?:\\s*{half})?|{words})"


def parse_number(text: str, rules: Rules) -> tuple[float, str] | None:
    """(value, plain digits) of a figure in digits or words, or None."""
    if re.search(r"\d", text):
        match = re.search(DIGITS, text)
        if match is None:
            return None
        value, plain = parse_digits(match.group(), rules["decimal"])
        number = float(value)
        half = rules.compile("number_half", "(?:" + "|".join(rules["number_half"]) + ")")
        if half.search(text, match.end()):
            number += 0.5
            plain = _plain(str(value + Decimal("0.5")))
        return number, plain
    words = parse_words(text, rules)
    if words is None:
        return None
    return words, _plain(str(Decimal(str(words))))


@dataclass(frozen=True)
class Money:
    """An amount of money as written: value in full units, its figure, scale and currency."""

    value: float
    number: str
    scale: str
    currency: str | None
    start: int
    end: int
    number_start: int


def _currency_pattern(rules: Rules) -> str:
    parts = []
    for code, words in rules["currencies"].items():
        parts.append(f"(?P<c_{code}>{rules.words(words, particles=False)})")
    return "(?:" + "|".join(parts) + ")"


def _scale_pattern(rules: Rules, group: str) -> str:
    parts = []
    for scale, words in rules["scales"].items():
        parts.append(f"(?P<{group}_{scale}>{rules.words(words)})")
    return "(?:" + "|".join(parts) + ")"


def _glued_pattern(rules: Rules) -> str:
    parts = [
        f"(?P<g_{scale}>(?:{'|'.join(words)})(?![^\\W\\d_]))"
        for scale, words in (rules["glued_scales"] or {}).items()
    ]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def money_regex(rules: Rules) -> re.Pattern[str]:
    """Currency? figure scale? (figure scale)? currency?: "$2 млрд. 842 млн.", "9.2 مليار دولار"."""
    if "money" in rules.patterns:
        return rules.patterns["money"]
    pre = _currency_pattern(rules).replace("(?P<c_", "(?P<p_")
    post = _currency_pattern(rules)
    number = number_pattern(rules)
    second = f"(?:\\s*\\.?\\s*(?P<num2>{DIGITS})\\s*{_scale_pattern(rules, 'u')})"
    pattern = (
        f"(?:{pre}\\s?)?(?P<num>{number})"
        f"(?:{_glued_pattern(rules)}|\\s*{_scale_pattern(rules, 's')})?"
        f"{second}?"
        f"(?:\\s*{post})?"
    )
    return rules.compile("money", pattern)


def _named(match: re.Match[str], prefix: str) -> str | None:
    for name, value in match.groupdict().items():
        if value is not None and name.startswith(prefix):
            return name[len(prefix) :]
    return None


def find_money(text: str, rules: Rules, qatar: bool) -> list[Money]:
    """Every amount of money in ``text``: a figure with a currency or a scale word."""
    found = []
    not_money = rules.compile("not_money", r"\s*" + rules.words(rules["not_money"]))
    for match in money_regex(rules).finditer(text):
        currency = _named(match, "p_") or _named(match, "c_")
        scale = _named(match, "s_") or _named(match, "g_")
        if currency is None and scale is None:
            continue
        if currency is None and not_money.match(text, match.end()):
            continue
        figure = match.group("num")
        if not re.search(r"\d", figure) and scale is None:
            continue
        parsed = parse_number(figure, rules)
        if parsed is None:
            continue
        value, plain = parsed
        scale = scale or "unit"
        total = value * SCALES[scale]
        second_scale = _named(match, "u_")
        if match.group("num2") and second_scale and SCALES[second_scale] < SCALES[scale]:
            extra, _ = parse_digits(match.group("num2"), rules["decimal"])
            total += float(extra) * SCALES[second_scale]
            ratio = Decimal(int(SCALES[second_scale])) / Decimal(int(SCALES[scale]))
            shown = Decimal(plain) + extra * ratio
            plain = _plain(str(shown))
        if currency == "RIYAL":
            currency = "QAR" if qatar else "SAR"
        found.append(
            Money(
                value=round(total, 6),
                number=plain,
                scale=scale,
                currency=currency,
                start=match.start(),
                end=match.end(),
                number_start=match.start("num"),
            )
        )
    return found
