"""CEPII BACI: exports by exporter, importer and HS6 product, in thousand US dollars."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pycountry
from pandas.api.extensions import ExtensionArray

from loaders import Frames, excel, hs, tidy
from loaders.errors import N_, LoadError, Phrase
from loaders.fit import Fit
from loaders.periods import Period
from loaders.schema import HS_EDITIONS
from loaders.unmapped import Unmapped, refusal

FORMAT = "baci"
PUBLISHER = "CEPII"
DATASET = "baci"
URL = "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"
LICENCE = "Etalab Open Licence 2.0"
CITATION = (
    "Gaulier, G. and Zignago, S. (2010), BACI: International Trade Database at the "
    "Product-Level. The 1994-2007 Version, CEPII Working Paper 2010-23"
)
# BACI's numbers that are not ISO 3166 numeric codes (France with Monaco is 251, not 250).
COUNTRY_NUMBERS_FILE = Path(__file__).with_name("baci_country_codes.csv")
# How a country number no catalogue knows is named in the report of left-out figures.
UNKNOWN = "BACI country number"
_DAY = "datetime64[ns]"
# The columns a BACI file must have, by name: year, exporter, product, value (thousand
# USD). The importer j is optional (an extract of exports to the world has none); the
# quantity q (tonnes) and the extracts' descriptions are no figures of the observations.
_COLUMNS = {
    "t": N_("a year column t"),
    "i": N_("an exporter column i"),
    "k": N_("a product column k"),
    "v": N_("a value column v (thousand US dollars)"),
}
# BACI publishes v with three decimals of a thousand dollars: figures to the dollar, even
# where an extract was written with fewer digits (4394429.4) or float noise (116.47500000000001).
PRECISION = 1.0
# BACI_HS17_Y2021_V202401.csv; product_codes_HS17_V202401.csv; country_codes_V202401.csv.
_EDITION_IN_NAME = re.compile(r"(?<![A-Za-z0-9])HS(\d{2})(?![0-9])", re.I)
_RELEASE_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(V\d{6})(?![0-9])", re.I)
_SIDECARS = ("country_codes_V*.csv", "product_codes_HS*_V*.csv")
_NAMING = N_(
    "name the file as CEPII does (BACI_HS17_Y2021_V202401.csv: HS17 = HS2017), keep a "
    "description column named after the edition (hs02_desc), or keep CEPII's "
    "product_codes_HS17_V202401.csv beside it"
)


@cache
def _country_codes() -> dict[int, str]:
    codes = {int(country.numeric): country.alpha_3 for country in pycountry.countries}
    with COUNTRY_NUMBERS_FILE.open(encoding="utf-8", newline="") as handle:
        codes.update({int(row["number"]): row["iso3"] for row in csv.DictReader(handle)})
    return codes


def country_codes() -> dict[int, str]:
    """BACI's country numbers -> ISO3 codes: the ISO 3166 numeric codes (pycountry), and
    BACI's own numbers (251 France with Monaco, 842 the USA with Puerto Rico, 490 Taiwan
    ...) from loaders/baci_country_codes.csv. A number missing here is no country today
    (Czechoslovakia, the USSR, 'areas nes'): its figures are left out and reported."""
    return dict(_country_codes())


def classification_of(path: Path, columns: Sequence[str]) -> str | None:
    """The HS edition of a BACI file: from its name (BACI_HS17_... -> HS2017), the
    extracts' description column (hs02_desc -> HS2002), or CEPII's product_codes_HS17_...
    file beside it (when those agree on one edition); None when nothing says."""
    if (found := _EDITION_IN_NAME.search(path.name)) is not None:
        return hs.edition(found.group(1))
    if (described := hs.description_edition(columns)) is not None:
        return described
    named = {m.group(1) for f in _sidecars(path) if (m := _EDITION_IN_NAME.search(f.name))}
    return hs.edition(named.pop()) if len(named) == 1 else None


def release_of(path: Path) -> str | None:
    """BACI's release (V202401): from the file name, else from CEPII's country_codes_V... or
    product_codes_..._V... file beside it (when those agree on one release)."""
    if (found := _RELEASE_IN_NAME.search(path.name)) is not None:
        return found.group(1).upper()
    named = {m.group(1).upper() for f in _sidecars(path) if (m := _RELEASE_IN_NAME.search(f.name))}
    return named.pop() if len(named) == 1 else None


def _sidecars(path: Path) -> list[Path]:
    return [f for pattern in _SIDECARS for f in path.parent.glob(pattern) if f != path]


def header(text: str) -> list[str]:
    """The column names of a CSV's first line, trimmed."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return [name.strip() for name in next(csv.reader(io.StringIO(first)), [])]


