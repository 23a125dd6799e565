"""What finding a file's format by structure costs: loading with --format auto against
loading the same file with its format named, for one real file of each kind.

Prints ratios measured in one process (goal: at most 1.5x; on files that load in a few
milliseconds, detection reads the file a second time, which is most of the ratio). Usage:
    .venv/bin/python bench/bench_detection.py [REALDATA_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from timing import median_seconds

from loaders import detect_format, load

FILES = {
    "bns": "bns/Основные показатели внешней торговли по странам_2022.xls",
    "fcs": "fcs/96stran.xlsx",
    "eurostat": "eurostat/Relational_View_2024-11-17T07_27_28.680Z.csv",
    "comtrade": "comtrade/HS-60a6ad.json",
    "sdmx": "sdmx/IMF/openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml",
    "rates": "rates/eurofxref-hist.csv",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("realdata", nargs="?", type=Path, default=root.parent / "shared/realdata")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.realdata / "bns").is_dir():
        print(f"no real files under {args.realdata}", file=sys.stderr)
        return 2
    print(f"{'format':10} {'named s':>9} {'auto s':>9} {'ratio':>6}")
    ratios = []
    for fmt, relative in FILES.items():
        path = args.realdata / relative
        assert detect_format(path) == fmt, path
        load(path, fmt)  # warm caches (country index, schemas) outside the timing
        named = median_seconds(lambda p=path, f=fmt: load(p, f), args.repeat)
        auto = median_seconds(lambda p=path: load(p), args.repeat)
        ratios.append(auto / named)
        print(f"{fmt:10} {named:9.3f} {auto:9.3f} {auto / named:6.2f}x")
    print(f"median ratio {statistics.median(ratios):.2f}x (goal <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
