"""`python -m loaders load`: tidy CSV out, or exit 2 with one clear line and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import schema
from tests.builders import bns_sheet, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_load_writes_schema_columns(tmp_path):
    source = write_xlsx(tmp_path / "kz.xlsx", {"2023": bns_sheet()})
    out = tmp_path / "out.csv"
    result = run("load", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert list(frame.columns) == schema.OBSERVATION_COLUMNS
    assert len(frame) == 21
    assert frame.source_id.nunique() == 1
    assert "21 observations" in result.stderr


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("relative", "fmt"),
    [
        ("bns/Основные показатели внешней торговли_2021.xls", "auto"),
        ("fcs/94itog.xlsx", "fcs"),
        ("comtrade/HS-60a6ad.json", "auto"),
        ("sdmx/IMF/openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml", "auto"),
        ("baci/kaz_partners_2021.csv", "auto"),
        ("fcs-commodity/ПубликацияТСТВ_2022.xlsx", "auto"),
    ],
)
def test_load_real_files(realdata, tmp_path, relative, fmt):
    out = tmp_path / "o.csv"
    result = run("load", str(realdata / relative), "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out)) > 0


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text_cell = bns_sheet()
    next(r for r in text_cell if r[0] == "Россия")[1] = "n/a"
    # Every name unknown: nothing could be loaded (one unknown among known ones is a warning).
    unknown = bns_sheet(figures=[("Атлантида", 2.0, 1.0, 1.0), ("Эльдорадо", 2.0, 1.0, 1.0)])
    header_rows = bns_sheet()
    h = next(i for i, r in enumerate(header_rows) if r[1] == "Товарооборот")
    moved = header_rows[:h] + header_rows[h + 2 :] + header_rows[h : h + 2]
    good = write_xlsx(tmp_path / "good.xlsx", {"2023": bns_sheet()}).read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "other.csv").write_text("city,population\nAstana,1350000\n", encoding="utf-8")
    return {
        "text cell": (
            write_xlsx(tmp_path / "text.xlsx", {"2023": text_cell}),
            "cell B9: expected a number",
        ),
        "no known country": (
            write_xlsx(tmp_path / "unknown.xlsx", {"2023": unknown}),
            "'Атлантида' at sheet '2023', row 7",
        ),
        "header moved": (
            write_xlsx(tmp_path / "moved.xlsx", {"2023": moved}),
            "above the country rows",
        ),
        "truncated": (tmp_path / "truncated.xlsx", "expected a readable Excel workbook"),
        "empty": (tmp_path / "empty.csv", "expected a non-empty file"),
        "other format": (tmp_path / "other.csv", "expected a file in a known format"),
        "wrong --format": (tmp_path / "other.csv", "expected the Comext columns"),
        "missing": (tmp_path / "missing.xlsx", "expected a readable file (No such file"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "text cell",
        "no known country",
        "header moved",
        "truncated",
        "empty",
        "other format",
        "wrong --format",
        "missing",
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, case):
    path, expected = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out.csv"
    out.write_text("previous content\n", encoding="utf-8")
    extra = ["--format", "eurostat"] if case == "wrong --format" else []
    result = run(
        "load", str(path), *extra, "--out", str(out), "--sources-out", str(tmp_path / "s.csv")
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {path.name}: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    # The earlier output is untouched and no partial or temporary file is left behind.
    assert out.read_text(encoding="utf-8") == "previous content\n"
    assert not (tmp_path / "s.csv").exists()
    assert not list(tmp_path.glob(".out.csv.*"))


def _with_unknown_names(tmp_path: Path) -> Path:
    figures = [
        ("Всего", 30.0, 20.0, 10.0),
        ("Атлантида", 10.0, 5.0, 5.0),
        ("Россия", 20.0, 15.0, 5.0),
    ]
    return write_xlsx(tmp_path / "kz.xlsx", {"2023": bns_sheet(figures=figures)})


def test_unknown_names_are_warnings_and_the_rest_loads(tmp_path):
    out = tmp_path / "out.csv"
    result = run("load", str(_with_unknown_names(tmp_path)), "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert set(frame.partner) == {"WLD", "RUS"}
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings[0] == (
        "warning: kz.xlsx: unknown country name 'Атлантида' at sheet '2023', row 8: "
        "its figures were left out"
    )
    # The totals check: what the left-out rows carry beside the file's own world total.
    assert (
        "warning: kz.xlsx: left-out export figures of KAZ for 2023 carry 5,000 USD, "
        "25% of the world total"
    ) in warnings
    assert "6 observations" in result.stderr


def test_strict_refuses_a_file_with_an_unknown_name(tmp_path):
    out = tmp_path / "out.csv"
    result = run("load", str(_with_unknown_names(tmp_path)), "--strict", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: kz.xlsx: expected a known country or country-group reporter or partner name; "
        "1 unmapped"
    )
    assert "'Атлантида' at sheet '2023', row 8" in result.stderr
    assert not out.exists()


def test_usage_errors_exit_2():
    result = run("load")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback_from_the_worker(tmp_path):
    path = tmp_path / "nested.json"
    path.write_bytes(b'{"reporterISO": "KAZ", "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    result = run("--debug", "load", str(path))
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "RecursionError" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: nested.json: expected data nested")
