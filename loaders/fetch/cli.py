"""`python -m loaders fetch imf|comtrade|eurostat --reporter KAZ --partner RUS --from 2022-01
--to 2022-05`: official figures from a publisher's own API, kept in the workspace as an
official dataset, or written as tidy CSV with --out.

Progress is one line per request on stderr. Anything that stops a fetch (no network, a
refusal, no figures) is one line on stderr, exit status 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from loaders import fetch as fetch_api
from loaders.errors import LoadError
from loaders.fetch.http import FetchError, session
from loaders.files import atomic_write_text
from loaders.tables import to_csv_text
from loaders.workspace import Workspace

EXIT_REFUSED = 2
# Tests replace this to answer from recorded responses: (cache wanted?) -> session.
SESSION: Callable[[bool], requests.Session] = session


def register(commands: Any) -> None:
    """Add the ``fetch`` command to ``commands`` (an argparse subparsers object)."""
    one = commands.add_parser(
        "fetch",
        help="get official figures from the IMF, UN Comtrade or Eurostat API",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    one.add_argument("publisher", choices=list(fetch_api.PUBLISHERS))
    one.add_argument("--reporter", required=True, help="ISO3 code of the reporter (KAZ)")
    one.add_argument("--partner", required=True, help="ISO3 code or WLD of the partner (RUS)")
    one.add_argument("--from", dest="start", required=True, help="first month or year (2022-01)")
    one.add_argument("--to", dest="end", required=True, help="last month or year (2022-05)")
    one.add_argument("--freq", choices=["M", "A"], help="monthly or annual (default: from --from)")
    one.add_argument("--out", type=Path, help="write tidy observations CSV here, not the workspace")
    one.add_argument("--sources-out", type=Path, help="with --out: also write the sources rows")
    one.add_argument("--name", help="the dataset's name in the workspace")
    one.add_argument("--by", help="who fetches it and owns the dataset (default: you)")
    one.add_argument("--no-cache", action="store_true", help="ask the publisher again")
    one.add_argument(
        "--interval", type=float, default=1.0, help="seconds between requests (default: 1)"
    )
    one.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``fetch`` command; returns the exit status (2 when it could not)."""
    try:
        frames = fetch_api.fetch(
            args.publisher,
            args.reporter,
            args.partner,
            args.start,
            args.end,
            args.freq,
            SESSION(not args.no_cache),
            interval=args.interval,
        )
        what = f"{args.publisher} {args.reporter.upper()}-{args.partner.upper()}"
        if args.out is not None:
            # Both texts are built before either is written: a failure writes nothing.
            texts = {args.out: to_csv_text(frames.observations)}
            if args.sources_out is not None:
                texts[args.sources_out] = to_csv_text(frames.sources)
            for path, text in texts.items():
                atomic_write_text(path, text)
            print(f"{what}: {len(frames.observations)} observations -> {args.out}", file=sys.stderr)
            return 0
        by = args.by or _local_user()
        label = str(frames.sources.url.iloc[0])
        name = args.name or f"{what} {args.start} to {args.end}"
        with Workspace() as space:
            info = space.save(name, frames, label, f"{args.publisher} API", by, how="fetch")
        print(
            f"Kept {info.observations:,} figures from {what} as '{info.name}' (slug {info.slug})."
        )
    except (FetchError, LoadError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def _local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"
