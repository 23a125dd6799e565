"""CSV as people save it: dialects found from the content, numbers in every locale's form."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders import csvtext, excel
from loaders.csvtext import AmbiguousNumber, Table
from loaders.files import decode

HEADER = ["reporter", "partner", "value", "note"]


@pytest.mark.parametrize(
    ("text", "delimiter", "decimal"),
    [
        ("reporter,partner,value,note\nKAZ,CHN,1234.5,a\n", ",", "."),
        # Excel in a Russian or Kazakh locale: ``;`` because the comma is the decimal mark.
        ("reporter;partner;value;note\nKAZ;CHN;1234,5;a\n", ";", ","),
        # "Text (tab delimited)" from the same Excel keeps the decimal comma ...
        ("reporter\tpartner\tvalue\tnote\nKAZ\tCHN\t1234,5\ta\n", "\t", ","),
        # ... and from an English one the point.
        ("reporter\tpartner\tvalue\tnote\nKAZ\tCHN\t1234.5\ta\n", "\t", "."),
    ],
)
def test_the_dialect_is_found_from_the_content(text, delimiter, decimal):
    table = csvtext.rows(text, HEADER)
    assert (table.delimiter, table.decimal) == (delimiter, decimal)
    assert table.rows == [HEADER, ["KAZ", "CHN", text.split("\n")[1].split(delimiter)[2], "a"]]


def test_quoted_fields_keep_the_delimiter_they_hold():
    text = 'reporter;partner;value;note\nKAZ;CHN;"1 234,5";"estimate; see p. 3"\n'
    assert csvtext.rows(text, HEADER).rows[1] == ["KAZ", "CHN", "1 234,5", "estimate; see p. 3"]


def test_decimal_commas_do_not_make_a_semicolon_file_comma_separated():
    # Split on commas, each data row has two fields and the header one: not a table.
    text = "a;b;c\n1,5;2;3\n4;5,25;6\n7;8;9,125\n"
    table = csvtext.rows(text)
    assert table.delimiter == ";"
    assert table.rows[1:] == [["1,5", "2", "3"], ["4", "5,25", "6"], ["7", "8", "9,125"]]


def test_semicolons_in_a_text_column_do_not_make_a_comma_file_semicolon_separated():
    text = 'code,name,value\n1,"a; b",5\n2,"c; d",6\n3,"e; f",7\n'
    table = csvtext.rows(text)
    assert table.delimiter == ","
    assert table.rows[1] == ["1", "a; b", "5"]


def test_expected_column_names_decide_what_the_shape_cannot():
    # Two fields a row either way; only splitting on ``;`` gives known column names.
    text = "value;note\n5,5;x\n"
    assert csvtext.rows(text, ["value", "note"]).rows == [["value", "note"], ["5,5", "x"]]
    assert csvtext.rows(text, ["VALUE"]).delimiter == ";"


def test_a_header_below_a_title_is_found():
    text = "Exports of Kazakhstan\n\nreporter;partner;value;note\nKAZ;CHN;5;x\n"
    table = csvtext.rows(text, HEADER)
    assert table.delimiter == ";"
    assert table.rows[2] == HEADER


def test_decimal_commas_without_a_header_are_no_comma_separated_columns():
    # Every line has two commas and one ``;``: csv.Sniffer, counting, takes the comma.
    text = "1,5;2,5\n3,5;4,5\n"
    assert csv.Sniffer().sniff(text, delimiters=",;\t").delimiter == ","
    table = csvtext.rows(text)
    assert (table.delimiter, table.decimal) == (";", ",")
    assert table.rows == [["1,5", "2,5"], ["3,5", "4,5"]]


def test_a_single_column_is_read_as_comma_separated():
    assert csvtext.rows("value\n5\n") == Table([["value"], ["5"]], ",", ".")


def test_old_mac_line_endings_split_into_rows():
    decoded = decode(b"reporter;value\rKAZ;1 234,5\rRUS;7\r", "mac.csv")
    assert decoded == "reporter;value\nKAZ;1 234,5\nRUS;7\n"
    assert csvtext.rows(decoded).rows == [["reporter", "value"], ["KAZ", "1 234,5"], ["RUS", "7"]]
    # Text that did not pass through decode splits the same way.
    assert csvtext.rows("reporter;value\rKAZ;1 234,5\r\nRUS;7").rows == [
        ["reporter", "value"],
        ["KAZ", "1 234,5"],
        ["RUS", "7"],
    ]


def test_blank_records_keep_their_place_and_a_bom_is_dropped():
    table = csvtext.rows("\ufeffDate,USD\n\n2021-01-04,1.2\n")
    assert table.rows == [["Date", "USD"], [], ["2021-01-04", "1.2"]]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("1234567", "1234567"),
        ("1 234 567", "1234567"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),  # no-break space
        ("1\u202f234\u202f567,89", "1234567.89"),  # narrow no-break space
        ("1\u2009234,5", "1234.5"),  # thin space
        ("1'234'567.89", "1234567.89"),  # Swiss
        ("1\u2019234\u2019567.89", "1234567.89"),  # Swiss, typographic apostrophe
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1234,5", "1234.5"),
        ("1234,50", "1234.50"),
        ("0,125", "0.125"),  # a thousands group never starts with 0
        ("1234,567", "1234.567"),  # nor has four digits
        ("-1 234,5", "-1234.5"),
        ("\u22121 234,5", "-1234.5"),  # Unicode minus
        ("+5", "5"),
        ("  12,5  ", "12.5"),
        ("1.5e3", "1.5e3"),
        ("1,5E-3", "1.5e-3"),
    ],
)
def test_numbers_as_people_write_them(text, plain):
    assert csvtext.digits(text, None) == plain
    assert csvtext.number(text, None) == float(plain)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "12 34",  # groups after the first hold three digits
        "1 2345",
        "1,2,3",
        "0,123,456",
        "1 234.567,8",  # two ways of grouping
        "1'234 567",
        "1.234,567.8",
        ",5",
        "5,",
        "1..2",
        "- 5",
        "--5",
        "=SUM(A1:A3)",
        "nan",
        "inf",
        "1e400",  # not finite
        "12%",
    ],
)
def test_what_is_no_number_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - every refusal is a ValueError
        csvtext.number(text, ",")


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1,234", ",", 1.234),
        ("1,234", ".", 1234.0),
        ("1.234", ".", 1.234),
        ("1.234", ",", 1234.0),
        ("-12,345", ",", -12.345),
        ("999.999", ",", 999999.0),
    ],
)
def test_one_separator_before_three_digits_is_read_by_the_decimal_mark_given(text, decimal, value):
    assert csvtext.number(text, decimal) == value
    with pytest.raises(AmbiguousNumber, match=r"could be .* or .*\(a decimal mark\)"):
        csvtext.number(text, None)


def test_an_ambiguous_number_says_both_readings():
    with pytest.raises(AmbiguousNumber) as error:
        csvtext.digits("5,250", None)
    assert str(error.value) == (
        "'5,250' could be 5250 (a thousands separator) or 5.250 (a decimal mark)"
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1 234,5", ","),
        ("1.234.567", ","),  # dots grouping thousands: the comma is the decimal mark
        ("1234.5", "."),
        ("2,345,678", "."),
        ("1,234", None),
        ("1234", None),
        ("1 234", None),
        ("2021-03", None),
        ("04.01.2021", None),
    ],
)
def test_the_decimal_mark_a_number_shows(text, shown):
    assert csvtext.shows(text) == shown


@pytest.mark.parametrize(
    ("text", "decimal_of_value", "read"),
    [
        # After ``;`` a comma is the decimal mark.
        ("name;value\na;1,234\nb;5\n", ",", 1.234),
        # ... unless the column's other numbers show a point.
        ("name;value\na;1,234\nb;5.25\n", ".", 1234.0),
        # A comma file: the column's "2,345,678" groups by commas, so "1,234" does too.
        ('name,value\na,"1,234"\nb,"2,345,678"\n', ".", 1234.0),
        # A tab file whose column writes decimal commas.
        ("name\tvalue\na\t1,234\nb\t2 345,5\n", ",", 1.234),
    ],
)
def test_an_ambiguous_number_is_read_by_its_column_or_dialect(text, decimal_of_value, read):
    table = csvtext.rows(text)
    assert table.decimal_of(1) == decimal_of_value
    assert csvtext.number(table.plain(table.rows[1][1], 1), ".") == read


@pytest.mark.parametrize(
    "text",
    [
        'name,value\na,"1,234"\nb,5\n',  # nothing in a comma file shows the mark
        "name\tvalue\na\t1,234\nb\t5\n",
        "name\tvalue\na\t1,234\nb\t2 345,5\nc\t2.5\n",  # the column shows both marks
    ],
)
def test_an_ambiguous_number_nothing_decides_is_refused_or_read_by_the_dialect(text):
    table = csvtext.rows(text)
    assert table.decimal_of(1) is None
    with pytest.raises(AmbiguousNumber):
        table.plain("1,234", 1)
    assert table.plain("1,234", 1, by_dialect=True) == "1234"  # comma and tab files: "."


@pytest.mark.parametrize(
    ("text", "decimal", "step"),
    [
        ("1 234,50", ",", 0.01),
        ("1.234.567,5", ",", 0.1),
        ("1,234,567", ".", 1.0),
        ("1'234", ".", 1.0),
        ("12,345", ",", 0.01),  # 12.345: kept to the cent
    ],
)
def test_precision_is_read_from_the_plain_digits(text, decimal, step):
    assert excel.precision(csvtext.digits(text, decimal)) == step


def _written(whole: int, fraction: str, group: str, mark: str, minus: str) -> str:
    grouped = f"{whole:,}".replace(",", group) if group else str(whole)
    return minus + grouped + (mark + fraction if fraction else "")


@given(
    whole=st.integers(min_value=0, max_value=10**15),
    fraction=st.text(alphabet="0123456789", max_size=4),
    group=st.sampled_from(["", " ", "\u00a0", "\u202f", "'", "\u2019", ".", ","]),
    mark=st.sampled_from([".", ","]),
    minus=st.sampled_from(["", "-", "\u2212"]),
)
def test_any_written_number_reads_back_to_its_digits(whole, fraction, group, mark, minus):
    if group == mark:
        group = "," if mark == "." else "."
    text = _written(whole, fraction, group, mark, minus)
    plain = ("-" if minus else "") + str(whole) + ("." + fraction if fraction else "")
    # With the mark it was written with, every form reads back exactly ...
    assert csvtext.digits(text, mark) == plain
    assert csvtext.number(text, mark) == float(Decimal(plain))
    # ... and without it, a number is either read the same or refused as ambiguous.
    try:
        assert csvtext.digits(text, None) == plain
    except AmbiguousNumber:
        assert len(fraction) == 3 or (group in ".," and not fraction)
