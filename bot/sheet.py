"""The fact sheet: its model (frozen dataclasses) and the YAML loader that keeps line numbers.

The loader turns `config/factsheet.yaml` into a `FactSheet` and reports every structural
problem (syntax, missing or unknown keys, wrong types, malformed dates) as a `Problem` naming
the file, line, column and field. It never raises for a bad file. Cross-entry checks (ids,
references, verbatim quotes, boilerplate) live in `bot.check`.

Big sheets (100,000 entries, 50 MB) load in seconds: a fast reader handles the plain YAML most
sheets are written in and hands anything else to PyYAML (see "The fast reader" below).

Only this module and `bot.settings` import yaml; nothing here imports discord or rapidfuzz.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import gc
import io
import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

Precision = Literal["year", "month", "day"]
PersonKind = Literal["person", "body"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


# The entries use slots: a sheet of 100,000 entries takes 15 MB less without instance dicts.
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (`2025`, `2025-07`, `2025-07-04`)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None when the text is not a real date."""
        match = _DATE_RE.match(text.strip())
        if not match:
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if year < dt.MINYEAR:  # Python's dates start at year 1
            return None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological order; a vaguer date sorts before the precise ones it contains."""
        return (self.first_day(), ("year", "month", "day").index(self.precision))

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class Source:
    """One article: where it was published and what is known about it."""

    id: str
    file: str
    outlet: str
    title: str
    author: str | None
    published: PartialDate
    published_basis: str
    url: str
    original_url: str | None
    caution: str | None
    boilerplate: tuple[str, ...]
    boilerplate_from: str | None
    # "draft" (optionally with a note) until a person has reviewed the entry: never served.
    review: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone (or a body: a ministry, a joint statement) who speaks or takes part in events."""

    id: str
    name: str
    role: str
    kind: PersonKind
    aliases: tuple[str, ...]
    review: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words printed between quotation marks in an article, verbatim, with speaker and date."""

    id: str
    speaker: str
    text: str
    source: str
    date: PartialDate
    date_basis: str
    context: str
    article_says: str | None
    review: str | None = None
    # What the article_says note is about: "date" (the default), "wording" or "place".
    note_on: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event that one or more articles report."""

    id: str
    date: PartialDate
    title: str
    summary: str
    keywords: tuple[str, ...]
    people: tuple[str, ...]
    sources: tuple[str, ...]
    date_basis: str
    article_says: str | None
    # The article reports the event as planned, so its date may follow the publication.
    scheduled: bool = False
    review: str | None = None
    # What the article_says note is about: "date" (the default), "wording" or "place".
    note_on: str | None = None


@dataclass(frozen=True)
class FactSheet:
    """The whole curated sheet. `path` is the YAML file; `seeds_dir` holds the article files."""

    path: Path
    seeds_dir: Path
    topic: str
    summary: str
    sources: tuple[Source, ...]
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    _sources_by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    _people_by_id: dict[str, Person] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources_by_id", {s.id: s for s in self.sources})
        object.__setattr__(self, "_people_by_id", {p.id: p for p in self.people})

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def person(self, person_id: str) -> Person:
        return self._people_by_id[person_id]

    def has_source(self, source_id: str) -> bool:
        return source_id in self._sources_by_id

    def has_person(self, person_id: str) -> bool:
        return person_id in self._people_by_id

    def source_path(self, source: Source) -> Path:
        return self.seeds_dir / source.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a sheet, phrased for the person who edits the YAML."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


# --- YAML with positions --------------------------------------------------------------------


class _MarkedDict(dict[Any, Any]):
    """A mapping that remembers where it, its keys and its values stand in the file.

    The fast reader stores the marks packed (line, column of key, line, column of value, per key
    in order) and the dictionaries are made on first use: only for entries with a problem.
    """

    __slots__ = ("_key_marks", "_packed", "_value_marks", "mark")

    def __init__(self) -> None:
        super().__init__()
        self.mark: tuple[int, int] = (1, 1)
        self._key_marks: dict[Any, tuple[int, int]] | None = None
        self._value_marks: dict[Any, tuple[int, int]] | None = None
        self._packed: array[int] | None = None

    @property
    def key_marks(self) -> dict[Any, tuple[int, int]]:
        if self._key_marks is None:
            self._unpack()
        assert self._key_marks is not None
        return self._key_marks

    @key_marks.setter
    def key_marks(self, marks: dict[Any, tuple[int, int]]) -> None:
        self._key_marks = marks

    @property
    def value_marks(self) -> dict[Any, tuple[int, int]]:
        if self._value_marks is None:
            self._unpack()
        assert self._value_marks is not None
        return self._value_marks

    @value_marks.setter
    def value_marks(self, marks: dict[Any, tuple[int, int]]) -> None:
        self._value_marks = marks

    def _unpack(self) -> None:
        packed = self._packed if self._packed is not None else array("I")
        keys = list(self)
        self._key_marks = {k: (packed[4 * i], packed[4 * i + 1]) for i, k in enumerate(keys)}
        self._value_marks = {k: (packed[4 * i + 2], packed[4 * i + 3]) for i, k in enumerate(keys)}


