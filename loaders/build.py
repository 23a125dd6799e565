"""Build the shipped official figures (data/official/*.csv) from the raw files in realdata/."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from loaders import Frames, load
from loaders.errors import LoadError
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
    "rates": Group("rates", ("rates/*.csv",), table="rates"),
}
META_FILE = "realdata.meta.yml"
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
            raise LoadError(meta_path, f"an entry for dataset {row['dataset']!r}")
        accessed = info.get("accessed", meta.get("accessed"))
        if pd.isna(row["accessed"]) and accessed:
            sources.at[index, "accessed"] = pd.Timestamp(accessed)
        if pd.isna(row["licence"]) and info.get("licence"):
            sources.at[index, "licence"] = info["licence"]
        if info.get("via"):
            sources.at[index, "note"] = f"{row['note']} Retrieved via {info['via']}."
    return sources


def build(realdata: str | Path, out: str | Path) -> dict[str, int]:
    """Load every raw file, write one CSV per group (its observations, or its rates) plus
    sources and aggregate members, and return the number of rows written per group.

    Nothing is written unless every file loads.
    """
    realdata, out = Path(realdata), Path(out)
    meta_path = out / META_FILE
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    built: dict[str, Frames] = {}
    for name, group in GROUPS.items():
        files = sorted({f for pattern in group.patterns for f in realdata.glob(pattern)})
        if not files:
            raise LoadError(realdata, f"raw files matching {', '.join(group.patterns)}")
        frames = Frames.concat([load(f, group.fmt) for f in files])
        frames.sources = _apply_meta(frames.sources, meta, meta_path)
        built[name] = frames.validated(realdata / group.fmt)
    everything = Frames.concat(list(built.values())).validated(realdata)
    for name, frames in built.items():
        table = GROUPS[name].table
        rows = getattr(frames, table).sort_values(ORDER[table], kind="stable")
        write_table(rows, out / f"{name}.csv")
    write_table(everything.sources.sort_values("source_id"), out / "sources.csv")
    members = everything.aggregate_members.sort_values(["aggregate_code", "member", "valid_from"])
    write_table(members, out / "aggregate_members.csv")
    return {name: len(getattr(frames, GROUPS[name].table)) for name, frames in built.items()}


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
