"""Like-for-like periods over the ledger: sums of months, comparable spans, growth. No Dash."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import text
from dashboard.i18n import N_, _
from loaders.periods import Period

MIRROR_FLOW = {"export": "import", "import": "export", "turnover": "turnover"}
OFFICIAL_BASES = ("reported", "derived", "estimate")
# Columns that identify one series: the same reporter, partner, flow, currency, basis and
# source. Sums never mix sources or editions.
SERIES_KEY = ["reporter", "partner", "flow", "product", "currency", "basis", "source_id"]
# When a reporter has several official figures for one period, its own published figure
# comes first, then its estimate, then a figure derived here.
_BASIS_RANK = {"reported": 0, "estimate": 1, "derived": 2}


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
        months = ", ".join(text.month_abbr(m) for m in self.missing)
        return _(
            "{reporter}->{partner} {flow} {year}: not summed, months missing ({months})"
        ).format(
            reporter=self.reporter,
            partner=self.partner,
            flow=self.flow,
            year=self.year,
            months=months,
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
    periods = [Period.months(int(year), 1, last_month) for year in out["year"]]
    labels = [text.period(p.start, p.end, p.freq) for p in periods]
    out = out.assign(
        period_start=pd.to_datetime([p.start for p in periods]),
        period_end=pd.to_datetime([p.end for p in periods]),
        freq=[p.freq for p in periods],
        value=totals.to_numpy(),
        basis="derived",  # computed here from published months
        period=labels,
        locator=[
            _span_locator(a, b, n)
            for a, b, n in zip(first.locator, last.locator, counts, strict=True)
        ],
        note=[
            f"Sum of the monthly figures for {label} published in this source." for label in labels
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


def official(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that are official figures: published by a statistics office or
    an official database (reported, estimated, or derived here from them), never a press
    claim and never a figure a user uploaded."""
    return frame[frame.basis.isin(OFFICIAL_BASES) & (frame.origin == "official")]