def fit(path: Path, text: str) -> Fit:
    """How well ``text`` (the decoded start of ``path``) fits a BACI file: a header naming
    the year t, the exporter i, the product k and the value v (the importer j, the
    quantity q and the extracts' description columns may follow)."""
    names = {name.lower() for name in header(text)}
    return Fit(FORMAT, tuple((what, column in names) for column, what in _COLUMNS.items()))


def load(path: str | Path, classification: str | None = None) -> Frames:
    """Read a BACI file (CEPII's BACI_HS17_Y2021_V202401.csv, or an extract of it) into
    tidy frames: exports of i to j (to the world, WLD, where the file has no j) of each
    HS6 product k in year t, in US dollars. ``classification`` (HS2017) is the HS edition
    of k, by default what the file's name or columns say (:func:`classification_of`).

    Figures are read column-wise (a full file has ten million rows). Country numbers no
    catalogue knows are left out and listed in ``frames.unmapped``; quantities (q) and
    descriptions are not figures of the observations table and are not read.
    """
    path = Path(path)
    names = header(_first_line(path))
    columns = {name.lower(): name for name in names}
    missing = [what for column, what in _COLUMNS.items() if column not in columns]
    if missing:
        raise LoadError(
            path,
            N_("BACI columns t, i, k and v (year, exporter, product, value), and j (importer)"),
            found=",".join(names),
            row=1,
            details=[
                Phrase(N_("missing {columns}"), columns=Phrase.listing(list(map(Phrase, missing))))
            ],
        )
    classification = classification or classification_of(path, names)
    if classification is None:
        raise LoadError(
            path, N_("the HS edition of the product codes k"), details=[Phrase(_NAMING)]
        )
    if classification not in HS_EDITIONS:
        raise LoadError(
            path,
            N_("an HS edition among {editions}"),
            found=classification,
            values={"editions": ", ".join(HS_EDITIONS)},
        )
    table = _read(path, columns)
    if table.empty:
        raise LoadError(path, N_("rows of figures below the header row"), row=2)
    years = sorted(int(year) for year in table["t"].unique())
    cited = source(path, classification, release_of(path), years)
    reporter, known = _countries(table["i"])
    if "j" in table:
        partner, known_partner = _countries(table["j"])
        known &= known_partner
    else:
        partner = pd.array(np.full(len(table), "WLD", dtype=object), dtype="str")
    unmapped = _unmapped(path, table[~known], reporter[~known], partner[~known])
    if not known.any():
        raise refusal(unmapped, path)
    observations = _observations(
        path, table[known], reporter[known], partner[known], classification, cited
    )
    return Frames(
        observations=observations, sources=tidy.source_rows([cited]), unmapped=unmapped
    ).validated(path)


