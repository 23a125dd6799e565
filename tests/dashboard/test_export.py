"""The workbook: typed cells, frozen header, autofilter, chart, sources, about, no formulas."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from lxml import etree

from dashboard.export.csv import csv_text
from dashboard.export.xlsx import workbook_bytes
from dashboard.queries import DataQuery
from dashboard.views import View, build_view


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_trade_workbook(store):
    view = build_view("trade", {"partner": "CHN"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "9.9"))
    assert book.sheetnames == ["Briefing", "Data", "Chart", "Sources", "About"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header[:3] == ["series", "reporter", "reporter_name"]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref.startswith("A1:")
    assert data.max_row == len(view.rows) + 1
    value_col = header.index("value") + 1
    start_col = header.index("period_start") + 1
    cell = data.cell(2, value_col)
    assert isinstance(cell.value, (int, float))
    # Each figure at the decimals its source published: Russia's table in millions has
    # none, Kazakhstan's bureau gives cents.
    precision_col = header.index("precision") + 1
    for row in range(2, data.max_row + 1):
        step = data.cell(row, precision_col).value
        shown = data.cell(row, value_col).number_format
        decimals = 0 if step >= 1 else min(2, round(-math.log10(step)))
        assert shown == "#,##0" + ("." + "0" * decimals if decimals else ""), (row, step)
    assert isinstance(data.cell(2, start_col).value, datetime)
    assert data.cell(2, start_col).number_format == "yyyy-mm-dd"
    assert data.column_dimensions["A"].width >= 10
    # Every source cited in Data is in Sources, with its full citation.
    ids = {r[header.index("source_id")] for r in data.iter_rows(min_row=2, values_only=True)}
    sources = book["Sources"]
    listed = {r[0] for r in sources.iter_rows(min_row=2, values_only=True)}
    assert ids == listed
    citation = [c.value for c in sources[1]].index("citation")
    assert all(r[citation] for r in sources.iter_rows(min_row=2, values_only=True))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["App version"] == "9.9"
    assert about["Filters"] == "partner=CHN"
    assert about["  partner"] == "CHN"
    assert about["  months"] == "5"
    assert "Turnover" in about
    assert "CIF / FOB" in about
    assert "Like-for-like periods" in about
    assert book["Chart"]._charts  # a native chart on its own sheet


def test_text_that_looks_like_a_formula_stays_text(store):
    rows = pd.DataFrame(
        {
            "label": ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    view = View(DataQuery(), rows, "injection")
    book = _open(workbook_bytes(view, store.sources.iloc[0:0], "1"))
    cells = [r[0] for r in book["Data"].iter_rows(min_row=2, values_only=True)]
    assert cells == ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"]
    for cell in book["Data"]["A"][1:]:
        assert cell.data_type == "s"


def test_empty_view_gives_a_clear_empty_sheet(store):
    view = build_view("data", {"reporter": "QAT", "partner": "KAZ"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "1"))
    assert book["Data"]["A1"].value == "No rows match this selection."
    assert book["Sources"]["A1"].value.startswith("No sources")


def test_arabic_quote_reads_right_to_left(store):
    view = build_view("sources", {"kind": "press"}, store)
    book = _open(workbook_bytes(view, store.sources_for(view.source_ids), "1"))
    sheet = book["Sources"]
    header = [c.value for c in sheet[1]]
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2)]
    assert any("روسيا" in (q.value or "") for q in quotes)
    assert all(q.alignment.readingOrder == 2 for q in quotes)


def test_csv_has_the_same_rows(store):
    view = build_view("partners", {}, store)
    frame = pd.read_csv(io.StringIO(csv_text(view, store.sources, "1")))
    assert len(frame) == len(view.rows)
    assert frame.value.iloc[1] == view.rows.value.iloc[1]


def test_csv_never_starts_a_text_cell_with_a_formula_sign():
    rows = pd.DataFrame(
        {
            "label": ["=cmd|' /C calc'!A0", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx", "plain"],
            "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )
    text = csv_text(View(DataQuery(), rows, "injection"), rows.iloc[0:0], "1")
    header, *lines = list(csv.reader(io.StringIO(text, newline="")))
    assert header == ["label", "value"]
    assert [line[0] for line in lines] == [
        "'=cmd|' /C calc'!A0",
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "'\tx",
        "'\nx",  # a carriage return in a cell is written as a line break a reader keeps
        "plain",
    ]
    assert lines[0][1] == "-1.5"  # numbers stay numbers


# ---------------------------------------------------------------- the Briefing sheet

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
HEADER_ROW = 4  # the Briefing table's header row (1-based): title, unit, blank, header


def _briefing(book: openpyxl.Workbook) -> tuple[list[str], list[tuple]]:
    sheet = book["Briefing"]
    header = [c.value for c in sheet[HEADER_ROW] if c.value is not None]
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(header)):
        if all(c.value is None for c in row):
            break
        rows.append(row)
    return header, rows


def _pages_wide(sheet) -> int:
    """Pages wide when fitting to pages: OOXML's default 1 is left out of the file."""
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    return 1 if sheet.page_setup.fitToWidth is None else int(sheet.page_setup.fitToWidth)


