"""Bulk product files (CEPII BACI, UN Comtrade bulk) into a Parquet store sorted for the
dashboard's queries: `python -m loaders ingest baci|comtrade PATH... --store DIR`, resumable,
with a progress bar.

Each file is read by DuckDB straight into a staged Parquet file (BACI: country numbers to
ISO3, product codes padded to six digits, thousands of dollars to dollars; Comtrade: annual
totals by HS code, never their breakdowns); a file already staged
with the same size and time is skipped, so an interrupted run picks up where it stopped.
Then every staged file is written twice, sorted by reporter and by partner, into fresh
folders that replace the old ones only once complete: a reader never sees half a store.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from loaders import Frames, baci, comtrade, schema, tidy
from loaders.errors import N_, LoadError, Phrase

# The product store's columns and their types (ibis type names; DuckDB types below).
COLUMNS = {
    "dataset": "string",
    "reporter": "string",
    "partner": "string",
    "flow": "string",
    "product": "string",
    "classification": "string",
    "year": "int32",
    "value": "float64",
    "quantity": "float64",
    "source_id": "string",
}
BY_REPORTER = "by_reporter"
BY_PARTNER = "by_partner"
STAGING = "staging"
MANIFEST = "manifest.json"
# The same rows as DuckDB tables (by_reporter, by_partner) in one database file, which the
# dashboard opens read-only: DuckDB's own storage answers a selective query several times
# faster than Parquet (bench/bench_bulk.py), and Spark reads the Parquet copies.
DATABASE = "products.duckdb"
SOURCES = "sources.csv"
SPILL = ".spill"  # where DuckDB spills a sort that outgrows its memory limit
# The order each copy is written in: every query names the reporter (or, read the other
# way, the partner) and most a year, so it reads only the row groups of that reporter's
# year; a pair's rows over the years are a few runs of neighbouring rows.
ORDERS = {
    BY_REPORTER: ("reporter", "year", "partner", "product"),
    BY_PARTNER: ("partner", "year", "reporter", "product"),
}
# Rows per Parquet row group: small enough that one pair's rows span a few groups (the
# min/max statistics skip the rest), large enough that the footers stay small.
ROW_GROUP = 32_768


@dataclass
class Report:
    """What an ingest did: files staged, files skipped as already staged, rows written and
    rows left out (country numbers no catalogue knows), by file."""

    staged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0
    left_out: dict[str, dict[Any, int]] = field(default_factory=dict)


def is_store(directory: Path) -> bool:
    """Whether ``directory`` holds a finished product store."""
    return (directory / MANIFEST).is_file() and (directory / BY_REPORTER).is_dir()


def read_manifest(directory: Path) -> dict[str, Any]:
    """The store's manifest: what it holds (dataset, reporter, flow, HS digits, years)."""
    return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))


def store_frames(directory: Path) -> Frames:
    """The sources of a product store, as tables to load beside the ledger (its rows stay on
    disk, read by the dashboard's engine)."""
    if not is_store(directory):
        raise LoadError(
            directory,
            N_("a product store written by `python -m loaders ingest` ({manifest}, {folder}/)"),
            values={"manifest": MANIFEST, "folder": BY_REPORTER},
        )
    sources = pd.DataFrame(read_manifest(directory).get("sources", []))
    sources = sources.reindex(columns=schema.TABLES["sources"].column_names)
    return Frames(sources=schema.validate("sources", sources, directory / MANIFEST))


def parquet_glob(directory: Path, order: str) -> str:
    """The files of one sorted copy, as a glob DuckDB reads."""
    return str(directory / order / "*.parquet")


# A reader turns one file into the SELECT of its product rows (the store's columns) and its
# sources row, raising LoadError for a file it cannot read.
Reader = Callable[[duckdb.DuckDBPyConnection, Path, Report], tuple[str, dict[str, Any]]]


def ingest_baci(
    paths: Iterable[Path],
    store: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda paths: paths,
) -> Report:
    """Stage each BACI file not yet staged, then rewrite the sorted store from all staged
    files. ``progress`` wraps the files (tqdm on the command line)."""
    return _ingest(paths, store, progress, _baci_rows)


