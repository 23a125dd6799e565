"""Article text -> trade and investment claims: one figure, its measure, period, countries,
qualifier and change, with the words that state it.

A figure is a claim only beside a trade or investment measure and with a bilateral pair of
countries (from the sentence, "the two countries" resolved from the paragraph or the article,
or a named partner of the article's subject). Everything language-specific is in the rule
tables; this module reads a sentence top to bottom in the same moves for every language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dashboard.extract.changes import (
    ChangeMention,
    absolute_change,
    find_changes,
    qualifier_of,
)
from dashboard.extract.model import Change, Claim
from dashboard.extract.numbers import Money, find_money
from dashboard.extract.periods import PeriodMention, find_periods
from dashboard.extract.places import Mention, find_countries
from dashboard.extract.rules import Rules, rules

# A sentence ends at . ! ? ؟ followed by a space and not by a digit or a lower-case word
# ("млрд. долларов", "2021 г. по"); a line break always ends one.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"»”']?(?=\s+(?![\d\u0660-\u0669a-zа-яё]))")
_CLAUSE_BREAK = re.compile(r"\s*[,،;؛:]\s+|\s+[-–—]\s+")
_QUALIFIER_GAP = 15  # characters between a qualifier and the figure it qualifies
_TRIM = " \t\n.,;:،؛!?؟"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Found:
    """A match of a rule in the text: its kind ("turnover", "record", ...) and span."""

    kind: str
    start: int
    end: int


class Article:
    """One text and what is found in it once: sentences, countries, the article's subject."""

    def __init__(self, text: str, lang: str, published: date | None) -> None:
        self.text = text
        self.lang = lang
        self.rules: Rules = rules(lang)
        self.published = published
        self.sentences = list(_sentences(text))
        self.mentions = find_countries(text, self.rules)
        counts = Counter(m.code for m in self.mentions)
        first_seen = {m.code: i for i, m in reversed(list(enumerate(self.mentions)))}
        self.ranked = sorted(counts, key=lambda c: (-counts[c], first_seen[c]))
        self.subject = self.ranked[0] if self.ranked else None

    def countries_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def find(self, key: str, start: int, end: int) -> list[Found]:
        """Matches of a rule list (or of each list of a rule mapping) within start..end."""
        table = self.rules[key]
        groups = table.items() if isinstance(table, dict) else [(key, table)]
        out = []
        for kind, words in groups:
            pattern = self.rules.compile(f"find:{key}:{kind}", self.rules.words(words))
            out += [
                Found(str(kind), m.start(), m.end())
                for m in pattern.finditer(self.text, start, end)
            ]
        return sorted(out, key=lambda f: f.start)


def _sentences(text: str) -> Iterable[Sentence]:
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        cursor = 0
        for match in _SENTENCE_END.finditer(line):
            if _abbreviation(line, match.start()):
                continue
            yield Sentence(offset + cursor, offset + match.end(), paragraph)
            cursor = match.end()
        if line[cursor:].strip():
            yield Sentence(offset + cursor, offset + len(line), paragraph)
        offset += len(line) + 1


def _abbreviation(line: str, dot: int) -> bool:
    """A dot after a single capital letter ("U.S.") does not end a sentence."""
    word = re.search(r"(\w+)$", line[:dot])
    return bool(word and len(word.group(1)) == 1 and word.group(1).isupper())


def _distance(found: Found | Mention | Money, start: int, end: int) -> float:
    """How far a match is from a figure; words after the figure count a little further."""
    if found.end <= start:
        return start - found.end
    if found.start >= end:
        return (found.start - end) * 1.5 + 5
    return 0


def _nearest(items: Iterable[Found], start: int, end: int) -> Found | None:
    return min(items, key=lambda f: _distance(f, start, end), default=None)


