"""dashboard.errors: each refusal carries its status and its plain-text body, and any error
is said in the reader's language (``message``): a loader's refusal, a rejected row's reason and a
refused link, each in Russian and Arabic from its English template, while ``str(error)`` stays
English for the command line and the logs."""

from __future__ import annotations

import base64

import pytest

from dashboard import i18n
from dashboard.errors import AppError, BadQuery, NotFound, message
from dashboard.pages.check import answer
from dashboard.pages.upload import handle_upload, report_card
from dashboard.queries import parse
from dashboard.ui import error_panel
from loaders.errors import LoadError
from loaders.guard import MB, Limits
from loaders.upload import check_upload


def test_statuses_and_bodies():
    assert BadQuery("flow='x': expected one of export").status == 400
    assert BadQuery("flow='x'").body() == "Bad query string: flow='x'\n"
    assert NotFound("Unknown export format 'pdf'").status == 404
    assert NotFound("Unknown export format 'pdf'").body() == "Unknown export format 'pdf'\n"
    assert issubclass(BadQuery, AppError)
    assert issubclass(BadQuery, ValueError)


TEMPLATE_CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,QAT,export,2021,5000000,USD,Bureau,Trade\n"
    "KAZ,QAT,export,2021-13,1,USD,Bureau,Trade\n"
)


def _too_large() -> str:
    report = check_upload("big.csv", b"x" * (2 * MB + 1), "ana", Limits(max_bytes=2 * MB))
    assert report.error is not None
    return report.error


def test_a_refused_upload_is_english_as_text():
    assert _too_large() == (
        "big.csv: expected a file of at most 2 MB, found '2.0 MB' "
        "(set FIGURES_MAX_UPLOAD_MB to allow larger files)"
    )
    with i18n.speaking("en"):
        assert message(_too_large()) == _too_large()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            "big.csv: ожидалось: файл размером не более 2 МБ, получено: '2.0 МБ' "
            "(задайте FIGURES_MAX_UPLOAD_MB, чтобы разрешить файлы большего размера)",
        ),
        (
            "ar",
            "big.csv: المتوقع: ملف لا يزيد حجمه على 2 ميغابايت، والموجود: '2.0 ميغابايت' "
            "(اضبط FIGURES_MAX_UPLOAD_MB للسماح بملفات أكبر)",
        ),
    ],
)
def test_a_refused_upload_is_said_in_the_readers_language(lang, expected):
    with i18n.speaking(lang):
        assert message(_too_large()) == expected


def test_a_file_of_no_known_format_is_said_with_its_place_and_the_formats_tried():
    # Read in the parse worker: the LoadError crossed a process boundary, values and all.
    report = check_upload("notes.csv", b"hello,world\n1,2\n", "ana")
    assert report.error is not None
    assert report.error.startswith("notes.csv: row 1: expected a file in a known format")
    with i18n.speaking("ru"):
        russian = message(report.error)
    assert russian.startswith(
        "notes.csv: строка 1: ожидалось: файл в известном формате, получено: 'hello,world' "
        "(известные форматы: CSV Eurostat Comext (реляционное представление); "
    )
    assert "табличный шаблон (.xlsx, .xls или .csv)" in russian
    assert "expected" not in russian
    with i18n.speaking("ar"):
        arabic = message(report.error)
    assert arabic.startswith(
        "notes.csv: الصف 1: المتوقع: ملف بصيغة معروفة، والموجود: 'hello,world'"
    )
    assert "القالب المنظَّم (.xlsx أو .xls أو .csv)" in arabic
    assert "expected" not in arabic


def test_the_frame_of_a_refusal_names_sheet_and_cell_in_the_language():
    error = LoadError("/x/a.xls", "a number", "abc", sheet="S", row=3, column=1)
    assert str(error) == "a.xls: sheet 'S', cell B3: expected a number, found 'abc'"
    with i18n.speaking("ru"):
        assert message(error) == "a.xls: лист 'S', ячейка B3: ожидалось: число, получено: 'abc'"
    with i18n.speaking("ar"):
        assert message(error) == "a.xls: الورقة 'S', الخلية B3: المتوقع: عدد، والموجود: 'abc'"


@pytest.mark.parametrize(
    ("lang", "said", "summary"),
    [
        ("ru", "месяц от 01 до 12", "1 значение"),
        ("ar", "شهر بين 01 و12", "رقم"),
    ],
)
def test_a_rejected_rows_reason_is_said_in_the_language(lang, said, summary):
    data = "data:text/csv;base64," + base64.b64encode(TEMPLATE_CSV.encode()).decode()
    report = handle_upload("mine.csv", data, "Ana", Limits())
    assert report.ok
    assert list(report.rejected.reason) == ["a month between 01 and 12"]
    with i18n.speaking(lang):
        card = str(report_card(report, "token"))
    assert said in card
    assert summary in card
    assert "a month between 01 and 12" not in card


def test_a_refused_link_is_said_in_the_language_on_the_page(store):
    with pytest.raises(BadQuery) as raised:
        parse("trade", {"months": "99"}, store)
    assert str(raised.value) == "months='99': expected 1 to 12"
    with i18n.speaking("ru"):
        panel = str(error_panel(raised.value, "trade"))
    assert "months='99': ожидалось значение от 1 до 12" in panel
    with i18n.speaking("ar"):
        panel = str(error_panel(raised.value, "trade"))
    assert "months='99': المتوقع قيمة من 1 إلى 12" in panel
    assert "expected" not in panel


def test_a_refused_export_link_is_a_400_in_the_language(client):
    response = client.get("/export.csv?page=trade&months=99&lang=ru")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Неверная строка запроса: months='99': ожидалось значение от 1 до 12\n"
    )
    response = client.get("/export.xlsx?page=trade&reporter=XXX&lang=ar")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("سلسلة استعلام غير صالحة: reporter='XXX': المتوقع رمز ISO3")
    assert "expected" not in text


def test_an_unknown_parameter_names_what_the_page_takes_in_the_language(store):
    with pytest.raises(BadQuery) as raised:
        parse("claims", {"debug": "1"}, store)
    assert str(raised.value) == "unknown parameter 'debug' for page claims: expected none"
    with i18n.speaking("ru"):
        assert message(raised.value) == (
            "неизвестный параметр 'debug' для страницы claims: допустимые параметры: нет"
        )


def test_any_other_error_is_its_own_text():
    with i18n.speaking("ru"):
        assert message(ValueError("a parser's words")) == "a parser's words"
        assert message(KeyError("x")) == "'x'"


def test_a_dropped_article_that_cannot_be_read_is_said_in_the_language():
    with i18n.speaking("ru"):
        *_, status, _text = answer("data:text/plain;base64,@@", "a.txt", "", None, "auto")
    assert status == "a.txt: ожидалось: загружаемый файл (data URL)"
    dropped = "data:text/plain;base64," + base64.b64encode(b"x").decode()
    with i18n.speaking("ar"):
        *_, status, _text = answer(dropped, "a.pdf", "", None, "auto")
    assert status == (
        "a.pdf: المتوقع: مقال بإحدى الصيغ .txt, .md, .html, .htm, .docx، والموجود: '.pdf'"
    )
