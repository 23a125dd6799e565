"""Command line: `python -m loaders load PATH --out FILE.csv` and `python -m loaders build`."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from pathlib import Path

from loaders import load
from loaders.errors import LoadError
from loaders.formats import LOADERS
from loaders.guard import Limits, check_file
from loaders.tables import to_csv_text, write_table

EXIT_BAD_INPUT = 2


@contextlib.contextmanager
def time_limit(seconds: float, path: Path):
    """Stop reading after ``seconds`` with a LoadError (the command line runs one file in
    its main thread, so an alarm signal is enough)."""

    def expire(signum, frame):
        raise LoadError(
            path,
            f"a file that can be read within {seconds:.0f} seconds",
            details=["set FIGURES_MAX_PARSE_SECONDS to allow longer"],
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("load", help="read one file and write its tidy observations as CSV")
    one.add_argument("path", type=Path)
    one.add_argument("--format", default="auto", choices=["auto", *LOADERS])
    one.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    one.add_argument("--sources-out", type=Path, help="also write the sources rows here")
    build = commands.add_parser("build", help="rebuild data/official from the raw files")
    build.add_argument("--realdata", type=Path, default=Path("../shared/realdata"))
    build.add_argument("--out", type=Path, default=Path("data/official"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for input that cannot be read)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "load":
            limits = Limits.from_env()
            if args.path.is_file():
                check_file(args.path, limits)
            with time_limit(limits.max_seconds, args.path):
                frames = load(args.path, args.format)
            # Both outputs are built before either is written, so a failure writes nothing.
            if args.out is None:
                sys.stdout.write(to_csv_text(frames.observations))
            else:
                write_table(frames.observations, args.out)
            if args.sources_out is not None:
                write_table(frames.sources, args.sources_out)
            if args.out is not None:
                print(
                    f"{args.path.name}: {len(frames.observations)} observations -> {args.out}",
                    file=sys.stderr,
                )
        else:
            from loaders.build import build

            counts = build(args.realdata, args.out)
            for name, count in counts.items():
                print(f"{name}: {count} observations -> {args.out / (name + '.csv')}")
    except LoadError as error:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