class _MarkedList(list[Any]):
    """A list that remembers where it and each item stand (packed by the fast reader)."""

    __slots__ = ("_item_marks", "_mark", "_packed")

    def __init__(self) -> None:
        super().__init__()
        self._mark: tuple[int, int] | None = (1, 1)
        self._item_marks: list[tuple[int, int]] | None = None
        self._packed: array[int] | tuple[int, int, str | int] | None = None

    @property
    def mark(self) -> tuple[int, int]:
        if self._mark is None:  # a one-line flow list: its "[" is in the packed marks
            assert isinstance(self._packed, tuple)
            return (self._packed[0], self._packed[1] + 1)
        return self._mark

    @mark.setter
    def mark(self, mark: tuple[int, int]) -> None:
        self._mark = mark

    @property
    def item_marks(self) -> list[tuple[int, int]]:
        if self._item_marks is None:
            packed = self._packed if self._packed is not None else array("I")
            if isinstance(packed, tuple):  # a one-line flow list
                line, at, written = packed
                if isinstance(written, int):
                    # written the usual way: (line, column of "[", which items were quoted)
                    marks = []
                    at += 1
                    for k, item in enumerate(self):
                        marks.append((line, at + 1))
                        at += len(item) + (2 if written >> k & 1 else 0) + 2
                else:  # (line, column of "[", the list as written)
                    marks = [(line, at + m.start() + 1) for m in _FLOW_ITEM.finditer(written, 1)]
            else:
                marks = [(packed[i], packed[i + 1]) for i in range(0, len(packed), 2)]
            self._item_marks = marks
        return self._item_marks

    @item_marks.setter
    def item_marks(self, marks: list[tuple[int, int]]) -> None:
        self._item_marks = marks


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


# A sheet nests four levels deep; anything far deeper is a mistake or an attack. Our own limit,
# checked while building, keeps the error (and its position) the same whatever PyYAML and
# libyaml allow, and far below Python's recursion limit.
MAX_NESTING = 64


class _TooDeep(Exception):
    def __init__(self, mark: tuple[int, int]) -> None:
        super().__init__(mark)
        self.mark = mark


def read_error_text(err: OSError | UnicodeDecodeError) -> str:
    """Our own words for a file that cannot be read: no library's wording, no host path."""
    if isinstance(err, UnicodeDecodeError):
        return f"byte 0x{err.object[err.start]:02x} at offset {err.start} is not UTF-8"
    return (err.strerror or type(err).__name__).lower()


# The C parser (libyaml) is ~8x faster and its nodes still carry line and column.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SheetLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """A safe loader (no arbitrary objects) that records positions and duplicate keys.

    Timestamps stay strings: the sheet's dates have their own format and precision.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, tuple[int, int]]] = []
        self.depth = 0

    @contextlib.contextmanager
    def nested(self, node: yaml.Node) -> Iterator[None]:
        """Count the collections being built; past MAX_NESTING the sheet is refused."""
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise _TooDeep(_pos(node.start_mark))
            yield
        finally:
            self.depth -= 1


def _construct_map(loader: _SheetLoader, node: yaml.MappingNode) -> Iterator[_MarkedDict]:
    data = _MarkedDict()
    data.mark = _pos(node.start_mark)
    data.key_marks, data.value_marks = {}, {}
    yield data
    with loader.nested(node):
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in data:
                loader.duplicates.append((key, _pos(key_node.start_mark)))
            data[key] = loader.construct_object(value_node, deep=True)
            data.key_marks[key] = _pos(key_node.start_mark)
            data.value_marks[key] = _pos(value_node.start_mark)


def _construct_seq(loader: _SheetLoader, node: yaml.SequenceNode) -> Iterator[_MarkedList]:
    data = _MarkedList()
    data.mark = _pos(node.start_mark)
    data.item_marks = [_pos(child.start_mark) for child in node.value]
    yield data
    with loader.nested(node):
        data.extend(loader.construct_object(child, deep=True) for child in node.value)


_SheetLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_SheetLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_SheetLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeBase.construct_yaml_str)


def _read_yaml(text: str) -> tuple[Any, list[tuple[str, tuple[int, int]]]]:
    loader = _SheetLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


