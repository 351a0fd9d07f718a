"""`create_bot` builds the bot offline; `factbot run`/`sync` refuse a broken sheet cleanly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import simcord
from discord.ext import commands
from simworld import bot_settings

from bot.discord_app import FactBot, ShardedFactBot, SheetError, create_bot
from bot.discord_app.app import run_bot, sync_commands


def break_sheet(path: Path) -> None:
    """Misquote Mao Ning in the sheet at `path`, so the check fails."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("China is not a party", "China is no party"), encoding="utf-8")


async def test_create_bot_needs_no_token_and_is_configured_from_settings(sheet_copy: Path):
    """The bot reads messages, mentions nobody, and treats the configured ids as owners."""
    bot = create_bot(bot_settings(sheet_copy, owner_ids=(42,)))

    assert isinstance(bot, commands.Bot) and not isinstance(bot, commands.AutoShardedBot)
    assert bot.intents.message_content
    mentions = bot.allowed_mentions
    assert mentions is not None and mentions.to_dict() == {"parse": []}
    assert await bot.is_owner(SimpleNamespace(id=42))  # type: ignore[arg-type]
    assert bot.index.sheet.path == sheet_copy


def test_create_bot_is_sharded_when_the_settings_say_so(sheet_copy: Path):
    """`shard_count` with `shard_ids` gives discord.py's AutoShardedBot on those shards."""
    bot = create_bot(bot_settings(sheet_copy, shard_count=4, shard_ids=(2, 3)))

    assert isinstance(bot, ShardedFactBot) and isinstance(bot, commands.AutoShardedBot)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])


async def test_a_sharded_bot_answers_in_a_guild_on_its_second_shard(sheet_copy: Path):
    """The AutoShardedBot serves commands like the plain bot does."""
    bot = create_bot(bot_settings(sheet_copy, shard_count=2))
    async with simcord.run(bot) as env:
        guild = env.create_guild(shard_id=1)
        channel = guild.create_text_channel("facts")
        member = guild.add_member(env.create_user("sam"))

        await member.send(channel, "!quote Mao Ning")

        shown = channel.last_message.embeds[0]
        assert shown.title == "2 quotes from Mao Ning" and shown.footer.text == "page 1/2"


def test_create_bot_refuses_a_broken_sheet(sheet_copy: Path):
    """A sheet with problems never starts a bot: `SheetError` lists the problems."""
    break_sheet(sheet_copy)

    with pytest.raises(SheetError) as raised:
        create_bot(bot_settings(sheet_copy))

    assert len(raised.value.problems) == 1
    assert str(raised.value).endswith("1 problem; the sheet was not loaded.")


def test_create_bot_takes_an_already_checked_sheet(sheet_copy: Path):
    """Given a sheet, `create_bot` serves it without reading `settings.sheet`."""
    sheet = create_bot(bot_settings(sheet_copy)).index.sheet

    bot = create_bot(bot_settings(sheet_copy.parent / "missing.yaml"), sheet=sheet)

    assert isinstance(bot, FactBot) and bot.index.sheet is sheet


@pytest.mark.parametrize("start", [run_bot, sync_commands])
@pytest.mark.usefixtures("root_logging")
def test_run_and_sync_print_the_problems_and_exit_1_on_a_broken_sheet(
    start, sheet_copy: Path, capsys
):
    """`factbot run`/`sync` with a broken sheet print its problems, exit 1, never connect."""
    break_sheet(sheet_copy)
    token = "not-a-real-token-0123456789"

    assert start(bot_settings(sheet_copy), token) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == "1 problem; the sheet was not loaded."
    assert err.startswith("factsheet.yaml:")
    assert token not in out + err
