"""The user's workspace: uploaded datasets kept on disk, each written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from loaders import Frames
from loaders.errors import LoadError
from loaders.files import atomic_write_text
from loaders.tables import table_from_text, to_csv_text

APP_NAME = "trade-figures"
FORMAT_VERSION = 1
SUFFIX = ".dataset.json"


def default_root() -> Path:
    """$FIGURES_WORKSPACE, else ~/.local/share/trade-figures (XDG_DATA_HOME respected)."""
    if os.environ.get("FIGURES_WORKSPACE"):
        return Path(os.environ["FIGURES_WORKSPACE"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def slugify(name: str) -> str:
    """A file-safe id for a dataset name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "dataset"


@dataclass(frozen=True)
class DatasetInfo:
    """What the workspace lists about a dataset."""

    slug: str
    name: str
    file: str
    format: str
    uploaded_at: str
    uploaded_by: str
    observations: int
    hidden: bool


class Workspace:
    """Datasets as one JSON file each under ``root``/datasets, plus a visibility file.

    Every write goes to a temporary file that is fsynced and renamed over the target, so
    a crash, a kill or a refused file leaves every earlier dataset byte for byte as it was.
    """

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else default_root()
        self.datasets_dir = self.root / "datasets"
        self.state_file = self.root / "workspace.json"
        self._lock = threading.Lock()

    # -------------------------------------------------------------- reading

    def _state(self) -> dict:
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"hidden": []}
        except (OSError, ValueError):
            return {"hidden": []}  # an unreadable state file hides nothing; data stays
        return state if isinstance(state, dict) else {"hidden": []}

    def _files(self) -> list[Path]:
        if not self.datasets_dir.is_dir():
            return []
        # Temporary files of an interrupted write start with '.' and are never listed.
        return sorted(p for p in self.datasets_dir.glob(f"*{SUFFIX}") if not p.name.startswith("."))

    def _read(self, path: Path) -> dict:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise LoadError(path, "a readable dataset file", details=[str(error)[:120]]) from None
        if not isinstance(payload, dict) or payload.get("format_version") != FORMAT_VERSION:
            raise LoadError(path, f"a dataset file of format version {FORMAT_VERSION}")
        return payload

    def list(self) -> tuple[list[DatasetInfo], list[str]]:
        """Datasets, and a message for each file that cannot be read (kept, not deleted)."""
        hidden = set(self._state().get("hidden", []))
        infos, problems = [], []
        for path in self._files():
            try:
                payload = self._read(path)
            except LoadError as error:
                problems.append(str(error))
                continue
            slug = path.name[: -len(SUFFIX)]
            infos.append(
                DatasetInfo(
                    slug,
                    payload.get("name", slug),
                    payload.get("file", ""),
                    payload.get("format", ""),
                    payload.get("uploaded_at", ""),
                    payload.get("uploaded_by", ""),
                    int(payload.get("observations", 0)),
                    slug in hidden,
                )
            )
        return infos, problems

    def frames(self, visible_only: bool = True) -> Frames:
        """The tables of every (visible) dataset, validated."""
        parts = []
        hidden = set(self._state().get("hidden", []))
        for path in self._files():
            slug = path.name[: -len(SUFFIX)]
            if visible_only and slug in hidden:
                continue
            try:
                payload = self._read(path)
                tables = {
                    name: table_from_text(text, name, path)
                    for name, text in payload["tables"].items()
                }
                parts.append(Frames(**tables))
            except (LoadError, KeyError, TypeError):
                continue  # listed as a problem by list(); the other datasets still load
        return Frames.concat(parts) if parts else Frames()

    def checksum(self) -> str:
        """SHA-256 over every dataset and state file (names and bytes)."""
        digest = hashlib.sha256()
        paths = [*self._files(), self.state_file] if self.root.exists() else []
        for path in paths:
            if path.exists():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()

    # -------------------------------------------------------------- writing

    def save(self, name: str, frames: Frames, file: str, fmt: str, uploaded_by: str) -> DatasetInfo:
        """Keep ``frames`` as a new dataset called ``name``; returns what was saved.

        Source ids get the dataset's slug as prefix (no clash with the shipped data or
        another upload), and each source row says who uploaded which file when.
        """
        name = " ".join(str(name).split())[:80]
        if not name:
            raise LoadError(file, "a dataset name")
        if frames.observations.empty:
            raise LoadError(file, "at least one accepted figure to keep")
        now = datetime.now(UTC).replace(microsecond=0)
        with self._lock:
            slug = self._free_slug(slugify(name))
            frames = _rekeyed(frames, slug, file, uploaded_by, now)
            frames = frames.validated(file)
            payload = {
                "format_version": FORMAT_VERSION,
                "name": name,
                "file": file,
                "format": fmt,
                "uploaded_at": now.isoformat(),
                "uploaded_by": uploaded_by,
                "observations": len(frames.observations),
                "tables": {n: to_csv_text(t) for n, t in frames.tables().items() if len(t)},
            }
            text = json.dumps(payload, ensure_ascii=False, indent=1)
            atomic_write_text(self.datasets_dir / f"{slug}{SUFFIX}", text)
        return DatasetInfo(
            slug, name, file, fmt, now.isoformat(), uploaded_by, len(frames.observations), False
        )

    def _free_slug(self, slug: str) -> str:
        taken = {p.name[: -len(SUFFIX)] for p in self._files()}
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        return candidate

    def set_hidden(self, slug: str, hidden: bool) -> None:
        """Show or hide a dataset in every page."""
        with self._lock:
            state = self._state()
            names = set(state.get("hidden", []))
            (names.add if hidden else names.discard)(slug)
            state["hidden"] = sorted(names)
            atomic_write_text(self.state_file, json.dumps(state, indent=1))

    def remove(self, slug: str) -> None:
        """Delete a dataset (its file is removed in one step)."""
        with self._lock:
            path = self.datasets_dir / f"{slug}{SUFFIX}"
            if path.parent != self.datasets_dir or not path.exists():
                raise LoadError(slug, "an existing dataset")
            path.unlink()
            state = self._state()
            if slug in state.get("hidden", []):
                state["hidden"] = [s for s in state["hidden"] if s != slug]
                atomic_write_text(self.state_file, json.dumps(state, indent=1))


def _rekeyed(frames: Frames, slug: str, file: str, uploaded_by: str, now: datetime) -> Frames:
    mapping = {sid: f"{slug}:{sid}" for sid in frames.sources.source_id}
    sources = frames.sources.assign(
        source_id=frames.sources.source_id.map(mapping),
        kind="upload",
        accessed=pd.Timestamp(now.date()),
        note=[
            " ".join(
                filter(
                    None,
                    [
                        str(n) if isinstance(n, str) else "",
                        f"Uploaded by {uploaded_by} from the file {file} on "
                        f"{now:%Y-%m-%d %H:%M} UTC as dataset '{slug}'.",
                    ],
                )
            )
            for n in frames.sources.note
        ],
    )
    tables = {"sources": sources}
    for name, table in frames.tables().items():
        if name != "sources" and "source_id" in table:
            tables[name] = table.assign(
                source_id=table.source_id.map(mapping).fillna(table.source_id)
            )
    return Frames(**{**frames.tables(), **tables})
