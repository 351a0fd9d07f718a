"""factbot: answers questions from a curated, verified fact sheet of news articles.

The public API. `create_bot` is imported on first use so that offline use never loads discord.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .answers import Answer, answer
from .check import Checked, check_sheet, normalise_verbatim
from .render import render_json, render_text
from .search import Index
from .settings import Settings, load_settings
from .sheet import Event, FactSheet, PartialDate, Person, Problem, Quote, Source

if TYPE_CHECKING:
    from .discord_app import create_bot

__all__ = [
    "Answer",
    "Checked",
    "Event",
    "FactSheet",
    "Index",
    "PartialDate",
    "Person",
    "Problem",
    "Quote",
    "Settings",
    "Source",
    "answer",
    "check_sheet",
    "create_bot",
    "load_settings",
    "normalise_verbatim",
    "render_json",
    "render_text",
]


def __getattr__(name: str) -> Any:
    if name == "create_bot":
        from .discord_app import create_bot

        return create_bot
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
