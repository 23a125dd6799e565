"""LoadError messages: file, place, expectation, found value."""

from __future__ import annotations

import pickle

import pytest

from loaders import guard
from loaders.errors import LoadError, Phrase, column_letter


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


# A stand-in catalogue: each template's words change, its placeholders stay. What it does
# to a message shows which parts are templates (said in the language) and which are data.
CATALOGUE = {
    "sheet {name}": "LIST {name}",
    "cell {cell}": "KLETKA {cell}",
    "row {row}": "STROKA {row}",
    "column {column}": "STOLBETS {column}",
    "expected {expected}": "OZHIDALOS {expected}",
    "expected {expected}, found {found}": "OZHIDALOS {expected}, NAIDENO {found}",
    "a file of at most {size} MB": "FAIL DO {size} MB",
    "{size} MB": "{size} MEGABAIT",
    "set {variable} to allow larger files": "ZADAITE {variable}",
    "a number": "CHISLO",
    "a value": "ZNACHENIE",
}


def _translate(template: str) -> str:
    return CATALOGUE.get(template, template)


def _too_large() -> LoadError:
    with pytest.raises(LoadError) as raised:
        guard.check_size(25 * guard.MB, "/up/big.csv", guard.Limits(max_bytes=20 * guard.MB))
    return raised.value


def test_a_refusal_keeps_its_english_and_its_template_apart():
    error = _too_large()
    assert str(error) == (
        "big.csv: expected a file of at most 20 MB, found '25.0 MB' "
        "(set FIGURES_MAX_UPLOAD_MB to allow larger files)"
    )
    assert error.expected == "a file of at most {size} MB"
    assert error.values == {"size": "20"}
    assert isinstance(error.found, Phrase)
    assert error.found == "25.0 MB"


def test_a_refusal_is_said_with_every_template_translated_and_the_data_as_it_is():
    assert _too_large().said(_translate) == (
        "big.csv: OZHIDALOS FAIL DO 20 MB, NAIDENO '25.0 MEGABAIT' (ZADAITE FIGURES_MAX_UPLOAD_MB)"
    )
    error = LoadError("/x/a.xls", "a number", "a value", sheet="S", row=3, column=1)
    # "a value" found in the file is data: it stays as the file has it.
    assert (
        error.said(_translate) == "a.xls: LIST 'S', KLETKA B3: OZHIDALOS CHISLO, NAIDENO 'a value'"
    )
    assert LoadError("a.csv", "a value", row=4, column="FLOW").said(_translate) == (
        "a.csv: STROKA 4, STOLBETS 'FLOW': OZHIDALOS ZNACHENIE"
    )


def test_a_translation_that_lost_a_placeholder_falls_back_to_english():
    broken = {"a file of at most {size} MB": "FAIL DO {razmer} MB"}
    said = _too_large().said(lambda template: broken.get(template, template))
    assert said.startswith("big.csv: expected a file of at most 20 MB, found '25.0 MB'")


def test_braces_from_the_data_are_not_a_template():
    error = LoadError("a.csv", "a JSON object {", found="{x}", values={})
    assert str(error) == "a.csv: expected a JSON object {, found '{x}'"


def test_a_refusal_crosses_a_process_whole():
    error = LoadError(
        "a.csv",
        "{fields} fields as in the header",
        found=Phrase("{fields} fields", fields=3),
        row=7,
        details=[Phrase("missing {columns}", columns="flow"), "a parser's own words"],
        values={"fields": 5},
    )
    back = pickle.loads(pickle.dumps(error))
    assert back == error
    assert back.values == {"fields": 5}
    assert isinstance(back.found, Phrase)
    assert back.found.template == "{fields} fields"
    assert isinstance(back.details[0], Phrase)
    assert (
        str(back)
        == str(error)
        == (
            "a.csv: row 7: expected 5 fields as in the header, found '3 fields' "
            "(missing flow; a parser's own words)"
        )
    )
    assert back.said(_translate) == error.said(_translate)


def test_a_phrase_is_its_english_text_and_says_nested_phrases_in_the_language():
    inner = Phrase("a number")
    outer = Phrase("expected {expected}", expected=inner)
    assert outer == "expected a number"
    assert outer.said(_translate) == "OZHIDALOS CHISLO"
    assert pickle.loads(pickle.dumps(outer)).said(_translate) == "OZHIDALOS CHISLO"
    assert Phrase.of(_too_large()).said(_translate).startswith("big.csv: OZHIDALOS FAIL DO 20 MB")
    assert Phrase.listing([inner, "text"]).said(_translate) == "CHISLO, text"
    assert Phrase.of_error(ValueError(inner)) is inner
    assert Phrase.of_error(ValueError("plain words")).said(_translate) == "plain words"
