"""A checked article: the extractor's claims as rows a person confirms or corrects, and the
rows they keep as a press source in the same YAML shape as data/press/. No Dash.

The rows are plain text cells (what the page's grid edits); :func:`press_yaml` reads them
back, says exactly which cell of which row is wrong, and writes YAML that
loaders.curated reads like the shipped press files, so a kept article appears on the
Overview and Claims pages and in their exports like the seed's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction

import yaml

from dashboard import text
from dashboard.extract import Claim
from dashboard.i18n import _
from loaders import Frames, curated
from loaders.countries import is_country
from loaders.periods import Period, parse_period_spec

COLUMNS = (
    "keep",
    "measure",
    "countries",
    "value",
    "scale",
    "currency",
    "period",
    "qualifier",
    "change",
    "quote",
    "quote_en",
)
MEASURES = ("turnover", "export", "import", "investment", "other")
SCALES = tuple(curated.SCALES)
# Qualifiers that make a figure approximate (the claim checks allow for its rounding).
APPROXIMATE = frozenset({"about", "almost", "nearly", "around", "approximately", "some"})
# A change as the grid shows it: "about 5%", "1/3", "2.5x" (a qualifier word may lead).
_CHANGE = re.compile(
    r"^\s*(?:[a-z ]+\s)?(?P<number>[-+]?\d+(?:[.,]\d+)?|\d+/\d+)\s*(?P<unit>%|x|×)?\s*$"
)


class ArticleError(ValueError):
    """Rows that cannot be kept: one line per problem, naming the row and the cell."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def rows(claims: Iterable[Claim]) -> list[dict[str, object]]:
    """The grid's rows for the claims found: each cell as text a person can correct."""
    out = []
    for claim in claims:
        row: dict[str, object] = {
            "keep": claim.measure != "other" and claim.value is not None,
            "measure": claim.measure,
            "countries": " ".join(claim.countries),
            "value": claim.number or "",
            "scale": claim.scale or "unit",
            "currency": claim.currency or "",
            "period": _period_text(claim),
            "qualifier": claim.qualifier or "",
            "change": _change_text(claim),
            "quote": claim.quote,
            "start": claim.start,
            "end": claim.end,
        }
        row["quote_en"] = claim.quote if claim.lang == "en" else reading(row)
        out.append(row)
    return out


def reading(row: Mapping[str, object]) -> str:
    """An English reading of a row, for a quote in another language until someone gives a
    translation: marked as a reading, never passed off as the article's words."""
    countries = str(row.get("countries", "")).split()
    who = "-".join(text.country(c) for c in countries) or "two countries"
    parts = [f"{who} {row.get('measure', '')}"]
    if row.get("period"):
        parts.append(f"in {row['period']}")
    if row.get("value"):
        qualifier = f"{row['qualifier']} " if row.get("qualifier") else ""
        parts.append(f"{qualifier}{row['value']} {row.get('scale', '')} {row.get('currency', '')}")
    if row.get("change"):
        parts.append(f"change {row['change']}")
    return "[reading, not a translation] " + ", ".join(" ".join(p.split()) for p in parts)


def _period_text(claim: Claim) -> str:
    if claim.period_start is None or claim.period_end is None:
        return ""
    start, end = claim.period_start, claim.period_end
    if (start.month, end.month) == (1, 12) and start.year == end.year:
        return str(start.year)
    if start.year == end.year and start.month == end.month:
        return f"{start:%Y-%m}"
    return f"{start:%Y-%m}/{end:%Y-%m}"


def _change_text(claim: Claim) -> str:
    change = claim.change
    if change is None:
        return ""
    if change.unit == "%":
        amount = f"{change.value:g}%"
    elif change.unit == "x":
        amount = f"{change.value:g}x"
    elif change.unit == "fraction":
        fraction = Fraction(change.value).limit_denominator(12)
        amount = f"{fraction.numerator}/{fraction.denominator}"
    else:
        return ""  # an absolute change: not a rate the claim checks can use
    return f"{change.qualifier} {amount}" if change.qualifier else amount


def press_yaml(
    kept: Sequence[Mapping[str, object]],
    *,
    outlet: str,
    title: str,
    published: date | None,
    url: str | None,
    language: str,
    by: str,
) -> str:
    """The press YAML of the rows marked ``keep``; ArticleError listing every problem."""
    problems = []
    if not outlet.strip():
        problems.append(_("the source: expected the outlet that published the article"))
    if not title.strip():
        problems.append(_("the source: expected the article's title"))
    if url and not re.match(r"^https?://", url.strip()):
        problems.append(
            _("the source: expected a web address (http or https), found {found}").format(
                found=repr(url)
            )
        )
    claims: list[dict[str, object]] = []
    for number, row in enumerate(kept, start=1):
        if not row.get("keep"):
            continue
        try:
            claims.append(_claim(row, len(claims) + 1, published))
        except ArticleError as error:
            problems += [
                _("row {number}: {problem}").format(number=number, problem=p)
                for p in error.problems
            ]
    if not claims and not problems:
        problems.append(_("at least one row marked keep"))
    if problems:
        raise ArticleError(problems)
    digest = hashlib.sha1("".join(str(c["quote"]) for c in claims).encode()).hexdigest()[:8]
    day = published.isoformat() if published else "undated"
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:30] or "article"
    document = {
        "id": f"article-{day}-{slug}-{digest}",
        "title": title.strip(),
        "publisher": outlet.strip(),
        "published": published,
        "language": language,
        "url": url.strip() if url else None,
        "note": f"Figures read from the article by the extractor and confirmed by {by} on the "
        "Check an article page; quote_en marked [reading] is the reading, not a translation.",
    }
    return yaml.safe_dump(
        {"document": document, "claims": claims}, allow_unicode=True, sort_keys=False
    )


