"""The question commands, each a hybrid command: `!quote Mao Ning` and `/quote who:Mao Ning`.

Each command reads the bot's current index once, calls its function in `bot.answers` and sends
the `Answer`; the behaviour lives there, not here. Descriptions come from `answers.COMMANDS`.
A user may run `cooldown_rate` questions per `cooldown_per_seconds` across all of them.

Nothing here holds the event loop for long: text options are capped at the answers' length
limit, autocomplete runs on a worker thread within a time budget, and on a large sheet the
answers are worked out on a worker thread too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from bot import answers
from bot.search import Index

from .autocomplete import command_choices, people_choices, phrase_choices
from .replies import send_answer

if TYPE_CHECKING:
    from .client import FactBot

log = logging.getLogger(__name__)

_HELP = {command.name: command for command in answers.COMMANDS}

# Every text option is capped where answers caps it: Discord refuses a longer slash option
# before it reaches the bot, and a prefix command past it gets the answers' own refusal.
Query = commands.Range[str, None, answers.MAX_QUERY_LENGTH]
LARGE_SHEET = 2_000  # quotes and events; from here on answers are worked out off the event loop
AUTOCOMPLETE_BUDGET = 2.0  # seconds; Discord drops autocomplete answers after 3


def _described(name: str) -> dict[str, Any]:
    """The command's description and usage, as `answers.COMMANDS` words them."""
    command = _HELP[name]
    return {"name": name, "description": command.summary, "usage": command.arguments}


class Questions(commands.Cog):
    """Answers from the fact sheet."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        settings = bot.settings
        self.large_sheet = LARGE_SHEET
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

    async def _send(
        self, ctx: commands.Context[Any], work: Callable[[], answers.Answer], **kw: Any
    ) -> None:
        """Work out the answer (on a worker thread when the sheet is large) and send it."""
        sheet = self.bot.index.sheet
        if len(sheet.quotes) + len(sheet.events) >= self.large_sheet:
            answer = await asyncio.to_thread(work)  # other members keep being answered meanwhile
        else:
            answer = work()
        await send_answer(ctx, answer, page_size=self.bot.settings.page_size, **kw)

    async def _choices(
        self, choices: Callable[[Index, str], list[Choice[str]]], typed: str
    ) -> list[Choice[str]]:
        """Autocomplete choices for at most `MAX_QUERY_LENGTH` typed characters, or none when
        they take longer than `AUTOCOMPLETE_BUDGET` (an empty list beats a dropped answer)."""
        work = asyncio.to_thread(choices, self.bot.index, typed[: answers.MAX_QUERY_LENGTH])
        try:
            return await asyncio.wait_for(work, AUTOCOMPLETE_BUDGET)
        except TimeoutError:
            log.warning(
                "autocomplete gave up after %.1f s on %d characters",
                AUTOCOMPLETE_BUDGET,
                len(typed),
            )
            return []

    @commands.hybrid_command(**_described("quote"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(who="A person's name, or words from a quote")
    async def quote(self, ctx: commands.Context[Any], *, who: Query) -> None:
        def ask(name: str) -> answers.Answer:
            return answers.quote(self.bot.index, name, prefix=self._prefix(ctx))

        await self._send(ctx, lambda: ask(who), ask=ask)

    @quote.autocomplete("who")
    async def _quote_who(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return await self._choices(people_choices, typed)

    @commands.hybrid_command(**_described("when"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(
        phrase="What happened or was said; add since, until or in a date, e.g. in September 2022"
    )
    async def when(self, ctx: commands.Context[Any], *, phrase: Query) -> None:
        index, prefix = self.bot.index, self._prefix(ctx)
        await self._send(ctx, lambda: answers.when(index, phrase, prefix=prefix))

    @when.autocomplete("phrase")
    async def _when_phrase(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return await self._choices(phrase_choices, typed)

    @commands.hybrid_command(**_described("summary"))  # type: ignore[arg-type]  # discord.py#9788
    async def summary(self, ctx: commands.Context[Any]) -> None:
        index = self.bot.index
        await self._send(ctx, lambda: answers.summary(index))

    @commands.hybrid_command(**_described("sources"))  # type: ignore[arg-type]  # discord.py#9788
    async def sources(self, ctx: commands.Context[Any]) -> None:
        index = self.bot.index
        await self._send(ctx, lambda: answers.sources(index))

    @commands.hybrid_command(**_described("who"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(name="A name; leave empty to list everyone")
    async def who(self, ctx: commands.Context[Any], *, name: Query = "") -> None:
        def ask(picked: str) -> answers.Answer:
            return answers.who(self.bot.index, picked)

        await self._send(ctx, lambda: ask(name), ask=ask)

    @who.autocomplete("name")
    async def _who_name(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return await self._choices(people_choices, typed)

    @commands.hybrid_command(**_described("timeline"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(
        dates="A period or range, e.g. 2022, September 2022, since 2025 or 2022-02 2022-06"
    )
    async def timeline(self, ctx: commands.Context[Any], *, dates: Query = "") -> None:
        index, prefix = self.bot.index, self._prefix(ctx)
        await self._send(ctx, lambda: answers.timeline(index, dates, prefix=prefix))

    @commands.hybrid_command(**_described("help"))  # type: ignore[arg-type]  # discord.py#9788
    @app_commands.describe(command="A command to explain; leave empty for all of them")
    async def help(self, ctx: commands.Context[Any], *, command: Query = "") -> None:
        prefix = self._prefix(ctx)
        await self._send(ctx, lambda: answers.help_(command, prefix=prefix))

    @help.autocomplete("command")
    async def _help_command(
        self, _i: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return command_choices(typed[: answers.MAX_QUERY_LENGTH])
