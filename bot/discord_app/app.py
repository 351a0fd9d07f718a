"""Building the bot, and the two ways `factbot` starts it: `run_bot` and `sync_commands`.

`create_bot` needs neither a token nor a network, so the tests build the same bot the
process runs. The token is only handed to discord.py, and hidden from every line printed or
logged. Exit codes are the CLI's: 0 done, 1 the fact sheet has problems, 2 the start-up failed
(one line naming the cause: see `startup`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord
from discord.ext import commands

from bot.exit_codes import ExitCode
from bot.search import Index
from bot.settings import Settings
from bot.sheet import FactSheet

from .admin import published_text
from .client import FactBot, ShardedFactBot
from .sheets import SheetError, load_index
from .startup import (
    FirstConnectionFilter,
    LoginWatch,
    RedactingFormatter,
    StartupFailure,
    failure_text,
    http_text,
    login_failure,
    redact,
)

log = logging.getLogger(__name__)


def create_bot(
    settings: Settings,
    *,
    sheet: FactSheet | None = None,
    http_trace: aiohttp.TraceConfig | None = None,
) -> FactBot:
    """The bot, not yet connected; `sheet` (already checked) or else `settings.sheet` is read.

    `http_trace` watches discord.py's HTTP requests (the start-up uses it to name failures).
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
        "http_trace": http_trace,
    }
    if settings.shard_count is None:
        return FactBot(settings, index, **options)
    shard_ids = list(settings.shard_ids) if settings.shard_ids is not None else None
    return ShardedFactBot(
        settings, index, shard_count=settings.shard_count, shard_ids=shard_ids, **options
    )


LOGIN_TIMEOUT = 20.0  # seconds; discord.py alone would retry a 500 for ~25 s, or wait forever


def run_bot(settings: Settings, token: str, *, login_timeout: float = LOGIN_TIMEOUT) -> int:
    """Connect and serve until SIGINT or SIGTERM; returns the exit code.

    Every start-up failure ends as one line naming its cause, with exit code 2.
    """
    watch = LoginWatch()
    bot = _prepared(settings, token, watch)
    if bot is None:
        return ExitCode.SHEET
    try:
        asyncio.run(_serve(bot, token, watch, login_timeout))
    except KeyboardInterrupt:  # where signal handlers are not available (Windows)
        log.info("interrupted; the bot has shut down")
    except Exception as error:
        log.debug("the bot stopped", exc_info=error)
        return _refused(failure_text(error), token)
    return ExitCode.OK


def sync_commands(settings: Settings, token: str, *, login_timeout: float = LOGIN_TIMEOUT) -> int:
    """Log in, publish the slash commands globally, say how many, and close."""
    watch = LoginWatch()
    bot = _prepared(settings, token, watch)
    if bot is None:
        return ExitCode.SHEET
    try:
        count = asyncio.run(_publish(bot, token, watch, login_timeout))
    except Exception as error:
        log.debug("publishing the commands failed", exc_info=error)
        return _refused(failure_text(error), token)
    print(published_text(count))
    return ExitCode.OK


def _prepared(settings: Settings, token: str, watch: LoginWatch) -> FactBot | None:
    """Logging started and the bot built; None (problems printed) when the sheet is broken."""
    handler = _start_logging(settings, token)
    try:
        bot = create_bot(settings, http_trace=watch.trace)
    except SheetError as error:
        print(error, file=sys.stderr)
        return None
    handler.addFilter(FirstConnectionFilter(bot))
    return bot


def _start_logging(settings: Settings, token: str) -> logging.Handler:
    handler = logging.StreamHandler()
    discord.utils.setup_logging(
        handler=handler, level=logging.getLevelNamesMapping()[settings.log_level]
    )
    handler.setFormatter(RedactingFormatter(handler.formatter or logging.Formatter(), token))
    # factbot never joins voice, so discord.py's warnings about voice libraries are noise.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    return handler


async def _login(bot: FactBot, token: str, watch: LoginWatch, timeout: float) -> None:
    try:
        await asyncio.wait_for(bot.login(token), timeout)
    except Exception as error:
        raise StartupFailure(login_failure(error, watch, timeout=timeout)) from error


async def _serve(bot: FactBot, token: str, watch: LoginWatch, login_timeout: float) -> None:
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
        await _login(bot, token, watch, login_timeout)
        await bot.connect()


async def _publish(bot: FactBot, token: str, watch: LoginWatch, login_timeout: float) -> int:
    async with bot:
        await _login(bot, token, watch, login_timeout)  # runs setup_hook, which adds the commands
        try:
            return len(await bot.tree.sync())
        except discord.HTTPException as error:
            raise StartupFailure(f"Discord refused the commands: {http_text(error)}") from error


def _refused(reason: str, token: str) -> int:
    print(f"factbot: {redact(reason, token)}", file=sys.stderr)
    return ExitCode.USAGE
