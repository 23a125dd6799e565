"""Command line: `python -m dashboard check-claims [--out FILE.csv] [--data DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import text
from dashboard.claims import check_claims
from dashboard.store import DATA_DIR, Store, with_workspace
from dashboard.views.claims import claims_table
from loaders.errors import LoadError
from loaders.tables import write_table
from loaders.workspace import Workspace


def main(argv: list[str] | None = None) -> int:
    """Print (or write) the claims table: one row per claim and per comparison."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("check-claims", help="check every press claim against the ledger")
    command.add_argument("--out", type=Path, help="CSV file to write (default: print a table)")
    command.add_argument("--data", type=Path, help="data directory (default: the shipped data)")
    command.add_argument(
        "--official-only",
        action="store_true",
        help="leave out the datasets kept in the workspace ($FIGURES_WORKSPACE)",
    )
    args = parser.parse_args(argv)
    try:
        store = Store.from_dir(args.data or DATA_DIR)
        if not args.official_only:
            # As the app does: the workspace's visible datasets, shown as users' figures.
            with Workspace() as workspace:
                store = with_workspace(store, workspace)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    checks = check_claims(
        store.observations, store.frames.claimed_changes, store.sources, store.coverage
    )
    table = claims_table(checks, store.sources)
    if args.out:
        write_table(table, args.out)
        print(f"{len(checks)} claims, {len(table)} rows -> {args.out}", file=sys.stderr)
        return 0
    for check in checks:
        claim = check.claim
        print(
            f"{claim.source_id}: {claim.period} {claim.flow} "
            f"{text.number(claim.value)} {claim.currency}"
        )
        print(f"  verdict: {check.verdict}")
    shown = table.drop(columns=["claim", "verdict"]).astype(object).fillna("")
    print(shown.to_string(index=False, max_colwidth=70))
    return 0


if __name__ == "__main__":
    sys.exit(main())
