"""Build the shipped official figures (data/official/*.csv) from the raw files in realdata/."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from loaders import Frames, hs, load
from loaders.errors import N_, LoadError
from loaders.tables import read_table, write_table


class Group(NamedTuple):
    """Raw files under realdata/ read by one loader into one table of one output file."""

    fmt: str
    patterns: tuple[str, ...]
    table: str = "observations"


# Output name -> its raw files; each group writes data/official/<name>.csv.
GROUPS: dict[str, Group] = {
    "bns": Group("bns", ("bns/*.xls", "bns/*.xlsx")),
    "fcs": Group("fcs", ("fcs/*.xls", "fcs/*.xlsx")),
    "eurostat": Group("eurostat", ("eurostat/*.csv",)),
    "comtrade": Group("comtrade", ("comtrade/*.json", "comtrade/*.csv")),
    # The product extracts; not kaz_exports_oil_2021.csv, which has no product column.
    "baci": Group("baci", ("baci/kaz_partners_*.csv", "baci/kaz_exports_[0-9]*.csv")),
    "rates": Group("rates", ("rates/*.csv",), table="rates"),
}
META_FILE = "realdata.meta.yml"
# The HS nomenclature (data/hs/products.csv): HS 2022 from hs/, HS 2002 names of the HS6
# codes from the BACI extracts.
NOMENCLATURE = ("hs/harmonized-system.csv", "hs/sections.csv")
PRODUCTS_FILE = "products.csv"
OBSERVATION_ORDER = ["source_id", "reporter", "partner", "flow", "product", "period_start", "basis"]
# The order rows are written in, per table, so a rebuild is byte-identical.
ORDER = {
    "observations": OBSERVATION_ORDER,
    "rates": ["source_id", "currency", "base", "freq", "period_start"],
}


def _apply_meta(sources: pd.DataFrame, meta: dict, meta_path: Path) -> pd.DataFrame:
    """Fill accessed date, licence and retrieval note from the metadata sidecar."""
    sources = sources.copy()
    datasets = meta.get("datasets", {})
    for index, row in sources.iterrows():
        info = datasets.get(row["dataset"])
        if info is None:
            raise LoadError(
                meta_path, N_("an entry for dataset {name}"), values={"name": repr(row["dataset"])}
            )
        accessed = info.get("accessed", meta.get("accessed"))
        if pd.isna(row["accessed"]) and accessed:
            sources.at[index, "accessed"] = pd.Timestamp(accessed)
        if pd.isna(row["licence"]) and info.get("licence"):
            sources.at[index, "licence"] = info["licence"]
        if info.get("via"):
            sources.at[index, "note"] = f"{row['note']} Retrieved via {info['via']}."
    return sources


def build(
    realdata: str | Path, out: str | Path, hs_out: str | Path | None = None
) -> dict[str, int]:
    """Load every raw file, write one CSV per group (its observations, or its rates) plus
    sources and aggregate members, and the HS nomenclature to ``hs_out``/products.csv
    (by default data/hs beside ``out``); return the number of rows written per group.

    Nothing is written unless every file loads.
    """
    realdata, out = Path(realdata), Path(out)
    hs_out = out.parent / "hs" if hs_out is None else Path(hs_out)
    meta_path = out / META_FILE
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    built: dict[str, Frames] = {}
    for name, group in GROUPS.items():
        files = sorted({f for pattern in group.patterns for f in realdata.glob(pattern)})
        if not files:
            raise LoadError(
                realdata,
                N_("raw files matching {patterns}"),
                values={"patterns": ", ".join(group.patterns)},
            )
        frames = Frames.concat([load(f, group.fmt) for f in files])
        frames.sources = _apply_meta(frames.sources, meta, meta_path)
        built[name] = frames.validated(realdata / group.fmt)
    everything = Frames.concat(list(built.values())).validated(realdata)
    products = nomenclature(realdata)
    for name, frames in built.items():
        table = GROUPS[name].table
        rows = getattr(frames, table).sort_values(ORDER[table], kind="stable")
        write_table(rows, out / f"{name}.csv")
    write_table(everything.sources.sort_values("source_id"), out / "sources.csv")
    members = everything.aggregate_members.sort_values(["aggregate_code", "member", "valid_from"])
    write_table(members, out / "aggregate_members.csv")
    write_table(products, hs_out / PRODUCTS_FILE)
    return {name: len(getattr(frames, GROUPS[name].table)) for name, frames in built.items()}


def nomenclature(realdata: Path) -> pd.DataFrame:
    """The HS nomenclature shipped with the app: HS 2022 (hs/) and the HS 2002 names the
    BACI extracts give their codes."""
    hs2022 = hs.read_nomenclature(realdata / NOMENCLATURE[0], realdata / NOMENCLATURE[1])
    extracts = sorted({f for p in GROUPS["baci"].patterns for f in realdata.glob(p)})
    return pd.concat([hs.read_baci_names(extracts, hs2022), hs2022], ignore_index=True)


def read_official(directory: str | Path) -> Frames:
    """Read the shipped official tables back, validated."""
    directory = Path(directory)
    tables: dict[str, list[pd.DataFrame]] = {}
    for name, group in GROUPS.items():
        if (directory / f"{name}.csv").exists():
            read = read_table(directory / f"{name}.csv", group.table)
            tables.setdefault(group.table, []).append(read)
    frames = Frames.of(
        {
            "sources": read_table(directory / "sources.csv", "sources"),
            "aggregate_members": read_table(
                directory / "aggregate_members.csv", "aggregate_members"
            ),
            **{table: pd.concat(parts, ignore_index=True) for table, parts in tables.items()},
        }
    )
    return frames.validated(directory)
