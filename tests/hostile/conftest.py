"""Fixtures for the hostile tests: a stand-in for Discord on 127.0.0.1, and SimCord's world."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from simworld import bot_settings, sheet_copy, world
from standin import Behaviour, StandIn, StandInThread, point_discord_at

from bot.discord_app import FactBot, create_bot

__all__ = ["discord_standin", "sheet_copy", "simcord_bot", "world"]


@pytest.fixture
def discord_standin(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[Behaviour], StandIn]]:
    """Start a stand-in that behaves as asked, and aim discord.py's two URLs at it."""
    running: list[StandInThread] = []

    def start(behaviour: Behaviour) -> StandIn:
        server = StandInThread(behaviour)
        running.append(server)
        standin = server.start()
        point_discord_at(monkeypatch, standin.rest, standin.gateway)
        return standin

    yield start
    for server in running:
        server.stop()


@pytest.fixture
def simcord_bot(sheet_copy: Path) -> FactBot:
    """The bot as `factbot run` builds it, with a cooldown no barrage reaches: the hostile
    tests count replies, and a cooldown notice is not one."""
    return create_bot(bot_settings(sheet_copy, cooldown_rate=1_000_000))