def _first_line(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.readline(65536).decode("utf-8-sig", errors="replace")
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None


# The columns read and how each must read: whole numbers, or a number of thousand dollars.
_KINDS = {"t": "int64", "i": "int64", "j": "int64", "k": "int64", "v": "float64"}
_EXPECTED = {
    "t": N_("a year such as 2021"),
    "i": N_("a BACI country number such as 398"),
    "j": N_("a BACI country number such as 643"),
    "k": N_("an HS6 product code of up to six digits such as 270900"),
    "v": N_("a value of zero or more, in thousand US dollars"),
}


def _read(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """Columns t, i, j (if there), k and v as numbers, named by their meaning; LoadError
    naming the first line and column that is not one."""
    wanted = {columns[c]: c for c in _KINDS if c in columns}
    try:
        table = pd.read_csv(
            path,
            usecols=list(wanted),
            dtype={name: _KINDS[c] for name, c in wanted.items()},
            skipinitialspace=True,
            encoding="utf-8-sig",
        )
    except (ValueError, OverflowError, pd.errors.ParserError):
        # The typed read says only that something did not convert: find what, and where.
        raise _first_bad_cell(path, wanted) from None
    table = table.rename(columns=wanted)
    bad = {
        "t": (table["t"] < 1900) | (table["t"] > 2100),
        "i": table["i"] < 0,
        "k": (table["k"] <= 0) | (table["k"] > 999_999),
        "v": table["v"].isna() | (table["v"] < 0) | ~np.isfinite(table["v"]),
    }
    if "j" in table:
        bad["j"] = table["j"] < 0
    for column, rows in bad.items():
        if rows.any():
            row = int(np.flatnonzero(rows.to_numpy())[0])
            raise LoadError(
                path,
                _EXPECTED[column],
                found=table[column].iloc[row],
                row=row + 2,
                column=column,
            )
    return table


def _first_bad_cell(path: Path, wanted: dict[str, str]) -> LoadError:
    """The LoadError for the first cell of a BACI column that is not a number."""
    try:
        text = pd.read_csv(
            path, usecols=list(wanted), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except (ValueError, pd.errors.ParserError) as error:
        return LoadError(path, N_("a CSV file"), details=[" ".join(str(error).split())[:160]])
    for name, column in wanted.items():
        cells = text[name].str.strip()
        if column == "v":
            ok = pd.to_numeric(cells, errors="coerce").notna()
        else:
            ok = cells.str.fullmatch(r"\d+")
        if not ok.all():
            row = int(np.flatnonzero(~ok.to_numpy())[0])
            return LoadError(
                path, _EXPECTED[column], found=cells.iloc[row], row=row + 2, column=column
            )
    return LoadError(path, N_("BACI figures: whole numbers t, i, j and k, and numbers v"))


def _labels(
    values: pd.Series, label: Callable[[int], object], dtype: str = "str"
) -> ExtensionArray:
    """``label`` of each value, computed once per distinct value (a file of ten million
    rows has a few hundred countries, a few thousand products and a year or two), in the
    column's ``dtype``."""
    codes, distinct = pd.factorize(values)
    return pd.Series([label(int(v)) for v in distinct], dtype=dtype).take(codes).array


def _countries(numbers: pd.Series) -> tuple[ExtensionArray, npt.NDArray[np.bool_]]:
    """Each BACI country number's ISO3 code (its number, for the report, where no
    catalogue knows it), and where it is known."""
    codes = _country_codes()
    labels = _labels(numbers, lambda n: codes.get(n) or f"{UNKNOWN} {n}")
    known = _labels(numbers, lambda n: n in codes, dtype="bool")
    return labels, np.asarray(known, dtype=bool)


def _observations(
    path: Path,
    table: pd.DataFrame,
    reporter: ExtensionArray,
    partner: ExtensionArray,
    classification: str,
    source: tidy.Source,
) -> pd.DataFrame:
    """The observations rows of the known countries' figures, not yet validated."""
    lines = table.index.to_numpy() + 2  # the header is line 1, the first figure line 2
    return pd.DataFrame(
        {
            "reporter": reporter,
            "partner": partner,
            "reporter_is_aggregate": False,
            # BACI's numbers are countries: the one group is the world of a file without j.
            "partner_is_aggregate": "j" not in table,
            "flow": "export",
            "product": _labels(table["k"], lambda k: f"{k:06d}"),
            "classification": classification,
            "period_start": _labels(table["t"], lambda t: np.datetime64(f"{t}-01-01"), _DAY),
            "period_end": _labels(table["t"], lambda t: np.datetime64(f"{t}-12-31"), _DAY),
            "freq": "A",
            "value": excel.full_units(table["v"].to_numpy(), 1000),
            "currency": "USD",
            "basis": "reported",
            "approx": False,
            "qualifier": None,
            "precision": PRECISION,
            "source_id": source.source_id,
            "edition": source.edition,
            "locator": f"{path.name}, row " + pd.Series(lines).astype("str"),
            "note": None,
        },
        index=pd.RangeIndex(len(table)),
    )


def _unmapped(
    path: Path,
    table: pd.DataFrame,
    reporter: ExtensionArray,
    partner: ExtensionArray,
) -> list[Unmapped]:
    """The figures of country numbers no catalogue knows: one item per exporter, importer
    and year (a full file can have thousands of such rows), with their value."""
    left = table.assign(reporter=reporter, partner=partner, line=table.index + 2)
    items = []
    for (exporter, importer, year), rows in left.groupby(["reporter", "partner", "t"]):
        more = f" and {len(rows) - 1} more rows" if len(rows) > 1 else ""
        items.append(
            Unmapped(
                names=tuple(str(n) for n in (exporter, importer) if str(n).startswith(UNKNOWN)),
                locator=f"{path.name}, row {rows['line'].iloc[0]}{more}",
                reporter=str(exporter),
                flow="export",
                period=Period.year(int(str(year))),
                value=float(excel.full_units(rows["v"].sum(), 1000)),
                currency="USD",
            )
        )
    return items


def source(path: Path, classification: str, release: str | None, years: list[int]) -> tidy.Source:
    """The file as a source (one per file, as the bulk store names it: baci-<file name>)."""
    shown = f"{classification} codes, release {release}" if release else f"{classification} codes"
    return tidy.Source(
        source_id=f"{DATASET}-{path.stem}".lower(),
        publisher=PUBLISHER,
        # The database's name (the file is the locator, the release the edition).
        title="BACI: international trade database at the product level",
        url=URL,
        licence=LICENCE,
        kind="database",
        language="en",
        dataset=DATASET,
        edition=release,
        locator=path.name,
        note=(
            "CEPII's reconciliation of UN Comtrade: exporters' and importers' declarations "
            "combined, values FOB, exports of i to j (the world where the file has no j). "
            f"{shown}. Thousand US dollars in the file; years {', '.join(map(str, years))}. "
            f"Cite: {CITATION}."
        ),
    )
