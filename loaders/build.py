"""Build the shipped official figures (data/official/*.csv) from the raw files in realdata/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from loaders import Frames, load
from loaders.errors import LoadError
from loaders.tables import read_table, write_table

# Raw file groups under realdata/: output name -> (loader format, glob patterns).
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bns": ("bns", ("bns/*.xls", "bns/*.xlsx")),
    "fcs": ("fcs", ("fcs/*.xls", "fcs/*.xlsx")),
    "eurostat": ("eurostat", ("eurostat/*.csv",)),
    "comtrade": ("comtrade", ("comtrade/*.json", "comtrade/*.csv")),
}
META_FILE = "realdata.meta.yml"
OBSERVATION_ORDER = ["source_id", "reporter", "partner", "flow", "product", "period_start", "basis"]


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
    """Load every raw file, write one observations CSV per group plus sources and aggregate
    members, and return the number of observations per group.

    Nothing is written unless every file loads.
    """
    realdata, out = Path(realdata), Path(out)
    meta_path = out / META_FILE
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    built: dict[str, Frames] = {}
    for name, (fmt, patterns) in GROUPS.items():
        files = sorted({f for pattern in patterns for f in realdata.glob(pattern)})
        if not files:
            raise LoadError(realdata, f"raw files matching {', '.join(patterns)}")
        frames = Frames.concat([load(f, fmt) for f in files])
        frames.sources = _apply_meta(frames.sources, meta, meta_path)
        built[name] = frames.validated(realdata / fmt)
    everything = Frames.concat(list(built.values())).validated(realdata)
    for name, frames in built.items():
        table = frames.observations.sort_values(OBSERVATION_ORDER, kind="stable")
        write_table(table, out / f"{name}.csv")
    write_table(everything.sources.sort_values("source_id"), out / "sources.csv")
    members = everything.aggregate_members.sort_values(["aggregate_code", "member", "valid_from"])
    write_table(members, out / "aggregate_members.csv")
    return {name: len(frames.observations) for name, frames in built.items()}


def read_official(directory: str | Path) -> Frames:
    """Read the shipped official tables back, validated."""
    directory = Path(directory)
    observations = [
        read_table(directory / f"{name}.csv", "observations")
        for name in GROUPS
        if (directory / f"{name}.csv").exists()
    ]
    frames = Frames(
        sources=read_table(directory / "sources.csv", "sources"),
        aggregate_members=read_table(directory / "aggregate_members.csv", "aggregate_members"),
    )
    if observations:
        frames.observations = pd.concat(observations, ignore_index=True)
    return frames.validated(directory)
