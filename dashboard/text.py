"""The words of the dashboard: numbers, money, periods, flows, places and citations, on Babel.

Pages, figures, exports and the command line format every number, period and source
through this module and nowhere else. Numbers, percentages and dates follow the reader's
language (``dashboard.i18n``), always in Latin digits, as the Arabic press and the official
tables print them. Period labels ('Jan-May 2022') stay English for now: the store keeps
them as data, and views compare them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import pandas as pd
import pycountry
from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal, format_percent, get_currency_symbol

from dashboard import i18n
from dashboard.i18n import N_, _
from loaders.countries import AGGREGATES, name_en

LOCALE = Locale.parse("en")  # for the period labels the store keeps as data
DIGITS = "latn"


def _here() -> Locale:
    """The reader's locale (English outside a request)."""
    return i18n.locale()


NOTHING = "-"  # what a card shows where there is no figure

# ---------------------------------------------------------------- numbers and money


@dataclass(frozen=True)
class Unit:
    """A display unit for money: its size, short word ("bn") and long word ("billion")."""

    size: float
    short: str
    long: str
    plural: str


UNITS: dict[str, Unit] = {
    "bn": Unit(1e9, N_("bn"), N_("billion"), N_("billions")),
    "mn": Unit(1e6, N_("mn"), N_("million"), N_("millions")),
}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def number(value: float, digits: int = 0) -> str:
    """A number with thousands separators and ``digits`` decimals: 24,624,279,965.57."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_here(), numbering_system=DIGITS)


PUBLISHED_UNITS = ((1e9, N_("billion")), (1e6, N_("million")), (1e3, N_("thousand")))


def exact(value: float, currency: str, precision: float | None = None) -> str:
    """A figure as its source published it, with its currency: '24,624,279,965.57 USD' for a
    table in thousands with five decimals, '25,631 million USD' for one in millions, '24.2
    billion USD' for "$24.2 billion". Without a known precision, to the cent."""
    if precision is None or _missing(precision) or precision <= 0:
        return f"{number(value, 2)} {currency}"
    for size, word in PUBLISHED_UNITS:
        if precision / size >= 0.01:
            shown = number(value / size, shown_digits(2, precision, size))
            return f"{shown} {_(word)} {currency}"
    return f"{number(value, shown_digits(2, precision))} {currency}"


def currency_symbol(currency: str) -> str:
    """'$' for USD; other currencies by their code, so EUR and USD never look alike."""
    symbol = get_currency_symbol(currency, locale=_here())
    return symbol if currency == "USD" else f"{currency} "


def money(
    value: float | None,
    currency: str,
    unit: str = "bn",
    digits: int = 2,
    precision: float | None = None,
) -> str:
    """A sum in a display unit: '$24.62 bn', 'EUR 1.10 bn', '$625 mn' (digits=0). Given the
    rounding step its source published (``precision``), never more digits than that:
    "$9.2 billion" stays '$9.2 bn', not '$9.20 bn'."""
    if value is None or _missing(value):
        return NOTHING
    scale = UNITS[unit]
    shown = number(value / scale.size, shown_digits(digits, precision, scale.size))
    return f"{currency_symbol(currency)}{shown} {_(scale.short)}"


def shown_digits(digits: int, precision: float | None, size: float = 1.0) -> int:
    """The decimals to show of a number counted in units of ``size``: at most ``digits``,
    and no finer than the source's rounding step ``precision``."""
    if precision is None or _missing(precision) or precision <= 0:
        return digits
    return max(0, min(digits, -math.floor(math.log10(precision / size) + 1e-9)))


def unit_name(currency: str, unit: str) -> str:
    """What chart axes and subtitles say a value is counted in: 'USD billion'."""
    return (
        _("{currency} billion").format(currency=currency)
        if unit == "bn"
        else _("{currency} million").format(currency=currency)
    )


def change(rate: float | None) -> str:
    """A relative change or difference, signed, one decimal: '+4.1%', '-1.7%'."""
    if rate is None or _missing(rate):
        return NOTHING
    return format_percent(rate, "+#,##0.0%;-#,##0.0%", locale=_here(), numbering_system=DIGITS)


def share(rate: float | None) -> str:
    """A share of a total, one decimal: '24.2%' ('' where there is none)."""
    if rate is None or _missing(rate):
        return ""
    return format_percent(rate, "#,##0.0%", locale=_here(), numbering_system=DIGITS)


