"""The registry of loaders by format name, and detection of a file's format by its structure.

Every loader that could read a file of its kind (a workbook, a text file) says how well the
file fits its layout (loaders.fit); the one that finds most of its layout wins. Words that
happen to appear in a file (a methodology sheet that speaks of customs) decide nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from loaders import (
    Frames,
    baci,
    bns,
    comtrade,
    curated,
    eurostat,
    excel,
    fcs,
    fcs_commodity,
    rates,
    sdmx,
    template,
)
from loaders.errors import N_, LoadError, Phrase
from loaders.files import decode
from loaders.fit import Fit, best, fullest

LOADERS: dict[str, Callable[[Path], Frames]] = {
    bns.FORMAT: bns.load,
    fcs.FORMAT: fcs.load,
    fcs_commodity.FORMAT: fcs_commodity.load,
    "eurostat": eurostat.load,
    "comtrade": comtrade.load,
    baci.FORMAT: baci.load,
    sdmx.FORMAT: sdmx.load,
    "press": curated.load,
    template.FORMAT: template.load,
    rates.FORMAT: rates.load,
}
# Each format's name, marked with N_ (the web layer says it in the reader's language).
FORMAT_NAMES = {
    bns.FORMAT: N_("Kazakhstan statistics bureau workbook"),
    fcs.FORMAT: N_("Russian customs (FCS) table"),
    fcs_commodity.FORMAT: N_("Russian customs (FCS) table by HS chapter"),
    "eurostat": N_("Eurostat Comext relational-view CSV"),
    "comtrade": N_("UN Comtrade JSON or CSV"),
    baci.FORMAT: N_("CEPII BACI CSV (t, i, j, k, v, q)"),
    sdmx.FORMAT: N_("SDMX message (IMF IMTS or Eurostat Comext: SDMX-ML, SDMX-JSON or SDMX-CSV)"),
    "press": N_("press source YAML"),
    template.FORMAT: N_("the tidy template (.xlsx, .xls or .csv)"),
    rates.FORMAT: N_("ECB euro reference rates CSV (Date, then one column per currency)"),
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# Rows of each sheet a fit looks at: headers sit near the top, and a few hundred rows are
# enough to see country names down a column or months down the first.
_FIT_ROWS = 400
# A format found only in part is chosen when more than half of its layout is found and it
# leads every other format by a clear margin: its loader then says exactly what is wrong.
# Otherwise (little found, or two formats close) the reader gets what each format missed.
_MOST = 0.5
_LEAD = 0.25


def workbook_fits(path: Path) -> list[Fit]:
    """How well a workbook fits each workbook layout (its best sheet for each)."""
    workbook = excel.open_workbook(path)
    sheets = {
        name: excel.read_sheet(workbook, name, path)[:_FIT_ROWS] for name in workbook.sheet_names
    }
    tidy = fullest(
        (
            Fit(f.format, f.checks, where=Phrase(N_("sheet {name}"), name=repr(name)))
            for name, rows in sheets.items()
            for f in [template.fit_rows(rows)]
        ),
        template.FORMAT,
    )
    return [bns.fit(sheets), fcs.fit(sheets), fcs_commodity.fit(sheets), tidy]


def text_fits(path: Path, text: str) -> list[Fit]:
    """How well a text file fits each text format: CSV, JSON, SDMX or YAML."""
    return [
        eurostat.fit(path, text),
        comtrade.fit(path, text),
        baci.fit(path, text),
        sdmx.fit(path, text),
        rates.fit(path, text),
        template.fit(path, text),
        _press_fit(path, text),
    ]


def _press_fit(path: Path, text: str) -> Fit:
    return Fit(
        "press",
        (
            (N_("a YAML 'document:' section"), bool(re.search(r"^document:", text, re.M))),
            (
                N_("a 'claims:' list or a .yaml name"),
                bool(re.search(r"^claims:", text, re.M))
                or path.suffix.lower() in (".yaml", ".yml"),
            ),
        ),
    )


def detect(path: Path) -> str:
    """The format of ``path``: the loader whose whole layout the file fits, alone; one
    that finds most of its layout, well ahead of the others; or the only one that finds
    anything. Otherwise (no fit, a tie, two close partial fits) a LoadError saying what
    each candidate found and missed.
    """
    try:
        head = path.read_bytes()[:65536]
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    if not head.strip():
        raise LoadError(path, N_("a non-empty file"))
    if head.startswith(_OLE2) or head.startswith(_ZIP):
        fits = workbook_fits(path)
        first_line = None
    else:
        text = decode(head, path)
        fits = text_fits(path, text)
        first_line = text.lstrip("\ufeff \n\t").split("\n", 1)[0][:80] or None
    winner, others = best(fits)
    if winner is not None and (
        winner.complete
        or (winner.score > _MOST and all(winner.score - f.score >= _LEAD for f in others))
        # The only format that recognises anything of the file: its loader says best
        # what the file is (an SDMX message of another dataflow, say).
        or not any(f.found for f in others)
    ):
        return winner.format
    raise LoadError(
        path,
        N_("a file in a known format"),
        found=first_line,
        row=1 if first_line else None,
        details=_misses(fits),
    )


def _misses(fits: list[Fit]) -> list[str]:
    """What each format that found something of its layout missed, fullest first; when
    none found anything, the formats there are. Each a Phrase: the formats' names and the
    parts of their layouts are marked with N_ where they are declared."""
    tried = [f for f in sorted(fits, key=lambda f: -f.score) if f.found]
    if not tried:
        names = [Phrase(FORMAT_NAMES[f.format]) for f in fits]
        return [Phrase(N_("known formats: {formats}"), formats=Phrase.listing(names, "; "))]
    return [_miss(f) for f in tried]


def _miss(fit: Fit) -> Phrase:
    """What one format found and missed of its layout."""
    name = Phrase(FORMAT_NAMES[fit.format])
    head = (
        Phrase(N_("as {format} ({where})"), format=name, where=fit.where)
        if fit.where
        else Phrase(N_("as {format}"), format=name)
    )
    what = (
        Phrase(
            N_("found {found}; missing {missing}"),
            found=Phrase.listing([Phrase.marked(part) for part in fit.found]),
            missing=Phrase.listing([Phrase.marked(part) for part in fit.missing]),
        )
        if fit.missing
        else Phrase(N_("fits as well as another format"))
    )
    if fit.format != template.FORMAT:
        return Phrase("{head}: {what}", head=head, what=what)
    hint = Phrase(N_("(download the template from the Upload page, /upload)"))
    return Phrase("{head}: {what} {hint}", head=head, what=what, hint=hint)
