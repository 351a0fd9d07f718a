"""Building the bot, and the two ways `factbot` starts it: `run_bot` and `sync_commands`.

`create_bot` needs neither a token nor a network, so the tests build the same bot the
process runs. The token is only handed to discord.py; it is never printed or logged. Exit
codes follow the CLI: 0 done, 1 the fact sheet has problems, 2 Discord refused the setup.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import discord
from discord.ext import commands

from bot.exit_codes import ExitCode
from bot.search import Index
from bot.settings import Settings
from bot.sheet import FactSheet

from .admin import published_text
from .client import FactBot, ShardedFactBot
from .sheets import SheetError, load_index

log = logging.getLogger(__name__)


def create_bot(settings: Settings, *, sheet: FactSheet | None = None) -> FactBot:
    """The bot, not yet connected; `sheet` (already checked) or else `settings.sheet` is read.

    Raises `SheetError` when the sheet read from disk has problems. With `shard_count` set
    the bot is an `AutoShardedBot` running `shard_ids` (all shards when not set).
    """
    if sheet is not None:
        index = Index(sheet, settings.matching)
    else:
        index = load_index(settings.sheet, settings)
    intents = discord.Intents.default()
    intents.message_content = True  # prefix commands read the message text
    options: dict[str, object] = {
        "command_prefix": commands.when_mentioned_or(settings.prefix),
        "intents": intents,
        "allowed_mentions": discord.AllowedMentions.none(),
        "help_command": None,  # `help` is one of the answers
        "case_insensitive": True,
        "strip_after_prefix": True,
    }
    if settings.shard_count is None:
        return FactBot(settings, index, **options)
    shard_ids = list(settings.shard_ids) if settings.shard_ids is not None else None
    return ShardedFactBot(
        settings, index, shard_count=settings.shard_count, shard_ids=shard_ids, **options
    )


_BAD_TOKEN = "Discord did not accept DISCORD_TOKEN; copy the bot's token again."


def _prepared(settings: Settings) -> FactBot | None:
    """Logging started and the bot built; None (problems printed) when the sheet is broken."""
    _start_logging(settings)
    try:
        return create_bot(settings)
    except SheetError as error:
        print(error, file=sys.stderr)
        return None


def run_bot(settings: Settings, token: str) -> int:
    """Connect and serve until SIGINT or SIGTERM; returns the exit code."""
    bot = _prepared(settings)
    if bot is None:
        return ExitCode.SHEET
    try:
        asyncio.run(_serve(bot, token))
    except discord.LoginFailure:
        return _refused(_BAD_TOKEN)
    except discord.PrivilegedIntentsRequired:
        return _refused("turn on the bot's Message Content intent in the Developer Portal.")
    except OSError as error:  # no network, DNS, TLS: aiohttp's connection errors are OSErrors
        return _refused(f"cannot reach Discord: {error}")
    except KeyboardInterrupt:  # where signal handlers are not available (Windows)
        log.info("interrupted; the bot has shut down")
    return ExitCode.OK


def sync_commands(settings: Settings, token: str) -> int:
    """Log in, publish the slash commands globally, say how many, and close."""
    bot = _prepared(settings)
    if bot is None:
        return ExitCode.SHEET
    try:
        count = asyncio.run(_publish(bot, token))
    except discord.LoginFailure:
        return _refused(_BAD_TOKEN)
    except discord.HTTPException as error:
        return _refused(f"Discord refused the commands: {error.status} {error.text}")
    except OSError as error:
        return _refused(f"cannot reach Discord: {error}")
    print(published_text(count))
    return ExitCode.OK


def _start_logging(settings: Settings) -> None:
    discord.utils.setup_logging(level=logging.getLevelNamesMapping()[settings.log_level])
    # factbot never joins voice, so discord.py's warnings about voice libraries are noise.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


async def _serve(bot: FactBot, token: str) -> None:
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def stop(name: str) -> None:
        log.info("received %s; shutting down", name)
        task = loop.create_task(bot.close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop, sig.name)
    async with bot:
        await bot.start(token)


async def _publish(bot: FactBot, token: str) -> int:
    async with bot:
        await bot.login(token)  # runs setup_hook, which adds the commands
        return len(await bot.tree.sync())


def _refused(reason: str) -> int:
    print(f"factbot: {reason}", file=sys.stderr)
    return ExitCode.USAGE