def kept_frames(yaml_text: str, name: str) -> Frames:
    """The tables of a kept article's YAML, read and checked like data/press/ files."""
    return curated.from_text(yaml_text, name)


def _claim(row: Mapping[str, object], number: int, published: date | None) -> dict[str, object]:
    problems = []
    measure = _cell(row, "measure")
    if measure not in MEASURES[:4]:
        problems.append(
            _("measure: expected one of {choices}, found {found}").format(
                choices=", ".join(MEASURES[:4]), found=repr(measure)
            )
        )
    countries = _cell(row, "countries").upper().replace(",", " ").split()
    if len(countries) != 2 or not all(is_country(c) for c in countries):
        found = " ".join(countries)
        problems.append(
            _("countries: expected two ISO3 country codes such as KAZ RUS, found {found}").format(
                found=repr(found)
            )
        )
    value = _cell(row, "value").replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", value):
        problems.append(
            _("value: expected the figure as written, such as 9.2, found {found}").format(
                found=repr(value)
            )
        )
    scale = _cell(row, "scale") or "unit"
    if scale not in SCALES:
        problems.append(
            _("scale: expected one of {choices}, found {found}").format(
                choices=", ".join(SCALES), found=repr(scale)
            )
        )
    currency = _cell(row, "currency").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(
            _("currency: expected an ISO 4217 code such as USD, found {found}").format(
                found=repr(currency)
            )
        )
    quote = str(row.get("quote") or "").strip()
    if not quote:
        problems.append(_("quote: expected the article's words"))
    period = None
    if measure != "investment":
        try:
            period = parse_period_spec(_cell(row, "period"))
        except ValueError as reason:
            problems.append(
                _(
                    "period: expected 2021, 2021-03 or 2022-01/2022-05 ({reason}), found {found}"
                ).format(reason=reason, found=repr(_cell(row, "period")))
            )
    change = _rate(_cell(row, "change"), problems)
    if problems:
        raise ArticleError(problems)
    qualifier = _cell(row, "qualifier") or None
    # "about, record": approximate when any of its words says so.
    approx = bool({w.strip() for w in (qualifier or "").split(",")} & APPROXIMATE)
    base: dict[str, object] = {
        "id": f"claim-{number}",
        "quote": quote,
        "quote_en": str(row.get("quote_en") or "").strip() or quote,
    }
    if measure == "investment":
        return base | {
            "kind": "deal",
            "title": f"{text.pair(countries[0], countries[1])} investment",
            "parties": countries,
            "status": "announced",
            "value": value,
            "scale": scale,
            "currency": currency,
            "approx": approx,
            "note": "The article's words are the quote; who invests in whom and the terms "
            "are as the article gives them.",
        }
    assert period is not None
    claim = base | {
        "kind": "trade",
        "reporter": countries[0],
        "partner": countries[1],
        "flow": measure,
        "period": _spec(period),
        "value": value,
        "scale": scale,
        "currency": currency,
        "approx": approx,
        "qualifier": qualifier,
    }
    if change is not None:
        said = _cell(row, "change")
        claim["change"] = {
            "rate": change,
            "approx": said.split()[0] in APPROXIMATE,
            "qualifier": said,
            "base_period": _spec(_year_before(period)),
            "note": "The change is read as on the same months of the year before.",
        }
    return claim


def _cell(row: Mapping[str, object], name: str) -> str:
    value = row.get(name)
    return "" if value is None else " ".join(str(value).split())


def _rate(written: str, problems: list[str]) -> str | None:
    """A change as the rate the claim checks use: "5%" -> "0.05", "1/3" -> "1/3",
    "2.5x" -> "1.5" (two and a half times as much is a rise of 150 %)."""
    if not written:
        return None
    match = _CHANGE.match(written.replace("−", "-"))
    if match is None:
        problems.append(
            _("change: expected 5%, about 1/3 or 2.5x, found {found}").format(found=repr(written))
        )
        return None
    number, unit = match["number"].replace(",", "."), match["unit"]
    if unit == "%":
        return str(Fraction(number) / 100)
    if unit in ("x", "×"):
        return str(Fraction(number) - 1)
    return number


def _year_before(period: Period) -> Period:
    """The same span one year earlier: the base of a change the article does not date."""
    year = period.start.year - 1
    if period.freq == "A":
        return Period.year(year)
    if period.freq == "M":
        return Period.month(year, period.start.month)
    return Period.months(year, 1, period.end.month)


def _spec(period: Period) -> str:
    if period.freq == "A":
        return str(period.start.year)
    if period.freq == "M":
        return f"{period.start:%Y-%m}"
    return f"{period.start:%Y-%m}/{period.end:%Y-%m}"
