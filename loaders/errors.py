"""The one error type every loader raises for input it cannot read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    0-based index (rendered as a letter) or a column name.
    """

    file: str | Path
    expected: str
    found: object = None
    sheet: str | None = None
    row: int | None = None
    column: int | str | None = None
    details: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self):
        # Errors cross process boundaries (the upload worker); rebuild from the fields.
        return (
            type(self),
            (self.file, self.expected, self.found, self.sheet, self.row, self.column, self.details),
        )

    @property
    def place(self) -> str:
        """Where the problem is: sheet, cell or row/column, as a reader would look for it."""
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if isinstance(self.column, int) and self.row is not None:
            parts.append(f"cell {column_letter(self.column)}{self.row}")
        else:
            if self.row is not None:
                parts.append(f"row {self.row}")
            if isinstance(self.column, int):
                parts.append(f"column {column_letter(self.column)}")
            elif self.column is not None:
                parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        name = Path(self.file).name if self.file else "<input>"
        place = self.place
        text = f"{name}: {place + ': ' if place else ''}expected {self.expected}"
        if self.found is not None:
            text += f", found {_show(self.found)}"
        if self.details:
            # Parser messages can span lines; a user gets one line.
            text += " (" + "; ".join(" ".join(str(d).split()) for d in self.details) + ")"
        return text
