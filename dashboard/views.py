"""What each page shows, as data: query parameters in, rows and chart spec out. No Dash.

A page's layout, its callbacks and the /export.xlsx route all go through ``build_view``,
so the workbook holds exactly the rows the page shows for the same query string.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from dashboard import analysis
from dashboard.store import OFFICIAL_BASES, Store
from loaders.countries import name_en
from loaders.schema import BASES, FLOWS, FREQS

UNITS = {"bn": (1e9, "billion"), "mn": (1e6, "million")}
FLOW_WORDS = {"export": "exports", "import": "imports", "turnover": "turnover"}
FLOW_PHRASE = {
    "export": "exports to",
    "import": "imports from",
    "turnover": "trade (turnover) with",
}
ROW_COLUMNS = [
    "series",
    "reporter",
    "reporter_name",
    "partner",
    "partner_name",
    "flow",
    "period",
    "period_start",
    "period_end",
    "freq",
    "value",
    "currency",
    "basis",
    "source_id",
    "edition",
    "locator",
    "note",
]


class BadQuery(ValueError):
    """A query string the page cannot show: names the parameter and what it accepts."""


@dataclass(frozen=True)
class Param:
    """One query-string parameter of a page."""

    name: str
    default: str | None
    choices: Callable[[Store], list[str]] | tuple[str, ...] | None = None
    kind: str = "choice"  # choice | code | int | json | text
    low: int | None = None
    high: int | None = None

    def parse(self, raw: str | None, store: Store) -> object:
        """The parameter's value, or BadQuery naming what it accepts."""
        if raw is None or raw == "":
            raw = self.default
        if raw is None:
            return None
        if self.kind == "int":
            try:
                value = int(raw)
            except ValueError:
                raise BadQuery(f"{self.name}={raw!r}: expected a whole number") from None
            if (self.low is not None and value < self.low) or (
                self.high is not None and value > self.high
            ):
                raise BadQuery(f"{self.name}={raw!r}: expected {self.low} to {self.high}")
            return value
        if self.kind == "json":
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                raise BadQuery(f"{self.name}: expected JSON, found {raw[:40]!r}") from None
            if not isinstance(value, (dict, list)):
                raise BadQuery(f"{self.name}: expected a JSON object or list")
            return value
        if self.kind == "text":
            return raw[:200]
        choices = self.choices(store) if callable(self.choices) else self.choices
        if choices is not None and raw not in choices:
            if self.kind == "code":
                raise BadQuery(
                    f"{self.name}={raw[:40]!r}: expected the ISO3 code of a country or group "
                    "in the loaded data, such as KAZ or RUS"
                )
            shown = ", ".join(list(choices)[:12]) + (", ..." if len(choices) > 12 else "")
            raise BadQuery(f"{self.name}={raw[:40]!r}: expected one of {shown}")
        return raw


@dataclass
class View:
    """Everything a page shows: rows (the Data sheet), title, notes and a chart spec."""

    page: str
    filters: dict
    rows: pd.DataFrame
    title: str
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    # A wide table for the native Excel chart: first column categories, then one column
    # per series; and the chart type ("line", "column", "bar").
    chart_table: pd.DataFrame | None = None
    chart_type: str = "column"
    chart_unit: str = ""
    extra: dict = field(default_factory=dict)
    sheet: str = "Data"  # the name of the workbook sheet that holds ``rows``

    @property
    def source_ids(self) -> list[str]:
        """Every source the rows cite."""
        if "source_id" not in self.rows:
            return []
        return sorted(set(self.rows["source_id"].dropna()))


def _codes(store: Store) -> list[str]:
    return [code for code, _ in store.countries]


def _datasets(store: Store) -> list[str]:
    return ["all", *sorted(store.sources.dataset.unique())]


def _years(store: Store) -> list[str]:
    return sorted({str(y) for y in store.observations.period_start.dt.year.unique()})


