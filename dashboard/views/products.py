"""Products: a reporter's exports or imports with a partner (or the world) by HS product,
one level at a time (sections, chapters, headings, subheadings, then a product's partners),
with shares, the change on the year before, and the official totals beside them."""

from __future__ import annotations

import pandas as pd

from dashboard import text
from dashboard.engine import SYMMETRIC, WORLD, Products
from dashboard.i18n import N_, _
from dashboard.periods import OFFICIAL_BASES
from dashboard.queries import ProductsQuery
from dashboard.store import Store
from dashboard.views.base import View
from loaders import hs

# What each drill-down level lists: (the level's name, digits of the codes shown).
LEVEL_NAMES = {
    "section": N_("HS section"),
    "chapter": N_("HS chapter"),
    "heading": N_("HS heading"),
    "subheading": N_("HS subheading"),
    "partner": N_("partner"),
}
ROW_COLUMNS = [
    "rank",
    "level",
    "code",
    "name",
    "reporter",
    "partner",
    "flow",
    "year",
    "value",
    "share",
    "previous_value",
    "change_pct",
    "mirror_value",
    "currency",
    "classification",
    "name_note",
    "dataset",
    "source_id",
    "mirror_source_id",
]
# The dataset chosen when the query says auto and several hold the reporter's products:
# BACI first (reconciled, every partner), then any other by the finest codes it holds.
PREFERRED = ("baci",)


def level_of(within: str) -> tuple[str, int]:
    """The level listed inside ``within`` and the digits of its codes (0 for sections)."""
    if within == "":
        return "section", 2
    if not within.isdigit():
        return "chapter", 2
    return {2: ("heading", 4), 4: ("subheading", 6), 6: ("partner", 6)}[len(within)]


def products_view(query: ProductsQuery, store: Store) -> View:
    """The reporter's trade with the partner by product at the level below ``within``."""
    products = store.products
    held = _held(products, query)
    dataset = _dataset(held, query)
    level, digits = level_of(query.within)
    notes: list[str] = []
    rows = pd.DataFrame(columns=ROW_COLUMNS).astype(
        {c: "float64" for c in ("value", "share", "previous_value", "change_pct", "mirror_value")}
    )
    classification = None
    if dataset is not None:
        mine = held[held.dataset == dataset]
        stored = int(mine.digits.max())
        classification = (
            mine.classification.dropna().iloc[0] if mine.classification.notna().any() else None
        )
        if digits > stored:
            notes.append(
                _("This dataset gives {reporter}'s products to {digits} digits only.").format(
                    reporter=text.country(query.reporter), digits=stored
                )
            )
        else:
            rows, world_note = _rows(products, store, query, dataset, stored, level, digits)
            notes += world_note
            if rows.empty:
                notes.append(
                    _("{dataset} holds no figures for this selection.").format(dataset=dataset)
                )
            rows = rows.assign(classification=classification, dataset=dataset)
            rows = _named(rows, store.nomenclature, classification, level)
            notes += _mirror(products, query, dataset, rows, level, digits)
    else:
        notes.append(
            _("No product figures are loaded for {reporter}'s {flow} in {year}.").format(
                reporter=text.country(query.reporter),
                flow=text.FLOW_LABELS[query.flow].lower(),
                year=query.year,
            )
        )
    notes += _official_totals(store, query, rows)
    if dataset in SYMMETRIC:
        notes.append(
            _(
                "BACI (CEPII) reconciles what exporters and importers declare to UN Comtrade "
                "and values every flow free on board (FOB): its figures differ by design from "
                "each country's own statistics, which value imports with freight and insurance "
                "(CIF), attribute partners by origin or consignment, and revise on their own "
                "calendar."
            )
        )
    total = float(rows.value.sum()) if len(rows) else 0.0
    ranked = rows.sort_values(["value", "code"], ascending=[False, True], kind="stable")
    ranked = ranked.assign(
        rank=range(1, len(ranked) + 1),
        share=ranked.value / total if total else float("nan"),
    )
    shown = ranked.head(query.top)
    if len(ranked) > len(shown):
        notes.append(
            _("Top {shown} of {all} shown; shares are of the total of all {all}.").format(
                shown=len(shown), all=len(ranked)
            )
        )
    unit = text.unit_name("USD", query.unit)
    scale = text.UNITS[query.unit].size
    chart = pd.DataFrame(
        {
            _(LEVEL_NAMES[level]): [
                _label(code, name, level) for code, name in zip(shown.code, shown.name, strict=True)
            ],
            text.country(query.reporter): shown.value / scale,
        }
    )
    return View(
        query,
        shown[ROW_COLUMNS].reset_index(drop=True),
        _title(query, level, store.nomenclature),
        subtitle=_("{unit}; {dataset}, {classification}").format(
            unit=unit, dataset=dataset or "-", classification=classification or "-"
        ),
        notes=notes,
        chart_table=chart,
        chart_type="bar",
        chart_unit=unit,
        extra={
            "dataset": dataset,
            "level": level,
            "total": total,
            "count": len(ranked),
            "classification": classification,
            "ranked": ranked,
        },
        sheet="Products",
    )


