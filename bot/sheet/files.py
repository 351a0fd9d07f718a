"""Reading the files a sheet or the settings name: regular files only, never past a size limit.

A path given by a user may be anything: a folder, a pipe that never ends (`/dev/zero`), a FIFO
that blocks until someone writes, a symbolic link to itself, a name holding a NUL byte. Each is
refused with `FileProblem`, whose text is our own short words (no library's wording, no host
path), before a byte is read. Nothing here imports yaml, discord or rapidfuzz.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024
# A sheet of 100,000 facts is about 50 MB; settings are a few lines; an article a few pages;
# the seeds folder's SHA256SUMS one line per article.
MAX_SHEET_BYTES = 256 * MB
MAX_SETTINGS_BYTES = 1 * MB
MAX_ARTICLE_BYTES = 16 * MB
MAX_MANIFEST_BYTES = 64 * MB  # a line of about 80 bytes per article


class FileProblem(Exception):
    """A file that cannot be read; `str()` says why in a few words, without the path."""


def read_error_text(err: OSError | UnicodeDecodeError) -> str:
    """Our own words for a file that cannot be read: no library's wording, no host path."""
    if isinstance(err, UnicodeDecodeError):
        return f"byte 0x{err.object[err.start]:02x} at offset {err.start} is not UTF-8"
    if err.errno == errno.ELOOP:
        return "a symbolic link that leads back to itself"
    return (err.strerror or type(err).__name__).lower()


def read_regular_file(path: Path, *, limit: int) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes; else `FileProblem`.

    The file is opened without blocking (a FIFO is refused, not waited on) and checked through
    its open descriptor, so what is checked is what is read.
    """
    return read_regular_file_and_status(path, limit=limit)[0]


def read_regular_file_and_status(path: Path, *, limit: int) -> tuple[bytes, os.stat_result]:
    """`read_regular_file`, and the file's status as it was just before its first byte was read
    (taken through the descriptor that reads it)."""
    if "\x00" in str(path):
        raise FileProblem("the path contains a NUL byte")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileProblem("file not found") from None
    except OSError as err:
        raise FileProblem(read_error_text(err)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise FileProblem(f"larger than the limit of {limit // MB} MB")
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(limit + 1)
    except OSError as err:
        raise FileProblem(read_error_text(err)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise FileProblem(f"larger than the limit of {limit // MB} MB")
    return data, info


def read_text_file(path: Path, *, limit: int) -> str:
    """`read_regular_file`, decoded as UTF-8."""
    data = read_regular_file(path, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileProblem(read_error_text(err)) from None