# --- The fast reader --------------------------------------------------------------------------
#
# A sheet of 100,000 entries is about 50 MB of YAML; PyYAML builds a node per scalar, with its
# marks, before anything else happens, so checking it takes 10 s and 1.4 GB that way, and 3 s and
# a fifth of the memory with this reader (tests/benchmarks/bench_lookup.py). Most sheets use a
# small part of YAML: block mappings and sequences, one value per line, double-quoted strings
# without escapes, plain one-line scalars and one-line flow lists. `_read_simple` reads exactly
# that, line by line, and gives what PyYAML gives (the same values, the same marks, the same
# duplicate keys); on anything else (block scalars, single quotes, escapes, anchors, tags,
# multi-line values, tabs, odd characters, a syntax error) it returns None and PyYAML reads the
# file, so every YAML error message still comes from PyYAML.


class _NotSimple(Exception):
    """The file uses YAML beyond what the fast reader handles: PyYAML reads it."""


# Characters PyYAML reads differently or rejects: controls, tabs, CR, NEL and the other C1
# controls, line and paragraph separators, BOM, U+FFFE/U+FFFF. (Looked for only in the lines
# that `str.isprintable` does not pass, which is cheap.)
_UNSIMPLE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_LINE = re.compile(r'( *)(?:(- +)(?=\S))?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +|$)(?:"([^"\\]*)"$)?)?')
_PLAIN_START_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_PLAIN_BAD = re.compile(r"[\[\]{}#\"'&*!|>%@`:?]")