def _held(products: Products, query: ProductsQuery) -> pd.DataFrame:
    summary = products.summary
    held = summary[(summary.reporter == query.reporter) & (summary.flow == query.flow)]
    return held[held.years.map(lambda years: query.year in years)]


def _dataset(held: pd.DataFrame, query: ProductsQuery) -> str | None:
    if query.dataset != "auto":
        return query.dataset if query.dataset in set(held.dataset) else None
    if held.empty:
        return None
    for preferred in PREFERRED:
        if preferred in set(held.dataset):
            return preferred
    return str(held.sort_values("digits", ascending=False).dataset.iloc[0])


def _rows(
    products: Products,
    store: Store,
    query: ProductsQuery,
    dataset: str,
    stored: int,
    level: str,
    digits: int,
) -> tuple[pd.DataFrame, list[str]]:
    """The level's rows (code, value, previous_value, change_pct, source_id), and a note
    when the world had to be summed from the partners."""
    notes: list[str] = []
    partner: str | None = query.partner
    ask = {
        "dataset": dataset,
        "reporter": query.reporter,
        "year": query.year,
        "flow": query.flow,
        "digits": stored,
    }
    if level == "partner":
        found = products.run("product_partners", code=query.within, **ask)
        found = (
            found.rename(columns={"partner": "code"})
            .groupby("code", as_index=False)
            .agg(value=("value", "sum"), source_id=("source_id", "first"))
        )
        return _finish(found.assign(previous_value=float("nan")), query, level), notes
    within = "" if not query.within.isdigit() else query.within
    found = products.run("product_breakdown", partner=partner, level=digits, within=within, **ask)
    if found.empty and partner == WORLD:
        # No world rows in this dataset (a full BACI file lists partners only): the world
        # is the sum of every partner it lists.
        found = products.run("product_breakdown", partner=None, level=digits, within=within, **ask)
        if not found.empty:
            notes.append(_("The world is the sum of all the partners this dataset lists."))
    if level == "section":
        found = _sections(found, store.nomenclature)
    elif not query.within.isdigit():  # chapters of one section
        chapters = _chapter_sections(store.nomenclature)
        found = found[found.code.map(chapters) == query.within]
    current = found[found.year == query.year]
    previous = found[found.year == query.year - 1].groupby("code").value.sum()
    current = current.groupby("code", as_index=False).agg(
        value=("value", "sum"), source_id=("source_id", "first")
    )
    current = current.assign(previous_value=current.code.map(previous))
    return _finish(current, query, level), notes


def _finish(rows: pd.DataFrame, query: ProductsQuery, level: str) -> pd.DataFrame:
    rows = rows.astype({"value": "float64", "previous_value": "float64"})
    previous = rows.previous_value
    change = rows.value / previous - 1  # a fraction, as the Trade view's change_pct
    return rows.assign(
        level=level,
        reporter=query.reporter,
        partner=rows.code if level == "partner" else query.partner,
        flow=query.flow,
        year=query.year,
        currency="USD",
        change_pct=change.where(previous > 0),
        mirror_value=float("nan"),
        mirror_source_id=None,
        source_id=rows.get("source_id", pd.Series(None, index=rows.index)),
    )


def _chapter_sections(nomenclature: pd.DataFrame) -> dict[str, str]:
    """HS chapter -> its section (roman numeral); sections are the same in every edition."""
    chapters = nomenclature[nomenclature.level.astype(str) == "2"]
    return dict(zip(chapters.code, chapters.section, strict=True))


def _sections(found: pd.DataFrame, nomenclature: pd.DataFrame) -> pd.DataFrame:
    chapters = _chapter_sections(nomenclature)
    sections = found.assign(code=found.code.map(chapters).fillna("?"))
    return sections.groupby(["code", "year"], as_index=False).agg(
        value=("value", "sum"), source_id=("source_id", "first")
    )


def _named(
    rows: pd.DataFrame, nomenclature: pd.DataFrame, classification: str | None, level: str
) -> pd.DataFrame:
    """Each code's name from its own HS edition where shipped, else from the nearest edition
    with a note; a section's name; a partner's name from CLDR."""
    if level == "partner":
        return rows.assign(name=rows.code.map(text.country), name_note=None)
    if level == "section":
        sections = nomenclature.drop_duplicates("section").set_index("section").section_name
        return rows.assign(name=rows.code.map(sections), name_note=None)
    found = hs.names(nomenclature, classification, rows.code)
    return rows.assign(
        name=rows.code.map(found["name"]),
        name_note=rows.code.map(found["classification"].map(_name_note(classification))),
    )


def _name_note(classification: str | None):
    """The note on a name taken from another HS edition than the codes'."""

    def note(edition: object) -> str | None:
        if not isinstance(edition, str) or edition == classification:
            return None
        return _("name from {edition}").format(edition=edition)

    return note


