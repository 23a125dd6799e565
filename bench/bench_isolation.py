"""Time checking each BNS workbook as an upload (checks and loader in a parse worker) against
loading it in this process with loaders.load.

Prints ratios measured in one process: what isolation costs per file (a fresh worker from
the fork server, the structural checks, the result sent back). Usage:
    .venv/bin/python bench/bench_isolation.py [REALDATA_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from timing import interleaved_medians

from loaders import load
from loaders.guard import Limits
from loaders.upload import check_upload


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("realdata", nargs="?", type=Path, default=root.parent / "shared/realdata")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    files = sorted((args.realdata / "bns").glob("*.xls*"))
    if not files:
        print(f"no BNS workbooks under {args.realdata / 'bns'}", file=sys.stderr)
        return 2
    limits = Limits.from_env()
    print(f"{'workbook':60} {'isolated s':>10} {'in-process s':>12} {'ratio':>6}")
    ratios = []
    for path in files:
        data = path.read_bytes()

        def isolated(path: Path = path, data: bytes = data) -> None:
            report = check_upload(path.name, data, "bench", limits)
            if not report.ok:
                raise SystemExit(f"{path.name}: {report.error}")

        # Alternated, so machine noise hits both; the first call of each (pool start, fork
        # server start, caches) is the warm-up outside the timing.
        checked, loaded = interleaved_medians(isolated, lambda p=path: load(p), args.repeat)
        ratios.append(checked / loaded)
        print(f"{path.name[:60]:60} {checked:10.3f} {loaded:12.3f} {checked / loaded:6.2f}x")
    print(f"median ratio {statistics.median(ratios):.2f}x (isolated check_upload / loaders.load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
