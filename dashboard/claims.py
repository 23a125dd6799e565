"""Claim rules: what a press figure's wording allows, and how it compares with the ledger.

Pure functions over the tidy ledger (no Dash): value and rate ranges, graded verdicts,
earlier editions, the claim's qualitative words ("a record"), implied bases, near matches.
Period rules live in ``dashboard.periods``; the table the Claims page and its export show
is built in ``dashboard.views.claims``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard import text
from dashboard.coverage import why_missing
from dashboard.i18n import N_, _
from dashboard.periods import (
    Comparison,
    Growth,
    comparable,
    growth,
    months_to_date,
    official,
    official_same_period,
    sides,
    uploaded_same_period,
    with_period,
)

# A claim "matches" an official figure when the figure lies inside the range the claim's
# own wording allows: half its last stated digit either way ("$9.2 billion" covers
# 9.15-9.25 bn). Words like "about" widen a stated value by this fraction, because "about
# $9 billion" is a looser statement than "$9.2 billion".
APPROX_VALUE_REL = 0.05
# A claimed change said to be approximate ("about five percent", "about a third") allows
# this share of the rate itself, and never less than one percentage point: "about 5 %"
# covers 4-6 %, "about a third" covers 30.0-36.7 %.
APPROX_RATE_REL = 0.10
APPROX_RATE_MIN = 0.01
# Outside its own rounding, a claim within this share of a figure is "close" (a rounding
# down, an earlier edition or the other reporter's figure explain such gaps), beyond FAR_REL
# it is "far off"; in between it "differs".
CLOSE_REL = 0.02
FAR_REL = 0.10
# Near matches: how many other ledger figures to list as possible explanations.
NEAR_MATCH_LIMIT = 8
# The grades, best first (each also a word the pages show, through the catalogues).
GRADES = (N_("matches"), N_("close"), N_("differs"), N_("far off"), N_("no figure"))
# Sources by id, each its row as a mapping (publisher, kind, edition, published ...).
Sources = Mapping[str, Mapping]


def value_range(value: float, precision: float | None, approx: bool) -> tuple[float, float]:
    """The values a stated figure allows: its rounding, widened for "about"."""
    half = (precision or 0.0) / 2
    low, high = value - half, value + half
    if approx:
        low, high = low * (1 - APPROX_VALUE_REL), high * (1 + APPROX_VALUE_REL)
    return low, high


def rate_range(rate: float, approx: bool) -> tuple[float, float]:
    """The changes a stated rate allows ("about 5 %" -> 4-6 %)."""
    if not approx:
        return rate, rate
    slack = max(abs(rate) * APPROX_RATE_REL, APPROX_RATE_MIN)
    return rate - slack, rate + slack


@dataclass(frozen=True)
class ImpliedBase:
    """The earlier value a claimed figure and claimed change imply, with its range."""

    value: float
    low: float
    high: float


def implied_base(
    value: float, precision: float | None, approx: bool, rate: float, rate_approx: bool
) -> ImpliedBase:
    """value / (1 + rate), and the range the stated rounding and approximation allow."""
    v_low, v_high = value_range(value, precision, approx)
    r_low, r_high = rate_range(rate, rate_approx)
    if min(1 + r_low, 1 + r_high) <= 0:
        raise ValueError("a change of -100 % or less implies no base")
    return ImpliedBase(value / (1 + rate), v_low / (1 + r_high), v_high / (1 + r_low))


@dataclass(frozen=True)
class Grade:
    """How a claimed value stands against one figure."""

    kind: str  # matches | close | differs | far off | no figure
    difference: float | None  # the claim relative to the figure: claim / figure - 1


def grade(claim_value: float, precision, approx: bool, figure: float | None) -> Grade:
    """Grade a claimed value against a figure by the tolerances above."""
    if figure is None or pd.isna(figure) or not figure:
        return Grade("no figure", None)
    difference = claim_value / figure - 1
    low, high = value_range(claim_value, precision, approx)
    if low <= figure <= high:
        return Grade("matches", difference)
    if abs(difference) <= CLOSE_REL:
        return Grade("close", difference)
    return Grade("differs" if abs(difference) <= FAR_REL else "far off", difference)


def rounds_down_to(claim_value: float, precision: float | None, figure: float) -> bool:
    """True when the claim is the figure cut (not rounded) at the claim's last digit:
    25.631 billion stated as "25.6"."""
    if not precision:
        return False
    return abs(int(figure / precision) * precision - claim_value) < precision / 1000


def mirror_gap(first: Comparison, second: Comparison) -> float | None:
    """How much the second reporter's figure exceeds the first's (None if either is missing)."""
    if first.value is None or second.value is None or not first.value:
        return None
    return second.value / first.value - 1


def available_from(source: Mapping) -> pd.Timestamp | None:
    """The earliest date a source's figures can have been read: its publication date, else
    the end of the period its edition covers ("2021" -> the end of 2021, "2021-12" -> the
    end of December 2021, a date -> that date); None when nothing says."""
    published = source.get("published")
    if published is not None and not pd.isna(published):
        return pd.Timestamp(published)
    edition = source.get("edition")
    if not isinstance(edition, str):
        return None
    if re.fullmatch(r"\d{4}", edition):
        return pd.Timestamp(int(edition), 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", edition):
        return pd.Timestamp(edition) + pd.offsets.MonthEnd(0)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", edition):
        return pd.Timestamp(edition)
    return None


def partner_shares(observations: pd.DataFrame) -> pd.DataFrame:
    """Each official partner figure as a share (%) of the reporter's world total, same source,
    period and flow: the shares statistical bulletins print beside their figures."""
    rows = official(observations)
    rows = rows[rows.basis.isin(("reported", "derived"))]
    keys = ["reporter", "flow", "period_start", "period_end", "source_id"]
    totals = rows[rows.partner == "WLD"][[*keys, "value"]].rename(columns={"value": "world"})
    parts = rows[~rows.partner_is_aggregate]
    merged = parts.merge(totals, on=keys)
    return merged.assign(share=merged.value / merged.world * 100)


# ---------------------------------------------------------------- near matches


@dataclass(frozen=True)
class NearMatch:
    """A figure that equals the claimed number within its rounding, published before the
    claim and of the same kind of period: an explanation to consider, never a verdict."""

    description: str
    value: float
    unit: str
    source_id: str
    edition: str | None
    locator: str | None
    why: str


def _near(row: dict, description: str, why: str) -> NearMatch:
    return NearMatch(
        description,
        float(row["value"]),
        str(row["currency"]),
        str(row["source_id"]),
        row["edition"] if isinstance(row["edition"], str) else None,
        row["locator"] if isinstance(row["locator"], str) else None,
        why,
    )


def _could_be_read(
    frame: pd.DataFrame, sources: Sources, claim: pd.Series, said: pd.Timestamp | None
) -> pd.Series:
    """Rows the claim's author could have read: of the same kind of period as the claim
    (the same months), ended before the claim was published, from a source out by then."""
    same_kind = [
        comparable(start, end, claim.period_start, claim.period_end)
        for start, end in zip(frame.period_start, frame.period_end, strict=True)
    ]
    keep = pd.Series(same_kind, index=frame.index, dtype=bool)
    if said is not None:
        out_by = [available_from(sources.get(str(s), {})) for s in frame.source_id]
        read = [when is None or when < said for when in out_by]
        keep &= frame.period_end < said
        keep &= pd.Series(read, index=frame.index, dtype=bool)
    return keep


def near_matches(
    observations: pd.DataFrame,
    claim: pd.Series,
    sources: Sources,
    limit: int = NEAR_MATCH_LIMIT,
) -> list[NearMatch]:
    """Official figures equal to the claim's number within its rounding: other flows, years,
    pairs and editions in the same currency, and partner shares in per cent whose digits
    match the stated number ("24.2" billion and a 24.20 % share). Only figures the claim's
    author could have read: the same kind of period as the claim, ended and published
    before the claim (``sources``: each source's row by its id)."""
    said = available_from(sources.get(claim.source_id, {}))
    before = f"out before {text.date_long(said)}" if said is not None else "date of claim unknown"
    low, high = value_range(claim.value, claim.precision, bool(claim.approx))
    others = official(observations)
    others = others[(others.currency == claim.currency) & others.value.between(low, high)]
    others = others[_could_be_read(others, sources, claim, said)]
    found: list[tuple[float, NearMatch]] = []
    for row in others.to_dict("records"):
        description = (
            f"{row['reporter_name']}'s {text.FLOW_PHRASES[row['flow']]} {row['partner_name']}, "
            f"{row['period']} ({row['basis']}, {row['currency']})"
        )
        why = f"the claim's digits, a figure for {text.period_kind_of(row['freq'])}, {before}"
        found.append((abs(row["value"] - claim.value) / claim.value, _near(row, description, why)))
    # The stated number read as a percentage: "$24.2 billion" -> 24.2 %.
    scale = 1e9 if claim.value >= 1e9 else 1e6
    stated, half = claim.value / scale, (claim.precision or scale) / scale / 2
    shares = partner_shares(observations)
    shares = shares[shares.share.between(stated - half, stated + half)]
    shares = shares[_could_be_read(shares, sources, claim, said)]
    for row in shares.to_dict("records"):
        description = (
            f"{row['partner_name']}'s share of {row['reporter_name']}'s "
            f"{text.FLOW_NOUNS[row['flow']]}, {row['period']}: {text.percent_points(row['share'])}"
        )
        why = f"the claim's digits read as a share in per cent, {before}"
        match = _near({**row, "value": row["share"], "currency": "%"}, description, why)
        found.append((abs(row["share"] - stated) / stated, match))
    found.sort(key=lambda pair: pair[0])
    unique: list[NearMatch] = []
    seen: set[str] = set()
    for _distance, match in found:
        if match.description not in seen:
            seen.add(match.description)
            unique.append(match)
    return unique[:limit]


# ---------------------------------------------------------------- earlier editions


@dataclass(frozen=True)
class Vintage:
    """A figure for the claim's period from an earlier edition of the same table."""

    figure: Comparison
    grade: Grade


def earlier_editions(
    observations: pd.DataFrame, claim: pd.Series, latest: list[Comparison]
) -> list[Vintage]:
    """Each side's figure for the claim's period in the earlier editions that gave another
    number than the latest: revised tables give earlier vintages, and a claim may quote
    one."""
    out = []
    for comparison in latest:
        if comparison.value is None:
            continue
        rows = official(observations)
        rows = rows[
            (rows.reporter == comparison.reporter)
            & (rows.partner == comparison.partner)
            & (rows.flow == comparison.flow)
            & (rows.currency == claim.currency)
            & (rows["product"] == claim["product"])
            & ~rows.is_latest
            & (rows.period_start == claim.period_start)
            & (rows.period_end == claim.period_end)
            & (rows.value != comparison.value)
        ]
        for row in rows.to_dict("records"):
            figure = Comparison(
                comparison.reporter,
                comparison.partner,
                comparison.flow,
                row["period_start"],
                row["period_end"],
                float(row["value"]),
                row["currency"],
                row["basis"],
                row["source_id"],
                row["edition"] if isinstance(row["edition"], str) else None,
                row["locator"] if isinstance(row["locator"], str) else None,
                "published",
            )
            out.append(
                Vintage(
                    figure, grade(claim.value, claim.precision, bool(claim.approx), row["value"])
                )
            )
    return out


# ---------------------------------------------------------------- the claim's words


@dataclass(frozen=True)
class WordCheck:
    """One qualitative word of a claim ("a record") checked against one reporter's series,
    or the reason it is not checked."""

    word: str
    reporter: str | None
    status: str  # consistent | differs | not checked
    note: str
    source_id: str | None = None
    edition: str | None = None
    locator: str | None = None
    figure: float | None = None


def _series(observations: pd.DataFrame, claim: pd.Series, reporter: str, partner: str, flow: str):
    """Each official table's figures for the claim's kind of period, year by year, up to the
    claim's year: spans as published, or months summed where every month is there."""
    rows = official(observations)
    rows = rows[
        rows.is_latest
        & (rows.reporter == reporter)
        & (rows.partner == partner)
        & (rows.flow == flow)
        & (rows.currency == claim.currency)
        & (rows["product"] == claim["product"])
        & (rows.period_start.dt.year <= claim.period_start.year)
    ]
    for dataset, table in rows.groupby("dataset", sort=True):
        spans = table[
            [
                comparable(s, e, claim.period_start, claim.period_end)
                for s, e in zip(table.period_start, table.period_end, strict=True)
            ]
        ]
        summed = False
        if spans.empty and claim.freq in ("A", "YTD"):
            spans, _gaps = months_to_date(table, claim.period_end.month)
            summed = True
        if not spans.empty:
            yield str(dataset), spans.sort_values("period_start"), summed


def _series_name(
    reporter: str, dataset: str, spans: pd.DataFrame, summed: bool, sources: Sources
) -> str:
    """What a series covers, said with every check of it: "Russia's table
    ru-fcs-trade-cis-annual (Federal Customs Service of Russia, 1994 to 2021)"."""
    source = sources.get(str(spans.source_id.iloc[0]), {})
    publisher = text.publisher_short(source.get("publisher", dataset))
    first, last = spans.period.iloc[0], spans.period.iloc[-1]
    how = ", months summed" if summed else ""
    return f"{text.country(reporter)}'s table {dataset} ({publisher}, {first} to {last}{how})"


def _extreme(word: str, highest: bool):
    def check(observations, claim, sources) -> list[WordCheck]:
        out = []
        for reporter, partner, flow in sides(claim):
            for dataset, spans, summed in _series(observations, claim, reporter, partner, flow):
                name = _series_name(reporter, dataset, spans, summed, sources)
                now = spans[spans.period_start == claim.period_start]
                if now.empty:
                    out.append(
                        WordCheck(
                            word, reporter, "not checked", f"{name}: no {claim.period} figure"
                        )
                    )
                    continue
                top = spans.loc[spans.value.idxmax() if highest else spans.value.idxmin()]
                this = now.iloc[0]
                if top.period_start == this.period_start:
                    note = (
                        f"{name}: {claim.period} is the {'highest' if highest else 'lowest'} "
                        f"({text.money(this.value, claim.currency)})"
                    )
                    out.append(
                        WordCheck(
                            word,
                            reporter,
                            "consistent",
                            note,
                            this.source_id,
                            this.edition,
                            this.locator,
                            float(this.value),
                        )
                    )
                else:
                    side = "above" if highest else "below"
                    note = (
                        f"{name}: {top.period} = {text.money(top.value, claim.currency)} is {side} "
                        f"{claim.period} = {text.money(this.value, claim.currency)}"
                    )
                    out.append(
                        WordCheck(
                            word,
                            reporter,
                            "differs",
                            note,
                            top.source_id,
                            top.edition,
                            top.locator,
                            float(top.value),
                        )
                    )
        if not out:
            out.append(WordCheck(word, None, "not checked", "no official series for the pair"))
        return out

    return check


def _doubled(observations, claim, sources) -> list[WordCheck]:
    out = []
    for reporter, partner, flow in sides(claim):
        for dataset, spans, summed in _series(observations, claim, reporter, partner, flow):
            name = _series_name(reporter, dataset, spans, summed, sources)
            years = spans.set_index(spans.period_start.dt.year)
            year = claim.period_start.year
            if year not in years.index or year - 1 not in years.index:
                out.append(
                    WordCheck(
                        "doubled",
                        reporter,
                        "not checked",
                        f"{name}: no figure for {claim.period} and the same months a year earlier",
                    )
                )
                continue
            ratio = years.loc[year].value / years.loc[year - 1].value
            status = "consistent" if ratio >= 2 else "differs"
            note = f"{name}: {text.number(ratio, 2)} times the figure a year earlier"
            out.append(WordCheck("doubled", reporter, status, note, years.loc[year].source_id))
    return out or [WordCheck("doubled", None, "not checked", "no official series for the pair")]


def _main_partner(observations, claim, sources) -> list[WordCheck]:
    rows = official(observations)
    rows = rows[
        rows.is_latest
        & (rows.reporter == claim.reporter)
        & (rows.flow == claim.flow)
        & (rows.currency == claim.currency)
        & (rows.period_start == claim.period_start)
        & (rows.period_end == claim.period_end)
        & ~rows.partner_is_aggregate
    ]
    if rows.empty:
        return [
            WordCheck(
                "main partner",
                claim.reporter,
                "not checked",
                f"no partner figures of {text.country(claim.reporter)} for {claim.period}",
            )
        ]
    table = rows[rows.dataset == rows.groupby("dataset").partner.nunique().idxmax()]
    first = table.loc[table.value.idxmax()]
    status = "consistent" if first.partner == claim.partner else "differs"
    note = (
        f"{text.country(claim.reporter)}'s largest partner in {claim.period} is "
        f"{first.partner_name} ({text.money(first.value, claim.currency)})"
    )
    return [
        WordCheck(
            "main partner",
            claim.reporter,
            status,
            note,
            first.source_id,
            first.edition,
            first.locator,
            float(first.value),
        )
    ]


# Words a claim's qualifier may carry, and the rule that checks each.
WORD_RULES: dict[str, Callable[..., list[WordCheck]]] = {
    "record": _extreme("record", True),
    "highest": _extreme("highest", True),
    "lowest": _extreme("lowest", False),
    "doubled": _doubled,
    "main partner": _main_partner,
}


def word_checks(observations: pd.DataFrame, claim: pd.Series, sources: Sources) -> list[WordCheck]:
    """Every qualitative word of the claim's qualifier, checked by its rule, or said to be
    not checked and why."""
    qualifier = claim.get("qualifier")
    if not isinstance(qualifier, str) or not qualifier.strip():
        return []
    out = []
    for word in (w.strip() for w in re.split(r"[;,]", qualifier) if w.strip()):
        rule = next((r for key, r in WORD_RULES.items() if key in word.casefold()), None)
        if rule is None:
            out.append(WordCheck(word, None, "not checked", f"no rule checks the word '{word}'"))
        else:
            out += rule(observations, claim, sources)
    return out


# ---------------------------------------------------------------- a claimed change


@dataclass
class ChangeCheck:
    """A claimed change: the implied base against each reporter's official base, and the
    official change where both periods are loaded."""

    rate: float
    approx: bool
    qualifier: str | None
    base_start: pd.Timestamp
    base_end: pd.Timestamp
    implied: ImpliedBase | None
    reason: str  # "computed" or why nothing was computed
    bases: list[Comparison]
    official_growth: dict[str, Growth]
    note: str | None = None  # how the base period was read (the article may not name it)


def _check_change(observations, claim, change, comparisons) -> ChangeCheck:
    base_start, base_end = pd.Timestamp(change.base_start), pd.Timestamp(change.base_end)
    approx = bool(change.approx)
    note = change.note if isinstance(change.get("note"), str) else None
    claimed = (change.rate, approx, change.qualifier, base_start, base_end)
    if not comparable(claim.period_start, claim.period_end, base_start, base_end):
        reason = "refused: the claimed base period does not cover the same months"
        return ChangeCheck(*claimed, None, reason, [], {}, note)
    implied = implied_base(claim.value, claim.precision, bool(claim.approx), change.rate, approx)
    bases = official_same_period(observations, with_period(claim, base_start, base_end))
    official_growth = {}
    for now, then in zip(comparisons, bases, strict=True):
        if now.value is not None and then.value is not None:
            official_growth[now.reporter] = growth(
                now.value,
                now.period_start,
                now.period_end,
                then.value,
                then.period_start,
                then.period_end,
            )
    return ChangeCheck(*claimed, implied, "computed", bases, official_growth, note)


# ---------------------------------------------------------------- the verdict


@dataclass
class ClaimCheck:
    """Everything known about one press claim against the ledger."""

    claim: pd.Series
    comparisons: list[Comparison]
    grades: list[Grade]
    verdict: str
    verdict_kind: str  # the best official grade: matches | close | differs | far off | no figure
    mirror_gap: float | None
    change: ChangeCheck | None
    near: list[NearMatch]
    words: list[WordCheck] = field(default_factory=list)
    vintages: list[Vintage] = field(default_factory=list)
    uploaded: list[Comparison] = field(default_factory=list)
    uploaded_grades: list[Grade] = field(default_factory=list)
    likely: Comparison | None = None  # the figure the claim most likely came from
    # Why a side has no figure: what its loaded tables cover, what would fill the gap.
    why: dict[str, str] = field(default_factory=dict)


def _name(sources: Sources, figure: Comparison) -> str:
    if figure.source_id is None or figure.source_id not in sources:
        return str(figure.source_id)
    source = sources[figure.source_id]
    if figure.origin == "upload":
        return _("your uploaded figure {upload}").format(upload=text.uploaded_by(source))
    return text.source_label(source)


def _graded(figure: Comparison, found: Grade, sources: Sources) -> str:
    """ "close to Kazakhstan's figure: the claim is 1.7 % below it (Bureau of National
    Statistics, edition 2022)"."""
    whose = (
        _("{country}'s figure").format(country=text.country(figure.reporter))
        if figure.origin == "official"
        else _name(sources, figure)
    )
    where = text.relation(found.difference)
    cite = f" ({_name(sources, figure)})" if figure.origin == "official" else ""
    sentence = {
        "matches": _("matches {whose} at the claim's own rounding{cite}"),
        "close": _("close to {whose}: the claim is {where}{cite}"),
        "differs": _("differs from {whose}: the claim is {where}{cite}"),
        "far off": _("far off {whose}: the claim is {where}{cite}"),
    }[found.kind]
    return sentence.format(whose=whose, where=where, cite=cite)


def _reasons(check: ClaimCheck, sources: Sources) -> list[str]:
    """Why a close figure may still be the claim's source."""
    claim, out = check.claim, []
    for figure, found in zip(check.comparisons, check.grades, strict=True):
        if found.kind != "close" or figure.value is None:
            continue
        if rounds_down_to(claim.value, claim.precision, figure.value):
            out.append(
                _("the claim is {country}'s figure rounded down").format(
                    country=text.country(figure.reporter)
                )
            )
    for vintage in check.vintages:
        if vintage.grade.kind in ("matches", "close"):
            out.append(
                _("{source} gives {amount} for {period}").format(
                    source=_name(sources, vintage.figure),
                    amount=text.money(vintage.figure.value, claim.currency),
                    period=text.period_shown(claim.period),
                )
            )
    return out


def _change_evidence(check: ClaimCheck) -> str | None:
    """What the loaded base figures say about a claimed change when no figure for the
    claimed period itself is loaded."""
    change = check.change
    if change is None or change.implied is None:
        return None
    claim = check.claim
    for base in change.bases:
        if base.value is None:
            continue
        implied = claim.value / base.value - 1
        low, high = rate_range(change.rate, change.approx)
        if low <= implied <= high:
            continue
        said = change.qualifier or text.change(change.rate)
        when = text.period(base.period_start, base.period_end)
        return _(
            "against {country}'s {when} figure ({base}, {how}), {claimed} would be "
            "{movement}, not the change of {said} the claim states"
        ).format(
            country=text.country(base.reporter),
            when=when,
            base=text.money(base.value, claim.currency, precision=base.precision),
            how=base.how,
            claimed=text.money(claim.value, claim.currency, precision=claim.precision),
            movement=text.movement(implied),
            said=said,
        )
    return None


def _verdict(check: ClaimCheck, sources: Sources) -> tuple[str, str]:
    found = [
        (figure, g)
        for figure, g in zip(check.comparisons, check.grades, strict=True)
        if g.kind != "no figure"
    ]
    if not found:
        claim = check.claim
        sentence = _("no official figure for {period} is loaded").format(
            period=text.period_shown(claim.period)
        )
        evidence = _change_evidence(check)
        return (text.clauses([sentence, evidence]) if evidence else sentence), "no figure"
    parts = [_graded(figure, g, sources) for figure, g in found]
    kind = min((g.kind for _figure, g in found), key=GRADES.index)
    sentence = text.clauses(parts)
    if check.likely is not None and len(found) > 1:
        sentence += _(". Most likely from {country}'s figure").format(
            country=text.country(check.likely.reporter)
        )
    reasons = _reasons(check, sources)
    if reasons:
        sentence += f" ({text.clauses(reasons)})"
    return sentence, kind


def check_claim(
    observations: pd.DataFrame,
    claim: pd.Series,
    change: pd.Series | None,
    sources: Sources,
    coverage: Mapping[str, str] | None = None,
) -> ClaimCheck:
    """Assess one claim by the written rules above; every number keeps its source
    (``sources``: each source's row by its id)."""
    comparisons = official_same_period(observations, claim)
    grades = [grade(claim.value, claim.precision, bool(claim.approx), c.value) for c in comparisons]
    uploaded = uploaded_same_period(observations, claim)
    check = ClaimCheck(
        claim,
        comparisons,
        grades,
        "",
        "",
        mirror_gap(*comparisons) if len(comparisons) == 2 else None,
        _check_change(observations, claim, change, comparisons) if change is not None else None,
        near_matches(observations, claim, sources),
        word_checks(observations, claim, sources),
        earlier_editions(observations, claim, comparisons),
        uploaded,
        [grade(claim.value, claim.precision, bool(claim.approx), u.value) for u in uploaded],
    )
    candidates = [
        (abs(g.difference), figure)
        for figure, g in zip(comparisons, grades, strict=True)
        if g.difference is not None
    ]
    check.likely = min(candidates, key=lambda pair: pair[0])[1] if candidates else None
    check.why = {
        c.reporter: why_missing(observations, c.reporter, c.partner, c.flow, coverage or {})
        for c in comparisons
        if c.value is None
    }
    check.verdict, check.verdict_kind = _verdict(check, sources)
    if uploaded:
        against = text.clauses(
            _graded(figure, g, sources)
            for figure, g in zip(uploaded, check.uploaded_grades, strict=True)
            if g.kind != "no figure"
        )
        check.verdict += _(". Against your uploaded figures (not official): {against}").format(
            against=against
        )
    return check


def check_claims(
    observations: pd.DataFrame,
    changes: pd.DataFrame,
    sources: pd.DataFrame,
    coverage: Mapping[str, str] | None = None,
) -> list[ClaimCheck]:
    """Every trade claim in the ledger, newest period first (``coverage``: why official
    tables stop where they do, by dataset)."""
    claims = observations[observations.basis == "claim"].sort_values(
        ["period_start", "source_id"], ascending=[False, True]
    )
    by_source = changes.set_index("source_id") if len(changes) else None
    records = {str(row["source_id"]): row for row in sources.to_dict("records")}
    checks = []
    for _index, claim in claims.iterrows():
        change = None
        if by_source is not None and claim.source_id in by_source.index:
            change = by_source.loc[claim.source_id]
        checks.append(check_claim(observations, claim, change, records, coverage))
    return checks