class _SimpleReader:
    """Reads the simple YAML described above in one pass; raises _NotSimple on anything else.

    Open containers are a stack of frames: [indent, container, packed marks, is a mapping].
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.duplicates: list[tuple[str, tuple[int, int]]] = []
        self._scalars: dict[str, Any] = {}
        self._loader: _SheetLoader | None = None

    def read(self) -> _MarkedDict:
        stack: list[list[Any]] = []
        root: _MarkedDict | None = None
        # A key whose value is the block below: (its mapping's frame, key, line, key column).
        pending: tuple[list[Any], str, int, int] | None = None
        match_line = _LINE.match
        keys: dict[str, str] = {}
        short = self._scalars
        # The open mapping, when the next line may be a plain `key: value` of it (fast path).
        fast_indent, fast_data, fast_packed = -1, _MarkedDict(), array("I")
        line_no = 0
        for raw in io.BytesIO(self.data):
            line_no += 1
            line = raw.decode("utf-8").rstrip("\n")
            if not line.isprintable() and _UNSIMPLE_CHARS.search(line):
                raise _NotSimple
            match = match_line(line)
            assert match is not None
            spaces, dashes, key, quoted = match.groups()
            indent = len(spaces)
            # The next item of a list of mappings, `- key: value` with a one-line value: end the
            # item before, open this one, and go on as below.
            if (
                dashes is not None
                and key is not None
                and fast_indent == indent + len(dashes)
                and len(stack) > 1
                and not stack[-2][3]
                and stack[-2][0] == indent
                and (quoted is not None or _simple_value(line[match.end() :]))
            ):
                _close(stack.pop())
                items = stack[-1]
                item = _MarkedDict()
                item.mark = (line_no, fast_indent + 1)
                items[2].extend(item.mark)
                items[1].append(item)
                fast_data, fast_packed = item, array("I")
                stack.append([fast_indent, item, fast_packed, True])
                indent, dashes = fast_indent, None
            # The common line, `key: value` in the open mapping, without the general machinery.
            if indent == fast_indent and key is not None and dashes is None:
                name = keys.get(key) or keys.setdefault(key, self._key(key))
                if name not in fast_data:
                    if quoted is not None:
                        fast_data[name] = (
                            quoted if len(quoted) > 40 else short.setdefault(quoted, quoted)
                        )
                        fast_packed.extend((line_no, indent + 1, line_no, match.start(4)))
                        continue
                    end = match.end()
                    rest = line[end:]
                    if rest[:1] == "[":
                        fast_data[name] = self._flow(line_no, rest.rstrip(" "), end)
                        fast_packed.extend((line_no, indent + 1, line_no, end + 1))
                        continue
                    if _simple_plain(rest):
                        fast_data[name] = self._plain(rest)
                        fast_packed.extend((line_no, indent + 1, line_no, end + 1))
                        continue
            if indent == len(line) or line[indent] == "#":
                continue  # a blank line or a comment
            if indent == 0 and line.startswith(("---", "...", "%")):
                raise _NotSimple  # documents and directives
            end = match.end() if quoted is None else match.start(4) - 1
            dash = indent if dashes else -1
            kcol = match.start(3) if key is not None else end
            rest = line[end:].rstrip(" ")
            if key is None and dash < 0:
                raise _NotSimple  # a scalar where a key was expected, or worse
            if pending is not None:
                parent, pkey, pline, pkcol = pending
                pending = None
                if dash >= 0 and indent >= parent[0]:
                    block: _MarkedDict | _MarkedList = _MarkedList()
                    block.mark = (line_no, indent + 1)
                    stack.append([indent, block, array("I"), False])
                elif dash < 0 and key is not None and indent > parent[0]:
                    block = _MarkedDict()
                    block.mark = (line_no, kcol + 1)
                    stack.append([indent, block, array("I"), True])
                else:
                    raise _NotSimple  # an empty value: null
                self._set(parent, pkey, pline, pkcol, block, block.mark)
            else:
                # Close what this line is outside of (a key also ends a sequence at its indent).
                while stack and (
                    stack[-1][0] > indent
                    or (stack[-1][0] == indent and dash < 0 and not stack[-1][3])
                ):
                    _close(stack.pop())
            if not stack:
                if root is not None or indent or dash >= 0:
                    raise _NotSimple
                root = _MarkedDict()
                root.mark = (line_no, 1)
                stack.append([0, root, array("I"), True])
            top = stack[-1]
            if top[0] != indent:
                raise _NotSimple  # a continuation line, or a block where none may be
            if top[3]:
                if dash >= 0 or key is None:
                    raise _NotSimple
                pending = self._entry(top, key, line_no, kcol, rest, end)
            elif key is not None:
                item = _MarkedDict()
                item.mark = (line_no, kcol + 1)
                top[2].extend((line_no, kcol + 1))
                top[1].append(item)
                frame = [kcol, item, array("I"), True]
                stack.append(frame)
                pending = self._entry(frame, key, line_no, kcol, rest, end)
            else:
                if not rest or rest[0] == "#":
                    raise _NotSimple  # an empty item: null
                top[2].extend((line_no, end + 1))
                top[1].append(self._inline(line_no, rest, end))
            top = stack[-1]
            if pending is None and top[3]:
                fast_indent, fast_data, fast_packed = top[0], top[1], top[2]
            else:
                fast_indent = -1
        if pending is not None or root is None:
            raise _NotSimple
        while stack:
            _close(stack.pop())
        return root

    def _entry(
        self, frame: list[Any], key: str, line: int, kcol: int, rest: str, col: int
    ) -> tuple[list[Any], str, int, int] | None:
        """Add `key: rest` to the mapping; when the value is the block below, say so."""
        key = self._key(key)
        if not rest or rest[0] == "#":
            return (frame, key, line, kcol)
        self._set(frame, key, line, kcol, self._inline(line, rest, col), (line, col + 1))
        return None

    def _set(
        self, frame: list[Any], key: str, line: int, kcol: int, value: Any, vmark: tuple[int, int]
    ) -> None:
        data, packed = frame[1], frame[2]
        if key in data:
            self.duplicates.append((key, (line, kcol + 1)))
            at = 4 * list(data).index(key)
            packed[at : at + 4] = array("I", (line, kcol + 1, *vmark))
        else:
            packed.extend((line, kcol + 1, *vmark))
        data[key] = value

    # Scalars

    def _inline(self, line: int, text: str, col: int) -> Any:
        first = text[0]
        if first == '"':
            if text[-1] == '"' and text.count('"') == 2 and "\\" not in text:
                return self._short(text[1:-1])
            value, end = self._quoted(text, 0)
            self._comment_only(text[end:])
            return value
        if first == "[":
            return self._flow(line, text, col)
        if first in _PLAIN_START_BAD:
            raise _NotSimple
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut].rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _NotSimple
        return self._plain(text)

    def _short(self, value: str) -> str:
        """Short strings repeat (ids, dates, set phrases): keep one copy of each."""
        return self._scalars.setdefault(value, value) if len(value) <= 40 else value

    def _quoted(self, text: str, start: int) -> tuple[str, int]:
        end = text.find('"', start + 1)
        if end < 0:
            raise _NotSimple  # continues on the next line
        value = text[start + 1 : end]
        if "\\" in value:
            raise _NotSimple  # escapes
        return self._short(value), end + 1

    def _flow(self, line: int, text: str, col: int) -> _MarkedList:
        data = _MarkedList()
        if _FLOW_SIMPLE.fullmatch(text):
            # (A plain item is never empty; the item marks are worked out if ever asked for.)
            pairs = _FLOW_ITEM.findall(text, 1)
            data.extend(
                self._plain(plain.rstrip(" ")) if plain else self._short(quoted)
                for quoted, plain in pairs
            )
            # Written the usual way ("[a, "b c"]"), the marks follow from the items: keep which
            # were quoted rather than the line itself.
            raw = [plain if plain else f'"{quoted}"' for quoted, plain in pairs]
            if text == f"[{', '.join(raw)}]" and all(
                plain == value for (_q, plain), value in zip(pairs, data, strict=True) if plain
            ):
                quoted_items = sum(1 << k for k, (_q, plain) in enumerate(pairs) if not plain)
                data._packed = (line, col, quoted_items)
            else:
                data._packed = (line, col, text)
            data._mark = None
            return data
        data.mark = (line, col + 1)
        packed = array("I")
        at = 1
        while True:
            while at < len(text) and text[at] == " ":
                at += 1
            if at >= len(text):
                raise _NotSimple  # continues on the next line
            if text[at] == "]" and not data:
                at += 1
                break
            packed.extend((line, col + at + 1))
            if text[at] == '"':
                value, at = self._quoted(text, at)
                data.append(value)
            else:
                stop = at
                while stop < len(text) and text[stop] not in ",]":
                    stop += 1
                item = text[at:stop].rstrip(" ")
                if not item or item[0] in _PLAIN_START_BAD or _FLOW_PLAIN_BAD.search(item):
                    raise _NotSimple
                data.append(self._plain(item))
                at = stop
            while at < len(text) and text[at] == " ":
                at += 1
            if at < len(text) and text[at] == ",":
                at += 1
                if text[at:].lstrip(" ").startswith("]"):
                    raise _NotSimple  # a trailing comma
                continue
            if at < len(text) and text[at] == "]":
                at += 1
                break
            raise _NotSimple
        self._comment_only(text[at:])
        data._packed = packed
        return data

    @staticmethod
    def _comment_only(rest: str) -> None:
        """What follows a quoted value or a flow list must be nothing or a comment."""
        if rest.strip(" ") and not (rest.startswith(" ") and rest.lstrip(" ").startswith("#")):
            raise _NotSimple

    def _plain(self, text: str) -> Any:
        """A plain scalar, resolved as PyYAML resolves it (null, bool, int, float, str)."""
        if text[0] not in _IMPLICIT_FIRST and None not in _IMPLICIT_FIRST:
            return self._short(text)
        known = self._scalars.get(text, _MISSING)
        if known is _MISSING:
            known = self._scalars[text] = self._construct_plain(text)
        return known

    def _construct_plain(self, text: str) -> Any:
        if self._loader is None:
            self._loader = _SheetLoader("")
        loader = self._loader
        tag = loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag not in _SIMPLE_TAGS:
            raise _NotSimple
        return loader.construct_object(yaml.ScalarNode(tag, text))

    def _key(self, key: str) -> str:
        value = self._plain(key)
        if not isinstance(value, str):
            raise _NotSimple  # a key such as `yes` or `null`
        return value


def _simple_plain(rest: str) -> bool:
    """A plain one-line value the fast path reads as it is (no comment, no colon, no spaces)."""
    return bool(
        rest
        and rest[0] not in _PLAIN_START_BAD
        and rest[-1] not in " :"
        and " #" not in rest
        and ": " not in rest
    )


def _simple_value(rest: str) -> bool:
    """A value the fast path takes: a plain word as above, or a flow list."""
    return rest[:1] == "[" or _simple_plain(rest)


def _close(frame: list[Any]) -> None:
    frame[1]._packed = frame[2]


# A one-line flow list of double-quoted strings without escapes and of plain words.
_FLOW_ITEM_TEXT = r'"([^"\\]*)"|([^\s\[\]{}#"\'&*!|>%@`:?,-][^\[\]{}#"\'&*!|>%@`:?,]*)'
_FLOW_SIMPLE = re.compile(rf"\[ *(?:(?:{_FLOW_ITEM_TEXT}) *, *)*(?:{_FLOW_ITEM_TEXT}) *\]")
_FLOW_ITEM = re.compile(_FLOW_ITEM_TEXT)
_MISSING = object()
_IMPLICIT_FIRST = frozenset(_SheetLoader.yaml_implicit_resolvers)
_SIMPLE_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp", "str")
)


def _read_simple(data: bytes) -> tuple[Any, list[tuple[str, tuple[int, int]]]] | None:
    """The document and its duplicate keys, or None when PyYAML must read the file."""
    reader = _SimpleReader(data)
    try:
        document = reader.read()
    except (_NotSimple, UnicodeDecodeError):
        return None
    finally:
        if reader._loader is not None:
            reader._loader.dispose()
    return document, reader.duplicates


# --- Schema ---------------------------------------------------------------------------------

FieldKind = Literal["str", "str?", "date", "list[str]", "kind", "entries", "bool"]

# field name -> (kind, required). "str?" fields must be present but may be null when required.
_SCHEMA: dict[str, dict[str, tuple[FieldKind, bool]]] = {
    "sheet": {
        "topic": ("str", True),
        "summary": ("str", True),
        "seeds": ("str", True),
        # lists of entries, each checked against its own section below
        "sources": ("entries", True),
        "people": ("entries", True),
        "quotes": ("entries", True),
        "events": ("entries", True),
    },
    "sources": {
        "id": ("str", True),
        "file": ("str", True),
        "outlet": ("str", True),
        "title": ("str", True),
        "author": ("str?", True),
        "published": ("date", True),
        "published_basis": ("str", True),
        "url": ("str", True),
        "original_url": ("str?", False),
        "caution": ("str?", True),
        "boilerplate": ("list[str]", True),
        "boilerplate_from": ("str?", True),
        "review": ("str?", False),
    },
    "people": {
        "id": ("str", True),
        "name": ("str", True),
        "role": ("str", True),
        "kind": ("kind", False),
        "aliases": ("list[str]", False),
        "review": ("str?", False),
    },
    "quotes": {
        "id": ("str", True),
        "speaker": ("str", True),
        "text": ("str", True),
        "source": ("str", True),
        "date": ("date", True),
        "date_basis": ("str", True),
        "context": ("str", True),
        "article_says": ("str?", False),
        "review": ("str?", False),
        "note_on": ("str?", False),
    },
    "events": {
        "id": ("str", True),
        "date": ("date", True),
        "title": ("str", True),
        "summary": ("str", True),
        "keywords": ("list[str]", True),
        "people": ("list[str]", True),
        "sources": ("list[str]", True),
        "date_basis": ("str", True),
        "article_says": ("str?", False),
        "scheduled": ("bool", False),
        "review": ("str?", False),
        "note_on": ("str?", False),
    },
}
_SECTIONS = ("sources", "people", "quotes", "events")
_PERSON_KINDS = ("person", "body")


class Locator:
    """Finds the line and column of a field path such as `quotes[14].date` in the parsed file."""

    def __init__(self, document: Any) -> None:
        self._document = document

    def __call__(self, path: str) -> tuple[int, int]:
        node: Any = self._document
        mark = getattr(node, "mark", (1, 1))
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            if part.startswith("[") and isinstance(node, _MarkedList):
                index = int(part[1:-1])
                if index >= len(node):
                    break
                mark, node = node.item_marks[index], node[index]
            elif isinstance(node, _MarkedDict) and part in node:
                mark, node = node.value_marks[part], node[part]
            else:
                break
        return mark


@dataclass(frozen=True)
class Parsed:
    """What the loader made of a file.

    `sheet` holds the entries that could be built (None when the file is unusable); it is safe
    to serve only when `problems` is empty. `positions[section][i]` is the index in the file of
    the i-th built entry of that section, so later checks can name the right line.
    """

    file: str
    sheet: FactSheet | None
    problems: tuple[Problem, ...]
    locate: Callable[[str], tuple[int, int]]
    positions: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # ids of entries that are in the file but could not be built: references to them are not
    # reported again as unknown.
    unbuilt_ids: frozenset[str] = frozenset()
    # References held by entries that could not be built: (field path, "people"|"sources", id),
    # so that their unknown ids are still reported in the same run.
    loose_references: tuple[tuple[str, str, str], ...] = ()


class _Collector:
    def __init__(self, file: str, locate: Callable[[str], tuple[int, int]]) -> None:
        self.file = file
        self.locate = locate
        self.problems: list[Problem] = []

    def at(self, mark: tuple[int, int], path: str, message: str) -> None:
        self.problems.append(Problem(self.file, mark[0], mark[1], path, message))

    def add(self, path: str, message: str) -> None:
        self.at(self.locate(path), path, message)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"a yes/no value ({value!r})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    return f"{value!r}"


def _validate_fields(
    entry: _MarkedDict, section: str, path: str, out: _Collector
) -> dict[str, Any] | None:
    """Check one mapping against its schema. Returns clean values, or None if unusable."""
    quick = _quick_values(entry, section)
    if quick is not None:
        return quick
    schema = _SCHEMA[section]
    ok = True
    for key in entry:
        if key not in schema:
            hint = _closest(key, schema)
            out.at(
                entry.key_marks[key],
                f"{path}.{key}" if path else key,
                f"unknown key{hint}; expected one of: {', '.join(schema)}",
            )
            ok = False
    values: dict[str, Any] = {}
    # Marks and field paths are looked up only for a problem: most entries have none.
    for name, (kind, required) in schema.items():
        if name not in entry:
            if required:
                out.at(entry.mark, f"{path}.{name}" if path else name, "missing (required)")
                ok = False
            elif kind != "bool":  # a missing flag keeps its dataclass default
                values[name] = () if kind == "list[str]" else None
            continue
        if kind == "entries":
            continue
        value = entry[name]
        problem = ""
        if kind == "str" or kind == "str?":
            if value is None and kind == "str?":
                values[name] = None
            elif isinstance(value, str) and (stripped := value.strip()):
                values[name] = stripped
            else:
                problem = f"expected text, got {_type_name(value)}"
        elif kind == "date":
            parsed = _parse_date(value) if isinstance(value, str) else None
            if isinstance(value, int) and not isinstance(value, bool):
                parsed = _parse_date(str(value))
            if parsed is None:
                got = repr(value) if isinstance(value, str) else _type_name(value)
                problem = f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {got}"
            values[name] = parsed
        elif kind == "bool":
            if not isinstance(value, bool):
                problem = f"expected true or false, got {_type_name(value)}"
            values[name] = value
        elif kind == "kind":
            if value not in _PERSON_KINDS:
                problem = f"expected person or body, got {_type_name(value)}"
            values[name] = value
        elif kind == "list[str]":
            if not isinstance(value, list):
                problem = f"expected a list, got {_type_name(value)}"
            else:
                items = tuple(item.strip() if isinstance(item, str) else item for item in value)
                for i, item in enumerate(items):
                    if not (isinstance(item, str) and item):
                        field_path = f"{path}.{name}" if path else name
                        out.at(
                            cast(_MarkedList, value).item_marks[i],
                            f"{field_path}[{i}]",
                            f"expected text, got {_type_name(value[i])}",
                        )
                        ok = False
                values[name] = items
        if problem:
            out.at(entry.value_marks[name], f"{path}.{name}" if path else name, problem)
            ok = False
    return values if ok else None


_FIELDS = {
    section: tuple((name, kind, required) for name, (kind, required) in schema.items())
    for section, schema in _SCHEMA.items()
}
_FIELD_NAMES = {section: frozenset(schema) for section, schema in _SCHEMA.items()}


def _quick_values(entry: _MarkedDict, section: str) -> dict[str, Any] | None:
    """`_validate_fields` for an entry without any problem, in a third of the time.

    None as soon as anything is off (or merely unusual): the careful way then finds the problems.
    """
    if not entry.keys() <= _FIELD_NAMES[section]:
        return None
    values: dict[str, Any] = {}
    get = entry.get
    for name, kind, required in _FIELDS[section]:
        value = get(name, _MISSING)
        if value is _MISSING:
            if required:
                return None
            if kind != "bool":
                values[name] = () if kind == "list[str]" else None
        elif kind == "str" or kind == "str?":
            if type(value) is str and (stripped := value.strip()):
                values[name] = stripped
            elif value is None and kind == "str?":
                values[name] = None
            else:
                return None
        elif kind == "date":
            parsed = _parse_date(value) if type(value) is str else None
            if parsed is None:
                return None
            values[name] = parsed
        elif kind == "list[str]":
            if not isinstance(value, list):
                return None
            items = tuple(item.strip() if type(item) is str else "" for item in value)
            if not all(items):
                return None
            values[name] = items
        elif kind == "kind":
            if value not in _PERSON_KINDS:
                return None
            values[name] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                return None
            values[name] = value
    return values


@functools.lru_cache(maxsize=8192)
def _parse_date(text: str) -> PartialDate | None:
    """`PartialDate.parse`, once per distinct text: a big sheet has a few thousand dates."""
    return PartialDate.parse(text)


def _path_of_key(node: Any, mark: tuple[int, int], path: str = "") -> str | None:
    """The field path of the key written at `mark` (used to name duplicate keys)."""
    if isinstance(node, _MarkedDict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if node.key_marks[key] == mark:
                return child
            if (found := _path_of_key(value, mark, child)) is not None:
                return found
    elif isinstance(node, _MarkedList):
        for i, value in enumerate(node):
            if (found := _path_of_key(value, mark, f"{path}[{i}]")) is not None:
                return found
    return None


def _closest(key: str, choices: Mapping[str, Any]) -> str:
    import difflib

    match = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
    return f" '{key}' (did you mean '{match[0]}'?)" if match else f" '{key}'"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big sheet is built.

    A sheet of 100,000 entries makes millions of objects and no cycles: the collector's passes
    over them would cost a third of the load time for nothing. Reference counting still frees
    everything as usual.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def parse_sheet(path: Path, *, display: str | None = None) -> Parsed:
    """Read and structure a fact sheet file. Problems are values; this never raises for bad input.

    `display` is how the file is named in problems (default: the path as given).
    """
    with gc_paused():
        return _parse_sheet(path, display)


def _parse_sheet(path: Path, display: str | None) -> Parsed:
    name = display if display is not None else str(path)
    nowhere = Locator(None)
    out = _Collector(name, nowhere)
    try:
        data = path.read_bytes()
        try:
            simple = _read_simple(data)
        except (ValueError, RecursionError):  # PyYAML reads it, and its problem is reported below
            simple = None
        # Decode the bytes already read: a second read could see a file saved in between.
        text = "" if simple is not None else data.decode("utf-8")
        del data
    except FileNotFoundError:
        out.at((1, 1), "", "file not found")
        return Parsed(name, None, tuple(out.problems), nowhere)
    except (OSError, UnicodeDecodeError) as err:
        out.at((1, 1), "", f"cannot read the file: {read_error_text(err)}")
        return Parsed(name, None, tuple(out.problems), nowhere)
    try:
        document, duplicates = simple if simple is not None else _read_yaml(text)
    except yaml.MarkedYAMLError as err:
        mark = _pos(err.problem_mark) if err.problem_mark else (1, 1)
        detail = err.problem or "invalid YAML"
        if err.context:
            detail = f"{detail} ({err.context})"
        lines = text.splitlines()
        line = lines[mark[0] - 1] if 0 < mark[0] <= len(lines) else ""
        if "\t" in line[: len(line) - len(line.lstrip())]:
            detail = "a tab in the indentation (YAML indents with spaces only)"
            mark = (mark[0], line.index("\t") + 1)
        out.at(mark, "", f"YAML syntax: {detail}")
        return Parsed(name, None, tuple(out.problems), nowhere)
    except yaml.YAMLError as err:
        out.at((1, 1), "", f"YAML syntax: {err}")
        return Parsed(name, None, tuple(out.problems), nowhere)
    except _TooDeep as err:
        out.at(err.mark, "", f"YAML nested more than {MAX_NESTING} levels deep")
        return Parsed(name, None, tuple(out.problems), nowhere)
    except (ValueError, RecursionError) as err:  # a 5000-digit number, nesting thousands deep
        out.at((1, 1), "", f"cannot read the sheet: {err}")
        return Parsed(name, None, tuple(out.problems), nowhere)

    locate = Locator(document)
    out.locate = locate
    for key, mark in duplicates:
        message = "duplicate key in the same mapping (the later one would win silently)"
        out.at(mark, _path_of_key(document, mark) or key, message)
    if not isinstance(document, _MarkedDict):
        out.at(
            (1, 1),
            "",
            f"expected a mapping of {', '.join(_SCHEMA['sheet'])}; got {_type_name(document)}",
        )
        return Parsed(name, None, tuple(out.problems), locate)

    top = _validate_fields(document, "sheet", "", out)
    sections: dict[str, list[Any]] = {}
    positions: dict[str, tuple[int, ...]] = {}
    unbuilt: set[str] = set()
    loose: list[tuple[str, str, str]] = []
    for section in _SECTIONS:
        raw = document.get(section)
        if section in document and not isinstance(raw, list):
            out.add(section, f"expected a list of entries, got {_type_name(raw)}")
            top = None
            continue
        built, kept = [], []
        for i, entry in enumerate(raw or []):
            entry_path = f"{section}[{i}]"
            if not isinstance(entry, _MarkedDict):
                out.at(
                    raw.item_marks[i],
                    entry_path,
                    f"expected a mapping of fields, got {_type_name(entry)}",
                )
                continue
            values = _validate_fields(entry, section, entry_path, out)
            if values is not None:
                built.append(_build(section, values))
                kept.append(i)
            else:
                if isinstance(entry.get("id"), str):
                    unbuilt.add(entry["id"])
                loose += _references(section, entry_path, entry)
        sections[section] = built
        positions[section] = tuple(kept)

    if top is None:
        return Parsed(name, None, tuple(out.problems), locate)
    if "\x00" in top["seeds"]:
        out.add("seeds", f"expected a folder path, got {top['seeds']!r}")
        return Parsed(name, None, tuple(out.problems), locate)
    sheet = FactSheet(
        path=path,
        seeds_dir=(path.parent / top["seeds"]).resolve(),
        topic=top["topic"],
        summary=" ".join(top["summary"].split()),
        sources=tuple(sections["sources"]),
        people=tuple(sections["people"]),
        quotes=tuple(sections["quotes"]),
        events=tuple(sections["events"]),
    )
    return Parsed(
        name, sheet, tuple(out.problems), locate, positions, frozenset(unbuilt), tuple(loose)
    )


_REFERENCES = {
    "quotes": (("speaker", "people"), ("source", "sources")),
    "events": (("people", "people"), ("sources", "sources")),
}


def _references(section: str, path: str, entry: _MarkedDict) -> list[tuple[str, str, str]]:
    found = []
    for key, target in _REFERENCES.get(section, ()):
        value = entry.get(key)
        if isinstance(value, str):
            found.append((f"{path}.{key}", target, value))
        elif isinstance(value, list):
            found += [
                (f"{path}.{key}[{i}]", target, v) for i, v in enumerate(value) if isinstance(v, str)
            ]
    return found


def _build(section: str, values: dict[str, Any]) -> Source | Person | Quote | Event:
    if section == "sources":
        return Source(**values)
    if section == "people":
        return Person(**{**values, "kind": values["kind"] or "person"})
    if section == "quotes":
        return Quote(**values)
    return Event(**values)
