"""The figures ledger the app serves: shipped official tables plus press sources, loaded once."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from dashboard import i18n, text
from dashboard.coverage import load_notes
from dashboard.currency import Rates
from dashboard.engine import Products, memory_rows
from dashboard.periods import official
from loaders import Frames, curated, hs, ingest
from loaders.build import read_official
from loaders.schema import OBSERVATION_KEY
from loaders.workspace import Workspace

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
T = TypeVar("T")
# Where a figure comes from, by the kind of its source: the official statistics (and
# official databases), the press, or a file a user uploaded. A user's figure is never
# shown or counted as official, whatever format it was read from.
ORIGINS = {
    "official_statistics": "official",
    "database": "official",
    "press": "press",
    "upload": "upload",
}
# What makes two rows "the same figure" across editions of one dataset: the observation
# key with the dataset in place of the (per-edition) source.
VINTAGE_KEY = ["dataset", *(k for k in OBSERVATION_KEY if k != "source_id")]


def _pair_key(key: object) -> tuple[str, str]:
    """A (reporter, partner) group key as typed text (pandas types group keys as Hashable)."""
    if not isinstance(key, tuple) or len(key) != 2:
        raise TypeError(f"expected a (reporter, partner) key, found {key!r}")
    return str(key[0]), str(key[1])


@dataclass(frozen=True)
class Upload:
    """A dataset a user kept in the workspace: what its figures are shown as."""

    slug: str
    name: str
    uploaded_by: str


def upload_slug(source_id: str) -> str:
    """The dataset of an uploaded source: the workspace names its sources '<slug>:<id>'."""
    return source_id.split(":", 1)[0]


def source_records(sources: pd.DataFrame) -> dict[str, dict]:
    """source_id -> that source's row: the mapping charts and provenance cite from."""
    return {str(row["source_id"]): row for row in sources.to_dict("records")}


