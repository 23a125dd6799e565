"""How well the claim extractor reads real sentences: precision and recall per language and
per field, against the hand-labelled set in bench/claims_set.yaml.

Each sentence runs through ``dashboard.extract.extract(text, published=..., lang=...)``. A
predicted claim matches a labelled one of the same sentence when their values agree within
0.5 % (or both have no value and share the measure and the set of countries); each label
matches at most one prediction. Prints claim-level precision, recall and F1 (with counts)
per language and overall, then the accuracy of each field over the matched claims:
currency, period start and end, countries (as a set and in order), measure, qualifier (as a
set of words) and change. With --verbose, also the sentence ids of misses and false
positives. Usage:
    .venv/bin/python bench/bench_claims.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SET = Path(__file__).with_name("claims_set.yaml")
LANGS = ("ar", "ru", "en")
VALUE_REL = 0.005
CHANGE_REL = 0.005
FIELDS = (
    "currency",
    "period_start",
    "period_end",
    "countries_set",
    "countries_order",
    "measure",
    "qualifier",
    "change",
)
# Change units a prediction may spell differently from the labels.
UNIT_ALIASES = {"percent": "%", "pct": "%", "times": "x", "×": "x"}


@dataclass(frozen=True)
class Item:
    """One claim, labelled or predicted, reduced to the fields the bench compares."""

    value: float | None
    currency: str | None
    period_start: str | None
    period_end: str | None
    countries: tuple[str, ...]
    measure: str | None
    qualifier: frozenset[str]
    change: tuple[float, str] | None


@dataclass
class Tally:
    """Counts for one language (or all): claims, matches and per-field agreement."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    sentences: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.sentences += other.sentences
        for name in FIELDS:
            self.right[name] += other.right[name]


def _date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _qualifier(value: object) -> frozenset[str]:
    if not value:
        return frozenset()
    items = re.split(r"[;,]", value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    words = [str(w) for w in items]
    return frozenset(w.strip().casefold() for w in words if w.strip())


def _change(value: object) -> tuple[float, str] | None:
    """A change as (number, unit), percentages as fractions so "33.3 %" equals "0.333"."""
    if value is None:
        return None
    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
    else:
        number, unit = getattr(value, "value", None), getattr(value, "unit", None)
    if number is None:
        return None
    unit = UNIT_ALIASES.get(str(unit).strip(), str(unit).strip()) if unit else "%"
    number = float(number)
    if unit == "%":
        number, unit = number / 100, "fraction"
    return number, unit


def label_item(claim: dict) -> Item:
    return Item(
        value=None if claim.get("value") is None else float(claim["value"]),
        currency=claim.get("currency"),
        period_start=_date(claim.get("period_start")),
        period_end=_date(claim.get("period_end")),
        countries=tuple(claim.get("countries") or ()),
        measure=claim.get("measure"),
        qualifier=_qualifier(claim.get("qualifier")),
        change=_change(claim.get("change")),
    )


def predicted_item(claim: object) -> Item:
    value = getattr(claim, "value", None)
    return Item(
        value=None if value is None else float(value),
        currency=getattr(claim, "currency", None),
        period_start=_date(getattr(claim, "period_start", None)),
        period_end=_date(getattr(claim, "period_end", None)),
        countries=tuple(getattr(claim, "countries", ()) or ()),
        measure=getattr(claim, "measure", None),
        qualifier=_qualifier(getattr(claim, "qualifier", None)),
        change=_change(getattr(claim, "change", None)),
    )


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) < 1e-9


def matches(pred: Item, gold: Item) -> bool:
    """The rule that pairs a prediction with a label: the value, or for change-only claims
    the measure and the set of countries."""
    if pred.value is not None and gold.value is not None:
        return _close(pred.value, gold.value, VALUE_REL)
    if pred.value is None and gold.value is None:
        return pred.measure == gold.measure and set(pred.countries) == set(gold.countries)
    return False


