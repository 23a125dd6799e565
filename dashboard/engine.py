"""The product ledger's queries, written once in ibis: DuckDB over Parquet (and the loaded
product rows, in memory) by default, Spark through Spark Connect when FIGURES_ENGINE=spark.

Four queries serve the dashboard: a pair's yearly totals, a reporter's partners ranked, a
reporter's trade with a partner by product, and the partners of one product. Each takes
plain values and returns a small pandas frame in a fixed order with fixed dtypes, so the same
call gives equal frames on every engine (tests/spark checks that it does).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd

from loaders import ingest

# The columns of a product row, on every engine (ibis types).
SCHEMA = ibis.schema(ingest.COLUMNS)
# BACI reconciles the exporter's and the importer's declarations into one flow: its rows are
# stored once, as exports, and an importer's imports are those rows read the other way round.
SYMMETRIC = frozenset({"baci"})
# Partner codes that are groups, never ranked beside countries nor summed with them.
WORLD = "WLD"


class EngineError(RuntimeError):
    """The engine named in the environment cannot be reached or is not installed."""


@dataclass(frozen=True)
class Tables:
    """The product rows twice over: ordered by reporter (exports, and national tables) and by
    partner (a symmetric dataset's rows read from the importer's side). On DuckDB each order
    is a view over Parquet files sorted that way, so a query reads a few row groups."""

    by_reporter: ir.Table
    by_partner: ir.Table


def _rows(
    tables: Tables, dataset: str, flow: str, reporter: str, partner: str | None, digits: int
) -> ir.Table:
    """``reporter``'s ``flow`` rows of ``dataset`` at HS ``digits`` (with ``partner`` only,
    if given), as columns reporter, partner, product, year, value."""
    if flow == "import" and dataset in SYMMETRIC:
        t = tables.by_partner
        keep = [t.partner == reporter, t.dataset == dataset, t.flow == "export"]
        keep.append(t.reporter == partner if partner is not None else t.reporter != WORLD)
        t = t.filter(*keep, t["product"].length() == digits)
        return t.select(
            reporter=t.partner,
            partner=t.reporter,
            product=t["product"],
            year=t.year,
            value=t.value,
            source_id=t.source_id,
        )
    t = tables.by_reporter
    keep = [t.reporter == reporter, t.dataset == dataset, t.flow == flow]
    keep.append(t.partner == partner if partner is not None else t.partner != WORLD)
    t = t.filter(*keep, t["product"].length() == digits)
    return t.select("reporter", "partner", "product", "year", "value", "source_id")


def pair_series(
    tables: Tables, dataset: str, reporter: str, partner: str, flow: str, digits: int
) -> ir.Table:
    """A reporter's trade with a partner, summed over products, by year (oldest first)."""
    rows = _rows(tables, dataset, flow, reporter, partner, digits)
    return rows.group_by("year").aggregate(value=rows.value.sum()).order_by("year")


def partner_ranking(
    tables: Tables, dataset: str, reporter: str, year: int, flow: str, digits: int
) -> ir.Table:
    """A reporter's partner countries for a year, largest first (groups left out)."""
    rows = _rows(tables, dataset, flow, reporter, None, digits)
    rows = rows.filter(rows.year == year)
    ranked = rows.group_by("partner").aggregate(value=rows.value.sum())
    return ranked.order_by([ibis.desc("value"), "partner"])


def product_breakdown(
    tables: Tables,
    dataset: str,
    reporter: str,
    partner: str | None,
    year: int,
    flow: str,
    digits: int,
    level: int,
    within: str = "",
) -> ir.Table:
    """A reporter's trade with a partner (None: every partner) by HS code of ``level``
    digits (codes starting with ``within``), for ``year`` and the year before: columns code,
    year, source_id and value."""
    rows = _rows(tables, dataset, flow, reporter, partner, digits)
    keep = [rows.year.isin([year - 1, year])]
    if within:
        keep.append(rows["product"].startswith(within))
    rows = rows.filter(*keep)
    rows = rows.mutate(code=rows["product"].substr(0, level))
    summed = rows.group_by(["code", "year", "source_id"]).aggregate(value=rows.value.sum())
    return summed.order_by(["year", ibis.desc("value"), "code", "source_id"])