PARAMS: dict[str, tuple[Param, ...]] = {
    "overview": (Param("unit", "bn", tuple(UNITS)),),
    "trade": (
        Param("reporter", "KAZ", _codes, kind="code"),
        Param("partner", "RUS", _codes, kind="code"),
        Param("flow", "turnover", FLOWS),
        Param("freq", "A", FREQS),
        Param("months", "5", kind="int", low=1, high=12),
        Param("currency", "USD", ("USD", "EUR")),
        Param("unit", "bn", tuple(UNITS)),
        Param("editions", "latest", ("latest", "all")),
    ),
    "partners": (
        Param("reporter", "KAZ", _codes, kind="code"),
        Param("year", "2021", _years),
        Param("flow", "turnover", FLOWS),
        Param("dataset", "auto", lambda s: ["auto", *_datasets(s)[1:]]),
        Param("top", "20", kind="int", low=1, high=300),
        Param("chart", "bar", ("bar", "treemap")),
        Param("unit", "bn", tuple(UNITS)),
    ),
    "investment": (Param("deal", None, lambda s: list(s.frames.deals.deal_id)),),
    "data": (
        Param("reporter", "all", lambda s: ["all", *_codes(s)], kind="code"),
        Param("partner", "all", lambda s: ["all", *_codes(s)], kind="code"),
        Param("flow", "all", ("all", *FLOWS)),
        Param("basis", "all", ("all", *BASES)),
        Param("freq", "all", ("all", *FREQS)),
        Param("dataset", "all", _datasets),
        Param("editions", "all", ("latest", "all")),
        Param("grid", None, kind="json"),
    ),
    "claims": (),
    "sources": (
        Param("kind", "all", ("all", "official_statistics", "database", "press", "upload")),
    ),
}


def parse_query(page: str, query: Mapping[str, str], store: Store) -> dict:
    """Validate a page's query parameters; unknown names and bad values raise BadQuery."""
    if page not in PARAMS:
        raise BadQuery(f"page={page!r}: expected one of {', '.join(PARAMS)}")
    params = {p.name: p for p in PARAMS[page]}
    unknown = sorted(set(query) - set(params) - {"page"})
    if unknown:
        raise BadQuery(
            f"unknown parameter {unknown[0]!r} for page {page}: "
            f"expected {', '.join(params) or 'none'}"
        )
    repeated = sorted(name for name, value in query.items() if isinstance(value, (list, tuple)))
    if repeated:
        # Dash Pages passes a parameter given twice (?flow=a&flow=b) as a list.
        raise BadQuery(f"{repeated[0]} is given more than once: expected one value")
    return {name: param.parse(query.get(name), store) for name, param in params.items()}


def query_string(page: str, filters: Mapping[str, object]) -> str:
    """The query string for these filters, leaving out defaults so links stay short."""
    defaults = {p.name: p.default for p in PARAMS[page]}
    items = {}
    for name, value in filters.items():
        if value is None:
            continue
        text = (
            json.dumps(value, separators=(",", ":"))
            if isinstance(value, (dict, list))
            else str(value)
        )
        if text != (defaults.get(name) or ""):
            items[name] = text
    return urlencode(items)


def _rows(frame: pd.DataFrame, series: str | pd.Series) -> pd.DataFrame:
    out = frame.assign(series=series)
    return out[ROW_COLUMNS].reset_index(drop=True)


def _scale(unit: str) -> tuple[float, str]:
    return UNITS[unit]


# ---------------------------------------------------------------- trade


