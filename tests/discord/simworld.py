"""Helpers for the Discord tests: the simulated world a test acts in, and embed readers.

Imported by name (`from simworld import World`), not from `conftest`: the tests outside this
folder import their own `conftest`, and the two must not shadow each other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import discord
import simcord

from bot.discord_app import FactBot
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
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
