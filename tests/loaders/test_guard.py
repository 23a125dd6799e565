"""Limits on users' files: size, zip bombs, cells and parse time."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from loaders import guard
from loaders.errors import LoadError
from tests.builders import bns_sheet, write_xlsx


def test_size_limit_and_env(monkeypatch):
    limits = guard.Limits(max_bytes=10)
    with pytest.raises(LoadError, match="at most 0 MB"):
        guard.check_size(11, "f.csv", limits)
    monkeypatch.setenv("FIGURES_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("FIGURES_MAX_PARSE_SECONDS", "oops")
    limits = guard.Limits.from_env()
    assert limits.max_bytes == 3 * guard.MB
    assert limits.max_seconds == 30.0


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * guard.MB))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < guard.MB
    with pytest.raises(LoadError, match="zip bomb is refused"):
        guard.check_file(path, guard.Limits())
    with pytest.raises(LoadError, match="unpacks to at most 10 MB"):
        guard.check_file(path, guard.Limits(max_uncompressed=10 * guard.MB))


def test_cell_limit(tmp_path):
    path = write_xlsx(tmp_path / "cells.xlsx", {"2023": bns_sheet()})
    guard.check_file(path, guard.Limits())
    with pytest.raises(LoadError, match="at most 50 cells"):
        guard.check_file(path, guard.Limits(max_cells=50))


def _slow(path):
    time.sleep(30)


def _fails(path):
    raise LoadError(path, "something else", found="this")


def _crashes(path):
    raise RuntimeError("boom")


def test_parse_time_limit_kills_the_worker():
    start = time.monotonic()
    with pytest.raises(LoadError, match="read within 1 seconds"):
        guard.run_limited(_slow, ("slow.csv",), 1, "slow.csv")
    assert time.monotonic() - start < 10


def test_worker_errors_come_back_as_load_errors():
    with pytest.raises(LoadError, match="expected something else, found 'this'"):
        guard.run_limited(_fails, ("x.csv",), 10, "x.csv")
    with pytest.raises(LoadError, match="internal error RuntimeError: boom"):
        guard.run_limited(_crashes, ("x.csv",), 10, "x.csv")
    assert guard.run_limited(len, ("abc",), 10, "x") == 3
