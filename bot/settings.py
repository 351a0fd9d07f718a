"""Settings: `config/bot.yaml` plus the environment, as one typed, frozen object.

The dataclasses below are the schema: each field's type says what the file may hold (a whole
number, a number, text, a path, a list of whole numbers, a section of its own, or null where the
type allows None), and its metadata says where it sits in the file (`cooldown.rate`) and what
range makes sense. `load_settings` reads the file by walking those fields; nothing is guessed
from a key's name. Every problem is one line naming the file, line and column, and the setting.

Secrets are not settings: the Discord token is read from `DISCORD_TOKEN` by `factbot run` only
and is never stored here. Paths in the file are resolved against the file, never the working
directory.
"""

from __future__ import annotations

import dataclasses
import math
import os
import reprlib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sheet import FileProblem, MarkedDict, YamlProblem, read_text_file, read_yaml
from .sheet.files import MAX_SETTINGS_BYTES

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_DIR / "config" / "bot.yaml"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DEFAULT_SHEET = Path("factsheet.yaml")


def _setting(
    default: Any,
    *,
    key: str | None = None,
    low: float | None = None,
    high: float | None = None,
    above: float | None = None,
    choices: tuple[str, ...] = (),
    word: bool = False,
    what: str = "",
) -> Any:
    """A field of the schema: its default, its key in the file when it differs from the field's
    name, the range of a number (`low`, `high` inclusive; `above` exclusive), the allowed texts,
    whether a text must be one word (`word`), and how the range is said in a problem (`what`)."""
    metadata = {"key": key, "low": low, "high": high, "above": above, "choices": choices}
    metadata |= {"word": word, "what": what}
    if isinstance(default, tuple | list):
        return field(default=tuple(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class MatchSettings:
    """How forgiving the lookup is. See config/bot.yaml for what each value trades."""

    min_query_length: int = _setting(3, low=1)
    name_cutoff: float = _setting(80, low=0, high=100, what="a score from 0 to 100")
    name_margin: float = _setting(5, low=0, high=100, what="a score from 0 to 100")
    suggest_cutoff: float = _setting(65, low=0, high=100, what="a score from 0 to 100")
    max_results: int = _setting(10, low=1)


@dataclass(frozen=True)
class Settings:
    # `_setting` returns a dataclasses.field, as `field()` itself would.
    sheet: Path = _setting(_DEFAULT_SHEET)  # noqa: RUF009
    prefix: str = _setting("!", word=True)
    owner_ids: tuple[int, ...] = _setting(())
    cooldown_rate: int = _setting(4, key="cooldown.rate", low=1)
    cooldown_per_seconds: float = _setting(
        10, key="cooldown.per_seconds", above=0, what="a positive number"
    )
    page_size: int = _setting(1, low=1, high=25)
    log_level: str = _setting("INFO", choices=_LOG_LEVELS)
    shard_count: int | None = _setting(None, low=1)
    shard_ids: tuple[int, ...] | None = _setting(None)
    matching: MatchSettings = field(default_factory=MatchSettings)


class SettingsError(Exception):
    """The settings file is missing or wrong; `str()` is one line per problem."""


def load_settings(
    path: Path = DEFAULT_CONFIG, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the settings file; `FACTBOT_LOG_LEVEL` overrides `log_level`."""
    env = os.environ if environ is None else environ
    try:
        raw, duplicates = read_yaml(read_text_file(path, limit=MAX_SETTINGS_BYTES))
    except FileProblem as err:
        if str(err) == "file not found":
            raise SettingsError(f"{path}: settings file not found") from None
        raise SettingsError(f"{path}: cannot read the file: {err}") from None
    except YamlProblem as err:
        line, column = err.mark
        raise SettingsError(f"{path}:{line}:{column}: {err.message}") from None
    reader = _Reader(path)
    for key, (line, column) in duplicates:
        reader.problems.append(f"{path}:{line}:{column}: {key}: set twice (the later one wins)")
    if raw is None:
        raw = MarkedDict((1, 1))
    if not isinstance(raw, MarkedDict):
        line, column = getattr(raw, "mark", (1, 1))  # a list knows where it starts
        raise SettingsError(
            f"{path}:{line}:{column}: expected a mapping of settings, got {_shown(raw)}"
        )
    values = reader.section(Settings, raw, "")
    if env.get("FACTBOT_LOG_LEVEL"):
        level = env["FACTBOT_LOG_LEVEL"]
        if level.upper() in _LOG_LEVELS:
            values["log_level"] = level
        else:
            reader.problems.append(
                f"environment: FACTBOT_LOG_LEVEL: expected one of {', '.join(_LOG_LEVELS)}, "
                f"got {_shown(level)}"
            )
    reader.cross_checks(values, raw)
    if reader.problems:  # (a section that is not a mapping is named once, not per setting)
        raise SettingsError("\n".join(dict.fromkeys(reader.problems)))
    values["log_level"] = values["log_level"].upper()
    values["sheet"] = _resolved(path.parent / values["sheet"])
    return Settings(**values)


class _Reader:
    """Reads one settings file against the dataclasses, collecting one line per problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def problem(self, mark: tuple[int, int], name: str, message: str) -> None:
        self.problems.append(f"{self.path}:{mark[0]}:{mark[1]}: {name}: {message}")

    def section(self, schema: type[Any], raw: MarkedDict, prefix: str) -> dict[str, Any]:
        """The values of `schema`'s fields found in `raw` (defaults for the rest)."""
        hints = typing.get_type_hints(schema)
        values: dict[str, Any] = {}
        known: dict[str, set[str]] = {prefix: set()}
        for spec in dataclasses.fields(schema):
            key = spec.metadata.get("key") or spec.name
            *parents, leaf = key.split(".")
            holder: Any = raw
            where = prefix
            for parent in parents:  # `cooldown.rate`: the `cooldown` section
                known.setdefault(where, set()).add(parent)
                inner = holder.get(parent) if isinstance(holder, MarkedDict) else None
                where = f"{where}{parent}."
                known.setdefault(where, set())
                if inner is not None and not isinstance(inner, MarkedDict):
                    self.problem(holder.value_marks[parent], where[:-1], _expected_mapping(inner))
                    inner = None
                holder = inner
            known[where].add(leaf)
            name = f"{where}{leaf}"
            if not isinstance(holder, MarkedDict) or leaf not in holder:
                factory: Any = spec.default_factory
                missing = spec.default is dataclasses.MISSING
                values[spec.name] = factory() if missing else spec.default
                continue
            value, mark = holder[leaf], holder.value_marks[leaf]
            kind = hints[spec.name]
            if isinstance(kind, type) and dataclasses.is_dataclass(kind):  # e.g. `matching`
                if not isinstance(value, MarkedDict):
                    self.problem(mark, name, _expected_mapping(value))
                    values[spec.name] = kind()
                    continue
                values[spec.name] = kind(**self.section(kind, value, f"{name}."))
                continue
            converted = self.value(kind, value, mark, name, spec.metadata)
            values[spec.name] = spec.default if converted is _BAD else converted
        self.unknown(raw, prefix, known)
        return values

    def unknown(self, raw: MarkedDict, prefix: str, known: dict[str, set[str]]) -> None:
        for key in raw:
            if key not in known.get(prefix, set()):
                self.problem(raw.key_marks[key], f"{prefix}{key}", "unknown setting")
            elif f"{prefix}{key}." in known and isinstance(raw[key], MarkedDict):
                self.unknown(raw[key], f"{prefix}{key}.", known)

    def value(
        self, kind: Any, value: Any, mark: tuple[int, int], name: str, meta: Mapping[str, Any]
    ) -> Any:
        """`value` converted to `kind` and within its range, or _BAD after one problem line."""
        options = typing.get_args(kind) if isinstance(kind, types.UnionType) else (kind,)
        if value is None:
            if type(None) in options:
                return None
            self.problem(mark, name, f"expected {_describe(options[0])}, got nothing (null)")
            return _BAD
        kind = next(option for option in options if option is not type(None))
        converted = _CONVERT[_base(kind)](value)
        if converted is _BAD:
            self.problem(mark, name, f"expected {_describe(kind)}, got {_shown(value)}")
            return _BAD
        low, high, above = meta.get("low"), meta.get("high"), meta.get("above")
        choices = meta.get("choices")
        if choices and converted.upper() not in choices:
            self.problem(mark, name, f"expected one of {', '.join(choices)}, got {_shown(value)}")
            return _BAD
        if isinstance(converted, int | float) and not (
            (low is None or converted >= low)
            and (high is None or converted <= high)
            and (above is None or converted > above)
        ):
            self.problem(mark, name, f"expected {_range(meta)}, got {_shown(value)}")
            return _BAD
        if meta.get("word") and (not converted or converted != "".join(converted.split())):
            self.problem(mark, name, f"must be non-empty with no spaces, got {_shown(value)}")
            return _BAD
        return converted

    def cross_checks(self, values: dict[str, Any], raw: MarkedDict) -> None:
        """What one field alone cannot say: shard ids need, and must fit, the shard count."""
        ids, count = values["shard_ids"], values["shard_count"]
        if ids is None or "shard_ids" not in raw:
            return
        mark = raw.value_marks["shard_ids"]
        if count is None:
            self.problem(mark, "shard_ids", "needs shard_count")
        elif not ids or len(set(ids)) != len(ids) or not all(0 <= i < count for i in ids):
            self.problem(
                mark,
                "shard_ids",
                f"expected distinct ids from 0 to {count - 1}, got {_shown(list(ids))}",
            )


_BAD: Any = object()


def _whole(value: Any) -> Any:
    return value if type(value) is int else _BAD


def _number(value: Any) -> Any:
    return value if type(value) in (int, float) and math.isfinite(value) else _BAD


def _text(value: Any) -> Any:
    return value if type(value) is str else _BAD


def _path(value: Any) -> Any:
    return Path(value) if type(value) is str and value.strip() and "\x00" not in value else _BAD


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, list) and all(type(item) is int for item in value):
        return tuple(value)
    return _BAD


_CONVERT = {int: _whole, float: _number, str: _text, Path: _path, tuple: _whole_numbers}
_DESCRIBED = {
    int: "a whole number",
    float: "a number",
    str: "text",
    Path: "a file path",
    tuple: "a list of whole numbers",
}


def _base(kind: Any) -> Any:
    return typing.get_origin(kind) or kind


def _describe(kind: Any) -> str:
    return _DESCRIBED[_base(kind)]


def _range(meta: Mapping[str, Any]) -> str:
    if meta.get("what"):
        return str(meta["what"])
    low, high = meta.get("low"), meta.get("high")
    if high is None:
        return f"at least {low}"
    return f"{low} to {high}"


def _expected_mapping(value: Any) -> str:
    return f"expected a mapping of settings, got {_shown(value)}"


# A value is shown short: a bad setting may be a huge list or a long text.
_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict, _REPR.maxlevel = 60, 60, 6, 4, 2


def _shown(value: Any) -> str:
    if isinstance(value, MarkedDict):
        return "a mapping"
    if isinstance(value, list):
        return _REPR.repr(list(value))
    return _REPR.repr(value)


def _resolved(path: Path) -> Path:
    """The path with links resolved when possible; a link loop is reported when it is read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
