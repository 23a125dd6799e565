"""Bulk product files (CEPII BACI) into a Parquet store sorted for the dashboard's queries:
`python -m loaders ingest baci PATH... --store DIR`, resumable, with a progress bar.

Each file is read by DuckDB straight into a staged Parquet file (country numbers to ISO3,
product codes padded to six digits, thousands of dollars to dollars); a file already staged
with the same size and time is skipped, so an interrupted run picks up where it stopped.
Then every staged file is written twice, sorted by reporter and by partner, into fresh
folders that replace the old ones only once complete: a reader never sees half a store.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from loaders import Frames, baci, schema
from loaders.errors import LoadError

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
SOURCES = "sources.csv"
# The order each copy is written in: a query names the first key, so it reads only the row
# groups of that reporter (or partner), then of that partner (or reporter) and year.
ORDERS = {
    BY_REPORTER: ("reporter", "partner", "year", "product"),
    BY_PARTNER: ("partner", "reporter", "year", "product"),
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
    left_out: dict[str, dict[int, int]] = field(default_factory=dict)


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
            f"a product store written by `python -m loaders ingest` ({MANIFEST}, {BY_REPORTER}/)",
        )
    sources = pd.DataFrame(read_manifest(directory).get("sources", []))
    sources = sources.reindex(columns=schema.TABLES["sources"].column_names)
    return Frames(sources=schema.validate("sources", sources, directory / MANIFEST))


def parquet_glob(directory: Path, order: str) -> str:
    """The files of one sorted copy, as a glob DuckDB reads."""
    return str(directory / order / "*.parquet")


def ingest_baci(
    paths: Iterable[Path],
    store: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda paths: paths,
) -> Report:
    """Stage each BACI file not yet staged, then rewrite the sorted store from all staged
    files. ``progress`` wraps the files (tqdm on the command line)."""
    store.mkdir(parents=True, exist_ok=True)
    staging = store / STAGING
    staging.mkdir(exist_ok=True)
    report = Report()
    database = duckdb.connect(":memory:")
    codes = pd.DataFrame(sorted(baci.country_codes().items()), columns=["number", "iso3"])
    database.register("codes", codes)
    for path in progress(list(paths)):
        if _stage(database, path, staging, report):
            report.staged.append(path.name)
        else:
            report.skipped.append(path.name)
    report.rows = _publish(database, store)
    return report


def _stamp(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {"file": path.name, "size": stat.st_size, "mtime": int(stat.st_mtime)}


def _stage(database: duckdb.DuckDBPyConnection, path: Path, staging: Path, report: Report) -> bool:
    """One BACI file as a staged Parquet file and its source row; False if already done."""
    target = staging / f"{path.stem}.parquet"
    stamp_file = staging / f"{path.stem}.json"
    stamp = _stamp(path)
    done = target.is_file() and stamp_file.is_file()
    if done and json.loads(stamp_file.read_text(encoding="utf-8")).get("stamp") == stamp:
        return False
    plain = f"read_csv({_literal(str(path))}, header=true)"
    # Product codes as text: a code read as a number loses its leading zero.
    source = f"read_csv({_literal(str(path))}, header=true, types={{'k': 'VARCHAR'}})"
    try:
        described = database.execute(f"DESCRIBE SELECT * FROM {plain}").fetchall()
        columns = [row[0] for row in described]
    except duckdb.Error as error:
        raise LoadError(path, "a CSV file", details=[str(error).splitlines()[0]]) from None
    missing = [c for c in ("t", "i", "k", "v") if c not in columns]
    if missing:
        raise LoadError(
            path,
            "BACI columns t, i, k and v (year, exporter, product, value), and j (importer)",
            details=[f"missing {', '.join(missing)}; found {', '.join(columns)}"],
        )
    classification = baci.classification_of(path, columns)
    if classification is None:
        raise LoadError(
            path,
            "the HS edition of the product codes: a BACI file name such as "
            "BACI_HS17_Y2021_V202401.csv, a column such as hs02_desc, or CEPII's "
            "product_codes_HS17_V202401.csv beside the file",
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
            "BACI figures: whole years t, numbers i, j, v",
            details=[str(error).splitlines()[0]],
        ) from None
    assert bad is not None
    for count, expected in zip(
        bad,
        (
            "product codes k of up to six digits",
            "values v of zero or more",
            "a year t on every row",
        ),
        strict=True,
    ):
        if count:
            raise LoadError(path, expected, details=[f"{count} rows do not have them"])
    unknown = database.execute(
        f"SELECT n, count(*) FROM (SELECT i AS n FROM ({raw}) UNION ALL "
        f"SELECT j FROM ({raw}) WHERE j IS NOT NULL) WHERE n NOT IN (SELECT number FROM codes) "
        "GROUP BY n ORDER BY n"
    ).fetchall()
    if unknown:
        report.left_out[path.name] = {int(n): int(c) for n, c in unknown}
    partial = target.with_suffix(".partial")
    database.execute(
        f"""COPY (
            SELECT 'baci' AS dataset, ci.iso3 AS reporter, coalesce(cj.iso3, 'WLD') AS partner,
                   'export' AS flow, r.k AS product, {_literal(classification)} AS classification,
                   r.t AS year, r.v * 1000 AS value, r.q AS quantity,
                   {_literal(source_id)} AS source_id
            FROM ({raw}) r
            JOIN codes ci ON ci.number = r.i
            LEFT JOIN codes cj ON cj.number = r.j
            WHERE r.j IS NULL OR cj.iso3 IS NOT NULL
        ) TO {_literal(str(partial))} (FORMAT parquet)"""
    )
    partial.replace(target)
    years = [int(y) for (y,) in database.execute(f"SELECT DISTINCT t FROM ({raw})").fetchall()]
    cited = asdict(baci.source(path, classification, baci.release_of(path), sorted(years)))
    cited["accessed"] = date.fromtimestamp(stamp["mtime"]).isoformat()
    stamp_file.write_text(json.dumps({"stamp": stamp, "source": cited}), encoding="utf-8")
    return True


def _publish(database: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Every staged file written sorted twice, then swapped in with a new manifest."""
    staged = sorted((store / STAGING).glob("*.parquet"))
    if not staged:
        raise LoadError(store, "at least one staged BACI file")
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
    for order in ORDERS:
        old = store / f"{order}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (store / order).exists():
            (store / order).replace(old)
        (store / f"{order}.new").replace(store / order)
        shutil.rmtree(old, ignore_errors=True)
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
