"""Command line: `python -m dashboard check-claims [--out FILE.csv] [--data DIR]` and
`python -m dashboard extract-claims FILE [--published YYYY-MM-DD] [--lang auto|ar|ru|en]
--out OUT.jsonl`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from dashboard import text
from dashboard.claims import check_claims
from dashboard.store import DATA_DIR, Store, with_workspace
from dashboard.views.claims import claims_table
from loaders.errors import LoadError
from loaders.files import atomic_write_text
from loaders.tables import write_table
from loaders.workspace import Workspace

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the exit status (2 for input that cannot be read)."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract-claims", help="find the figure claims of an article (.txt, .html, .docx)"
    )
    extract.add_argument("file", type=Path)
    extract.add_argument("--published", help="the article's date, YYYY-MM-DD ('last year' ...)")
    extract.add_argument("--lang", default="auto", choices=["auto", "ar", "ru", "en"])
    extract.add_argument("--out", type=Path, help="JSON Lines file to write (default: stdout)")
    extract.set_defaults(run=extract_claims)
    command = commands.add_parser("check-claims", help="check every press claim against the ledger")
    command.add_argument("--out", type=Path, help="CSV file to write (default: print a table)")
    command.add_argument("--data", type=Path, help="data directory (default: the shipped data)")
    command.add_argument(
        "--official-only",
        action="store_true",
        help="leave out the datasets kept in the workspace ($FIGURES_WORKSPACE)",
    )
    command.set_defaults(run=check_claims_command)
    args = parser.parse_args(argv)
    return int(args.run(args))


def extract_claims(args: argparse.Namespace) -> int:
    """`extract-claims`: one JSON object per claim; one line and exit 2 for a bad file."""
    from dashboard.extract import extract
    from loaders.documents import read_article

    try:
        published = date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"error: --published: expected YYYY-MM-DD, found {args.published!r}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        text = read_article(args.file)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    claims = extract(text, published=published, lang=args.lang)
    lines = "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in claims)
    if args.out is None:
        sys.stdout.write(lines)
    else:
        atomic_write_text(args.out, lines)
        print(f"{args.file.name}: {len(claims)} claims -> {args.out}", file=sys.stderr)
    return 0


def check_claims_command(args: argparse.Namespace) -> int:
    """Print (or write) the claims table: one row per claim and per comparison."""
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
