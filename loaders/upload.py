"""Checking a user's file before anything is kept: limits, format, accepted and rejected rows."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from loaders import Frames, guard, template, unmapped
from loaders.errors import N_, LoadError, Phrase
from loaders.formats import FORMAT_NAMES, LOADERS, detect

log = logging.getLogger(__name__)
ACCEPTED_SUFFIXES = (".xlsx", ".xls", ".csv")


@dataclass
class UploadReport:
    """What a file holds, before the user decides to keep it."""

    file: str
    format: str | None = None
    frames: Frames | None = None
    rejected: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=template.REJECTED_COLUMNS)
    )
    # Why nothing can be kept: English as a str, and a Phrase the page says in the reader's
    # language (loaders.errors).
    error: str | None = None

    @property
    def figures(self) -> int:
        """Number of observations (trade figures) that can be kept."""
        return 0 if self.frames is None else len(self.frames.observations)

    @property
    def rates(self) -> int:
        """Number of exchange rates that can be kept (a file of rates has no figures)."""
        return 0 if self.frames is None else len(self.frames.rates)

    @property
    def accepted(self) -> int:
        """Number of rows that can be kept: figures and exchange rates."""
        return self.figures + self.rates

    @cached_property
    def warnings(self) -> list[str]:
        """Figures left out though the file loaded: each unknown country name with its
        sheet and row, and the value those rows carry (loaders.unmapped). Worked out once:
        each name's suggestion searches the whole catalogue."""
        if self.frames is None:
            return []
        return unmapped.lines(self.frames.unmapped, self.frames.observations)

    @property
    def ok(self) -> bool:
        """True when at least one figure or rate can be kept."""
        return self.error is None and self.accepted > 0


def safe_name(name: str) -> str:
    """A display- and disk-safe file name (no directories, no control characters)."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".") or "upload"
    return base[-120:]


def read_any(path: str, uploaded_by: str) -> tuple[str, Frames, pd.DataFrame]:
    """Detect and read a file: (format, accepted frames, rejected rows). Runs in a worker."""
    fmt = detect(Path(path))
    if fmt == "press":
        raise LoadError(path, N_("a data file (.xlsx, .xls, .csv); press sources go in data/press"))
    if fmt == template.FORMAT:
        frames, rejected = template.read(path, uploaded_by)
        return fmt, frames, rejected
    return fmt, LOADERS[fmt](Path(path)), pd.DataFrame(columns=template.REJECTED_COLUMNS)


def check_upload(
    name: str, content: bytes, uploaded_by: str, limits: guard.Limits | None = None
) -> UploadReport:
    """Check one uploaded file; never raises, never writes outside a private temp dir.

    The file is checked and read in a worker process (guard.read_isolated), so a hostile
    file costs only its own parse; ``report.error`` says which limit it hit.
    """
    limits = limits or guard.Limits.from_env()
    file = safe_name(name)
    report = UploadReport(file)
    try:
        suffix = Path(file).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise LoadError(
                file,
                N_("a file ending {suffixes}"),
                found=suffix or Phrase(N_("no suffix")),
                values={"suffixes": ", ".join(ACCEPTED_SUFFIXES)},
            )
        guard.check_size(len(content), file, limits)
        workdir = Path(tempfile.mkdtemp(prefix="figures-upload-"))
        try:
            # The copy keeps the user's file name, so messages and locators name it.
            path = workdir / file
            path.write_bytes(content)
            fmt, frames, rejected = guard.read_isolated(
                path, read_any, (str(path), uploaded_by), limits, name=file
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        report.format = fmt
        report.frames = frames
        report.rejected = rejected
        if report.accepted == 0 and report.error is None:
            report.error = (
                Phrase(
                    N_(
                        "{file}: expected at least one valid figure, found none "
                        "({n} problems, listed below)"
                    ),
                    file=file,
                    n=len(rejected),
                )
                if len(rejected)
                else Phrase(N_("{file}: expected at least one valid figure, found none"), file=file)
            )
    except LoadError as error:
        report.error = Phrase.of(error)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a bug or a parser panic: one line; the log has the rest
        log.exception("unexpected error while checking %s", file)
        report.error = Phrase(
            N_("{file}: could not be read (internal error {name})"),
            file=file,
            name=type(error).__name__,
        )
    return report


def format_name(fmt: str | None) -> str:
    """Human name of a detected format."""
    return FORMAT_NAMES.get(fmt or "", N_("unknown format"))
