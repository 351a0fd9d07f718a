"""Settings: the bundled file loads; every wrong value is named in one line, nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_CONFIG, SettingsError, load_settings


def _load(tmp_path: Path, text: str, environ: dict[str, str] | None = None):
    path = tmp_path / "bot.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ=environ or {})


def test_bundled_settings_load_with_the_sheet_beside_them():
    """config/bot.yaml loads and points at config/factsheet.yaml, whatever the working directory."""
    settings = load_settings(DEFAULT_CONFIG, environ={})
    assert settings.sheet == DEFAULT_CONFIG.parent / "factsheet.yaml"
    assert settings.prefix == "!"


def test_environment_overrides_log_level(tmp_path):
    """FACTBOT_LOG_LEVEL wins over the file."""
    assert _load(tmp_path, "log_level: INFO\n", {"FACTBOT_LOG_LEVEL": "debug"}).log_level == "DEBUG"


BAD = [
    ("page_size: many\n", "bot.yaml:1:12: page_size: expected a whole number, got 'many'"),
    ("page_size: 0\n", "bot.yaml:1:12: page_size: expected 1 to 25, got 0"),
    (
        "cooldown: {rate: 2, per_seconds: -5}\n",
        "bot.yaml:1:34: cooldown.per_seconds: expected a positive number, got -5",
    ),
    (
        "cooldown: {rate: 2, per_seconds: .nan}\n",
        "bot.yaml:1:34: cooldown.per_seconds: expected a number, got nan",
    ),
    ("cooldown: {rate: 2, per_second: 5}\n", "bot.yaml:1:21: cooldown.per_second: unknown setting"),
    ("prefix: '! '\n", "bot.yaml:1:9: prefix: must be non-empty with no spaces, got '! '"),
    ("prefix: ''\n", "bot.yaml:1:9: prefix: must be non-empty with no spaces"),
    (
        "matching: {name_cutoff: 500}\n",
        "bot.yaml:1:25: matching.name_cutoff: expected a score from 0 to 100, got 500",
    ),
    (
        "matching: {max_results: -3}\n",
        "bot.yaml:1:25: matching.max_results: expected at least 1, got -3",
    ),
    ("matching: {name_cutof: 80}\n", "bot.yaml:1:12: matching.name_cutof: unknown setting"),
    ("shard_count: 0\n", "bot.yaml:1:14: shard_count: expected at least 1, got 0"),
    (
        "shard_count: 2\nshard_ids: [5, -1]\n",
        "bot.yaml:2:12: shard_ids: expected distinct ids from 0 to 1, got [5, -1]",
    ),
    ("shard_ids: [0]\n", "bot.yaml:1:12: shard_ids: needs shard_count"),
    (
        "log_level: LOUD\n",
        "bot.yaml:1:12: log_level: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'",
    ),
    ("owner_ids: [me]\n", "bot.yaml:1:12: owner_ids: expected a list of whole numbers, got ['me']"),
    ("colour: blue\n", "bot.yaml:1:1: colour: unknown setting"),
    ("- a list\n", "bot.yaml:1:1: expected a mapping of settings"),
    ("prefix: [unclosed\n", "bot.yaml:2:1: YAML syntax"),
    ("page_size: " + "9" * 5000 + "\n", "bot.yaml:1:12: a number too long to read"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[row[1][:40] for row in BAD])
def test_bad_setting_is_named(tmp_path, text, message):
    """Each bad value raises SettingsError whose text names it; no other exception escapes."""
    with pytest.raises(SettingsError) as raised:
        _load(tmp_path, text)
    assert message in str(raised.value)


def test_missing_settings_file(tmp_path):
    """A missing file is one clear line."""
    with pytest.raises(SettingsError, match="settings file not found"):
        load_settings(tmp_path / "nope.yaml", environ={})