def ingest_comtrade(
    paths: Iterable[Path],
    store: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda paths: paths,
) -> Report:
    """The same for UN Comtrade bulk files (Comtrade+ annual, by HS code)."""
    return _ingest(paths, store, progress, _comtrade_rows)


def _ingest(
    paths: Iterable[Path],
    store: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]],
    reader: Reader,
) -> Report:
    store.mkdir(parents=True, exist_ok=True)
    staging = store / STAGING
    staging.mkdir(exist_ok=True)
    report = Report()
    database = _connect(":memory:", store)
    codes = pd.DataFrame(sorted(baci.country_codes().items()), columns=["number", "iso3"])
    database.register("codes", codes)
    for path in progress(list(paths)):
        if _stage(database, path, staging, report, reader):
            report.staged.append(path.name)
        else:
            report.skipped.append(path.name)
    report.rows = _publish(database, store)
    return report


def _stamp(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {"file": path.name, "size": stat.st_size, "mtime": int(stat.st_mtime)}


def _stage(
    database: duckdb.DuckDBPyConnection, path: Path, staging: Path, report: Report, reader: Reader
) -> bool:
    """One file as a staged Parquet file and its source row; False if already done."""
    target = staging / f"{path.stem}.parquet"
    stamp_file = staging / f"{path.stem}.json"
    stamp = _stamp(path)
    done = target.is_file() and stamp_file.is_file()
    if done and json.loads(stamp_file.read_text(encoding="utf-8")).get("stamp") == stamp:
        return False
    select, cited = reader(database, path, report)
    partial = target.with_suffix(".partial")
    database.execute(f"COPY ({select}) TO {_literal(str(partial))} (FORMAT parquet)")
    partial.replace(target)
    cited["accessed"] = date.fromtimestamp(stamp["mtime"]).isoformat()
    stamp_file.write_text(json.dumps({"stamp": stamp, "source": cited}), encoding="utf-8")
    return True


def _baci_rows(
    database: duckdb.DuckDBPyConnection, path: Path, report: Report
) -> tuple[str, dict[str, Any]]:
    """A BACI file's rows: country numbers to ISO3 (a number no catalogue knows is left out
    and reported), codes padded to six digits, thousands of dollars to dollars."""
    plain = f"read_csv({_literal(str(path))}, header=true)"
    # Product codes as text: a code read as a number loses its leading zero.
    source = f"read_csv({_literal(str(path))}, header=true, types={{'k': 'VARCHAR'}})"
    try:
        described = database.execute(f"DESCRIBE SELECT * FROM {plain}").fetchall()
        columns = [row[0] for row in described]
    except duckdb.Error as error:
        raise LoadError(path, N_("a CSV file"), details=[str(error).splitlines()[0]]) from None
    missing = [c for c in ("t", "i", "k", "v") if c not in columns]
    if missing:
        raise LoadError(
            path,
            N_("BACI columns t, i, k and v (year, exporter, product, value), and j (importer)"),
            details=[
                Phrase(
                    N_("missing {columns}; found {found}"),
                    columns=", ".join(missing),
                    found=", ".join(columns),
                )
            ],
        )
    classification = baci.classification_of(path, columns)
    if classification is None:
        raise LoadError(
            path,
            N_(
                "the HS edition of the product codes: a BACI file name such as "
                "BACI_HS17_Y2021_V202401.csv, a column such as hs02_desc, or CEPII's "
                "product_codes_HS17_V202401.csv beside the file"
            ),
        )
    source_id = f"{baci.DATASET}-{path.stem}".lower()  # as baci.source names it
    partner = "CAST(j AS INTEGER)" if "j" in columns else "NULL"
    quantity = "TRY_CAST(trim(CAST(q AS VARCHAR)) AS DOUBLE)" if "q" in columns else "NULL"
    raw = (
        f"SELECT CAST(t AS INTEGER) AS t, CAST(i AS INTEGER) AS i, {partner} AS j, "
        f"lpad(trim(CAST(k AS VARCHAR)), 6, '0') AS k, CAST(v AS DOUBLE) AS v, {quantity} AS q "
        f"FROM {source}"
    )
    try:
        bad = database.execute(
            f"SELECT count(*) FILTER (WHERE NOT regexp_full_match(k, '\\d{{6}}')),"
            f" count(*) FILTER (WHERE v IS NULL OR v < 0), count(*) FILTER (WHERE t IS NULL)"
            f" FROM ({raw})"
        ).fetchone()
    except duckdb.Error as error:
        raise LoadError(
            path,
            N_("BACI figures: whole years t, numbers i, j, v"),
            details=[str(error).splitlines()[0]],
        ) from None
    assert bad is not None
    for count, expected in zip(
        bad,
        (
            N_("product codes k of up to six digits"),
            N_("values v of zero or more"),
            N_("a year t on every row"),
        ),
        strict=True,
    ):
        if count:
            raise LoadError(path, expected, details=[_rows_without(count)])
    unknown = database.execute(
        f"SELECT n, count(*) FROM (SELECT i AS n FROM ({raw}) UNION ALL "
        f"SELECT j FROM ({raw}) WHERE j IS NOT NULL) WHERE n NOT IN (SELECT number FROM codes) "
        "GROUP BY n ORDER BY n"
    ).fetchall()
    if unknown:
        report.left_out[path.name] = {int(n): int(c) for n, c in unknown}
    select = f"""
            SELECT 'baci' AS dataset, ci.iso3 AS reporter, coalesce(cj.iso3, 'WLD') AS partner,
                   'export' AS flow, r.k AS product, {_literal(classification)} AS classification,
                   r.t AS year, r.v * 1000 AS value, r.q AS quantity,
                   {_literal(source_id)} AS source_id
            FROM ({raw}) r
            JOIN codes ci ON ci.number = r.i
            LEFT JOIN codes cj ON cj.number = r.j
            WHERE r.j IS NULL OR cj.iso3 IS NOT NULL"""
    years = [int(y) for (y,) in database.execute(f"SELECT DISTINCT t FROM ({raw})").fetchall()]
    cited = asdict(baci.source(path, classification, baci.release_of(path), sorted(years)))
    return select, cited


def _rows_without(count: int) -> Phrase:
    return Phrase(N_("{count} rows do not have them"), count=count)


# Comtrade+ bulk columns (compared in lower case) -> what they give.
_COMTRADE = {
    "reporteriso": "reporter",
    "partneriso": "partner",
    "flowcode": "flow",
    "cmdcode": "product",
    "classificationcode": "classification",
    "refyear": "year",
    "primaryvalue": "value",
    "freqcode": "freq",
}
# Breakdowns of a total (by second partner, customs procedure, mode of transport): kept
# only as the total, or they would be counted twice.
_COMTRADE_TOTALS = {"partner2code": ("0", "W00"), "customscode": ("C00",), "motcode": ("0",)}


def _comtrade_rows(
    database: duckdb.DuckDBPyConnection, path: Path, report: Report
) -> tuple[str, dict[str, Any]]:
    """A Comtrade+ bulk file's annual exports and imports by HS code (codes with their
    edition from classificationCode; W00 is the world; totals only, never breakdowns)."""
    source = f"read_csv({_literal(str(path))}, header=true, all_varchar=true)"
    try:
        described = database.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as error:
        raise LoadError(
            path, N_("a CSV or tab-separated file"), details=[str(error).splitlines()[0]]
        ) from None
    named = {str(row[0]).lower(): str(row[0]) for row in described}
    missing = [c for c in _COMTRADE if c not in named]
    if missing:
        raise LoadError(
            path,
            N_("UN Comtrade bulk columns {columns}"),
            details=[Phrase(N_("missing {columns}"), columns=", ".join(missing))],
            values={"columns": ", ".join(_COMTRADE)},
        )

    def column(key: str) -> str:
        return '"' + named[key].replace('"', '""') + '"'

    keep = [
        f"coalesce(trim({column(key)}), '') IN ('', {', '.join(map(_literal, totals))})"
        for key, totals in _COMTRADE_TOTALS.items()
        if key in named
    ]
    editions = (
        "CASE "
        + " ".join(
            f"WHEN {column('classificationcode')} = {_literal(code)} THEN {_literal(edition)}"
            for code, edition in comtrade.HS_CODES.items()
        )
        + " END"
    )
    product = f"trim({column('cmdcode')})"
    raw = rf"""
        SELECT CASE WHEN {column("reporteriso")} IN ('W00', 'WLD') THEN 'WLD'
                    ELSE {column("reporteriso")} END AS reporter,
               CASE WHEN {column("partneriso")} IN ('W00', 'WLD') THEN 'WLD'
                    ELSE {column("partneriso")} END AS partner,
               CASE upper({column("flowcode")}) WHEN 'X' THEN 'export' WHEN 'M' THEN 'import'
                    END AS flow,
               CASE WHEN length({product}) % 2 = 1 THEN '0' || {product} ELSE {product} END
                    AS product,
               {editions} AS classification, {column("classificationcode")} AS asked,
               TRY_CAST({column("refyear")} AS INTEGER) AS year,
               TRY_CAST({column("primaryvalue")} AS DOUBLE) AS value
        FROM {source}
        WHERE upper({column("freqcode")}) = 'A' AND upper({column("flowcode")}) IN ('X', 'M')
              AND regexp_full_match({product}, '\d{{1,6}}') {" AND " if keep else ""}
              {" AND ".join(keep)}"""
    checks = database.execute(
        f"""SELECT count(*) FILTER (WHERE classification IS NULL), any_value(asked)
                       FILTER (WHERE classification IS NULL),
                   count(*) FILTER (WHERE value IS NULL OR value < 0),
                   count(*) FILTER (WHERE year IS NULL), count(*)
            FROM ({raw})"""
    ).fetchone()
    assert checks is not None
    unedited, asked, bad_values, bad_years, rows = checks
    if not rows:
        raise LoadError(path, N_("annual export (X) or import (M) rows by HS code"))
    if unedited:
        raise LoadError(
            path,
            N_("codes in one HS edition: a classificationCode from H0 (HS1992) to H6 (HS2022)"),
            found=asked,
        )
    if bad_values or bad_years:
        raise LoadError(
            path,
            N_("a primaryValue of zero or more and a refYear on every row"),
            details=[_rows_without(bad_values + bad_years)],
        )
    countries = pd.DataFrame({"iso3": sorted({*baci.country_codes().values(), "WLD"})})
    database.register("countries", countries)
    unknown = database.execute(
        f"""SELECT code, count(*) FROM (SELECT reporter AS code FROM ({raw}) UNION ALL
                SELECT partner FROM ({raw})) WHERE code NOT IN (SELECT iso3 FROM countries)
            GROUP BY code ORDER BY code"""
    ).fetchall()
    if unknown:
        report.left_out[path.name] = {str(code): int(count) for code, count in unknown}
    source_id = f"{comtrade.DATASET}-{path.stem}".lower()
    select = f"""
        SELECT {_literal(comtrade.DATASET)} AS dataset, reporter, partner, flow, product,
               classification, year, value, CAST(NULL AS DOUBLE) AS quantity,
               {_literal(source_id)} AS source_id
        FROM ({raw})
        WHERE reporter IN (SELECT iso3 FROM countries) AND partner IN (SELECT iso3 FROM countries)
              AND reporter <> partner"""
    years = [int(y) for (y,) in database.execute(f"SELECT DISTINCT year FROM ({raw})").fetchall()]
    cited = tidy.Source(
        source_id=source_id,
        publisher=comtrade.PUBLISHER,
        title=f"UN Comtrade bulk download: annual trade by HS code ({path.name})",
        url=comtrade.URL,
        licence=comtrade.LICENCE,
        kind="database",
        language="en",
        dataset=comtrade.DATASET,
        locator=path.name,
        note=(
            "As each reporter declares its trade: imports CIF, exports FOB; totals only "
            "(breakdowns by second partner, customs procedure and mode of transport, and "
            f"re-exports and re-imports, left out). Years {', '.join(map(str, sorted(years)))}."
        ),
    )
    return select, asdict(cited)


def _publish(database: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Every staged file written sorted twice, then swapped in with a new manifest."""
    staged = sorted((store / STAGING).glob("*.parquet"))
    if not staged:
        raise LoadError(store, N_("at least one staged file"))
    files = "[" + ", ".join(_literal(str(f)) for f in staged) + "]"
    for order, keys in ORDERS.items():
        fresh = store / f"{order}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        database.execute(
            f"COPY (SELECT * FROM read_parquet({files}) ORDER BY {', '.join(keys)}) "
            f"TO {_literal(str(fresh / 'part.parquet'))} "
            f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP}, COMPRESSION zstd)"
        )
    # What the store holds per reporter, for the controls, so that no page scans it: a
    # symmetric dataset's partners are importers as well.
    held = """list(DISTINCT year ORDER BY year) AS years,
              any_value(classification) AS classification, count(*) AS rows"""
    summary = database.execute(
        f"""SELECT dataset, reporter, flow, length(product) AS digits, {held}
            FROM read_parquet({files}) GROUP BY ALL
            UNION ALL
            SELECT dataset, partner, 'import', length(product), {held}
            FROM read_parquet({files}) WHERE dataset = 'baci' AND partner <> 'WLD'
            GROUP BY ALL ORDER BY ALL"""
    ).fetchdf()
    rows = int(summary[summary.flow == "export"]["rows"].sum())
    sources = [
        json.loads(stamp.read_text(encoding="utf-8"))["source"]
        for stamp in sorted((store / STAGING).glob("*.json"))
    ]
    fresh_database = store / f"{DATABASE}.new"
    fresh_database.unlink(missing_ok=True)
    built = _connect(str(fresh_database), store)
    try:
        for order in ORDERS:
            # Read in file order, so each table keeps the sort (and its zone maps).
            built.execute(
                f"CREATE TABLE {order} AS SELECT {typed_columns()} FROM read_parquet("
                f"{_literal(str(store / f'{order}.new' / 'part.parquet'))})"
            )
        # Everything in the file itself, not its write-ahead log, before it is swapped in.
        built.execute("CHECKPOINT")
    finally:
        built.close()
    shutil.rmtree(store / SPILL, ignore_errors=True)
    for order in ORDERS:
        old = store / f"{order}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (store / order).exists():
            (store / order).replace(old)
        (store / f"{order}.new").replace(store / order)
        shutil.rmtree(old, ignore_errors=True)
    fresh_database.replace(store / DATABASE)
    manifest = {
        "rows": rows,
        "summary": [
            {**record, "years": [int(y) for y in record["years"]]}
            for record in summary.drop(columns="rows").to_dict("records")
        ],
        "sources": sources,
    }
    partial = store / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1, default=int), encoding="utf-8")
    partial.replace(store / MANIFEST)
    return rows


def _connect(database: str, store: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB for an ingest: sorting all of BACI (250 M rows) otherwise takes
    20 GB of memory; with a cap it spills to a folder in the store, not wherever the command
    was run from. The files' own progress bar (tqdm) says where the run is."""
    limits: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": os.environ.get("FIGURES_INGEST_MEMORY", "4GB"),
        "temp_directory": str(store / SPILL),
    }
    connection = duckdb.connect(database, config=limits)
    connection.execute("SET enable_progress_bar = false")
    return connection


def typed_columns() -> str:
    """The store's columns cast to their types, for SELECT lists."""
    sql = {"string": "VARCHAR", "int32": "INTEGER", "float64": "DOUBLE"}
    return ", ".join(f"CAST({n} AS {sql[t]}) AS {n}" for n, t in COLUMNS.items())


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