@dataclass
class Store:
    """All tidy tables, validated, with the columns views need precomputed."""

    frames: Frames
    # The users' datasets among the frames, by slug (empty for the shipped data alone).
    uploads: Mapping[str, Upload] = field(default_factory=dict)
    # Why an official table stops where it does, by dataset (data/coverage.yml).
    coverage: Mapping[str, str] = field(default_factory=dict)
    # The product store written by `python -m loaders ingest` (FIGURES_BULK_DIR), if any,
    # and the HS nomenclature (names of sections, chapters, headings and subheadings).
    bulk_dir: Path | None = None
    nomenclature: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=hs.COLUMNS))
    memo_size: int = 256
    _memo: OrderedDict = field(default_factory=OrderedDict, init=False, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for this store (least recently used dropped first).

        A store never changes after loading, so what a page shows for given filters can
        be kept: going back to a view costs only sending it. A view's words follow the
        reader's language, so the language is part of the key.
        """
        key = (i18n.current(), key)
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)
        return value

    @cached_property
    def observations(self) -> pd.DataFrame:
        """Every observation, with dataset, display names, period label and is_latest.

        ``is_latest`` marks, for each figure, the row of the dataset's latest edition:
        editions revise earlier years, and queries show the latest unless asked otherwise.
        """
        obs = self.frames.observations
        sources = self.sources.set_index("source_id")
        obs = obs.assign(
            dataset=obs["source_id"].map(sources["dataset"]).astype("str"),
            origin=obs["source_id"].map(sources["origin"]).astype("str"),
        )
        codes = pd.unique(pd.concat([obs.reporter, obs.partner]))
        with i18n.speaking(i18n.DEFAULT):  # data, whoever asks first: English names
            names = {code: text.country(code) for code in codes}
        obs = obs.assign(
            reporter_name=obs.reporter.map(names).astype("str"),
            partner_name=obs.partner.map(names).astype("str"),
            period=text.period_labels(obs),
        )
        # Editions compare as text ("2021" < "2022", "2022-05" < "2022-06"); as ordered
        # category codes the group maximum is a fast integer reduction.
        codes = pd.Categorical(obs["edition"].fillna(""), ordered=True).codes
        edition = pd.Series(codes, index=obs.index)
        newest = edition.groupby([obs[k] for k in VINTAGE_KEY], dropna=False).transform("max")
        return obs.assign(is_latest=(edition == newest)).reset_index(drop=True)

    @cached_property
    def _pair_rows(self) -> dict[tuple[str, str], list[int]]:
        obs = self.observations
        groups = obs.groupby(["reporter", "partner"], sort=False).indices
        return {_pair_key(key): list(rows) for key, rows in groups.items()}

    def pair(self, reporter: str, partner: str) -> pd.DataFrame:
        """Rows reported by ``reporter`` about ``partner`` (an index lookup, not a scan)."""
        rows = self._pair_rows.get((reporter, partner))
        obs = self.observations
        return obs.iloc[rows] if rows is not None else obs.iloc[0:0]

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Every source, with its origin (official, press, upload) and, for a user's file,
        who uploaded it. An uploaded file's figures form a dataset of their own
        ('upload:<slug>'), so an uploaded bulletin never becomes the shipped series' latest
        edition."""
        sources = self.frames.sources
        origin = sources.kind.map(ORIGINS).fillna("official")
        uploaded = origin == "upload"
        slugs = sources.source_id.map(upload_slug)
        return sources.assign(
            origin=origin,
            dataset=sources.dataset.where(~uploaded, "upload:" + slugs),
            uploaded_by=slugs.map(
                lambda slug: self.uploads[slug].uploaded_by if slug in self.uploads else None
            ).where(uploaded, None),
            upload_name=slugs.map(
                lambda slug: self.uploads[slug].name if slug in self.uploads else slug
            ).where(uploaded, None),
        )

    @cached_property
    def source_index(self) -> pd.DataFrame:
        """Sources by source_id."""
        return self.sources.set_index("source_id", drop=False)

    def sources_for(self, source_ids) -> pd.DataFrame:
        """The sources rows for these ids, in id order."""
        wanted = sorted(set(source_ids))
        return self.source_index.loc[[s for s in wanted if s in self.source_index.index]]

    @cached_property
    def countries(self) -> list[tuple[str, str]]:
        """(code, name) of every reporter or partner that appears, countries first."""
        obs = self.observations
        pairs = pd.concat(
            [
                obs[["reporter", "reporter_name", "reporter_is_aggregate"]].set_axis(
                    ["code", "name", "aggregate"], axis=1
                ),
                obs[["partner", "partner_name", "partner_is_aggregate"]].set_axis(
                    ["code", "name", "aggregate"], axis=1
                ),
            ]
        ).drop_duplicates("code")
        pairs = pairs.sort_values(["aggregate", "name"])
        return list(zip(pairs.code, pairs.name, strict=True))

    @cached_property
    def rates(self) -> Rates:
        """The exchange rates loaded (the ECB's, and any a user kept), as lookups."""
        return Rates(self.frames.rates)

    @cached_property
    def years(self) -> list[int]:
        """Every year some figure covers, oldest first."""
        return sorted(int(y) for y in self.observations.period_start.dt.year.unique())

    @cached_property
    def datasets(self) -> list[str]:
        """Every dataset that gives figures, by name."""
        return sorted(self.observations.dataset.unique())

    def partner_years(self, reporter: str) -> list[int]:
        """The years for which ``reporter``'s official figures name partner countries."""
        rows = official(self.observations)
        rows = rows[(rows.reporter == reporter) & (rows.freq == "A") & ~rows.partner_is_aggregate]
        return sorted(int(year) for year in rows.period_start.dt.year.unique())

    @cached_property
    def source_records(self) -> dict[str, dict]:
        """source_id -> that source's row, for charts and provenance panels."""
        return source_records(self.sources)

    @cached_property
    def reporters(self) -> list[str]:
        """Codes that report official figures."""
        return sorted(official(self.observations).reporter.unique())

    @cached_property
    def products(self) -> Products:
        """The product ledger: the loaded product figures and the bulk store, queried on the
        engine the environment names (DuckDB unless FIGURES_ENGINE=spark)."""
        return Products.from_env(memory_rows(self.observations), self.bulk_dir)

    def with_uploads(self, frames: Frames, uploads: Iterable[Upload]) -> Store:
        """This store plus the users' datasets ``frames`` (from the workspace)."""
        if frames.observations.empty and frames.sources.empty:
            return self
        combined = Frames.concat([self.frames, frames]).validated("workspace")
        return Store(
            combined,
            {upload.slug: upload for upload in uploads},
            self.coverage,
            bulk_dir=self.bulk_dir,
            nomenclature=self.nomenclature,
        )

    @classmethod
    def from_dir(cls, data_dir: str | Path, bulk_dir: str | Path | None = None) -> Store:
        """Load ``data_dir``/official (CSV), ``data_dir``/press (YAML), the HS names in
        ``data_dir``/hs and the sources of the product store in ``bulk_dir``, if given."""
        data_dir = Path(data_dir)
        parts = [read_official(data_dir / "official")]
        if (data_dir / "press").is_dir():
            parts.append(curated.load_dir(data_dir / "press"))
        bulk = Path(bulk_dir) if bulk_dir else None
        if bulk is not None:
            parts.append(ingest.store_frames(bulk))
        names = data_dir / "hs" / "products.csv"
        return cls(
            Frames.concat(parts).validated(data_dir),
            coverage=load_notes(data_dir / "coverage.yml"),
            bulk_dir=bulk,
            nomenclature=(
                pd.read_csv(names, dtype=str, keep_default_na=False, na_values=[""])
                if names.is_file()
                else pd.DataFrame(columns=hs.COLUMNS)
            ),
        )


def with_workspace(base: Store, workspace: Workspace) -> Store:
    """``base`` plus the visible datasets users kept in ``workspace``, shown as theirs."""
    infos, _ = workspace.list()
    uploads = [Upload(info.slug, info.name, info.uploaded_by) for info in infos]
    return base.with_uploads(workspace.frames(), uploads)


@cache
def default_store() -> Store:
    """The store over DATA_DIR (or $FIGURES_DATA_DIR) and the product store in
    $FIGURES_BULK_DIR (else DATA_DIR/bulk, where `python -m loaders ingest` writes by default,
    if it holds one), loaded once per process."""
    data_dir = Path(os.environ.get("FIGURES_DATA_DIR", DATA_DIR))
    named = os.environ.get("FIGURES_BULK_DIR")
    bulk = Path(named) if named else None
    if bulk is None and ingest.is_store(data_dir / "bulk"):
        bulk = data_dir / "bulk"
    return Store.from_dir(data_dir, bulk)