def relation(difference: float | None) -> str:
    """Where a claim stands against a figure: '1.7% below it', '3.9% above it'."""
    if difference is None or _missing(difference):
        return NOTHING
    if abs(difference) < 0.0005:
        return _("equal to it")
    size = format_percent(abs(difference), "#,##0.0%", locale=_here(), numbering_system=DIGITS)
    if difference < 0:
        return _("{size} below it").format(size=size)
    return _("{size} above it").format(size=size)


def movement(rate: float) -> str:
    """A change as words: 'a fall of 2.6%', 'a rise of 5.0%'."""
    size = format_percent(abs(rate), "#,##0.0%", locale=_here(), numbering_system=DIGITS)
    if rate < 0:
        return _("a fall of {size}").format(size=size)
    return _("a rise of {size}").format(size=size)


def percent_points(value: float) -> str:
    """A percentage as a bulletin prints it, two decimals: '24.20 %'."""
    return f"{number(value, 2)} %"


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 problem', '3 problems', '1,024 rows', '12 partner countries'."""
    return f"{number(n)} {word if n == 1 else plural or word + 's'}"


# ---------------------------------------------------------------- dates and periods


@cache
def _month_abbreviations() -> tuple[str, ...]:
    names = get_month_names("abbreviated", locale=LOCALE)
    return tuple(names[m] for m in range(1, 13))


def month_abbr(month: int) -> str:
    """'Jan' .. 'Dec'."""
    return _month_abbreviations()[month - 1]


def months_span(last_month: int) -> str:
    """January to ``last_month``: 'Jan-May'."""
    return f"{month_abbr(1)}-{month_abbr(last_month)}"


def period(start: date | pd.Timestamp, end: date | pd.Timestamp, freq: str | None = None) -> str:
    """A period's label: '2021' (a year), 'May 2022' (a month), 'Jan-May 2022'."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if freq is None:
        months = end.month - start.month + 1
        freq = "A" if months == 12 else ("M" if months == 1 else "YTD")
    if freq == "A":
        return str(start.year)
    if freq == "M":
        return f"{month_abbr(end.month)} {start.year}"
    return f"{months_span(end.month)} {start.year}"


def period_shown(label: object) -> str:
    """A period label as the reader's language names it: 'Jan-May 2022' is 'янв.-май 2022'
    in Russian. The store keeps labels in English (they are data, and views compare them);
    pages, charts and exports show them through this."""
    label = str(label)
    lang = i18n.current()
    return label if lang == i18n.DEFAULT else _period_in(label, lang)


@cache
def _period_in(label: str, lang: str) -> str:
    english = {name: number for number, name in enumerate(_month_abbreviations(), start=1)}
    names = get_month_names("abbreviated", context="stand-alone", locale=i18n.locale(lang))
    months = "|".join(english)
    match = re.fullmatch(rf"(?:({months})-)?({months}) (\d{{4}})", label)
    if match is None:
        return label  # a year, or a label this module did not write
    first, last, year = match.groups()
    shown = names[english[last]]
    if first is not None:
        shown = f"{names[english[first]]}-{shown}"
    return f"{shown} {year}"


def period_labels(frame: pd.DataFrame) -> pd.Series:
    """``period`` for each row of a frame with period_start, period_end and freq."""
    start, end, freq = frame["period_start"], frame["period_end"], frame["freq"]
    year = start.dt.year.astype(str)
    month = end.dt.month.map(lambda m: month_abbr(int(m)))
    span = month_abbr(1) + "-" + month + " " + year
    labels = year.where(freq == "A", span.where(freq == "YTD", month + " " + year))
    return pd.Series(labels, index=frame.index, dtype="str")


def period_kind(freq: str, months: int) -> str:
    """How a set of periods is named in notes: 'annual', 'monthly' or 'Jan-May'."""
    if freq == "YTD":
        return months_span(months)
    return _("annual") if freq == "A" else _("monthly")


def freq_plural(freq: str) -> str:
    """'years', 'months', 'January-to-month spans'."""
    return {"A": _("years"), "M": _("months"), "YTD": _("January-to-month spans")}[freq]


def period_kind_of(freq: str) -> str:
    """What one period of a kind is: 'a full year', 'a month', 'January to a month'."""
    return {"A": _("a full year"), "M": _("a month"), "YTD": _("January to a month")}[freq]


def periods_shown(freq: str, months: int) -> str:
    """How a chart's periods are named in its title: 'years', 'months', 'Jan-May of each year'."""
    if freq == "YTD" and months < 12:
        return _("{months} of each year").format(months=months_span(months))
    return _("months") if freq == "M" else _("years")


