"""Owner-only `!reload` and `!sync`: a clean sheet is swapped in, a broken one never is."""

from __future__ import annotations

from pathlib import Path

import pytest
import simcord
from discord.ext import commands
from simworld import World

from bot.discord_app.admin import problem_report
from bot.discord_app.errors import NOT_OWNER
from bot.discord_app.limits import MESSAGE_LIMIT
from bot.ranking import Ranker

PROLONGED_QUOTE = """  - id: mao-ning-prolonged-crisis
    speaker: mao-ning
"""
NOT_A_PARTY = "China is not a party to the Ukraine issue."


def sheet_of(world: World) -> Path:
    return world.bot.settings.sheet


def remove_quote_block(path: Path, opening: str) -> None:
    """Delete the YAML list item that starts with `opening`, up to the next blank line."""
    text = path.read_text(encoding="utf-8")
    start = text.index(opening)
    end = text.index("\n\n", start) + 2
    path.write_text(text[:start] + text[end:], encoding="utf-8")


async def test_reload_swaps_in_a_clean_sheet_and_reports_the_change(world: World):
    """With one quote removed from disk, `!reload` says quotes +0/-1 and serves the new sheet."""
    remove_quote_block(sheet_of(world), PROLONGED_QUOTE)

    await world.owner.send(world.channel, "!reload")
    assert world.last().content == "Reloaded: quotes +0/-1, events +0/-0, people +0/-0"

    await world.alice.send(world.channel, "!quote Mao Ning")
    answer = world.last().embeds[0]
    assert answer.title == "1 quote from Mao Ning"
    assert answer.description.startswith("“China is not a party to the Ukraine issue.")


async def test_reload_of_an_unchanged_sheet_restores_its_index(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    """`!reload` of the sheet the bot started with takes the index from the cache (nothing is
    built again), and the answers are the same."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    before = world.last().embeds[0].to_dict()
    built: list[Ranker] = []
    monkeypatch.setattr(Ranker, "__init__", lambda ranker, *args: built.append(ranker))

    await world.owner.send(world.channel, "!reload")
    assert world.last().content == "Reloaded: quotes +0/-0, events +0/-0, people +0/-0"
    assert built == []

    await world.alice.send(world.channel, "!quote Mao Ning")
    assert world.last().embeds[0].to_dict() == before


async def test_reload_of_a_broken_sheet_posts_the_problems_and_keeps_serving(world: World):
    """A misquote on disk: `!reload` posts the check's problem line; answers stay the old ones."""
    path = sheet_of(world)
    path.write_text(
        path.read_text(encoding="utf-8").replace(NOT_A_PARTY, "China is a party to it."),
        encoding="utf-8",
    )

    await world.owner.send(world.channel, "!reload")
    report = world.last().content
    assert report.startswith("Reload failed: 1 problem. Still serving the sheet loaded before.")
    assert "factsheet.yaml:" in report and "quotes[" in report
    assert str(path.parent) not in report  # the host's directories stay private

    await world.alice.send(world.channel, "!quote Mao Ning")
    assert NOT_A_PARTY in world.last().embeds[0].description


async def test_only_owners_may_reload_or_sync(world: World):
    """A member's `!reload` and `!sync` are politely refused and change nothing."""
    await world.alice.send(world.channel, "!reload")
    assert world.last().content == NOT_OWNER
    await world.alice.send(world.channel, "!sync")
    assert world.last().content == NOT_OWNER
    simcord.assert_error(world.env, commands.NotOwner)


async def test_sync_publishes_the_slash_commands(world: World):
    """The owner's `!sync` publishes the seven question commands, and only those."""
    await world.owner.send(world.channel, "!sync")

    assert world.last().content.startswith("Published 7 slash commands.")
    published = set(world.alice.available_commands(world.channel))
    assert published == {"quote", "when", "summary", "sources", "who", "timeline", "help"}


async def test_no_slash_commands_are_published_at_start(simcord_env: simcord.Env):
    """Starting the bot publishes nothing: slash commands appear only after a sync."""
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("facts")
    member = guild.add_member(simcord_env.create_user("ann"))

    assert member.available_commands(channel) == ()
    assert not [r for r in simcord_env.http_requests if r.path.endswith("/commands")]


def test_a_long_problem_list_is_cut_to_one_message():
    """Hundreds of problem lines become one message under 2000 characters ending "+N more"."""
    problems = tuple(f"factsheet.yaml:{n}:5: quotes[{n}].text: {'x' * 80}" for n in range(300))

    report = problem_report(problems)

    assert len(report) <= MESSAGE_LIMIT
    shown = report.count("quotes[")
    assert 0 < shown < 300
    assert report.endswith(f"```\n+{300 - shown} more")
