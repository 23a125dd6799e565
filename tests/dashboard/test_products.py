"""Products: the view on the shipped BACI extracts (the issue's must-show figures), the page,
its drill-down, and its exports."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import defaultdict

import openpyxl
import pandas as pd
import pytest
from dash import dcc, no_update

from dashboard.engine import Products
from dashboard.pages import products
from dashboard.views import build_view

# Kazakhstan's 2021 exports to Russia in baci/kaz_partners_2021.csv: 6,021,824.075 thousand
# US dollars over 2,447 rows (../shared/realdata/SOURCES.md).
KAZ_RUS_2021 = 6_021_824_075.0


@pytest.fixture
def request_of(dash_app):
    """A request context of the test app: what Dash gives a layout or a callback."""
    with dash_app.server.test_request_context("/"):
        yield


def test_exports_to_russia_by_chapter_sum_to_the_file_and_rank_as_it_does(store, realdata):
    view = build_view("products", {"within": ""}, store)
    assert view.extra["total"] == pytest.approx(KAZ_RUS_2021, abs=0.5)
    # The chapters, ranked, as the file itself sums them.
    by_chapter: dict[str, float] = defaultdict(float)
    with (realdata / "baci" / "kaz_partners_2021.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["j"] == "643":
                by_chapter[row["k"].zfill(6)[:2]] += float(row["v"]) * 1000
    expected = sorted(by_chapter, key=lambda c: -by_chapter[c])
    chapters = build_view("products", {"within": "V"}, store).rows
    assert chapters.code.tolist() == [c for c in expected if c in ("25", "26", "27")]
    everything = [build_view("products", {"within": s}, store).rows for s in _sections(store)]
    ranked = sorted(
        (
            (code, value)
            for rows in everything
            for code, value in zip(rows.code, rows.value, strict=True)
        ),
        key=lambda item: -item[1],
    )
    assert [code for code, _value in ranked[:5]] == expected[:5]
    assert expected[:2] == ["26", "72"]
    assert sum(value for _code, value in ranked) == pytest.approx(KAZ_RUS_2021, abs=0.5)


def _sections(store):
    return build_view("products", {"top": "500"}, store).rows.code.tolist()


def test_sections_name_their_level_and_cite_the_file(store):
    view = build_view("products", {}, store)
    assert view.title == "Kazakhstan's exports to Russia by HS section, 2021"
    first = view.rows.iloc[0]
    assert (first.code, first["name"], first.level) == ("V", "Mineral products", "section")
    assert set(view.rows.source_id) == {"baci-kaz_partners_2021"}
    assert view.rows.share.sum() == pytest.approx(1.0)


def test_a_subheading_is_named_from_its_own_edition_and_a_chapter_from_the_nearest(store):
    headings = build_view("products", {"within": "2601"}, store).rows
    first = headings.iloc[0]
    assert first.code == "260111"
    assert first.classification == "HS2002"
    assert first.name_note is None  # BACI's HS 2002 description, shipped
    chapters = build_view("products", {"within": "V"}, store).rows
    assert chapters.name_note.tolist() == ["name from HS2022"] * len(chapters)


def test_the_official_totals_of_both_countries_are_shown_beside(store):
    notes = build_view("products", {}, store).notes
    assert notes[0] == "The products listed sum to $6,021.82 mn."
    assert notes[1].startswith("Kazakhstan's own exports figure, all products: $7,018.75 mn")
    assert notes[2].startswith("Russia's own imports figure, all products: $7,135.00 mn")
    assert any("differ by design" in note for note in notes)


def test_a_product_opens_its_partners(store):
    view = build_view("products", {"within": "260111"}, store)
    assert view.title.startswith("Kazakhstan's exports of 260111 ")
    assert view.title.endswith(" by partner, 2021")
    assert view.rows.code.tolist()[:2] == ["RUS", "CHN"]
    assert view.rows.level.unique().tolist() == ["partner"]


def test_the_world_comes_from_the_world_rows(store):
    view = build_view("products", {"partner": "WLD"}, store)
    assert view.rows.source_id.unique().tolist() == ["baci-kaz_exports_2021"]
    assert view.title == "Kazakhstan's exports to the world by HS section, 2021"


def test_imports_read_a_symmetric_dataset_backwards(store):
    view = build_view("products", {"reporter": "RUS", "partner": "KAZ", "flow": "import"}, store)
    assert view.extra["total"] == pytest.approx(KAZ_RUS_2021, abs=0.5)


def test_nothing_loaded_says_so(store):
    view = build_view("products", {"partner": "WLD", "year": "2019", "flow": "export"}, store)
    assert view.extra["count"] > 0  # 2019 has world rows
    empty = build_view("products", {"reporter": "RUS", "partner": "CHN", "flow": "import"}, store)
    assert empty.rows.empty
    assert empty.extra["count"] == 0
    assert empty.title == "Russia's imports from China by HS section, 2021"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("within=ABC", "within='ABC': expected an HS section"),
        ("within=123", "within='123': expected an HS section"),
        ("reporter=ZZZ", "reporter='ZZZ': expected the ISO3 code of a reporter"),
        ("flow=turnover", "flow='turnover': expected one of export, import"),
    ],
)
def test_bad_links_are_refused_with_the_reason(client, query, reason):
    response = client.get(f"/export.csv?page=products&{query}")
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)


def test_the_workbook_holds_the_products_with_their_edition_and_names(client):
    response = client.get("/export.xlsx?page=products&within=26")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    data = workbook["Products"]
    header = [cell.value for cell in next(data.iter_rows(max_row=1))]
    rows = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in data.iter_rows(min_row=2)
    ]
    assert rows[0]["code"] == "2601"
    assert rows[0]["classification"] == "HS2002"
    assert rows[0]["name"].startswith("Iron ores and concentrates")
    assert rows[0]["source_id"] == "baci-kaz_partners_2021"
    briefing = workbook["Briefing"]
    texts = [c.value for row in briefing.iter_rows() for c in row if isinstance(c.value, str)]
    assert "HS edition" in texts
    assert any(t.startswith("2601 Iron ores") for t in texts)


def test_the_csv_export_holds_the_same_rows(client):
    response = client.get("/export.csv?page=products&within=26")
    lines = response.get_data(as_text=True)
    assert "2601," in lines
    assert "baci-kaz_partners_2021" in lines


def test_the_page_and_its_callback(request_of):
    layout = products.layout(within="26")
    assert layout is not None
    parts = products.update("KAZ", "RUS", "export", 2021, "auto", "", 30, "mn")
    figure, caption, sources, search, _notes, summary, xlsx, _csv, records, columns = parts[:10]
    ranked, path = parts[10:]
    assert summary == "Total of 19 items: $6,021.82 mn · baci"
    assert caption[-1].children.startswith("Treemap in USD million. Largest: V Mineral products")
    assert (
        ranked.children.children[0].children == "Kazakhstan's exports to Russia by HS section, 2021"
    )
    assert search == ""
    assert xlsx == "/export.xlsx?page=products"
    assert figure.data[0].type == "treemap"
    assert figure.data[0].customdata[0][6] == "V"  # a tile carries its code to drill into
    assert records[0][columns[0]["field"]].startswith("V ")
    assert "Source: CEPII" in sources
    links = [item.children.href for item in path[0].children if isinstance(item.children, dcc.Link)]
    assert links == []  # at the top: nothing above
    inner = products.update("KAZ", "RUS", "export", 2021, "auto", "26", 30, "mn")
    crumbs = inner[11][0].children
    assert [c.children.href for c in crumbs[:-1]] == [
        "/products?reporter=KAZ&partner=RUS&flow=export&year=2021&dataset=auto&top=30&unit=mn",
        "/products?reporter=KAZ&partner=RUS&flow=export&year=2021&dataset=auto&within=V&top=30&unit=mn",
    ]


def test_a_tile_tapped_drills_into_it(request_of):
    tapped = {"points": [{"customdata": ["26 Ores", "$1", "reported", "CEPII", "", "s", "26"]}]}
    assert products.drill(tapped, "V") == "26"
    # A product's partners are as far as it goes; a click on nothing changes nothing.
    assert products.drill(tapped, "260111") is no_update
    assert products.drill({"points": []}, "") is no_update


def test_the_partners_own_figures_by_product_are_shown_as_the_mirror(store):
    # Russia's own imports from Kazakhstan by chapter, as a national table would give them
    # (a dataset of its own, not symmetric): shown beside BACI's figure, code by code.
    mirrored = dataclasses.replace(store)
    national = pd.DataFrame(
        {
            "dataset": ["fcs-commodity"] * 2,
            "reporter": ["RUS"] * 2,
            "partner": ["KAZ"] * 2,
            "flow": ["import"] * 2,
            "product": ["26", "72"],
            "classification": ["HS2017"] * 2,
            "year": pd.array([2021, 2021], dtype="int32"),
            "value": [1.8e9, 0.9e9],
            "quantity": [float("nan")] * 2,
            "source_id": ["fcs-2021"] * 2,
        }
    )
    rows = pd.concat([store.products.rows, national], ignore_index=True)
    mirrored.__dict__["products"] = Products(rows)
    view = build_view("products", {"within": "XV"}, mirrored)
    by_code = view.rows.set_index("code")
    assert by_code.loc["72", "mirror_value"] == 0.9e9
    assert by_code.loc["72", "mirror_source_id"] == "fcs-2021"
    assert by_code.mirror_value.drop("72").isna().all()
    assert view.notes[0] == (
        "Mirror: Russia's own imports figures from Kazakhstan, by product, from fcs-commodity."
    )
