"""What the bot says when a command does not run, for prefix and slash commands alike.

Unknown commands are ignored quietly (a channel's other bots and typos are not our business).
A cooldown gets a friendly notice: only the user sees it under a slash command, and a prefix
command gets it once per cooldown window, so the notice cannot become spam itself. A missing
argument gets the command's usage, and one past the length cap the answers' refusal, both
from `bot.answers`. Anything unexpected gets a polite
apology and is logged with its traceback.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot import answers

from .replies import send_answer, send_notice

if TYPE_CHECKING:
    from .client import FactBot

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong while answering that. It has been logged."
NOT_OWNER = "Only the bot's owners can use that command."
NOT_HERE = "That command cannot be used here."


class ErrorReplies(commands.Cog):
    """Turns command errors into short, polite replies."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self.notices = commands.CooldownMapping.from_cooldown(
            1, bot.settings.cooldown_per_seconds, commands.BucketType.user
        )

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[Any], error: Exception) -> None:
        if isinstance(error, commands.CommandNotFound):
            log.debug("ignored an unknown command: %s", error)
            return
        try:
            await self._reply(ctx, error)
        except discord.HTTPException:
            log.exception("could not tell the user about an error in %s", _name(ctx))

    async def _reply(self, ctx: commands.Context[Any], error: Exception) -> None:
        if isinstance(error, commands.CommandOnCooldown):
            if ctx.interaction is not None or self._first_notice(ctx):
                seconds = math.ceil(error.retry_after)
                await send_notice(
                    ctx, f"You're asking quickly: please wait {seconds} s and ask again."
                )
        elif isinstance(error, commands.NotOwner):
            await send_notice(ctx, NOT_OWNER)
        elif isinstance(error, commands.CheckFailure):
            await send_notice(ctx, NOT_HERE)
        elif isinstance(error, commands.UserInputError) and ctx.command is not None:
            prefix = "/" if ctx.interaction is not None else self.bot.settings.prefix
            # Too long for the option's cap: the answers' own refusal, else the usage.
            typed = f" {error.value}" if isinstance(error, commands.RangeError) else ""
            usage = answers.answer(
                f"{prefix}{ctx.command.name}{typed}", self.bot.index, prefix=prefix
            )
            await send_answer(ctx, usage, page_size=self.bot.settings.page_size)
        else:
            original = _unwrap(error)
            log.error("command %s failed", _name(ctx), exc_info=original)
            await send_notice(ctx, SORRY)

    def _first_notice(self, ctx: commands.Context[Any]) -> bool:
        now = discord.utils.utcnow().timestamp()
        bucket = self.notices.get_bucket(ctx, now)
        return bucket is None or not bucket.update_rate_limit(now)


def _unwrap(error: BaseException) -> BaseException:
    """The exception a command raised, out of discord.py's wrappers."""
    while isinstance(original := getattr(error, "original", None), BaseException):
        error = original
    return error


def _name(ctx: commands.Context[Any]) -> str:
    return ctx.command.qualified_name if ctx.command is not None else "?"
