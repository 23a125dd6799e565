"""The product ledger at BACI scale: ingest throughput, the dashboard's four product queries
on DuckDB over the bulk store (its products.duckdb, opened read-only) against the same
queries in pandas, and the memory each side holds. Ratios are measured in one process,
against a baseline run beside them.

1. A synthetic BACI release (t,i,j,k,v,q CSV files split by year, BACI_HS17_Y2019_V202401.csv
   ...) with Zipf-like exporters, importers and products, written by DuckDB SQL from range()
   and hash() (deterministic for a --seed): a few big reporters, many small flows.
2. loaders.ingest.ingest_baci on those files: rows per second.
3. pair_series, partner_ranking, product_breakdown and product_partners through
   dashboard.engine.Products (an empty rows frame plus the store) against boolean masks and
   groupby on one pandas DataFrame of the same rows (string columns, read from the store's
   Parquet, as the dashboard's small ledger is held today), over big and small reporters and
   partners: the answers must be equal (after tidy_result, values to 1e-9), then the median
   time of each query and the ratio pandas / DuckDB (goal: >= 20x).
4. Peak RSS of each side in a fresh process of its own (ru_maxrss and VmHWM, less the RSS
   right after the imports): goal DuckDB <= 1/5 of pandas.

With --rows 250_000_000 pandas is skipped (250 M rows do not fit in memory here): each query
should take <= 50 ms on 2 cores and the DuckDB process hold < 0.5 GB.

Files go to --dir (default $FIGURES_BENCH_DIR, else <temp>/figures-bench-bulk/rows-N-seed-S,
outside the repo);
--reuse keeps files and a store generated earlier with the same settings.
loaders.baci.country_codes() maps BACI country numbers to ISO3 (--fake-codes: a pycountry
stand-in, in this process only).

Usage: nice -n 19 .venv/bin/python bench/bench_bulk.py [--rows N] [--dir DIR] [--reuse]
       [--repeat N] [--seed N] [--years N] [--fake-codes]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pycountry
from pandas.testing import assert_frame_equal

import loaders
from dashboard import engine
from loaders import ingest

try:  # beside this script when run; bench.timing when the tests import bench.bench_bulk
    timing = importlib.import_module("timing")
except ImportError:
    timing = importlib.import_module("bench.timing")
interleaved_medians, median_seconds = timing.interleaved_medians, timing.median_seconds

SCRATCH = Path(
    os.environ.get("FIGURES_BENCH_DIR") or Path(tempfile.gettempdir()) / "figures-bench-bulk"
)
LAST_YEAR = 2022
RELEASE = "V202401"
# Zipf exponents: rows per exporter, per importer and per product (flatter for products).
SKEW = {"exporter": 0.9, "importer": 0.7, "product": 0.6}
# Exporters first, by size; the other countries follow in an order drawn from the seed.
BIG = ["CHN", "USA", "DEU", "JPN", "KOR", "FRA", "ITA", "NLD", "GBR", "IND", "MEX", "CAN"]
GOAL_RATIO, GOAL_MS, GOAL_MEMORY, GOAL_RSS_GB = 20.0, 50.0, 1 / 5, 0.5
PANDAS_LIMIT = 50_000_000  # rows above which the pandas side is skipped (it cannot load them)


# -- country codes -------------------------------------------------------------------------


def install_fake_codes() -> None:
    """--fake-codes: loaders.baci.country_codes() replaced, in this process only, by ISO 3166
    numeric -> alpha-3 from pycountry (a stand-in module if loaders/baci.py is missing)."""
    try:
        from loaders import baci
    except ImportError:
        baci = types.ModuleType("loaders.baci")
        sys.modules["loaders.baci"] = baci
        loaders.baci = baci
    baci.country_codes = lambda: {int(c.numeric): c.alpha_3 for c in pycountry.countries}
    print("--fake-codes: loaders.baci.country_codes is a pycountry stand-in in this process")


def country_codes(fake: bool) -> dict[int, str]:
    """BACI country number -> ISO3, from loaders.baci (or the --fake-codes stand-in)."""
    if fake:
        install_fake_codes()
    try:
        from loaders import baci
    except ImportError:
        sys.exit(
            "loaders/baci.py (country_codes) is missing: it is being written; pass "
            "--fake-codes to run with a pycountry stand-in meanwhile"
        )
    return dict(baci.country_codes())


# -- the synthetic release -----------------------------------------------------------------


def countries(codes: dict[int, str], count: int, seed: int) -> pd.DataFrame:
    """``count`` countries by rank (0 = largest exporter): pycountry's ISO 3166 numbers that
    ``codes`` knows, the big traders first, then the rest in an order drawn from ``seed``."""
    numbers = {c.alpha_3: int(c.numeric) for c in pycountry.countries if int(c.numeric) in codes}
    big = [numbers[a] for a in BIG if a in numbers]
    rest = sorted(set(numbers.values()) - set(big))
    random.Random(seed).shuffle(rest)
    chosen = (big + rest)[:count]
    return pd.DataFrame({"rank": range(len(chosen)), "number": chosen})


def hs6_codes(count: int, seed: int) -> pd.DataFrame:
    """``count`` distinct HS6 codes shaped like the nomenclature's (chapter 01-97 but 77,
    heading, subheading), by rank (0 = most traded), as integers (010121 is 10121)."""
    rng = random.Random(seed)
    chapters = [c for c in range(1, 98) if c != 77]
    subheadings = [10, 11, 12, 19, 20, 21, 22, 29, 30, 31, 39, 40, 41, 49, 50, 60, 80, 90, 99]
    codes: set[int] = set()
    while len(codes) < count:
        codes.add(
            rng.choice(chapters) * 10_000 + rng.randint(1, 40) * 100 + rng.choice(subheadings)
        )
    ordered = sorted(codes)
    rng.shuffle(ordered)
    return pd.DataFrame({"rank": range(count), "code": ordered})


def _edition(first_year: int) -> str:
    """The newest HS edition whose BACI release starts by ``first_year`` (HS92 at worst)."""
    starts = {"92": 1995, "96": 1996, "02": 2002, "07": 2007, "12": 2012, "17": 2017}
    return max(((s, e) for e, s in starts.items() if s <= first_year), default=(0, "92"))[1]


def _zipf_rank(u: str, count: int, skew: float) -> str:
    """SQL: a rank in [0, count) from a uniform ``u`` by the inverse of a continuous Zipf law
    (P(rank r) ~ 1 / (r + 1) ** skew), so no join is needed per row."""
    scale = (count + 1) ** (1 - skew) - 1
    return f"least({count - 1}, floor(pow(1 + {u} * {scale!r}, {1 / (1 - skew)!r}))::INTEGER - 1)"


def _uniform(seed: int, year: int, index: str, salt: int) -> str:
    """SQL: a pseudo-random double in (0, 1) from the row number ``index``: DuckDB's hash of
    one integer (the row plus an offset drawn from seed, year and salt; hash() of several
    values combines them too weakly: draws of two salts would be correlated)."""
    offset = random.Random(f"{seed}/{year}/{salt}").getrandbits(62)
    return f"((hash({index} + {offset})::DOUBLE + 0.5) / 18446744073709551616.0)"


def _normal(seed: int, year: int, first: int, second: int) -> str:
    """SQL: a standard normal draw for the kept row ``first`` (Box-Muller of two uniforms)."""
    u, v = (_uniform(seed, year, "first", salt) for salt in (first, second))
    return f"(sqrt(-2 * ln({u})) * cos(2 * pi() * {v}))"


def generate(
    directory: Path,
    rows: int,
    years: int,
    seed: int,
    codes: dict[int, str],
    n_countries: int,
    n_products: int,
) -> list[Path]:
    """A BACI release of ``rows`` flows over ``years`` years in ``directory``/csv, one file a
    year. Each year draws candidate (exporter, importer, product) triples by Zipf rank, keeps
    each triple once (BACI has one row per t, i, j, k), and the first ``rows / years`` of them
    in draw order; values in thousands of dollars (3 decimals, log-normal, larger for bigger
    ranks) and tonnes, blank for 8% of rows; k without its leading zero on half the rows."""
    out = directory / "csv"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    first_year = LAST_YEAR - years + 1
    edition = _edition(first_year)
    database = duckdb.connect(
        ":memory:",
        config={"threads": 2, "memory_limit": "4GB", "temp_directory": str(directory / "tmp")},
    )
    database.register("country_frame", countries(codes, n_countries, seed))
    database.register("product_frame", hs6_codes(n_products, seed))
    database.execute("CREATE TABLE country AS SELECT * FROM country_frame")
    database.execute("CREATE TABLE product AS SELECT * FROM product_frame")
    nc = database.execute("SELECT count(*) FROM country").fetchone()[0]  # type: ignore[index]
    paths = []
    over = 1.3  # draws per row kept (self-pairs and repeated triples are dropped)
    for n, year in enumerate(range(first_year, LAST_YEAR + 1)):
        wanted = rows // years + (1 if n < rows % years else 0)
        while True:
            database.execute(
                f"""CREATE OR REPLACE TEMP TABLE keys AS
                SELECT ri, rj, rk, min(idx) AS first FROM (
                    SELECT idx,
                        {_zipf_rank(_uniform(seed, year, "idx", 1), nc, SKEW["exporter"])} AS ri,
                        {_zipf_rank(_uniform(seed, year, "idx", 2), nc, SKEW["importer"])} AS rj,
                        {_zipf_rank(_uniform(seed, year, "idx", 3), n_products, SKEW["product"])}
                            AS rk
                    FROM range({math.ceil(wanted * over)}) r(idx)
                ) WHERE ri <> rj GROUP BY ri, rj, rk"""
            )
            got = database.execute("SELECT count(*) FROM keys").fetchone()[0]  # type: ignore[index]
            if got >= wanted:
                break
            over *= 1.25 * wanted / max(got, 1)
        log_v = (
            "(3.5 - 0.35 * ln(1 + ri) - 0.25 * ln(1 + rj) - 0.15 * ln(1 + rk)"
            f" + 2.2 * {_normal(seed, year, 5, 6)})"
        )
        padded, blank = (_uniform(seed, year, "first", salt) for salt in (4, 7))
        tonnes = f"round(v * exp(-1 + 1.5 * {_normal(seed, year, 8, 9)}), 3)"
        path = out / f"BACI_HS{edition}_Y{year}_{RELEASE}.csv"
        database.execute(
            f"""COPY (
                SELECT {year} AS t, ci.number AS i, cj.number AS j,
                    CASE WHEN {padded} < 0.5 THEN lpad(p.code::VARCHAR, 6, '0')
                         ELSE p.code::VARCHAR END AS k,
                    printf('%.3f', v) AS v,
                    CASE WHEN {blank} < 0.08 THEN NULL ELSE printf('%.3f', {tonnes}) END AS q
                FROM (SELECT *, greatest(0.001, round(exp({log_v}), 3)) AS v
                      FROM (SELECT * FROM keys ORDER BY first LIMIT {wanted})) s
                JOIN country ci ON ci.rank = s.ri
                JOIN country cj ON cj.rank = s.rj
                JOIN product p ON p.rank = s.rk
                ORDER BY i, j, p.code
            ) TO '{path}' (HEADER, DELIMITER ',')"""
        )
        paths.append(path)
        print(f"  generated {path.name}: {wanted:,} rows ({over:.2f} draws a row)", flush=True)
    database.close()
    shutil.rmtree(directory / "tmp", ignore_errors=True)
    return paths


# -- ingest ----------------------------------------------------------------------------------


def run_ingest(paths: list[Path], store: Path, memory_limit: str | None = None) -> dict[str, Any]:
    """loaders.ingest.ingest_baci on ``paths`` into ``store``: seconds to stage the files, to
    publish the sorted copies, rows and rows per second. A store whose staging is there (an
    interrupted run) is resumed: its files are not staged again (stage time then excludes
    them). ``memory_limit`` (--ingest-memory-limit): SET on the ingest's DuckDB connection,
    in this process only (the ingest sets none: DuckDB takes 80% of the machine's memory)."""
    from tqdm import tqdm

    staged_before = len(list((store / ingest.STAGING).glob("*.json")))
    if not staged_before:
        shutil.rmtree(store, ignore_errors=True)
    marks: dict[str, float] = {}

    def progress(files: Iterable[Path]) -> Iterator[Path]:
        yield from tqdm(files, desc="ingest (stage)", unit="file")
        marks["staged"] = time.perf_counter()

    real_connect = duckdb.connect

    def capped_connect(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        connection = real_connect(*args, **kwargs)
        connection.execute(f"SET memory_limit = '{memory_limit}'")
        return connection

    here = Path.cwd()
    os.chdir(store.parent)  # DuckDB spills an in-memory database to ./.tmp: not in the repo
    if memory_limit:
        duckdb.connect = capped_connect
    try:
        start = time.perf_counter()
        report = ingest.ingest_baci(paths, store, progress)
        end = time.perf_counter()
    finally:
        duckdb.connect = real_connect
        os.chdir(here)
    return {
        "rows": report.rows,
        "seconds": end - start,
        "stage_seconds": marks["staged"] - start,
        "publish_seconds": end - marks["staged"],
        "csv_bytes": sum(p.stat().st_size for p in paths),
        "left_out": sum(sum(c.values()) for c in report.left_out.values()),
        "resumed_files": staged_before,
        "memory_limit": memory_limit,
    }


# -- the queries' parameters -----------------------------------------------------------------


def pick_params(store: Path, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Each query's parameter sets: two big and two small reporters (drawn from the seed),
    each once as exporter and once as importer, with their biggest and a small partner, the
    latest year, and HS codes they trade (a chapter, a heading, a subheading)."""
    database = duckdb.connect(":memory:")
    files = ingest.parquet_glob(store, ingest.BY_REPORTER)
    database.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{files}')")
    sizes = [
        r
        for (r,) in database.execute(
            "SELECT reporter FROM t GROUP BY reporter ORDER BY count(*) DESC, reporter"
        ).fetchall()
    ]
    year = database.execute("SELECT max(year) FROM t").fetchone()[0]  # type: ignore[index]
    rng = random.Random(seed)
    big = rng.sample(sizes[:5], 2)
    small = rng.sample(sizes[len(sizes) // 2 : len(sizes) * 9 // 10], 2)
    sets: dict[str, list[dict[str, Any]]] = {name: [] for name in engine.QUERIES}
    common = {"dataset": "baci", "digits": 6}
    for reporter, flow, size in (
        (big[0], "export", "big"),
        (big[1], "import", "big"),
        (small[0], "export", "small"),
        (small[1], "import", "small"),
    ):
        own, other = ("reporter", "partner") if flow == "export" else ("partner", "reporter")
        partners = [
            p
            for (p,) in database.execute(
                f"SELECT {other} FROM t WHERE {own} = ? AND year = ? GROUP BY {other} "
                f"ORDER BY count(*) DESC, {other}",
                [reporter, year],
            ).fetchall()
        ]
        top_product = database.execute(
            f"SELECT product FROM t WHERE {own} = ? AND year = ? GROUP BY product "
            "ORDER BY count(*) DESC, product LIMIT 1",
            [reporter, year],
        ).fetchone()[0]  # type: ignore[index]
        small_partner = partners[len(partners) * 3 // 4]
        label = f"{size} {reporter} {flow}"
        base = {**common, "reporter": reporter, "flow": flow}
        for partner in (partners[0], small_partner):
            sets["pair_series"].append({**base, "partner": partner, "_label": f"{label} {partner}"})
        sets["partner_ranking"].append({**base, "year": year, "_label": label})
        heading = top_product[:4]
        sets["product_breakdown"] += [
            {
                **base,
                "partner": partners[0],
                "year": year,
                "level": 2,
                "within": "",
                "_label": f"{label} {partners[0]} chapters",
            },
            {
                **base,
                "partner": partners[0],
                "year": year,
                "level": 4,
                "within": heading[:2],
                "_label": f"{label} {partners[0]} in {heading[:2]}",
            },
            {
                **base,
                "partner": partners[0],
                "year": year,
                "level": 6,
                "within": heading,
                "_label": f"{label} {partners[0]} in {heading}",
            },
            {
                **base,
                "partner": None,
                "year": year,
                "level": 2,
                "within": "",
                "_label": f"{label} every partner, chapters",
            },
        ]
        sets["product_partners"] += [
            {**base, "code": code, "year": year - 1, "_label": f"{label} {code}"}
            for code in (top_product[:2], top_product[:4], top_product)
        ]
    database.close()
    return sets


def _args(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if not k.startswith("_")}


# -- the pandas baseline ---------------------------------------------------------------------


def load_pandas(store: Path) -> pd.DataFrame:
    """The store's rows in one DataFrame with string columns, as the small ledger holds them."""
    return pd.read_parquet(store / ingest.BY_REPORTER)


def _pandas_rows(
    frame: pd.DataFrame,
    dataset: str,
    flow: str,
    reporter: str,
    partner: str | None,
    digits: int,
) -> pd.DataFrame:
    """engine._rows with boolean masks (the reporter's mask first, the rest on its rows)."""
    own, other = ("reporter", "partner")
    if flow == "import" and dataset in engine.SYMMETRIC:
        own, other, flow = "partner", "reporter", "export"
    rows = frame[frame[own] == reporter]
    keep = (rows.dataset == dataset) & (rows.flow == flow)
    keep &= rows[other] == partner if partner is not None else rows[other] != engine.WORLD
    rows = rows[keep & (rows["product"].str.len() == digits)]
    rows = rows.rename(columns={own: "reporter", other: "partner"})
    return rows[["reporter", "partner", "product", "year", "value", "source_id"]]


def _pandas_query(frame: pd.DataFrame, name: str, params: dict[str, Any]) -> pd.DataFrame:
    """engine.QUERIES[name] in pandas: masks, groupby, sort_values."""
    p = params
    partner = p.get("partner") if name in ("pair_series", "product_breakdown") else None
    rows = _pandas_rows(frame, p["dataset"], p["flow"], p["reporter"], partner, p["digits"])
    if name == "pair_series":
        return rows.groupby("year", as_index=False).agg(value=("value", "sum")).sort_values("year")
    if name == "partner_ranking":
        this_year = rows[rows.year == p["year"]]
        summed = this_year.groupby("partner", as_index=False).agg(value=("value", "sum"))
        return summed.sort_values(["value", "partner"], ascending=[False, True])
    if name == "product_breakdown":
        keep = rows.year.isin([p["year"] - 1, p["year"]])
        if p.get("within"):
            keep &= rows["product"].str.startswith(p["within"])
        rows = rows[keep]
        rows = rows.assign(code=rows["product"].str[: p["level"]])
        keys = ["code", "year", "source_id"]
        summed = rows.groupby(keys, as_index=False).agg(value=("value", "sum"))
        return summed.sort_values(
            ["year", "value", "code", "source_id"], ascending=[True, False, True, True]
        )
    rows = rows[(rows.year == p["year"]) & rows["product"].str.startswith(p["code"])]
    summed = rows.groupby(["partner", "source_id"], as_index=False).agg(value=("value", "sum"))
    return summed.sort_values(["value", "partner", "source_id"], ascending=[False, True, True])


def pandas_run(frame: pd.DataFrame, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return engine.tidy_result(_pandas_query(frame, name, _args(params)))


def products(store: Path) -> engine.Products:
    """The dashboard's engine over the store alone (no loaded product rows)."""
    empty = pd.DataFrame({n: pd.Series(dtype=_pandas_dtype(t)) for n, t in ingest.COLUMNS.items()})
    return engine.Products(empty, bulk_dir=store)


def _pandas_dtype(ibis_type: str) -> str:
    return {"string": "object", "int32": "int32", "float64": "float64"}[ibis_type]


# -- timing ----------------------------------------------------------------------------------


def check_answers(
    ledger: engine.Products, frame: pd.DataFrame, sets: dict[str, list[dict[str, Any]]]
) -> int:
    """Every parameter set's answer from DuckDB equal to pandas' (SystemExit if not)."""
    checked = 0
    for name, params_list in sets.items():
        for params in params_list:
            ours, theirs = ledger.run(name, **_args(params)), pandas_run(frame, name, params)
            try:
                assert_frame_equal(ours, theirs, check_exact=False, rtol=1e-9)
            except AssertionError as error:
                raise SystemExit(f"{name} {params['_label']}: answers differ\n{error}") from None
            checked += 1
    return checked


def bench_queries(
    store: Path, sets: dict[str, list[dict[str, Any]]], repeat: int, with_pandas: bool
) -> dict[str, dict[str, float]]:
    """Equal answers first, then per query the median of each parameter set's median time."""
    ledger = products(store)
    frame = load_pandas(store) if with_pandas else None
    if frame is not None:
        checked = check_answers(ledger, frame, sets)
        print(f"equal answers (assert_frame_equal, rtol 1e-9): {checked} parameter sets")
    results: dict[str, dict[str, float]] = {}
    header = f"{'query':18} {'sets':>4} {'duckdb ms':>10} {'slowest':>8}"
    if frame is not None:
        header += f" {'pandas ms':>10} {'ratio':>7}  goal >= {GOAL_RATIO:.0f}x"
    else:
        header += f"  goal <= {GOAL_MS:.0f} ms"
    print(header)
    for name, params_list in sets.items():
        ours_ms, theirs_ms = [], []
        for params in params_list:

            def duck(n: str = name, p: dict[str, Any] = params) -> pd.DataFrame:
                return ledger.run(n, **_args(p))

            if frame is not None:

                def base(n: str = name, p: dict[str, Any] = params) -> pd.DataFrame:
                    return pandas_run(frame, n, p)

                a, b = interleaved_medians(duck, base, repeat)
                theirs_ms.append(b * 1000)
            else:
                a = median_seconds(duck, repeat)
            ours_ms.append(a * 1000)
        row = {"duckdb_ms": statistics.median(ours_ms), "slowest_ms": max(ours_ms)}
        line = f"{name:18} {len(params_list):4} {row['duckdb_ms']:10.1f} {row['slowest_ms']:8.1f}"
        if theirs_ms:
            row["pandas_ms"] = statistics.median(theirs_ms)
            row["ratio"] = row["pandas_ms"] / row["duckdb_ms"]
            ok = "ok" if row["ratio"] >= GOAL_RATIO else "MISSED"
            line += f" {row['pandas_ms']:10.1f} {row['ratio']:6.1f}x  {ok}"
        else:
            line += "  " + ("ok" if row["slowest_ms"] <= GOAL_MS else "MISSED")
        print(line, flush=True)
        slowest = max(range(len(ours_ms)), key=ours_ms.__getitem__)
        print(f"{'':23}slowest set: {params_list[slowest]['_label']}")
        results[name] = row
    return results


# -- memory, each side in a fresh process ------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def side_main(side: str, store: Path, params_file: Path) -> None:
    """--side pandas|duckdb: load one side, run every query set 3 times, print RSS in kB."""
    after_imports = _status_kb("VmRSS")
    sets = json.loads(params_file.read_text())
    if side == "pandas":
        frame = load_pandas(store)
        run: Callable[..., pd.DataFrame] = lambda name, p: pandas_run(frame, name, p)  # noqa: E731
    else:
        ledger = products(store)
        run = lambda name, p: ledger.run(name, **_args(p))  # noqa: E731
    for _ in range(3):
        for name, params_list in sets.items():
            for params in params_list:
                run(name, params)
    print(
        json.dumps(
            {
                "after_imports_kb": after_imports,
                "rss_kb": _status_kb("VmRSS"),
                "hwm_kb": _status_kb("VmHWM"),
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


def bench_memory(store: Path, params_file: Path, sides: list[str]) -> dict[str, dict[str, int]]:
    """Each side in a fresh process of this script (--side): peak RSS above the imports."""
    found = {}
    print(f"{'memory':8} {'after imports':>14} {'peak VmHWM':>11} {'ru_maxrss':>10} {'held':>9}")
    print(f"{'':8} (each side in a fresh process; held = VmHWM - RSS after imports)")
    for side in sides:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--side",
                side,
                "--dir",
                str(store.parent),
                "--params-file",
                str(params_file),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"--side {side} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        # ru_maxrss survives exec (it may be this parent's peak): VmHWM is the child's own.
        row["held_kb"] = row["hwm_kb"] - row["after_imports_kb"]
        found[side] = row
        print(
            f"{side:8} {row['after_imports_kb'] / 1024:11,.0f} MB {row['hwm_kb'] / 1024:8,.0f} MB"
            f" {row['maxrss_kb'] / 1024:7,.0f} MB {row['held_kb'] / 1024:6,.0f} MB",
            flush=True,
        )
    if len(found) == 2:
        ratio = found["duckdb"]["held_kb"] / found["pandas"]["held_kb"]
        ok = "ok" if ratio <= GOAL_MEMORY else "MISSED"
        print(f"memory held duckdb / pandas: {ratio:.3f} (goal <= {GOAL_MEMORY:.2f}) {ok}")
    else:
        peak_gb = found["duckdb"]["hwm_kb"] / 1024**2
        ok = "ok" if peak_gb < GOAL_RSS_GB else "MISSED"
        print(f"duckdb process peak RSS {peak_gb:.2f} GB (goal < {GOAL_RSS_GB} GB) {ok}")
    return found


# -- main ------------------------------------------------------------------------------------


def _disk(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())


def prepare(args: argparse.Namespace, directory: Path) -> tuple[Path, dict[str, Any]]:
    """The CSV files and the store in ``directory`` (reused if --reuse and made alike)."""
    codes = country_codes(args.fake_codes)
    drawn = countries(codes, args.countries, args.seed).number
    settings = {
        "rows": args.rows,
        "years": args.years,
        "seed": args.seed,
        "countries": args.countries,
        "products": args.products,
        # The store's ISO3 codes: the same files ingest alike with the same mapping.
        "codes": hashlib.sha256(str([(n, codes[n]) for n in drawn]).encode()).hexdigest()[:16],
    }
    meta = directory / "generator.json"
    store = directory / "store"
    reuse = args.reuse and meta.is_file() and json.loads(meta.read_text()) == settings
    if reuse:
        paths = sorted((directory / "csv").glob("BACI_*.csv"))
        print(f"reusing {len(paths)} CSV files in {directory / 'csv'}")
    else:
        directory.mkdir(parents=True, exist_ok=True)
        meta.unlink(missing_ok=True)
        (directory / "ingest.json").unlink(missing_ok=True)
        shutil.rmtree(store, ignore_errors=True)
        start = time.perf_counter()
        paths = generate(
            directory, args.rows, args.years, args.seed, codes, args.countries, args.products
        )
        meta.write_text(json.dumps(settings))
        print(f"generated {args.rows:,} rows in {time.perf_counter() - start:.0f} s")
    recorded = directory / "ingest.json"
    if reuse and recorded.is_file() and ingest.is_store(store):
        timing = json.loads(recorded.read_text())
        print("reusing the store; ingest as measured when it was written:")
    else:
        timing = run_ingest(paths, store, args.ingest_memory_limit)
        recorded.write_text(json.dumps(timing))
    if timing.get("resumed_files"):
        print(
            f"ingest resumed: {timing['resumed_files']} files were staged by an earlier run "
            "(not timed here: rows/s below is for publishing only)"
        )
    if timing.get("memory_limit"):
        print(f"ingest DuckDB memory_limit {timing['memory_limit']} (--ingest-memory-limit)")
    print(
        f"ingest {timing['rows']:,} rows ({len(paths)} files, {timing['csv_bytes'] / 1e6:,.0f} MB"
        f" CSV) in {timing['seconds']:.1f} s = {timing['rows'] / timing['seconds']:,.0f} rows/s"
        f" (stage {timing['stage_seconds']:.1f} s, publish sorted copies"
        f" {timing['publish_seconds']:.1f} s; {timing['left_out']:,} rows left out)"
    )
    return store, timing


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=10_000_000)
    parser.add_argument("--years", type=int, default=0, help="default: one per 10 M rows, >= 5")
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--dir", type=Path, help=f"work dir (default under {SCRATCH})")
    parser.add_argument("--reuse", action="store_true", help="keep files made alike before")
    parser.add_argument(
        "--fake-codes",
        action="store_true",
        help="stand-in loaders.baci.country_codes from pycountry, in this process only",
    )
    parser.add_argument(
        "--ingest-memory-limit",
        help="SET memory_limit on the ingest's DuckDB connection, e.g. 6GB (default: as is)",
    )
    parser.add_argument("--side", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--params-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side_main(args.side, args.dir / "store", args.params_file)
        return 0
    args.years = args.years or min(28, max(5, args.rows // 10_000_000))
    directory = args.dir or SCRATCH / f"rows-{args.rows}-seed-{args.seed}"
    print(f"work dir {directory}; {duckdb.__version__=}, {os.cpu_count()} cores")
    store, timing = prepare(args, directory)
    sets = pick_params(store, args.seed)
    params_file = directory / "params.json"
    params_file.write_text(json.dumps(sets))
    with_pandas = args.rows <= PANDAS_LIMIT
    if not with_pandas:
        print(f"pandas baseline skipped: {args.rows:,} rows do not fit in memory here")
    # Memory first, while this process is small (a child's ru_maxrss starts from it).
    memory = bench_memory(store, params_file, ["pandas", "duckdb"] if with_pandas else ["duckdb"])
    queries = bench_queries(store, sets, args.repeat, with_pandas)
    print(f"disk: {_disk(directory) / 1e9:.2f} GB in {directory}")
    print(
        json.dumps(
            {
                "ingest_rows_per_s": round(timing["rows"] / timing["seconds"]),
                **{f"{k}_{m}": round(v, 2) for k, row in queries.items() for m, v in row.items()},
                **{f"{s}_held_mb": round(m["held_kb"] / 1024) for s, m in memory.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