def product_partners(
    tables: Tables, dataset: str, reporter: str, code: str, year: int, flow: str, digits: int
) -> ir.Table:
    """Who trades one HS code (any level) with a reporter in a year, largest first."""
    rows = _rows(tables, dataset, flow, reporter, None, digits)
    rows = rows.filter(rows.year == year, rows["product"].startswith(code))
    summed = rows.group_by(["partner", "source_id"]).aggregate(value=rows.value.sum())
    return summed.order_by([ibis.desc("value"), "partner", "source_id"])


QUERIES: dict[str, Callable[..., ir.Table]] = {
    "pair_series": pair_series,
    "partner_ranking": partner_ranking,
    "product_breakdown": product_breakdown,
    "product_partners": product_partners,
}
# Each result column's dtype, whatever the engine returned (Spark sums to decimals or
# int64 where DuckDB gives float64 and int32).
_DTYPES = {
    "year": "int64",
    "value": "float64",
    "code": "str",
    "partner": "str",
    "source_id": "str",
}


def tidy_result(frame: pd.DataFrame) -> pd.DataFrame:
    """An engine's answer with the same dtypes and a fresh index on every engine."""
    return frame.astype({c: t for c, t in _DTYPES.items() if c in frame}).reset_index(drop=True)


def memory_rows(observations: pd.DataFrame) -> pd.DataFrame:
    """The ledger's annual product figures in US dollars, as product rows (latest edition)."""
    rows = observations[
        (observations["product"] != "TOTAL")
        & (observations.freq == "A")
        & (observations.currency == "USD")
        & observations.get("is_latest", True)
        & observations.flow.isin(["export", "import"])
    ]
    frame = pd.DataFrame(
        {
            "dataset": rows.dataset.astype(str),
            "reporter": rows.reporter.astype(str),
            "partner": rows.partner.astype(str),
            "flow": rows.flow.astype(str),
            "product": rows["product"].astype(str),
            "classification": rows.get("classification", pd.Series(None, index=rows.index)),
            "year": rows.period_start.dt.year.astype("int32"),
            "value": rows.value.astype("float64"),
            "quantity": pd.Series(float("nan"), index=rows.index, dtype="float64"),
            "source_id": rows.source_id.astype(str),
        }
    )
    frame["classification"] = (
        frame["classification"].astype(object).where(frame["classification"].notna(), None)
    )
    return frame.sort_values(["reporter", "partner", "year", "product"]).reset_index(drop=True)


