"""One typed query per page, built from the query string: the same for the page, its
callbacks and /export.<fmt>, so a link is refused (or shown) the same way everywhere.

A query string becomes a pydantic model with ``extra="forbid"``: an unknown parameter, a
parameter given twice, a value outside its choices or a code absent from the loaded data
raises ``BadQuery`` naming the parameter and what it accepts. Controls take their options
from the same models (``options``).

A refusal's reason is a ``Phrase``: English templates marked with ``N_`` and the values put in
them, so that the page and the export routes say it in the reader's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args, get_origin
from urllib.parse import urlencode

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError, core_schema

from dashboard.errors import BadQuery
from dashboard.i18n import N_
from dashboard.store import Store
from loaders.errors import Phrase

Flow = Literal["export", "import", "turnover"]
Freq = Literal["A", "M", "YTD"]
Basis = Literal["reported", "claim", "derived", "estimate"]
Unit = Literal["bn", "mn"]
Editions = Literal["latest", "all"]
# How many choices an error message lists before "...".
_LISTED = 12


@dataclass(frozen=True)
class InData:
    """A value that must be among those the loaded data offers: country codes, years,
    datasets, deals. Its ``values`` also give the controls their options."""

    values: Callable[[Store], Sequence[str]]
    # The wording of a refusal, marked with N_; by default the choices listed.
    expected: str | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: Any, info: core_schema.ValidationInfo) -> Any:
        context = info.context or {}
        if "store" not in context:
            raise RuntimeError("queries need the store as validation context")
        allowed = self.values(context["store"])
        if str(value) not in allowed:
            reason = Phrase(self.expected) if self.expected else _one_of(allowed)
            raise PydanticCustomError("not_in_data", "{reason}", {"reason": reason})
        return value


def _one_of(choices: Sequence[str]) -> Phrase:
    shown = ", ".join(list(choices)[:_LISTED]) + (", ..." if len(choices) > _LISTED else "")
    return Phrase(N_("expected one of {choices}"), choices=shown)


def _codes(store: Store) -> list[str]:
    return [code for code, _ in store.countries]


def _codes_or_all(store: Store) -> list[str]:
    return ["all", *_codes(store)]


def _years(store: Store) -> list[str]:
    return [str(year) for year in store.years]


def _datasets_or_all(store: Store) -> list[str]:
    return ["all", *store.datasets]


def _datasets_or_auto(store: Store) -> list[str]:
    return ["auto", *store.datasets]


# The currencies a view can show, where rates to convert into them are loaded.
VIEW_CURRENCIES = ("USD", "EUR", "RUB", "KZT")


def _currencies(store: Store) -> list[str]:
    return [c for c in VIEW_CURRENCIES if c in store.rates.currencies]


def _deals(store: Store) -> list[str]:
    return list(store.frames.deals.deal_id)


def _product_reporters(store: Store) -> list[str]:
    return sorted(set(store.products.summary.reporter))


def _product_partners(store: Store) -> list[str]:
    return store.products.partners


def _product_years(store: Store) -> list[str]:
    return [str(y) for y in sorted({y for ys in store.products.summary.years for y in ys})]


def _product_datasets_or_auto(store: Store) -> list[str]:
    return ["auto", *sorted(set(store.products.summary.dataset))]


_CODE_EXPECTED = N_(
    "expected the ISO3 code of a country or group in the loaded data, such as KAZ or RUS"
)
Code = Annotated[str, InData(_codes, _CODE_EXPECTED)]
CodeOrAll = Annotated[str, InData(_codes_or_all, _CODE_EXPECTED)]


class GridCondition(BaseModel):
    """One column filter of AG Grid's filter model (text or number), or two joined."""

    model_config = ConfigDict(extra="ignore")
    filterType: Literal["text", "number"] = "text"
    type: str | None = None
    filter: str | float | None = None
    filterTo: float | None = None
    operator: Literal["AND", "OR"] | None = None
    conditions: list[GridCondition] | None = Field(default=None, min_length=1, max_length=10)


class GridSort(BaseModel):
    """One column of AG Grid's sort model."""

    model_config = ConfigDict(extra="ignore")
    colId: str
    sort: Literal["asc", "desc"] | None = None


class GridModel(BaseModel):
    """The Data grid's own filters and sorting, as AG Grid states them."""

    model_config = ConfigDict(extra="forbid")
    filter: dict[str, GridCondition] = Field(default_factory=dict, max_length=50)
    sort: list[GridSort] = Field(default_factory=list, max_length=50)


