"""The tidy template: its workbook, and reading filled-in copies row by row."""

from __future__ import annotations

import io

import openpyxl
import pytest

from loaders import load
from loaders.errors import LoadError
from loaders.template import COLUMNS, read, template_bytes


def test_template_workbook_has_data_columns_and_validation():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(["KAZ", "RUS", "WLD"])))
    assert book.sheetnames == ["Data", "Codes", "Columns"]
    assert [c.value for c in book["Data"][1]] == list(COLUMNS)
    rules = {str(v.sqref).split(":")[0]: v for v in book["Data"].data_validations.dataValidation}
    assert rules["C2"].formula1 == '"export,import,turnover"'
    assert rules["A2"].formula1 == "Codes!$A$2:$A$4"
    assert rules["E2"].type == "decimal"
    explained = [r[0] for r in book["Columns"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert explained[: len(COLUMNS)] == list(COLUMNS)


def test_filled_template_round_trip(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(["KAZ", "CHN"])))
    sheet = book["Data"]
    sheet.append(
        [
            "KAZ",
            "CHN",
            "export",
            "2022-01/2022-05",
            1.5,
            "billion",
            "USD",
            "",
            "",
            "Agency",
            "Bulletin",
            "https://example.org",
            "note",
        ]
    )
    sheet.append(
        [
            "KAZ",
            "CHN",
            "import",
            "2021-03",
            10,
            "",
            "USD",
            "estimate",
            "27",
            "Agency",
            "Bulletin",
            "",
            "",
        ]
    )
    path = tmp_path / "filled.xlsx"
    book.save(path)
    frames = load(path)
    obs = frames.observations.sort_values("flow")
    assert obs.value.tolist() == [1.5e9, 10.0]
    assert obs.freq.tolist() == ["YTD", "M"]
    assert obs["product"].tolist() == ["TOTAL", "27"]
    assert obs.locator.tolist() == ["sheet 'Data', row 2", "sheet 'Data', row 3"]
    assert frames.sources.url.tolist() == ["https://example.org"] or len(frames.sources) == 2


def test_precision_is_the_digits_typed_in_the_unit_chosen(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "reporter",
            "partner",
            "flow",
            "period",
            "value",
            "unit",
            "currency",
            "source_publisher",
            "source_title",
        ]
    )
    sheet.append(["KAZ", "CHN", "export", "2021", 9772505630.04, "", "USD", "A", "T"])
    sheet.append(["KAZ", "CHN", "import", "2021", 1.5, "billion", "USD", "A", "T"])
    sheet.append(["KAZ", "CHN", "turnover", "2021", "25631", "million", "USD", "A", "T"])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    obs = load(path).observations.set_index("flow")
    assert obs.precision.to_dict() == {"export": 0.01, "import": 1e8, "turnover": 1e6}
    assert obs.value.to_dict() == {"export": 9772505630.04, "import": 1.5e9, "turnover": 2.5631e10}
    csv_path = tmp_path / "typed.csv"
    csv_path.write_text(
        "reporter,partner,flow,period,value,unit,currency,source_publisher,source_title\n"
        "KAZ,CHN,export,2021,18.50,thousand,USD,A,T\n",
        encoding="utf-8",
    )
    assert load(csv_path).observations.precision.tolist() == [10.0]


def test_bad_rows_are_listed_good_rows_kept(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
        "KAZ,CHN,export,2021,5,USD,A,T\n"
        "KAZ,XXX,export,2021,-5,USD,A,T\n"
        "KAZ,CHN,export,2021,5,USD,A,T\n",
        encoding="utf-8",
    )
    frames, rejected = read(path)
    assert len(frames.observations) == 1
    assert rejected.to_dict("records")[:2] == [
        {
            "row": 3,
            "column": "partner",
            "value": "XXX",
            "reason": "an ISO3 country code (KAZ) or a group code (WLD, EU27)",
        },
        {
            "row": 3,
            "column": "value",
            "value": "-5",
            "reason": "a figure of zero or more: trade flows are never negative",
        },
    ]
    assert "earlier row" in rejected.reason.iloc[2]
    with pytest.raises(LoadError, match="row 3, partner = XXX"):
        load(path)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1251", b"")],
)
def test_encodings(tmp_path, encoding, prefix):
    text = (
        "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"
        "KAZ,RUS,export,2021,5,USD,Бюро национальной статистики,Таблица,примечание\n"
    )
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(prefix + text.encode(encoding))
    frames = load(path)
    assert frames.sources.publisher.tolist() == ["Бюро национальной статистики"]
    assert frames.observations.note.tolist() == ["примечание"]


def test_every_problem_of_a_row_is_listed_once_per_cell(tmp_path):
    path = tmp_path / "problems.csv"
    path.write_text(
        "reporter,partner,flow,period,value,unit,currency,basis,product,"
        "source_publisher,source_title,source_url\n"
        "KAZ,KAZ,EXPORTS,2021-13,abc,lots,usd,claim,27.1,B,T,ftp://x\n"
        "kaz,rus,turnover,2021-03,1e300,billion,USD,derived,TOTAL,,T,\n",
        encoding="utf-8",
    )
    frames, rejected = read(path)
    assert frames.observations.empty
    reasons = [
        (r["row"], r["column"], r["value"], r["reason"]) for r in rejected.to_dict("records")
    ]
    assert reasons == [
        (2, "partner", "KAZ", "a partner other than the reporter"),
        (2, "flow", "EXPORTS", "export, import or turnover"),
        (2, "period", "2021-13", "a month between 01 and 12"),
        (2, "value", "abc", "a plain number such as 1234.5"),
        (2, "unit", "lots", "unit, thousand, million or billion"),
        (2, "basis", "claim", "reported, estimate or derived"),
        (2, "product", "27.1", "TOTAL or an HS code of 2, 4, 6, 8 or 10 digits"),
        (2, "source_url", "ftp://x", "a web address starting with http:// or https://"),
        # 1e300 billion overflows to infinity, which is too large like any figure of 1e16.
        (3, "value", "1e300", "a figure below 10^16 in full units"),
        (3, "source_publisher", "", "a value is required"),
    ]


def test_a_repeated_figure_is_refused_only_on_its_later_valid_row(tmp_path):
    path = tmp_path / "repeats.csv"
    path.write_text(
        "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
        "KAZ,CHN,export,2021,-5,USD,A,T\n"
        "KAZ,CHN,export,2021,5,USD,A,T\n"
        "KAZ,CHN,export,2021,6,USD,A,T\n",
        encoding="utf-8",
    )
    frames, rejected = read(path)
    assert frames.observations.value.tolist() == [5.0]
    assert frames.sources.source_id.tolist() == ["tidy-1"]
    assert rejected[["row", "column"]].values.tolist() == [[2, "value"], [4, "row"]]
    assert rejected.reason.iloc[1] == (
        "a figure not given on an earlier row (the same reporter, partner, flow, product, "
        "period, currency, basis and source)"
    )


def test_sources_are_numbered_by_the_kept_rows(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
        "KAZ,CHN,export,2021,-5,USD,A,T\n"
        "KAZ,CHN,export,2021,5,USD,B,T\n",
        encoding="utf-8",
    )
    frames, _ = read(path, "Ana")
    assert frames.sources[["source_id", "publisher", "note"]].values.tolist() == [
        ["tidy-1", "B", "Figures from the file sources.csv, uploaded by Ana"]
    ]
    assert frames.observations.source_id.tolist() == ["tidy-1"]
