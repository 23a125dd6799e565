"""Limits on files from users, and the worker processes that read them.

A file from a user is parsed only in a worker process (``read_isolated``) with limits on its
memory, CPU and time, at most ``Limits.max_workers`` at once: there a crash, a memory blow-up
or a hang costs that one parse, never the web server or the command line, and becomes one
LoadError. Inside the worker, ``check_file`` first refuses files whose structure would make a
reader blow up (declared dimensions, shared strings, sheets, nesting, DTDs, zip bombs, a
million columns) from the zip directory and bounded heads of the XML parts, before anything
reads the file whole.
"""

from __future__ import annotations

import atexit
import gc
import io
import logging
import math
import os
import posixpath
import re
import resource
import signal
import threading
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TypeVar
from xml.parsers import expat

import python_calamine
from pebble import ProcessExpired, ProcessFuture, ProcessPool

from loaders.errors import N_, LoadError, Phrase, column_letter

log = logging.getLogger(__name__)
MB = 1024 * 1024
T = TypeVar("T")

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"
# What the structural checks read of each XML part: enough for the prolog (where a DTD
# would be), the root's attributes, a sheet's <dimension> and its first ~30,000 cells, while
# a part of any size costs at most a few tens of milliseconds.
_XML_HEAD = 1 * MB
_CHUNK = 64 * 1024
# Real workbook parts nest about ten levels deep; expat itself has no limit.
_MAX_DEPTH = 100
# A real workbook has a few parts per sheet; this bounds the listing and the scan whatever
# the archive declares.
_MAX_PARTS = 10_000
# The CPU-time limit only backs up the wall-clock one (a worker whose pool is gone, say),
# so it sits a little above it.
_CPU_MARGIN_SECONDS = 5
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


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
    max_sheets: int = 100
    max_seconds: float = 30.0
    # Address space of a parse worker. A worker with the loaders imported maps ~230 MB; the
    # largest files the other limits let through (the tidy template with 2,000,000 cells,
    # as .csv or .xlsx) peak at ~860 MB while read and checked. 2 GB is more than twice
    # that, while an allocation for a declared 17 billion cells (512 GiB) fails at once.
    max_memory_mb: int = 2048
    # Parses at once; more files wait their turn. Each worker is a process of its own.
    max_workers: int = 2

    @classmethod
    def from_env(cls) -> Limits:
        """Limits from FIGURES_MAX_UPLOAD_MB, FIGURES_MAX_CELLS, FIGURES_MAX_SHEETS,
        FIGURES_MAX_PARSE_SECONDS, FIGURES_MAX_PARSE_MEMORY_MB and FIGURES_MAX_PARSE_WORKERS."""
        return cls(
            max_bytes=int(_env_number("FIGURES_MAX_UPLOAD_MB", 20) * MB),
            max_cells=int(_env_number("FIGURES_MAX_CELLS", 2_000_000)),
            max_sheets=int(_env_number("FIGURES_MAX_SHEETS", 100)),
            max_seconds=_env_number("FIGURES_MAX_PARSE_SECONDS", 30.0),
            max_memory_mb=int(_env_number("FIGURES_MAX_PARSE_MEMORY_MB", 2048)),
            max_workers=max(1, int(_env_number("FIGURES_MAX_PARSE_WORKERS", 2))),
        )


def check_size(size: int, name: str | Path, limits: Limits) -> None:
    """Refuse a file larger than the upload limit."""
    if size > limits.max_bytes:
        raise LoadError(
            name,
            N_("a file of at most {size} MB"),
            found=Phrase(N_("{size} MB"), size=f"{size / MB:.1f}"),
            details=[_set("FIGURES_MAX_UPLOAD_MB", N_("set {variable} to allow larger files"))],
            values={"size": f"{limits.max_bytes / MB:.0f}"},
        )


def _set(variable: str, hint: str) -> Phrase:
    """The hint that names the setting which lifts a limit."""
    return Phrase(hint, variable=variable)


def _part(part: str) -> Phrase:
    return Phrase(N_("part {part}"), part=part)


# --- Structural checks: they open the file, so they run in a worker (read_isolated). ---


