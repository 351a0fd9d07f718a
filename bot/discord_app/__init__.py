"""The Discord adapter: factbot in a channel, as prefix and slash commands with embeds.

Presentation only: every answer comes from `bot.answers`, exactly as in the console.
`create_bot(settings, *, sheet=None)` builds the bot without a token or a network (the tests
run it on a simulated Discord); `factbot run` and `factbot sync` start it (see `app`).
This package is the only place that imports discord.
"""

from .app import create_bot
from .client import FactBot, ShardedFactBot
from .sheets import SheetError

__all__ = ["FactBot", "ShardedFactBot", "SheetError", "create_bot"]
