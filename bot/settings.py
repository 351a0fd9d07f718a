"""Settings: `config/bot.yaml` plus the environment, as one typed, frozen object.

Secrets are not settings: the Discord token is read from `DISCORD_TOKEN` by `factbot run` only
and is never stored here. Paths in the file are resolved against the file, never the working
directory. A bad settings file is reported as `SettingsError` with one line per problem.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sheet import FileProblem, YamlProblem, read_text_file, read_yaml
from .sheet.files import MAX_SETTINGS_BYTES

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_DIR / "config" / "bot.yaml"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class MatchSettings:
    """How forgiving the lookup is. See config/bot.yaml for what each value trades."""

    min_query_length: int = 3
    name_cutoff: float = 80
    name_margin: float = 5
    suggest_cutoff: float = 65
    phrase_cutoff: float = 85
    max_results: int = 10


@dataclass(frozen=True)
class Settings:
    sheet: Path
    prefix: str = "!"
    owner_ids: tuple[int, ...] = ()
    cooldown_rate: int = 4
    cooldown_per_seconds: float = 10
    page_size: int = 1
    log_level: str = "INFO"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    matching: MatchSettings = field(default_factory=MatchSettings)


class SettingsError(Exception):
    """The settings file is missing or wrong; `str()` is one line per problem."""


def load_settings(
    path: Path = DEFAULT_CONFIG, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the settings file; `FACTBOT_LOG_LEVEL` overrides `log_level`."""
    env = os.environ if environ is None else environ
    try:
        raw, _duplicates = read_yaml(read_text_file(path, limit=MAX_SETTINGS_BYTES))
    except FileProblem as err:
        if str(err) == "file not found":
            raise SettingsError(f"{path}: settings file not found") from None
        raise SettingsError(f"{path}: cannot read the file: {err}") from None
    except YamlProblem as err:
        line, column = err.mark
        raise SettingsError(f"{path}:{line}:{column}: {err.message}") from None
    raw = raw if raw is not None else {}
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: expected a mapping of settings")

    def get(mapping: Mapping[str, Any], key: str, kind: type, default: Any, name: str) -> Any:
        value = mapping.get(key, default)
        if value is None and default is None:
            return None
        ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if kind is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok:
            problems.append(f"{path}: {name}: expected {kind.__name__}, got {value!r}")
            return default
        return value

    known = {"sheet", "prefix", "owner_ids", "cooldown", "page_size", "log_level"}
    known |= {"shard_count", "shard_ids", "matching"}
    problems += [f"{path}: {key}: unknown setting" for key in raw if key not in known]
    defaults = Settings(sheet=Path())
    match_raw = raw.get("matching", {})
    cooldown = raw.get("cooldown", {})
    if not isinstance(match_raw, dict) or not isinstance(cooldown, dict):
        raise SettingsError(f"{path}: matching and cooldown must be mappings")
    m = MatchSettings()
    problems += [
        f"{path}: matching.{key}: unknown setting"
        for key in match_raw
        if key not in m.__dataclass_fields__
    ]
    problems += [
        f"{path}: cooldown.{key}: unknown setting"
        for key in cooldown
        if key not in ("rate", "per_seconds")
    ]
    matching = MatchSettings(
        **{
            key: get(
                match_raw,
                key,
                int if key.endswith(("length", "results")) else float,
                value,
                f"matching.{key}",
            )
            for key, value in vars(m).items()
        }
    )
    levels = [("log_level", str(get(raw, "log_level", str, "INFO", "log_level")), str(path))]
    if env.get("FACTBOT_LOG_LEVEL"):
        levels.append(("FACTBOT_LOG_LEVEL", env["FACTBOT_LOG_LEVEL"], "environment"))
    for name, level, where in levels:
        if level.upper() not in _LOG_LEVELS:
            problems.append(
                f"{where}: {name}: expected one of {', '.join(_LOG_LEVELS)}, got {level!r}"
            )
    log_level = levels[-1][1]
    owner_ids = get(raw, "owner_ids", list, [], "owner_ids")
    shard_ids = get(raw, "shard_ids", list, None, "shard_ids")
    for name, ids in (("owner_ids", owner_ids), ("shard_ids", shard_ids or [])):
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            problems.append(f"{path}: {name}: expected a list of whole numbers, got {ids!r}")
    prefix = get(raw, "prefix", str, "!", "prefix")
    if not prefix.strip() or prefix != "".join(prefix.split()):
        problems.append(f"{path}: prefix: must be non-empty with no spaces, got {prefix!r}")
    settings = Settings(
        sheet=(path.parent / get(raw, "sheet", str, "factsheet.yaml", "sheet")).resolve(),
        prefix=prefix,
        owner_ids=tuple(owner_ids),
        cooldown_rate=get(cooldown, "rate", int, defaults.cooldown_rate, "cooldown.rate"),
        cooldown_per_seconds=get(
            cooldown, "per_seconds", float, defaults.cooldown_per_seconds, "cooldown.per_seconds"
        ),
        page_size=get(raw, "page_size", int, defaults.page_size, "page_size"),
        log_level=log_level.upper(),
        shard_count=get(raw, "shard_count", int, None, "shard_count"),
        shard_ids=tuple(shard_ids) if shard_ids is not None else None,
        matching=matching,
    )
    problems += [f"{path}: {problem}" for problem in _range_problems(settings, cooldown)]
    if problems:
        raise SettingsError("\n".join(problems))
    return settings


def _range_problems(settings: Settings, cooldown: Mapping[str, Any]) -> list[str]:
    """Values of the right type but outside what makes sense."""
    problems = []
    m = settings.matching
    if settings.page_size < 1 or settings.page_size > 25:
        problems.append(f"page_size: expected 1 to 25, got {settings.page_size}")
    if settings.cooldown_rate < 1:
        problems.append(f"cooldown.rate: expected at least 1, got {settings.cooldown_rate}")
    if not 0 < settings.cooldown_per_seconds < math.inf:
        problems.append(
            f"cooldown.per_seconds: expected a positive number, got {cooldown.get('per_seconds')!r}"
        )
    for name in ("name_cutoff", "name_margin", "suggest_cutoff", "phrase_cutoff"):
        value = getattr(m, name)
        if not 0 <= value <= 100:  # also false for NaN
            problems.append(f"matching.{name}: expected a score from 0 to 100, got {value!r}")
    if m.min_query_length < 1:
        problems.append(f"matching.min_query_length: expected at least 1, got {m.min_query_length}")
    if m.max_results < 1:
        problems.append(f"matching.max_results: expected at least 1, got {m.max_results}")
    if settings.shard_count is not None and settings.shard_count < 1:
        problems.append(f"shard_count: expected at least 1, got {settings.shard_count}")
    if settings.shard_ids is not None:
        if settings.shard_count is None:
            problems.append("shard_ids: needs shard_count")
        elif (
            not settings.shard_ids
            or len(set(settings.shard_ids)) != len(settings.shard_ids)
            or not all(0 <= i < settings.shard_count for i in settings.shard_ids)
        ):
            problems.append(
                f"shard_ids: expected distinct ids from 0 to {settings.shard_count - 1}, "
                f"got {list(settings.shard_ids)}"
            )
    return problems
