"""The upload handler and page pieces, and uploaded data flowing into every page and export."""

from __future__ import annotations

import base64
import csv
import io

import openpyxl
import pytest

from dashboard.app import create_app
from dashboard.context import served
from dashboard.pages.upload import handle_upload, report_card
from loaders.guard import Limits
from loaders.workspace import Workspace
from tests.builders import bns_sheet, write_xlsx

CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"
    "KAZ,QAT,export,2021,5000000,USD,=cmd|' /C calc'!A0,@Title,=HYPERLINK(\"http://x\")\n"
    "KAZ,QAT,import,2021,7000000,USD,=cmd|' /C calc'!A0,@Title,<script>alert(1)</script>\n"
    "KAZ,QAT,export,2021-13,1,USD,A,T,\n"
)


def _data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


@pytest.fixture
def app_with_workspace(tmp_path, store):
    return create_app(store, Workspace(tmp_path / "ws"))


def test_report_lists_accepted_and_rejected_rows():
    report = handle_upload("mine.csv", _data_url(CSV.encode()), "Ana", Limits())
    assert report.ok
    assert report.format == "tidy"
    assert report.accepted == 2
    assert report.rejected.to_dict("records") == [
        {"row": 4, "column": "period", "value": "2021-13", "reason": "a month between 01 and 12"}
    ]
    card = str(report_card(report, "token"))
    assert "2 figures accepted" in card
    assert "a month between 01 and 12" in card
    assert "Keep 2 figures" in card
    assert "upload-preview" in card


def test_report_lists_unknown_country_names_and_keeps_the_rest(tmp_path):
    figures = [
        ("Всего", 30.0, 20.0, 10.0),
        ("Атлантида", 10.0, 5.0, 5.0),
        ("Китай", 20.0, 15.0, 5.0),
    ]
    path = write_xlsx(tmp_path / "kz.xlsx", {"2023": bns_sheet(figures=figures)})
    data = "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()
    report = handle_upload("kz.xlsx", data, "Ana", Limits())
    assert report.ok
    assert report.format == "bns"
    assert report.figures == 6
    assert report.warnings[0] == (
        "unknown country name 'Атлантида' at sheet '2023', row 8: its figures were left out"
    )
    card = str(report_card(report, "token"))
    assert "Left out (the rest can be kept):" in card
    assert "'Атлантида' at sheet '2023', row 8" in card
    assert "Keep 6 figures" in card


def test_a_refused_file_links_to_the_template():
    wrong = b"reporter,partner,flow,period,valu,currency\nKAZ,RUS,export,2021,1,USD\n"
    report = handle_upload("mine.csv", _data_url(wrong), "Ana", Limits())
    assert not report.ok
    card = str(report_card(report, None))
    assert "/template.xlsx" in card


def test_undecodable_upload():
    report = handle_upload("x.csv", "not a data url", "Ana", Limits())
    assert not report.ok
    assert report.error.startswith("x.csv: expected a file upload")


def test_kept_dataset_reaches_pages_and_exports_formulas_as_text(app_with_workspace):
    server = app_with_workspace.server
    with server.app_context():
        state = served()
    workspace = state.workspace
    report = handle_upload("mine.csv", _data_url(CSV.encode()), "Ana", Limits())
    workspace.save("Mine", report.frames, report.file, report.format, "Ana")
    store = state.refresh()
    assert (store.observations.partner == "QAT").sum() >= 2
    client = server.test_client()
    response = client.get("/export.xlsx?page=data&reporter=KAZ&partner=QAT&dataset=upload:mine")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    notes = [row[header.index("note")] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in notes} == {'=HYPERLINK("http://x")', "<script>alert(1)</script>"}
    assert all(c.data_type == "s" for c in notes)
    sources = book["Sources"]
    source_header = [c.value for c in sources[1]]
    publisher = sources.cell(2, source_header.index("publisher") + 1)
    assert publisher.value == "=cmd|' /C calc'!A0"
    assert publisher.data_type == "s"
    title = sources.cell(2, source_header.index("title") + 1)
    assert title.value == "@Title"
    assert title.data_type == "s"
    # The CSV export of the same rows: no text cell a spreadsheet would run.
    body = client.get("/export.csv?page=data&reporter=KAZ&partner=QAT&dataset=upload:mine")
    cells = [cell for row in csv.reader(io.StringIO(body.get_data(as_text=True))) for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-") and not c[1:2].isdigit()]
    # Hidden datasets leave every page.
    workspace.set_hidden("mine", True)
    store = state.refresh()
    assert not store.observations.source_id.str.startswith("mine:").any()


def test_template_route_and_headers(client):
    response = client.get("/template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "Data" in book.sheetnames
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_no_stack_trace_in_error_responses(client, monkeypatch):
    import dashboard.routes as routes

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "build_view", broken)
    response = client.get("/export.xlsx?page=trade")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in text
    assert "Traceback" not in text
    assert response.headers["X-Frame-Options"] == "DENY"