def uploaded(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that come from files users uploaded."""
    return frame[(frame.origin == "upload") & (frame.basis != "claim")]


@dataclass(frozen=True)
class Comparison:
    """A figure for the same reporter pair, flow and period as a claim (or why there is none):
    an official one, or (``origin`` "upload") one from a file a user uploaded."""

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
    how: str  # "published", "summed from months", "derived: ...", or why there is none
    precision: float | None = None
    origin: str = "official"
    dataset: str | None = None


def sides(claim: pd.Series) -> list[tuple[str, str, str]]:
    """(reporter, partner, flow) for both reporters: the claim's own reporter for the claim's
    flow, then the partner for the mirror flow (exports become imports)."""
    return [
        (claim.reporter, claim.partner, claim.flow),
        (claim.partner, claim.reporter, MIRROR_FLOW[claim.flow]),
    ]


def _same_period(rows: pd.DataFrame, claim: pd.Series) -> tuple[pd.DataFrame, str]:
    """The rows for exactly the claim's period: as published, else the months summed."""
    same = rows[(rows.period_start == claim.period_start) & (rows.period_end == claim.period_end)]
    if same.empty and claim.freq in ("YTD", "A"):
        sums, _gaps = months_to_date(
            rows[rows.period_start.dt.year == claim.period_start.year], claim.period_end.month
        )
        return sums, N_("summed from months")
    return same, N_("published")


def _comparison(side: tuple[str, str, str], claim: pd.Series, rows: pd.DataFrame, origin: str):
    reporter, partner, flow = side
    same, how = _same_period(rows, claim)
    if same.empty:
        return None
    best = same.assign(_rank=same.basis.map(_BASIS_RANK)).sort_values("_rank").iloc[0]
    if how == "published" and best.basis == "derived":
        # A figure computed here (Russia's turnover: its exports plus its imports).
        how = f"derived: {best.note}" if isinstance(best.note, str) else N_("derived")
    return Comparison(
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
        best.precision if "precision" in best and best.precision == best.precision else None,
        origin,
        best.dataset if "dataset" in best else None,
    )


def _candidates(observations: pd.DataFrame, claim: pd.Series, side: tuple[str, str, str]):
    reporter, partner, flow = side
    rows = observations[
        (observations.reporter == reporter)
        & (observations.partner == partner)
        & (observations.flow == flow)
        & (observations["product"] == claim["product"])
        & (observations.currency == claim.currency)
    ]
    return rows[rows.is_latest] if "is_latest" in rows else rows


def official_same_period(observations: pd.DataFrame, claim: pd.Series) -> list[Comparison]:
    """Each side's official figure for exactly the claim's period, latest edition.

    Both reporters are asked: the claim's reporter for the claim's flow, and the partner
    for the mirror flow (exports become imports). A figure for the same span is used as
    published; otherwise the same months are summed when every month is present. Nothing
    else counts as the same period: a full year never stands in for January-May. A side
    with no figure gets a Comparison without a value that says so.
    """
    out = []
    for side in sides(claim):
        rows = official(_candidates(observations, claim, side))
        found = _comparison(side, claim, rows, "official")
        missing = Comparison(
            *side,
            claim.period_start,
            claim.period_end,
            None,
            claim.currency,
            None,
            None,
            None,
            None,
            text.NO_OFFICIAL_FIGURE,
        )
        out.append(found or missing)
    return out


def uploaded_same_period(observations: pd.DataFrame, claim: pd.Series) -> list[Comparison]:
    """The figures users uploaded for exactly the claim's period, one per dataset and side:
    shown beside the official ones, never counted as official."""
    out = []
    for side in sides(claim):
        rows = uploaded(_candidates(observations, claim, side))
        for _name, dataset in rows.groupby("dataset", sort=True):
            found = _comparison(side, claim, dataset, "upload")
            if found is not None:
                out.append(found)
    return out


def with_period(row: pd.Series, start, end) -> pd.Series:
    """A copy of an observation row moved to another period (the base of a claimed change)."""
    shifted = row.copy()
    shifted["period_start"], shifted["period_end"] = pd.Timestamp(start), pd.Timestamp(end)
    months = (shifted.period_end.month - shifted.period_start.month) + 1
    shifted["freq"] = "A" if months == 12 else ("M" if months == 1 else "YTD")
    return shifted


def year_on_year(rows: pd.DataFrame, by: str = "series") -> pd.DataFrame:
    """``rows`` with ``change`` (value minus the value a year earlier) and ``change_pct``
    (as a fraction: 0.05 is 5 %) for each row whose line (``by``) has a figure for the same
    months one year earlier; empty (NaN) otherwise. Only like-for-like periods count
    (:func:`comparable`): a year against the year before, Jan-May against Jan-May, March
    against March; never a year-to-date span against a full year.
    """
    out = rows.assign(change=float("nan"), change_pct=float("nan"))
    if rows.empty:
        return out
    # Months, not days (February ends on the 28th or the 29th), counted from year 0.
    first = pd.to_datetime(rows.period_start)
    last = pd.to_datetime(rows.period_end)
    starts = first.dt.year * 12 + first.dt.month
    ends = last.dt.year * 12 + last.dt.month
    # Each row keyed one year (twelve months) on: the row a year later finds it as its base.
    earlier = pd.DataFrame(
        {by: rows[by], "start": starts + 12, "end": ends + 12, "value": rows.value.astype(float)}
    )
    key = [by, "start", "end"]
    base = earlier.drop_duplicates(key).set_index(key).value
    here = pd.MultiIndex.from_arrays([rows[by], starts, ends], names=key)
    found = base.reindex(here).to_numpy()
    current = rows.value.astype(float).to_numpy()
    out["change"] = current - found
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change_pct"] = np.where(found > 0, current / found - 1, np.nan)
    return out