def trade_view(store: Store, f: dict) -> View:
    """A reporter's flow with a partner over time, beside the partner's mirror figures and
    the press claims about the pair, for years, months or the same months of each year."""
    reporter, partner, flow, freq, months = (
        f["reporter"],
        f["partner"],
        f["flow"],
        f["freq"],
        f["months"],
    )
    mirror_flow = analysis.MIRROR_FLOW[flow]

    def select(frame: pd.DataFrame, wanted_flow: str) -> pd.DataFrame:
        keep = (frame.flow == wanted_flow) & (frame["product"] == "TOTAL")
        keep &= frame.currency == f["currency"]
        if f["editions"] == "latest":
            keep &= frame.is_latest
        return frame[keep]

    own = select(store.pair(reporter, partner), flow)
    mirror = select(store.pair(partner, reporter), mirror_flow)
    official = [
        (own[own.basis.isin(OFFICIAL_BASES)], f"Reported by {name_en(reporter)}"),
        (
            mirror[mirror.basis.isin(OFFICIAL_BASES)],
            f"Mirror: reported by {name_en(partner)} (its {FLOW_WORDS[mirror_flow]})"
            if flow != "turnover"
            else f"Mirror: reported by {name_en(partner)}",
        ),
    ]
    claims = pd.concat([own[own.basis == "claim"], mirror[mirror.basis == "claim"]])
    notes: list[str] = []
    parts = []
    label_period = {"A": "years", "M": "months"}.get(freq, "")
    for frame, series in official:
        if freq == "YTD":
            sums, gaps = analysis.months_to_date(frame, months)
            direct = frame[
                (frame.freq.isin(["YTD", "A"]))
                & (frame.period_start.dt.month == 1)
                & (frame.period_end.dt.month == months)
            ]
            frame = pd.concat([direct, sums])
            frame = frame.drop_duplicates(["period_start", "source_id"], keep="first")
            notes += [gap.text for gap in gaps]
        else:
            frame = frame[frame.freq == freq]
        if frame.empty:
            notes.append(f"{series}: no {freq_words(freq, months)} figures loaded.")
        parts.append(_rows(frame, series))
    if freq == "YTD":
        claims = claims[
            (claims.period_start.dt.month == 1) & (claims.period_end.dt.month == months)
        ]
        label_period = (
            f"Jan-{pd.Timestamp(2000, months, 1):%b} of each year" if months < 12 else "years"
        )
    else:
        claims = claims[claims.freq == freq]
    if not claims.empty:
        parts.append(_rows(claims, "Press claim"))
    rows = pd.concat(parts, ignore_index=True).sort_values(
        ["series", "period_start"], kind="stable"
    )
    rows = rows.reset_index(drop=True)
    span = (
        f"{rows.period.iloc[rows.period_start.argmin()]} to "
        f"{rows.period.iloc[rows.period_start.argmax()]}"
        if not rows.empty
        else "no period loaded"
    )
    title = f"{name_en(reporter)}'s {FLOW_PHRASE[flow]} {name_en(partner)}, {label_period}: {span}"
    scale, word = _scale(f["unit"])
    chart = None
    if not rows.empty:
        chart = rows.pivot_table(
            index="period_start", columns="series", values="value", aggfunc="first"
        )
        chart = (chart / scale).reset_index()
        chart.insert(0, "period", chart.pop("period_start").dt.strftime("%Y-%m"))
    return View(
        "trade",
        f,
        rows,
        title,
        subtitle=f"{f['currency']} {word}",
        notes=notes,
        chart_table=chart,
        chart_type="line",
        chart_unit=f"{f['currency']} {word}",
    )


def freq_words(freq: str, months: int) -> str:
    """'annual', 'monthly' or 'January-May' for notes."""
    if freq == "YTD":
        return f"Jan-{pd.Timestamp(2000, months, 1):%b}"
    return {"A": "annual", "M": "monthly"}[freq]


# ---------------------------------------------------------------- partners


def partners_view(store: Store, f: dict) -> View:
    """A reporter's partners ranked for a year, aggregates left out, with shares of the total."""
    reporter, year, flow = f["reporter"], int(f["year"]), f["flow"]
    obs = store.observations
    obs = obs[
        obs.is_latest
        & (obs.reporter == reporter)
        & (obs.flow == flow)
        & (obs.freq == "A")
        & (obs.period_start.dt.year == year)
        & (obs["product"] == "TOTAL")
        & obs.basis.isin(OFFICIAL_BASES)
    ]
    notes = []
    dataset = f["dataset"]
    if dataset in ("auto", "all") and not obs.empty:
        counts = obs[~obs.partner_is_aggregate].groupby("dataset").partner.nunique()
        dataset = counts.idxmax() if not counts.empty else obs.dataset.iloc[0]
    obs = obs[obs.dataset == dataset]
    countries = obs[~obs.partner_is_aggregate].sort_values("value", ascending=False)
    world = obs[obs.partner == "WLD"]
    total = float(world.value.iloc[0]) if not world.empty else None
    if total is None and not countries.empty:
        notes.append(
            "This source gives no world total for the reporter, so shares are not shown; "
            "its partners may not cover all of the reporter's trade."
        )
    shown = countries.head(f["top"])
    rows = _rows(shown, "Partner").assign(
        rank=range(1, len(shown) + 1),
        share=(shown.value.to_numpy() / total) if total else float("nan"),
    )
    if not world.empty:
        rows = pd.concat(
            [_rows(world, "Total, all partners (not ranked)").assign(rank=pd.NA, share=1.0), rows],
            ignore_index=True,
        )
    rows = rows[["rank", *ROW_COLUMNS[:1], *ROW_COLUMNS[1:10], "share", *ROW_COLUMNS[10:]]]
    if len(countries) > len(shown):
        notes.append(f"Top {len(shown)} of {len(countries)} partners shown.")
    scale, word = _scale(f["unit"])
    chart = pd.DataFrame({"partner": shown.partner_name, name_en(reporter): shown.value / scale})
    title = f"{name_en(reporter)}'s {FLOW_WORDS[flow]} by partner, {year}"
    currency = shown.currency.iloc[0] if not shown.empty else "USD"
    return View(
        "partners",
        f,
        rows,
        title,
        subtitle=f"{currency} {word}; aggregates (CIS, EAEU, EU...) left out of the ranking",
        notes=notes,
        chart_table=chart,
        chart_type="bar",
        chart_unit=f"{currency} {word}",
        extra={"total": total, "partners": len(countries), "dataset": dataset},
    )


