"""The question commands, each a hybrid command: `!quote Mao Ning` and `/quote who:Mao Ning`.

Each command reads the bot's current index once, calls its function in `bot.answers` and sends
the `Answer`; the behaviour lives there, not here. Descriptions come from `answers.COMMANDS`.
A user may run `cooldown_rate` questions per `cooldown_per_seconds` across all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers

from .autocomplete import command_choices, people_choices, phrase_choices
from .replies import send_answer

if TYPE_CHECKING:
    from .client import FactBot

_HELP = {command.name: command for command in answers.COMMANDS}


def _described(name: str) -> dict[str, Any]:
    """The command's description and usage, as `answers.COMMANDS` words them."""
    command = _HELP[name]
    return {"name": name, "description": command.summary, "usage": command.arguments}


class Questions(commands.Cog):
    """Answers from the fact sheet."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        settings = bot.settings
        self.cooldowns = commands.CooldownMapping.from_cooldown(
            settings.cooldown_rate, settings.cooldown_per_seconds, commands.BucketType.user
        )

    async def cog_check(self, ctx: commands.Context[Any]) -> bool:
        """One cooldown per user across every question.

        discord.py runs a cog check once per invocation, before the arguments are read, for
        prefix and slash commands alike; so a question costs one token, even a malformed one.
        """
        now = discord.utils.utcnow().timestamp()
        bucket = self.cooldowns.get_bucket(ctx, now)
        retry_after = bucket.update_rate_limit(now) if bucket is not None else None
        if retry_after and bucket is not None:
            raise commands.CommandOnCooldown(bucket, retry_after, commands.BucketType.user)
        return True

    def _prefix(self, ctx: commands.Context[Any]) -> str:
        """How this user invokes commands, for usage lines: `/` for slash, else the prefix."""
        return "/" if ctx.interaction is not None else self.bot.settings.prefix

    async def _send(self, ctx: commands.Context[Any], answer: answers.Answer, **kw: Any) -> None:
        await send_answer(ctx, answer, page_size=self.bot.settings.page_size, **kw)

    @commands.hybrid_command(**_described("quote"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(who="A person's name, or words from a quote")
    async def quote(self, ctx: commands.Context[Any], *, who: str) -> None:
        def ask(name: str) -> answers.Answer:
            return answers.quote(self.bot.index, name, prefix=self._prefix(ctx))

        await self._send(ctx, ask(who), ask=ask)

    @quote.autocomplete("who")
    async def _quote_who(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return people_choices(self.bot.index, typed)

    @commands.hybrid_command(**_described("when"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(phrase="What happened or was said; add since/until YYYY[-MM[-DD]]")
    async def when(self, ctx: commands.Context[Any], *, phrase: str) -> None:
        await self._send(ctx, answers.when(self.bot.index, phrase, prefix=self._prefix(ctx)))

    @when.autocomplete("phrase")
    async def _when_phrase(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return phrase_choices(self.bot.index, typed)

    @commands.hybrid_command(**_described("summary"))  # type: ignore[arg-type]  # discord.py#9788
    async def summary(self, ctx: commands.Context[Any]) -> None:
        await self._send(ctx, answers.summary(self.bot.index))

    @commands.hybrid_command(**_described("sources"))  # type: ignore[arg-type]  # discord.py#9788
    async def sources(self, ctx: commands.Context[Any]) -> None:
        await self._send(ctx, answers.sources(self.bot.index))

    @commands.hybrid_command(**_described("who"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(name="A name; leave empty to list everyone")
    async def who(self, ctx: commands.Context[Any], *, name: str = "") -> None:
        def ask(picked: str) -> answers.Answer:
            return answers.who(self.bot.index, picked)

        await self._send(ctx, ask(name), ask=ask)

    @who.autocomplete("name")
    async def _who_name(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return people_choices(self.bot.index, typed)

    @commands.hybrid_command(**_described("timeline"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(dates="Optional first and last date, e.g. 2022 or 2022-02 2022-06")
    async def timeline(self, ctx: commands.Context[Any], *, dates: str = "") -> None:
        await self._send(ctx, answers.timeline(self.bot.index, dates, prefix=self._prefix(ctx)))

    @commands.hybrid_command(**_described("help"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(command="A command to explain; leave empty for all of them")
    async def help(self, ctx: commands.Context[Any], *, command: str = "") -> None:
        await self._send(ctx, answers.help_(command, prefix=self._prefix(ctx)))

    @help.autocomplete("command")
    async def _help_command(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return command_choices(typed)
