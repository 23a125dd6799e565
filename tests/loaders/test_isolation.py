"""Parse workers: memory, CPU and time limits; a worker that dies is one LoadError and the
next file reads; at most max_workers at once; workers fork from a preloaded server, not from
the process that asks, and a forked child gets workers of its own."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from loaders import guard
from loaders.errors import LoadError

LIMITS = guard.Limits(max_seconds=10)
OUT_OF_MEMORY = r"^big.xlsx: expected a file that can be read within 2,048 MB of memory \("


def _limits_inside() -> tuple[tuple[int, int], tuple[int, int]]:
    return resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CPU)


def test_workers_run_under_the_memory_and_cpu_limits():
    limits = guard.Limits(max_seconds=10, max_memory_mb=1024)
    memory, cpu = guard.run_isolated(_limits_inside, (), "x", limits)
    assert memory == (1024 * guard.MB, 1024 * guard.MB)
    # CPU time backs up the 10-second wall-clock limit: SIGXCPU at 15 s, SIGKILL at 20 s.
    assert cpu == (15, 20)


def _allocate() -> int:
    return len(bytearray(3 * 2**30))


def test_an_allocation_past_the_memory_limit_is_one_load_error():
    with pytest.raises(LoadError, match=OUT_OF_MEMORY + "the reader ran out;"):
        guard.run_isolated(_allocate, (), "big.xlsx", LIMITS)


def _abort() -> None:
    os.abort()


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("crash", [_abort, _kill])
def test_a_worker_that_dies_is_one_load_error_and_the_next_file_reads(crash):
    with pytest.raises(LoadError, match=OUT_OF_MEMORY + "the reader stopped;"):
        guard.run_isolated(crash, (), "big.xlsx", LIMITS)
    assert guard.run_isolated(len, ("abc",), "x", LIMITS) == 3


def _spin_past_one_cpu_second() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (1, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    while True:
        pass


def test_the_cpu_limit_is_reported_as_the_time_limit():
    start = time.monotonic()
    with pytest.raises(LoadError, match="^spin.csv: expected a file that can be read within 10 s"):
        guard.run_isolated(_spin_past_one_cpu_second, (), "spin.csv", LIMITS)
    assert time.monotonic() - start < 5


def _interval(seconds: float) -> tuple[float, float]:
    start = time.monotonic()
    time.sleep(seconds)
    return start, time.monotonic()


def test_parses_beyond_max_workers_wait_their_turn():
    limits = guard.Limits(max_seconds=10, max_workers=2)
    intervals: list[tuple[float, float]] = []

    def parse() -> None:
        intervals.append(guard.run_isolated(_interval, (0.8,), "x", limits))

    threads = [threading.Thread(target=parse) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(intervals) == 5
    running = [sum(s <= start < e for s, e in intervals) for start, _ in intervals]
    assert max(running) == 2


def _where_am_i() -> tuple[int, str, bool]:
    parent = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return os.getppid(), parent, "pandas" in sys.modules


def test_workers_fork_from_a_preloaded_server_not_from_this_process():
    parent, command, preloaded = guard.run_isolated(_where_am_i, (), "x", LIMITS)
    assert parent != os.getpid()
    assert "multiprocessing.forkserver" in command
    assert "loaders.upload" in command
    # Nothing imports pandas on the way to this function: the server had it loaded.
    assert preloaded


MAIN = """
import sys
from loaders import guard

if __name__ == "__main__":
    print(guard.run_isolated(len, ("abc",), "x", guard.Limits()))
else:  # imported again, as multiprocessing does for forkserver children
    print("main module imported again", file=sys.stderr)
"""


def test_workers_do_not_import_the_main_module_again(tmp_path):
    # A web server's main module imports the whole web stack; workers must not repeat that.
    script = tmp_path / "serve.py"
    script.write_text(MAIN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3\n"
    assert result.stderr == ""


def test_a_forked_child_starts_workers_of_its_own():
    assert guard.run_isolated(len, ("abc",), "x", LIMITS) == 3
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        status = 1
        try:
            status = 0 if guard.run_isolated(len, ("abcd",), "x", LIMITS) == 4 else 3
        finally:
            guard.stop_workers()
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert guard.run_isolated(len, ("ab",), "x", LIMITS) == 2