# ---------------------------------------------------------------- data and sources


DATA_COLUMNS = [
    "reporter",
    "reporter_name",
    "partner",
    "partner_name",
    "flow",
    "product",
    "period",
    "period_start",
    "period_end",
    "freq",
    "value",
    "currency",
    "basis",
    "approx",
    "qualifier",
    "dataset",
    "source_id",
    "edition",
    "is_latest",
    "locator",
    "note",
]


def data_view(store: Store, f: dict) -> View:
    """Every observation matching the filters (and the grid's own column filters)."""
    obs = store.observations
    if f["editions"] == "latest":
        obs = obs[obs.is_latest]
    for name in ("reporter", "partner", "flow", "basis", "freq", "dataset"):
        if f[name] != "all":
            obs = obs[obs[name] == f[name]]
    rows = apply_grid_model(obs[DATA_COLUMNS].reset_index(drop=True), f.get("grid"))
    chart = None
    if not rows.empty:
        counts = rows.groupby([rows.period_start.dt.year.rename("year"), "basis"]).size()
        chart = counts.unstack(fill_value=0).reset_index()
        chart["year"] = chart["year"].astype(str)
    return View(
        "data",
        f,
        rows,
        f"Observations: {len(rows):,} rows",
        subtitle="every figure in the ledger with its basis, source and edition",
        chart_table=chart,
        chart_type="column",
        chart_unit="number of observations",
    )


def apply_grid_model(rows: pd.DataFrame, grid: dict | None) -> pd.DataFrame:
    """Apply an AG Grid filter and sort model (text and number filters) to rows.

    The Data page keeps the grid's model in the URL, so the export can apply the same
    filters server-side and hold exactly the rows the grid shows.
    """
    if not grid:
        return rows
    if not isinstance(grid, dict):
        raise BadQuery("grid: expected a JSON object with filter and sort")
    for column, spec in (grid.get("filter") or {}).items():
        if column not in rows.columns:
            raise BadQuery(f"grid: unknown column {column!r}")
        rows = rows[_filter_mask(rows[column], spec)]
    sort = grid.get("sort") or []
    if sort:
        by = [s["colId"] for s in sort if s.get("colId") in rows.columns]
        ascending = [s.get("sort") != "desc" for s in sort if s.get("colId") in rows.columns]
        if by:
            rows = rows.sort_values(by, ascending=ascending, kind="stable")
    return rows.reset_index(drop=True)


def _filter_mask(series: pd.Series, spec: dict) -> pd.Series:
    if not isinstance(spec, dict):
        raise BadQuery("grid: each filter must be an object")
    if "conditions" in spec:
        masks = [_filter_mask(series, c) for c in spec["conditions"]]
        combined = masks[0]
        for mask in masks[1:]:
            combined = (combined & mask) if spec.get("operator") == "AND" else (combined | mask)
        return combined
    kind, value = spec.get("type"), spec.get("filter")
    if spec.get("filterType") == "number":
        numbers = pd.to_numeric(series, errors="coerce")
        try:
            value = float(value) if value is not None else None
            upper = float(spec["filterTo"]) if spec.get("filterTo") is not None else None
        except (TypeError, ValueError):
            raise BadQuery("grid: a number filter needs numbers") from None
        tests = {
            "equals": lambda: numbers == value,
            "notEqual": lambda: numbers != value,
            "greaterThan": lambda: numbers > value,
            "greaterThanOrEqual": lambda: numbers >= value,
            "lessThan": lambda: numbers < value,
            "lessThanOrEqual": lambda: numbers <= value,
            "inRange": lambda: (numbers >= value) & (numbers <= upper),
            "blank": lambda: numbers.isna(),
            "notBlank": lambda: numbers.notna(),
        }
    else:
        text = series.astype("str").fillna("").str.lower()
        needle = str(value if value is not None else "").lower()
        tests = {
            "contains": lambda: text.str.contains(needle, regex=False),
            "notContains": lambda: ~text.str.contains(needle, regex=False),
            "equals": lambda: text == needle,
            "notEqual": lambda: text != needle,
            "startsWith": lambda: text.str.startswith(needle),
            "endsWith": lambda: text.str.endswith(needle),
            "blank": lambda: text == "",
            "notBlank": lambda: text != "",
        }
    if kind not in tests:
        raise BadQuery(f"grid: unsupported filter type {kind!r}")
    return tests[kind]().fillna(False).astype(bool)