def _charts(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        return [etree.fromstring(archive.read(name)) for name in names]


def _series(chart: etree._Element) -> dict[str, etree._Element]:
    return {s.findtext("c:tx/c:v", namespaces=NS): s for s in chart.iterfind(".//c:ser", NS)}


def _cache(element: etree._Element, path: str) -> list[str]:
    return [p.findtext("c:v", namespaces=NS) for p in element.iterfind(f"{path}//c:pt", NS)]


def test_trade_briefing_sheet(store):
    view = build_view("trade", {"partner": "RUS"}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    book = _open(data)
    sheet = book["Briefing"]
    assert book.sheetnames[0] == "Briefing"
    assert sheet["A1"].value == view.title
    assert sheet["A2"].value == "USD billion"
    header, rows = _briefing(book)
    assert header[:4] == [
        "Period",
        "Reported by Kazakhstan, USD bn",
        "Mirror: reported by Russia, USD bn",
        "Press claim, USD bn",
    ]
    assert "Reported by Kazakhstan: change on a year earlier, %" in header
    by_period = {r[0].value: r for r in rows}
    # Years are years, not dates; figures in billions at the screen's two decimals.
    assert by_period[2021][0].number_format == "0"
    assert by_period[2021][1].value == pytest.approx(24.62427996557)
    assert by_period[2021][1].number_format == "#,##0.00"
    assert by_period[2021][3].value == pytest.approx(24.2)
    change = header.index("Reported by Kazakhstan: change on a year earlier, %")
    own = view.rows[view.rows.series == "Reported by Kazakhstan"].set_index("period")
    assert by_period[2021][change].value == pytest.approx(own.change_pct["2021"])
    assert by_period[2021][change].number_format == "+0.0%;-0.0%;0.0%"
    texts = [c.value for c in sheet["A"] if isinstance(c.value, str)]
    assert any(
        t.startswith("Source: ") and "Bureau of National Statistics, edition" in t for t in texts
    )
    assert sheet.page_setup.orientation == "landscape"
    assert _pages_wide(sheet) == 1
    # A table of years and its chart: one page, as a briefing page should be.
    assert sheet.page_setup.fitToHeight in (None, 1)  # 1 is the default, left unwritten
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.print_area is not None
    for name in ("Data", "Sources", "About"):
        assert book[name].page_setup.orientation == "landscape", name
        assert _pages_wide(book[name]) == 1, name
        assert book[name].sheet_properties.pageSetUpPr.fitToPage, name
    assert book["Data"].print_title_rows == "$1:$1"
    assert sheet._charts  # the chart prints with the table


def test_trade_chart_is_styled_like_the_screen_and_carries_its_values(store):
    view = build_view("trade", {"partner": "RUS"}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    charts = _charts(data)
    assert len(charts) == 2  # on the Briefing sheet and on its own sheet
    series = _series(charts[0])
    assert list(series) == [
        "Reported by Kazakhstan, USD bn",
        "Mirror: reported by Russia, USD bn",
        "Press claim, USD bn",
    ]
    own, mirror, claim = series.values()
    assert own.find("c:spPr/a:ln/a:solidFill/a:srgbClr", NS).get("val") == "1F5FA8"
    assert own.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "solid"
    assert mirror.find("c:spPr/a:ln/a:solidFill/a:srgbClr", NS).get("val") == "C2571A"
    assert mirror.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "dash"
    assert claim.find("c:marker/c:symbol", NS).get("val") == "star"
    assert claim.find("c:spPr/a:ln/a:noFill", NS) is not None  # no line through the claims
    for ser in series.values():
        assert ser.find("c:dLbls/c:showVal", NS).get("val") == "1"
        assert ser.find("c:dLbls/c:numFmt", NS).get("formatCode") == "#,##0.00"
    # Cached values: the cells' own numbers, so a reader that does not recalculate draws them.
    _, rows = _briefing(_open(data))
    periods = [str(r[0].value) for r in rows]
    assert _cache(own, "c:cat") == periods
    assert "2021" in periods
    assert own.find("c:val/c:numRef/c:f", NS).text == f"Briefing!$B$5:$B${4 + len(rows)}"
    values = {
        p.get("idx"): float(p.findtext("c:v", namespaces=NS))
        for p in own.iterfind("c:val//c:pt", NS)
    }
    assert values == pytest.approx(
        {str(i): r[1].value for i, r in enumerate(rows) if r[1].value is not None}, rel=1e-15
    )
    titles = ["".join(t.itertext()) for t in charts[0].iterfind(".//c:valAx/c:title", NS)]
    assert titles == ["USD billion"]
    # The source line goes with the chart, under its bottom axis.
    (bottom,) = ["".join(t.itertext()) for t in charts[0].iterfind(".//c:catAx/c:title", NS)]
    period, source, *_ = bottom.split("\n")
    assert period == "Period"
    assert source.startswith("Source: ")
    assert "Bureau of National Statistics" in source


def test_jan_may_periods_are_named_as_on_screen(store):
    view = build_view("trade", {"partner": "RUS", "freq": "YTD", "months": "5"}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    _, rows = _briefing(_open(data))
    assert "Jan-May 2021" in [r[0].value for r in rows]
    assert "Jan-May 2021" in _cache(next(iter(_series(_charts(data)[0]).values())), "c:cat")


def test_trade_briefing_without_change_columns(store):
    view = build_view("trade", {"partner": "RUS"}, store)
    view.rows = view.rows.drop(columns=["change", "change_pct"])
    header, _ = _briefing(_open(workbook_bytes(view, store.sources_for(view.source_ids), "1")))
    assert not [h for h in header if "change" in h]


def test_partners_briefing(store):
    view = build_view("partners", {}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    header, rows = _briefing(_open(data))
    assert header == ["Partner", "Turnover, USD bn", "Share of total, %", "Source"]
    assert rows[0][0].value == "Russia"
    assert rows[0][1].value == pytest.approx(24.62427996557)
    assert rows[0][1].number_format == "#,##0.00"
    assert rows[0][2].number_format == "0.0%"
    assert rows[-1][0].value == "Total, all partners (not ranked)"
    assert rows[-1][2].value == 1.0
    assert rows[0][3].value == "Bureau of National Statistics, edition 2022"
    (bars,) = _series(_charts(data)[0]).values()
    # The chart ranks the partners; the total stays out of it.
    assert len(_cache(bars, "c:val")) == len(rows) - 1
    assert bars.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val") == "1F5FA8"
    # Bars run along the bottom axis, which names the unit and then the source.
    (bottom,) = ["".join(t.itertext()) for t in _charts(data)[0].iterfind(".//c:valAx/c:title", NS)]
    assert bottom.split("\n")[:2] == [
        "USD billion",
        "Source: Bureau of National Statistics, edition 2022",
    ]
    # Every partner is too long a table for one page: one page wide, as many as it takes.
    sheet = _open(data)["Briefing"]
    if len(rows) > 40:
        assert sheet.page_setup.fitToHeight == 0
    else:
        assert sheet.page_setup.fitToHeight in (None, 1)


def test_claims_briefing(store):
    view = build_view("claims", {}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    book = _open(data)
    assert book.sheetnames == ["Briefing", "Claims", "Chart", "Sources", "About"]
    header, rows = _briefing(book)
    assert header == [
        "Claim",
        "Period",
        "Claimed, USD bn",
        "Official: reported by Kazakhstan, USD bn",
        "Official: reported by Russia, USD bn",
        "Verdict",
        "Source",
    ]
    by_period = {r[1].value: r for r in rows}
    assert by_period["2021"][2].value == pytest.approx(24.2)
    assert by_period["2021"][3].value == pytest.approx(24.62427996557)
    assert by_period["2021"][5].value.startswith("close to Kazakhstan's figure")
    claimed = _series(_charts(data)[0])["Claimed, USD bn"]
    assert claimed.find("c:marker/c:symbol", NS).get("val") == "star"


@pytest.mark.parametrize(
    ("page", "header"),
    [
        ("overview", ["Figure", "Turnover, USD bn", "Source"]),
        ("investment", ["Sector", "Amount, USD mn", "Amount disclosed", "Source"]),
        ("data", ["Year", "Claim figures", "Derived figures", "Reported figures"]),
        ("sources", ["Source", "Kind", "Published", "Figures"]),
    ],
)
def test_every_page_has_a_briefing(store, page, header):
    view = build_view(page, {}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    book = _open(data)
    assert book.sheetnames[0] == "Briefing"
    assert _briefing(book)[0] == header
    assert len(_charts(data)) == 2


def test_empty_view_briefing_says_so(store):
    view = build_view("data", {"reporter": "QAT", "partner": "KAZ"}, store)
    data = workbook_bytes(view, store.sources_for(view.source_ids), "1")
    book = _open(data)
    assert book.sheetnames == ["Briefing", "Data", "Sources", "About"]
    assert book["Briefing"]["A4"].value == "No figures match this selection."
    assert _charts(data) == []
