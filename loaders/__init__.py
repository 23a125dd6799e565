"""Loaders: each source format -> the tidy tables of loaders.schema."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

# pandera imports pyspark.pandas when pyspark is installed (here the thin Spark Connect
# client, for FIGURES_ENGINE=spark), which warns about pandas 3 on every start; nothing here
# uses pyspark.pandas.
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
)

from loaders import schema  # noqa: E402 (after the filter above)
from loaders.errors import N_, LoadError  # noqa: E402

if TYPE_CHECKING:
    from loaders.unmapped import Unmapped

__all__ = ["Frames", "LoadError", "detect_format", "load"]


@dataclass
class Frames:
    """The tidy tables produced from one or more inputs, and the figures left out of them
    because their country name is unknown (``unmapped``, not a table: it is reported, not
    kept)."""

    observations: pd.DataFrame = field(default_factory=lambda: schema.empty("observations"))
    sources: pd.DataFrame = field(default_factory=lambda: schema.empty("sources"))
    claimed_changes: pd.DataFrame = field(default_factory=lambda: schema.empty("claimed_changes"))
    deals: pd.DataFrame = field(default_factory=lambda: schema.empty("deals"))
    deal_sectors: pd.DataFrame = field(default_factory=lambda: schema.empty("deal_sectors"))
    aggregate_members: pd.DataFrame = field(
        default_factory=lambda: schema.empty("aggregate_members")
    )
    rates: pd.DataFrame = field(default_factory=lambda: schema.empty("rates"))
    unmapped: list[Unmapped] = field(default_factory=list, metadata={"table": False})

    @classmethod
    def of(cls, tables: Mapping[str, pd.DataFrame]) -> Frames:
        """Frames from tables by name (any table not given is empty)."""
        return cls(**tables)  # type: ignore[arg-type]  # names are checked by the constructor

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> frame."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("table", True)
        }

    def validated(self, file: str | Path = "") -> Frames:
        """Every table checked against the schema; raises LoadError naming ``file``.

        Besides each table's own checks, every source_id used anywhere must have a row
        in ``sources``.
        """
        checked = Frames(
            **{n: schema.validate(n, t, file) for n, t in self.tables().items()},
            unmapped=list(self.unmapped),
        )
        known = set(checked.sources["source_id"])
        for name, table in checked.tables().items():
            if name == "sources" or "source_id" not in table:
                continue
            unknown = sorted(set(table["source_id"].unique()) - known)
            if unknown:
                raise LoadError(
                    file,
                    N_("every {table}.source_id listed in sources"),
                    found=unknown[0],
                    values={"table": name},
                )
        return checked

    @staticmethod
    def concat(parts: list[Frames]) -> Frames:
        """Stack several Frames table by table."""
        if not parts:
            return Frames()
        out = {}
        for name in parts[0].tables():
            pieces = [getattr(p, name) for p in parts if len(getattr(p, name))]
            table = pd.concat(pieces, ignore_index=True) if pieces else getattr(parts[0], name)
            if name != "observations":
                # Files of one extraction share their source and aggregate rows; identical
                # copies collapse here, while conflicting ones still fail validation.
                table = table.drop_duplicates(ignore_index=True)
            out[name] = table
        return Frames(**out, unmapped=[item for part in parts for item in part.unmapped])


def detect_format(path: str | Path) -> str:
    """Name of the loader that can read ``path``, decided from its content."""
    from loaders.formats import detect

    return detect(Path(path))


def load(path: str | Path, fmt: str = "auto", strict: bool = False) -> Frames:
    """Load one file with the named loader (or the one its content calls for), validated.

    Figures whose country name no catalogue knows are left out and listed in
    ``frames.unmapped``; with ``strict`` they refuse the whole file instead.
    """
    from loaders.formats import LOADERS

    path = Path(path)
    if not path.is_file():
        raise LoadError(path, N_("an existing file"), found=str(path))
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in LOADERS:
        raise LoadError(
            path,
            N_("a format among {formats}"),
            found=fmt,
            values={"formats": str(sorted(LOADERS))},
        )
    frames = LOADERS[fmt](path)
    if strict and frames.unmapped:
        from loaders.unmapped import refusal

        raise refusal(frames.unmapped, path)
    return frames
