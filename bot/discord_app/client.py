"""The bot: discord.py's `commands.Bot` (or `AutoShardedBot`) holding settings and the index.

`index` is the one place the current fact sheet lives: every command reads it once, and
`!reload` replaces it in a single assignment, so an answer never mixes two sheets. Cogs are
added in `setup_hook`; slash commands are published only by `!sync` or `factbot sync`.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.search import Index
from bot.settings import Settings

from .admin import Owner
from .cogs import Questions
from .errors import ErrorReplies

log = logging.getLogger(__name__)


class FactBot(commands.Bot):
    """factbot on one connection; `ShardedFactBot` is the same on several shards."""

    def __init__(self, settings: Settings, index: Index, **options: Any) -> None:
        super().__init__(**options)
        self.settings = settings
        self.index = index

    async def is_owner(self, user: discord.abc.User, /) -> bool:
        """Owners are `settings.owner_ids` and, always, the application's owner or team."""
        return user.id in self.settings.owner_ids or await super().is_owner(user)

    async def setup_hook(self) -> None:
        await self.add_cog(Questions(self))
        await self.add_cog(Owner(self))
        await self.add_cog(ErrorReplies(self))

    async def on_ready(self) -> None:
        sheet = self.index.sheet
        log.info(
            "ready as %s in %d servers, serving %d quotes and %d events",
            self.user,
            len(self.guilds),
            len(sheet.quotes),
            len(sheet.events),
        )


class ShardedFactBot(FactBot, commands.AutoShardedBot):
    """factbot on several shards in this process: `shard_count` in all, running `shard_ids`.

    `commands.Bot` adds nothing over their shared base, so this is `AutoShardedBot` with
    factbot's settings, index and cogs.
    """
