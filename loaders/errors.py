"""The one error type every loader raises for input it cannot read, and the words it is said in.

A message is English wherever it is printed as text (``str(error)``: the command line, logs,
tests). Its sentences are English templates with ``{name}`` placeholders, marked with ``N_``
so that ``make messages`` extracts them, and kept apart from the values put in them; the
web layer (``dashboard.errors.message``) says the same error in the reader's language by
passing its ``gettext`` to ``said``. The loaders never import the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Turns an English template into the reader's language (gettext); English is the identity.
Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a sentence for extraction (``make messages``); the web layer translates it where
    it is shown. Returns the sentence unchanged."""
    return message


def _english(message: str) -> str:
    return message


def say(template: str, values: Mapping[str, object], translate: Translate = _english) -> str:
    """``template`` in the language of ``translate``, with ``values`` in its placeholders.

    A value that is a Phrase or a LoadError is said in the same language; any other value is
    data (a file name, a code, a number as the loader wrote it) and goes in as it is. A
    translation that lost a placeholder falls back to the English template, and a template
    that is no template (braces from the data in it) to itself: a message never fails.
    """
    shown = {name: said(value, translate) for name, value in values.items()}
    for text in dict.fromkeys((translate(template), template)):
        try:
            return text.format(**shown)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
    return template


def said(value: object, translate: Translate = _english) -> object:
    """A Phrase or LoadError said in the language of ``translate``; any other value as it is."""
    if isinstance(value, (Phrase, LoadError)):
        return value.said(translate)
    return value


class Phrase(str):
    """A sentence kept as its English text (it is a ``str``, so it prints, compares and
    serialises as one) with the template and values it was made from, so that the web
    layer can say it in the reader's language: a detail of an error, a value found, the
    words a loader returns in place of an error. A value may itself be a Phrase."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        phrase = super().__new__(cls, say(template, values))
        phrase.template = template
        phrase.values = values
        return phrase

    @classmethod
    def of(cls, value: object) -> Phrase:
        """``value`` (a LoadError, say) where a str is kept: English as ``str(value)``,
        said in the reader's language where shown."""
        return cls("{value}", value=value)

    @classmethod
    def marked(cls, text: str) -> Phrase:
        """A sentence marked with ``N_`` and kept as text, as a Phrase (itself if it is one)."""
        return text if isinstance(text, Phrase) else cls(text)

    @classmethod
    def of_error(cls, error: BaseException) -> Phrase:
        """The reason an exception was raised with: its Phrase, else its English text."""
        given = error.args[0] if len(error.args) == 1 else None
        return given if isinstance(given, Phrase) else cls.of(str(error))

    @classmethod
    def listing(cls, items: Sequence[object], separator: str = ", ") -> Phrase:
        """``items`` one after another, each a Phrase said in the reader's language."""
        names = [f"item{number}" for number in range(len(items))]
        template = separator.join("{" + name + "}" for name in names)
        return cls(template, **dict(zip(names, items, strict=True)))

    def said(self, translate: Translate = _english) -> str:
        """This sentence in the language of ``translate``."""
        return say(self.template, self.values, translate)

    def __reduce__(self):
        # Phrases cross process boundaries inside errors and rejected rows (the upload worker).
        return (_phrase, (self.template, dict(self.values)))


def _phrase(template: str, values: dict[str, object]) -> Phrase:
    return Phrase(template, **values)


def column_letter(index: int) -> str:
    """Return the Excel column letter for a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _show(value: object, limit: int = 60) -> str:
    """Render a found value for a message: quoted, one line, shortened."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


@dataclass
class LoadError(Exception):
    """Input that a loader cannot read, with the place and what was expected.

    ``row`` is 1-based as a spreadsheet or text editor shows it; ``column`` is a
    0-based index (rendered as a letter) or a column name. ``expected`` is an English
    template marked with ``N_`` ("a file of at most {size} MB"), ``values`` what goes in its
    placeholders. ``found``, ``details`` and ``values`` hold data as it is, or Phrases where
    they are this program's own words. ``file`` may be a Phrase too (a stored dataset).
    """

    file: str | Path
    expected: str
    found: object = None
    sheet: str | None = None
    row: int | None = None
    column: int | str | None = None
    details: list[str] = field(default_factory=list)
    values: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self):
        # Errors cross process boundaries (the upload worker); rebuild from the fields.
        return (
            type(self),
            (
                self.file,
                self.expected,
                self.found,
                self.sheet,
                self.row,
                self.column,
                self.details,
                dict(self.values),
            ),
        )

    @property
    def place(self) -> str:
        """Where the problem is: sheet, cell or row/column, as a reader would look for it."""
        return self._place(_english)

    def _place(self, translate: Translate) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(say(N_("sheet {name}"), {"name": repr(self.sheet)}, translate))
        if isinstance(self.column, int) and self.row is not None:
            cell = f"{column_letter(self.column)}{self.row}"
            parts.append(say(N_("cell {cell}"), {"cell": cell}, translate))
        else:
            if self.row is not None:
                parts.append(say(N_("row {row}"), {"row": self.row}, translate))
            if isinstance(self.column, int):
                column = column_letter(self.column)
                parts.append(say(N_("column {column}"), {"column": column}, translate))
            elif self.column is not None:
                column = repr(self.column)
                parts.append(say(N_("column {column}"), {"column": column}, translate))
        return ", ".join(parts)

    def said(self, translate: Translate = _english) -> str:
        """The whole message in the language of ``translate``: file, place, what was
        expected and found, then the details (parser messages stay as the parser wrote
        them; this program's own are Phrases and are said in the language)."""
        if isinstance(self.file, Phrase):
            name = self.file.said(translate)
        else:
            name = Path(self.file).name if self.file else "<input>"
        place = self._place(translate)
        expected = say(self.expected, self.values, translate)
        if self.found is None:
            what = say(N_("expected {expected}"), {"expected": expected}, translate)
        else:
            found = _show(said(self.found, translate))
            what = say(
                N_("expected {expected}, found {found}"),
                {"expected": expected, "found": found},
                translate,
            )
        text = f"{name}: {place}: {what}" if place else f"{name}: {what}"
        if self.details:
            # Parser messages can span lines; a user gets one line.
            text += (
                " ("
                + "; ".join(" ".join(str(said(d, translate)).split()) for d in self.details)
                + ")"
            )
        return text

    def __str__(self) -> str:
        return self.said()