def _json_object(raw: object) -> object:
    """The grid's filter and sort model, given in the URL as compact JSON: checked for shape
    here, so what reaches the view is a model it can apply (or a 400 that says why)."""
    if raw is None:
        return raw
    if isinstance(raw, dict):
        value: object = raw
    else:
        try:
            value = json.loads(str(raw))
        except (json.JSONDecodeError, RecursionError):
            found = repr(str(raw)[:40])
            reason = Phrase(N_("expected JSON, found {found}"), found=found)
            raise PydanticCustomError("json_invalid_text", "{reason}", {"reason": reason}) from None
    if not isinstance(value, dict):
        reason = Phrase(N_("expected a JSON object with filter and sort"))
        raise PydanticCustomError("json_not_object", "{reason}", {"reason": reason})
    try:
        GridModel.model_validate(value)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        # pydantic's own words for the problem, as it says them.
        reason = Phrase("{where}: {problem}", where=where or "model", problem=first["msg"])
        raise PydanticCustomError("json_grid", "{reason}", {"reason": reason}) from None
    return value


class PageQuery(BaseModel):
    """The filters of a page. Every field has a default, so an empty query string is valid."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    page: ClassVar[str]

    def search(self) -> str:
        """The query string that reproduces this query, defaults left out so links stay short."""
        items = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                continue
            text = (
                json.dumps(value, separators=(",", ":"))
                if isinstance(value, (dict, list))
                else str(value)
            )
            default = "" if field.default is None else str(field.default)
            if text != default:
                items[name] = text
        return urlencode(items)

    def shown(self) -> list[tuple[str, str]]:
        """Each filter with its value, as the About sheet lists them."""
        return [(name, str(value)) for name, value in self if value is not None]


class OverviewQuery(PageQuery):
    """The headline figures."""

    page = "overview"
    unit: Unit = "bn"


class ClaimsQuery(PageQuery):
    """Every press claim, checked."""

    page = "claims"


class TradeQuery(PageQuery):
    """A reporter's flow with a partner over time, beside the mirror figures."""

    page = "trade"
    reporter: Code = "KAZ"
    partner: Code = "RUS"
    flow: Flow = "turnover"
    freq: Freq = "A"
    months: Annotated[int, Field(ge=1, le=12)] = 5
    currency: Annotated[str, InData(_currencies)] = "USD"
    unit: Unit = "bn"
    editions: Editions = "latest"


class PartnersQuery(PageQuery):
    """A reporter's partners ranked for a year."""

    page = "partners"
    reporter: Code = "KAZ"
    year: Annotated[int, InData(_years)] = 2021
    flow: Flow = "turnover"
    dataset: Annotated[str, InData(_datasets_or_auto)] = "auto"
    top: Annotated[int, Field(ge=1, le=300)] = 20
    chart: Literal["bar", "treemap"] = "bar"
    unit: Unit = "bn"


class ProductsQuery(PageQuery):
    """A reporter's exports or imports with a partner (or the world) by HS product, drilled
    down from sections to chapters, headings and subheadings."""

    page = "products"
    chart: ClassVar[str] = "treemap"  # what the page draws (a chart summary says so)
    reporter: Annotated[
        str,
        InData(_product_reporters, N_("expected the ISO3 code of a reporter with product figures")),
    ] = "KAZ"
    partner: Annotated[
        str,
        InData(_product_partners, N_("expected WLD (the world) or the ISO3 code of a partner")),
    ] = "RUS"
    flow: Literal["export", "import"] = "export"
    year: Annotated[int, InData(_product_years)] = 2021
    dataset: Annotated[str, InData(_product_datasets_or_auto)] = "auto"
    within: Annotated[
        str,
        Field(
            pattern=r"^(|[IVX]{1,5}|\d{2}|\d{4}|\d{6})$",
            description=N_(
                "an HS section (a roman numeral such as V), chapter (26), heading "
                "(2601) or subheading (260111), or nothing for all sections"
            ),
        ),
    ] = ""
    top: Annotated[int, Field(ge=1, le=500)] = 30
    unit: Unit = "mn"


class InvestmentQuery(PageQuery):
    """One announced investment package (the first by default)."""

    page = "investment"
    deal: Annotated[str, InData(_deals)] | None = None


class DataQuery(PageQuery):
    """Every observation, filtered by the menus and the grid's own column filters."""

    page = "data"
    reporter: CodeOrAll = "all"
    partner: CodeOrAll = "all"
    flow: Literal["all", Flow] = "all"
    basis: Literal["all", Basis] = "all"
    freq: Literal["all", Freq] = "all"
    dataset: Annotated[str, InData(_datasets_or_all)] = "all"
    editions: Editions = "all"
    grid: Annotated[dict[str, Any] | None, BeforeValidator(_json_object)] = None


