"""The reader's language: negotiation, the catalogues, and the page shell and exports in it."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import openpyxl
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from werkzeug.datastructures import LanguageAccept, MultiDict

from dashboard import i18n, text
from dashboard.app import languages, localise_shell
from dashboard.figures import trade_figure
from dashboard.ui import chart_rows
from dashboard.views import build_view

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]


def _accept(*langs: tuple[str, float]) -> LanguageAccept:
    return LanguageAccept(list(langs))


@pytest.mark.parametrize(
    ("args", "cookies", "accept", "expected"),
    [
        ({"lang": "ar"}, {"lang": "ru"}, _accept(("en", 1)), "ar"),  # the address first
        ({}, {"lang": "ru"}, _accept(("ar", 1)), "ru"),  # then the cookie
        ({}, {}, _accept(("ru-RU", 1), ("en", 0.5)), "ru"),  # then the browser
        ({}, {}, _accept(("fr", 1), ("ar", 0.3)), "ar"),
        ({}, {}, _accept(("fr", 1)), "en"),  # then English
        ({}, {}, _accept(("en-GB", 0.8), ("ru", 0.9)), "ru"),  # by quality, not order
        ({"lang": "fr"}, {}, _accept(("ru", 1)), "ru"),  # a language not spoken: ignored
        ({"lang": "xx"}, {"lang": "<script>"}, None, "en"),
    ],
)
def test_the_language_comes_from_the_address_the_cookie_then_the_browser(
    args, cookies, accept, expected
):
    assert i18n.wanted(MultiDict(args), cookies, accept) == expected


def test_outside_a_request_everything_is_english():
    assert i18n.current() == "en"
    assert i18n.direction() == "ltr"


def test_a_block_can_speak_another_language_and_returns_to_english():
    with i18n.speaking("ar"):
        assert i18n.current() == "ar"
        assert i18n.direction() == "rtl"
    assert i18n.current() == "en"


def test_numbers_and_dates_follow_the_language_in_latin_digits():
    assert text.number(24624279965.57, 2) == "24,624,279,965.57"
    with i18n.speaking("ru"):
        assert text.number(24624279965.57, 2) == "24\xa0624\xa0279\xa0965,57"
        assert text.date_long("2022-10-27") == "27 октября 2022"
        assert text.change(0.05).startswith("+5,0")
    with i18n.speaking("ar"):
        shown = text.number(24624279965.57, 2)
        assert re.sub(r"[\u200e\u200f\u061c]", "", shown) == "24,624,279,965.57"
        assert "أكتوبر" in text.date_long("2022-10-27")
        assert text.FLOW_LABELS["export"] != "Exports"


def test_labels_by_code_are_read_in_the_language():
    assert text.FLOW_LABELS["export"] == "Exports"
    with i18n.speaking("ru"):
        assert text.FLOW_LABELS["export"] == "Экспорт"
        assert dict(text.UNIT_LABELS) == {"bn": "млрд", "mn": "млн"}


# ------------------------------------------------------------------ the catalogues


def _marked() -> dict[str, str]:
    """Every sentence marked in the code and every text of the shipped data a reader sees
    (msgid -> where), as `make messages` finds them through babel.cfg."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map=method_map,
        options_map=options_map,
        keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)},
    ):
        # A plural message is filed under its singular msgid.
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _catalogue(lang: str):
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_marked_sentence_is_translated(lang):
    """The catalogue check: no marked sentence left in English (run `make messages`, then
    translate what it adds)."""
    catalogue = _catalogue(lang)
    missing = []
    for msgid, where in _marked().items():
        entry = catalogue.get(msgid)
        if entry is None or entry.fuzzy or not entry.string:
            # Absent, fuzzy, or an empty msgstr (an empty string is no translation).
            missing.append(f"{where}: {msgid!r}")
        elif isinstance(entry.string, tuple) and not all(entry.string):
            missing.append(f"{where}: {msgid!r} (a plural form)")
    assert not missing, f"{len(missing)} sentences not translated into {lang}:\n" + "\n".join(
        missing[:40]
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_placeholder(lang):
    wrong = []
    for message in _catalogue(lang):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            if _fields(translated) - _fields(ids[0]) or _fields(ids[0]) - _fields(translated):
                wrong.append(f"{ids[0]!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_a_catalogue_is_read_from_its_po_when_not_compiled(tmp_path, monkeypatch):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Trade"\nmsgstr "Торговля"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.gettext("Trade", "ru") == "Торговля"
        assert i18n.gettext("Trade", "ar") == "Trade"  # no catalogue: English, not an error
    finally:
        i18n.translations.cache_clear()


# ------------------------------------------------------------------ the shell


def test_the_shell_names_its_language_and_direction():
    shell = "<!DOCTYPE html>\n<html>\n<head><title>Trade and investment figures</title>"
    assert '<html lang="en" dir="ltr">' in localise_shell(shell)
    with i18n.speaking("ar"):
        localised = localise_shell(shell)
    assert '<html lang="ar" dir="rtl">' in localised
    assert "<title>Trade and investment figures</title>" not in localised


def test_language_links_keep_the_filters_and_mark_the_current_one():
    with i18n.speaking("ru"):
        links = languages("/trade", "?partner=CHN&lang=en&freq=M")
    hrefs = {link.lang: link.href for link in links}
    assert hrefs == {
        "en": "/trade?partner=CHN&freq=M&lang=en",
        "ru": "/trade?partner=CHN&freq=M&lang=ru",
        "ar": "/trade?partner=CHN&freq=M&lang=ar",
        "kk": "/trade?partner=CHN&freq=M&lang=kk",
    }
    current = [link for link in links if "current" in link.className]
    assert [link.lang for link in current] == ["ru"]


# ------------------------------------------------------------------ over HTTP


def test_a_link_with_a_language_serves_it_and_remembers_it(client):
    response = client.get("/trade?lang=ar&partner=RUS")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)
    assert "lang=ar" in response.headers["Set-Cookie"]
    # The page's later requests carry the cookie and stay in Arabic.
    assert '<html lang="ar" dir="rtl">' in client.get("/partners").get_data(as_text=True)


def test_the_browser_language_is_used_without_a_link_or_cookie(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru" dir="ltr">' in page.get_data(as_text=True)
    assert "lang=" not in page.headers.get("Set-Cookie", "")


def test_the_frame_of_the_page_is_in_the_language(client):
    client.get("/?lang=ru")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Перейти к содержанию" in layout.encode().decode("unicode_escape")


def test_a_workbook_in_arabic_reads_right_to_left(client):
    response = client.get("/export.xlsx?page=trade&partner=RUS&lang=ar")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    first = book.worksheets[0]
    assert first.title != "Briefing"
    assert first.sheet_view.rightToLeft
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_period_labels_are_shown_in_the_language_and_stay_english_as_data(store):
    with i18n.speaking("ru"):
        assert text.period_shown("Jan-May 2022") == "янв.-май 2022"
        assert text.period_shown("May 2021") == "май 2021"
        assert text.period_shown("2021") == "2021"
        assert text.period_shown("not a period") == "not a period"
        view = build_view("trade", {"partner": "RUS", "freq": "YTD", "months": "5"}, store)
        figure = trade_figure(view, store.source_records)
        rows, _columns = chart_rows(view)
    assert "Jan-May 2021" in set(view.rows.period)  # the rows keep the store's labels
    # The table under the chart names its points as the chart's hovers do (the keyboard's
    # way from a table cell to the point's provenance matches them).
    hovered = {point[0] for trace in figure.data for point in (trace.customdata or [])}
    assert "янв.-май 2021" in hovered
    assert {row["period"] for row in rows} <= hovered


def test_kazakh_is_served_with_its_own_words_names_and_numbers(client):
    page = client.get("/", headers={"Accept-Language": "kk-KZ,kk;q=0.9,ru;q=0.8"})
    assert 'lang="kk"' in page.get_data(as_text=True)
    with i18n.speaking("kk"):
        assert i18n.gettext("Trade") == "Сауда"
        assert text.country("KAZ") == "Қазақстан"
        assert text.number(24_624_279_965.57) == "24\u00a0624\u00a0279\u00a0966"
        assert text.period_shown("Jan-May 2022") == "қаң.-мам. 2022"
