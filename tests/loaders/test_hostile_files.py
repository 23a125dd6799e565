"""Hostile files (tests/corpus.py: far cells, string and zip bombs, DTDs, deep nesting,
thousands of sheets or columns) through the command line and the upload check: each refused
with one line saying what was expected, nothing written, and the process that asked goes on
reading good files."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from loaders.guard import Limits
from loaders.upload import ACCEPTED_SUFFIXES, check_upload
from tests.builders import bns_sheet, write_xlsx
from tests.corpus import Hostile, hostile

ROOT = Path(__file__).resolve().parents[2]
# Short, as the one file that hangs its reader (the YAML alias bomb) takes all of it, yet
# long enough for the heaviest of the others on a busy machine (~1 s alone).
SECONDS = 10
LIMITS = Limits(max_seconds=SECONDS)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Hostile]:
    return hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    return write_xlsx(
        tmp_path_factory.mktemp("good") / "good.xlsx", {"2023": bns_sheet()}
    ).read_bytes()


def test_the_corpus_holds_the_issues_files(files):
    cases = {h.case for h in files}
    assert {"far-dimension", "far-cell", "shared-strings-bomb", "thousand-sheets"} <= cases
    assert len(cases) == len(files) >= 13
    far = next(h for h in files if h.case == "far-dimension")
    assert len(far.data) < 2048


def test_upload_check_refuses_each_and_reads_a_good_file_after(files, good):
    failures = []
    for h in files:
        report = check_upload(h.name, h.data, "tester", LIMITS)
        after = check_upload("good.xlsx", good, "tester", LIMITS)
        try:
            assert not report.ok, "accepted"
            assert report.error is not None, "no error"
            assert len(report.error.splitlines()) == 1, "more than one line"
            assert report.error.startswith(f"{h.name}: "), "does not name the file"
            if h.name.endswith(ACCEPTED_SUFFIXES):
                assert h.expected in report.error, f"does not say {h.expected!r}"
            assert after.ok, f"a good file after it: {after.error}"
            assert after.accepted == 21, "a good file after it lost figures"
        except AssertionError as error:
            failures.append(f"{h.case}: {error} ({report.error})")
    assert not failures, "\n".join(failures)


def _run_cli(h: Hostile, folder: Path) -> tuple[subprocess.CompletedProcess, bool]:
    path = folder / h.name
    path.write_bytes(h.data)
    out = folder / f"{h.case}.csv"
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "load", str(path), "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "FIGURES_MAX_PARSE_SECONDS": str(SECONDS)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, out.exists()


def test_command_line_refuses_each_with_one_line_and_writes_nothing(files, tmp_path):
    # One real process per file, so the exit status and the whole of stderr are what a
    # user would see (an abort was status 134 and a Rust backtrace); three at a time, the
    # one that runs into the time limit first so that the others run beside it.
    ordered = sorted(files, key=lambda h: h.case != "yaml-alias-bomb")
    with ThreadPoolExecutor(3) as runs:
        results = list(runs.map(lambda h: _run_cli(h, tmp_path), ordered))
    failures = []
    for h, (result, wrote) in zip(ordered, results, strict=True):
        lines = result.stderr.splitlines()
        try:
            assert result.returncode == 2, f"exit status {result.returncode}"
            assert result.stdout == "", "wrote to stdout"
            assert len(lines) == 1, "not one line on stderr"
            assert lines[0].startswith(f"error: {h.name}: "), "does not name the file"
            assert h.expected in lines[0], f"does not say {h.expected!r}"
            assert not wrote, "wrote --out"
        except AssertionError as error:
            failures.append(f"{h.case}: {error} ({result.stderr.strip()[:300]})")
    assert not failures, "\n".join(failures)
