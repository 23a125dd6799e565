"""Views: what each page shows for a query string, and refusals of bad ones."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.errors import BadQuery
from dashboard.queries import parse
from dashboard.views import build_view


@pytest.mark.parametrize(
    ("page", "query", "message"),
    [
        ("trade", {"reporter": "XXX"}, "reporter='XXX': expected the ISO3 code"),
        ("trade", {"flow": "exports"}, "flow='exports': expected one of export, import, turnover"),
        ("trade", {"months": "13"}, "months='13': expected 1 to 12"),
        ("trade", {"months": "may"}, "months='may': expected a whole number"),
        ("trade", {"colour": "red"}, "unknown parameter 'colour' for page trade"),
        ("partners", {"year": "1900"}, "year='1900': expected one of"),
        ("data", {"grid": "{oops"}, "grid: expected JSON"),
        ("nowhere", {}, "page='nowhere'"),
        ("trade", {"months": ["1", "2"]}, "months is given more than once"),
    ],
)
def test_bad_queries(store, page, query, message):
    with pytest.raises(BadQuery, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_view(page, query, store)


def test_trade_defaults_show_both_reporters_and_the_claim(store):
    view = build_view("trade", {}, store)
    rows = view.rows
    assert set(rows.series) == {
        "Reported by Kazakhstan",
        "Mirror: reported by Russia",
        "Press claim",
    }
    y2021 = rows[rows.period == "2021"].set_index("series").value
    assert y2021["Reported by Kazakhstan"] == 24_624_279_965.57
    assert y2021["Mirror: reported by Russia"] == 25_631_000_000
    assert y2021["Press claim"] == 24.2e9
    assert "years: 1994 to 2022" in view.title
    assert rows.freq.eq("A").all()
    assert rows.source_id.notna().all()


def test_trade_like_for_like_months_sum_only_complete_years(store):
    view = build_view("trade", {"freq": "YTD", "months": "5"}, store)
    mirror = view.rows[view.rows.series == "Mirror: reported by Russia"]
    assert (mirror.freq == "YTD").all()
    assert (mirror.period_end.dt.month == 5).all()
    y2021 = mirror[mirror.period == "Jan-May 2021"].iloc[0]
    assert y2021.value == pytest.approx(9.4486e9, rel=1e-4)
    assert y2021.basis == "derived"
    claim = view.rows[view.rows.series == "Press claim"]
    assert claim.period.tolist() == ["Jan-May 2022"]
    missing = next(n for n in view.notes if n.startswith("Reported by Kazakhstan: "))
    # Why, and what would fill it.
    assert missing.startswith(
        "Reported by Kazakhstan: no Jan-May figures loaded. Kazakhstan's loaded tables: "
        "kz-bns-foreign-trade-by-country (years, 2018 to 2022)."
    )
    assert missing.endswith("can be loaded on the Upload page (/upload).")


def test_trade_mirror_flips_the_flow(store):
    view = build_view("trade", {"flow": "export"}, store)
    mirror = view.rows[view.rows.series.str.startswith("Mirror")]
    assert set(mirror.flow) == {"import"}
    assert set(mirror.reporter) == {"RUS"}


def test_all_editions_show_vintages_as_lines_of_their_own(store):
    latest = build_view("trade", {}, store).rows
    every = build_view("trade", {"editions": "all"}, store).rows
    kaz2020 = every[
        every.series.str.startswith("Reported by Kazakhstan") & (every.period == "2020")
    ]
    assert dict(zip(kaz2020.series, kaz2020.value, strict=True)) == {
        "Reported by Kazakhstan, edition 2020": 18_775_351_500.0,
        "Reported by Kazakhstan, edition 2021": 18_775_351_559.57,
    }
    assert len(every) > len(latest)


def test_two_tables_of_one_reporter_are_two_lines(store):
    view = build_view("trade", {"freq": "YTD", "months": "12"}, store)
    russia = view.rows[view.rows.series.str.startswith("Mirror")]
    y2012 = russia[russia.period == "2012"].set_index("series").value
    assert y2012["Mirror: reported by Russia, table ru-fcs-trade-cis-annual"] == 25_793_000_000
    monthly = "Mirror: reported by Russia, table ru-fcs-trade-main-partners-monthly"
    assert y2012[monthly] == pytest.approx(25.29e9, rel=1e-3)
    # The chart table keeps both (one column each), labelled by period, not "2012-01".
    chart = view.chart_table.set_index("period")
    assert chart.loc["2012", monthly] == pytest.approx(25.29, rel=1e-3)
    assert "2012-01" not in chart.index


def test_partners_rank_countries_only(store):
    view = build_view("partners", {"reporter": "KAZ", "year": "2021"}, store)
    ranked = view.rows[view.rows.series == "Partner"]
    assert ranked.partner.iloc[0] == "RUS"
    assert ranked["rank"].iloc[0] == 1
    assert ranked.share.iloc[0] == pytest.approx(0.2420399, abs=1e-6)
    assert not ranked.partner.isin(["WLD", "CIS", "EAEU", "EU", "NON_CIS"]).any()
    assert len(ranked) == 20
    total = view.rows[view.rows.series.str.startswith("Total")]
    assert total.value.iloc[0] == pytest.approx(101_736_459_870.35)
    assert view.extra["partners"] > 150


def test_data_view_filters_and_grid_model(store):
    base = build_view("data", {"reporter": "KAZ", "partner": "RUS"}, store)
    assert set(base.rows.reporter) == {"KAZ"}
    assert len(base.rows) > 20
    grid = {
        "filter": {"value": {"filterType": "number", "type": "greaterThan", "filter": 2e10}},
        "sort": [{"colId": "value", "sort": "desc"}],
    }
    view = build_view(
        "data", {"reporter": "KAZ", "partner": "RUS", "grid": json.dumps(grid)}, store
    )
    assert (view.rows.value > 2e10).all()
    assert view.rows.value.is_monotonic_decreasing
    text = {"filter": {"source_id": {"filterType": "text", "type": "contains", "filter": "PRESS"}}}
    claims = build_view("data", {"grid": json.dumps(text)}, store).rows
    assert set(claims.basis) == {"claim"}


def test_empty_selection_is_a_view_with_no_rows(store):
    view = build_view("data", {"reporter": "QAT", "partner": "KAZ"}, store)
    assert view.rows.empty
    assert view.source_ids == []


def test_overview_investment_and_sources(store):
    overview = build_view("overview", {}, store).rows
    assert (overview.series == "Press claim").sum() == 2
    missing = overview[overview.note == "no official figure loaded for this period"]
    assert len(missing) == 2
    assert missing.value.isna().all()
    investment = build_view("investment", {}, store)
    sectors = investment.rows[investment.rows.sector != "All sectors (announced total)"]
    assert len(sectors) == 8
    assert sectors.amount.isna().all()
    assert set(sectors.amount_status) == {"not disclosed"}
    sources = build_view("sources", {"kind": "press"}, store).rows
    assert set(sources.kind) == {"press"}
    assert sources.citation.str.contains("2022-10-27").all()


def test_query_string_round_trip(store):
    query = parse("trade", {"freq": "YTD", "months": "3", "partner": "CHN"}, store)
    search = query.search()
    assert search == "partner=CHN&freq=YTD&months=3"
    again = parse("trade", dict(pair.split("=") for pair in search.split("&")), store)
    assert again == query


@pytest.mark.parametrize("page", ["overview", "trade", "partners", "data", "investment"])
def test_every_number_in_a_view_cites_a_known_source(store, page):
    view = build_view(page, {}, store)
    column = "amount" if page == "investment" else "value"
    numbers = view.rows[view.rows[column].notna()]
    assert not numbers.empty
    assert numbers.source_id.notna().all()
    assert set(numbers.source_id) <= set(store.sources.source_id)


@pytest.mark.parametrize("page", ["trade", "partners", "data"])
def test_series_views_hold_no_empty_figures(store, page):
    rows = build_view(page, {}, store).rows
    assert rows.value.notna().all()
    assert isinstance(rows.period_start.iloc[0], pd.Timestamp)


def test_overview_leaves_a_figure_empty_only_where_none_is_loaded(store):
    rows = build_view("overview", {}, store).rows
    empty = rows[rows.value.isna()]
    assert set(empty.note) == {"no official figure loaded for this period"}
    assert empty.source_id.isna().all()
