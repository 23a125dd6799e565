"""Claims: every press claim checked against both reporters' official figures, as a table."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.claims import ClaimCheck, check_claims, rate_range
from dashboard.queries import ClaimsQuery
from dashboard.store import Store
from dashboard.views.base import View

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
            note=f"rounding step {text.number(claim.precision)}"
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
                note=(
                    f"{second.reporter} against {check.comparisons[0].reporter}. {text.MIRROR_NOTE}"
                ),
            )
        change = check.change
        if change is not None:
            low, high = rate_range(change.rate, change.approx)
            row(
                "claimed change",
                figure=change.rate,
                unit="fraction",
                status=change.reason,
                note=f"{change.qualifier or ''}: allows {text.change(low)} to {text.change(high)}",
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
                        note=f"implied {text.number(change.implied.value)} "
                        f"({text.number(change.implied.low)} to "
                        f"{text.number(change.implied.high)}); official base {base.how}",
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


def claims_view(query: ClaimsQuery, store: Store) -> View:
    """Every press claim checked against both reporters' official figures."""
    checks = store.memo(
        ("claim-checks",),
        lambda: check_claims(store.observations, store.frames.claimed_changes, store.sources),
    )
    rows = claims_table(checks, store.sources)
    compared = rows[rows.check.isin(["claim", "official figure"])].dropna(subset=["figure"])
    unit = text.unit_name("USD", "bn")
    chart = None
    if not compared.empty:
        label = (
            compared.period
            + " "
            + compared.check.where(compared.check == "claim", compared.reporter)
        )
        chart = pd.DataFrame({"label": label, unit: compared.figure.astype(float) / 1e9})
    return View(
        query,
        rows,
        f"Press claims checked: {len(checks)}",
        subtitle="each claim against both reporters' official figures for the same period",
        chart_table=chart,
        chart_type="bar",
        chart_unit=unit,
        extra={"checks": checks},
        sheet="Claims",
    )
