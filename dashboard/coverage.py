"""Why there is no figure: what the loaded official tables cover, and what would fill a gap.
No Dash."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import yaml

from dashboard import text
from dashboard.periods import official


def load_notes(path: Path) -> dict[str, str]:
    """The notes of data/coverage.yml: dataset -> why its table stops where it does."""
    if not path.is_file():
        return {}
    notes = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): " ".join(str(v).split()) for k, v in notes.items()}


def why_missing(
    observations: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    notes: Mapping[str, str],
) -> str:
    """What the loaded official tables of ``reporter`` cover for its ``flow`` with
    ``partner``, why they stop, and where to load more: the reason behind an empty state."""
    rows = official(observations)
    rows = rows[(rows.reporter == reporter) & (rows.partner == partner) & (rows.flow == flow)]
    who = text.country(reporter)
    if rows.empty:
        covered = f"No official table of {who} with {text.country(partner)} is loaded."
    else:
        parts = []
        for dataset, table in rows.groupby("dataset", sort=True):
            ordered = table.sort_values(["period_start", "period_end"])
            first, last = ordered.period.iloc[0], ordered.period.iloc[-1]
            kinds = ", ".join(text.freq_plural(f) for f in sorted(set(table.freq)))
            parts.append(f"{dataset} ({kinds}, {first} to {last})")
        covered = f"{who}'s loaded tables: {'; '.join(parts)}."
        stops = [notes[str(d)] for d in sorted(set(rows.dataset)) if str(d) in notes]
        if stops:
            covered += " " + " ".join(dict.fromkeys(stops))
    return f"{covered} A table that covers the period can be loaded on the Upload page (/upload)."
