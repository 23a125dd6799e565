"""dashboard.queries: one typed query per page, read the same way from every entry point."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from dashboard import queries
from dashboard.errors import BadQuery
from dashboard.queries import DataQuery, PartnersQuery, TradeQuery, options, parse, read
from dashboard.views import VIEWS
from loaders import schema


def test_every_page_has_a_query_and_a_view():
    assert set(queries.QUERIES) == set(VIEWS)


def test_choices_follow_the_schema():
    assert options(TradeQuery, "flow") == list(schema.FLOWS)
    assert options(TradeQuery, "freq") == list(schema.FREQS)
    assert options(DataQuery, "basis") == ["all", *schema.BASES]


def test_an_empty_query_is_the_default_view(store):
    query = parse("trade", {}, store)
    assert query == TradeQuery()
    assert query.search() == ""
    assert (query.reporter, query.partner, query.months) == ("KAZ", "RUS", 5)


def test_values_are_typed(store):
    query = read(PartnersQuery, {"year": "2020", "top": "10"}, store)
    assert query.year == 2020
    assert query.top == 10
    data = read(DataQuery, {"grid": '{"filter":{},"sort":[]}'}, store)
    assert data.grid == {"filter": {}, "sort": []}


def test_an_empty_value_means_the_default(store):
    assert parse("trade", {"flow": "", "months": ""}, store) == TradeQuery()


def test_the_request_multidict_and_dash_lists_are_read_alike(store):
    args = MultiDict([("page", "trade"), ("flow", "export"), ("flow", "import")])
    with pytest.raises(BadQuery, match="^flow is given more than once: expected one value$"):
        parse("trade", args, store)
    with pytest.raises(BadQuery, match="^flow is given more than once: expected one value$"):
        parse("trade", {"flow": ["export", "import"]}, store)
    one = parse("trade", MultiDict([("page", "trade"), ("flow", "export")]), store)
    assert one.flow == "export"


@pytest.mark.parametrize(
    ("page", "query", "message"),
    [
        (
            "trade",
            {"partner": "ZZZ"},
            "partner='ZZZ': expected the ISO3 code of a country or group",
        ),
        ("trade", {"currency": "GBP"}, "currency='GBP': expected one of USD, EUR"),
        ("partners", {"top": "0"}, "top='0': expected 1 to 300"),
        ("partners", {"dataset": "x"}, "dataset='x': expected one of auto, baci, eurostat-comext"),
        ("data", {"grid": "[1]"}, "grid: expected a JSON object with filter and sort"),
        ("sources", {"kind": "blog"}, "kind='blog': expected one of all, official_statistics"),
        ("claims", {"unit": "bn"}, "unknown parameter 'unit' for page claims: expected none"),
    ],
)
def test_refusals_name_the_parameter_and_what_it_accepts(store, page, query, message):
    with pytest.raises(BadQuery) as error:
        parse(page, query, store)
    assert str(error.value).startswith(message)
    assert error.value.status == 400


def test_search_round_trips_and_leaves_defaults_out(store):
    query = read(PartnersQuery, {"year": "2020", "flow": "export", "unit": "bn"}, store)
    assert query.search() == "year=2020&flow=export"
    assert read(PartnersQuery, dict(p.split("=") for p in query.search().split("&")), store) == (
        query
    )
    assert query.shown()[:2] == [("reporter", "KAZ"), ("year", "2020")]


def test_controls_take_their_options_from_the_models(store):
    assert options(PartnersQuery, "year", store)[:2] == ["1994", "1995"]
    assert options(DataQuery, "reporter", store)[:2] == ["all", "AFG"]
    assert "KAZ" in options(TradeQuery, "reporter", store)
    with pytest.raises(ValueError, match="takes its choices from the data"):
        options(TradeQuery, "reporter")
    with pytest.raises(ValueError, match="has no list of choices"):
        options(TradeQuery, "months")


def test_the_store_is_required_to_check_codes():
    with pytest.raises(RuntimeError, match="need the store"):
        TradeQuery.model_validate({"reporter": "KAZ"})
