"""Owner-only prefix commands: `!reload` the fact sheet from disk, `!sync` the slash commands.

A reload checks the sheet first and swaps the index in one assignment only when it is clean,
reporting what changed; otherwise it posts the problems and the old sheet keeps serving. The
owners are `owner_ids` from the settings and, always, the application's owner.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from discord.ext import commands

from bot.render import clip, pack_lines

from .limits import MESSAGE_LIMIT
from .sheets import SheetError, diff_sheets, load_index

if TYPE_CHECKING:
    from .client import FactBot

log = logging.getLogger(__name__)


def published_text(count: int) -> str:
    """What `!sync` and `factbot sync` say after publishing."""
    return (
        f"Published {count} slash command{'s' if count != 1 else ''}. "
        "Discord may need a restart (Ctrl+R) to show changes."
    )


def problem_report(problems: tuple[str, ...], *, limit: int = MESSAGE_LIMIT) -> str:
    """The check's problem lines in a code block, cut to fit one message with "+N more"."""
    count = len(problems)
    head = (
        f"Reload failed: {count} problem{'s' if count != 1 else ''}. "
        "Still serving the sheet loaded before.\n```"
    )
    # One very long line must not crowd out the others; ``` would end the block.
    lines = [clip(problem.replace("```", "`\u200b``"), limit // 4) for problem in problems]

    def end(left: int) -> str:
        return "```" + (f"\n+{left} more" if left else "")

    return pack_lines(lines, limit, head=head, head_gap="\n", end=end, max_pages=1)[0].text


class Owner(commands.Cog):
    """Operating the bot from the channel."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self._reloading = asyncio.Lock()

    @commands.command(help="Read and check the fact sheet from disk, and serve it if it is clean.")
    @commands.is_owner()
    async def reload(self, ctx: commands.Context[Any]) -> None:
        async with self._reloading:
            old = self.bot.index
            settings = self.bot.settings
            try:
                new = await asyncio.to_thread(load_index, settings.sheet, settings)
            except SheetError as error:
                log.warning("reload refused, the sheet has problems:\n%s", error)
                await ctx.reply(problem_report(error.problems), mention_author=False)
                return
            self.bot.index = new
        change = diff_sheets(old.sheet, new.sheet)
        log.info("reloaded the fact sheet: %s", change)
        await ctx.reply(f"Reloaded: {change}", mention_author=False)

    @commands.command(help="Publish the slash commands to Discord (needed after they change).")
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[Any]) -> None:
        published = await self.bot.tree.sync()
        log.info("published %d slash commands", len(published))
        await ctx.reply(published_text(len(published)), mention_author=False)