class Products:
    """The product ledger on one engine: the loaded rows plus a Parquet store (written by
    ``python -m loaders ingest``), queried through one connection per thread."""

    def __init__(
        self,
        rows: pd.DataFrame,
        bulk_dir: Path | None = None,
        engine: str = "duckdb",
        remote: str | None = None,
    ):
        self.bulk_dir = bulk_dir if bulk_dir is not None and ingest.is_store(bulk_dir) else None
        self.engine = engine
        self.remote = remote
        self.manifest = ingest.read_manifest(self.bulk_dir) if self.bulk_dir else {}
        self.rows = _not_in_store(rows, self.manifest)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._database: duckdb.DuckDBPyConnection | None = None
        self._spark: Any = None
        self._sql: dict[tuple, str] = {}  # compiled queries by shape (see _prepared)

    @classmethod
    def from_env(
        cls, rows: pd.DataFrame, bulk_dir: Path | None, environ: Mapping[str, str] = os.environ
    ) -> Products:
        """The engine FIGURES_ENGINE names (duckdb or spark, at SPARK_REMOTE=sc://host:port)."""
        engine = environ.get("FIGURES_ENGINE", "duckdb").strip().lower() or "duckdb"
        if engine not in ("duckdb", "spark"):
            raise EngineError(f"FIGURES_ENGINE={engine!r}: expected duckdb or spark")
        remote = environ.get("SPARK_REMOTE")
        if engine == "spark" and not remote:
            raise EngineError("FIGURES_ENGINE=spark needs SPARK_REMOTE=sc://host:port")
        return cls(rows, bulk_dir, engine, remote)

    # -- what the ledger holds, for the controls ----------------------------------------

    @cached_property
    def partners(self) -> list[str]:
        """Every partner a query may name: the world, the reporters (a symmetric dataset's
        importers report too) and the partners of the rows in memory."""
        return sorted({WORLD, *self.summary.reporter, *self.rows.partner})

    @cached_property
    def summary(self) -> pd.DataFrame:
        """What the ledger holds: one row per dataset, reporter, flow and HS digits, with the
        years and the classification. From the rows in memory and the store's manifest (no
        scan of the store); a symmetric dataset's partners hold imports too."""
        rows = self.rows.assign(digits=self.rows["product"].str.len())
        importers = rows[rows.dataset.isin(SYMMETRIC) & (rows.partner != WORLD)].assign(
            reporter=lambda r: r.partner, flow="import"
        )
        both = pd.concat([rows, importers], ignore_index=True)
        keys = ["dataset", "reporter", "flow", "digits"]
        held = both.groupby(keys, as_index=False).agg(
            years=("year", lambda y: sorted({int(v) for v in y})),
            classification=("classification", "first"),
        )
        stored = pd.DataFrame(self.manifest.get("summary", []), columns=[*held.columns, "rows"])
        every = pd.concat([held, stored.drop(columns="rows")], ignore_index=True)
        return every.groupby(keys, as_index=False, sort=True).agg(
            years=("years", lambda lists: sorted({int(y) for years in lists for y in years})),
            classification=("classification", "first"),
        )

    # -- running queries ----------------------------------------------------------------

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        """Query ``name`` (one of QUERIES) with ``params``, as a pandas frame."""
        backend, tables = self._connection()
        if self.engine == "duckdb":
            sql, bound = self._prepared(backend, tables, name, params)
            return tidy_result(backend.con.execute(sql, bound).to_arrow_table().to_pandas())
        expr = QUERIES[name](tables, **params)
        # Through Arrow, not ibis's own pandas conversion (which reads a pandas option that
        # pandas 3 deprecates, and copies column by column).
        return tidy_result(backend.to_pyarrow(expr).to_pandas())

    def _prepared(
        self, backend: Any, tables: Tables, name: str, params: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """The query's SQL with $parameters, compiled by ibis once per shape of query (which
        side of a symmetric dataset, a partner or all, a code to look inside or none), and
        the values to bind: building and compiling an ibis expression costs more than DuckDB
        takes to answer a selective query."""
        # The flow and the dataset choose the table and its orientation: they are part of
        # the shape, compiled in as they are.
        shape = (
            name,
            params.get("flow"),
            params.get("dataset"),
            params.get("partner") is None,
            bool(params.get("within")),
        )
        compiled = self._sql.get(shape)
        if compiled is None:
            marks = {
                key: _mark(key, value)
                for key, value in params.items()
                if value not in (None, "") and key not in ("flow", "dataset")
            }
            sql = str(backend.compile(QUERIES[name](tables, **{**params, **marks})))
            for key, mark in marks.items():
                if isinstance(mark, str):
                    sql = sql.replace(f"'{mark}'", f"${key}")
                else:  # a number, and the year before it (product_breakdown's)
                    sql = sql.replace(str(mark - 1), f"(${key} - 1)").replace(str(mark), f"${key}")
            compiled = self._sql[shape] = sql
        bound = {k: v for k, v in params.items() if f"${k}" in compiled}
        return compiled, bound

    def _connection(self) -> tuple[Any, Tables]:
        local = self._local
        if getattr(local, "tables", None) is None:
            if self.engine == "spark":
                local.backend, local.tables = self._spark_tables()
            else:
                local.backend, local.tables = self._duckdb_tables()
        return local.backend, local.tables

    def _duckdb_tables(self) -> tuple[Any, Tables]:
        """A cursor of the one in-process database for this thread (DuckDB connections are
        not shared between threads; cursors of one database share its catalogue and cache)."""
        with self._lock:
            if self._database is None:
                self._database = self._open_duckdb()
            cursor = self._database.cursor()
        backend = ibis.duckdb.from_connection(cursor)
        return backend, Tables(backend.table("by_reporter"), backend.table("by_partner"))

    def _open_duckdb(self) -> duckdb.DuckDBPyConnection:
        database = duckdb.connect(":memory:")
        # Parquet footers are read once per file, not once per query; the files' pages are
        # not kept in memory as well (at 250 M rows that halves what the process holds).
        database.execute("SET parquet_metadata_cache = true")
        database.execute("SET enable_external_file_cache = false")
        database.register("memory", self.rows[list(SCHEMA.names)])
        database.execute(f"CREATE TABLE memory_rows AS SELECT {ingest.typed_columns()} FROM memory")
        database.unregister("memory")
        native = self.bulk_dir is not None and (self.bulk_dir / ingest.DATABASE).is_file()
        if native:
            assert self.bulk_dir is not None
            path = str(self.bulk_dir / ingest.DATABASE)
            database.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS bulk (READ_ONLY)")
        for order in ("by_reporter", "by_partner"):
            select = "SELECT * FROM memory_rows"
            if native:
                select += f" UNION ALL SELECT * FROM bulk.{order}"
            elif self.bulk_dir is not None:  # a store written before the database file
                files = _quote(ingest.parquet_glob(self.bulk_dir, order))
                select += f" UNION ALL SELECT {ingest.typed_columns()} FROM read_parquet({files})"
            database.execute(f"CREATE VIEW {order} AS {select}")
        return database

    def _spark_tables(self) -> tuple[Any, Tables]:
        """One Spark Connect session for the process (the client is thread-safe)."""
        with self._lock:
            if self._spark is None:
                self._spark = _spark_backend(self.remote or "")
            backend = self._spark
        # The client uploads the rows in memory with each query (ibis's pyspark backend has
        # no temporary tables); they are the few shipped ones, the bulk is read by the server.
        table = ibis.memtable(self.rows[list(SCHEMA.names)]).cast(SCHEMA)
        if self.bulk_dir is not None:
            stored = backend.read_parquet(str(self.bulk_dir / ingest.BY_REPORTER)).cast(SCHEMA)
            table = table.union(stored.select(*SCHEMA.names))
        # Spark has no row groups to skip: one table serves both orders.
        return backend, Tables(table, table)


# Stand-ins compiled into a query's SQL where its parameters go (see Products._prepared):
# numbers no parameter takes, each of the same width.
_NUMBER_MARKS = {"year": 7_100_001, "digits": 7_200_001, "level": 7_300_001}


def _mark(key: str, value: Any) -> Any:
    if isinstance(value, str):
        return f"zz{key}zz"
    return _NUMBER_MARKS[key]


def _not_in_store(rows: pd.DataFrame, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """The rows in memory but a dataset's reporter and year the bulk store holds: a full
    BACI file supersedes the shipped extract of it (summing both would count twice)."""
    held = {
        (entry["dataset"], entry["reporter"], entry["flow"], int(year))
        for entry in manifest.get("summary", [])
        for year in entry["years"]
    }
    if not held:
        return rows
    keys = zip(rows.dataset, rows.reporter, rows.flow, rows.year, strict=True)
    kept = pd.Series([key not in held for key in keys], index=rows.index, dtype=bool)
    return rows[kept].reset_index(drop=True)


def _quote(files: Sequence[str] | str) -> str:
    if isinstance(files, str):
        files = [files]
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def _spark_backend(remote: str) -> Any:
    # The client retries an unreachable server for minutes: find out at once.
    address = urlsplit(remote.replace("sc://", "http://", 1))
    try:
        socket.create_connection((address.hostname, address.port or 15002), timeout=5).close()
    except OSError as error:
        raise EngineError(f"cannot reach Spark Connect at {remote}: {error}") from None
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:  # pragma: no cover - the thin client is in requirements
        raise EngineError(f"FIGURES_ENGINE=spark needs pyspark-client: {error}") from None
    try:
        session = SparkSession.builder.remote(remote).getOrCreate()
    except Exception as error:  # the client raises many kinds; one message names the address
        raise EngineError(f"cannot reach Spark Connect at {remote}: {error}") from None
    return ibis.pyspark.connect(session)
