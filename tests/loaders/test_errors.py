"""LoadError messages: file, place, expectation, found value."""

from __future__ import annotations

from loaders.errors import LoadError, column_letter


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_message_shapes():
    assert str(LoadError("/x/a.xls", "a number", "abc", sheet="S", row=3, column=1)) == (
        "a.xls: sheet 'S', cell B3: expected a number, found 'abc'"
    )
    assert str(LoadError("a.csv", "a flow", "9", row=4, column="FLOW")) == (
        "a.csv: row 4, column 'FLOW': expected a flow, found '9'"
    )
    assert str(LoadError("a.csv", "a non-empty file")) == "a.csv: expected a non-empty file"
    long = str(LoadError("a", "x", found="y" * 200))
    assert len(long) < 100
    assert long.endswith("…'")