def _timestamp(value: object) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, (str, date, datetime, pd.Timestamp)):
        return None
    return pd.Timestamp(value)


def date_long(value: object) -> str:
    """'27 October 2022'."""
    when = _timestamp(value)
    return "" if when is None else format_date(when.date(), "d MMMM y", locale=_here())


def date_short(value: object) -> str:
    """'27 Oct 2022'."""
    when = _timestamp(value)
    return "" if when is None else format_date(when.date(), "dd MMM y", locale=_here())


def date_iso(value: object) -> str:
    """'2022-10-27' (citations and exports use the unambiguous form)."""
    when = _timestamp(value)
    return "" if when is None else f"{when:%Y-%m-%d}"


# ---------------------------------------------------------------- places and flows


class Words(Mapping[str, str]):
    """Labels by code, each read in the reader's language: ``FLOW_LABELS["export"]`` is
    'Exports', 'Экспорт' or 'الصادرات'."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, code: str) -> str:
        return i18n.gettext(self._labels[code])

    def __iter__(self):
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


FLOW_LABELS = Words({"turnover": N_("Turnover"), "export": N_("Exports"), "import": N_("Imports")})
FLOW_NOUNS = {"export": "exports", "import": "imports", "turnover": "turnover"}
FLOW_PHRASES = {
    "export": "exports to",
    "import": "imports from",
    "turnover": "trade (turnover) with",
}
FREQ_LABELS = Words({"A": N_("Years"), "M": N_("Months"), "YTD": N_("Same months of each year")})
UNIT_LABELS = Words({"bn": N_("billions"), "mn": N_("millions")})
EDITION_LABELS = Words({"latest": N_("latest"), "all": N_("all vintages")})
CHART_LABELS = Words({"bar": N_("bars"), "treemap": N_("treemap")})
SOURCE_KIND_LABELS = Words(
    {
        "all": N_("all"),
        "official_statistics": N_("official statistics"),
        "database": N_("databases"),
        "press": N_("press"),
        "upload": N_("uploads"),
    }
)


def country(code: str) -> str:
    """The display name of a country or group code in the reader's language: 'Kazakhstan',
    'Казахстан', 'كازاخستان'; 'CIS countries'. CLDR's names (Babel) for countries, the
    catalogues' for groups."""
    lang = i18n.current()
    return name_en(code) if lang == i18n.DEFAULT else _country_in(code, lang)


@cache
def _country_in(code: str, lang: str) -> str:
    english = name_en(code)
    if code.startswith("EA") and code[2:].isdigit():
        return i18n.gettext("Euro area, {n} countries", lang).format(n=code[2:])
    if code in AGGREGATES:
        return i18n.gettext(english, lang)
    found = pycountry.countries.get(alpha_3=code)
    alpha_2 = "XK" if code == "XKX" else (found.alpha_2 if found is not None else None)
    if alpha_2 is not None:
        name = i18n.locale(lang).territories.get(alpha_2)
        if name:
            return name
    return english


def country_option(code: str, name: str | None = None) -> str:
    """How a country is offered in a menu: 'China (CHN)'."""
    return f"{name or country(code)} ({code})"


def flow_between(reporter: str, flow: str, partner: str) -> str:
    """ "Kazakhstan's exports to China"."""
    sentence = {
        "export": _("{reporter}'s exports to {partner}"),
        "import": _("{reporter}'s imports from {partner}"),
        "turnover": _("{reporter}'s trade (turnover) with {partner}"),
    }[flow]
    return sentence.format(reporter=country(reporter), partner=country(partner))


def pair(reporter: str, partner: str) -> str:
    """'Kazakhstan-Russia'."""
    return f"{country(reporter)}-{country(partner)}"


# ---------------------------------------------------------------- series names