def sources_view(store: Store, f: dict) -> View:
    """Every source with its full citation."""
    sources = store.sources
    if f["kind"] != "all":
        sources = sources[sources.kind == f["kind"]]
    used = store.observations.groupby("source_id").size()
    rows = sources.assign(
        citation=sources.apply(citation, axis=1),
        observations=sources.source_id.map(used).fillna(0).astype(int),
    ).reset_index(drop=True)
    chart = rows[["source_id", "observations"]]
    return View(
        "sources",
        f,
        rows,
        f"Sources: {len(rows)}",
        subtitle="publisher, title, date, licence and, for the press, the verbatim quote",
        chart_table=chart,
        chart_type="bar",
        chart_unit="number of observations",
    )


def citation(source: Mapping) -> str:
    """A full citation line: publisher, title, edition, date, url, locator, accessed."""

    def present(key: str) -> bool:
        value = source.get(key)
        return (
            value is not None
            and not (isinstance(value, float) and pd.isna(value))
            and value is not pd.NaT
        )

    parts = [str(source["publisher"]), f"“{source['title']}”"]
    if present("edition"):
        parts.append(f"edition {source['edition']}")
    if present("published"):
        parts.append(f"published {pd.Timestamp(source['published']):%Y-%m-%d}")
    if present("locator"):
        parts.append(str(source["locator"]))
    if present("url"):
        parts.append(str(source["url"]))
    if present("accessed"):
        parts.append(f"accessed {pd.Timestamp(source['accessed']):%Y-%m-%d}")
    return ". ".join(parts) + "."


# ---------------------------------------------------------------- overview and investment


def headline_claims(store: Store) -> list[dict]:
    """Each press trade claim with the official figure of each reporter for its period."""
    obs = store.observations
    cards = []
    for _, claim in (
        obs[obs.basis == "claim"].sort_values("period_start", ascending=False).iterrows()
    ):
        comparisons = analysis.official_same_period(obs, claim)
        cards.append({"claim": claim, "comparisons": comparisons})
    return cards


def overview_view(store: Store, f: dict) -> View:
    """The headline figures: each press claim beside both reporters' official figures."""
    scale, word = _scale(f["unit"])
    records = []
    for card in headline_claims(store):
        claim = card["claim"]
        records.append({**claim.to_dict(), "series": "Press claim"})
        for c in card["comparisons"]:
            records.append(
                {
                    "series": f"Official: reported by {name_en(c.reporter)}",
                    "reporter": c.reporter,
                    "reporter_name": name_en(c.reporter),
                    "partner": c.partner,
                    "partner_name": name_en(c.partner),
                    "flow": c.flow,
                    "period": claim.period,
                    "period_start": c.period_start,
                    "period_end": c.period_end,
                    "freq": claim.freq,
                    "value": c.value,
                    "currency": c.currency,
                    "basis": c.basis or "none",
                    "source_id": c.source_id,
                    "edition": c.edition,
                    "locator": c.locator,
                    "note": c.how,
                }
            )
    for deal in store.frames.deals.itertuples():
        records.append(
            {
                "series": "Investment package (announced total)",
                "reporter": deal.party_a,
                "reporter_name": name_en(deal.party_a),
                "partner": deal.party_b,
                "partner_name": name_en(deal.party_b),
                "flow": "investment",
                "period": "announced",
                "value": deal.total_value,
                "currency": deal.currency,
                "basis": "claim",
                "source_id": deal.source_id,
                "note": "split by sector not disclosed",
            }
        )
    rows = pd.DataFrame(records, columns=ROW_COLUMNS)
    chart = rows[rows.flow == "turnover"].assign(
        label=lambda r: r.period + " " + r.series, value=lambda r: r.value / scale
    )[["label", "value"]]
    return View(
        "overview",
        f,
        rows,
        "Headline figures: press claims beside both countries' official statistics",
        subtitle=f"USD {word}",
        chart_table=chart.rename(columns={"value": f"USD {word}"}),
        chart_type="bar",
        chart_unit=f"USD {word}",
    )


