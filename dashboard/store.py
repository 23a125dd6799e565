"""The figures ledger the app serves: shipped official tables plus press sources, loaded once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from loaders import Frames, curated
from loaders.build import read_official

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Store:
    """All tidy tables, validated, in memory."""

    frames: Frames

    @property
    def observations(self) -> pd.DataFrame:
        """Every observation."""
        return self.frames.observations

    @property
    def sources(self) -> pd.DataFrame:
        """Every source."""
        return self.frames.sources

    @classmethod
    def from_dir(cls, data_dir: str | Path) -> Store:
        """Load ``data_dir``/official (CSV) and ``data_dir``/press (YAML)."""
        data_dir = Path(data_dir)
        parts = [read_official(data_dir / "official")]
        if (data_dir / "press").is_dir():
            parts.append(curated.load_dir(data_dir / "press"))
        return cls(Frames.concat(parts).validated(data_dir))


@cache
def default_store() -> Store:
    """The store over DATA_DIR (or $FIGURES_DATA_DIR), loaded once per process."""
    return Store.from_dir(os.environ.get("FIGURES_DATA_DIR", DATA_DIR))
