"""Timing helpers shared by the benchmarks: medians of repeated runs in one process."""

from __future__ import annotations

import statistics
import time


def median_seconds(func, repeat: int) -> float:
    """Median wall time of ``func`` over ``repeat`` runs (after one warm-up)."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(first, second, repeat: int) -> tuple[float, float]:
    """Median times of two functions run alternately, so machine noise hits both alike."""
    first()
    second()
    a, b = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)
