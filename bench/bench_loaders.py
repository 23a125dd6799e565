"""Time each BNS workbook through loaders.bns against a raw pandas.read_excel of the same sheets.

Prints ratios measured in one process (goal: at most 2x). Usage:
    .venv/bin/python bench/bench_loaders.py [REALDATA_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import pandas as pd
from timing import median_seconds

from loaders import bns
from loaders.excel import open_workbook


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("realdata", nargs="?", type=Path, default=root.parent / "shared/realdata")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    files = sorted((args.realdata / "bns").glob("*.xls*"))
    if not files:
        print(f"no BNS workbooks under {args.realdata / 'bns'}", file=sys.stderr)
        return 2
    bns.load(files[0])  # warm caches (country index, pandera schemas) outside the timing
    print(f"{'workbook':60} {'loader s':>9} {'read_excel s':>12} {'ratio':>6}")
    ratios = []
    for path in files:
        sheets = open_workbook(path).sheet_names
        # The baseline reads the same sheets raw: no header detection, no tidying, no checks.
        # pandas has no xlrd here, so it uses the same calamine engine the loader uses.
        baseline = median_seconds(
            lambda p=path, s=sheets: pd.read_excel(p, sheet_name=s, header=None, engine="calamine"),
            args.repeat,
        )
        loader = median_seconds(lambda p=path: bns.load(p), args.repeat)
        ratios.append(loader / baseline)
        print(f"{path.name[:60]:60} {loader:9.3f} {baseline:12.3f} {loader / baseline:6.2f}x")
    print(f"median ratio {statistics.median(ratios):.2f}x (goal <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
