"""The question commands, each a hybrid command: `!quote Mao Ning` and `/quote who:Mao Ning`.

Every name, description, usage and option text comes from `answers.COMMANDS`, the one list of
commands: `_hybrid` registers an entry's command with them and its option's autocomplete, and
each command calls the entry's function and sends the `Answer`. The behaviour lives there, not
here; a function below exists only because discord.py needs one per hybrid command, and its
parameter is named as the entry's option. A user may run `cooldown_rate` questions per
`cooldown_per_seconds` across all of them.

Nothing here holds the event loop for long: text options are capped at the answers' length
limit, autocomplete runs on a worker thread within a time budget, and on a large sheet the
answers are worked out on a worker thread too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from bot import answers
from bot.answers import Completion
from bot.search import Index

from .autocomplete import CHOICES
from .replies import send_answer

if TYPE_CHECKING:
    from .client import FactBot

log = logging.getLogger(__name__)

# Every text option is capped where answers caps it: Discord refuses a longer slash option
# before it reaches the bot, and a prefix command past it gets the answers' own refusal.
Query = commands.Range[str, None, answers.MAX_QUERY_LENGTH]
LARGE_SHEET = 2_000  # quotes and events; from here on answers are worked out off the event loop
AUTOCOMPLETE_BUDGET = 2.0  # seconds; Discord drops autocomplete answers after 3

Question = Callable[..., Coroutine[Any, Any, None]]
Completer = Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[Choice[str]]]]


def _hybrid(name: str) -> Callable[[Question], commands.HybridCommand[Any, ..., None]]:
    """The hybrid command for the entry `name` of `answers.COMMANDS`: its name, description and
    usage, its option's description and autocomplete, all as the entry declares them."""
    command = _entry(name)
    option = command.option

    def register(callback: Question) -> commands.HybridCommand[Any, ..., None]:
        if option is not None:
            callback = app_commands.describe(**{option.name: option.description})(callback)
        hybrid: commands.HybridCommand[Any, ..., None] = commands.hybrid_command(
            name=command.name, description=command.description, usage=command.arguments
        )(callback)
        if option is not None and option.completes is not None:
            hybrid.autocomplete(option.name)(_completer(option.completes))
        return hybrid

    return register


def _entry(name: str) -> answers.Command:
    """The entry of `answers.COMMANDS` called `name`; every command here has one."""
    command = answers.find_command(name)
    if command is None:
        raise KeyError(f"{name!r} is not in answers.COMMANDS")
    return command


def _completer(kind: Completion) -> Completer:
    """Autocomplete for an option that completes `kind`, from the bot's current index."""

    async def complete(interaction: discord.Interaction[FactBot], typed: str) -> list[Choice[str]]:
        return await _choices(CHOICES[kind], interaction.client.index, typed)

    return complete


async def _choices(
    choices: Callable[[Index, str], list[Choice[str]]], index: Index, typed: str
) -> list[Choice[str]]:
    """Autocomplete choices for at most `MAX_QUERY_LENGTH` typed characters, or none when
    they take longer than `AUTOCOMPLETE_BUDGET` (an empty list beats a dropped answer)."""
    work = asyncio.to_thread(choices, index, typed[: answers.MAX_QUERY_LENGTH])
    try:
        return await asyncio.wait_for(work, AUTOCOMPLETE_BUDGET)
    except TimeoutError:
        log.warning(
            "autocomplete gave up after %.1f s on %d characters", AUTOCOMPLETE_BUDGET, len(typed)
        )
        return []


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

    async def _answer(self, ctx: commands.Context[Any], argument: str = "") -> None:
        """Answer with the function of the command invoked, on the bot's current index (read
        once; on a large sheet on a worker thread), and send it. A person picked from an
        ambiguous answer is asked about on the index current then."""
        assert ctx.command is not None  # discord.py sets it before calling the command
        handler = _entry(ctx.command.name).handler
        index, prefix = self.bot.index, self._prefix(ctx)

        def ask(picked: str) -> answers.Answer:
            return handler(self.bot.index, picked, prefix)

        sheet = index.sheet
        if len(sheet.quotes) + len(sheet.events) >= self.large_sheet:
            # other members keep being answered meanwhile
            answer = await asyncio.to_thread(handler, index, argument, prefix)
        else:
            answer = handler(index, argument, prefix)
        await send_answer(ctx, answer, page_size=self.bot.settings.page_size, ask=ask)

    @_hybrid("quote")
    async def quote(self, ctx: commands.Context[Any], *, who: Query) -> None:
        await self._answer(ctx, who)

    @_hybrid("when")
    async def when(self, ctx: commands.Context[Any], *, phrase: Query) -> None:
        await self._answer(ctx, phrase)

    @_hybrid("summary")
    async def summary(self, ctx: commands.Context[Any]) -> None:
        await self._answer(ctx)

    @_hybrid("sources")
    async def sources(self, ctx: commands.Context[Any]) -> None:
        await self._answer(ctx)

    @_hybrid("who")
    async def who(self, ctx: commands.Context[Any], *, name: Query = "") -> None:
        await self._answer(ctx, name)

    @_hybrid("timeline")
    async def timeline(self, ctx: commands.Context[Any], *, dates: Query = "") -> None:
        await self._answer(ctx, dates)

    @_hybrid("help")
    async def help(self, ctx: commands.Context[Any], *, command: Query = "") -> None:
        await self._answer(ctx, command)
