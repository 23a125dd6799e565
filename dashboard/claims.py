"""Claim rules: what a press figure's wording allows, and how it compares with the ledger.

Pure functions over the tidy ledger (no Dash): value and rate ranges, implied bases, near
matches and verdicts. Period rules live in ``dashboard.periods``; the table the Claims page
and its export show is built in ``dashboard.views.claims``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import text
from dashboard.periods import (
    Comparison,
    Growth,
    comparable,
    growth,
    official_same_period,
    with_period,
)

# A claim is "consistent" with an official figure when the figure lies inside the range the
# claim's own wording allows: half its last stated digit either way ("$9.2 billion" covers
# 9.15-9.25 bn). No extra slack: a policy analyst needs to know when the digits differ.
# Words like "about" widen a stated value by this fraction, because "about $9 billion" is
# a looser statement than "$9.2 billion".
APPROX_VALUE_REL = 0.05
# A claimed change said to be approximate ("about five percent", "about a third") allows
# this share of the rate itself, and never less than one percentage point: "about 5 %"
# covers 4-6 %, "about a third" covers 30.0-36.7 %.
APPROX_RATE_REL = 0.10
APPROX_RATE_MIN = 0.01
# Near matches: how many other ledger figures to list as possible explanations.
NEAR_MATCH_LIMIT = 8
NO_FIGURE_VERDICT = "no official figure for this period loaded"


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


def verdict_for(
    claim_value: float, precision, approx: bool, official: float | None
) -> tuple[str, float | None]:
    """("consistent" | "differs" | "no figure", claim relative to official)."""
    if official is None or pd.isna(official):
        return "no figure", None
    difference = claim_value / official - 1 if official else None
    low, high = value_range(claim_value, precision, approx)
    return ("consistent" if low <= official <= high else "differs"), difference


def mirror_gap(first: Comparison, second: Comparison) -> float | None:
    """How much the second reporter's figure exceeds the first's (None if either is missing)."""
    if first.value is None or second.value is None or not first.value:
        return None
    return second.value / first.value - 1


def partner_shares(observations: pd.DataFrame) -> pd.DataFrame:
    """Each official partner figure as a share (%) of the reporter's world total, same source,
    period and flow: the shares statistical bulletins print beside their figures."""
    official = observations[observations.basis.isin(("reported", "derived"))]
    totals = official[official.partner == "WLD"][
        ["reporter", "flow", "period_start", "period_end", "source_id", "value"]
    ].rename(columns={"value": "world"})
    parts = official[~official.partner_is_aggregate]
    merged = parts.merge(totals, on=["reporter", "flow", "period_start", "period_end", "source_id"])
    return merged.assign(share=merged.value / merged.world * 100)


@dataclass(frozen=True)
class NearMatch:
    """A ledger figure that equals the claimed number within its rounding: an explanation
    to consider, never a verdict."""

    description: str
    value: float
    unit: str
    source_id: str
    edition: str | None
    locator: str | None


def _near(row: dict, description: str) -> NearMatch:
    return NearMatch(
        description,
        float(row["value"]),
        str(row["currency"]),
        str(row["source_id"]),
        row["edition"] if isinstance(row["edition"], str) else None,
        row["locator"] if isinstance(row["locator"], str) else None,
    )


def near_matches(
    observations: pd.DataFrame, claim: pd.Series, limit: int = NEAR_MATCH_LIMIT
) -> list[NearMatch]:
    """Other figures equal to the claim's number within its rounding: other flows, years,
    pairs and editions in the same currency, and partner shares in per cent whose digits
    match the stated number ("24.2" billion and a 24.20 % share)."""
    low, high = value_range(claim.value, claim.precision, bool(claim.approx))
    others = observations[
        (observations.basis != "claim")
        & (observations.currency == claim.currency)
        & observations.value.between(low, high)
    ]
    found: list[tuple[float, NearMatch]] = []
    for row in others.to_dict("records"):
        description = (
            f"{row['reporter_name']}'s {text.FLOW_PHRASES[row['flow']]} {row['partner_name']}, "
            f"{row['period']} ({row['basis']}, {row['currency']})"
        )
        found.append((abs(row["value"] - claim.value) / claim.value, _near(row, description)))
    # The stated number read as a percentage: "$24.2 billion" -> 24.2 %.
    scale = 1e9 if claim.value >= 1e9 else 1e6
    stated, half = claim.value / scale, (claim.precision or scale) / scale / 2
    shares = partner_shares(observations)
    shares = shares[shares.share.between(stated - half, stated + half)]
    for row in shares.to_dict("records"):
        description = (
            f"{row['partner_name']}'s share of {row['reporter_name']}'s "
            f"{text.FLOW_NOUNS[row['flow']]}, {row['period']}: {text.percent_points(row['share'])}"
        )
        match = _near({**row, "value": row["share"], "currency": "%"}, description)
        found.append((abs(row["share"] - stated) / stated, match))
    found.sort(key=lambda pair: pair[0])
    unique: list[NearMatch] = []
    seen: set[str] = set()
    for _, match in found:
        if match.description not in seen:
            seen.add(match.description)
            unique.append(match)
    return unique[:limit]


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


@dataclass
class ClaimCheck:
    """Everything known about one press claim against the ledger."""

    claim: pd.Series
    comparisons: list[Comparison]
    statuses: list[tuple[str, float | None]]
    verdict: str
    verdict_kind: str  # consistent | differs | no figure
    mirror_gap: float | None
    change: ChangeCheck | None
    near: list[NearMatch]


def _source_name(sources: pd.DataFrame, source_id: str | None, edition: str | None) -> str:
    if source_id is None or source_id not in sources.index:
        return str(source_id)
    return text.source_with_edition(sources.at[source_id, "publisher"], edition)


def check_claim(
    observations: pd.DataFrame,
    claim: pd.Series,
    change: pd.Series | None,
    sources: pd.DataFrame,
) -> ClaimCheck:
    """Assess one claim by the written rules above; every number keeps its source."""
    sources = sources.set_index("source_id", drop=False) if "source_id" in sources else sources
    comparisons = official_same_period(observations, claim)
    statuses = [
        verdict_for(claim.value, claim.precision, bool(claim.approx), c.value) for c in comparisons
    ]
    parts = []
    for comparison, (status, difference) in zip(comparisons, statuses, strict=True):
        if status == "no figure":
            continue
        name = _source_name(sources, comparison.source_id, comparison.edition)
        if status == "consistent":
            parts.append(f"consistent with {name}")
        else:
            parts.append(f"differs by {text.change(difference)} from {name}")
    kinds = {status for status, _ in statuses}
    if kinds == {"no figure"}:
        verdict, kind = NO_FIGURE_VERDICT, "no figure"
    else:
        verdict = "; ".join(parts)
        kind = "differs" if "differs" in kinds else "consistent"
    change_check = None
    if change is not None:
        change_check = _check_change(observations, claim, change, comparisons)
    return ClaimCheck(
        claim,
        comparisons,
        statuses,
        verdict,
        kind,
        mirror_gap(*comparisons) if len(comparisons) == 2 else None,
        change_check,
        near_matches(observations, claim),
    )


def _check_change(observations, claim, change, comparisons) -> ChangeCheck:
    base_start, base_end = pd.Timestamp(change.base_start), pd.Timestamp(change.base_end)
    approx = bool(change.approx)
    claimed = (change.rate, approx, change.qualifier, base_start, base_end)
    if not comparable(claim.period_start, claim.period_end, base_start, base_end):
        reason = "refused: the claimed base period does not cover the same months"
        return ChangeCheck(*claimed, None, reason, [], {})
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
    return ChangeCheck(*claimed, implied, "computed", bases, official_growth)


def check_claims(
    observations: pd.DataFrame, changes: pd.DataFrame, sources: pd.DataFrame
) -> list[ClaimCheck]:
    """Every trade claim in the ledger, newest period first."""
    claims = observations[observations.basis == "claim"].sort_values(
        ["period_start", "source_id"], ascending=[False, True]
    )
    by_source = changes.set_index("source_id") if len(changes) else None
    checks = []
    for _, claim in claims.iterrows():
        change = None
        if by_source is not None and claim.source_id in by_source.index:
            change = by_source.loc[claim.source_id]
        checks.append(check_claim(observations, claim, change, sources))
    return checks
