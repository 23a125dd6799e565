"""Command line: `python -m loaders load PATH --out FILE.csv`, `python -m loaders build`,
`python -m loaders ingest baci|comtrade PATH... [--store DIR]`,
`python -m loaders fetch imf|comtrade|eurostat --reporter KAZ --partner RUS --from 2022-01
--to 2022-05` and `python -m loaders workspace add|list|remove|hide|show|user ...`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from loaders import load, unmapped, workspace_cli
from loaders.errors import LoadError
from loaders.fetch import cli as fetch_cli
from loaders.formats import LOADERS
from loaders.guard import Limits, read_isolated
from loaders.tables import to_csv_text, write_table

EXIT_BAD_INPUT = 2


def load_command(args: argparse.Namespace) -> int:
    """`load`: one file, checked and read in a worker process (a hostile file costs only
    that process), written as tidy CSV: its observations, or the rates of a rates file.

    Figures whose country name is unknown are left out and reported on stderr, one line
    each (exit 0: the rest loaded); ``--strict`` refuses the file instead (exit 2)."""
    frames = read_isolated(
        args.path, load, (args.path, args.format, args.strict), Limits.from_env()
    )
    # A file of exchange rates (the ECB's) holds rates, not observations: write what it holds.
    name = "rates" if frames.observations.empty and len(frames.rates) else "observations"
    table = getattr(frames, name)
    # Both outputs are built before either is written, so a failure writes nothing.
    if args.out is None:
        sys.stdout.write(to_csv_text(table))
    else:
        write_table(table, args.out)
    if args.sources_out is not None:
        write_table(frames.sources, args.sources_out)
    for line in unmapped.lines(frames.unmapped, frames.observations):
        print(f"warning: {args.path.name}: {line}", file=sys.stderr)
    if args.out is not None:
        print(f"{args.path.name}: {len(table)} {name} -> {args.out}", file=sys.stderr)
    return 0


def build_command(args: argparse.Namespace) -> int:
    """`build`: data/official from the raw official files (trusted, read in this process)."""
    from loaders.build import GROUPS, build

    counts = build(args.realdata, args.out)
    for name, count in counts.items():
        print(f"{name}: {count} {GROUPS[name].table} -> {args.out / (name + '.csv')}")
    return 0


def ingest_command(args: argparse.Namespace) -> int:
    """`ingest baci|comtrade PATH...`: bulk product files into the Parquet store the dashboard's
    Products page reads (resumable: files already staged unchanged are skipped)."""
    from tqdm import tqdm

    from loaders.ingest import ingest_baci, ingest_comtrade

    def progress(paths):
        return tqdm(paths, desc="staging", unit="file", disable=args.quiet or None)

    ingest = {"baci": ingest_baci, "comtrade": ingest_comtrade}[args.kind]
    report = ingest(args.paths, args.store, progress)
    for name, numbers in report.left_out.items():
        listed = ", ".join(f"{n} ({rows} rows)" for n, rows in sorted(numbers.items())[:12])
        print(
            f"warning: {name}: country codes no catalogue knows, left out: {listed}",
            file=sys.stderr,
        )
    print(
        f"{len(report.staged)} staged, {len(report.skipped)} already staged; "
        f"{report.rows:,} rows -> {args.store}",
        file=sys.stderr,
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    # Each command names the function that runs it and returns the exit status
    # (set_defaults(run=...)).
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser(
        "load", help="read one file and write its tidy observations (or rates) as CSV"
    )
    one.add_argument("path", type=Path)
    one.add_argument("--format", default="auto", choices=["auto", *LOADERS])
    one.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    one.add_argument("--sources-out", type=Path, help="also write the sources rows here")
    one.add_argument(
        "--strict",
        action="store_true",
        help="refuse the file when a country name is unknown (default: leave those rows out "
        "and list them)",
    )
    one.set_defaults(run=load_command)
    build = commands.add_parser("build", help="rebuild data/official from the raw files")
    build.add_argument("--realdata", type=Path, default=Path("../shared/realdata"))
    build.add_argument("--out", type=Path, default=Path("data/official"))
    build.set_defaults(run=build_command)
    bulk = commands.add_parser(
        "ingest",
        help="bulk product files (CEPII BACI, UN Comtrade bulk) into the dashboard's Parquet store",
    )
    bulk.add_argument("kind", choices=["baci", "comtrade"])
    bulk.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    bulk.add_argument(
        "--store",
        type=Path,
        default=Path(os.environ.get("FIGURES_BULK_DIR") or "data/bulk"),
        help="the store's folder (default: $FIGURES_BULK_DIR, else data/bulk)",
    )
    bulk.add_argument("--quiet", action="store_true", help="no progress bar")
    bulk.set_defaults(run=ingest_command)
    fetch_cli.register(commands)
    workspace_cli.register(commands)
    commands.choices["workspace"].set_defaults(run=workspace_cli.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for input that cannot be read)."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except LoadError as error:
        if args.debug and error.__cause__ is not None:
            # Raised in a worker process: the cause holds the traceback it had there.
            print(error.__cause__, file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BaseException as error:  # a bug, an unforeseen input or a panic in a parser
        if args.debug:
            raise
        target = getattr(args, "path", None) or getattr(args, "realdata", "")
        print(
            f"error: {Path(str(target)).name}: could not be read "
            f"({type(error).__name__}: {' '.join(str(error).split())[:200]}); "
            "rerun with --debug for details",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
