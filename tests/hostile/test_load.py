"""A busy server on SimCord: 1,000+ questions from several members in several channels, with
good and bad reloads in between. Every question gets its reply; no bad sheet is served."""

from __future__ import annotations

import os
import random
from pathlib import Path

from discord.ext import commands
from simworld import World

from bot.discord_app.views import VIEW_TIMEOUT

QUESTIONS = [
    "!quote Mao Ning",
    "!quote Wang",
    "!quote Mao Nign",
    "!quote no limits",
    "!quote Biden",
    "!when no limts",
    "!when sanctions since 2025",
    "!when peace until 2022-06",
    "!who",
    "!who kalas",
    "!timeline 2025-03 2025-04",
    "!timeline",
    "!summary",
    "!sources",
    "!help when",
    "!quote @everyone",
    "!when",
]
MESSAGES = int(os.environ.get("FACTBOT_LOAD_MESSAGES", "1050"))
RELOAD_EVERY = 150
NEW_CHANNELS_EVERY = 50
TIME_PASSES_EVERY = 10  # SimCord's settling cost grows with the live views


def misquote(sheet: Path, original: str) -> None:
    sheet.write_text(
        original.replace("China is not a party", "China is no party"), encoding="utf-8"
    )


async def test_a_thousand_questions_with_reloads_lose_no_reply(world: World, sheet_copy: Path):
    """Each question is answered exactly once, in its channel, as a reply to it; reloads of a
    broken sheet are refused and the sheet before keeps serving, good reloads are served."""
    rng = random.Random(11)
    members = [world.alice, world.bob] + [
        world.guild.add_member(world.env.create_user(name)) for name in ("cho", "dev", "eve", "fay")
    ]
    original = sheet_copy.read_text(encoding="utf-8")
    lost: list[str] = []
    refused = served = 0

    for number in range(1, MESSAGES + 1):
        if number % NEW_CHANNELS_EVERY == 1:
            # Fresh channels now and then keep SimCord's per-channel history (which the
            # checks below read) short; the bot sees more channels, which costs it nothing.
            channels = [world.guild.create_text_channel(f"desk-{number}-{n}") for n in range(3)]
        if number % TIME_PASSES_EVERY == 0:  # the pagers of earlier answers time out
            await world.env.advance_time(VIEW_TIMEOUT + 1)
        if number % RELOAD_EVERY == 0:
            broken = (number // RELOAD_EVERY) % 2 == 1
            if broken:
                misquote(sheet_copy, original)
            else:
                sheet_copy.write_text(original, encoding="utf-8")
            before = world.bot.index
            await world.owner.send(world.channel, "!reload")
            outcome = world.last().content
            if broken:
                refused += outcome.startswith("Reload failed") and world.bot.index is before
            else:
                served += outcome.startswith("Reloaded:") and world.bot.index is not before
        channel, member, question = rng.choice(channels), rng.choice(members), rng.choice(QUESTIONS)
        asked = await member.send(channel, question)
        reply = channel.last_message  # the reply, or the question itself when it was lost
        if reply is None or reply.reference is None or reply.reference.message_id != asked.id:
            lost.append(f"{number}: {question} in #{channel.name}")
        elif not reply.embeds:
            lost.append(f"{number}: {question} in #{channel.name} (no embed)")

    assert lost == []
    reloads = MESSAGES // RELOAD_EVERY
    assert (refused, served) == ((reloads + 1) // 2, reloads // 2)
    for error in world.env.errors:  # `!when` alone: its usage, recorded as an input error
        assert isinstance(error, commands.MissingRequiredArgument), repr(error)
