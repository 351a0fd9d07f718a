"""Fixtures for the hostile tests: a stand-in for Discord on 127.0.0.1, and SimCord's world."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from simworld import sheet_copy, simcord_bot, world
from standin import Behaviour, StandIn, StandInThread, point_discord_at

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
