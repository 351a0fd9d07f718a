"""YAML with positions: PyYAML's parser (libyaml where available), built into marked containers.

`read_yaml(text)` gives the document as `MarkedDict`s and `MarkedList`s that remember the line
and column of every key, value and item, plus the keys written twice in one mapping. It builds
straight from the parser's events, without PyYAML's node tree: a sheet of 100,000 facts makes a
few million nodes, which cost most of the time and memory of a load.

Curated data needs none of YAML's references or types, and they are what alias bombs and
unexpected objects are made of: an anchor (`&a`), an alias (`*a`) or a tag (`!!str`, `!x`)
is refused at its line (`YamlProblem`) before anything is expanded. Timestamps stay strings:
the sheet's dates have their own format and precision. Collections may nest `MAX_NESTING`
levels deep, our own limit, so the error is the same whatever PyYAML and libyaml allow.

The only module of the sheet that imports yaml; the settings read their file through it too.
"""

from __future__ import annotations

from typing import Any

import yaml

# A sheet nests four levels deep; anything far deeper is a mistake or an attack.
MAX_NESTING = 64

Mark = tuple[int, int]

# The C parser (libyaml) is ~8x faster than the pure-Python one and gives the same events.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The plain scalars that are not text: everything else (timestamps included) stays as written.
_CONSTRUCTED = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float"))


class MarkedDict(dict[Any, Any]):
    """A mapping that remembers where it, its keys and its values stand in the file."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}


class MarkedList(list[Any]):
    """A list that remembers where it and each of its items stand in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


class YamlProblem(Exception):
    """The text is not YAML we read: `mark` is (line, column), `str()` says what, in our words."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _pos(mark: Any) -> Mark:
    return (mark.line + 1, mark.column + 1)


def read_yaml(text: str) -> tuple[Any, list[tuple[str, Mark]]]:
    """The document in `text` and the keys written twice in one mapping (key, its mark).

    Raises `YamlProblem` for a syntax error, an anchor, alias or tag, nesting past
    `MAX_NESTING`, or more than one document. An empty document is None.
    """
    loader = _Loader(text)
    try:
        return _build(loader)
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
        raise YamlProblem(mark, f"YAML syntax: {detail}") from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow
        # (libyaml gives the character's code and its offset; the Python reader, the character)
        code = err.character if isinstance(err.character, int) else ord(err.character)
        at = min(max(err.position, 0), len(text))
        where = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
        message = f"YAML syntax: a character YAML does not allow (U+{code:04X})"
        raise YamlProblem(where, message) from None
    except yaml.YAMLError as err:
        raise YamlProblem((1, 1), f"YAML syntax: {type(err).__name__}") from None
    finally:
        loader.dispose()


def _build(loader: Any) -> tuple[Any, list[tuple[str, Mark]]]:
    duplicates: list[tuple[str, Mark]] = []
    # Open containers; a mapping's entry is [mapping, pending key, its mark] (key None: none).
    stack: list[list[Any]] = []
    plain: dict[str, Any] = {}  # plain scalars resolve the same way every time: once each
    document: Any = None
    documents = 0
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            _refuse_references(event)
            if event.style:  # quoted or a block scalar: text as written
                value: Any = event.value
            else:
                value = plain.get(event.value, plain)
                if value is plain:
                    value = plain[event.value] = _resolve_plain(loader, event)
            mark = _pos(event.start_mark)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            _refuse_references(event)
            mark = _pos(event.start_mark)
            if len(stack) >= MAX_NESTING:
                raise YamlProblem(mark, f"YAML nested more than {MAX_NESTING} levels deep")
            opened: Any = MarkedDict(mark) if kind is yaml.MappingStartEvent else MarkedList(mark)
            _add(stack, opened, mark, duplicates)
            stack.append([opened, None, None])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            closed = stack.pop()[0]
            if not stack:
                document = closed
            continue
        elif kind is yaml.AliasEvent:
            raise YamlProblem(
                _pos(event.start_mark),
                f"an alias (*{event.anchor}): the sheet and settings use no anchors or aliases",
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem(_pos(event.start_mark), "more than one YAML document")
            continue
        elif kind is yaml.StreamEndEvent:
            return document, duplicates
        else:  # stream start, document end
            continue
        if stack:
            _add(stack, value, mark, duplicates)
        else:
            document = value


def _add(
    stack: list[list[Any]], value: Any, mark: Mark, duplicates: list[tuple[str, Mark]]
) -> None:
    """Put a scalar or a just-opened container into the open container, if any."""
    if not stack:
        return
    top = stack[-1]
    container = top[0]
    if type(container) is MarkedList:
        container.append(value)
        container.item_marks.append(mark)
    elif top[2] is None:  # a key
        if isinstance(value, MarkedDict | MarkedList):
            raise YamlProblem(mark, "a key that is a mapping or a list; keys are plain text")
        key = value if type(value) is str else str(value)
        if key in container:
            duplicates.append((key, mark))
        top[1], top[2] = key, mark
    else:
        key = top[1]
        container[key] = value
        container.key_marks[key] = top[2]
        container.value_marks[key] = mark
        top[1] = top[2] = None


def _refuse_references(event: Any) -> None:
    if event.anchor is not None:
        raise YamlProblem(
            _pos(event.start_mark),
            f"an anchor (&{event.anchor}): the sheet and settings use no anchors or aliases",
        )
    if event.tag is not None:
        raise YamlProblem(
            _pos(event.start_mark),
            f"a tag ({event.tag}): the sheet and settings use plain YAML values only",
        )


def _resolve_plain(loader: Any, event: Any) -> Any:
    """A plain scalar as PyYAML's safe loader reads it (null, bool, int, float, text)."""
    text = event.value
    tag = loader.resolve(yaml.ScalarNode, text, (True, False))
    if tag not in _CONSTRUCTED:  # text, a timestamp, `<<` (merging needs aliases), `=`
        return text
    try:
        return loader.construct_object(yaml.ScalarNode(tag, text))
    except ValueError:  # Python refuses to convert a number of thousands of digits
        raise YamlProblem(_pos(event.start_mark), "a number too long to read") from None
