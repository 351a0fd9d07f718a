"""A cache of checked sheets, so a big sheet that passed `factbot check` loads in a fraction.

Reading and checking 100,000 facts takes seconds; a sheet that has not changed since it passed
need not be read again. After a clean check, the built `FactSheet` is written under the user's
cache folder (`$XDG_CACHE_HOME/factbot`, else `~/.cache/factbot`; never in the repository) in a
file named by the SHA-256 of the sheet's bytes, its resolved path and the code that checks it.
With it goes each article's resolved path and SHA-256, and those of the other files the verdict
rests on (the seeds folder's `SHA256SUMS`). A load hashes the sheet, finds the file, and checks
every article and file it names: any difference (a byte of the sheet, of an article or of
`SHA256SUMS`, a link that now leads elsewhere, another version of factbot) is a miss, and the
sheet is read and checked in full. The four most recently written sheets are kept, older ones
deleted. Beside a sheet its search index may be filed, under the same key and a fingerprint of
the indexing code (`bot.index_cache`), with the helpers below: `read_private`, `write_private`,
`fingerprint`. The folder is safe to delete at any time; `FACTBOT_NO_CACHE=1` turns both off.

A file the sheet rests on is not read again while its status shows it untouched, as git's index
does: beside its SHA-256 goes its status (type, size, modification and change times in
nanoseconds, inode, device), taken through the descriptor that read it, before its first byte.
A load takes the status again (`lstat`): the same status, and the file is taken as unchanged
without reading it; any difference, or no status filed, and it is hashed as before (a different
hash is a miss). Writing to a file, `touch`, `chmod`, or replacing it sets its change time to
the clock's time, and only setting the system clock back could set that back (`os.utime` sets
the modification time, not the change time). What a status cannot show is a second change
within one tick of the file system's clock: so a file changed less than `RACILY_CLEAN_NS`
before it was read ("racily clean": FAT keeps times to 2 seconds, and the kernel stamps files
from a clock up to a tick behind the one read here) is filed without its status, and hashed on
every load. The file system is trusted to stamp times from this machine's clock, as git trusts
it: a network share whose clock runs seconds behind could hide an edit made within that much of
the check (`FACTBOT_NO_CACHE=1` there, or delete the folder after such an edit).

The file holds plain values only (text, numbers, tuples) in `marshal`'s format, which, unlike
pickle, never runs code named in the file. Each kind of entry is filed as columns (per field,
its value in each entry: far fewer tuples to make than one per entry), and the entries are
built again from them (`_rebuild`) as instances of their own dataclasses. It is still read
only when written by this user: the folder is made private (0700), and a file is read only
when its owner is the current user, nobody else may write it, and it holds the key it is filed
under. A file that fails any of that is ignored (and replaced on the next clean check).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import logging
import marshal
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from .files import (
    MAX_ARTICLE_BYTES,
    MAX_MANIFEST_BYTES,
    FileProblem,
    read_regular_file,
    read_regular_file_and_status,
)
from .model import Event, FactSheet, Person, Quote, Source
from .schema import parse_date

log = logging.getLogger(__name__)

_MAGIC = "factbot-checked-sheet-5"
KEEP = 4  # checked sheets kept, and as many indexes (a few sheets, or versions of one, in use)
_ENTRIES: tuple[type[Any], ...] = (Source, Person, Quote, Event)
# A file changed less than this before it was read is hashed on every load ("racily clean"):
# FAT's 2-second times, and the kernel's clock tick behind `time.time_ns()`, fit well within it.
RACILY_CLEAN_NS = 3_000_000_000

Read = TypeVar("Read")
# A file's type, size, modification and change times (ns), inode and device, as `lstat` gives
# them; None when it was racily clean, or not filed.
Status = tuple[int, int, int, int, int, int]
Filed = tuple[str, str, Status | None]  # a file's resolved path, SHA-256 and status
Articles = Sequence[Filed]  # per source, in sheet order
Others = Sequence[Filed]  # each other file the verdict rests on


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where checked sheets are kept, or None when the cache is turned off."""
    env = os.environ if environ is None else environ
    if env.get("FACTBOT_NO_CACHE"):
        return None
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factbot"


