"""Period-aware arithmetic over the tidy ledger: like-for-like sums and comparisons. No Dash."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.periods import Period

MIRROR_FLOW = {"export": "import", "import": "export", "turnover": "turnover"}
# Columns that identify one series: the same reporter, partner, flow, currency, basis and
# source. Sums never mix sources or editions.
SERIES_KEY = ["reporter", "partner", "flow", "product", "currency", "basis", "source_id"]


@dataclass(frozen=True)
class Gap:
    """A like-for-like sum that was refused because months are missing."""

    reporter: str
    partner: str
    flow: str
    source_id: str
    year: int
    missing: tuple[int, ...]

    @property
    def text(self) -> str:
        """A sentence saying which months are missing."""
        months = ", ".join(Period.month(self.year, m).label.split()[0] for m in self.missing)
        return (
            f"{self.reporter}->{self.partner} {self.flow} {self.year}: not summed, "
            f"months missing ({months})"
        )


def months_to_date(monthly: pd.DataFrame, last_month: int) -> tuple[pd.DataFrame, list[Gap]]:
    """Sum monthly rows into January..``last_month`` figures, one per series and year.

    A year is summed only when every month from January to ``last_month`` is present for
    that series in that source; otherwise it is refused and reported as a Gap. The sums
    are ``derived`` rows whose note and locator say what was added.
    """
    if not 1 <= last_month <= 12:
        raise ValueError("last_month must be between 1 and 12")
    if monthly.empty:
        return monthly.copy(), []
    rows = monthly[(monthly.freq == "M") & (monthly.period_start.dt.month <= last_month)]
    if rows.empty:
        return monthly.iloc[0:0].copy(), []
    rows = rows.sort_values("period_start", kind="stable")
    keys = [*(rows[k] for k in SERIES_KEY), rows.period_start.dt.year.rename("year")]
    grouped = rows.groupby(keys, sort=True, dropna=False)
    months_present = grouped.period_start.nunique()
    complete = months_present[months_present == last_month].index
    gaps = []
    for key in months_present.index.difference(complete):
        present = set(grouped.get_group(key).period_start.dt.month)
        missing = tuple(m for m in range(1, last_month + 1) if m not in present)
        gaps.append(Gap(key[0], key[1], key[2], key[6], int(key[-1]), missing))
    if len(complete) == 0:
        return monthly.iloc[0:0].copy(), gaps
    first = grouped.first().loc[complete]
    last = grouped.last().loc[complete]
    totals = grouped.value.sum().loc[complete]
    counts = grouped.size().loc[complete]
    out = first.reset_index()
    years = out["year"].astype(int)
    periods = [Period.months(y, 1, last_month) for y in years]
    out = out.assign(
        period_start=pd.to_datetime([p.start for p in periods]),
        period_end=pd.to_datetime([p.end for p in periods]),
        freq=[p.freq for p in periods],
        value=totals.to_numpy(),
        basis="derived",  # computed here from published months
        period=[p.label for p in periods],
        locator=[
            _span_locator(a, b, n)
            for a, b, n in zip(first.locator, last.locator, counts, strict=True)
        ],
        note=[
            f"Sum of the monthly figures for {p.label} published in this source." for p in periods
        ],
    )
    return out[list(monthly.columns)].reset_index(drop=True), gaps


def _span_locator(first: object, last: object, count: int) -> str:
    """Where the summed months are: "sheet 'Экспорт', row 202 ... row 206 (5 months)"."""
    if not isinstance(first, str):
        return f"sum of {count} monthly figures"
    if count == 1:
        return first
    return f"{first} ... {last} ({count} months)"


@dataclass(frozen=True)
class Comparison:
    """An official figure for the same reporter pair, flow and period as a claim (or why not)."""

    reporter: str
    partner: str
    flow: str
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    value: float | None
    currency: str
    basis: str | None
    source_id: str | None
    edition: str | None
    locator: str | None
    how: str  # "published", "summed from months", or the reason there is none


def official_same_period(
    observations: pd.DataFrame, claim: pd.Series, official_bases=("reported", "derived", "estimate")
) -> list[Comparison]:
    """Each side's official figure for exactly the claim's period, latest edition.

    Both reporters are asked: the claim's reporter for the claim's flow, and the partner
    for the mirror flow (exports become imports). A figure for the same span is used as
    published; otherwise the same months are summed when every month is present. Nothing
    else counts as the same period: a full year never stands in for January-May.
    """
    out = []
    for reporter, partner in ((claim.reporter, claim.partner), (claim.partner, claim.reporter)):
        flow = claim.flow if reporter == claim.reporter else MIRROR_FLOW[claim.flow]
        rows = observations[
            (observations.reporter == reporter)
            & (observations.partner == partner)
            & (observations.flow == flow)
            & (observations["product"] == claim["product"])
            & (observations.currency == claim.currency)
            & observations.basis.isin(official_bases)
        ]
        if "is_latest" in rows:
            rows = rows[rows.is_latest]
        same = rows[
            (rows.period_start == claim.period_start) & (rows.period_end == claim.period_end)
        ]
        how = "published"
        if same.empty and claim.freq in ("YTD", "A"):
            sums, _ = months_to_date(
                rows[rows.period_start.dt.year == claim.period_start.year], claim.period_end.month
            )
            same, how = sums, "summed from months"
        if same.empty:
            out.append(
                Comparison(
                    reporter,
                    partner,
                    flow,
                    claim.period_start,
                    claim.period_end,
                    None,
                    claim.currency,
                    None,
                    None,
                    None,
                    None,
                    "no official figure loaded for this period",
                )
            )
            continue
        # Prefer the reporter's own published figure over one derived here.
        best = (
            same.assign(_rank=same.basis.map({"reported": 0, "estimate": 1, "derived": 2}))
            .sort_values("_rank")
            .iloc[0]
        )
        out.append(
            Comparison(
                reporter,
                partner,
                flow,
                best.period_start,
                best.period_end,
                float(best.value),
                best.currency,
                best.basis,
                best.source_id,
                best.edition,
                best.locator,
                how,
            )
        )
    return out


# ---------------------------------------------------------------- claims

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
FLOW_PHRASE = {"export": "exports to", "import": "imports from", "turnover": "turnover with"}
MIRROR_NOTE = (
    "Mirror figures differ for known reasons: imports are valued CIF and exports FOB; "
    "partners are attributed by origin or consignment differently; Kazakhstan records "
    "trade with EAEU members by a statistical survey, not customs declarations; and "
    "publication dates, revisions and confidential items differ."
)


def comparable(a_start, a_end, b_start, b_end) -> bool:
    """True when two periods cover the same calendar months (in any years): like for like.

    Jan-May is comparable with Jan-May, a year with a year, March with March; a
    year-to-date span never with a full year, and a month never with a span.
    """
    a_start, a_end, b_start, b_end = (pd.Timestamp(x) for x in (a_start, a_end, b_start, b_end))
    return (
        a_start.month == b_start.month
        and a_end.month == b_end.month
        and (a_end.year - a_start.year) == (b_end.year - b_start.year)
        and a_start.day == b_start.day == 1
    )


@dataclass(frozen=True)
class Growth:
    """A change between two periods, or the reason it was not computed."""

    rate: float | None
    reason: str


def growth(current: float, start, end, base: float, base_start, base_end) -> Growth:
    """Relative change from ``base`` to ``current``, refused across unlike periods."""
    if not comparable(start, end, base_start, base_end):
        return Growth(None, "refused: the two periods do not cover the same months")
    if pd.Timestamp(base_start) >= pd.Timestamp(start):
        return Growth(None, "refused: the base period is not earlier")
    if not base:
        return Growth(None, "refused: the base is zero")
    return Growth(current / base - 1, "computed")


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
    found = []
    for row in others.itertuples():
        found.append(
            (
                abs(row.value - claim.value) / claim.value,
                NearMatch(
                    f"{row.reporter_name}'s {FLOW_PHRASE[row.flow]} {row.partner_name}, "
                    f"{row.period} ({row.basis}, {row.currency})",
                    float(row.value),
                    row.currency,
                    row.source_id,
                    row.edition,
                    row.locator,
                ),
            )
        )
    # The stated number read as a percentage: "$24.2 billion" -> 24.2 %.
    scale = 1e9 if claim.value >= 1e9 else 1e6
    stated, half = claim.value / scale, (claim.precision or scale) / scale / 2
    shares = partner_shares(observations)
    shares = shares[shares.share.between(stated - half, stated + half)]
    for row in shares.itertuples():
        found.append(
            (
                abs(row.share - stated) / stated,
                NearMatch(
                    f"{row.partner_name}'s share of {row.reporter_name}'s {row.flow}, "
                    f"{row.period}: {row.share:.2f} %",
                    float(row.share),
                    "%",
                    row.source_id,
                    row.edition,
                    row.locator,
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    unique, seen = [], set()
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
    publisher = str(sources.at[source_id, "publisher"]).split(",")[0].split(" (")[0]
    return f"{publisher} (edition {edition})" if edition else publisher


def _with_period(claim: pd.Series, start, end) -> pd.Series:
    shifted = claim.copy()
    shifted["period_start"], shifted["period_end"] = pd.Timestamp(start), pd.Timestamp(end)
    months = (shifted.period_end.month - shifted.period_start.month) + 1
    shifted["freq"] = "A" if months == 12 else ("M" if months == 1 else "YTD")
    return shifted


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
            parts.append(f"differs by {difference:+.1%} from {name}")
    kinds = {status for status, _ in statuses}
    if kinds == {"no figure"}:
        verdict, kind = "no official figure for this period loaded", "no figure"
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
    if not comparable(claim.period_start, claim.period_end, base_start, base_end):
        return ChangeCheck(
            change.rate,
            approx,
            change.qualifier,
            base_start,
            base_end,
            None,
            "refused: the claimed base period does not cover the same months",
            [],
            {},
        )
    implied = implied_base(claim.value, claim.precision, bool(claim.approx), change.rate, approx)
    bases = official_same_period(observations, _with_period(claim, base_start, base_end))
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
    return ChangeCheck(
        change.rate,
        approx,
        change.qualifier,
        base_start,
        base_end,
        implied,
        "computed",
        bases,
        official_growth,
    )


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


CLAIM_TABLE_COLUMNS = [
    "claim_id",
    "claim",
    "period",
    "claimed_value",
    "currency",
    "check",
    "reporter",
    "figure",
    "unit",
    "difference",
    "status",
    "verdict",
    "source_id",
    "edition",
    "locator",
    "note",
]


def claims_table(checks: list[ClaimCheck], sources: pd.DataFrame) -> pd.DataFrame:
    """One row per claim and per comparison: official figures, mirror gap, claimed change,
    implied base and near matches, each with its source."""
    quotes = sources.set_index("source_id").quote_en if len(sources) else pd.Series(dtype=str)
    rows = []
    for check in checks:
        claim = check.claim

        def row(kind: str, check: ClaimCheck = check, claim: pd.Series = claim, **values) -> None:
            base = {
                "claim_id": claim.source_id,
                "claim": quotes.get(claim.source_id, ""),
                "period": claim.period,
                "claimed_value": claim.value,
                "currency": claim.currency,
                "check": kind,
                "verdict": check.verdict,
            }
            rows.append({**base, **values})

        row(
            "claim",
            figure=claim.value,
            unit=claim.currency,
            status=check.verdict_kind,
            source_id=claim.source_id,
            edition=claim.edition,
            locator=claim.locator,
            note=f"rounding step {claim.precision:,.0f}"
            if claim.precision == claim.precision
            else None,
        )
        for comparison, (status, difference) in zip(check.comparisons, check.statuses, strict=True):
            row(
                "official figure",
                reporter=comparison.reporter,
                figure=comparison.value,
                unit=comparison.currency,
                difference=difference,
                status=status,
                source_id=comparison.source_id,
                edition=comparison.edition,
                locator=comparison.locator,
                note=comparison.how,
            )
        if check.mirror_gap is not None:
            second = check.comparisons[1]
            row(
                "mirror gap",
                reporter=second.reporter,
                figure=second.value,
                unit=second.currency,
                difference=check.mirror_gap,
                status="information",
                source_id=second.source_id,
                edition=second.edition,
                locator=second.locator,
                note=f"{second.reporter} against {check.comparisons[0].reporter}. {MIRROR_NOTE}",
            )
        change = check.change
        if change is not None:
            low, high = rate_range(change.rate, change.approx)
            row(
                "claimed change",
                figure=change.rate,
                unit="fraction",
                status=change.reason,
                note=f"{change.qualifier or ''}: allows {low:+.1%} to {high:+.1%}",
            )
            if change.implied is not None:
                for base in change.bases:
                    status, difference = ("no figure", None)
                    if base.value is not None:
                        inside = change.implied.low <= base.value <= change.implied.high
                        status = "consistent" if inside else "differs"
                        difference = change.implied.value / base.value - 1
                    row(
                        "implied base",
                        reporter=base.reporter,
                        figure=base.value,
                        unit=claim.currency,
                        difference=difference,
                        status=status,
                        source_id=base.source_id,
                        edition=base.edition,
                        locator=base.locator,
                        note=f"implied {change.implied.value:,.0f} ({change.implied.low:,.0f} to "
                        f"{change.implied.high:,.0f}); official base {base.how}",
                    )
            for reporter, result in change.official_growth.items():
                status = "no figure"
                if result.rate is not None:
                    status = "consistent" if low <= result.rate <= high else "differs"
                row(
                    "official change",
                    reporter=reporter,
                    figure=result.rate,
                    unit="fraction",
                    status=status,
                    note=result.reason,
                )
        for match in check.near:
            row(
                "near match",
                figure=match.value,
                unit=match.unit,
                status="possible explanation",
                source_id=match.source_id,
                edition=match.edition,
                locator=match.locator,
                note=match.description,
            )
    return pd.DataFrame(rows, columns=CLAIM_TABLE_COLUMNS)
