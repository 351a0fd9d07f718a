"""The built search index, cached beside the checked sheet: a restart on an unchanged sheet
restores the index instead of building it again.

Building the index of 100,000 facts takes seconds (every entry's text is split and stemmed in
Python); what it leaves is a few NumPy arrays over all the entries, the vocabulary's words and
stems (each first letter's words by length, with their letter masks), and the entries' date
order and days (`Index.state`): a restore computes none of it again. `index_for(checked,
settings)` is the one way the adapters get the index of a sheet that passed `check_sheet`. When
the sheet has a key in the cache of checked sheets (`Checked.key`: it came from there or was
filed there, so it has no drafts), the index is looked for in the same folder, filed under that
key and a fingerprint of the code that builds it (`bot/ranking.py`, `bot/search.py`,
`bot/query.py`) and of the versions that shape it (PyStemmer's version and stems, NumPy's);
found, it is restored, else built and filed. Any other sheet is indexed as it always was;
`FACTBOT_NO_CACHE=1` turns this off with the sheet cache.

The file: a `marshal`'d header (plain values only: the key it is filed under, the vocabulary,
each array's type and shape, a CRC-32 of all that and the arrays), then the arrays' raw bytes,
read straight into the arrays that serve: no second copy, no pickle, number types only. It has
the sheet cache's safety (`bot.sheet.cache`): a private folder, read only when this user owns the
file and nobody else may write it, written whole or not at all, the newest few kept. Anything
amiss (cut short, another key, a changed byte, an array of the wrong type or length) is a miss:
the index is built again and filed anew.

Nothing here knows commands, rendering or Discord.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import marshal
import math
import os
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np

from .check import Checked
from .ranking import State, stemmer_fingerprint
from .search import Index
from .settings import MatchSettings
from .sheet.cache import cache_dir, fingerprint, read_private, write_private

log = logging.getLogger(__name__)

_MAGIC = "factbot-index-1"
_NUMBERS = "iuf"  # the kinds of array a file may hold: integers and floats, never objects

Arrays = list[tuple[str, str, str, tuple[int, ...]]]  # (part, name, dtype, shape) in file order


def index_for(checked: Checked, settings: MatchSettings | None = None) -> Index:
    """The index of a sheet that passed `check_sheet`: from the cache when it holds this sheet's
    index built by this code, else built (and filed, when the sheet has a key)."""
    sheet = checked.sheet
    if not checked.ok or sheet is None:
        raise ValueError("only a sheet that passed the check is indexed")
    directory = cache_dir()
    if checked.key is None or directory is None:
        return Index(sheet, settings)
    key = index_key(checked.key)
    saved = load_index_state(directory, key)
    if saved is not None:
        try:
            return Index(sheet, settings, saved=saved)
        except (ValueError, KeyError, TypeError) as err:
            log.debug("ignoring a cached index that does not fit: %s", type(err).__name__)
    index = Index(sheet, settings)
    store_index_state(directory, key, index.state())
    return index


def index_key(sheet_key: str) -> str:
    """The key of a sheet's index: the sheet's key and the fingerprint of the indexing code."""
    return hashlib.sha256(f"{sheet_key}\0{index_fingerprint()}".encode()).hexdigest()


@functools.cache
def index_fingerprint() -> str:
    """The code that builds the index and the versions that shape it. Read on first use."""
    here = Path(__file__).parent
    files = (here / "ranking.py", here / "search.py", here / "query.py")
    return fingerprint(files, *stemmer_fingerprint(), np.__version__)


def store_index_state(directory: Path, key: str, state: Mapping[str, State]) -> None:
    """File an index's state under `key`; a cache that cannot be written is only logged."""
    plain: dict[str, State] = {}
    arrays: Arrays = []
    data: list[np.ndarray[Any, Any]] = []
    for part, values in state.items():
        plain[part] = {}
        for name, value in values.items():
            if isinstance(value, np.ndarray):
                array = np.ascontiguousarray(value)
                arrays.append((part, name, array.dtype.str, array.shape))
                data.append(array)
            else:
                plain[part][name] = value
    header = marshal.dumps((plain, arrays))
    check = zlib.crc32(header)
    for array in data:
        check = zlib.crc32(array.data.cast("B"), check)

    def write(stream: IO[bytes]) -> None:
        marshal.dump((_MAGIC, key, check, header), stream)
        for array in data:
            stream.write(array.data.cast("B"))

    write_private(directory, f"{key}.index", write)


def load_index_state(directory: Path, key: str) -> dict[str, State] | None:
    """The index state filed under `key`, if it is there, ours and whole; else None."""
    file = directory / f"{key}.index"
    try:
        return read_private(file, functools.partial(_read_state, key=key))
    except Exception as err:  # a truncated or foreign file is a miss, never a failure
        log.debug("ignoring an unreadable cached index %s: %s", file.name, type(err).__name__)
        return None


def _read_state(stream: io.BufferedReader, *, key: str) -> dict[str, State] | None:
    magic, stored_key, stored_check, header = marshal.load(stream)
    if (magic, stored_key) != (_MAGIC, key):
        return None
    check = zlib.crc32(header)
    state, arrays = marshal.loads(header)
    del header
    wanted = [(part, name, np.dtype(kind), tuple(shape)) for part, name, kind, shape in arrays]
    if any(dtype.kind not in _NUMBERS for _p, _n, dtype, _s in wanted):
        return None
    left = os.fstat(stream.fileno()).st_size - stream.tell()
    if sum(dtype.itemsize * math.prod(shape) for _p, _n, dtype, shape in wanted) != left:
        return None  # cut short, or more than it says
    for part, name, dtype, shape in wanted:
        array = np.empty(shape, dtype)
        if stream.readinto(array.data.cast("B")) != array.nbytes:
            return None
        check = zlib.crc32(array.data.cast("B"), check)
        state[part][name] = array
    if check != stored_check:
        log.debug("ignoring a changed cached index %s", key)
        return None
    return state  # type: ignore[no-any-return]
