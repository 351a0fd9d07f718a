"""Helpers for the Discord tests: the simulated world a test acts in, and embed readers.

Imported by name (`from simworld import World`), not from `conftest`: the tests outside this
folder import their own `conftest`, and the two must not shadow each other. The SimCord
fixtures live here too, so tests/discord and tests/hostile share them (each conftest imports
them): every test gets its own copy of the fact sheet and its articles (so `!reload` tests can
edit it), a guild with a `#facts` channel, two members who ask and an owner who ran `!sync`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import discord
import pytest
import simcord
from project_paths import ROOT

from bot.discord_app import FactBot, create_bot
from bot.settings import Settings, load_settings

COOLDOWN_RATE = 3
COOLDOWN_SECONDS = 10.0


def bot_settings(sheet: Path, **changes: object) -> Settings:
    """config/bot.yaml with the given sheet, a small cooldown and one result per page."""
    settings = replace(
        load_settings(ROOT / "config" / "bot.yaml", environ={}),
        sheet=sheet,
        cooldown_rate=COOLDOWN_RATE,
        cooldown_per_seconds=COOLDOWN_SECONDS,
        page_size=1,
    )
    return replace(settings, **changes)


@dataclass
class World:
    """A guild with #facts, two members who ask (alice, bob) and an owner (olga)."""

    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    owner: simcord.MemberActor

    @property
    def bot(self) -> FactBot:
        assert isinstance(self.env.bot, FactBot)
        return self.env.bot

    def last(self) -> discord.Message:
        """The channel's latest message."""
        message = self.channel.last_message
        assert message is not None, "the channel is empty"
        return message

    def again(self, message: discord.Message | simcord.ResponseMessage) -> discord.Message:
        """`message` as it is now (after edits)."""
        found = [m for m in self.channel.history() if m.id == message.id]
        assert found, f"message {message.id} is gone"
        return found[0]

    def reply_to(self, asked: discord.Message) -> discord.Message:
        """The bot's reply to `asked` (the only message after it)."""
        after = [m for m in self.channel.history() if m.id > asked.id]
        assert len(after) == 1, f"expected one reply, got {[m.content for m in after]}"
        return after[0]


def embed_text(embed: discord.Embed) -> str:
    """Everything a reader sees in an embed, as one string."""
    parts = [embed.title or "", embed.description or ""]
    parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    parts.append(embed.footer.text or "")
    return "\n".join(parts)


def field(embed: discord.Embed, name: str) -> str:
    """The value of the embed's field called `name`."""
    values = [f.value or "" for f in embed.fields if f.name == name]
    assert values, f"no field {name!r} in {[f.name for f in embed.fields]}"
    return values[0]


def controls(message: discord.Message | simcord.ResponseMessage) -> dict[str, bool]:
    """Each button's label (or menu's placeholder) → whether it is disabled."""
    rows = (
        message.components
        if isinstance(message, simcord.ResponseMessage)
        else [row.to_dict() for row in message.components]
    )
    found: dict[str, bool] = {}
    for row in rows:
        for item in row.get("components", []):
            found[item.get("label") or item.get("placeholder") or "?"] = bool(item.get("disabled"))
    return found


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
