"""Why `factbot run` or `sync` could not start, in one line, with the token hidden.

discord.py reports start-up faults as exceptions of many kinds (a 401, a close code, an
aiohttp connection error, a TypeError on an HTML page where JSON was due, an AttributeError
when the first gateway connection fails). `failure_text` names the cause a person can act on;
`LoginWatch` remembers Discord's last HTTP answer so a login that times out can say what
Discord was answering. Every text that leaves the process goes through `redact`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace

import aiohttp
import discord

from bot.render import clip

BAD_TOKEN = "Discord did not accept DISCORD_TOKEN; copy the bot's token again."
NO_INTENT = "turn on the bot's Message Content intent in the Developer Portal."
_HIDDEN = "[token hidden]"
_DETAIL_LIMIT = 200  # an error page quoted in one line stays readable


class StartupFailure(Exception):
    """Starting failed for a reason `str()` names in one line."""


def redact(text: str, token: str) -> str:
    """`text` with every occurrence of the token replaced (so `Bot <token>` too)."""
    return text.replace(token, _HIDDEN) if token else text


class RedactingFormatter(logging.Formatter):
    """Formats with `inner` (discord.py's, colours included), then hides the token."""

    def __init__(self, inner: logging.Formatter, token: str) -> None:
        super().__init__()
        self.inner = inner
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.token)


class FirstConnectionFilter(logging.Filter):
    """Drops discord.py's reconnect tracebacks until the bot was first ready.

    When the first gateway connection fails, discord.py logs the error with its traceback,
    then stops on an AttributeError; `failure_text` names the cause in one line instead.
    Once the bot has been ready, reconnects are logged as discord.py logs them.
    """

    def __init__(self, bot: discord.Client) -> None:
        super().__init__()
        self.bot = bot
        self.was_ready = False

    def filter(self, record: logging.LogRecord) -> bool:
        self.was_ready = self.was_ready or self.bot.is_ready()
        starting = record.name == "discord.client" and record.exc_info is not None
        return self.was_ready or not starting


class LoginWatch:
    """Discord's last HTTP answer, seen through an aiohttp trace (discord.py's `http_trace`)."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_end.append(self._ended)

    async def _ended(
        self, _session: aiohttp.ClientSession, _context: SimpleNamespace, params: object
    ) -> None:
        response = getattr(params, "response", None)
        if response is None:
            return
        kind = response.content_type
        shown = f"{response.status} {response.reason or ''}".strip()
        self.last = shown if kind == "application/json" else f"{shown}, {kind}"


def login_failure(error: BaseException, watch: LoginWatch, *, timeout: float) -> str:
    """What went wrong while logging in (`GET /users/@me` and the application's info)."""
    last = f" (its last answer: {watch.last})" if watch.last else ""
    if isinstance(error, TimeoutError):
        return f"Discord did not answer the login within {timeout:g} s{last}."
    if isinstance(error, discord.LoginFailure):
        return BAD_TOKEN
    if isinstance(error, discord.HTTPException):
        return f"Discord refused the login: {http_text(error)}"
    if isinstance(error, aiohttp.ClientError | OSError):
        return f"cannot reach Discord: {_one_line(str(error))}"
    if isinstance(error, TypeError | KeyError | ValueError):  # discord.py reading a non-answer
        return f"Discord's answer to the login was not understood{last}."
    return f"the login stopped on an unexpected {type(error).__name__}: {_one_line(str(error))}"


def failure_text(error: BaseException) -> str:
    """The cause of a failure after the login, found along the exception's chain."""
    for cause in _chain(error):
        if isinstance(cause, StartupFailure):
            return str(cause)
        if isinstance(cause, discord.PrivilegedIntentsRequired):
            return NO_INTENT
        if isinstance(cause, discord.LoginFailure):
            return BAD_TOKEN
        if isinstance(cause, discord.ConnectionClosed):
            if cause.code == 4004:  # Authentication failed
                return BAD_TOKEN
            if cause.code == 4014:  # Disallowed intents
                return NO_INTENT
            return f"Discord's gateway closed the connection (code {cause.code})."
        if isinstance(cause, discord.HTTPException):
            return f"Discord answered {http_text(cause)}"
        if isinstance(cause, json.JSONDecodeError):
            return "Discord's gateway sent something that is not JSON; try again later."
        if isinstance(cause, TimeoutError):
            return "Discord's gateway did not answer in time."
        if isinstance(cause, aiohttp.ClientError | OSError):
            return f"cannot reach Discord's gateway: {_one_line(str(cause))}"
    return f"the bot stopped on an unexpected {type(error).__name__}: {_one_line(str(error))}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def http_text(error: discord.HTTPException) -> str:
    reason = getattr(error.response, "reason", None) or ""
    detail = f": {error.text}" if error.text else ""
    return _one_line(f"{error.status} {reason}".strip() + detail)


def _one_line(text: str) -> str:
    return clip(" ".join(text.split()), _DETAIL_LIMIT)
