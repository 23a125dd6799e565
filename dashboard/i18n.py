"""The reader's language: which one a request wants, and its catalogue of sentences.

The web layer (``dashboard.app``) asks ``wanted`` as each request starts and sets it with
``use``; everything below it (words, views, exports) reads ``current()`` and never imports
Flask. The language comes from ``?lang=`` in the address (so a shared link keeps its language),
then the ``lang`` cookie (set whenever an address names a language, so the page's later
requests follow it), then the browser's ``Accept-Language``, then English.

Sentences are marked in the code with ``_`` (``gettext``) and found by ``pybabel extract``
(``make messages``); ``N_`` marks a sentence kept in a constant and translated where it is
shown. The catalogues live in ``dashboard/locale/<lang>/LC_MESSAGES/messages.po`` and are
compiled to ``.mo`` by ``make`` (``pybabel compile``); a catalogue not compiled yet is read
from its ``.po``, so a fresh checkout is never English-only by accident.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "ru", "ar", "kk")
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT = "en"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
NAMES = {
    "en": "English",
    "ru": "Русский",
    "ar": "العربية",
    "kk": "Қазақша",
}  # each in its own language

log = logging.getLogger(__name__)


def wanted(args, cookies, accept_languages) -> str:
    """The language a request asks for: ``?lang=``, the cookie, Accept-Language, English.

    A ``?lang=`` this app does not speak is ignored (a link never fails for its language).
    """
    for given in (args.get(COOKIE), cookies.get(COOKIE)):
        if given in LANGUAGES:
            return str(given)
    # By the browser's order of preference, each tag by its language alone: "ru-RU" is
    # Russian even when the header lists English later and plain "ru" not at all.
    for tag, _quality in sorted(accept_languages or (), key=lambda item: -item[1]):
        language = str(tag).replace("_", "-").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return DEFAULT


_current: ContextVar[str] = ContextVar("lang", default=DEFAULT)


def current() -> str:
    """The language of the request being served (the web layer sets it as each request
    starts; English outside a request, in the command line and in exports run from it)."""
    return _current.get()


def use(lang: str) -> Token[str]:
    """Serve what follows, in this thread or task, in ``lang`` (the web layer calls this as
    each request starts, and ``done`` with the token as it ends)."""
    return _current.set(lang if lang in LANGUAGES else DEFAULT)


def done(token: Token[str]) -> None:
    """Back to the language before ``use`` (so a thread that serves the next request, or a
    test that called the app, never inherits this one's)."""
    _current.reset(token)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Everything inside the block in ``lang``."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def direction(lang: str | None = None) -> str:
    """'rtl' for a right-to-left language, else 'ltr'."""
    return "rtl" if (lang or current()) in RIGHT_TO_LEFT else "ltr"


def locale(lang: str | None = None) -> Locale:
    """Babel's locale for the language."""
    return _locale(lang or current())


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang``; its .po when no .mo is newer; none for English."""
    if lang == DEFAULT:
        return NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        log.warning("no catalogue for %s at %s: showing English", lang, po)
        return NullTranslations()

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` in the request's language (itself where the catalogue lacks it)."""
    return translations(lang or current()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural of a message, by the language's plural rules."""
    return translations(lang or current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a sentence kept in a constant for extraction; translate it where it is shown."""
    return message
