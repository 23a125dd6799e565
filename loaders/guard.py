"""Limits on files from users: size, zip bombs, cells and parse time, with clear refusals."""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from loaders.errors import LoadError

MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """What a file may be. Defaults suit statistical tables; each can be set by environment."""

    max_bytes: int = 20 * MB
    # An .xlsx is a zip: its unpacked size and packing ratio give away zip bombs before any
    # parsing. Real workbooks unpack to 5-20 times their size.
    max_uncompressed: int = 200 * MB
    max_ratio: float = 200.0
    max_cells: int = 2_000_000
    max_seconds: float = 30.0

    @classmethod
    def from_env(cls) -> Limits:
        """Limits from FIGURES_MAX_UPLOAD_MB, FIGURES_MAX_CELLS and FIGURES_MAX_PARSE_SECONDS."""
        return cls(
            max_bytes=int(_env_number("FIGURES_MAX_UPLOAD_MB", 20) * MB),
            max_cells=int(_env_number("FIGURES_MAX_CELLS", 2_000_000)),
            max_seconds=_env_number("FIGURES_MAX_PARSE_SECONDS", 30.0),
        )


def check_size(size: int, name: str | Path, limits: Limits) -> None:
    """Refuse a file larger than the upload limit."""
    if size > limits.max_bytes:
        raise LoadError(
            name,
            f"a file of at most {limits.max_bytes / MB:.0f} MB",
            found=f"{size / MB:.1f} MB",
            details=["set FIGURES_MAX_UPLOAD_MB to allow larger files"],
        )


def check_file(path: Path, limits: Limits) -> None:
    """Size, zip-bomb and cell-count checks that run before a loader parses the file."""
    check_size(path.stat().st_size, path, limits)
    head = path.read_bytes()[:8]
    if head.startswith(b"PK\x03\x04"):
        _check_zip(path, limits)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        _check_cells(path, limits)


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise LoadError(path, "a readable Excel workbook (.xlsx)", details=[str(error)]) from None
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed:
        raise LoadError(
            path,
            f"a workbook that unpacks to at most {limits.max_uncompressed / MB:.0f} MB",
            found=f"{total / MB:.0f} MB unpacked",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limits.max_ratio:
            raise LoadError(
                path,
                f"workbook parts packed at most {limits.max_ratio:.0f} to 1 "
                "(a zip bomb is refused)",
                found=f"{member.filename} packed {ratio:.0f} to 1",
            )


def _check_cells(path: Path, limits: Limits) -> None:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        cells = 0
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            cells += sheet.height * sheet.width
            if cells > limits.max_cells:
                raise LoadError(
                    path,
                    f"at most {limits.max_cells:,} cells",
                    found=f"more than {limits.max_cells:,} (sheet {name!r})",
                    details=["set FIGURES_MAX_CELLS to allow larger workbooks"],
                )
    except (LoadError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a damaged workbook: calamine raises several types, or panics
        raise LoadError(path, "a readable Excel workbook", details=[str(error)[:160]]) from None


def _work(conn, function, args) -> None:
    """Worker body: run ``function(*args)`` and send ("ok", result) or ("error", LoadError)."""
    try:
        conn.send(("ok", function(*args)))
    except LoadError as error:
        conn.send(("error", error))
    except BaseException as error:  # never a traceback to the user; the type helps a report
        conn.send(
            (
                "error",
                LoadError(
                    args[0] if args else "",
                    "a file this program can read",
                    details=[f"internal error {type(error).__name__}: {str(error)[:120]}"],
                ),
            )
        )
    finally:
        conn.close()


def _context():
    # fork: the worker starts in milliseconds with the loaders already imported, and does
    # not re-run the web app's main module as spawn and forkserver would. It runs only
    # loader code, no threads, and ends after one file.
    return multiprocessing.get_context("fork")


def run_limited(function, args: tuple, seconds: float, name: str):
    """Run ``function(*args)`` in a separate process, killed after ``seconds``.

    ``function`` must be importable (module level). LoadError raised inside comes back
    as LoadError; a timeout is a LoadError saying the limit.
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LoadError(
                name,
                f"a file that can be read within {seconds:.0f} seconds",
                details=["set FIGURES_MAX_PARSE_SECONDS to allow longer"],
            )
        try:
            status, value = receiver.recv()
        except EOFError:
            raise LoadError(
                name, "a file this program can read", details=["the reader stopped"]
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if status == "error":
        raise value
    return value
