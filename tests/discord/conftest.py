"""SimCord fixtures: the real bot from `create_bot` on a simulated Discord, and people to act.

Every test gets its own copy of the fact sheet and its articles (so `!reload` tests can edit
it), a guild with a `#facts` channel, two members who ask and an owner who ran `!sync`.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import simcord
from simworld import ROOT, World, bot_settings

from bot.discord_app import FactBot, create_bot


@pytest.fixture
def sheet_copy(tmp_path: Path) -> Path:
    """A copy of config/factsheet.yaml with its seeds, laid out as in the repository."""
    (tmp_path / "config").mkdir()
    shutil.copy(ROOT / "config" / "factsheet.yaml", tmp_path / "config" / "factsheet.yaml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "config" / "factsheet.yaml"


@pytest.fixture
def simcord_bot(sheet_copy: Path) -> FactBot:
    """The bot SimCord runs for `simcord_env`: `create_bot`, as `factbot run` uses it."""
    return create_bot(bot_settings(sheet_copy))


@pytest.fixture
async def world(simcord_env: simcord.Env) -> World:
    """A guild with #facts, alice and bob, and an owner who has published the slash commands."""
    guild = simcord_env.create_guild("Newsroom")
    channel = guild.create_text_channel("facts")
    owner = guild.add_member(simcord_env.create_user("olga"))
    alice = guild.add_member(simcord_env.create_user("alice"))
    bob = guild.add_member(simcord_env.create_user("bob"))
    # A SimCord user has an id only once created, after the bot: name the owner now.
    bot = simcord_env.bot
    assert isinstance(bot, FactBot)
    bot.settings = replace(bot.settings, owner_ids=(owner.id,))
    await owner.send(channel, "!sync")
    return World(simcord_env, guild, channel, alice, bob, owner)
