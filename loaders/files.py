"""Atomic file writes and text decoding shared by the loaders and the command line."""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from loaders.errors import N_, LoadError, Phrase

# mkstemp creates files readable by their owner only; finished files get the usual mode.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through ``write(tmp_path)`` so readers see the old file or the new one.

    The temporary file sits in the same directory (so the rename is atomic), is fsynced
    before the rename, and is removed if ``write`` fails; the directory is fsynced after.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def atomic_write_text(path: str | Path, content: str) -> None:
    """Atomically replace ``path`` with UTF-8 ``content``."""
    atomic_write(path, lambda tmp: tmp.write_text(content, encoding="utf-8", newline=""))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str | Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251, with
    every line ending as \n (Windows \r\n and old Mac \r alike).

    cp1251 is the fallback because Russian statistical CSVs are saved in it; a file that
    is none of these (binary data, say) is a LoadError.
    """
    return _one_line_ending(_decode(data, path))


def _one_line_ending(text: str) -> str:
    # Readers downstream split on \n alone; a file saved with \r alone was one long line.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: str | Path) -> str:
    if not data.strip():
        raise LoadError(path, N_("a non-empty file"))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise LoadError(
                    path,
                    N_("valid {encoding} text"),
                    details=[str(error)],
                    values={"encoding": encoding},
                ) from None
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM: the high byte of every ASCII character is zero, so one of
        # the two byte positions is (almost) all zeros. Anything else with zeros is binary.
        for zeros, encoding in ((head[1::2], "utf-16-le"), (head[0::2], "utf-16-be")):
            if zeros and zeros.count(0) >= 0.9 * len(zeros):
                try:
                    return _text_only(data.decode(encoding), path)
                except UnicodeDecodeError:
                    break
        raise LoadError(
            path, N_("a text file (CSV, JSON or YAML)"), found=Phrase(N_("binary data"))
        )
    try:
        return _text_only(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    try:
        return _text_only(data.decode("cp1251"), path)
    except UnicodeDecodeError as error:
        raise LoadError(path, N_("text in UTF-8, UTF-16 or cp1251"), details=[str(error)]) from None


def _text_only(text: str, path: str | Path) -> str:
    """Refuse decoded text that still holds control characters: it was binary data."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(sample) // 100:
        raise LoadError(
            path, N_("a text file (CSV, JSON or YAML)"), found=Phrase(N_("binary data"))
        )
    return text


def read_text(path: str | Path) -> str:
    """Read and decode a text file, with LoadError for unreadable or empty files."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    return decode(data, path)