def hs_name(
    nomenclature: pd.DataFrame, classification: str | None, code: str
) -> tuple[str | None, str | None]:
    """The name of ``code`` in ``classification``, else in the nearest edition that names
    it, with a note saying which."""
    found = hs.names(nomenclature, classification, [code]).iloc[0]
    name = found["name"] if isinstance(found["name"], str) else None
    return name, _name_note(classification)(found["classification"])


def _label(code: str, name: str | None, level: str) -> str:
    if level == "partner":
        return str(name or code)
    return f"{code} {name}" if name else str(code)


def _mirror(
    products: Products,
    query: ProductsQuery,
    dataset: str,
    rows: pd.DataFrame,
    level: str,
    digits: int,
) -> list[str]:
    """The partner's own figures by product, where another dataset holds them (a mirror is
    meaningless inside a symmetric dataset: both sides are the same row)."""
    if query.partner == WORLD or level in ("partner", "section") or rows.empty:
        return []
    opposite = {"export": "import", "import": "export"}[query.flow]
    summary = products.summary
    theirs = summary[
        (summary.reporter == query.partner)
        & (summary.flow == opposite)
        & (summary.dataset != dataset)
        & ~summary.dataset.isin(SYMMETRIC)
        & (summary.digits >= digits)
        & summary.years.map(lambda years: query.year in years)
    ]
    if theirs.empty:
        return []
    mirror_dataset = str(theirs.dataset.iloc[0])
    found = products.run(
        "product_breakdown",
        dataset=mirror_dataset,
        reporter=query.partner,
        partner=query.reporter,
        year=query.year,
        flow=opposite,
        digits=int(theirs.digits.max()),
        level=digits,
        within=query.within if query.within.isdigit() else "",
    )
    found = (
        found[found.year == query.year]
        .groupby("code")
        .agg(value=("value", "sum"), source_id=("source_id", "first"))
    )
    rows["mirror_value"] = rows.code.map(found.value)
    rows["mirror_source_id"] = rows.code.map(found.source_id)
    return [
        _(
            "Mirror: {partner}'s own {flow} figures from {reporter}, by product, from {dataset}."
        ).format(
            partner=text.country(query.partner),
            flow=text.FLOW_LABELS[opposite].lower(),
            reporter=text.country(query.reporter),
            dataset=mirror_dataset,
        )
    ]


def _official_totals(store: Store, query: ProductsQuery, rows: pd.DataFrame) -> list[str]:
    """The all-products totals both countries' statistics give for the same flow and year,
    beside the sum of the products listed: the honest comparison."""
    if not (query.within == "" and len(rows)):
        return []
    obs = store.observations
    opposite = {"export": "import", "import": "export"}[query.flow]
    year = obs.period_start.dt.year == query.year
    base = obs.is_latest & (obs["product"] == "TOTAL") & (obs.freq == "A") & year
    base &= obs.basis.isin(OFFICIAL_BASES) & (obs.currency == "USD")
    own = obs[
        base
        & (obs.reporter == query.reporter)
        & (obs.partner == query.partner)
        & (obs.flow == query.flow)
    ]
    theirs = obs[
        base
        & (obs.reporter == query.partner)
        & (obs.partner == query.reporter)
        & (obs.flow == opposite)
    ]
    sources = store.source_records
    said = []
    for frame in (own, theirs):
        for _index, row in frame.iterrows():
            said.append(
                _("{reporter}'s own {flow} figure, all products: {value} ({source}).").format(
                    reporter=text.country(row.reporter),
                    flow=text.FLOW_LABELS[row.flow].lower(),
                    value=text.money(row.value, "USD", query.unit),
                    source=text.source_label(
                        sources.get(row.source_id, {"publisher": row.source_id})
                    ),
                )
            )
    if not said:
        return []
    return [
        _("The products listed sum to {total}.").format(
            total=text.money(float(rows.value.sum()), "USD", query.unit)
        ),
        *said,
    ]


def _title(query: ProductsQuery, level: str, nomenclature: pd.DataFrame) -> str:
    reporter = text.country(query.reporter)
    partner = _("the world") if query.partner == WORLD else text.country(query.partner)
    what = {
        "export": _("{reporter}'s exports to {partner}"),
        "import": _("{reporter}'s imports from {partner}"),
    }[query.flow].format(reporter=reporter, partner=partner)
    if query.within:
        if query.within.isdigit():
            name, _note = hs_name(nomenclature, None, query.within)
        else:
            sections = nomenclature[nomenclature.section == query.within]
            name = str(sections.section_name.iloc[0]) if len(sections) else None
        inside = f"{query.within} {name}" if name else query.within
        if level == "partner":
            what = {
                "export": _("{reporter}'s exports of {product}"),
                "import": _("{reporter}'s imports of {product}"),
            }[query.flow].format(reporter=reporter, product=inside)
            return _("{what} by partner, {year}").format(what=what, year=query.year)
        return _("{what}: {inside}, by {level}, {year}").format(
            what=what, inside=inside, level=_(LEVEL_NAMES[level]), year=query.year
        )
    return _("{what} by {level}, {year}").format(
        what=what, level=_(LEVEL_NAMES[level]), year=query.year
    )