def investment_view(store: Store, f: dict) -> View:
    """An announced package: total, parties, status and named sectors (amounts as disclosed)."""
    deals = store.frames.deals
    if deals.empty:
        return View("investment", f, pd.DataFrame(), "No investment packages loaded")
    deal = deals.set_index("deal_id").loc[f["deal"] or deals.deal_id.iloc[0]]
    deal_id = f["deal"] or deals.deal_id.iloc[0]
    sectors = store.frames.deal_sectors[store.frames.deal_sectors.deal_id == deal_id]
    rows = pd.DataFrame(
        {
            "deal": deal["title"],
            "party_a": name_en(deal.party_a),
            "party_b": name_en(deal.party_b),
            "status": deal.status,
            "total_value": deal.total_value,
            "currency": deal.currency,
            "sector": sectors.sector.to_numpy(),
            "sector_original": sectors.sector_original.to_numpy(),
            # Empty, never 0: the source names the sector but gives no amount.
            "amount": sectors.amount.to_numpy(),
            "amount_status": sectors.amount.map(
                lambda a: "not disclosed" if pd.isna(a) else "disclosed"
            ).to_numpy(),
            "source_id": sectors.source_id.to_numpy(),
        }
    )
    total_row = pd.DataFrame(
        [
            {
                "deal": deal["title"],
                "party_a": name_en(deal.party_a),
                "party_b": name_en(deal.party_b),
                "status": deal.status,
                "total_value": deal.total_value,
                "currency": deal.currency,
                "sector": "All sectors (announced total)",
                "amount": deal.total_value,
                "amount_status": "disclosed",
                "source_id": deal.source_id,
            }
        ]
    )
    rows = pd.concat([total_row, rows], ignore_index=True)
    chart = pd.DataFrame(
        {"package": ["Total package"], f"{deal.currency} million": [deal.total_value / 1e6]}
    )
    return View(
        "investment",
        {**f, "deal": deal_id},
        rows,
        f"{deal['title']}: {deal.total_value / 1e6:,.0f} million {deal.currency}, "
        "split by sector not disclosed",
        subtitle=f"status: {deal.status}",
        notes=[deal.note] if isinstance(deal.note, str) else [],
        chart_table=chart,
        chart_type="column",
        chart_unit=f"{deal.currency} million",
        extra={"deal": deal, "sectors": sectors},
    )


def claims_view(store: Store, f: dict) -> View:
    """Every press claim checked against both reporters' official figures."""
    checks = store.memo(
        ("claim-checks",),
        lambda: analysis.check_claims(
            store.observations, store.frames.claimed_changes, store.sources
        ),
    )
    rows = analysis.claims_table(checks, store.sources)
    compared = rows[rows.check.isin(["claim", "official figure"])].dropna(subset=["figure"])
    chart = None
    if not compared.empty:
        label = (
            compared.period
            + " "
            + compared.check.where(compared.check == "claim", compared.reporter)
        )
        chart = pd.DataFrame({"label": label, "USD billion": compared.figure.astype(float) / 1e9})
    return View(
        "claims",
        f,
        rows,
        f"Press claims checked: {len(checks)}",
        subtitle="each claim against both reporters' official figures for the same period",
        chart_table=chart,
        chart_type="bar",
        chart_unit="USD billion",
        extra={"checks": checks},
        sheet="Claims",
    )


VIEWS: dict[str, Callable[[Store, dict], View]] = {
    "claims": claims_view,
    "overview": overview_view,
    "investment": investment_view,
    "trade": trade_view,
    "partners": partners_view,
    "data": data_view,
    "sources": sources_view,
}


def build_view(page: str, query: Mapping[str, str], store: Store) -> View:
    """Parse the query and build the page's view; BadQuery for a query it cannot show."""
    filters = parse_query(page, query, store)
    if page not in VIEWS:
        raise BadQuery(f"page={page!r} has no view")
    return VIEWS[page](store, filters)
