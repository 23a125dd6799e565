"""The tidy template: its workbook, and reading filled-in copies row by row."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import load, template
from loaders.errors import LoadError
from loaders.template import COLUMNS, read, template_bytes
from tests.builders import write_xlsx


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
            "hs2017",
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
    assert obs.classification.fillna("").tolist() == ["", "HS2017"]
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


# The same figures as people save them: a header, then rows of
# (reporter, partner, flow, period, value, unit, note); the note of the first row holds
# a ``;``, the source title a comma.
LOCALE_HEADER = [name for name in COLUMNS if name in (*template.REQUIRED, "unit", "note")]
LOCALE_ROWS = [
    ("KAZ", "CHN", "export", "2021", Decimal("9772505630.04"), "unit", "оценка; предварительно"),
    ("KAZ", "CHN", "import", "2021", Decimal("1500.5"), "thousand", ""),
    ("KAZ", "RUS", "export", "2021-03", Decimal("25631"), "million", ""),
    ("KAZ", "RUS", "import", "2022-01/2022-05", Decimal("0.25"), "billion", ""),
    ("KAZ", "UZB", "turnover", "2021", Decimal("1234567.126"), "unit", ""),
]


def _locale_number(value: Decimal, group: str, mark: str) -> str:
    whole, _, fraction = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return grouped + (mark + fraction if fraction else "")


def _write_template_csv(path: Path, delimiter: str, group: str, mark: str, encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(LOCALE_HEADER)
    for reporter, partner, flow, period, value, unit, note in LOCALE_ROWS:
        number = _locale_number(value, group, mark)
        publisher, title = "Бюро национальной статистики", "Внешняя торговля, 2021"
        writer.writerow(
            [reporter, partner, flow, period, number, unit, "USD", publisher, title, note]
        )
    path.parent.mkdir()
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_the_template_as_a_comma_csv(tmp_path):
    path = _write_template_csv(tmp_path / "comma" / "figures.csv", ",", "", ".", "utf-8")
    obs = template.load(path).observations
    assert obs.value.tolist() == [9772505630.04, 1500500.0, 25631e6, 0.25e9, 1234567.13]
    assert obs.precision.tolist() == [0.01, 100.0, 1e6, 1e7, 0.01]
    assert obs.note.tolist()[0] == "оценка; предварительно"


@pytest.mark.parametrize(
    ("delimiter", "group", "mark", "encoding"),
    [
        # Excel in a Russian or Kazakh locale: ``;`` and a decimal comma, in cp1251 ...
        (";", "", ",", "cp1251"),
        # ... or UTF-8 with a byte-order mark, thousands grouped by no-break spaces.
        (";", "\u00a0", ",", "utf-8-sig"),
        (";", "\u202f", ",", "utf-8-sig"),
        # Tab-separated with no-break spaces, as "Text (tab delimited)" saves it.
        ("\t", "\u00a0", ",", "utf-8"),
        ("\t", " ", ".", "utf-16"),
        # Swiss: apostrophes group thousands before a decimal point, after ``;``.
        (";", "'", ".", "utf-8"),
        (";", "\u2019", ".", "utf-8"),
        # An English locale's grouping, quoted in a comma CSV.
        (",", ",", ".", "utf-8"),
        (",", ".", ",", "utf-8"),
    ],
)
def test_the_template_as_people_save_it_loads_as_the_comma_csv(
    tmp_path, delimiter, group, mark, encoding
):
    comma = template.load(
        _write_template_csv(tmp_path / "comma" / "figures.csv", ",", "", ".", "utf-8")
    )
    saved = template.load(
        _write_template_csv(tmp_path / "saved" / "figures.csv", delimiter, group, mark, encoding)
    )
    pd.testing.assert_frame_equal(saved.observations, comma.observations)
    pd.testing.assert_frame_equal(saved.sources, comma.sources)


def _template_text(value: str, other: str, delimiter: str = ",") -> str:
    """A template CSV of two figures, ``value`` and ``other``, written as given."""
    header = ["reporter", "partner", "flow", "period", "value", "currency"]
    lines = [
        [*header, "source_publisher", "source_title"],
        ["KAZ", "CHN", "export", "2021", value, "USD", "A", "T"],
        ["KAZ", "RUS", "export", "2021", other, "USD", "A", "T"],
    ]
    return "".join(delimiter.join(line) + "\n" for line in lines)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # After ``;`` the comma is the decimal mark.
        (_template_text("1,234", "5", ";"), [1.23, 5.0]),  # kept to the cent
        # The column's "2,345,678" groups thousands by commas: so does "1,234".
        (_template_text('"1,234"', '"2,345,678"'), [1234.0, 2345678.0]),
        # The column's "2 345,5" has a decimal comma.
        (_template_text("1,234", "2 345,5", "\t"), [1.23, 2345.5]),
    ],
)
def test_one_separator_before_three_digits_is_read_by_the_column_or_dialect(tmp_path, text, values):
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    frames, rejected = read(path)
    assert rejected.empty
    assert frames.observations.value.tolist() == values


def test_one_separator_before_three_digits_nothing_decides_is_refused(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(_template_text('"1,234"', "5"), encoding="utf-8")
    frames, rejected = read(path)
    assert frames.observations.value.tolist() == [5.0]
    assert rejected.to_dict("records") == [
        {
            "row": 2,
            "column": "value",
            "value": "1,234",
            "reason": "a number whose decimal mark is plain: '1,234' could be 1234 "
            "(a thousands separator) or 1.234 (a decimal mark)",
        }
    ]


@pytest.mark.parametrize(
    "value", ["12 34", "1,2,3", "=SUM(E2:E3)", "1 234.567,8", "12%", "abc", "nan"]
)
def test_text_in_the_value_column_of_a_csv_is_still_refused(tmp_path, value):
    path = tmp_path / "figures.csv"
    path.write_text(_template_text(f'"{value}"', "5"), encoding="utf-8")
    _, rejected = read(path)
    assert rejected[["row", "column", "value", "reason"]].values.tolist() == [
        [2, "value", value, "a plain number such as 1234.5"]
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_wrong_header_names_the_missing_columns_and_the_upload_page(tmp_path, delimiter):
    path = tmp_path / "figures.csv"
    header = ["reporter", "partner", "flow", "period", "value", "source_publisher"]
    path.write_text(
        delimiter.join(header) + "\n" + delimiter.join(["KAZ", "CHN", "export", "2021", "5", "A"]),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as error:
        template.load(path)
    assert str(error.value) == (
        "figures.csv: row 1: expected the tidy template's header row, found "
        "'reporter, partner, flow, period, value, source_publisher' (missing currency, "
        "source_title; download the template from the Upload page (/upload))"
    )


def test_a_workbook_without_the_header_names_the_sheet_nearest_to_it(tmp_path):
    path = tmp_path / "figures.xlsx"
    write_xlsx(
        path,
        {
            "Notes": [["About these figures"]],
            "Data": [["Exports"], ["reporter", "partner", "value"], ["KAZ", "CHN", 5]],
        },
    )
    with pytest.raises(LoadError) as error:
        template.load(path)
    assert str(error.value) == (
        "figures.xlsx: sheet 'Data', row 2: expected the tidy template's header row, found "
        "'reporter, partner, value' (missing flow, period, currency, source_publisher, "
        "source_title; download the template from the Upload page (/upload))"
    )


def test_the_fit_of_a_full_template_in_any_dialect_is_complete(tmp_path):
    for delimiter in (",", ";", "\t"):
        text = _template_text("1 234,5", "5", delimiter)
        found = template.fit(tmp_path / "figures.csv", text)
        assert (found.format, found.complete, found.missing) == ("tidy", True, [])


def test_the_fit_of_a_partial_template_names_what_it_lacks(tmp_path):
    text = "reporter;partner;flow;period;value;source_publisher\nKAZ;CHN;export;2021;5;A\n"
    found = template.fit(tmp_path / "figures.csv", text)
    assert found.missing == ["a currency column", "a source_title column"]
    assert found.found == [
        "a reporter column",
        "a partner column",
        "a flow column",
        "a period column",
        "a value column",
        "a source_publisher column",
        "rows of figures below the header",
    ]


def test_the_fit_of_a_misspelt_column_misses_it_once(tmp_path):
    text = "reporter,partner,flow,period,valu,currency\nKAZ,RUS,export,2021,1,USD\n"
    assert template.fit(tmp_path / "mine.csv", text).missing == [
        "a value column",
        "a source_publisher column",
        "a source_title column",
    ]


def test_the_fit_of_a_header_without_figures_misses_the_rows(tmp_path):
    text = _template_text("n/a", "-").replace("n/a", "").replace("-", "")
    assert template.fit(tmp_path / "figures.csv", text).missing == [
        "rows of figures below the header"
    ]


def test_the_fit_of_a_workbook_is_its_best_sheet(tmp_path):
    path = tmp_path / "figures.xlsx"
    header = [*LOCALE_HEADER[:5], "currency", "source_publisher", "source_title"]
    write_xlsx(
        path,
        {
            "Notes": [["reporter"]],
            "Data": [header, ["KAZ", "CHN", "export", "2021", 5, "USD", "A", "T"]],
        },
    )
    found = template.fit(path)
    assert (found.where, found.complete) == ("Data", True)
    assert template.fit_rows([["Date", "USD"], ["2021-01-04", "1.2"]]).found == []


def test_a_product_code_needs_its_hs_edition(tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(
        "reporter,partner,flow,period,value,currency,product,classification,"
        "source_publisher,source_title\n"
        "KAZ,CHN,export,2021,5,USD,2709,,A,T\n"
        "KAZ,CHN,export,2021,6,USD,TOTAL,HS2017,A,T\n"
        "KAZ,CHN,export,2021,7,USD,2709,HS2099,A,T\n"
        "KAZ,CHN,import,2021,8,USD,2709,HS2022,A,T\n",
        encoding="utf-8",
    )
    frames, rejected = read(path)
    assert frames.observations[["product", "classification"]].values.tolist() == [
        ["2709", "HS2022"]
    ]
    edition = (
        "an HS edition (classification such as HS2017) with a product code, and none with TOTAL"
    )
    assert rejected[["row", "column", "value", "reason"]].values.tolist() == [
        [2, "classification", "", edition],
        [3, "classification", "HS2017", edition],
        [
            4,
            "classification",
            "HS2099",
            "an HS edition: HS1992, HS1996, HS2002, HS2007, HS2012, HS2017 or HS2022",
        ],
    ]