class _Sentence:
    """The claims of one sentence."""

    def __init__(self, article: Article, sentence: Sentence) -> None:
        self.article = article
        self.sentence = sentence
        a, b = sentence.start, sentence.end
        text = article.text
        self.periods = [
            PeriodMention(p.first, p.last, p.freq, p.start + a, p.end + a, p.base)
            for p in find_periods(text[a:b], article.rules, article.published)
        ]
        qatar = "QAT" in {m.code for m in article.mentions}
        self.money = [
            _shift(m, a)
            for m in find_money(text[a:b], article.rules, qatar)
            if not any(p.start <= m.start + a < p.end for p in self.periods)
        ]
        skip = [(p.start - a, p.end - a) for p in self.periods] + [
            (m.start - a, m.end - a) for m in self.money
        ]
        self.changes = [
            ChangeMention(c.change, c.start + a, c.end + a)
            for c in find_changes(text[a:b], article.rules, skip)
        ]
        self.measures = article.find("measures", a, b)
        self.negatives = article.find("negatives", a, b)
        self.world = article.find("world", a, b)
        self.targets = article.find("targets", a, b)
        self.pair_words = article.find("two_countries", a, b)
        self.records = article.find("record", a, b)
        self.qualifiers = article.find("qualifiers", a, b)
        self.countries = article.countries_in(a, b)

    def claims(self) -> list[Claim]:
        figures: list[Money] = []
        for money in self.money:
            if (found := absolute_change(self.article.text, money.start, self.article.rules)) and (
                money.currency
            ):
                lead, qualifier = found
                text = self.article.text[lead : money.end].strip()
                sign = -1 if self._down(lead) else 1
                stated = Change(sign * money.value, money.currency, qualifier, text)
                self.changes.append(ChangeMention(stated, lead, money.end))
            else:
                figures.append(money)
        out = []
        if figures:
            # Each change belongs to the figure nearest to it.
            owner: dict[int, ChangeMention] = {}
            for mention in self.changes:
                distances = [abs(figure.start - mention.end) for figure in figures]
                owner.setdefault(distances.index(min(distances)), mention)
            for i, money in enumerate(figures):
                claim = self._claim(money.number_start, money.end, money, owner.get(i))
                if claim is not None:
                    out.append(claim)
        else:
            for mention in self.changes:
                claim = self._claim(mention.start, mention.end, None, mention)
                if claim is not None:
                    out.append(claim)
        return out

    def _down(self, before: int) -> bool:
        rules = self.article.rules
        window = self.article.text[max(self.sentence.start, before - 60) : before]
        down = rules.compile("down", rules.words(rules["change_down"]))
        up = rules.compile("up", rules.words(rules["change_up"]))
        last_down = max((m.start() for m in down.finditer(window)), default=-1)
        last_up = max((m.start() for m in up.finditer(window)), default=-1)
        return last_down > last_up

    def _claim(
        self, start: int, end: int, money: Money | None, change: ChangeMention | None
    ) -> Claim | None:
        measure = _nearest(self.measures, start, end)
        if measure is None:
            return None
        negative = _nearest(self.negatives, start, end)
        if negative is not None and _distance(negative, start, end) < _distance(
            measure, start, end
        ):
            return None
        if any(target.start < start for target in self.targets):
            return None  # a goal ("to bring trade to $10 billion"), not a figure reached
        countries, used = self._countries(measure, start, end)
        if countries is None:
            return None
        period = self._period(start, end)
        qualifier, qualifier_at = self._qualifier(money, start, end)
        spans = [(start, end), (measure.start, measure.end), *used]
        if period is not None:
            spans.append((period.start, period.end))
        if change is not None:
            spans.append((change.start, change.end))
        if qualifier_at is not None:
            spans.append(qualifier_at)
        quote_start, quote_end = self._quote(spans)
        return Claim(
            value=money.value if money else None,
            number=money.number if money else None,
            scale=money.scale if money else None,
            currency=money.currency if money else None,
            period_start=period.first if period else None,
            period_end=period.last if period else None,
            freq=period.freq if period else None,
            countries=countries,
            measure=measure.kind,
            qualifier=qualifier,
            change=change.change if change else None,
            quote=self.article.text[quote_start:quote_end],
            start=quote_start,
            end=quote_end,
            lang=self.article.lang,
        )

    # ------------------------------------------------------------------ the parts

    def _period(self, start: int, end: int) -> PeriodMention | None:
        own = [p for p in self.periods if not p.base]
        return min(own, key=lambda p: _distance(p, start, end), default=None)  # type: ignore[arg-type]

    def _qualifier(
        self, money: Money | None, start: int, end: int
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The figure's qualifier ("about", "more than" ...) and, when the sentence calls it a
        record, "record" after it ("over, record"); with the span that says them."""
        text = self.article.text
        words: list[str] = []
        spans: list[tuple[int, int]] = []
        if money is not None:
            for found in reversed(self.qualifiers):
                gap = text[found.end : money.start]
                if (
                    found.end <= money.start
                    and len(gap) <= _QUALIFIER_GAP
                    and not re.search(r"\d", gap)
                ):
                    words.append(found.kind)
                    spans.append((found.start, found.end))
                    break
        if self.records:
            record = _nearest(self.records, start, end)
            assert record is not None
            nearest = min(self.money, key=lambda m: abs(m.start - record.start), default=None)
            if money is None or nearest is money:
                words.append("record")
                spans.append((record.start, record.end))
        if not words:
            return None, None
        return ", ".join(words), (min(s for s, _ in spans), max(e for _, e in spans))

    def _countries(
        self, measure: Found, start: int, end: int
    ) -> tuple[tuple[str, ...] | None, list[tuple[int, int]]]:
        """The pair of countries a figure is about, ordered, and the spans that name them;
        None when the figure is not bilateral (a country's trade with the world)."""
        article = self.article
        rules = article.rules
        kind = measure.kind
        roles = _roles(rules, kind)
        mentions = sorted(self.countries, key=lambda m: _distance(m, start, end))
        codes: list[str] = []
        chosen: list[Mention] = []
        for mention in mentions:
            if mention.code not in codes:
                codes.append(mention.code)
                chosen.append(mention)
            if len(codes) == 2:
                break
        used = [(m.start, m.end) for m in chosen]
        pair_word = _nearest(self.pair_words, start, end)
        if pair_word is not None:
            used.append((pair_word.start, pair_word.end))
        if len(codes) >= 2:
            return _order(chosen, roles, article.subject), used
        if self.world and not pair_word:
            return None, used
        if len(codes) == 1:
            role = _role(chosen[0], roles)
            if pair_word is not None:
                more = self._context(codes)
                return _order_codes(codes + more[:1], article.subject), used
            if role == "second" or kind == "investment":
                subject = next((c for c in article.ranked if c != codes[0]), None)
                if subject is None:
                    return tuple(codes), used
                if role == "first":
                    return (codes[0], subject), used
                return (subject, codes[0]), used
            return None, used
        more = self._context([])
        if len(more) >= 2:
            return _order_codes(more[:2], article.subject), used
        if pair_word is not None:
            return _order_codes(
                (more + [c for c in article.ranked if c not in more])[:2], article.subject
            ), used
        return None, used

    def _context(self, have: list[str]) -> list[str]:
        """Countries named in the earlier sentences of the paragraph, nearest first."""
        out: list[str] = []
        earlier = [
            s
            for s in self.article.sentences
            if s.paragraph == self.sentence.paragraph and s.end <= self.sentence.start
        ]
        for sentence in reversed(earlier):
            for mention in self.article.countries_in(sentence.start, sentence.end):
                if mention.code not in out and mention.code not in have:
                    out.append(mention.code)
            if len(out) + len(have) >= 2:
                break
        return out

    def _quote(self, spans: list[tuple[int, int]]) -> tuple[int, int]:
        """The clauses of the sentence that hold every part of the claim."""
        a, b = self.sentence.start, self.sentence.end
        text = self.article.text
        bounds = [a]
        for match in _CLAUSE_BREAK.finditer(text, a, b):
            if not _inside_number(text, match.start()):
                bounds.append(match.end())
        bounds.append(b + 1)
        first = min(s for s, _ in spans)
        last = max(e for _, e in spans)
        stop = min((x for x in bounds if x > last), default=b)
        clause_start = max(x for x in bounds if x <= first)
        clause_end = min(stop, b)
        # Cut the clause break itself off the end of the quote.
        for match in _CLAUSE_BREAK.finditer(text, clause_start, clause_end):
            if match.start() >= last:
                clause_end = match.start()
                break
        quote_start, quote_end = clause_start, clause_end
        while quote_start < quote_end and text[quote_start] in _TRIM:
            quote_start += 1
        while quote_end > quote_start and text[quote_end - 1] in _TRIM:
            quote_end -= 1
        return quote_start, quote_end


def _inside_number(text: str, at: int) -> bool:
    return at > 0 and text[at - 1].isdigit() and at + 1 < len(text) and text[at + 1].isdigit()


def _shift(money: Money, by: int) -> Money:
    return Money(
        money.value,
        money.number,
        money.scale,
        money.currency,
        money.start + by,
        money.end + by,
        money.number_start + by,
    )


def _roles(rules: Rules, measure: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"first": set(), "second": set()}
    for key in ("any", measure):
        for role, words in (rules["roles"].get(key) or {}).items():
            out[role].update(words)
    return out


def _role(mention: Mention, roles: dict[str, set[str]]) -> str | None:
    for role in ("first", "second"):
        if mention.markers & roles[role]:
            return role
    return None


def _order(
    chosen: list[Mention], roles: dict[str, set[str]], subject: str | None
) -> tuple[str, ...]:
    """Reporter, exporter or investor first where a preposition says so; otherwise the
    article's subject first, then the order of mention."""
    by_position = sorted(chosen, key=lambda m: m.start)
    rank = {"first": 0, None: 1, "second": 2}
    if all(_role(m, roles) is None for m in by_position):
        return _order_codes([m.code for m in by_position], subject)
    ordered = sorted(by_position, key=lambda m: rank[_role(m, roles)])
    return tuple(m.code for m in ordered)


def _order_codes(codes: list[str], subject: str | None) -> tuple[str, ...]:
    if subject in codes:
        return (subject, *(c for c in codes if c != subject))
    return tuple(codes)


def extract_claims(text: str, lang: str, published: date | None) -> list[Claim]:
    """Every claim in ``text``, in order."""
    article = Article(text, lang, published)
    out: list[Claim] = []
    for sentence in article.sentences:
        out.extend(_Sentence(article, sentence).claims())
    return out


__all__ = ["extract_claims", "qualifier_of"]
