"""Several results page with buttons only the asker can press; ambiguous names offer a pick."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import simcord
from simworld import World, bot_settings, controls, field

from bot.discord_app import create_bot
from bot.discord_app.embeds import LIST_LINES_PER_PAGE
from bot.discord_app.views import VIEW_TIMEOUT

PROLONGED = "“A prolonged Ukraine crisis serves no one’s interests”"


async def test_next_and_previous_turn_the_pages(world: World):
    """Next shows Mao Ning's second quote (no note: the words' date is not in doubt); Previous
    goes back to the first."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()
    assert controls(reply) == {"Previous": True, "Next": False, "Close": False}

    await world.alice.click(reply, label="Next")
    page = world.again(reply).embeds[0]
    assert page.description.startswith(f"{PROLONGED}\n\n⚠ NewsX retells CNN's report")
    assert field(page, "Date") == "2025-07-04"
    assert [f.name for f in page.fields] == ["Speaker", "Context", "Date", "As quoted by"]
    assert page.footer.text == "page 2/2"
    assert controls(world.again(reply)) == {"Previous": False, "Next": True, "Close": False}

    await world.alice.click(reply, label="Previous")
    first = world.again(reply).embeds[0]
    assert first.description.startswith("“China is not a party to the Ukraine issue.")
    assert first.footer.text == "page 1/2"


async def test_slash_answers_page_too(world: World):
    """A slash command's response pages with the same buttons."""
    result = await world.alice.slash(world.channel, "when", phrase="no limits")

    await world.alice.click(result.response, label="Next")
    page = world.again(result.response).embeds[0]
    assert page.description.startswith("“Friendship between the two States has no limitations”")
    assert page.footer.text == "page 2/2"


async def test_only_the_person_who_asked_can_page(world: World):
    """Bob's click is refused with a note only he sees; the page does not move."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()

    refused = await world.bob.click(reply, label="Next")

    assert refused.ephemeral
    assert refused.response.content == "Only the person who asked can page through this answer."
    first = world.again(reply).embeds[0]
    assert first.description.startswith("“China is not a party to the Ukraine issue.")
    assert first.footer.text == "page 1/2"


async def test_buttons_disable_themselves_after_the_timeout(world: World):
    """After the view's timeout every button is disabled and can no longer be clicked."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()

    await world.env.advance_time(VIEW_TIMEOUT + 1)

    assert controls(world.again(reply)) == {"Previous": True, "Next": True, "Close": True}
    with pytest.raises(simcord.SetupError, match="disabled"):
        await world.alice.click(reply, label="Next")


async def test_close_keeps_the_page_and_removes_the_buttons(world: World):
    """Close leaves the current page in the channel without buttons."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()

    await world.alice.click(reply, label="Close")

    closed = world.again(reply)
    assert closed.components == []
    assert closed.embeds[0].description.startswith("“China is not a party to the Ukraine issue.")
    assert closed.embeds[0].footer.text == "page 1/2"


async def test_an_ambiguous_name_offers_the_candidates_to_pick(world: World):
    """`!quote Foreign Minister` lists four ministers; picking Wang Yi shows his quotes, paged."""
    await world.alice.send(world.channel, "!quote Foreign Minister")
    reply = world.last()
    embed = reply.embeds[0]
    assert embed.title == "“Foreign Minister” could mean 4 people. Which one?"
    assert "**Wang Yi** — Chinese Foreign Minister · 6 quotes" in embed.description
    assert "**Sergey Lavrov** — Russian Foreign Minister · 0 quotes" in embed.description

    await world.alice.select(reply, [str(_option(reply, "Wang Yi"))])

    picked = world.again(reply)
    assert picked.embeds[0].title == "6 quotes from Wang Yi"
    assert field(picked.embeds[0], "Speaker").startswith("Wang Yi — ")
    assert picked.embeds[0].footer.text.endswith("page 1/6")
    assert controls(picked) == {"Previous": True, "Next": False, "Close": False}
    await world.alice.click(picked, label="Next")
    assert world.again(reply).embeds[0].footer.text.endswith("page 2/6")


async def test_a_name_only_one_quoted_person_has_gets_their_quotes(world: World):
    """`!quote Wang`: Wang Wenbin has no quotes, so Wang Yi's come at once, no menu."""
    await world.alice.send(world.channel, "!quote Wang")
    reply = world.last()
    assert reply.embeds[0].title == "6 quotes from Wang Yi"
    assert "could also mean Wang Wenbin" in reply.embeds[0].description
    assert "Next" in controls(reply)


def _option(message: discord.Message, label: str) -> int:
    """The value of the menu option with that label."""
    options = message.components[0].children[0].options
    return int(next(option.value for option in options if option.label == label))


async def test_only_the_person_who_asked_can_pick(world: World):
    """Bob cannot answer Alice's "which one?"; the candidates stay."""
    result = await world.alice.slash(world.channel, "who", name="Wang")

    refused = await world.bob.select(result.response, ["1"])

    assert refused.ephemeral and refused.response.content == "Only the person who asked can pick."
    assert world.again(result.response).embeds[0].title == "“Wang” could mean 2 people:"


async def test_picking_a_person_without_quotes_says_so(world: World):
    """Picking Sergey Lavrov (no quotes) replaces the menu with that answer and no controls."""
    await world.alice.send(world.channel, "!quote Foreign Minister")
    reply = world.last()

    await world.alice.select(reply, [str(_option(reply, "Sergey Lavrov"))])

    picked = world.again(reply)
    assert picked.embeds[0].title.startswith("The fact sheet has no quotes from Sergey Lavrov")
    assert picked.components == []


async def test_page_size_from_the_settings_puts_several_results_on_a_page(sheet_copy: Path):
    """With `page_size: 4`, Xi Jinping's quotes take pages of four, the last one the rest."""
    bot = create_bot(bot_settings(sheet_copy, page_size=4))
    async with simcord.run(bot) as env:
        channel = env.create_guild().create_text_channel("facts")
        member = env.guild.add_member(env.create_user("pat"))
        quotes = len(bot.index.quotes_by("xi-jinping"))
        pages = -(-quotes // 4)
        assert pages >= 2

        await member.send(channel, "!quote Xi Jinping")
        reply = channel.last_message
        first = reply.embeds[0]
        assert first.footer.text == f"page 1/{pages}"
        assert _quotes_on(first) == 4

        for _ in range(pages - 1):
            await member.click(reply, label="Next")
        last = channel.history()[-1].embeds[0]
        assert last.footer.text == f"page {pages}/{pages}"
        assert _quotes_on(last) == quotes - 4 * (pages - 1)


async def test_lists_page_ten_lines_at_a_time(world: World):
    """`!timeline` in Discord: one line per event, ten to a page, Next turns to the rest."""
    await world.alice.send(world.channel, "!timeline")
    reply = world.last()
    total = len(world.bot.index.sheet.events)
    pages = -(-total // LIST_LINES_PER_PAGE)
    assert reply.embeds[0].footer.text == f"page 1/{pages}"
    seen = reply.embeds[0].description.splitlines()
    for _ in range(pages - 1):
        await world.alice.click(reply, label="Next")
        seen += world.again(reply).embeds[0].description.splitlines()
    assert len(seen) == total
    assert seen[-1].startswith("2025, month unknown · ")  # year-only items close their year


def _quotes_on(page: discord.Embed) -> int:
    """How many quotes a page shows: each opens a line with its quoted words."""
    return sum(line.startswith("> “") for line in (page.description or "").splitlines())
