"""Sending an answer: the first page as a reply that pings nobody, with controls when needed.

A prefix command gets a reply to its message (without pinging the author); a slash command
gets the interaction's response. Several pages come with a `Pager`, an ambiguous name with a
`PersonPicker`; a single page comes alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from bot.answers import Answer

from .embeds import answer_pages
from .views import InvokerView, Pager, PersonPicker


async def send_answer(
    ctx: commands.Context[Any],
    answer: Answer,
    *,
    page_size: int,
    ask: Callable[[str], Answer] | None = None,
) -> None:
    """Reply with the answer; `ask` answers for one picked person when the name is ambiguous."""
    pages = answer_pages(answer, page_size)
    view: InvokerView | None = None
    if answer.status == "ambiguous" and ask is not None and answer.results:
        view = PersonPicker(answer, ask, ctx.author.id, page_size=page_size)
    elif len(pages) > 1:
        view = Pager(pages, ctx.author.id)
    # discord.py's `view` parameter takes a View or nothing at all, not None.
    extra: dict[str, Any] = {"view": view} if view is not None else {}
    message = await ctx.reply(embed=pages[0], mention_author=False, **extra)
    if view is not None:
        view.attach(message, ctx.bot)


async def send_notice(ctx: commands.Context[Any], text: str) -> discord.Message:
    """A short note from the bot (not an answer); only the user sees it under a slash command."""
    return await ctx.reply(text, mention_author=False, ephemeral=True)
