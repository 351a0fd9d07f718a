"""Settings: `config/bot.yaml` plus the environment, as one typed, frozen object.

Secrets are not settings: the Discord token is read from `DISCORD_TOKEN` by `factbot run` only
and is never stored here. Paths in the file are resolved against the file, never the working
directory. A bad settings file is reported as `SettingsError` with one line per problem.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: settings file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: cannot read the file: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SettingsError(f"{where}: YAML syntax: {getattr(err, 'problem', err)}") from None
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
    match_raw = raw.get("matching") or {}
    cooldown = raw.get("cooldown") or {}
    if not isinstance(match_raw, dict) or not isinstance(cooldown, dict):
        raise SettingsError(f"{path}: matching and cooldown must be mappings")
    m = MatchSettings()
    problems += [
        f"{path}: matching.{key}: unknown setting"
        for key in match_raw
        if key not in m.__dataclass_fields__
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
    log_level = str(env.get("FACTBOT_LOG_LEVEL") or get(raw, "log_level", str, "INFO", "log_level"))
    if log_level.upper() not in _LOG_LEVELS:
        problems.append(f"log_level: expected one of {', '.join(_LOG_LEVELS)}, got {log_level!r}")
    owner_ids = get(raw, "owner_ids", list, [], "owner_ids")
    shard_ids = get(raw, "shard_ids", list, None, "shard_ids")
    for name, ids in (("owner_ids", owner_ids), ("shard_ids", shard_ids or [])):
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            problems.append(f"{path}: {name}: expected a list of whole numbers, got {ids!r}")
    prefix = get(raw, "prefix", str, "!", "prefix")
    if not str(prefix).strip():
        problems.append(f"{path}: prefix: must not be empty")
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
    if settings.page_size < 1 or settings.cooldown_rate < 1:
        problems.append(f"{path}: page_size and cooldown.rate must be at least 1")
    if settings.shard_ids is not None and settings.shard_count is None:
        problems.append(f"{path}: shard_ids: needs shard_count")
    if problems:
        raise SettingsError("\n".join(problems))
    return settings
