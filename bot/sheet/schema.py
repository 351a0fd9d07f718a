"""What each entry of a sheet may hold: one table of fields, and the one validator that reads it.

`SCHEMA[section][name]` is a `Field`: its kind, whether it is required, its default and, for a
choice, the values allowed. A new field is one line of the table (and one of the dataclass in
`model`); the validator, the messages and the "did you mean" for unknown keys follow from it.
Problems are phrased for the person who edits the YAML and name the line and column of the
value (or of the entry, for a missing field). Nothing here reads a file.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .model import PartialDate
from .yaml_reader import Mark, MarkedDict, MarkedList

FieldKind = Literal["str", "str?", "date", "list[str]", "choice", "bool", "entries"]


@dataclass(frozen=True)
class Field:
    """One field of an entry. "str?" is text or null; "entries" is a section (checked apart)."""

    kind: FieldKind
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()


_OPTIONAL_TEXT = Field("str?", required=False)

SCHEMA: dict[str, dict[str, Field]] = {
    "sheet": {
        "topic": Field("str"),
        "summary": Field("str"),
        "seeds": Field("str"),
        "sources": Field("entries"),
        "people": Field("entries"),
        "quotes": Field("entries"),
        "events": Field("entries"),
    },
    "sources": {
        "id": Field("str"),
        "file": Field("str"),
        "outlet": Field("str"),
        "title": Field("str"),
        "author": Field("str?"),
        "published": Field("date"),
        "published_basis": Field("str"),
        "url": Field("str"),
        "original_url": _OPTIONAL_TEXT,
        "caution": Field("str?"),
        "boilerplate": Field("list[str]"),
        "boilerplate_from": Field("str?"),
        "review": _OPTIONAL_TEXT,
    },
    "people": {
        "id": Field("str"),
        "name": Field("str"),
        "role": Field("str"),
        "kind": Field("choice", required=False, default="person", choices=("person", "body")),
        "aliases": Field("list[str]", required=False, default=()),
        "review": _OPTIONAL_TEXT,
    },
    "quotes": {
        "id": Field("str"),
        "speaker": Field("str"),
        "text": Field("str"),
        "source": Field("str"),
        "date": Field("date"),
        "date_basis": Field("str"),
        "context": Field("str"),
        "article_says": _OPTIONAL_TEXT,
        "speaker_basis": _OPTIONAL_TEXT,
        "review": _OPTIONAL_TEXT,
        "note_on": _OPTIONAL_TEXT,
    },
    "events": {
        "id": Field("str"),
        "date": Field("date"),
        "title": Field("str"),
        "summary": Field("str"),
        "keywords": Field("list[str]"),
        "people": Field("list[str]"),
        "sources": Field("list[str]"),
        "date_basis": Field("str"),
        "article_says": _OPTIONAL_TEXT,
        "scheduled": Field("bool", required=False, default=False),
        "review": _OPTIONAL_TEXT,
        "note_on": _OPTIONAL_TEXT,
    },
}
SECTIONS = ("sources", "people", "quotes", "events")

Report = Callable[[Mark, str, str], None]
_INVALID: Any = object()


def validate(entry: MarkedDict, section: str, path: str, report: Report) -> dict[str, Any] | None:
    """The entry's values by field name, or None after reporting each problem with its mark."""
    fields = SCHEMA[section]
    values: dict[str, Any] = {}
    ok = True
    present = 0
    for name, spec in fields.items():
        value = entry.get(name, _INVALID)
        if value is _INVALID:
            if spec.required:
                report(entry.mark, _join(path, name), "missing (required)")
                ok = False
            elif spec.kind != "entries":
                values[name] = spec.default
            continue
        present += 1
        if spec.kind == "entries":
            continue
        converted = _CONVERT[spec.kind](value, spec)
        if converted is not _INVALID:
            values[name] = converted
            continue
        ok = False
        if spec.kind == "list[str]" and isinstance(value, MarkedList):
            for i, item in enumerate(value):
                if _text(item, spec) is _INVALID:
                    message = f"expected text, got {type_name(item)}"
                    report(value.item_marks[i], f"{_join(path, name)}[{i}]", message)
        else:
            report(entry.value_marks[name], _join(path, name), _expected(spec, value))
    if present != len(entry):
        for key in entry:
            if key not in fields:
                hint = closest(key, fields)
                message = f"unknown key '{key}'{hint}; expected one of: {', '.join(fields)}"
                report(entry.key_marks[key], _join(path, key), message)
        ok = False
    return values if ok else None


def closest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing when none is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def type_name(value: Any) -> str:
    """A value as the problem lines show it: kinds of values in words, text as written."""
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


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _text(value: Any, spec: Field) -> Any:
    if type(value) is str and (stripped := value.strip()):
        return stripped
    return _INVALID


def _optional_text(value: Any, spec: Field) -> Any:
    return None if value is None else _text(value, spec)


def _date(value: Any, spec: Field) -> Any:
    if type(value) is int:  # `date: 2025` is read as a number
        value = str(value)
    parsed = parse_date(value) if type(value) is str else None
    return _INVALID if parsed is None else parsed


def _texts(value: Any, spec: Field) -> Any:
    if not isinstance(value, list):
        return _INVALID
    items = tuple(_text(item, spec) for item in value)
    return _INVALID if _INVALID in items else items


def _choice(value: Any, spec: Field) -> Any:
    return value if type(value) is str and value in spec.choices else _INVALID


def _flag(value: Any, spec: Field) -> Any:
    return value if isinstance(value, bool) else _INVALID


_CONVERT: dict[FieldKind, Callable[[Any, Field], Any]] = {
    "str": _text,
    "str?": _optional_text,
    "date": _date,
    "list[str]": _texts,
    "choice": _choice,
    "bool": _flag,
}


def _expected(spec: Field, value: Any) -> str:
    kind = spec.kind
    if kind == "date":
        got = repr(value) if isinstance(value, str) else type_name(value)
        return f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {got}"
    if kind == "list[str]" and not isinstance(value, list):
        return f"expected a list, got {type_name(value)}"
    if kind == "choice":
        *first, last = spec.choices
        return f"expected {', '.join(first)} or {last}, got {type_name(value)}"
    if kind == "bool":
        return f"expected true or false, got {type_name(value)}"
    return f"expected text, got {type_name(value)}"


@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> PartialDate | None:
    """`PartialDate.parse`, once per distinct text: a big sheet has a few thousand dates."""
    return PartialDate.parse(text)
