"""The registry of loaders by format name, and detection of a file's format from its content."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

from loaders import Frames, bns, comtrade, curated, eurostat, excel, fcs, rates, template
from loaders.errors import LoadError
from loaders.files import decode

LOADERS: dict[str, Callable[[Path], Frames]] = {
    "bns": bns.load,
    "fcs": fcs.load,
    "eurostat": eurostat.load,
    "comtrade": comtrade.load,
    "press": curated.load,
    "tidy": template.load,
    rates.FORMAT: rates.load,
}
FORMAT_NAMES = {
    "bns": "Kazakhstan statistics bureau workbook",
    "fcs": "Russian customs (FCS) table",
    "eurostat": "Eurostat Comext relational-view CSV",
    "comtrade": "UN Comtrade JSON or CSV",
    "press": "press source YAML",
    "tidy": "the tidy template (.xlsx, .xls or .csv)",
    rates.FORMAT: "ECB euro reference rates CSV (Date, then one column per currency)",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_SNIFF_ROWS = 60


def _workbook_format(path: Path) -> str:
    workbook = excel.open_workbook(path)
    text: list[str] = []
    for sheet in workbook.sheet_names:
        rows = excel.read_sheet(workbook, sheet, path)[:_SNIFF_ROWS]
        if template.looks_like_template(rows):
            return "tidy"
        text.extend(excel.text(c).casefold() for row in rows for c in row if not excel.is_blank(c))
    joined = " | ".join(text)
    if "фтс" in joined or "таможен" in joined:
        return "fcs"
    if "товарооборот" in joined and "экспорт" in joined and "импорт" in joined:
        return "bns"
    raise LoadError(
        path,
        f"a workbook in a known layout ({FORMAT_NAMES['bns']}, {FORMAT_NAMES['fcs']} "
        "or the tidy template)",
        details=[f"sheets: {', '.join(workbook.sheet_names) or 'none'}"],
    )


def detect(path: Path) -> str:
    """The format of ``path`` from its bytes: workbook layout, CSV header (a table of rates
    is ``Date`` followed by currency codes), JSON or YAML keys."""
    try:
        head = path.read_bytes()[:65536]
    except OSError as error:
        raise LoadError(path, "a readable file", details=[error.strerror or str(error)]) from None
    if not head.strip():
        raise LoadError(path, "a non-empty file")
    if head.startswith(_OLE2) or head.startswith(_ZIP):
        return _workbook_format(path)
    text = decode(head, path)
    first = text.lstrip("\ufeff \r\n\t")
    if first.startswith(("{", "[")):
        if "primaryValue" in text or "reporterCode" in text or "reporterISO" in text:
            return "comtrade"
        raise LoadError(path, "a Comtrade+ JSON response (records with reporterISO, primaryValue)")
    header = first.splitlines()[0] if first else ""
    cells = next(csv.reader([header]), [])
    if rates.looks_like_rates(cells):
        return rates.FORMAT
    loose = header.upper().replace(" ", "_")
    if all(col in loose for col in ("REPORTER", "PARTNER", "PERIOD", "VALUE_IN_EUR")):
        return "eurostat"
    compact = "".join(ch for ch in header.lower() if ch.isalnum() or ch == ",")
    if ("primaryvalue" in compact or "tradevalueus" in compact) and "partner" in compact:
        return "comtrade"
    if template.looks_like_template([cells]):
        return "tidy"
    missing = template.missing_columns(cells)
    if len(missing) < len(template.REQUIRED) - 1:
        # Most of the template's header is there: say exactly which columns are not.
        raise LoadError(
            path,
            "the tidy template's header row",
            found=header[:80],
            row=1,
            details=[f"missing {', '.join(missing)}"],
        )
    if path.suffix.lower() in (".yaml", ".yml") or re.search(r"^document:\s*$", text, re.M):
        return "press"
    raise LoadError(
        path,
        "a file in a known format: " + "; ".join(FORMAT_NAMES.values()),
        found=header[:80] or None,
        row=1,
    )
