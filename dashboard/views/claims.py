"""Claims: every press claim checked against both reporters' official figures, as a table."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.claims import ClaimCheck, Grade, check_claims, rate_range
from dashboard.i18n import _
from dashboard.periods import Comparison
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
    """One row per claim and per check: official figures (and figures users uploaded, never
    called official), earlier editions, the claim's words, mirror gap, claimed change,
    implied base and near matches, each with its source."""
    quotes = sources.set_index("source_id").quote_en if len(sources) else pd.Series(dtype=str)
    records = {str(row["source_id"]): row for row in sources.to_dict("records")}
    rows = []
    for check in checks:
        claim = check.claim

        def row(kind: str, check: ClaimCheck = check, claim: pd.Series = claim, **values) -> None:
            base = {
                "claim_id": claim.source_id,
                "claim": text.data_text(quotes.get(claim.source_id, "")),
                "period": claim.period,
                "claimed_value": claim.value,
                "currency": claim.currency,
                "check": kind,
                "verdict": check.verdict,
            }
            rows.append({**base, **values})

        def figure_row(
            kind: str, figure: Comparison, found: Grade, note: str | None = None
        ) -> None:
            row(
                kind,
                reporter=figure.reporter,
                figure=figure.value,
                unit=figure.currency,
                difference=found.difference,
                status=found.kind,
                source_id=figure.source_id,
                edition=figure.edition,
                locator=figure.locator,
                note=note or text.how(figure.how),
            )

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
        for figure, found in zip(check.comparisons, check.grades, strict=True):
            why = check.why.get(figure.reporter)
            figure_row(
                "official figure", figure, found, f"{text.how(figure.how)}. {why}" if why else None
            )
        for figure, found in zip(check.uploaded, check.uploaded_grades, strict=True):
            source = records.get(str(figure.source_id), {})
            figure_row(
                "uploaded figure", figure, found, f"not official: {text.uploaded_by(source)}"
            )
        for vintage in check.vintages:
            figure_row("earlier edition", vintage.figure, vintage.grade, "an earlier edition")
        for word in check.words:
            row(
                f"claim word: {word.word}",
                reporter=word.reporter,
                figure=word.figure,
                unit=claim.currency if word.figure is not None else None,
                status=word.status,
                source_id=word.source_id or claim.source_id,
                edition=word.edition,
                locator=word.locator,
                note=word.note,
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
                note=_("{second} against {first}. {why}").format(
                    second=second.reporter,
                    first=check.comparisons[0].reporter,
                    why=_(text.MIRROR_NOTE),
                ),
            )
        change = check.change
        if change is not None:
            low, high = rate_range(change.rate, change.approx)
            base = text.period(change.base_start, change.base_end)
            read = f" {text.data_text(change.note)}" if change.note else ""
            row(
                "claimed change",
                figure=change.rate,
                unit="fraction",
                status=change.reason,
                source_id=claim.source_id,
                edition=claim.edition,
                locator=claim.locator,
                note=_("{qualifier}: allows {low} to {high}, on {base}.").format(
                    qualifier=text.data_text(change.qualifier),
                    low=text.change(low),
                    high=text.change(high),
                    base=base,
                )
                + read,
            )
            if change.implied is not None:
                for base_figure in change.bases:
                    status, difference = ("no figure", None)
                    if base_figure.value is not None:
                        inside = change.implied.low <= base_figure.value <= change.implied.high
                        status = "consistent" if inside else "differs"
                        difference = change.implied.value / base_figure.value - 1
                    row(
                        "implied base",
                        reporter=base_figure.reporter,
                        figure=base_figure.value,
                        unit=claim.currency,
                        difference=difference,
                        status=status,
                        source_id=base_figure.source_id,
                        edition=base_figure.edition,
                        locator=base_figure.locator,
                        note=_("implied {value} ({low} to {high}); official base {how}").format(
                            value=text.number(change.implied.value),
                            low=text.number(change.implied.low),
                            high=text.number(change.implied.high),
                            how=text.how(base_figure.how),
                        ),
                    )
            for now, then in zip(check.comparisons, change.bases, strict=True):
                result = change.official_growth.get(now.reporter)
                if result is None:
                    continue
                status = "no figure"
                if result.rate is not None:
                    status = "consistent" if low <= result.rate <= high else "differs"
                row(
                    "official change",
                    reporter=now.reporter,
                    figure=result.rate,
                    unit="fraction",
                    status=status,
                    source_id=now.source_id,
                    edition=now.edition,
                    locator=now.locator,
                    note=f"{result.reason}: {text.period(now.period_start, now.period_end)} "
                    f"against {text.period(then.period_start, then.period_end)} "
                    f"({then.source_id}, {then.locator})",
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
                note=f"{match.description}: {match.why}",
            )
    return pd.DataFrame(rows, columns=CLAIM_TABLE_COLUMNS)


def claims_view(query: ClaimsQuery, store: Store) -> View:
    """Every press claim checked against both reporters' official figures."""
    checks = store.memo(
        ("claim-checks",),
        lambda: check_claims(
            store.observations, store.frames.claimed_changes, store.sources, store.coverage
        ),
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
        _("Press claims checked: {n}").format(n=len(checks)),
        subtitle=_("each claim against both reporters' official figures for the same period"),
        chart_table=chart,
        chart_type="bar",
        chart_unit=unit,
        extra={"checks": checks},
        sheet="Claims",
    )