# Series names and fixed phrases, each read in the reader's language when it is used
# (``text.PRESS_CLAIM`` through the module's __getattr__ below), so a view's rows and the
# code that picks them out of the rows always agree on the words.
LABELS = {
    "PRESS_CLAIM": N_("Press claim"),
    "PARTNER": N_("Partner"),
    "TOTAL_PARTNERS": N_("Total, all partners (not ranked)"),
    "INVESTMENT_TOTAL": N_("Investment package (announced total)"),
    "ALL_SECTORS": N_("All sectors (announced total)"),
    "TOTAL_PACKAGE": N_("Total package"),
    "NOT_DISCLOSED": N_("not disclosed"),
    "NO_OFFICIAL_FIGURE": N_("no official figure loaded for this period"),
}


def __getattr__(name: str) -> str:
    if name in LABELS:
        return i18n.gettext(LABELS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reported_by(code: str) -> str:
    """The series of a reporter's own figures: 'Reported by Kazakhstan'."""
    return _("Reported by {country}").format(country=country(code))


def official_by(code: str) -> str:
    """A reporter's official figure beside a claim: 'Official: reported by Russia'."""
    return _("Official: reported by {country}").format(country=country(code))


def uploaded_by(source: Mapping) -> str:
    """Who a user's file is from: "'Ministry exports', uploaded by anna"."""
    name = source.get("upload_name") or source.get("title") or _("a file")
    who = source.get("uploaded_by")
    if _present(who) and who:
        return _("'{name}', uploaded by {who}").format(name=name, who=who)
    return _("'{name}', uploaded").format(name=name)


def uploaded_series(source: Mapping, reporter: str) -> str:
    """The series of a user's figures: "Your upload 'Ministry exports', uploaded by anna
    (as reported by Kazakhstan)" - never a name an official series has."""
    return _("Your upload {upload} (as reported by {reporter})").format(
        upload=uploaded_by(source), reporter=reporter
    )


def line_name(series: str, rows: pd.DataFrame, by_edition: bool) -> str:
    """A series split by table or edition: 'Mirror: reported by Russia, table
    ru-fcs-trade-cis-annual', 'Reported by Kazakhstan, edition 2021'."""
    edition = rows.edition.iloc[0]
    if by_edition and _present(edition):
        return _("{series}, edition {edition}").format(series=series, edition=edition)
    return _("{series}, table {table}").format(series=series, table=rows.dataset.iloc[0])


def mirror_by(code: str, flow: str) -> str:
    """The partner's figures for the same trade: 'Mirror: reported by Russia (its imports)'."""
    if flow == "export":
        return _("Mirror: reported by {country} (its exports)").format(country=country(code))
    if flow == "import":
        return _("Mirror: reported by {country} (its imports)").format(country=country(code))
    return _("Mirror: reported by {country}").format(country=country(code))


# ---------------------------------------------------------------- sources and citations


def _present(value: object) -> bool:
    return not (
        value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def data_text(value: object) -> str:
    """A text the data gives (a publisher, a table's English name, a note, a sector) in the
    reader's language where the catalogue has it, else as the data gives it.

    ``make messages`` extracts these texts from the shipped data (``dashboard.catalogue``), so
    the shipped sources read in every language; a user's own file reads as its author wrote.
    """
    if not isinstance(value, str) or not value:
        return "" if value is None or not _present(value) else str(value)
    return _(value)


def publisher_short(publisher: object) -> str:
    """A publisher's name without its long tail, in the reader's language where the
    catalogue has it: 'Federal Customs Service of Russia'."""
    return data_text(short_publisher(publisher))


def short_publisher(publisher: object) -> str:
    """A publisher's name without its long tail, as the data gives it (the catalogue's key)."""
    return str(publisher or "").split(",")[0].split(" (")[0]


def rendering(english: str) -> tuple[str, str]:
    """An English text of the data in the reader's language where the catalogue has it, with
    the code of the language it is then in: the English itself (``'en'``) where it has not."""
    shown = data_text(english)
    return (shown, i18n.current()) if shown != english else (english, "en")


def title_translation(source: Mapping) -> tuple[str, str] | None:
    """A source's title in the reader's language, with the code of the language it is in.

    The catalogue's rendering of its English title (the title itself for an English
    source, else ``title_en``); for a source in another language without one, the English
    title (``'en'``), which still tells a reader what the table is. None where the reader
    reads the source's own language, or no English title is known.
    """
    reader, language = i18n.current(), source.get("language")
    if language == reader:
        return None
    english = source.get("title") if language == "en" else source.get("title_en")
    if not isinstance(english, str) or not english:
        return None
    shown, lang = rendering(english)
    return None if lang == language else (shown, lang)


def source_label(source: Mapping) -> str:
    """Short name of a source for chart source lines, hovers and verdicts:
    'Bureau of National Statistics, edition 2022' or 'Press article, 27 Oct 2022'."""
    if source.get("kind") == "press":
        published = date_short(source.get("published"))
        if not published:
            return _("Press article")
        return _("Press article, {date}").format(date=published)
    publisher = publisher_short(source.get("publisher"))
    if source.get("kind") == "upload":
        # Whatever format it was read in, a user's file is theirs, not the official series.
        return _("{publisher} file {upload}").format(
            publisher=publisher, upload=uploaded_by(source)
        )
    edition = source.get("edition")
    if _present(edition):
        return _("{publisher}, edition {edition}").format(publisher=publisher, edition=edition)
    return publisher


def sources_line(sources: Iterable[Mapping], width: int = 150) -> list[str]:
    """The sources a chart cites, grouped by publisher with their editions, in lines of at
    most ``width`` characters: 'Bureau of National Statistics, editions 2019, 2022; Press
    article, 27 Oct 2022'."""
    editions: dict[str, list[str]] = {}
    for source in sources:
        if source.get("kind") in ("press", "upload") or not _present(source.get("edition")):
            name, edition = source_label(source), ""
        else:
            name, edition = publisher_short(source.get("publisher")), str(source["edition"])
        listed = editions.setdefault(name, [])
        if edition and edition not in listed:
            listed.append(edition)
    parts = [
        (
            i18n.ngettext(
                "{publisher}, edition {editions}", "{publisher}, editions {editions}", len(eds)
            ).format(publisher=name, editions=", ".join(sorted(eds)))
            if eds
            else name
        )
        for name, eds in editions.items()
    ]
    lines, line = [], ""
    for part in parts:
        candidate = f"{line}; {part}" if line else part
        if len(candidate) > width and line:
            lines.append(line + ";")
            line = part
        else:
            line = candidate
    return [*lines, line]


def figure_citation(publisher: object, edition: object, locator: object) -> str:
    """Where one figure sits: 'Bureau of National Statistics, edition 2022; sheet '2021', row 9'."""
    return _("{publisher}, edition {edition}; {locator}").format(
        publisher=publisher_short(publisher), edition=edition, locator=locator
    )


def citation(source: Mapping) -> str:
    """A full citation line: publisher, title, edition, date, locator, url, accessed."""
    title = f"“{source['title']}”"
    if (translation := title_translation(source)) is not None:
        title += f" [{translation[0]}]"  # a translated title, as citation styles bracket it
    parts = [data_text(source["publisher"]), title]
    if _present(source.get("edition")):
        parts.append(_("edition {edition}").format(edition=source["edition"]))
    if _present(source.get("published")):
        parts.append(_("published {date}").format(date=date_iso(source["published"])))
    if _present(source.get("locator")):
        parts.append(str(source["locator"]))
    if _present(source.get("url")):
        parts.append(str(source["url"]))
    if _present(source.get("accessed")):
        parts.append(_("accessed {date}").format(date=date_iso(source["accessed"])))
    return ". ".join(parts) + "."


def press_citation(source: Mapping) -> tuple[str, str, str]:
    """'Source: publisher, “', the title, '”, 27 October 2022, paragraph 6.' (the title is
    returned apart so a page can isolate an Arabic title from the English around it)."""
    return (
        _("Source: {publisher}, “").format(publisher=data_text(source["publisher"])),
        str(source["title"]),
        f"”, {date_long(source.get('published'))}, {source.get('locator')}.",
    )


def how(said: str) -> str:
    """How a compared figure was found ('published', 'summed from months', 'derived: ...'),
    or why there is none, in the reader's language."""
    if said.startswith("derived: "):
        return _("derived: {note}").format(note=data_text(said.removeprefix("derived: ")))
    return _(said) if said else said


def text_or(value: object, fallback: str) -> str:
    """A text cell, or ``fallback`` where the source left it empty."""
    return value if isinstance(value, str) else fallback


# ---------------------------------------------------------------- explanations

MIRROR_NOTE = N_(
    "Mirror figures differ for known reasons: imports are valued CIF and exports FOB; "
    "partners are attributed by origin or consignment differently; Kazakhstan records "
    "trade with EAEU members by a statistical survey, not customs declarations; and "
    "publication dates, revisions and confidential items differ."
)

DEFINITIONS = [
    (N_("Turnover"), N_("Exports plus imports of goods between the reporter and the partner.")),
    (
        N_("Reporter and partner"),
        N_(
            "The reporter is the country whose statistics give the figure; the partner is the "
            "other country. Every flow is seen from the reporter's side."
        ),
    ),
    (
        N_("Mirror figures"),
        N_(
            "The partner's own statistics for the same trade: one country's exports are the "
            "other's imports. They differ because of valuation (CIF/FOB), timing, country "
            "attribution (origin vs consignment), thresholds and the methods each reporter uses."
        ),
    ),
    (
        N_("CIF / FOB"),
        N_(
            "Each country usually values its imports CIF (cost, insurance and freight to its "
            "border) and its exports FOB (free on board at its own border). So a country's "
            "imports from a partner tend to exceed the partner's exports to it, by the cost of "
            "carriage; its exports to the partner tend to fall short of the partner's imports. "
            "Origin against consignment, timing and revisions can push either gap either way."
        ),
    ),
    (
        N_("Like-for-like periods"),
        N_(
            "A figure is compared only with the same months of another year. Monthly figures are "
            "summed into 'January to month N' only when every month is present."
        ),
    ),
    (
        N_("Basis"),
        N_(
            "reported: the reporter's own published figure; derived: computed here from published "
            "figures (the note says how); claim: a figure stated by the press; estimate: estimated "
            "by the publisher."
        ),
    ),
    (
        N_("Editions"),
        N_(
            "Statistics are revised: each edition of a bulletin is its own source. Views use the "
            "latest edition unless 'editions=all' is chosen."
        ),
    ),
]


def change_on_year(amount: float | None, rate: float | None, currency: str, unit: str) -> str:
    """The change on a year earlier, as hovers and tables say it: '+31.2% (+$5.85 bn) on a
    year earlier'; '' where there is no comparable figure a year earlier."""
    if amount is None or _missing(amount):
        return ""
    sign = "-" if amount < 0 else "+"
    relative = f"{change(rate)} " if rate is not None and not _missing(rate) else ""
    return _("{relative}({sign}{amount}) on a year earlier").format(
        relative=relative, sign=sign, amount=money(abs(amount), currency, unit)
    )


# ---------------------------------------------------------------- charts' own words

# The chart toolbar's buttons, in the reader's language (plotly's own names as keys).
MODEBAR = {
    "Download plot as a png": N_("Download the chart as a PNG image"),
    "Zoom": N_("Zoom"),
    "Pan": N_("Pan"),
    "Zoom in": N_("Zoom in"),
    "Zoom out": N_("Zoom out"),
    "Autoscale": N_("Autoscale"),
    "Reset axes": N_("Reset axes"),
    "Box Select": N_("Box select"),
    "Lasso Select": N_("Lasso select"),
}


@cache
def _plotly_locale(lang: str) -> dict:
    """Plotly's locale for ``lang`` from CLDR (Babel): month and day names on date axes,
    the decimal and thousands marks (Latin digits, as every figure here is written)."""
    where = i18n.locale(lang)
    symbols = where.number_symbols.get("latn", {})
    return {
        "format": {
            "months": list(get_month_names("wide", "stand-alone", where).values()),
            "shortMonths": list(get_month_names("abbreviated", "stand-alone", where).values()),
            "days": [where.days["stand-alone"]["wide"][(d + 6) % 7] for d in range(7)],
            "shortDays": [where.days["stand-alone"]["abbreviated"][(d + 6) % 7] for d in range(7)],
            "decimal": symbols.get("decimal", "."),
            "thousands": symbols.get("group", ","),
        },
        "dictionary": {},
    }


def plotly_locale(lang: str | None = None) -> dict | None:
    """The ``locales`` entry of a chart's config for the reader's language (None in
    English, plotly's own): date axes in its month names, the toolbar in its words."""
    lang = lang or i18n.current()
    if lang == i18n.DEFAULT:
        return None
    words = {plotly: _(ours) for plotly, ours in MODEBAR.items()}
    return {**_plotly_locale(lang), "dictionary": words}


def clauses(parts: Iterable[str]) -> str:
    """Clauses of one sentence joined as the reader's language joins them: a semicolon, or
    the Arabic semicolon in Arabic."""
    return ("؛ " if i18n.current() == "ar" else "; ").join(parts)
