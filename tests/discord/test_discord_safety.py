"""Behaving well in a shared channel: no pings, cooldowns, quiet on unknown commands, DMs, errors."""

from __future__ import annotations

import logging

import discord
import simcord
from discord.ext import commands
from simworld import COOLDOWN_RATE, COOLDOWN_SECONDS, World, embed_text

from bot.discord_app.errors import SORRY


def sent_json(world: World, path_end: str) -> list[dict]:
    """The JSON bodies the bot sent to API paths ending with `path_end`."""
    return [
        r.json for r in world.env.http_requests if r.method == "POST" and r.path.endswith(path_end)
    ]


async def test_everyone_in_a_query_pings_nobody(world: World):
    """`!quote @everyone Mao` searches for Mao alone (the mention is markup, not a word), and
    the reply allows no mention at all."""
    await world.alice.send(world.channel, "!quote @everyone Mao")

    reply = world.last()
    text = reply.content + "".join(embed_text(e) for e in reply.embeds)
    assert "@everyone" not in text
    assert reply.embeds[0].title == "2 quotes from Mao Ning"
    assert not reply.mention_everyone and reply.mentions == [] and reply.role_mentions == []
    assert sent_json(world, "/messages")[-1]["allowed_mentions"] == {
        "parse": [],
        "replied_user": False,
    }


async def test_everyone_in_a_slash_option_pings_nobody(world: World):
    """`/quote who:@everyone` is answered with mentions switched off as well."""
    result = await world.alice.slash(world.channel, "quote", who="@everyone @here")

    embed = result.response.embeds[0]
    assert "@everyone" not in embed_text(embed) and "@here" not in embed_text(embed)
    assert not result.response.message.mention_everyone
    assert sent_json(world, "/callback")[-1]["data"]["allowed_mentions"] == {"parse": []}


async def test_prefix_replies_do_not_ping_the_asker(world: World):
    """The reply references the question but does not mention its author."""
    asked = await world.alice.send(world.channel, "!summary")

    reply = world.reply_to(asked)
    assert reply.reference.message_id == asked.id
    assert reply.mentions == []


async def test_cooldown_gives_one_friendly_notice_then_expires(world: World):
    """Past the rate the user gets one notice (then silence); after the window, answers again."""
    for _ in range(COOLDOWN_RATE):
        await world.alice.send(world.channel, "!summary")
        assert world.last().embeds, "within the rate every question is answered"

    too_soon = await world.alice.send(world.channel, "!summary")
    notice = world.reply_to(too_soon)
    assert notice.content.startswith("You're asking quickly: please wait")
    assert notice.embeds == []
    again = await world.alice.send(world.channel, "!summary")
    assert [m for m in world.channel.history() if m.id > again.id] == []

    await world.bob.send(world.channel, "!summary")  # others are not held up
    assert world.last().embeds

    await world.env.advance_time(COOLDOWN_SECONDS + 1)
    await world.alice.send(world.channel, "!summary")
    assert world.last().embeds[0].title.startswith("China's stance")
    simcord.assert_error(world.env, commands.CommandOnCooldown)


async def test_slash_cooldown_notice_is_ephemeral(world: World):
    """Over the rate with slash commands, every notice is seen only by the user."""
    for _ in range(COOLDOWN_RATE):
        await world.alice.slash(world.channel, "sources")

    result = await world.alice.slash(world.channel, "sources")

    assert result.ephemeral
    assert result.response.content.startswith("You're asking quickly: please wait")
    simcord.assert_error(world.env, commands.CommandOnCooldown)


async def test_unknown_commands_are_ignored_quietly(world: World):
    """`!nope` and a lone `!` get no reply and raise nothing."""
    before = len(world.channel.history())

    await world.alice.send(world.channel, "!nope")
    await world.alice.send(world.channel, "!")

    assert len(world.channel.history()) == before + 2  # only the two messages sent
    assert world.env.errors == []


async def test_commands_work_in_direct_messages(world: World):
    """A prefix command and a slash command in a DM with the bot are answered there."""
    user = world.env.create_user("dora")
    asked = await user.send_dm("!quote Mao Ning")
    result = await user.slash("when", phrase="no limits")

    dm = user.dm_channel.history()
    reply = next(m for m in dm if m.id > asked.id)
    assert reply.embeds[0].title == "2 quotes from Mao Ning"
    assert result.response.embeds[0].title == "2 matches for “no limits”"


async def test_a_failing_command_apologises_and_logs_the_traceback(world: World, caplog):
    """When Discord refuses the reply, the user gets a polite note and the log a traceback."""
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=1)

    with caplog.at_level(logging.ERROR, logger="bot.discord_app"):
        asked = await world.alice.send(world.channel, "!summary")

    assert world.reply_to(asked).content == SORRY
    [record] = [r for r in caplog.records if r.name == "bot.discord_app.errors"]
    assert record.getMessage() == "command summary failed"
    assert record.exc_info and isinstance(record.exc_info[1], discord.HTTPException)
    simcord.assert_error(world.env, discord.HTTPException)
