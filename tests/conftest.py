"""Shared fixtures: the bundled fact sheet, checked once, and an index over it.

Checked sheets are cached in a folder of the test session, never in the user's cache.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from project_paths import SHEET

from bot.check import check_sheet
from bot.search import Index
from bot.settings import load_settings
from bot.sheet import FactSheet


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("FACTBOT_NO_CACHE", None)


@pytest.fixture(scope="session")
def sheet() -> FactSheet:
    checked = check_sheet(SHEET)
    assert checked.ok, "\n".join(map(str, checked.problems))
    assert checked.sheet is not None
    return checked.sheet


@pytest.fixture(scope="session")
def index(sheet: FactSheet) -> Index:
    return Index(sheet, load_settings(environ={}).matching)


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Undo the handler `discord.utils.setup_logging` adds to the root logger."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
