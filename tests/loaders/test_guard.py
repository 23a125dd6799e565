"""Limits on users' files: size, zip bombs, cells, sheets and parse time."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from loaders import guard
from loaders.errors import LoadError
from tests.builders import bns_sheet, write_xls, write_xlsx
from tests.corpus import sheet_xml, xlsx_bytes


def test_size_limit_and_env(monkeypatch):
    limits = guard.Limits(max_bytes=10)
    with pytest.raises(LoadError, match="at most 0 MB"):
        guard.check_size(11, "f.csv", limits)
    monkeypatch.setenv("FIGURES_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("FIGURES_MAX_PARSE_SECONDS", "oops")
    monkeypatch.setenv("FIGURES_MAX_SHEETS", "7")
    monkeypatch.setenv("FIGURES_MAX_PARSE_MEMORY_MB", "1024")
    monkeypatch.setenv("FIGURES_MAX_PARSE_WORKERS", "0")
    limits = guard.Limits.from_env()
    assert limits.max_bytes == 3 * guard.MB
    assert limits.max_seconds == 30.0
    assert limits.max_sheets == 7
    assert limits.max_memory_mb == 1024
    assert limits.max_workers == 1


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
    # openpyxl declares A1:G14 (98 cells): the scan refuses it before calamine reads.
    with pytest.raises(LoadError, match=r"expected at most 50 cells, found 'dimension A1:G14'"):
        guard.check_file(path, guard.Limits(max_cells=50))


def test_cell_and_sheet_limits_of_an_xls_are_checked_by_calamine(tmp_path):
    path = write_xls(tmp_path / "cells.xls", {"2023": bns_sheet(), "2022": bns_sheet()})
    guard.check_file(path, guard.Limits())
    with pytest.raises(
        LoadError, match=r"sheet '2023': expected at most 50 cells, found '98 cells from A1'"
    ):
        guard.check_file(path, guard.Limits(max_cells=50))
    with pytest.raises(
        LoadError, match="expected a workbook of at most 1 sheets, found '2 sheets'"
    ):
        guard.check_file(path, guard.Limits(max_sheets=1))


def test_a_sheet_without_dimension_is_measured_by_its_farthest_cell(tmp_path):
    cells = '<row r="3"><c r="C3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx_bytes([sheet_xml(cells)]))
    # C3 then D3 (no reference: right of C3), then a row below: A1:D4 is 16 cells.
    guard.check_file(path, guard.Limits(max_cells=16))
    with pytest.raises(LoadError, match=r"found 'a cell at D4' \(A1:D4 is 16 cells;"):
        guard.check_file(path, guard.Limits(max_cells=15))


def test_csv_cells_are_lines_times_header_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b,c\r\n1,2,3\r\n4,5,6")
    guard.check_file(path, guard.Limits(max_cells=9))
    with pytest.raises(LoadError, match="at most 8 cells, found '3 lines of 3 fields'"):
        guard.check_file(path, guard.Limits(max_cells=8))


def test_a_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="gone.xlsx: expected a readable file"):
        guard.check_file(tmp_path / "gone.xlsx", guard.Limits())


@pytest.mark.realdata
def test_every_real_file_passes_the_checks(realdata):
    files = [
        p for p in realdata.rglob("*") if p.suffix.lower() in (".xls", ".xlsx", ".csv", ".json")
    ]
    assert len(files) > 20
    for path in files:
        guard.check_file(path, guard.Limits())


def _slow(path):
    time.sleep(30)


def _fails(path):
    raise LoadError(path, "something else", found="this")


def _crashes(path):
    raise RuntimeError("boom")


def test_parse_time_limit_kills_the_worker():
    start = time.monotonic()
    with pytest.raises(LoadError, match="^slow.csv: expected a file that can be read within 1 "):
        guard.run_isolated(_slow, ("slow.csv",), "slow.csv", guard.Limits(max_seconds=1))
    assert time.monotonic() - start < 10
    assert guard.run_isolated(len, ("abc",), "x", guard.Limits(max_seconds=1)) == 3


def test_worker_errors_come_back_as_load_errors():
    limits = guard.Limits(max_seconds=10)
    with pytest.raises(LoadError, match="expected something else, found 'this'"):
        guard.run_isolated(_fails, ("x.csv",), "x.csv", limits)
    with pytest.raises(LoadError, match="internal error RuntimeError: boom"):
        guard.run_isolated(_crashes, ("x.csv",), "x.csv", limits)
    assert guard.run_isolated(len, ("abc",), "x", limits) == 3