def check_file(path: Path, limits: Limits) -> None:
    """Refuse a file whose size or structure would make a reader blow up.

    For an .xlsx, reads the zip directory and bounded heads of the XML parts; for a
    workbook, then lets calamine count its sheets and each sheet's cells; for a text file,
    counts lines and header fields. Each refusal is one LoadError naming the file, the
    sheet or part, and what was expected. It opens the file, so it runs in a worker.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    check_size(size, path, limits)
    if head.startswith(_ZIP):
        _check_zip(path, limits)
    if head.startswith(_ZIP) or head.startswith(_OLE2):
        _check_cells(path, limits)
    else:
        _check_text(path, limits)


def _check_text(path: Path, limits: Limits) -> None:
    """A text file's grid as the CSV readers build it: every line as wide as the header.

    Counts line breaks and the header's commas in 1 MB reads, so a header of a million
    columns is refused before a reader makes a million-column table.
    """
    breaks, fields = 0, 1
    in_header, last = True, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(MB):
            if in_header:
                ends = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
                fields += chunk[: min(ends, default=len(chunk))].count(b",")
                in_header = not ends
            # Old Mac files end lines with \r alone; Windows ones count once either way.
            breaks += max(chunk.count(b"\n"), chunk.count(b"\r"))
            last = chunk[-1:]
    lines = breaks + (last not in (b"\n", b"\r"))
    if lines * fields > limits.max_cells:
        raise LoadError(
            path,
            N_("at most {cells} cells"),
            found=Phrase(
                N_("{lines} lines of {fields} fields"), lines=f"{lines:,}", fields=f"{fields:,}"
            ),
            details=[_set("FIGURES_MAX_CELLS", N_("set {variable} to allow larger files"))],
            values={"cells": f"{limits.max_cells:,}"},
        )


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_listing(path, members, limits)
            _check_parts(path, archive, members, limits)
    # zipfile and its decompressors report damage with all of these; RuntimeError is an
    # encrypted part, NotImplementedError an unknown compression method.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as error:
        raise LoadError(
            path, N_("a readable Excel workbook (.xlsx)"), details=[str(error)]
        ) from None


def _check_listing(path: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Checks of the zip directory alone: parts, unpacked size, packing ratio, sheets."""
    if len(members) > _MAX_PARTS:
        raise LoadError(
            path,
            N_("a workbook of at most {parts} parts"),
            found=Phrase(N_("{parts} parts"), parts=f"{len(members):,}"),
            values={"parts": f"{_MAX_PARTS:,}"},
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed:
        raise LoadError(
            path,
            N_("a workbook that unpacks to at most {size} MB"),
            found=Phrase(N_("{size} MB unpacked"), size=f"{total / MB:.0f}"),
            values={"size": f"{limits.max_uncompressed / MB:.0f}"},
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limits.max_ratio:
            raise LoadError(
                path,
                N_("workbook parts packed at most {ratio} to 1 (a zip bomb is refused)"),
                found=Phrase(
                    N_("{part} packed {ratio} to 1"), part=member.filename, ratio=f"{ratio:.0f}"
                ),
                values={"ratio": f"{limits.max_ratio:.0f}"},
            )
    sheets = sum(1 for m in members if _is_worksheet(m.filename))
    _check_sheet_count(path, sheets, limits)


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.count("/") == 2 and name.endswith(".xml")


def _check_sheet_count(path: Path, count: int, limits: Limits) -> None:
    if count > limits.max_sheets:
        raise LoadError(
            path,
            N_("a workbook of at most {sheets} sheets"),
            found=Phrase(N_("{sheets} sheets"), sheets=f"{count:,}"),
            details=[_set("FIGURES_MAX_SHEETS", N_("set {variable} to allow more"))],
            values={"sheets": limits.max_sheets},
        )


def _check_parts(
    path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: Limits
) -> None:
    """Stream the head of every XML part: no DTD anywhere, bounded nesting, and the sizes
    that parts declare (sheets in the workbook, shared strings, each sheet's extent)."""
    by_name = {m.filename: m for m in members}
    workbook = _Workbook()
    for name, handler in (
        ("xl/workbook.xml", workbook.see_sheet),
        ("xl/_rels/workbook.xml.rels", workbook.see_relationship),
    ):
        if name in by_name:
            _scan_xml(path, archive, by_name[name], handler)
    _check_sheet_count(path, len(workbook.sheets), limits)
    sheet_names = workbook.sheet_names()
    for member in members:
        name = member.filename
        if name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            continue
        if name in sheet_names or _is_worksheet(name):
            extent = _Extent()
            _scan_xml(path, archive, member, extent.see)
            extent.check(path, name, sheet_names.get(name), limits)
        elif name.endswith("sharedStrings.xml"):
            _scan_xml(path, archive, member, _SharedStrings(path, name, limits).see)
        elif name.endswith((".xml", ".rels")):
            _scan_xml(path, archive, member, None)


Handler = Callable[[str, dict[str, str]], None]


def _scan_xml(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, handler: Handler | None
) -> None:
    """Stream the first _XML_HEAD bytes of one part through expat, in chunks.

    A DTD is refused outright: workbook parts never have one, and without one there are no
    entities to expand (billion laughs). ``handler`` sees each element's local name (any
    namespace prefix dropped) and attributes.
    """
    part = member.filename
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > _MAX_DEPTH:
            raise LoadError(
                path,
                N_("XML nested at most {depth} levels deep"),
                details=[_part(part)],
                values={"depth": _MAX_DEPTH},
            )
        if handler is not None:
            handler(name.rpartition(":")[2], attributes)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_: object) -> None:
        raise LoadError(
            path,
            N_("workbook parts without a DTD (entity declarations are refused)"),
            details=[_part(part)],
        )

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with archive.open(member) as stream:
            remaining = _XML_HEAD
            while remaining > 0:
                chunk = stream.read(min(_CHUNK, remaining))
                if not chunk:
                    parser.Parse(b"", True)
                    return
                remaining -= len(chunk)
                parser.Parse(chunk, False)
    except expat.ExpatError as error:
        raise LoadError(
            path,
            N_("a readable Excel workbook (.xlsx)"),
            details=[
                Phrase(
                    N_("part {part}: {problem}, line {line}"),
                    part=part,
                    problem=expat.ErrorString(error.code),
                    line=error.lineno,
                )
            ],
        ) from None
    if depth == 0:
        # A whole head and no open root: still in the prolog, where a DTD could follow
        # out of sight of this scan.
        raise LoadError(
            path,
            N_("XML parts whose root element starts within their first {size} MB"),
            details=[_part(part)],
            values={"size": _XML_HEAD // MB},
        )


def _local(attributes: dict[str, str], name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (``r:id`` or ``id``)."""
    for key, value in attributes.items():
        if key.rpartition(":")[2] == name:
            return value
    return None


class _Workbook:
    """The sheets xl/workbook.xml lists and where its relationships put them."""

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str | None]] = []
        self.targets: dict[str, str] = {}

    def see_sheet(self, name: str, attributes: dict[str, str]) -> None:
        if name == "sheet":
            self.sheets.append((attributes.get("name", ""), _local(attributes, "id")))

    def see_relationship(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Relationship" and "Id" in attributes and "Target" in attributes:
            target = attributes["Target"]
            # Targets are relative to xl/, or absolute within the package.
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            self.targets[attributes["Id"]] = posixpath.normpath(part)

    def sheet_names(self) -> dict[str, str]:
        """Part name -> sheet name, for messages users can act on."""
        return {
            self.targets[rid]: name
            for name, rid in self.sheets
            if rid is not None and rid in self.targets
        }


def _cell_position(ref: str | None) -> tuple[int, int] | None:
    """(row, column), both 1-based, of a reference like 'XFD1048576' or '$B$2'."""
    match = _CELL.fullmatch(ref or "")
    if match is None:
        return None
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(match[2]), column


class _Extent:
    """How far a worksheet reaches: its declared <dimension> and the farthest cell seen.

    Readers lay a sheet out from A1 (empty cells included), so a sheet costs rows x columns
    up to its farthest cell: one cell at XFD1048576 is 17 billion cells.
    """

    def __init__(self) -> None:
        self.declared: str | None = None
        self.rows = self.columns = 0
        self._row = self._column = 0

    def see(self, name: str, attributes: dict[str, str]) -> None:
        if name == "dimension":
            self.declared = attributes.get("ref")
        elif name == "row":
            given = attributes.get("r", "")
            self._row = int(given) if given.isdigit() else self._row + 1
            self._column = 0
            self.rows = max(self.rows, self._row)
        elif name == "c":
            # A cell without a reference sits right of the previous one.
            position = _cell_position(attributes.get("r")) or (self._row, self._column + 1)
            self._row, self._column = position
            self.rows = max(self.rows, self._row)
            self.columns = max(self.columns, self._column)

    def check(self, path: Path, part: str, sheet: str | None, limits: Limits) -> None:
        declared = [_cell_position(ref) for ref in (self.declared or "").split(":")]
        corners = [(self.rows, self.columns), *(p for p in declared if p is not None)]
        rows = max(r for r, _ in corners)
        columns = max(c for _, c in corners)
        cells = rows * columns
        if cells <= limits.max_cells:
            return
        far = f"{column_letter(columns - 1)}{rows}"
        # Name what the file declares when that alone is too large, else the cell.
        declared_cells = max((r * c for r, c in corners[1:]), default=0)
        said = (
            Phrase(N_("dimension {ref}"), ref=self.declared)
            if declared_cells > limits.max_cells
            else Phrase(N_("a cell at {cell}"), cell=far)
        )
        extent = (
            Phrase(N_("A1:{far} is {cells} cells"), far=far, cells=f"{cells:,}")
            if sheet
            else Phrase(
                N_("A1:{far} is {cells} cells in part {part}"),
                far=far,
                cells=f"{cells:,}",
                part=part,
            )
        )
        raise LoadError(
            path,
            N_("at most {cells} cells"),
            found=said,
            sheet=sheet,
            details=[
                extent,
                _set("FIGURES_MAX_CELLS", N_("set {variable} to allow larger workbooks")),
            ],
            values={"cells": f"{limits.max_cells:,}"},
        )


class _SharedStrings:
    """Refuses a shared-strings table declaring more strings than a workbook may have cells:
    readers size their table from the declaration before reading a single string."""

    def __init__(self, path: Path, part: str, limits: Limits) -> None:
        self.path, self.part, self.limits = path, part, limits

    def see(self, name: str, attributes: dict[str, str]) -> None:
        if name != "sst":
            return
        for key in ("uniqueCount", "count"):
            value = attributes.get(key, "")
            if value.isdigit() and int(value) > self.limits.max_cells:
                raise LoadError(
                    self.path,
                    N_("at most {count} shared strings"),
                    found=f"{key}={value}",
                    details=[
                        _part(self.part),
                        _set("FIGURES_MAX_CELLS", N_("set {variable} to allow larger workbooks")),
                    ],
                    values={"count": f"{self.limits.max_cells:,}"},
                )


def _check_cells(path: Path, limits: Limits) -> None:
    """Sheet count, then each sheet's cells from A1 as calamine reads them (for an .xls,
    the first look inside; for an .xlsx, what the bounded scan could not see)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        _check_sheet_count(path, len(workbook.sheet_names), limits)
        for name in workbook.sheet_names:
            end = workbook.get_sheet_by_name(name).end
            cells = 0 if end is None else (end[0] + 1) * (end[1] + 1)
            if cells > limits.max_cells:
                raise LoadError(
                    path,
                    N_("at most {cells} cells"),
                    found=Phrase(N_("{cells} cells from A1"), cells=f"{cells:,}"),
                    sheet=name,
                    details=[
                        _set("FIGURES_MAX_CELLS", N_("set {variable} to allow larger workbooks"))
                    ],
                    values={"cells": f"{limits.max_cells:,}"},
                )
    except (LoadError, KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as error:  # a damaged workbook: calamine raises several types, or panics
        raise LoadError(path, N_("a readable Excel workbook"), details=[str(error)[:160]]) from None


# --- Worker processes: every parse of a user's file runs in one. ---


def read_isolated(
    path: Path,
    read: Callable[..., T],
    args: tuple,
    limits: Limits,
    name: str | Path | None = None,
) -> T:
    """``check_file(path)`` then ``read(*args)``, both in a worker process.

    ``read`` must be importable by module name (not defined in ``__main__``). Returns what
    it returns; any failure is one LoadError naming ``name`` (default: the path).
    """
    return run_isolated(_check_then_read, (path, limits, read, args), name or path, limits)


def _check_then_read(path: Path, limits: Limits, read: Callable[..., T], args: tuple) -> T:
    check_file(path, limits)
    return read(*args)


def run_isolated(function: Callable[..., T], args: tuple, name: str | Path, limits: Limits) -> T:
    """Run ``function(*args)`` in a worker process with the memory and time limits.

    At most ``limits.max_workers`` run at once; others wait their turn. LoadError raised
    inside comes back as itself; a worker that dies, runs out of memory or overruns the
    time becomes one LoadError naming ``name`` and the limit. ``function`` must be
    importable by module name.
    """
    retries = 1
    while True:
        # A pool that cannot start a worker raises here: not the file's fault, so not a
        # LoadError; callers report it as an internal error.
        future = _Workers.schedule(function, args, name, limits)
        try:
            return future.result()
        except LoadError:
            # As raised in the worker, with the worker's traceback as __cause__ (`--debug`).
            raise
        except TimeoutError:
            raise _time_error(name, limits) from None
        except ProcessExpired as expired:
            log.info("parse worker for %s ended with status %s", name, expired.exitcode)
            if expired.exitcode == -signal.SIGXCPU:
                raise _time_error(name, limits) from None
            raise _memory_error(name, limits, Phrase(N_("the reader stopped"))) from None
        except BrokenProcessPool:
            # A worker died before the pool knew which file it held, so the pool dropped
            # every file it had; a fresh pool tries once more.
            if not retries:
                raise _memory_error(name, limits, Phrase(N_("the reader stopped"))) from None
            retries -= 1


def _time_error(name: str | Path, limits: Limits) -> LoadError:
    return LoadError(
        name,
        N_("a file that can be read within {seconds} seconds"),
        details=[_set("FIGURES_MAX_PARSE_SECONDS", N_("set {variable} to allow longer"))],
        values={"seconds": f"{limits.max_seconds:g}"},
    )


def _memory_error(name: str | Path, limits: Limits, what: Phrase) -> LoadError:
    return LoadError(
        name,
        N_("a file that can be read within {size} MB of memory"),
        details=[what, _set("FIGURES_MAX_PARSE_MEMORY_MB", N_("set {variable} to allow more"))],
        values={"size": f"{limits.max_memory_mb:,}"},
    )


def _run_task(function: Callable[..., T], args: tuple, name: str | Path, limits: Limits) -> T:
    """The worker side: whatever goes wrong comes back as one picklable LoadError, caused
    by the original (the traceback `--debug` shows)."""
    try:
        return function(*args)
    except LoadError:
        raise
    except MemoryError as error:
        raise _memory_error(name, limits, Phrase(N_("the reader ran out"))) from error
    except RecursionError as error:
        raise LoadError(name, N_("data nested less deeply"), details=[str(error)[:120]]) from error
    except BaseException as error:  # a bug or a parser panic
        raise LoadError(
            name,
            N_("a file this program can read"),
            details=[
                Phrase(
                    N_("internal error {name}: {problem}"),
                    name=type(error).__name__,
                    problem=str(error)[:120],
                )
            ],
        ) from error


def _limit_worker(memory_bytes: int, cpu_seconds: int) -> None:
    """Pool initializer: cap the worker's address space and CPU time, so an allocation of
    hundreds of GiB fails inside the worker and a runaway loop ends even unattended."""
    # The modules the fork server preloaded are never garbage: leave them out of every
    # collection, which would otherwise walk all of pandas first (~60 ms per file) and
    # copy every page it touches.
    gc.freeze()
    # Readers print panics and Rust backtraces on stderr, and the command line's stdout is
    # its CSV: a worker writes to neither (results and the reason for a refusal come back
    # through the pool).
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 1)
        os.dup2(devnull.fileno(), 2)
    _lower(resource.RLIMIT_AS, memory_bytes, memory_bytes)
    # Past the soft limit the kernel sends SIGXCPU; past the hard one, SIGKILL.
    _lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + _CPU_MARGIN_SECONDS)


def _lower(which: int, soft: int, hard: int) -> None:
    """Set a resource limit, never above the hard limit the worker inherited."""
    inherited = resource.getrlimit(which)[1]
    if inherited != resource.RLIM_INFINITY:
        soft, hard = min(soft, inherited), min(hard, inherited)
    resource.setrlimit(which, (soft, hard))


class _WorkerPopen(popen_forkserver.Popen):
    """Starts a worker from the fork server without re-running the parent's ``__main__``.

    multiprocessing has every forkserver child import the parent's main module again, so
    functions defined there can be unpickled. The web server's main module (app.py) imports
    the whole web stack: each worker would import it again (~0.5 s, 60 MB) before parsing
    one file. Workers run only functions importable by module name, so they need no main
    module. This is CPython's ``_launch`` (the same from 3.11 to its main branch) less that.
    """

    _fds: list[int]

    def _launch(self, process_obj: BaseProcess) -> None:
        prep_data = spawn.get_preparation_data(process_obj.name)
        prep_data.pop("init_main_from_name", None)
        prep_data.pop("init_main_from_path", None)
        buffer = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buffer)
            reduction.dump(process_obj, buffer)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, writer = _Workers.server().connect_to_new_process(self._fds)
        # The child watches a duplicate of the write end to learn that its parent is gone.
        parent_writer = os.dup(writer)
        self.finalizer = util.Finalize(
            self,
            util.close_fds,  # type: ignore[attr-defined]  # not in typeshed
            (parent_writer, self.sentinel),
        )
        with open(writer, "wb", closefd=True) as pipe:
            pipe.write(buffer.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _WorkerProcess(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: BaseProcess) -> popen_forkserver.Popen:
        return _WorkerPopen(process_obj)


class _WorkerContext(context.ForkServerContext):
    """forkserver: workers fork from a small server process that has imported only the
    loaders, not from the web server (large, with threads), and start in milliseconds."""

    Process = _WorkerProcess


def _fork_server() -> forkserver.ForkServer:
    """A fork server of this process's own (started by its first worker), not the one
    module-wide server of multiprocessing, which a forked child could not start again. It
    imports the loaders once; every worker starts with them loaded."""
    server = forkserver.ForkServer()
    server.set_forkserver_preload(["loaders.upload"])
    return server


class _Workers:
    """The parse workers of this process: one pool and its own fork server, made on first
    use, and made again in a forked child (the parent's threads and pipes are not its own).

    One task per worker (max_tasks=1): each file gets a fresh process, and its memory goes
    back to the system when it ends.
    """

    _lock = threading.Lock()
    _pid = os.getpid()
    _server = _fork_server()
    _pool: ProcessPool | None = None
    _settings: tuple[int, int, int] = (0, 0, 0)

    @classmethod
    def schedule(
        cls, function: Callable, args: tuple, name: str | Path, limits: Limits
    ) -> ProcessFuture:
        """Queue ``function(*args)`` on the pool for ``limits``; returns its future."""
        settings = (
            limits.max_workers,
            limits.max_memory_mb * MB,
            math.ceil(limits.max_seconds) + _CPU_MARGIN_SECONDS,
        )
        with cls._lock:
            pool = cls._current(settings)
            return pool.schedule(
                _run_task, args=(function, args, name, limits), timeout=limits.max_seconds
            )

    @classmethod
    def server(cls) -> forkserver.ForkServer:
        """This process's fork server."""
        return cls._server

    @classmethod
    def _current(cls, settings: tuple[int, int, int]) -> ProcessPool:
        if cls._pid != os.getpid():
            cls._pid, cls._pool, cls._server = os.getpid(), None, _fork_server()
        if cls._pool is not None:
            if cls._settings == settings and cls._pool.active:
                return cls._pool
            # Other limits (tests, a second app) or a broken pool: finish what it holds.
            cls._pool.close()
            cls._pool.join()
        cls._pool = ProcessPool(
            max_workers=settings[0],
            max_tasks=1,
            initializer=_limit_worker,
            initargs=settings[1:],
            context=_WorkerContext(),
        )
        cls._settings = settings
        return cls._pool

    @classmethod
    def stop(cls) -> None:
        """Stop this process's workers and its pool's threads; the next parse starts anew."""
        with cls._lock:
            if cls._pool is not None and cls._pid == os.getpid():
                cls._pool.stop()
                cls._pool.join()
                cls._pool = None

    @classmethod
    def after_fork(cls) -> None:
        # A fork can happen while another thread holds the lock; the child's copy would
        # stay locked for ever.
        cls._lock = threading.Lock()


def stop_workers() -> None:
    """Stop this process's parse workers: at exit, or before ``os._exit`` in a forked child.

    At exit it runs before pebble's own hook, which can miss a worker the pool starts
    meanwhile (one task each, so it starts them often); multiprocessing would then wait
    for that idle worker for ever.
    """
    _Workers.stop()


os.register_at_fork(after_in_child=_Workers.after_fork)
# Registered after pebble's own hook, so it runs first (atexit runs hooks last in, first out).
atexit.register(stop_workers)
