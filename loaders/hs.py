"""The Harmonized System nomenclature: names of chapters, headings and subheadings by edition."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from loaders.errors import N_, LoadError, Phrase
from loaders.schema import HS_EDITIONS

# The nomenclature table: one row per code of an edition (data/hs/products.csv).
COLUMNS = ["classification", "code", "level", "name", "section", "section_name", "parent"]
# The year each edition came into force (1 January), the edition's own name.
_IN_FORCE = {int(edition[2:]): edition for edition in HS_EDITIONS}
_ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
    "XXI",
]
# "hs02_desc": the description column of BACI extracts, named after the HS edition.
_DESCRIPTION = re.compile(r"^hs(\d{2})_desc$", re.I)


def edition(two_digits: str) -> str:
    """The HS edition a two-digit year names, as BACI and file names write it: '92' ->
    HS1992, '17' -> HS2017. ValueError for any other."""
    year = int(two_digits)
    full = 1900 + year if year >= 88 else 2000 + year
    if full not in _IN_FORCE:
        raise ValueError(f"no HS edition of {full}: {', '.join(HS_EDITIONS)}")
    return _IN_FORCE[full]


def in_force(year: int) -> str:
    """The HS edition in force in ``year``: what a national customs table of that year is
    coded in (HS2017 for 2017-2021, HS2022 from 2022). HS1992 for earlier years, the
    oldest edition the tables know."""
    started = [start for start in _IN_FORCE if start <= year]
    return _IN_FORCE[max(started)] if started else HS_EDITIONS[0]


def coded_in(product: str, year: int) -> str | None:
    """The classification of a product code published for ``year`` in the nomenclature
    then in force (a customs table, Comext's CN): the HS edition in force, none for TOTAL."""
    return None if product == "TOTAL" else in_force(year)


def description_edition(columns: Iterable[str]) -> str | None:
    """The HS edition named by a BACI extract's description column (hs02_desc -> HS2002),
    if it has one."""
    for column in columns:
        if (found := _DESCRIPTION.match(column.strip())) is not None:
            return edition(found.group(1))
    return None


def read_nomenclature(codes: Path, sections: Path, classification: str = "HS2022") -> pd.DataFrame:
    """The nomenclature of github.com/datasets/harmonized-system (harmonized-system.csv:
    section, hscode, description, parent, level; sections.csv: section, name) as the
    tidy table (:data:`COLUMNS`) of ``classification``, the edition it describes."""
    table = _read(codes, ("section", "hscode", "description", "parent", "level"))
    named = _read(sections, ("section", "name"))
    section_names = dict(zip(named["section"], named["name"].map(_sentence), strict=True))
    # The file ends with a row for the total of all commodities (level 5): not a code.
    table = table[table["level"].isin(["2", "4", "6"])]
    return _tidy(
        pd.DataFrame(
            {
                "classification": classification,
                "code": table["hscode"],
                "level": table["level"].astype(int),
                "name": table["description"],
                "section": table["section"],
                "section_name": table["section"].map(section_names),
                "parent": table["parent"].where(table["parent"] != "TOTAL"),
            }
        )
    )


def read_baci_names(paths: Sequence[Path], chapters: pd.DataFrame) -> pd.DataFrame:
    """The HS6 names of BACI extracts (the column named after their edition, hs02_desc),
    with the section each extract gives (section, section_name) or, where an extract has
    none, the section of the code's chapter in ``chapters`` (sections keep their chapters
    from one edition to the next)."""
    parts = []
    for path in paths:
        rows = _read(path, ())
        classification = description_edition(rows.columns)
        if classification is None or "k" not in rows:
            raise LoadError(path, N_("a BACI extract with a product column k and hsNN_desc names"))
        description = next(c for c in rows.columns if _DESCRIPTION.match(c))
        parts.append(
            pd.DataFrame(
                {
                    "classification": classification,
                    "code": rows["k"].str.strip().str.zfill(6),
                    "level": 6,
                    "name": rows[description],
                    "section": rows["section"].map(_roman) if "section" in rows else None,
                    "section_name": rows.get("section_name"),
                    "parent": rows["k"].str.strip().str.zfill(6).str[:4],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True).drop_duplicates(["classification", "code"])
    by_chapter = chapters[chapters["level"] == 2].set_index("code")
    chapter = frame["code"].str[:2]
    frame["section"] = frame["section"].fillna(chapter.map(by_chapter["section"]))
    frame["section_name"] = frame["section_name"].fillna(chapter.map(by_chapter["section_name"]))
    return _tidy(frame)


def names(frame: pd.DataFrame, classification: str | None, codes: Iterable[str]) -> pd.DataFrame:
    """A name for each of ``codes`` (indexed by code: name, classification it is from,
    note): from ``classification`` where ``frame`` names the code in it, else from the
    nearest edition that does (the later of two as near), with a note such as "name
    from HS2022"; no name where no edition has the code."""
    wanted = list(dict.fromkeys(codes))
    year = int(classification[2:]) if classification else int(HS_EDITIONS[-1][2:])
    known = frame[frame["code"].isin(wanted)].assign(
        distance=lambda f: (f["classification"].str[2:].astype(int) - year).abs(),
        newer=lambda f: f["classification"].str[2:].astype(int),
    )
    nearest = known.sort_values(["distance", "newer"], ascending=[True, False]).drop_duplicates(
        "code"
    )
    nearest = nearest.set_index("code").reindex(wanted)
    other = nearest["classification"].notna() & (nearest["classification"] != classification)
    note = ("name from " + nearest["classification"]).where(other)
    note = note.where(nearest["classification"].notna(), "no name in the shipped nomenclature")
    return pd.DataFrame(
        {"name": nearest["name"], "classification": nearest["classification"], "note": note},
        index=pd.Index(wanted, name="code"),
    )


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV as trimmed text, with at least ``columns``; LoadError naming those it lacks."""
    try:
        table = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise LoadError(
            path, N_("a CSV file"), details=[" ".join(str(error).split())[:160]]
        ) from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise LoadError(
            path,
            N_("columns {columns}"),
            details=[Phrase(N_("missing {columns}"), columns=str(missing))],
            values={"columns": ", ".join(columns)},
        )
    return table.apply(lambda column: column.str.strip())


def _roman(number: object) -> str | None:
    """Section 5 -> 'V' (the extracts number sections, the nomenclature writes numerals)."""
    text = str(number).strip()
    return _ROMAN[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(_ROMAN) else None


def _sentence(text: str) -> str:
    # One section name starts in lower case in the source ("live animals; ..."); labels
    # are shown as sentences.
    return text[:1].upper() + text[1:]


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame in :data:`COLUMNS` order, sorted by edition and code."""
    frame = frame[COLUMNS].sort_values(["classification", "code"], kind="stable")
    return frame.reset_index(drop=True)