def agreement(pred: Item, gold: Item) -> dict[str, bool]:
    change = (pred.change is None and gold.change is None) or (
        pred.change is not None
        and gold.change is not None
        and pred.change[1] == gold.change[1]
        and _close(pred.change[0], gold.change[0], CHANGE_REL)
    )
    return {
        "currency": pred.currency == gold.currency,
        "period_start": pred.period_start == gold.period_start,
        "period_end": pred.period_end == gold.period_end,
        "countries_set": set(pred.countries) == set(gold.countries),
        "countries_order": pred.countries == gold.countries,
        "measure": pred.measure == gold.measure,
        "qualifier": pred.qualifier == gold.qualifier,
        "change": change,
    }


def pair(preds: Sequence[Item], golds: Sequence[Item]) -> list[tuple[int, int]]:
    """Match predictions to labels one to one, closest values first."""
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if matches(p, g):
                gap = 0.0
                if p.value is not None and g.value is not None:
                    gap = abs(p.value - g.value) / max(abs(g.value), 1.0)
                # Among equal values (one figure said twice), prefer the label it agrees with most.
                score = sum(agreement(p, g).values())
                candidates.append((gap, -score, i, j))
    used_p, used_g, out = set(), set(), []
    for _, _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score(entries: Iterable[dict], extract: Callable[..., list]) -> dict[str, Tally]:
    tallies = {lang: Tally() for lang in LANGS}
    for entry in entries:
        tally = tallies[entry["lang"]]
        tally.sentences += 1
        published = entry.get("published")
        preds = [
            predicted_item(c)
            for c in extract(entry["text"], published=published, lang=entry["lang"])
        ]
        golds = [label_item(c) for c in entry["claims"]]
        pairs = pair(preds, golds)
        tally.tp += len(pairs)
        tally.fp += len(preds) - len(pairs)
        tally.fn += len(golds) - len(pairs)
        if len(preds) > len(pairs):
            tally.false_positives.append(entry["id"])
        if len(golds) > len(pairs):
            tally.misses.append(entry["id"])
        for i, j in pairs:
            for name, ok in agreement(preds[i], golds[j]).items():
                tally.right[name] += ok
                if not ok:
                    tally.wrong[name].append(entry["id"])
    return tallies


def _ratio(num: int, den: int) -> str:
    return f"{num / den:6.1%}" if den else "     -"


def report(tallies: dict[str, Tally], verbose: bool) -> str:
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    rows = [*tallies.items(), ("all", total)]
    lines = [
        f"{'lang':5} {'sent':>4} {'tp':>4} {'fp':>4} {'fn':>4} "
        f"{'precision':>10} {'recall':>7} {'F1':>7}"
    ]
    for lang, t in rows:
        p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
        r = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(
            f"{lang:5} {t.sentences:4d} {t.tp:4d} {t.fp:4d} {t.fn:4d} "
            f"{_ratio(t.tp, t.tp + t.fp):>10} {_ratio(t.tp, t.tp + t.fn):>7} {f1:7.1%}"
        )
    lines += [
        "",
        "field accuracy over matched claims",
        f"{'field':16}" + "".join(f"{lang:>8}" for lang, _ in rows),
    ]
    for name in FIELDS:
        lines.append(f"{name:16}" + "".join(f"{_ratio(t.right[name], t.tp):>8}" for _, t in rows))
    if verbose:
        for lang, t in tallies.items():
            lines += ["", f"[{lang}] misses: {', '.join(t.misses) or '-'}"]
            lines.append(f"[{lang}] false positives: {', '.join(t.false_positives) or '-'}")
            for name in FIELDS:
                if t.wrong.get(name):
                    lines.append(f"[{lang}] wrong {name}: {', '.join(t.wrong[name])}")
    return "\n".join(lines)


def load(path: Path = SET) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives")
    parser.add_argument("--set", type=Path, default=SET, help="the labelled set (YAML)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    try:
        from dashboard.extract import extract
    except ImportError as error:
        print(f"no extractor to measure: {error}", file=sys.stderr)
        return 2

    entries = load(args.set)
    began = time.perf_counter()
    tallies = score(entries, extract)
    seconds = time.perf_counter() - began
    print(report(tallies, args.verbose))
    print(f"\n{len(entries)} sentences in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