class SourcesQuery(PageQuery):
    """Every source, or one kind of source."""

    page = "sources"
    kind: Literal["all", "official_statistics", "database", "press", "upload"] = "all"


Q = TypeVar("Q", bound=PageQuery)
QUERIES: dict[str, type[PageQuery]] = {
    query.page: query
    for query in (
        OverviewQuery,
        ClaimsQuery,
        TradeQuery,
        PartnersQuery,
        ProductsQuery,
        InvestmentQuery,
        DataQuery,
        SourcesQuery,
    )
}


def parse(page: str, query: Mapping[str, Any], store: Store) -> PageQuery:
    """The typed query of ``page`` from a query string's parameters; BadQuery if it cannot be.

    ``query`` is the full multi-dict of the request (werkzeug's ``request.args``) or a
    mapping whose values are strings or lists of strings (Dash Pages passes a parameter
    given twice as a list). An empty value means the parameter's default.
    """
    if page not in QUERIES:
        raise BadQuery(
            Phrase("page={page}: {reason}", page=repr(page), reason=_one_of(list(QUERIES)))
        )
    return read(QUERIES[page], query, store)


def read(model: type[Q], query: Mapping[str, Any], store: Store) -> Q:
    """``query`` read as ``model`` (see ``parse``)."""
    values = {}
    for name, given in _items(query):
        if len(given) > 1:
            raise BadQuery(
                Phrase(N_("{name} is given more than once: expected one value"), name=name)
            )
        if name in ("page", "lang"):
            # The export routes name the page in the same query string; any address may
            # name its language (dashboard.i18n reads it).
            continue
        if given[0] != "":
            values[name] = given[0]
    try:
        return model.model_validate(values, context={"store": store})
    except ValidationError as error:
        raise BadQuery(_reason(model, error, values)) from None


def _items(query: Mapping[str, Any]) -> Iterable[tuple[str, list[str]]]:
    getlist = getattr(query, "getlist", None)
    for name in query:
        given = getlist(name) if getlist is not None else query[name]
        yield name, [str(v) for v in given] if isinstance(given, (list, tuple)) else [str(given)]


def _reason(model: type[PageQuery], error: ValidationError, values: Mapping[str, str]) -> Phrase:
    """One sentence for the first problem: unknown parameters first, then bad values."""
    problems = error.errors()
    unknown = [p for p in problems if p["type"] == "extra_forbidden"]
    if unknown:
        return Phrase(
            N_("unknown parameter {name} for page {page}: expected {expected}"),
            name=repr(unknown[0]["loc"][0]),
            page=model.page,
            expected=", ".join(model.model_fields) or Phrase(N_("none")),
        )
    problem = problems[0]
    name = str(problem["loc"][0])
    raw = str(values.get(name, ""))[:40]
    kind = problem["type"]
    # Our own reasons come as a Phrase in the error's context; pydantic's are its English.
    given = (problem.get("ctx") or {}).get("reason")
    reason: object = given if isinstance(given, Phrase) else problem["msg"]
    if kind.startswith("json_"):
        return Phrase("{name}: {reason}", name=name, reason=reason)
    if kind == "literal_error":
        reason = _one_of(options(model, name))
    elif kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(model, name)
        reason = Phrase(N_("expected {low} to {high}"), low=low, high=high)
    elif kind.startswith("int_"):
        reason = Phrase(N_("expected a whole number"))
    elif kind == "string_pattern_mismatch":
        description = Phrase(str(model.model_fields[name].description))
        reason = Phrase(N_("expected {expected}"), expected=description)
    return Phrase("{name}={value}: {reason}", name=name, value=repr(raw), reason=reason)


def _bounds(model: type[PageQuery], name: str) -> tuple[object, object]:
    low = high = None
    for rule in model.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _annotations(annotation: Any) -> Iterable[Any]:
    """An annotation and everything inside it: union members, Annotated metadata."""
    yield annotation
    for inner in get_args(annotation):
        yield from _annotations(inner)


def options(model: type[PageQuery], name: str, store: Store | None = None) -> list[str]:
    """The values a field accepts: its fixed choices, or those the loaded data offers."""
    field = model.model_fields[name]
    found = [*field.metadata, *_annotations(field.annotation)]
    for rule in found:
        if isinstance(rule, InData):
            if store is None:
                raise ValueError(f"{model.page}.{name} takes its choices from the data")
            return list(rule.values(store))
    for annotation in found:
        if get_origin(annotation) is Literal:
            return [str(choice) for choice in get_args(annotation)]
    raise ValueError(f"{model.page}.{name} has no list of choices")