def sheet_key(path: Path, data: bytes) -> str:
    """The cache key of the sheet at `path` whose bytes are `data`."""
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(b"\0")
    try:
        where = path.resolve()
    except (OSError, RuntimeError):
        where = path.absolute()
    digest.update(os.fsencode(where))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_filed(path: Path, *, limit: int) -> tuple[bytes, Status | None]:
    """`read_regular_file` for a file the verdict rests on: its bytes, and the status to file
    beside their SHA-256, None when the file is racily clean (see the module's docstring)."""
    before = time.time_ns()
    data, info = read_regular_file_and_status(path, limit=limit)
    if max(info.st_mtime_ns, info.st_ctime_ns) >= before - RACILY_CLEAN_NS:
        return data, None
    return data, _status(info)


def _status(info: os.stat_result) -> Status:
    return (
        info.st_mode,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    )


def load_checked(directory: Path, key: str, path: Path) -> FactSheet | None:
    """The checked sheet filed under `key`, if it is there, ours, and its articles unchanged."""
    file = directory / f"{key}.sheet"
    try:
        payload = read_private(file, lambda stream: marshal.loads(stream.read()))
        if payload is None:
            return None
        magic, stored_key, articles, others, head, *sections = payload
        if (magic, stored_key) != (_MAGIC, key):
            return None
        seeds_dir, topic, summary = head
        sheet = FactSheet(
            path,
            Path(seeds_dir),
            topic,
            summary,
            *(_rebuild(cls, columns) for cls, columns in zip(_ENTRIES, sections, strict=True)),
        )
    except Exception as err:  # a truncated or foreign file is a miss, never a failure
        log.debug("ignoring an unreadable cached sheet %s: %s", file.name, type(err).__name__)
        return None
    if not _articles_unchanged(sheet, articles) or not _others_unchanged(others):
        return None
    return sheet


def store_checked(
    directory: Path, key: str, sheet: FactSheet, articles: Articles, others: Others = ()
) -> None:
    """File a sheet that passed every check; a cache that cannot be written is only logged."""
    head = (str(sheet.seeds_dir), sheet.topic, sheet.summary)
    sections = [sheet.sources, sheet.people, sheet.quotes, sheet.events]
    shared: dict[str, str] = {}
    payload: Any = (
        _MAGIC,
        key,
        tuple(articles),
        tuple(others),
        head,
        *(_columns(type_, s, shared) for type_, s in zip(_ENTRIES, sections, strict=True)),
    )
    write_private(directory, f"{key}.sheet", functools.partial(marshal.dump, payload))


def read_private(file: Path, read: Callable[[io.BufferedReader], Read]) -> Read | None:
    """What `read` makes of `file` if it is there and this user's: owned by the current user
    and writable by nobody else. None otherwise (a foreign file is logged); other errors raise."""
    try:
        stream = open(file, "rb")  # noqa: SIM115 (closed below, after the checks)
    except FileNotFoundError:
        return None
    with stream:
        info = os.fstat(stream.fileno())
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            log.warning("ignoring a cached file not written by this user: %s", file.name)
            return None
        return read(stream)


