"""The fact sheet: its model (frozen dataclasses) and the YAML loader that keeps line numbers.

The loader turns `config/factsheet.yaml` into a `FactSheet` and reports every structural
problem (syntax, missing or unknown keys, wrong types, malformed dates) as a `Problem` naming
the file, line, column and field. It never raises for a bad file. Cross-entry checks (ids,
references, verbatim quotes, boilerplate) live in `bot.check`.

Only this module and `bot.settings` import yaml; nothing here imports discord or rapidfuzz.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

Precision = Literal["year", "month", "day"]
PersonKind = Literal["person", "body"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Person:
    """Someone (or a body: a ministry, a joint statement) who speaks or takes part in events."""

    id: str
    name: str
    role: str
    kind: PersonKind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    """A mapping that remembers where it, its keys and its values stand in the file."""

    mark: tuple[int, int] = (1, 1)
    key_marks: dict[Any, tuple[int, int]]
    value_marks: dict[Any, tuple[int, int]]


class _MarkedList(list[Any]):
    mark: tuple[int, int] = (1, 1)
    item_marks: list[tuple[int, int]]


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


# The C parser (libyaml) is ~8x faster and its nodes still carry line and column.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SheetLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """A safe loader (no arbitrary objects) that records positions and duplicate keys.

    Timestamps stay strings: the sheet's dates have their own format and precision.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, tuple[int, int]]] = []


def _construct_map(loader: _SheetLoader, node: yaml.MappingNode) -> Iterator[_MarkedDict]:
    data = _MarkedDict()
    data.mark = _pos(node.start_mark)
    data.key_marks, data.value_marks = {}, {}
    yield data
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
    },
    "people": {
        "id": ("str", True),
        "name": ("str", True),
        "role": ("str", True),
        "kind": ("kind", False),
        "aliases": ("list[str]", False),
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
    for name, (kind, required) in schema.items():
        field_path = f"{path}.{name}" if path else name
        if name not in entry:
            if required:
                out.at(entry.mark, field_path, "missing (required)")
                ok = False
            elif kind != "bool":  # a missing flag keeps its dataclass default
                values[name] = () if kind == "list[str]" else None
            continue
        value = entry[name]
        mark = entry.value_marks[name]
        if kind == "entries":
            continue
        if kind in ("str", "str?"):
            if value is None and kind == "str?":
                values[name] = None
            elif isinstance(value, str) and value.strip():
                values[name] = value.strip()
            else:
                out.at(mark, field_path, f"expected text, got {_type_name(value)}")
                ok = False
        elif kind == "date":
            parsed = PartialDate.parse(value) if isinstance(value, str) else None
            if isinstance(value, int) and not isinstance(value, bool):
                parsed = PartialDate.parse(str(value))
            if parsed is None:
                got = repr(value) if isinstance(value, str) else _type_name(value)
                out.at(mark, field_path, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {got}")
                ok = False
            values[name] = parsed
        elif kind == "bool":
            if not isinstance(value, bool):
                out.at(mark, field_path, f"expected true or false, got {_type_name(value)}")
                ok = False
            values[name] = value
        elif kind == "kind":
            if value not in _PERSON_KINDS:
                out.at(mark, field_path, f"expected person or body, got {_type_name(value)}")
                ok = False
            values[name] = value
        elif kind == "list[str]":
            if not isinstance(value, list):
                out.at(mark, field_path, f"expected a list, got {_type_name(value)}")
                ok = False
                continue
            for i, item in enumerate(value):
                if not (isinstance(item, str) and item.strip()):
                    out.at(
                        value.item_marks[i],
                        f"{field_path}[{i}]",
                        f"expected text, got {_type_name(item)}",
                    )
                    ok = False
            values[name] = tuple(str(item).strip() for item in value)
    return values if ok else None


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


def parse_sheet(path: Path, *, display: str | None = None) -> Parsed:
    """Read and structure a fact sheet file. Problems are values; this never raises for bad input.

    `display` is how the file is named in problems (default: the path as given).
    """
    name = display if display is not None else str(path)
    nowhere = Locator(None)
    out = _Collector(name, nowhere)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        out.at((1, 1), "", "file not found")
        return Parsed(name, None, tuple(out.problems), nowhere)
    except (OSError, UnicodeDecodeError) as err:
        out.at((1, 1), "", f"cannot read the file: {err}")
        return Parsed(name, None, tuple(out.problems), nowhere)
    try:
        document, duplicates = _read_yaml(text)
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
