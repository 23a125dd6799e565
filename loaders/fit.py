"""How well a file fits a loader's layout: what each loader found of its own structure.

Detection asks every loader that could read a file of this kind (a workbook, a text file)
for a :class:`Fit`: the parts of its layout it looked for (a header row, a units cell, a
period, a country column ...) and whether it found each. The fullest fit wins; a tie or no
fit at all is an error that lists what each candidate missed, so the reader knows what
the file would need. Keywords alone never decide: a methodology sheet that speaks of
customs does not make a statistics bulletin a customs table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fit:
    """What a loader found of its layout in a file.

    ``checks`` pairs each part it looked for, in words a statistician would use ("a
    header row naming Товарооборот, Экспорт and Импорт"), with whether it was found.
    ``where`` says where the best match was (a sheet name), if anywhere.
    """

    format: str
    checks: tuple[tuple[str, bool], ...]
    where: str | None = None

    @property
    def found(self) -> list[str]:
        """The parts of the layout that were found."""
        return [what for what, ok in self.checks if ok]

    @property
    def missing(self) -> list[str]:
        """The parts of the layout that were not found."""
        return [what for what, ok in self.checks if not ok]

    @property
    def score(self) -> float:
        """Share of the layout found, 0 to 1."""
        return len(self.found) / len(self.checks) if self.checks else 0.0

    @property
    def complete(self) -> bool:
        """True when every part of the layout was found."""
        return bool(self.checks) and not self.missing

    def better(self, other: Fit) -> bool:
        """True when this fit beats ``other``: more of its layout found, then more parts."""
        return (self.score, len(self.found)) > (other.score, len(other.found))


def fit(fmt: str, where: str | None = None, **checks: tuple[str, bool]) -> Fit:
    """A Fit from keyword checks: ``fit("bns", header=("a header row ...", True))``."""
    return Fit(fmt, tuple(checks.values()), where)


def fullest(fits: Iterable[Fit], fmt: str) -> Fit:
    """The fullest of one format's fits (one per sheet, say); an empty fit when none."""
    return max(fits, key=lambda f: (f.score, len(f.found)), default=Fit(fmt, ()))


def best(fits: list[Fit]) -> tuple[Fit | None, list[Fit]]:
    """The winning fit and the fits it beat, or (None, all fits) when none found anything
    or the best two tie."""
    ranked = sorted(fits, key=lambda f: (f.score, len(f.found)), reverse=True)
    if not ranked or not ranked[0].found:
        return None, ranked
    if len(ranked) > 1 and not ranked[0].better(ranked[1]):
        return None, ranked
    return ranked[0], ranked[1:]