def write_private(directory: Path, name: str, write: Callable[[IO[bytes]], object]) -> None:
    """Put `name` in the cache folder, made private (0700), all at once: `write` fills a
    temporary file that then replaces it, so a reader never sees half a file. Then only the
    `KEEP` newest files of its kind (its suffix) stay. A cache that cannot be written is only
    logged."""
    temporary = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, directory / name)
        _prune(directory, Path(name).suffix)
    except (OSError, ValueError) as err:
        log.debug("could not write %s to the cache: %s", name, type(err).__name__)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(directory: Path, suffix: str) -> None:
    """Keep the most recently written files of a kind only: every edit of a sheet files a new
    one."""
    filed = sorted(directory.glob(f"*{suffix}"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    for old in filed[KEEP:]:
        old.unlink(missing_ok=True)


def _columns(
    cls: type[Any], entries: Sequence[Any], shared: dict[str, str]
) -> tuple[tuple[Any, ...], ...]:
    """Entries of `cls` as columns of plain values (per field, in field order, its value in each
    entry), dates as their text. Equal texts are written once (`shared`): marshal then stores the
    others as references, and a load makes one object for "stated in the article" instead of
    fifty thousand."""
    columns = []
    for name, kind in zip(_names(cls), _types(cls), strict=True):
        values = [getattr(entry, name) for entry in entries]
        if kind == "PartialDate":
            values = list(map(str, values))
        columns.append(tuple(shared.setdefault(v, v) if type(v) is str else v for v in values))
    return tuple(columns)


def _rebuild(cls: type[Any], columns: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The entries `_columns` filed, each an instance of `cls` with the same values.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`, a call per
    field, and 100,000 entries of 11 or 12 fields make that most of a load. Here an unfrozen
    twin with the same slots (`_TWINS`) is filled by its own `__init__`'s plain assignments, and
    then becomes a `cls` (`__class__` assignment, which CPython allows between classes of the
    same layout, and refuses otherwise: a miss then). Three times quicker, and what comes out is
    what `cls(...)` made, frozen like it: every field is filed, those a `__post_init__` would
    set included, so there is nothing for one to do again."""
    names = _names(cls)
    if len(columns) != len(names) or len({len(values) for values in columns}) > 1:
        raise ValueError(f"the filed {cls.__name__} entries have other fields")
    values: list[Iterable[Any]] = list(columns)
    for i, kind in enumerate(_types(cls)):
        if kind == "PartialDate":
            values[i] = map(parse_date, columns[i])
    built = tuple(map(_TWINS[cls], *values))
    for entry in built:
        entry.__class__ = cls
    return built


# Each entry's field names and their declared types, in order.
_FIELDS: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {
    cls: (
        tuple(f.name for f in dataclasses.fields(cls)),
        tuple(str(f.type) for f in dataclasses.fields(cls)),
    )
    for cls in _ENTRIES
}


# Each entry's twin: its fields, in order, as slots, neither frozen nor with defaults (the same
# layout, filled quicker: `_rebuild`).
_TWINS: dict[type[Any], type[Any]] = {
    cls: dataclasses.make_dataclass(
        f"_{cls.__name__}Twin", [(f.name, Any) for f in dataclasses.fields(cls)], slots=True
    )
    for cls in _ENTRIES
}


def _names(cls: type[Any]) -> tuple[str, ...]:
    return _FIELDS[cls][0]


def _types(cls: type[Any]) -> tuple[str, ...]:
    return _FIELDS[cls][1]


def _articles_unchanged(sheet: FactSheet, articles: Any) -> bool:
    if not isinstance(articles, tuple) or len(articles) != len(sheet.sources):
        return False
    for source, (resolved, digest, status) in zip(sheet.sources, articles, strict=True):
        try:
            named = sheet.source_path(source)
            # Most articles are plain files where the sheet names them: one lstat, no resolving.
            info = os.lstat(named)
            now = named
            if stat.S_ISLNK(info.st_mode):
                now = named.resolve(strict=True)
                info = os.stat(now)
            if str(now) != resolved:
                return False
            if not _unchanged(now, info, digest, status, limit=MAX_ARTICLE_BYTES):
                return False
        except (OSError, RuntimeError, ValueError, FileProblem):
            return False
    return True


def _others_unchanged(others: Any) -> bool:
    if not isinstance(others, tuple):
        return False
    for resolved, digest, status in others:
        try:
            path = Path(resolved)
            if not _unchanged(path, os.lstat(path), digest, status, limit=MAX_MANIFEST_BYTES):
                return False
        except (OSError, ValueError, FileProblem):
            return False
    return True


def _unchanged(path: Path, info: os.stat_result, digest: str, status: Any, *, limit: int) -> bool:
    """Whether the file at `path`, whose status now is `info`, holds the bytes filed as `digest`:
    the same status as filed says so without reading it; else its SHA-256 does."""
    if status is not None and _status(info) == status:
        return True
    return file_digest(read_regular_file(path, limit=limit)) == digest


@functools.cache
def _code_fingerprint() -> str:
    """The code whose verdict the cache keeps (this package, the checker, the manifest reader) and
    the Python that wrote it: a change to any of it makes every filed sheet a miss. Read on first
    use."""
    here = Path(__file__).parent
    files = (*sorted(here.glob("*.py")), here.parent / "check.py", here.parent / "manifest.py")
    return fingerprint(files, sys.version, str(marshal.version))


def fingerprint(files: Iterable[Path], *versions: str) -> str:
    """The SHA-256 of some versions and the bytes of some files: a change to any is another
    fingerprint."""
    digest = hashlib.sha256("\0".join(versions).encode())
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()
