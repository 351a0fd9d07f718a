"""Loading a sheet file: read it, build the entries the schema allows, and report the rest.

`parse_sheet(path)` never raises for a bad file: every structural problem (unreadable file,
YAML syntax, an anchor or a tag, missing, unknown or mistyped fields) is a `Problem` naming the
line and column. Cross-entry checks (ids, references, verbatim quotes) are `bot.check`'s.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import MAX_SHEET_BYTES, FileProblem, read_error_text, read_regular_file
from .model import Event, FactSheet, Person, Problem, Quote, Source
from .schema import SCHEMA, SECTIONS, type_name, validate
from .yaml_reader import Mark, MarkedDict, MarkedList, YamlProblem, read_yaml


class Locator:
    """Finds the line and column of a field path such as `quotes[14].date` in the parsed file."""

    def __init__(self, document: Any) -> None:
        self._document = document

    def __call__(self, path: str) -> Mark:
        node: Any = self._document
        mark: Mark = getattr(node, "mark", (1, 1))
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            if part.startswith("[") and isinstance(node, MarkedList):
                index = int(part[1:-1])
                if index >= len(node):
                    break
                mark, node = node.item_marks[index], node[index]
            elif isinstance(node, MarkedDict) and part in node:
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
    locate: Callable[[str], Mark]
    positions: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # ids of entries that are in the file but could not be built: references to them are not
    # reported again as unknown.
    unbuilt_ids: frozenset[str] = frozenset()
    # References held by entries that could not be built: (field path, "people"|"sources", id),
    # so that their unknown ids are still reported in the same run.
    loose_references: tuple[tuple[str, str, str], ...] = ()


class _Collector:
    def __init__(self, file: str, locate: Callable[[str], Mark]) -> None:
        self.file = file
        self.locate = locate
        self.problems: list[Problem] = []

    def at(self, mark: Mark, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, mark[0], mark[1], path, message))

    def add(self, path: str, message: str) -> None:
        self.at(self.locate(path), path, message)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big sheet is built.

    A sheet of 100,000 entries makes millions of objects and no cycles: the collector's passes
    over them would cost a third of the load time for nothing. What was built is then moved to
    the collector's permanent generation (`gc.freeze()`), as a long-running process should do
    with what it keeps: otherwise the first allocation after the pause walks every new object
    at once. Reference counting still frees everything as usual, on reload too.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def read_sheet_bytes(path: Path) -> bytes:
    """The sheet file's bytes (a regular file within the size limit), or `FileProblem`."""
    return read_regular_file(path, limit=MAX_SHEET_BYTES)


def parse_sheet(path: Path, *, display: str | None = None, data: bytes | None = None) -> Parsed:
    """Read and structure a fact sheet file. Problems are values; this never raises for bad input.

    `display` is how the file is named in problems (default: the path as given); `data`, the
    file's bytes when the caller has read them already.
    """
    with gc_paused():
        return _parse_sheet(path, display if display is not None else str(path), data)


def _parse_sheet(path: Path, name: str, data: bytes | None) -> Parsed:
    nowhere = Locator(None)
    out = _Collector(name, nowhere)
    try:
        if data is None:
            data = read_sheet_bytes(path)
        text = data.decode("utf-8")
        del data
    except FileProblem as err:
        message = str(err) if str(err) == "file not found" else f"cannot read the file: {err}"
        out.at((1, 1), "", message)
        return Parsed(name, None, tuple(out.problems), nowhere)
    except UnicodeDecodeError as err:
        out.at((1, 1), "", f"cannot read the file: {read_error_text(err)}")
        return Parsed(name, None, tuple(out.problems), nowhere)
    try:
        document, duplicates = read_yaml(text)
    except YamlProblem as err:
        out.at(err.mark, "", err.message)
        return Parsed(name, None, tuple(out.problems), nowhere)
    del text

    locate = Locator(document)
    out.locate = locate
    if duplicates:
        paths = _key_paths(document, {mark for _key, mark in duplicates})
        for key, mark in duplicates:
            message = "duplicate key in the same mapping (the later one would win silently)"
            out.at(mark, paths.get(mark, key), message)
    if not isinstance(document, MarkedDict):
        expected = ", ".join(SCHEMA["sheet"])
        mark = getattr(document, "mark", (1, 1))  # a list knows where it starts
        out.at(mark, "", f"expected a mapping of {expected}; got {type_name(document)}")
        return Parsed(name, None, tuple(out.problems), locate)

    top = validate(document, "sheet", "", out.at)
    sections: dict[str, list[Any]] = {}
    positions: dict[str, tuple[int, ...]] = {}
    unbuilt: set[str] = set()
    loose: list[tuple[str, str, str]] = []
    for section in SECTIONS:
        raw = document.get(section)
        if section in document and not isinstance(raw, MarkedList):
            out.add(section, f"expected a list of entries, got {type_name(raw)}")
            top = None
            continue
        build = _BUILDERS[section]
        built, kept = [], []
        for i, entry in enumerate(raw or ()):
            entry_path = f"{section}[{i}]"
            if not isinstance(entry, MarkedDict):
                assert raw is not None
                message = f"expected a mapping of fields, got {type_name(entry)}"
                out.at(raw.item_marks[i], entry_path, message)
                continue
            values = validate(entry, section, entry_path, out.at)
            if values is not None:
                built.append(build(**values))
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
    seeds_dir = path.parent / top["seeds"]
    try:
        seeds_dir = seeds_dir.resolve()
    except (OSError, RuntimeError):  # a link loop: reported when an article is read through it
        seeds_dir = Path(seeds_dir.absolute())
    sheet = FactSheet(
        path=path,
        seeds_dir=seeds_dir,
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


_BUILDERS: dict[str, Callable[..., Source | Person | Quote | Event]] = {
    "sources": Source,
    "people": Person,
    "quotes": Quote,
    "events": Event,
}

_REFERENCES = {
    "quotes": (("speaker", "people"), ("source", "sources")),
    "events": (("people", "people"), ("sources", "sources")),
}


def _references(section: str, path: str, entry: MarkedDict) -> list[tuple[str, str, str]]:
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


def _key_paths(document: Any, marks: set[Mark]) -> dict[Mark, str]:
    """The field path of each key written at one of `marks`, in one walk of the document."""
    found: dict[Mark, str] = {}
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, MarkedDict):
            for key, value in node.items():
                child = f"{path}.{key}" if path else str(key)
                if node.key_marks[key] in marks:
                    found[node.key_marks[key]] = child
                stack.append((value, child))
        elif isinstance(node, MarkedList):
            stack.extend((value, f"{path}[{i}]") for i, value in enumerate(node))
    return found
